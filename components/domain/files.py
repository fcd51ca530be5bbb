"""Strict, bounded reading of the data files: UTF-8, JSON without NaN or duplicate keys.

Every reader returns ``(value, problems)``; a value of ``None`` means the file is unusable and the
problems say why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from components.domain.problems import Problem

MAX_FILE_BYTES = 20_000_000
"""Larger files are refused before they are read: nothing in this project's data is near it."""


def read_text(data_dir: Path, name: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file below ``data_dir``, refusing missing, oversized or non-UTF-8 files.

    Parameters
    ----------
    data_dir : Path
        The data directory.
    name : str
        Path relative to ``data_dir``; it is also how problems name the file.

    Returns
    -------
    tuple of (str or None, list of Problem)
        The text exactly as stored (no newline translation), or ``None`` with the reason.
    """
    path = data_dir / name
    if not path.is_file():
        return None, [Problem(name, None, "file is missing")]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
        return None, [Problem(name, None, limit)]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [Problem(name, None, f"not UTF-8 text (byte {error.start})")]


def parse_json(text: str, name: str, where: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse JSON, rejecting ``NaN``/``Infinity`` and duplicate object keys.

    Parameters
    ----------
    text : str
        The JSON document.
    name : str
        The file it came from, for problems.
    where : str, optional
        The place within the file (e.g. ``line 4`` of a JSON Lines file).

    Returns
    -------
    tuple of (object or None, list of Problem)
    """
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
        ), []
    except (json.JSONDecodeError, _StrictJSONError) as error:
        return None, [Problem(name, where, f"invalid JSON: {error}")]


def read_json(data_dir: Path, name: str) -> tuple[Any, list[Problem]]:
    """Read and strictly parse a JSON file below ``data_dir`` (see :func:`parse_json`)."""
    text, problems = read_text(data_dir, name)
    if text is None:
        return None, problems
    return parse_json(text, name)


def read_json_lines(data_dir: Path, name: str) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """Read a JSON Lines file: every non-blank line is one JSON value.

    Returns
    -------
    tuple of (list of (line number, value), list of Problem)
        The values that parsed, with their 1-based line numbers, and a problem per bad line.
    """
    text, problems = read_text(data_dir, name)
    if text is None:
        return [], problems
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, line_problems = parse_json(line, name, f"line {number}")
        problems += line_problems
        if value is not None:
            records.append((number, value))
    return records, problems


class _StrictJSONError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise _StrictJSONError(f"duplicate key {', '.join(map(repr, duplicates))}")
    return dict(pairs)


def _reject_constant(constant: str) -> float:
    raise _StrictJSONError(f"{constant} is not a number in JSON")
