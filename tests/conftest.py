import shutil
from pathlib import Path

import pytest

TINY_DIR = Path(__file__).resolve().parent / "fixtures" / "tiny"


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A private copy of the hand-made ``tests/fixtures/tiny`` data set, free to break."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, target)
    return target
