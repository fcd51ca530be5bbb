"""Journeys across the pages in a real browser: map to segment to source, country, search, links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote as url_quote

import pytest
from playwright.sync_api import expect

from components.core.filtering import filter_segments
from support.atlases import atlas
from support.browser import FIRST_LOAD_MS, LONGEST_PATH, STEP_MS, features, settled_point
from support.server import streamlit_server

ROOT = Path(__file__).parents[2]
SOURCE_ID = "eurasianet-2024-kazakhstan-azerbaijan-trade-ties"


def segment_name(segment_id: str) -> str:
    return atlas().segments.loc[segment_id, "name"]


def quote_text(quote_id: str) -> str:
    return next(q.exact for q in atlas().quotes if q.id == quote_id)


def assert_stayed_local(page) -> None:
    assert page.outside.urls == []
    assert page.console_errors == []


def current_mark(page):
    return page.locator("mark.current")


# Journeys on the shared server ----------------------------------------------------------------


def test_from_a_line_on_the_map_to_the_segment_page(page, app_url):
    page.goto(f"{app_url}/?route=btc-pipeline")
    paths = features(page)
    count = len(filter_segments(atlas().segments, routes=["btc-pipeline"]))
    expect(paths).to_have_count(count, timeout=FIRST_LOAD_MS)
    longest = paths.nth(paths.evaluate_all(LONGEST_PATH))  # BTC in Turkey, ~980 km
    x, y = settled_point(page, longest)
    page.mouse.click(x, y)  # first click: the line
    name = segment_name("btc-turkey")
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=STEP_MS)
    page.get_by_role("link", name="Open the segment's page").click()  # second click
    expect(page.locator("h1", has_text=name)).to_be_visible(timeout=STEP_MS)
    expect(page).to_have_url(re.compile(r"/segment\?id=btc-turkey$"))
    assert_stayed_local(page)


def test_from_a_segment_page_to_its_quote_in_the_source(page, app_url):
    page.goto(f"{app_url}/segment?id=xb-aktau-alat")
    expect(page.locator("h1", has_text=segment_name("xb-aktau-alat"))).to_be_visible(
        timeout=FIRST_LOAD_MS
    )
    first_quote = atlas().quotes_by_segment["xb-aktau-alat"][0]
    page.get_by_role("link", name="View in source").first.click()
    expect(page).to_have_url(re.compile(rf"/source\?.*quote={first_quote.id}"), timeout=STEP_MS)
    mark = current_mark(page)
    expect(mark.first).to_be_visible(timeout=STEP_MS)
    expect(mark.first).to_be_in_viewport(timeout=STEP_MS)
    expect(mark.first).to_have_attribute("id", f"quote-{first_quote.id}")
    marked = "".join(mark.all_inner_texts())
    assert " ".join(marked.split()) == " ".join(first_quote.exact.split())
    assert_stayed_local(page)


def test_a_deep_link_to_a_quote_scrolls_to_it(page, app_url):
    quote_id = "caspian-sea-is-a-bridge"
    page.goto(f"{app_url}/source?id={SOURCE_ID}&quote={quote_id}")
    mark = page.locator(f"mark#quote-{quote_id}.current")
    expect(mark).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(mark).to_be_in_viewport(timeout=STEP_MS)
    expect(mark).to_contain_text("The Caspian Sea is a bridge")
    assert_stayed_local(page)


def test_from_a_country_page_to_the_map_of_that_country(page, app_url):
    page.goto(f"{app_url}/country?code=GE")
    expect(page.locator("h1", has_text="Georgia")).to_be_visible(timeout=FIRST_LOAD_MS)
    page.get_by_role("link", name="Show Georgia on the map").click()
    expect(page.get_by_role("button", name=re.compile(r"Filters \(1\)"))).to_be_visible(
        timeout=STEP_MS
    )
    crossing = filter_segments(atlas().segments, countries=["GE"])
    expect(features(page)).to_have_count(len(crossing), timeout=FIRST_LOAD_MS)
    expect(page).to_have_url(re.compile(r"[?&]country=GE(&|$)"))
    assert_stayed_local(page)


def test_search_finds_xian(page, app_url):
    page.goto(f"{app_url}/search?q=xian")
    expect(page.get_by_text("Xi'an").first).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("link", name="View in source").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Words to find")).to_have_value("xian")
    assert_stayed_local(page)


# A deep link as the very first request to a fresh server ----------------------------------------


@pytest.fixture
def fresh_server_url(tmp_path):
    """A server of our own that no page has been opened on yet."""
    with streamlit_server(tmp_path / "streamlit.log") as (url, _):
        yield url


def test_deep_link_as_first_request_goes_through_the_app(page, fresh_server_url):
    page.goto(f"{fresh_server_url}/segment?id={url_quote('btc-georgia')}")
    expect(page.locator("h1", has_text=segment_name("btc-georgia"))).to_be_visible(
        timeout=FIRST_LOAD_MS
    )
    nav = page.get_by_test_id("stTopNav")
    for label in ("Map", "Segments", "How it is made"):
        expect(nav.get_by_text(label, exact=True)).to_be_visible()
    for file_name in ("app", "segment", "about"):
        expect(nav.get_by_text(file_name, exact=True)).to_have_count(0)
    expect(page).to_have_title(re.compile("Corridor Atlas|Segment"))
    assert_stayed_local(page)
