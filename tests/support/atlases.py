"""The real and the tiny atlas, loaded once per test process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from components.core.atlas import Atlas
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR

TINY_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


@cache
def atlas() -> Atlas:
    """The atlas of the repository's data/ (whatever ``CORRIDOR_DATA`` says)."""
    return load_atlas(DEFAULT_DATA_DIR)


@cache
def tiny() -> Atlas:
    """The atlas of the hand-made ``tests/fixtures/tiny`` data set."""
    return load_atlas(TINY_DIR)
