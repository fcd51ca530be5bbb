"""``corridor ingest``: add a source text and review the quotes it could give.

Two steps::

    corridor ingest FILE [--title ...] [--author ...] ... [--data DIR] [--review REVIEW_FILE]
    corridor ingest --accept REVIEW_FILE [--data DIR] [--all]

The first stores the text verbatim in ``<data>/sources/`` with its metadata and writes the
proposed quotes to a review file; the second appends the proposals marked ``"accept": true``
(or all of them) to ``<data>/quotes.jsonl``. The work is done by
:mod:`components.ingest`; this module reads files, prints and sets the exit code.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from components.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from components.core import anchoring
from components.core.problems import Problem
from components.ingest.plan import (
    IngestPlan,
    commit_ingest,
    default_review_path,
    plan_ingest,
    review_path_fault,
)
from components.ingest.review import accept_review, append_quotes
from components.ingest.sources import METADATA_FIELDS
from components.storage.files import MAX_FILE_BYTES, parse_json
from components.storage.loading import QUOTES_FILE, SOURCES_DIR
from components.storage.paths import data_dir

PROG = "corridor ingest"
SHOWN_CHARACTERS = 76


def register(commands: Any) -> argparse.ArgumentParser:
    """Add the ``ingest`` command to the ``corridor`` sub-command parsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers`` returned.

    Returns
    -------
    argparse.ArgumentParser
        The ``ingest`` parser; its ``run`` default is :func:`run`.
    """
    parser = commands.add_parser(
        "ingest",
        help="add a source text and propose its quotes for review",
        description="Store FILE verbatim as a new source and write the quotes it could give "
        "to a review file; then append the accepted ones with --accept REVIEW_FILE.",
    )
    _add_arguments(parser)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="UTF-8 source text")
    for name in METADATA_FIELDS:
        parser.add_argument(f"--{name}", metavar="TEXT", help=f"the source's {name}")
    parser.add_argument("--data", type=Path, help="data directory")
    parser.add_argument(
        "--review",
        type=Path,
        metavar="REVIEW_FILE",
        help="where to write the proposals: a file in <data>/review/ named <id>.review.json "
        "(the default)",
    )
    parser.add_argument(
        "--accept",
        type=Path,
        metavar="REVIEW_FILE",
        help='append the proposals of REVIEW_FILE marked "accept": true to quotes.jsonl',
    )
    parser.add_argument("--all", action="store_true", help="with --accept: every proposal")
    parser.set_defaults(run=run)


DESCRIPTION = "Add a source text and review the quotes it could give."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``corridor ingest`` on its own and return its exit code."""
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    _add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Carry out a parsed ``corridor ingest`` command.

    Returns
    -------
    int
        0 when done, 1 when the input is refused (every problem is printed, nothing is
        written), 2 for a usage error or an unreadable file.
    """
    metadata_given = [name for name in METADATA_FIELDS if getattr(args, name) is not None]
    if args.accept is not None:
        if args.file is not None or metadata_given or args.review is not None:
            return _usage("--accept takes only --data and --all")
        return _accept(data_dir(args.data), args.accept, accept_all=args.all)
    if args.file is None:
        return _usage("give a FILE to ingest, or --accept REVIEW_FILE")
    if args.all:
        return _usage("--all goes with --accept")
    return _ingest(args)


def _ingest(args: argparse.Namespace) -> int:
    text, error = _read_text(args.file, "the source text")
    if text is None:
        return _usage(error)
    root = data_dir(args.data)
    if args.review is not None:
        fault = review_path_fault(root, args.review)
        if fault:
            return _usage(f"--review {args.review}: {fault}")
    metadata = {name: getattr(args, name) for name in METADATA_FIELDS}
    plan = plan_ingest(root, text, metadata, filename=args.file.name)
    if plan.problems:
        return _refused(plan.problems, "nothing was written")
    review = args.review or default_review_path(root, plan.source_id)
    problems = commit_ingest(root, plan, [], review_path=review)
    if problems:
        return _refused(problems, "nothing was written")
    print(_ingest_summary(root, plan, review, args.data))
    return EXIT_OK


def _accept(root: Path, review_file: Path, *, accept_all: bool) -> int:
    text, error = _read_text(review_file, "the review file")
    if text is None:
        return _usage(error)
    review, problems = _parsed(text, str(review_file))
    records: list[dict[str, Any]] = []
    if not problems:
        records, problems = accept_review(review, accept_all=accept_all, name=str(review_file))
    if problems:
        return _refused(problems, f"nothing was appended to {QUOTES_FILE}")
    if not records:
        hint = 'no proposal is marked "accept": true (add --all to append every proposal)'
        print(f"{PROG}: nothing to append: {hint}", file=sys.stderr)
        return EXIT_INVALID
    problems = append_quotes(root, records)
    if problems:
        return _refused(problems, f"nothing was appended to {QUOTES_FILE}")
    for record in records:
        quote, _ = anchoring.selectors_from_json(record["selector"])  # checked when appended
        print(f"appended {record['id']}: {_shown(quote.exact)}")
        print(f"    -> {', '.join(record['segments'])}")
    print(f"{len(records)} quote(s) appended to {root / QUOTES_FILE}")
    return EXIT_OK


def _parsed(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse a review file; a document too deep or too large for the parser is a problem."""
    try:
        return parse_json(text, name)
    except RecursionError:
        return None, [Problem(name, None, "invalid JSON: nested too deeply to read")]
    except (ValueError, OverflowError) as error:  # e.g. an integer of too many digits
        reason = (str(error).splitlines() or [error.__class__.__name__])[0]
        return None, [Problem(name, None, f"invalid JSON: {reason}")]


def _read_text(path: Path, what: str) -> tuple[str | None, str]:
    try:
        if not path.is_file():
            return None, f"{path}: {what} is missing or not a file"
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"{path}: {what} is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
        raw = path.read_bytes()
    except OSError as error:
        return None, f"{path}: cannot read {what}: {error.strerror}"
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        return None, f"{path}: {what} is not UTF-8 (byte {error.start})"


def _ingest_summary(root: Path, plan: IngestPlan, review: Path, data_option: Path | None) -> str:
    sources = root / SOURCES_DIR
    size = len(plan.text.encode("utf-8"))
    lines = [
        f"added source {plan.source_id}: {sources / plan.source_id}.txt ({size:,} bytes) "
        f"and {sources / plan.source_id}.json",
    ]
    if not plan.proposals:
        lines.append("no sentence speaks of a segment: no quote to propose")
    else:
        lines.append(f"{len(plan.proposals)} proposed quote(s), best first:")
    for number, proposal in enumerate(plan.proposals, start=1):
        lines.append(f"  [{number}] score {proposal.score:g}  {_shown(proposal.exact)}")
        lines.append(f"        -> {', '.join(proposal.segments)}")
    data = f" --data {shlex.quote(str(data_option))}" if data_option else ""
    command = f"corridor ingest --accept {shlex.quote(str(review))}{data}"
    lines += [
        f"review file: {review}",
        'to accept: set "accept": true on the proposals to keep, then run',
        f"  {command}",
        "or append every proposal with",
        f"  {command} --all",
    ]
    return "\n".join(lines)


def _shown(text: str) -> str:
    """Quote untrusted text for a terminal: one line, no control characters, shortened."""
    flat = " ".join(text.split())
    safe = "".join("\ufffd" if unicodedata.category(c).startswith("C") else c for c in flat)
    if len(safe) > SHOWN_CHARACTERS:
        safe = safe[: SHOWN_CHARACTERS - 1].rstrip() + "…"
    return f'"{safe}"'


def _refused(problems: Sequence[Problem], outcome: str) -> int:
    for problem in problems:
        print(f"{PROG}: {_printable(str(problem))}", file=sys.stderr)
    print(f"{PROG}: {len(problems)} problem(s); {outcome}.", file=sys.stderr)
    return EXIT_INVALID


def _usage(message: str) -> int:
    print(f"{PROG}: {_printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def _printable(text: str) -> str:
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


if __name__ == "__main__":
    sys.exit(main())
