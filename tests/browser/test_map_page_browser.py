"""The map page in a real browser: what is drawn, hovering, clicking, filters and shared links."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.core.filtering import filter_segments
from components.core.nodes import nodes_on
from support.atlases import atlas
from support.browser import (
    FIRST_LOAD_MS,
    LINES,
    LONGEST_PATH,
    MAP_FRAME,
    STEP_MS,
    features,
    nodes,
    settled_point,
)


def shown_count(countries=(), routes=(), modes=()) -> int:
    return len(filter_segments(atlas().segments, countries=countries, routes=routes, modes=modes))


def segment_name(segment_id: str) -> str:
    return atlas().segments.loc[segment_id, "name"]


def assert_stayed_local(page) -> None:
    assert page.outside.urls == []
    assert page.console_errors == []


def multiselect(page, label: str):
    return page.get_by_test_id("stMultiSelect").filter(has_text=label)


def test_map_draws_one_path_per_segment_by_default(page, app_url):
    page.goto(app_url)
    expect(features(page)).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    expect(page.get_by_text("Click a line on the map")).to_be_visible()
    assert_stayed_local(page)


def test_map_draws_only_the_filtered_segments(page, app_url):
    page.goto(f"{app_url}/?country=GE")
    expected = shown_count(countries=["GE"])
    assert 0 < expected < len(atlas().segments)
    expect(features(page)).to_have_count(expected, timeout=FIRST_LOAD_MS)
    assert_stayed_local(page)


def test_hovering_a_segment_shows_its_name(page, app_url):
    page.goto(f"{app_url}/?country=GE&route=btc-pipeline")
    paths = features(page)
    expect(paths).to_have_count(1, timeout=FIRST_LOAD_MS)
    tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
    for attempt in range(3):
        x, y = settled_point(page, paths.first)
        page.mouse.move(x - 3, y - 3)
        page.mouse.move(x, y, steps=3)
        try:
            expect(tooltip).to_contain_text(segment_name("btc-georgia"), timeout=3_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    assert_stayed_local(page)


def test_clicking_a_segment_shows_its_quotes(page, app_url):
    page.goto(f"{app_url}/?route=btc-pipeline")
    paths = features(page)
    expect(paths).to_have_count(shown_count(routes=["btc-pipeline"]), timeout=FIRST_LOAD_MS)
    longest = paths.nth(paths.evaluate_all(LONGEST_PATH))  # BTC in Turkey, ~980 km
    x, y = settled_point(page, longest)
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", name=segment_name("btc-turkey"))
    expect(heading).to_be_visible(timeout=STEP_MS)
    expect(page.get_by_text("Baku-Tbilisi-Ceyhan pipeline").first).to_be_visible()
    for quote in atlas().quotes_by_segment["btc-turkey"]:
        expect(page.get_by_text(quote.exact).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]segment=btc-turkey(&|$)"))
    assert_stayed_local(page)


def test_choosing_a_country_changes_what_is_drawn(page, app_url):
    page.goto(app_url)
    paths = features(page)
    expect(paths).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    page.get_by_role("button", name="Filters").click()
    countries = multiselect(page, "Countries")
    countries.click()
    page.keyboard.type("Georgia")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Remove Georgia")).to_be_visible(timeout=STEP_MS)
    expect(paths).to_have_count(shown_count(countries=["GE"]), timeout=STEP_MS)
    expect(page).to_have_url(re.compile(r"[?&]country=GE(&|$)"))
    page.get_by_role("button", name="Remove Georgia").click()
    expect(paths).to_have_count(len(atlas().segments), timeout=STEP_MS)
    assert_stayed_local(page)


@pytest.mark.parametrize("segment_id", ["btc-georgia"])
def test_shared_url_restores_the_view(page, app_url, segment_id):
    page.goto(f"{app_url}/?country=GE&route=btc-pipeline&segment={segment_id}")
    expect(features(page)).to_have_count(
        shown_count(countries=["GE"], routes=["btc-pipeline"]), timeout=FIRST_LOAD_MS
    )
    expect(page.get_by_role("button", name=re.compile(r"Filters \(1\)"))).to_be_visible()
    switch = page.get_by_test_id("stButtonGroup")
    pressed = switch.locator('button[aria-pressed="true"]')
    expect(pressed).to_have_count(1)  # only the BTC pipeline is switched on
    expect(pressed).to_contain_text(atlas().routes["btc-pipeline"].name)
    page.get_by_role("button", name=re.compile(r"Filters")).click()
    expect(page.get_by_role("button", name="Remove Georgia")).to_be_visible()
    expect(page.get_by_role("heading", name=segment_name(segment_id))).to_be_visible()
    assert_stayed_local(page)


def test_segments_no_source_names_are_drawn_faded(page, app_url):
    weak = filter_segments(atlas().segments, routes=["xian-baku-rail"], evidence=["context"])
    page.goto(f"{app_url}/?route=xian-baku-rail&evidence=context")
    paths = page.frame_locator(MAP_FRAME).locator(LINES)
    expect(paths).to_have_count(len(weak), timeout=FIRST_LOAD_MS)
    assert len(weak) >= 1
    opacities = {paths.nth(i).get_attribute("stroke-opacity") for i in range(len(weak))}
    assert opacities == {"0.35"}
    legend = page.frame_locator(MAP_FRAME).locator(".corridor-legend")
    expect(legend).to_contain_text("Faded: no source names the segment or its route")
    page.goto(f"{app_url}/?route=xian-baku-rail&evidence=names")
    named = filter_segments(atlas().segments, routes=["xian-baku-rail"], evidence=["names"])
    expect(paths).to_have_count(len(named), timeout=FIRST_LOAD_MS)
    assert {paths.nth(i).get_attribute("stroke-opacity") for i in range(len(named))} == {"0.95"}
    assert_stayed_local(page)


def test_the_facilities_are_on_the_map_with_their_names_on_hover(page, app_url):
    page.goto(f"{app_url}/?route=btc-pipeline")
    on_btc = nodes_on(atlas().nodes, set(atlas().route_segments("btc-pipeline").index))
    markers = nodes(page)
    expect(markers).to_have_count(len(on_btc), timeout=FIRST_LOAD_MS)
    assert "psa2" in on_btc.index
    index = list(on_btc.index).index("psa2")
    marker = markers.nth(index)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    frame = page.locator(MAP_FRAME).bounding_box()
    assert box is not None and frame is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("BTC pump station PSA2", timeout=STEP_MS)
    expect(tooltip).to_contain_text("approximate position")
    expect(tooltip).to_contain_text("Pump station")
    assert_stayed_local(page)
