"""Hostile text in a real browser: shown literally, no dialog, nothing fetched, the map draws."""

import pytest
from playwright.sync_api import expect

from fixtures.hostile import HTML, JINJA, SCRIPT
from support.browser import FEATURES, FIRST_LOAD_MS, MAP_FRAME


@pytest.fixture
def dialogs(page):
    opened = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


@pytest.mark.parametrize(
    "path",
    ["/?segment=rail-xa", "/segment?id=sea-xa-xc", "/source?id=tiny-source&quote=ferry"],
)
def test_hostile_pages_show_text_and_run_nothing(page, hostile_app_url, dialogs, path):
    page.goto(hostile_app_url + path)
    expect(page.get_by_text(JINJA).first).to_be_visible(timeout=FIRST_LOAD_MS)
    page.wait_for_timeout(1_500)  # give any injected handler (onerror, timers) its chance
    assert dialogs == []
    assert page.outside.urls == []
    assert page.console_errors == []


def test_hostile_map_draws_and_its_labels_are_text(page, hostile_app_url, dialogs):
    page.goto(hostile_app_url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(FEATURES)).to_have_count(4, timeout=FIRST_LOAD_MS)
    # The route switch shows the poisoned route names as text; so do the map's names.
    expect(page.get_by_test_id("stButtonGroup")).to_contain_text(HTML)
    expect(page.get_by_test_id("stButtonGroup")).to_contain_text(JINJA)
    expect(frame.locator(".corridor-label").first).to_be_attached()
    expect(frame.locator(".corridor-label", has_text=SCRIPT).first).to_be_attached()
    expect(frame.locator("img")).to_have_count(0)
    assert SCRIPT not in frame.locator("body").inner_html()
    assert dialogs == []
    assert page.outside.urls == []
    assert page.console_errors == []
