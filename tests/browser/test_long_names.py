"""Long names never cover the map: every drawn segment stays under the pointer."""

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support.browser import FEATURES, FIRST_LOAD_MS, MAP_FRAME, POINT_ON_PATH

TINY_DIR = Path(__file__).parents[1] / "fixtures" / "tiny"
LONG = 290  # just under the validated limit for names (components.core.characters)
UNDER_POINT_ON_PATH = f"""path => {{
    const point = ({POINT_ON_PATH})(path);
    const hit = path.ownerDocument.elementFromPoint(point.x, point.y);
    return hit ? hit.getAttribute("class") || hit.tagName : null;
}}"""


@pytest.fixture(scope="module")
def long_names_url(tmp_path_factory):
    from conftest import serve

    data = tmp_path_factory.mktemp("long-names") / "data"
    shutil.copytree(TINY_DIR, data)
    routes_file = data / "routes.json"
    routes = json.loads(routes_file.read_text(encoding="utf-8"))
    for route in routes:
        route["name"] = (route["name"] + " ") * (LONG // (len(route["name"]) + 1))
    routes_file.write_text(json.dumps(routes), encoding="utf-8")
    yield from serve(tmp_path_factory, {"CORRIDOR_DATA": str(data)})


def test_with_long_route_names_the_legend_stays_small_and_every_segment_can_be_hovered(
    page, long_names_url
):
    page.goto(long_names_url)
    frame = page.frame_locator(MAP_FRAME)
    drawn = frame.locator(FEATURES)
    expect(drawn).to_have_count(4, timeout=FIRST_LOAD_MS)
    page.wait_for_timeout(500)  # the view is fitted once the frame has its size
    map_box = page.locator(MAP_FRAME).bounding_box()
    legend = frame.locator(".corridor-legend").bounding_box()
    assert legend["width"] <= 0.4 * map_box["width"] + 1
    assert legend["height"] <= 0.4 * map_box["height"] + 1
    for index in range(drawn.count()):
        under = drawn.nth(index).evaluate(UNDER_POINT_ON_PATH)
        assert under and "corridor" in under, under  # a route's own line, not an overlay
    # The route switch shows the names shortened; the map above keeps its place.
    switch = page.get_by_test_id("stButtonGroup")
    expect(switch).to_contain_text("…")
    assert switch.bounding_box()["height"] < 0.5 * map_box["height"]
