"""What every builder's command line shares: which data directory it reads and writes."""

from __future__ import annotations

import argparse
from pathlib import Path

from components.storage.paths import data_dir


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR`` (default: ``$CORRIDOR_DATA``, else the checkout's ``data/``)."""
    parser.add_argument(
        "--data", type=Path, help="data directory (default: $CORRIDOR_DATA, else data/)"
    )


def data_root(args: argparse.Namespace) -> Path:
    """Return the data directory the parsed arguments name (see :func:`add_data_option`)."""
    return data_dir(args.data)
