"""The real and the tiny atlas, loaded once per test process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from components.core.atlas import Atlas
from components.storage.loading import load_atlas

TINY_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


@cache
def atlas() -> Atlas:
    """The atlas of the repository's data/."""
    return load_atlas()


@cache
def tiny() -> Atlas:
    """The atlas of the hand-made ``tests/fixtures/tiny`` data set."""
    return load_atlas(TINY_DIR)
