"""Where the data directory is: ``--data``, else ``$CORRIDOR_DATA``, else the checkout's ``data/``.

The one place that knows it; the app, the ``corridor`` command and the builders all ask here.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "CORRIDOR_DATA"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the data directory: ``explicit``, else ``$CORRIDOR_DATA``, else the repo's ``data/``.

    Parameters
    ----------
    explicit : path-like, optional
        A directory given on the command line.

    Returns
    -------
    Path
    """
    chosen = explicit or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR
    return Path(chosen)


def missing_data_dir(explicit: str | os.PathLike[str] | None = None) -> str | None:
    """Say where the data directory was looked for and how to name one, if there is none.

    An installed package (a wheel) has no ``data/`` beside its code: its default points
    nowhere, and five "missing file" problems would not tell a user what to do.

    Returns
    -------
    str or None
        The message, or ``None`` when the directory exists.
    """
    root = data_dir(explicit)
    if root.is_dir():
        return None
    if explicit:
        origin = "given with --data"
    elif os.environ.get(DATA_ENV):
        origin = f"from ${DATA_ENV}"
    else:
        origin = "the default, the data/ folder beside the code"
    return (
        f"no data directory at {root} ({origin}). Point the atlas at one: set "
        f"{DATA_ENV}=/path/to/data (a checkout's data/ folder), or pass --data /path/to/data."
    )


def data_version(
    directory: str | os.PathLike[str] | None = None,
) -> tuple[tuple[str, int, int], ...]:
    """Return a cheap fingerprint of the data directory: each file's name, size and mtime.

    Caches key on it, so an edited data file is picked up on the next rerun without hashing
    the data on every rerun.
    """
    root = data_dir(directory)
    if not root.is_dir():
        return ()
    return tuple(
        (str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and (stat := path.stat())
    )
