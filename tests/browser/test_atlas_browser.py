"""The atlas on a laptop and a phone: the map in view, one click to select, context, Back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.core.filtering import crossed_countries
from support.atlases import atlas
from support.browser import FIRST_LOAD_MS, MAP_FRAME, STEP_MS, features, settled_point

LAPTOP = {"width": 1440, "height": 820}
PHONE = {"width": 390, "height": 844}


def drawn_order() -> list[str]:
    """Segment ids in the order the map draws their paths: route by route, in file order."""
    return [sid for route in atlas().routes for sid in atlas().route_segments(route).index]


def name(segment_id: str) -> str:
    return atlas().segments.at[segment_id, "name"]


def assert_stayed_local(page) -> None:
    assert page.outside.urls == []
    assert page.console_errors == []


def test_on_a_laptop_the_whole_map_is_in_view_and_at_least_60_percent_wide(page, app_url):
    page.set_viewport_size(LAPTOP)
    page.goto(app_url)
    expect(features(page)).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"]
    assert box["width"] >= 0.6 * LAPTOP["width"]
    assert_stayed_local(page)


@pytest.mark.parametrize("segment_id", drawn_order())
def test_the_first_click_on_any_segment_selects_it(page, app_url, segment_id):
    """A fresh page, one click on the middle of the line; where routes share the track, the
    panel offers each segment under the click, so every one is reachable by a click."""
    page.set_viewport_size(LAPTOP)
    page.goto(app_url)
    paths = features(page)
    expect(paths).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    x, y = settled_point(page, paths.nth(drawn_order().index(segment_id)))
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", level=3)
    expect(heading).not_to_have_count(0, timeout=STEP_MS)
    selected = heading.first.inner_text()
    if selected != name(segment_id):
        # The click landed on a segment drawn over this one: it is offered beside it.
        page.get_by_role("button", name=name(segment_id)).click()
    expect(page.get_by_role("heading", name=name(segment_id), exact=True)).to_be_visible(
        timeout=STEP_MS
    )
    expect(page).to_have_url(re.compile(rf"[?&]segment={re.escape(segment_id)}(&|$)"))
    assert_stayed_local(page)


def test_on_a_phone_a_tap_brings_the_selection_into_view(page, app_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/?route=btc-pipeline")
    paths = features(page)
    expect(paths).to_have_count(len(atlas().route_segments("btc-pipeline")), timeout=FIRST_LOAD_MS)
    target = drawn_order().index("btc-turkey") - drawn_order().index("btc-azerbaijan")
    x, y = settled_point(page, paths.nth(target))
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", name=name("btc-turkey"), exact=True)
    expect(heading).to_be_visible(timeout=STEP_MS)
    expect(heading).to_be_in_viewport(timeout=STEP_MS)
    assert_stayed_local(page)


def test_the_map_names_hubs_seas_and_countries_and_credits_its_data(page, app_url):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{app_url}/?segment=mc-aktau-alat")
    frame = page.frame_locator(MAP_FRAME)
    labels = frame.locator(".corridor-label")
    expect(labels.filter(has_text="Caspian Sea")).to_have_count(1, timeout=FIRST_LOAD_MS)
    for hub in ("Aktau", "Alat", "Tbilisi", "Poti"):
        expect(labels.filter(has_text=re.compile(rf"^{hub}$"))).to_have_count(1)
    expect(labels.filter(has_text=re.compile(r"^Azerbaijan$"))).to_have_count(1)
    attribution = frame.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("Natural Earth")
    expect(attribution).to_contain_text("GeoNames")
    assert_stayed_local(page)


def test_the_basemap_fills_every_view_the_reader_can_reach(page, app_url):
    page.set_viewport_size(LAPTOP)
    page.goto(app_url)
    expect(features(page)).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_FRAME)
    view = frame.locator("body").evaluate(
        """() => { for (const k in window) { const m = window[k];
            if (k.startsWith('map_') && m && m.getZoom) {
                m.setZoom(0, {animate: false});
                return {zoom: m.getZoom(), min: m.getMinZoom(), view: m.getBounds().toBBoxString(),
                        max: m.options.maxBounds.toBBoxString()};
            } } }"""
    )
    # Zooming out stops where the view still lies inside the basemap.
    assert view["zoom"] == view["min"] > 0
    west, south, east, north = map(float, view["view"].split(","))
    max_west, max_south, max_east, max_north = map(float, view["max"].split(","))
    assert max_west - 0.5 <= west and east <= max_east + 0.5
    assert max_south - 0.5 <= south and north <= max_north + 0.5


def test_back_restores_the_filters_and_the_selection(page, app_url):
    page.set_viewport_size(LAPTOP)
    start = f"{app_url}/?country=GE&route=btc-pipeline&segment=btc-georgia"
    page.goto(start)
    expect(page.get_by_role("heading", name=name("btc-georgia"))).to_be_visible(
        timeout=FIRST_LOAD_MS
    )
    page.get_by_role("link", name="Open the segment's page").click()
    expect(page).to_have_url(re.compile(r"/segment\?id=btc-georgia$"), timeout=STEP_MS)
    page.get_by_role("link", name="View in source").first.click()
    expect(page).to_have_url(re.compile(r"/source\?id="), timeout=STEP_MS)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/segment\?id=btc-georgia$"), timeout=STEP_MS)
    page.go_back()
    expect(page.get_by_role("heading", name=name("btc-georgia"))).to_be_visible(timeout=STEP_MS)
    page.wait_for_timeout(1_000)  # the map page writes its view back into the address
    for part in ("country=GE", "route=btc-pipeline", "segment=btc-georgia"):
        assert part in page.url
    expect(features(page)).to_have_count(1, timeout=STEP_MS)
    assert_stayed_local(page)


PAGES = [
    ("/", "Corridor Atlas"),
    ("/segment", "Segments"),
    ("/segment?id=btc-georgia", None),
    ("/source", "Sources"),
    ("/source?id=eurasianet-2024-kazakhstan-azerbaijan-trade-ties", None),
    ("/country", "Countries"),
    ("/country?code=GE", "Georgia"),
    ("/search?q=Poti", "Search"),
    ("/about", "How the atlas is made"),
]


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_opens_at_both_sizes(page, app_url, size, path, title):
    """A screenshot of each page at each size is kept in test-artifacts/ when this fails."""
    page.set_viewport_size(size)
    page.goto(f"{app_url}{path}")
    heading = page.locator("h1").first
    expect(heading).to_be_visible(timeout=FIRST_LOAD_MS)
    if title:
        expect(heading).to_have_text(title)
    expect(page).to_have_title(re.compile(r"Corridor Atlas$"))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= size["width"] + 1  # nothing overflows sideways
    assert_stayed_local(page)


def test_the_index_pages_list_every_segment_source_and_country(page, app_url):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{app_url}/segment")
    for segment_id in atlas().segments.index:
        expect(page.get_by_role("link", name=name(segment_id), exact=True)).to_be_visible(
            timeout=FIRST_LOAD_MS
        )
    page.goto(f"{app_url}/country")
    for code in crossed_countries(atlas().segments):
        expect(page.get_by_role("link", name=atlas().country_name(code), exact=True)).to_be_visible(
            timeout=FIRST_LOAD_MS
        )
    page.goto(f"{app_url}/source")
    for source in atlas().sources.values():
        expect(page.get_by_role("link", name=source.title).first).to_be_visible(
            timeout=FIRST_LOAD_MS
        )
    assert_stayed_local(page)


@pytest.mark.parametrize("query", ["Poti", "Georgia", "container train"])
def test_search_finds_what_is_on_the_map(page, app_url, query):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/search?q={query.replace(' ', '+')}")
    expect(page.get_by_text(re.compile(r"\d+ results? for"))).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("heading", name=re.compile(r"Segments \(\d+\)"))).to_be_visible()
    assert_stayed_local(page)


def test_printing_gives_one_page_with_the_map_and_the_selection(page, app_url):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{app_url}/?route=btc-pipeline&segment=btc-georgia")
    expect(page.get_by_role("heading", name=name("btc-georgia"))).to_be_visible(
        timeout=FIRST_LOAD_MS
    )
    expect(features(page)).to_have_count(3, timeout=STEP_MS)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stButtonGroup")).to_be_hidden()
    expect(page.locator(".st-key-route-cards")).to_be_hidden()
    expect(page.locator(MAP_FRAME)).to_be_visible()
    expect(page.get_by_text("Baku-Tbilisi-Ceyhan pipeline").first).to_be_visible()  # the quote
    pdf = page.pdf(format="A4", print_background=True)  # the browser's default: portrait
    assert _pdf_pages(pdf) == 1
    assert_stayed_local(page)


def _pdf_pages(pdf: bytes) -> int:
    """Count the page objects of a PDF (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_full_screen_button_fills_the_screen_with_the_map(page, app_url):
    page.set_viewport_size(LAPTOP)
    page.goto(app_url)
    expect(features(page)).to_have_count(len(atlas().segments), timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_FRAME)
    frame.get_by_role("button", name="Full screen").click()
    page.wait_for_function(
        "() => document.fullscreenElement && document.fullscreenElement.tagName === 'IFRAME'",
        timeout=STEP_MS,
    )
    assert_stayed_local(page)
