"""The ``corridor`` command in a test: in this process, or as a reader runs it, in its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from components.cli import main
from components.storage.paths import DATA_ENV
from support.app import ROOT


def run_main(capsys, *argv: object) -> tuple[int, str, str]:
    """``corridor <argv>`` through ``main`` in this process: (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_module(
    *argv: object, data: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m components.cli <argv>`` in a process of its own, from the repository root.

    ``CORRIDOR_DATA`` is set to ``data``, or removed when ``data`` is None, so that the caller's
    environment cannot choose the data. ``timeout`` only guards against a hang.
    """
    env = {name: value for name, value in os.environ.items() if name != DATA_ENV}
    if data is not None:
        env[DATA_ENV] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "components.cli", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )
