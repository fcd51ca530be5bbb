"""Tools the tests need from the machine (Chromium, nginx, mount namespaces)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def tool_missing(message: str) -> NoReturn:
    """Skip on a developer's machine; fail under CI, where a skipped test would pass unseen."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; under CI a missing tool fails the run")
    pytest.skip(message)
