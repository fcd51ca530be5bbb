import shutil
from pathlib import Path

import pytest

from fixtures.hostile import write_hostile_data

TINY_DIR = Path(__file__).resolve().parent / "fixtures" / "tiny"


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A private copy of the hand-made ``tests/fixtures/tiny`` data set, free to break."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, target)
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
