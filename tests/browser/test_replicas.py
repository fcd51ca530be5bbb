"""Two replicas of the app behind the shipped nginx config (.deploy/nginx.conf).

Every request goes through nginx. Its access log says which replica answered each request for
which affinity key, so stickiness is read from the log, not assumed. The keys that land on
each replica are found first with plain requests, so both replicas serve readers every run.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from components.core.filtering import filter_segments
from support.atlases import atlas
from support.browser import FIRST_LOAD_MS, STEP_MS, Outside, features, origin_of
from support.server import ServerError, free_port, streamlit_server, wait_until
from support.tools import tool_missing

ROOT = Path(__file__).parents[2]
SHIPPED_CONFIG = ROOT / ".deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ARTIFACTS = ROOT / "test-artifacts"
COOKIE = "atlas_replica"
KEY_SHAPE = re.compile(r"[0-9a-f]{32}")
NGINX_START_SECONDS = 10
LOG_WAIT_SECONDS = 10
HTTP_TIMEOUT_SECONDS = 10

SESSION_FILES = (
    "/_stcore/stream",
    "/component/streamlit_folium.st_folium/",
    "/component/components.ui.served_files.leaflet_assets/",
)
"""Paths only the replica that ran the reader's session can answer: its websocket, the map's
iframe and Leaflet."""

ST_FOLIUM_PAGE = "/component/streamlit_folium.st_folium/index.html"
LEAFLET_JS = "/component/components.ui.served_files.leaflet_assets/leaflet.js"

LOG_LINE = re.compile(
    r'status=(?P<status>\d+) upstream="(?P<upstream>[^"]*)" upstream_status="[^"]*" '
    r'affinity=(?P<affinity>\S+) cookie="(?P<cookie>[^"]*)" time=\S+ '
    r'"(?P<method>\S+) (?P<path>\S+)'
)


@dataclass(frozen=True)
class Hit:
    """One line of nginx's access log (the shipped ``atlas`` log format)."""

    status: int
    upstream: str
    affinity: str
    cookie: str
    path: str


# The shipped config, with this test's ports ------------------------------------------------------


def configure(port: int, replicas: Sequence[str], *, sticky: bool = True) -> str:
    """The shipped config, listening on ``port`` of 127.0.0.1, in front of ``replicas``.

    Each substitution point must appear exactly once outside comments, so that an edit of the
    shipped file that moves one fails here instead of leaving the test on the old value.
    Without ``sticky`` the upstream's ``hash`` line is removed: plain round robin.
    """
    text = SHIPPED_CONFIG.read_text()
    text = replace_once(text, "worker_processes auto;", "worker_processes 1;")
    text = replace_once(text, "listen 8080;", f"listen 127.0.0.1:{port};")
    text = replace_once(text, "server 127.0.0.1:8501 ", f"server {replicas[0]} ")
    text = replace_once(text, "server 127.0.0.1:8502 ", f"server {replicas[1]} ")
    if not sticky:
        text = replace_once(text, "hash $atlas_affinity consistent;", "")
    return text


def replace_once(text: str, old: str, new: str) -> str:
    lines = text.splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if old in line and not line.lstrip().startswith("#")]
    assert len(found) == 1, f"{old!r} appears {len(found)} times in {SHIPPED_CONFIG} (not once)"
    lines[found[0]] = lines[found[0]].replace(old, new)
    return "".join(lines)


# nginx -------------------------------------------------------------------------------------------


class Nginx:
    """An nginx of this test, under its own prefix: its URL, its logs and plain requests."""

    def __init__(self, prefix: Path, port: int) -> None:
        self.prefix = prefix
        self.url = f"http://127.0.0.1:{port}"
        self.access_log = prefix / "logs" / "access.log"
        self.error_log = prefix / "logs" / "error.log"
        self.output = prefix / "logs" / "output.log"
        self._probes = 0

    def hits(self) -> list[Hit]:
        """Every request logged so far, in the order nginx finished them."""
        if not self.access_log.exists():
            return []
        lines = self.access_log.read_text().splitlines()
        return [_hit(match) for line in lines if (match := LOG_LINE.search(line))]

    def wait_for(self, what: str, found: Callable[[list[Hit]], bool]) -> list[Hit]:
        """Return the log once ``found(hits)``: nginx logs a request after it answered it."""
        deadline = time.monotonic() + LOG_WAIT_SECONDS
        while True:
            hits = self.hits()
            if found(hits):
                return hits
            if time.monotonic() > deadline:
                raise AssertionError(f"nginx never logged {what}")
            time.sleep(0.05)

    def get(self, path: str, cookie: str | None = None) -> tuple[int, list[str], Hit]:
        """GET ``path`` with an optional affinity cookie: status, nginx's Set-Cookie headers
        (Streamlit sets a cookie of its own), log line.

        A marker in the query string finds the request's own line in the log.
        """
        self._probes += 1
        marked = f"{path}{'&' if '?' in path else '?'}probe={self._probes}"
        request = urllib.request.Request(self.url + marked)
        if cookie is not None:
            request.add_header("Cookie", f"{COOKIE}={cookie}")
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
                status, headers = response.status, response.headers
                response.read()
        except urllib.error.HTTPError as error:
            status, headers = error.code, error.headers
        hits = self.wait_for(marked, lambda hits: any(hit.path == marked for hit in hits))
        hit = next(hit for hit in hits if hit.path == marked)
        ours = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith(f"{COOKIE}=")]
        return status, ours, hit

    def logs(self) -> str:
        parts = []
        for path in (self.error_log, self.output, self.access_log):
            text = path.read_text() if path.exists() else "(none)"
            if path == self.access_log:
                text = "\n".join(text.splitlines()[-120:])
            parts.append(f"--- {path.name} ({self.prefix}) ---\n{text}")
        return "\n".join(parts)


def _hit(match: re.Match) -> Hit:
    return Hit(
        status=int(match["status"]),
        upstream=match["upstream"],
        affinity=match["affinity"],
        cookie=match["cookie"],
        path=match["path"],
    )


@contextmanager
def nginx_server(binary: str, prefix: Path, config: str, port: int) -> Iterator[Nginx]:
    """Run nginx in the foreground with ``config`` under ``prefix``; stop it afterwards."""
    server = Nginx(prefix, port)
    (prefix / "logs").mkdir(parents=True)
    (prefix / "temp").mkdir()
    config_path = prefix / "nginx.conf"
    config_path.write_text(config)
    command = [binary, "-p", f"{prefix}/", "-e", str(server.error_log), "-c", str(config_path)]
    with server.output.open("w") as output:
        checked = subprocess.run(
            [*command, "-t"], stdout=output, stderr=subprocess.STDOUT, timeout=30, check=False
        )
        if checked.returncode != 0:
            raise ServerError(f"nginx -t failed:\n{server.logs()}")
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_listening(port, process, server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_listening(port: int, process: subprocess.Popen, server: Nginx) -> None:
    """Wait until *our* nginx listens: it writes its pid file (the shipped ``pid`` path) only
    after binding its port, so a stranger on a reused port is not mistaken for it."""
    pid_file = server.prefix / "logs" / "nginx.pid"

    def listening() -> bool:
        written = pid_file.read_text().strip() if pid_file.exists() else ""
        if written != str(process.pid):
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    wait_until(listening, process, NGINX_START_SECONDS, "nginx", server.logs, poll=0.05)


@contextmanager
def logs_on_failure(*servers: Nginx, name: str) -> Iterator[None]:
    """Attach the logs of ``servers`` to any failure, and keep them in test-artifacts/."""
    try:
        yield
    except BaseException as error:
        logs = "\n".join(server.logs() for server in servers)
        error.add_note(logs)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"replicas-{name}-nginx.log").write_text(logs)
        raise


# Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    if Path(NGINX).exists():
        return NGINX
    tool_missing("nginx not found: install it with `apt-get install nginx` (Debian/Ubuntu)")


def start_replicas(stack: ExitStack, folder: Path, count: int) -> list[str]:
    """Start ``count`` replicas of the app; return their ``host:port`` addresses."""
    addresses = []
    for number in range(count):
        try:
            url, _ = stack.enter_context(streamlit_server(folder / f"replica-{number}.log"))
        except ServerError as error:
            pytest.fail(str(error))
        addresses.append(urlparse(url).netloc)
    return addresses


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Iterator[list[str]]:
    """Two replicas of the app on the real data, ``host:port`` each."""
    with ExitStack() as stack:
        yield start_replicas(stack, tmp_path_factory.mktemp("replicas"), 2)


@pytest.fixture(scope="module")
def balancer(nginx_binary, replicas, tmp_path_factory) -> Iterator[Nginx]:
    """The shipped nginx config in front of the two replicas."""
    port = free_port()
    prefix = tmp_path_factory.mktemp("nginx")
    try:
        with nginx_server(nginx_binary, prefix, configure(port, replicas), port) as server:
            yield server
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def pinned(balancer, replicas) -> dict[str, str]:
    """An affinity key for each replica, found with plain requests to ``/_stcore/health``.

    Candidate keys are tried in a fixed order; which replica a key lands on depends only on the
    key and the replicas' addresses, so this is deterministic for a given pair of ports.
    """
    keys: dict[str, str] = {}
    with logs_on_failure(balancer, name="pinned"):
        for number in range(64):
            key = f"{number:032x}"
            status, set_cookies, hit = balancer.get("/_stcore/health", cookie=key)
            assert status == 200 and set_cookies == [] and hit.affinity == key
            keys.setdefault(hit.upstream, key)
            if len(keys) == len(replicas):
                break
        assert sorted(keys) == sorted(replicas), f"keys found only for {sorted(keys)}"
    return keys


# A reader: one browser context that may talk to nginx only ---------------------------------------


class Reader:
    """One browser context that may talk to nginx only; what went wrong in it is recorded."""

    def __init__(self, page) -> None:
        self.page = page
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.open_requests: set = set()

    def settle(self) -> None:
        """Wait until no request is open, then check that nothing went wrong.

        Closing a context with a request still open would leave nginx an aborted request (499)
        in the log, possibly after the next reader started.
        """
        deadline = time.monotonic() + STEP_MS / 1000
        while self.open_requests:
            if time.monotonic() > deadline:
                raise AssertionError(f"requests still open: {[r.url for r in self.open_requests]}")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the requests' events
        assert self.elsewhere == [], "requests that did not go to nginx"
        assert self.errors == []


@contextmanager
def reader(browser, origin: str, key: str | None, name: str) -> Iterator[Reader]:
    """A fresh browser context whose every request must go to ``origin`` (nginx).

    Any other destination, a replica's own port included, is aborted and recorded. With
    ``key``, the context starts with that affinity cookie; without, nginx hands one out. A
    screenshot is kept in test-artifacts/ when the block fails.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        if key is not None:
            context.add_cookies([{"name": COOKIE, "value": key, "url": origin}])
        seen = Reader(context.new_page())
        guard = Outside(origin_of(origin))
        seen.elsewhere = guard.urls

        def websocket(ws) -> None:
            if not ws.url.startswith(f"ws{origin.removeprefix('http')}/"):
                seen.elsewhere.append(ws.url)  # route() does not see websockets

        def response(answer) -> None:
            if answer.status >= 400:
                seen.errors.append(f"{answer.status} {answer.url}")

        context.route("**/*", guard.route)
        context.on("request", lambda request: seen.open_requests.add(request))
        context.on("requestfinished", lambda request: seen.open_requests.discard(request))
        context.on("requestfailed", lambda request: seen.open_requests.discard(request))
        context.on("response", response)
        seen.page.on("websocket", websocket)
        seen.page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
        seen.page.on("pageerror", lambda error: seen.errors.append(str(error)))
        try:
            yield seen
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            with suppress(Exception):  # a crashed page must not hide the failure
                path = ARTIFACTS / f"replicas-{name}.png"
                seen.page.screenshot(path=str(path), full_page=True, timeout=5_000)
            raise
    finally:
        context.close()


def cookie_of(page) -> str:
    cookies = page.context.cookies()
    values = [cookie["value"] for cookie in cookies if cookie["name"] == COOKIE]
    assert len(values) == 1, f"nginx set no single {COOKIE} cookie: {cookies}"
    return values[0]


def session_hits(balancer: Nginx, since: int, key: str) -> list[Hit]:
    """The requests logged since ``since`` with affinity ``key``, once its websocket closed.

    nginx logs a websocket when it closes, which closing the browser context does.
    """

    def closed(hits: list[Hit]) -> bool:
        return any(h.path.endswith("/_stcore/stream") and h.affinity == key for h in hits[since:])

    hits = balancer.wait_for(f"the websocket of {key}", closed)
    return [hit for hit in hits[since:] if hit.affinity == key]


def assert_one_replica(hits: list[Hit]) -> str:
    """All of a reader's requests went to one replica, which ran its session; return it."""
    upstreams = {hit.upstream for hit in hits}
    assert len(upstreams) == 1, f"one reader, several replicas: {sorted(upstreams)}"
    for prefix in SESSION_FILES:
        assert any(hit.path.startswith(prefix) for hit in hits), f"no request for {prefix}"
    bad = [hit for hit in hits if hit.status >= 400]
    assert bad == []
    return upstreams.pop()


def shown_count(countries=()) -> int:
    return len(filter_segments(atlas().segments, countries=countries))


# Tests -------------------------------------------------------------------------------------------


def test_the_shipped_config_passes_nginx_t_as_shipped(nginx_binary, tmp_path):
    for folder in ("logs", "temp"):
        (tmp_path / folder).mkdir()
    error_log = tmp_path / "logs" / "error.log"
    checked = subprocess.run(
        [nginx_binary, "-t", "-p", f"{tmp_path}/", "-e", str(error_log), "-c", str(SHIPPED_CONFIG)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr + error_log.read_text()


def test_the_cookie_is_handed_out_once_and_never_echoed(balancer):
    with logs_on_failure(balancer, name="cookie"):
        status, set_cookies, first = balancer.get("/_stcore/health")
        assert status == 200 and len(set_cookies) == 1
        value, *attributes = [part.strip() for part in set_cookies[0].split(";")]
        name, key = value.split("=")
        assert name == COOKIE and KEY_SHAPE.fullmatch(key)
        assert sorted(attributes) == ["HttpOnly", "Path=/", "SameSite=Lax"]
        assert first.cookie == "-"

        status, set_cookies, again = balancer.get("/_stcore/health", cookie=key)
        assert (status, set_cookies, again.affinity) == (200, [], key)

        for forged in ("<script>", "0" * 31 + "G", "0" * 33, "A" * 32, '"; Domain=x'):
            status, set_cookies, hit = balancer.get("/_stcore/health", cookie=forged)
            assert status == 200 and len(set_cookies) == 1
            new_key = set_cookies[0].split(";")[0].removeprefix(f"{COOKIE}=")
            assert KEY_SHAPE.fullmatch(new_key), set_cookies
            assert hit.affinity != forged


def test_a_websocket_from_a_named_host_and_port_is_accepted(balancer, pinned):
    """Streamlit accepts a websocket whose Origin matches its Host header, port included (or a
    loopback origin, which is why the browser tests on 127.0.0.1 cannot show this)."""
    port = urlparse(balancer.url).port
    replica = min(pinned)
    marked = "/_stcore/stream?probe=named-host"
    handshake = (
        f"GET {marked} HTTP/1.1\r\n"
        f"Host: atlas.example:{port}\r\n"
        f"Origin: http://atlas.example:{port}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
        f"Cookie: {COOKIE}={pinned[replica]}\r\n\r\n"
    )
    with logs_on_failure(balancer, name="websocket"):
        with socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT_SECONDS) as sock:
            sock.sendall(handshake.encode())
            status_line = sock.makefile("rb").readline().decode().strip()
        assert status_line.startswith("HTTP/1.1 101 "), status_line
        hits = balancer.wait_for(marked, lambda hits: any(hit.path == marked for hit in hits))
        assert [hit.upstream for hit in hits if hit.path == marked] == [replica]


def test_each_reader_stays_on_one_replica_and_both_replicas_serve(browser, balancer, pinned):
    served: dict[str, str] = {}
    with logs_on_failure(balancer, name="stickiness"):
        for replica, key in sorted(pinned.items()):
            since = len(balancer.hits())
            with reader(browser, balancer.url, key, name="pinned") as seen:
                seen.page.goto(f"{balancer.url}/")
                expect(features(seen.page)).to_have_count(shown_count(), timeout=FIRST_LOAD_MS)
                seen.settle()
            hits = session_hits(balancer, since, key)
            assert [hit for hit in balancer.hits()[since:] if hit.affinity != key] == []
            served[key] = assert_one_replica(hits)
            assert served[key] == replica
        assert sorted(served.values()) == sorted(pinned)  # both replicas served a reader

        # A browser nginx has not seen: the page shell comes without a cookie, the rest with it.
        since = len(balancer.hits())
        with reader(browser, balancer.url, None, name="new") as seen:
            seen.page.goto(f"{balancer.url}/")
            expect(features(seen.page)).to_have_count(shown_count(), timeout=FIRST_LOAD_MS)
            seen.settle()
            key = cookie_of(seen.page)
        assert KEY_SHAPE.fullmatch(key)
        hits = session_hits(balancer, since, key)
        before_cookie = [hit for hit in balancer.hits()[since:] if hit.cookie != key]
        assert [(hit.path, hit.cookie) for hit in before_cookie] == [("/", "-")]
        assert assert_one_replica(hits) in pinned


def test_filters_and_a_shared_link_work_on_either_replica(browser, balancer, pinned):
    first, second = (pinned[replica] for replica in sorted(pinned))
    georgia = shown_count(countries=["GE"])
    assert 0 < georgia < shown_count()
    with logs_on_failure(balancer, name="shared-link"):
        since = len(balancer.hits())
        with reader(browser, balancer.url, first, name="filter") as seen:
            page = seen.page
            page.goto(f"{balancer.url}/")
            paths = features(page)
            expect(paths).to_have_count(shown_count(), timeout=FIRST_LOAD_MS)
            page.get_by_role("button", name="Filters").click()
            page.get_by_test_id("stMultiSelect").filter(has_text="Countries").click()
            page.keyboard.type("Georgia")
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
            expect(page.get_by_role("button", name="Remove Georgia")).to_be_visible(timeout=STEP_MS)
            expect(paths).to_have_count(georgia, timeout=STEP_MS)
            expect(page).to_have_url(re.compile(r"[?&]country=GE(&|$)"))
            link = page.get_by_role("link", name="Link to this view")
            expect(link).to_have_attribute("href", re.compile(r"[?&]country=GE(&|$)"))
            shared = link.get_attribute("href")
            seen.settle()
        assert_one_replica(session_hits(balancer, since, first))
        assert shared is not None
        origin = urlparse(balancer.url)
        assert urlparse(shared)[:2] == (origin.scheme, origin.netloc), "the link must name nginx"

        # Another reader, on the other replica, opens the link: the same view.
        since = len(balancer.hits())
        with reader(browser, balancer.url, second, name="shared-link") as seen:
            seen.page.goto(shared)
            expect(features(seen.page)).to_have_count(georgia, timeout=FIRST_LOAD_MS)
            filters = seen.page.get_by_role("button", name=re.compile(r"Filters \(1\)"))
            expect(filters).to_be_visible()
            expect(seen.page).to_have_url(re.compile(r"[?&]country=GE(&|$)"))
            seen.settle()
        assert_one_replica(session_hits(balancer, since, second))


def test_without_affinity_a_replica_answers_404_for_the_map(
    browser, nginx_binary, balancer, pinned, replicas, tmp_path
):
    """The negative control: round robin over a replica that ran the app and a fresh one.

    Made deterministic with plain requests: with one worker, round robin alternates between
    the two, so of two consecutive requests for the map's iframe (or Leaflet) one reaches the
    fresh replica, which has not run the app and answers 404. A browser through round robin
    fails only when its requests happen to alternate the wrong way, so it is not used here.
    """
    warm = replicas[0]
    with logs_on_failure(balancer, name="round-robin-warm"):
        since = len(balancer.hits())
        with reader(browser, balancer.url, pinned[warm], name="warm") as seen:
            seen.page.goto(f"{balancer.url}/")  # makes sure the warm replica has run the app
            expect(features(seen.page)).to_have_count(shown_count(), timeout=FIRST_LOAD_MS)
            seen.settle()
        assert assert_one_replica(session_hits(balancer, since, pinned[warm])) == warm
        for _ in range(2):  # through the sticky config, the reader's replica answers every time
            status, _, hit = balancer.get(ST_FOLIUM_PAGE, cookie=pinned[warm])
            assert (status, hit.upstream) == (200, warm)

    with ExitStack() as stack:
        (fresh,) = start_replicas(stack, tmp_path, 1)
        port = free_port()
        config = configure(port, [warm, fresh], sticky=False)
        try:
            plain = stack.enter_context(nginx_server(nginx_binary, tmp_path / "rr", config, port))
        except ServerError as error:
            pytest.fail(str(error))
        with logs_on_failure(plain, name="round-robin"):
            for path in (ST_FOLIUM_PAGE, LEAFLET_JS):
                answers = {}
                for _ in range(2):
                    status, _, hit = plain.get(path, cookie=pinned[warm])
                    answers[hit.upstream] = status
                assert answers == {warm: 200, fresh: 404}, path


def test_a_replica_probed_once_serves_the_map_files_before_its_first_reader(balancer, tmp_path):
    """The warm-up a readiness probe gives: the script health check runs the app once."""
    env = {"STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED": "true"}
    with streamlit_server(tmp_path / "probed.log", env) as (url, _):
        assert _status(url + LEAFLET_JS) == 404  # fresh: no session has run the app yet
        assert _status(url + "/_stcore/script-health-check") == 200
        for path in (ST_FOLIUM_PAGE, LEAFLET_JS):
            assert _status(url + path) == 200, path
    # Through nginx, readers cannot make the replicas run the app at will.
    status, _, _ = balancer.get("/_stcore/script-health-check")
    assert status == 404


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_SECONDS * 6) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
