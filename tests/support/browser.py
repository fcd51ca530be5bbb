"""Browser helpers shared by the browser tests and the benchmark: offline Chromium, the map."""

from __future__ import annotations

from urllib.parse import urlparse

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
FIRST_LOAD_MS = 30_000
"""How long a page's first load may take: the server's first run imports geopandas and folium."""
STEP_MS = 15_000
"""How long one step after that may take (a click, a filter, the map redrawn)."""
LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
FEATURES = "path.corridor-hit"
LINES = "path.corridor-line"
NODES = "path.corridor-node"

# A point half-way along an SVG path, in the coordinates of the frame's viewport.
POINT_ON_PATH = """path => {
    const svg = path.ownerSVGElement;
    const along = path.getPointAtLength(path.getTotalLength() / 2);
    const point = svg.createSVGPoint();
    point.x = along.x;
    point.y = along.y;
    const screen = point.matrixTransform(path.getScreenCTM());
    return {x: screen.x, y: screen.y};
}"""
LONGEST_PATH = """paths => {
    let best = 0;
    paths.forEach((path, i) => {
        if (path.getTotalLength() > paths[best].getTotalLength()) best = i;
    });
    return best;
}"""


class Outside:
    """Requests the page tried to send beyond the app's own origin (all of them were aborted).

    The app's origin is the first loopback origin the page asks for (its first navigation),
    unless given; every other origin is outside, another port on this machine included: a
    payload fetching from a neighbouring local server must not go unnoticed.
    """

    def __init__(self, origin: str | None = None) -> None:
        self.origin = origin
        self.urls: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")):
            route.continue_()
            return
        if self.origin is None and (urlparse(url).hostname or "") in LOOPBACK:
            self.origin = origin_of(url)
        if origin_of(url) == self.origin:
            route.continue_()
        else:
            self.urls.append(url)
            route.abort()


def origin_of(url: str) -> str:
    """Scheme, host and port of ``url``: what the browser's same-origin rule compares."""
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def features(page):
    """The map's interactive paths (one per segment drawn)."""
    return page.frame_locator(MAP_FRAME).locator(FEATURES)


def nodes(page):
    """The map's facility markers."""
    return page.frame_locator(MAP_FRAME).locator(NODES)


def point_on_page(page, path) -> tuple[float, float]:
    """A point on ``path``'s stroke in page coordinates (frame point + the iframe's origin).

    Playwright aims at the centre of a bounding box, which for a line is usually off the stroke.
    """
    frame = page.locator(MAP_FRAME)
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    assert box is not None
    inside = path.evaluate(POINT_ON_PATH)
    return box["x"] + inside["x"], box["y"] + inside["y"]


def settled_point(page, path) -> tuple[float, float]:
    """The point on ``path`` once two readings agree (Leaflet may still be fitting the view)."""
    previous = point_on_page(page, path)
    for _ in range(20):
        page.wait_for_timeout(150)
        current = point_on_page(page, path)
        if abs(current[0] - previous[0]) < 0.5 and abs(current[1] - previous[1]) < 0.5:
            return current
        previous = current
    return previous
