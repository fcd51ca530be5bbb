"""The dashboard in a real browser, with no network beyond this machine."""

from playwright.sync_api import expect

from support.atlases import atlas
from support.browser import FEATURES, FIRST_LOAD_MS, MAP_FRAME


def test_map_draws_every_segment_without_leaving_the_machine(page, app_url):
    page.goto(app_url)
    paths = page.frame_locator(MAP_FRAME).locator(FEATURES)
    expect(paths).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    # The country outlines are fetched from the app and drawn as non-interactive paths.
    outlines = page.frame_locator(MAP_FRAME).locator("path:not(.leaflet-interactive)")
    expect(outlines.nth(len(atlas().countries) // 2)).to_be_attached()
    assert page.outside.urls == []
    assert page.console_errors == []


def test_the_route_switch_lists_the_three_routes_and_the_map_no_second_one(page, app_url):
    page.goto(app_url)
    switch = page.get_by_test_id("stButtonGroup")
    for route in atlas().routes.values():
        expect(switch).to_contain_text(route.name, timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(FEATURES).first).to_be_attached()
    expect(frame.locator(".leaflet-control-layers")).to_have_count(0)
