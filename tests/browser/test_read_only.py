"""The image replayed read-only (``docker run --read-only``, no tmpfs) still draws the whole map.

Everything is read-only for the server: the checkout, /tmp, /var/tmp, /dev/shm and its home
(see ``tests/support/container.py`` for how the image is replayed without Docker).
"""

import re

import pytest
from playwright.sync_api import expect

from components.storage.loading import load_atlas
from support.browser import FEATURES, FIRST_LOAD_MS, MAP_FRAME
from support.container import Container, run_container
from support.server import ServerError

BASEMAP = ".leaflet-basemap-pane path"
"""The basemap's outlines: drawn in a Leaflet pane of their own, named ``basemap``."""


def start(image, tmp_path_factory, env=None):
    log_path = tmp_path_factory.mktemp("container") / "server.log"
    try:
        with run_container(image, log_path, env) as running:
            yield running
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def read_only_app(image, tmp_path_factory):
    """``docker run --read-only corridor-atlas``."""
    yield from start(image, tmp_path_factory)


@pytest.fixture(scope="module")
def write_requested_app(image, tmp_path_factory):
    """``docker run --read-only -e CORRIDOR_WRITE=1 corridor-atlas``: writing asked for, but
    nothing can be written."""
    yield from start(image, tmp_path_factory, {"CORRIDOR_WRITE": "1"})


def test_the_map_and_its_basemap_draw_from_a_read_only_container(page, read_only_app: Container):
    atlas = load_atlas(read_only_app.image.root / "data")
    page.goto(read_only_app.url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(FEATURES)).to_have_count(len(atlas.segments), timeout=FIRST_LOAD_MS)
    expect(frame.locator(BASEMAP).nth(len(atlas.countries) - 1)).to_be_attached()
    assert page.outside.urls == []
    assert page.console_errors == []
    assert "Traceback" not in read_only_app.log()
    assert read_only_app.process.poll() is None


def test_add_a_source_says_saving_is_off_on_a_read_only_container(
    page, write_requested_app: Container
):
    page.goto(f"{write_requested_app.url}/add_source")
    saving_off = re.compile(r"read-only|saving is off|cannot be saved", re.IGNORECASE)
    expect(page.get_by_text(saving_off).first).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("button", name=re.compile(r"^Save"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert page.console_errors == []
    assert "Traceback" not in write_requested_app.log()
