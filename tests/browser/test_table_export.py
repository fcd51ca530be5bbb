"""The segment table offers no export of its own: only the app's defused CSV download."""

from playwright.sync_api import expect

from support.browser import FIRST_LOAD_MS


def test_the_table_toolbar_has_no_raw_csv_download(page, app_url):
    page.goto(app_url)
    page.get_by_role("button", name="Show the table and downloads").click(timeout=FIRST_LOAD_MS)
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_be_visible(timeout=FIRST_LOAD_MS)
    table.hover()
    toolbar = page.get_by_test_id("stElementToolbar")
    expect(toolbar.get_by_role("button", name="Fullscreen")).to_be_attached()  # it is shown
    expect(toolbar.get_by_role("button", name="Download as CSV")).to_have_count(0)
    # The app's own download (defused cells) is there instead.
    expect(page.get_by_test_id("stDownloadButton").first).to_be_visible()
    assert page.outside.urls == []
