import shutil
from pathlib import Path

import pytest

from components.storage.paths import DEFAULT_DATA_DIR
from fixtures.hostile import write_hostile_data
from support.atlases import TINY_DIR


def pytest_collection_modifyitems(items):
    for item in items:
        if "image" in item.fixturenames:  # replays the Dockerfile: a uv sync, then a server
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A private copy of the hand-made ``tests/fixtures/tiny`` data set, free to break."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, target)
    return target


@pytest.fixture
def real_data(tmp_path: Path) -> Path:
    """A private copy of the repository's ``data/``, free to change (``tmp_path / "data"``)."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory) -> Path:
    """The hostile data set (see ``tests/fixtures/hostile.py``), written once per session."""
    return write_hostile_data(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="session")
def image():
    """The Dockerfile's image, replayed without Docker (``tests/support/container.py``), once."""
    from support.container import emulated_image, missing_tools
    from support.tools import tool_missing

    missing = missing_tools()
    if missing:
        tool_missing(f"the image cannot be replayed here: missing {', '.join(missing)}")
    with emulated_image() as built:
        yield built
