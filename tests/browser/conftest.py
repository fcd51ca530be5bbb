"""A real server and headless Chromium, with every request that leaves the machine blocked."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import CHROMIUM_ARGS, Outside
from support.server import ServerError, streamlit_server
from support.tools import tool_missing

ROOT = Path(__file__).parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
SERVER_START_SECONDS = 60


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a real server and Chromium: seconds per test


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    tool_missing("Chromium not found: install it with `apt-get install chromium` (Debian/Ubuntu)")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The app on the real data."""
    yield from serve(tmp_path_factory, {})


@pytest.fixture(scope="session")
def hostile_app_url(tmp_path_factory, hostile_data) -> Iterator[str]:
    """The app on the hostile data set (``tests/fixtures/hostile.py``)."""
    yield from serve(tmp_path_factory, {"CORRIDOR_DATA": str(hostile_data)})


def serve(tmp_path_factory, env: dict[str, str]) -> Iterator[str]:
    """Run the app for the session; a server that fails to start fails the test with its log."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        with streamlit_server(log_path, env) as (url, _):
            yield url
    except ServerError as error:
        pytest.fail(str(error))


BASE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
"""On a page URL like ``/segment``, Streamlit's frontend first asks ``/segment/_stcore/...`` in
case ``segment`` is a base path, gets 404 and falls back: its own probe, not an error of ours."""


def _is_error(message) -> bool:
    if message.type != "error":
        return False
    url = (message.location or {}).get("url", "")
    return not (message.text.startswith("Failed to load resource") and BASE_PATH_PROBE.search(url))


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; outside requests are recorded in ``page.outside``, console errors in
    ``page.console_errors``; a screenshot is kept in test-artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.outside = Outside()
    page.console_errors = []
    page.route("**/*", page.outside.route)
    page.on("console", lambda m: _is_error(m) and page.console_errors.append(m.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    if getattr(request.node, "failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed = True
    return report
