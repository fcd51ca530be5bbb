"""Write the support level of every quote's links into ``quotes.jsonl``.

Each quote record gets ``"support": {"<segment-id>": "<level>"}``, computed from its verbatim
words by :func:`components.core.support.text_support`. Only that field changes: every other
key and value of each line is written back as it was, in the order ``id, source, segments,
support, selector``; a line that is not a usable quote record is left exactly as it is.

Run as ``uv run corridor build-support [--data DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.core import anchoring
from components.core.gazetteer import Term, segment_terms
from components.core.mentions import MentionFinder
from components.core.problems import Problem
from components.core.support import record_with_support, text_support
from components.ingest.writing import json_line
from components.storage.files import parse_json, read_text
from components.storage.loading import QUOTES_FILE, load_atlas
from components.storage.paths import data_dir
from components.storage.supporting import load_gazetteer
from components.storage.writes import DataLockError, atomic_write_text, write_lock

EXIT_OK, EXIT_STALE = 0, 1


@dataclass(frozen=True)
class SupportRewrite:
    """``quotes.jsonl`` with its support levels computed again.

    Attributes
    ----------
    text : str
        The new file content.
    quotes : int
        How many records were given levels.
    changed : tuple of int
        The line numbers whose content changed.
    skipped : tuple of Problem
        The lines left as they are, and why.
    """

    text: str
    quotes: int
    changed: tuple[int, ...]
    skipped: tuple[Problem, ...]


def rewrite_support(text: str, terms: Mapping[str, Sequence[Term]]) -> SupportRewrite:
    """Recompute the ``support`` field of every quote record of a ``quotes.jsonl`` text.

    Parameters
    ----------
    text : str
        The file's content. Lines are numbered as :func:`~components.storage.files.read_json_lines`
        numbers them; line endings are kept.
    terms : mapping of str to sequence of Term
        Every segment's terms (see :func:`~components.core.gazetteer.segment_terms`).

    Returns
    -------
    SupportRewrite
        A blank line, invalid JSON, or a record without a list of known segments or a readable
        ``TextQuoteSelector`` is left exactly as it is and named in ``skipped``.
    """
    finder = MentionFinder(term.pattern for found in terms.values() for term in found)
    pieces, changed, skipped, quotes = [], [], [], 0
    for number, chunk in enumerate(text.splitlines(keepends=True), start=1):
        content = chunk.splitlines()[0]
        ending = chunk[len(content) :]
        record, fault = _quote_record(content, number, terms)
        if record is None:
            if fault:
                skipped.append(fault)
            pieces.append(chunk)
            continue
        quote, _ = anchoring.selectors_from_json(record["selector"])
        links = text_support(quote.exact, record["segments"], terms, finder)
        levels = {segment_id: link.level for segment_id, link in links.items()}
        line = json_line(record_with_support(record, levels))
        quotes += 1
        if line != content:
            changed.append(number)
        pieces.append(line + ending)
    return SupportRewrite("".join(pieces), quotes, tuple(changed), tuple(skipped))


def _quote_record(
    content: str, number: int, terms: Mapping[str, Sequence[Term]]
) -> tuple[dict[str, Any] | None, Problem | None]:
    if not content.strip():
        return None, None
    record, problems = parse_json(content, QUOTES_FILE, f"line {number}")
    if problems:
        return None, problems[0]
    quote_id = record.get("id") if isinstance(record, dict) else None
    where = f"line {number}" + (f" ({quote_id})" if isinstance(quote_id, str) else "")
    segments = record.get("segments") if isinstance(record, dict) else None
    if not isinstance(segments, list) or not segments:
        return None, Problem(QUOTES_FILE, where, "left as it is: no list of segments")
    unknown = [repr(segment) for segment in segments if segment not in terms]
    if unknown:
        return None, Problem(QUOTES_FILE, where, f"left as it is: unknown segment {unknown[0]}")
    try:
        anchoring.selectors_from_json(record.get("selector"))
    except ValueError as error:
        return None, Problem(QUOTES_FILE, where, f"left as it is: selector: {error}")
    return record, None


def read_and_rewrite(root: Path) -> tuple[str | None, SupportRewrite | None, list[Problem]]:
    """Read a data directory's ``quotes.jsonl`` and compute its new content; write nothing.

    Parameters
    ----------
    root : Path
        The data directory: its ``quotes.jsonl``, ``gazetteer.json`` and what
        :func:`~components.storage.loading.load_atlas` reads for the segments.

    Returns
    -------
    tuple of (str or None, SupportRewrite or None, list of Problem)
        The current text and its rewrite, or ``None`` for both with the problems that stop it
        (a missing or unreadable ``quotes.jsonl``, a broken gazetteer).
    """
    text, problems = read_text(root, QUOTES_FILE)
    gazetteer, gazetteer_problems = load_gazetteer(root)
    problems += gazetteer_problems
    if text is None or problems:
        return None, None, problems
    return text, rewrite_support(text, segment_terms(load_atlas(root), gazetteer)), []


def write_support(root: Path) -> list[Problem]:
    """Compute the support levels of a data directory's quotes and write them (atomically).

    For code that writes a data directory (fixtures, synthetic data): the same as
    ``corridor build-support --data ROOT``, without printing.

    Returns
    -------
    list of Problem
        What stopped it (see :func:`read_and_rewrite`), or empty when the file is up to date.
    """
    with write_lock(root):  # an ingest appending meanwhile would be overwritten
        text, rewrite, problems = read_and_rewrite(root)
        if rewrite is not None and rewrite.text != text:
            atomic_write_text(root / QUOTES_FILE, rewrite.text)
    return problems


DESCRIPTION = "Write the support level of every quote's links into quotes.jsonl."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``corridor build-support``; return 0, or 1 when ``--check`` finds a stale file."""
    parser = argparse.ArgumentParser(prog="corridor build-support", description=DESCRIPTION)
    parser.add_argument(
        "--data", type=Path, help="data directory (default: $CORRIDOR_DATA, else data/)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file would change"
    )
    args = parser.parse_args(argv)
    root = data_dir(args.data)
    try:
        with write_lock(root):  # an ingest appending meanwhile would be overwritten
            return _rewrite(root, check=args.check)
    except DataLockError as error:
        print(f"corridor build-support: {error}", file=sys.stderr)
        return EXIT_STALE


def _rewrite(root: Path, *, check: bool) -> int:
    text, rewrite, problems = read_and_rewrite(root)
    if rewrite is None:
        for problem in problems:
            print(f"corridor build-support: {problem}", file=sys.stderr)
        return EXIT_STALE
    for problem in rewrite.skipped:
        print(f"warning: {problem}", file=sys.stderr)
    path = root / QUOTES_FILE
    if check:
        if rewrite.text != text:
            lines = ", ".join(map(str, rewrite.changed))
            print(
                f"{path}: the support levels are out of date (lines {lines}); "
                "run `corridor build-support`",
                file=sys.stderr,
            )
            return EXIT_STALE
        print(f"{path}: the support levels of {rewrite.quotes} quote(s) are up to date")
        return EXIT_OK
    if rewrite.text != text:
        atomic_write_text(path, rewrite.text)
    print(
        f"wrote the support levels of {rewrite.quotes} quote(s) to {path} "
        f"({len(rewrite.changed)} line(s) changed)"
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
