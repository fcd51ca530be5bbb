"""Write ingest results: JSON bytes, appended JSON lines, and all files in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from components.core.problems import Problem
from components.storage.writes import DataLockError, Transaction, write_lock


def json_bytes(value: Any) -> bytes:
    """Serialise a value as indented UTF-8 JSON with a final newline (a source's record)."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# Line breaks to str.splitlines (which reads JSON Lines) that json.dumps leaves unescaped.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(record: Any) -> str:
    """Serialise a record as one JSON Lines line, without the newline.

    ``json.dumps`` with ``ensure_ascii=False``, keys in their order, except that the line
    breaks ``str.splitlines`` knows and JSON leaves as they are (U+0085, U+2028, U+2029) are
    escaped, so a quote's text can never split its line.
    """
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS)


def appended(path: Path, records: list[dict[str, Any]]) -> bytes:
    """Return the content of the JSON Lines file ``path`` with ``records`` added at its end."""
    before = path.read_bytes() if path.exists() else b""
    if before and not before.endswith(b"\n"):
        before += b"\n"
    lines = "".join(json_line(record) + "\n" for record in records)
    return before + lines.encode("utf-8")


def write_all(files: list[tuple[Path, bytes, bool]]) -> list[Problem]:
    """Write ``(path, content, new)`` files in one transaction: all of them, or none.

    A file marked ``new`` must not exist yet. A failure is a problem, never an exception.
    """
    try:
        with Transaction() as transaction:
            for path, data, new in files:
                transaction.make_folder(path.parent)
                transaction.write_bytes(path, data, new=new)
    except OSError as error:
        reason = error.strerror or str(error)
        return [Problem(str(error.filename or "data"), None, f"could not write: {reason}")]
    return []


def under_lock(root: Path, work: Callable[[], list[Problem]]) -> list[Problem]:
    """Run ``work`` (check, then write) holding the data directory's writers' lock.

    A lock that cannot be taken, or a file that cannot be read meanwhile, is a problem, never
    an exception.
    """
    if not root.is_dir():
        return [Problem(str(root), None, "data directory not found")]
    try:
        with write_lock(root):
            return work()
    except DataLockError as error:
        return [Problem("data", None, f"nothing was written: {error}")]
    except OSError as error:
        reason = error.strerror or str(error)
        return [Problem(str(error.filename or "data"), None, f"could not read: {reason}")]
