"""A real server and headless Chromium, with every request that leaves the machine blocked."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}
ARTIFACTS = ROOT / "test-artifacts"
SERVER_START_SECONDS = 60


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = "Chromium not found: install it with `apt-get install chromium` (Debian/Ubuntu)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; under CI a missing browser fails the run")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The app on the real data."""
    yield from serve(tmp_path_factory, {})


@pytest.fixture(scope="session")
def hostile_app_url(tmp_path_factory, hostile_data) -> Iterator[str]:
    """The app on the hostile data set (``tests/fixtures/hostile.py``)."""
    yield from serve(tmp_path_factory, {"CORRIDOR_DATA": str(hostile_data)})


def serve(tmp_path_factory, env: dict[str, str]) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free port and wait until *our* process answers."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **env},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited ({process.returncode}):\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer in time:\n{log_path.read_text()}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


BASE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
"""On a page URL like ``/segment``, Streamlit's frontend first asks ``/segment/_stcore/...`` in
case ``segment`` is a base path, gets 404 and falls back: its own probe, not an error of ours."""


def _is_error(message) -> bool:
    if message.type != "error":
        return False
    url = (message.location or {}).get("url", "")
    return not (message.text.startswith("Failed to load resource") and BASE_PATH_PROBE.search(url))


class Outside:
    """Requests the page tried to send beyond this machine (all of them were aborted)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def route(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host in LOOPBACK or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.urls.append(route.request.url)
            route.abort()


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
