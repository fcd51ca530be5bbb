"""The browser tests' request guard: only the app's own origin goes through."""

from support.browser import Outside


class FakeRoute:
    def __init__(self, url: str) -> None:
        self.request = type("Request", (), {"url": url})()
        self.outcome = ""

    def continue_(self) -> None:
        self.outcome = "sent"

    def abort(self) -> None:
        self.outcome = "aborted"


def send(guard: Outside, url: str) -> str:
    route = FakeRoute(url)
    guard.route(route)
    return route.outcome


def test_the_first_loopback_origin_is_the_app_and_every_other_origin_is_outside():
    guard = Outside()
    assert send(guard, "http://127.0.0.1:8501/?country=GE") == "sent"
    assert send(guard, "http://127.0.0.1:8501/component/x/leaflet.js") == "sent"
    assert send(guard, "data:image/png;base64,AAAA") == "sent"
    assert send(guard, "http://127.0.0.1:9999/steal") == "aborted"  # another local port
    assert send(guard, "http://localhost:8501/") == "aborted"  # another name is another origin
    assert send(guard, "https://tiles.example/1/2/3.png") == "aborted"
    assert guard.urls == [
        "http://127.0.0.1:9999/steal",
        "http://localhost:8501/",
        "https://tiles.example/1/2/3.png",
    ]


def test_nothing_off_the_machine_becomes_the_app_origin():
    guard = Outside()
    assert send(guard, "https://example.org/") == "aborted"
    assert guard.origin is None
    assert send(guard, "http://127.0.0.1:8501/") == "sent"
