"""Strict, bounded reading of the data files: UTF-8, JSON without NaN or duplicate keys.

Every reader returns ``(value, problems)``; a value of ``None`` means the file is unusable and the
problems say why.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from components.core.problems import Problem

MAX_FILE_BYTES = 20_000_000
"""Larger files are refused before they are read: nothing in this project's data is near it."""
MAX_DEPTH = 64
"""JSON nested deeper is refused: the deepest data (a MultiPolygon in a FeatureCollection) needs
8 levels, and deeper values could exhaust the stack of whatever walks them later."""
MAX_INTEGER_DIGITS = 308
"""An integer written with more digits is beyond any float (about 1.8e308); it is read as an
infinite float, which every loader refuses as "not a finite number" for its own record, instead of
Python's integer-parsing limit (4,300 digits) failing the whole file or a later conversion to float
overflowing."""

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]", re.ASCII)
r"""The start of a ``\uD800``–``\uDFFF`` escape: half of a pair, or a lone surrogate."""
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
    r"""Parse JSON strictly, so that every value it returns is safe to walk and to convert.

    Refused, as one problem for the document: invalid JSON, ``NaN``/``Infinity``, duplicate
    object keys, nesting deeper than :data:`MAX_DEPTH` (and nesting so deep that the parser
    itself gives up), and a ``\u`` escape of a lone surrogate (no UTF-8 text can hold one). An
    integer longer than :data:`MAX_INTEGER_DIGITS` digits is read as an infinite float (see
    there), so it is refused by the loader of its record, not here.

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
        value = json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
        )
    except RecursionError:
        return None, [Problem(name, where, "invalid JSON: nested too deeply to read")]
    except (ValueError, OverflowError) as error:  # JSONDecodeError and _StrictJSONError too
        return None, [Problem(name, where, f"invalid JSON: {_first_line(error)}")]
    fault = _structure_fault(
        value,
        # A value nests no deeper than its text has brackets: most lines need no walk.
        may_be_deep=text.count("[") + text.count("{") > MAX_DEPTH,
        lone_surrogates=_SURROGATE_ESCAPE.search(text) is not None,
    )
    if fault:
        return None, [Problem(name, where, f"invalid JSON: {fault}")]
    return value, []


def read_json(data_dir: Path, name: str) -> tuple[Any, list[Problem]]:
    """Read and strictly parse a JSON file below ``data_dir`` (see :func:`parse_json`)."""
    text, problems = read_text(data_dir, name)
    if text is None:
        return None, problems
    return parse_json(text, name)


def read_json_lines(data_dir: Path, name: str) -> tuple[list[tuple[int, Any]], list[Problem]]:
    r"""Read a JSON Lines file: every non-blank line is one JSON value.

    Lines end at ``\n`` only (a ``\r`` before it is JSON whitespace), so a line separator
    such as U+2028 inside a quoted text does not split its record, and line numbers are the
    ones an editor shows.

    Returns
    -------
    tuple of (list of (line number, value), list of Problem)
        The values that parsed, with their 1-based line numbers, and a problem per bad line.
    """
    text, problems = read_text(data_dir, name)
    if text is None:
        return [], problems
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
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
    # Linear: the dict is shorter than the pairs only when a key repeats (a file may hold an
    # object with tens of thousands of keys; counting each key in the list was quadratic).
    value = dict(pairs)
    if len(value) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        duplicates = sorted(key for key, count in counts.items() if count > 1)
        shown = ", ".join(map(repr, duplicates[:5])) + (" …" if len(duplicates) > 5 else "")
        raise _StrictJSONError(f"duplicate key {shown}")
    return value


def _reject_constant(constant: str) -> float:
    raise _StrictJSONError(f"{constant} is not a number in JSON")


def _parse_int(digits: str) -> int | float:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        return float("-inf") if digits.startswith("-") else float("inf")
    return int(digits)


def _structure_fault(value: Any, *, may_be_deep: bool, lone_surrogates: bool) -> str | None:
    """Say whether a parsed value nests too deeply or holds a lone surrogate, walking no stack."""
    if may_be_deep and _deeper_than(value, MAX_DEPTH):
        return f"nested more than {MAX_DEPTH} levels deep"
    if lone_surrogates and _holds_lone_surrogate(value):
        return "a \\u escape of a lone surrogate, which is not a character"
    return None


def _deeper_than(value: Any, limit: int) -> bool:
    # Level by level, containers only: a file of coordinates is mostly short lists of numbers.
    level, depth = [value], 0
    while level:
        containers = [item for item in level if type(item) is list or type(item) is dict]
        if not containers:
            return False
        depth += 1
        if depth > limit:
            return True
        level = []
        for item in containers:
            level += item.values() if type(item) is dict else item
    return False


def _holds_lone_surrogate(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if type(item) is str:
            if _LONE_SURROGATE.search(item):
                return True
        elif type(item) is dict:
            pending += item.keys()
            pending += item.values()
        elif type(item) is list:
            pending += item
    return False


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
