"""Check quote records and take the accepted ones from a review file into ``quotes.jsonl``."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from components.domain import anchoring
from components.domain.ingest.sources import taken_quote_ids
from components.domain.ingest.writing import _appended, _write_all
from components.domain.loading import QUOTES_FILE, SLUG, load_routes, load_segments, load_sources
from components.domain.problems import Problem

# --- accepting quotes ---------------------------------------------------------------------------


def quote_record_problems(
    records: Sequence[Any],
    texts: Mapping[str, str],
    segment_ids: Collection[str],
    taken_ids: Collection[str],
) -> list[Problem]:
    """Check quote records before they are appended to ``quotes.jsonl``.

    Parameters
    ----------
    records : sequence
        Parsed records, each to be exactly ``{"id", "source", "segments", "selector"}``.
    texts : mapping of str to str
        Source id to verbatim text.
    segment_ids : collection of str
    taken_ids : collection of str
        Quote ids already in ``quotes.jsonl``.

    Returns
    -------
    list of Problem
        Every problem, each naming the record (``quote #1 (its-id)``): keys, a slug id unused
        and not repeated, a known source, a non-empty list of distinct known segments, and
        selectors whose position holds ``exact`` verbatim (anchoring status ``EXACT``).
    """
    problems = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        quote_id = record.get("id") if isinstance(record, dict) else None
        where = f"quote #{number}" + (f" ({quote_id})" if isinstance(quote_id, str) else "")
        for fault in _record_faults(record, texts, segment_ids, set(taken_ids) | seen):
            problems.append(Problem(QUOTES_FILE, where, fault))
        if isinstance(quote_id, str):
            seen.add(quote_id)
    return problems


def _record_faults(
    record: Any, texts: Mapping[str, str], segment_ids: Collection[str], taken: set[str]
) -> list[str]:
    keys = ("id", "source", "segments", "selector")
    if not isinstance(record, dict) or set(record) != set(keys):
        return [f"must be an object with exactly the keys {', '.join(keys)}"]
    faults = []
    quote_id, source, segments = record["id"], record["source"], record["segments"]
    if not isinstance(quote_id, str) or not SLUG.match(quote_id):
        faults.append("id must be a lower-case slug")
    elif quote_id in taken:
        faults.append("id is already used")
    if (
        not isinstance(segments, list)
        or not segments
        or len(set(map(str, segments))) < len(segments)
    ):
        faults.append("segments must be a non-empty list of distinct segment ids")
    else:
        unknown = [repr(s) for s in segments if s not in segment_ids]
        if unknown:
            faults.append(f"unknown segment {', '.join(unknown)}")
    if not isinstance(source, str) or source not in texts:
        faults.append(f"unknown source {source!r}")
        return faults
    try:
        quote, position = anchoring.selectors_from_json(record["selector"])
    except ValueError as error:
        return [*faults, f"selector: {error}"]
    if position is None:
        return [*faults, "selector: needs a TextPositionSelector"]
    anchor = anchoring.anchor_quote(texts[source], quote, position)
    if anchor.status is not anchoring.AnchorStatus.EXACT:
        faults.append(f"selector does not stand exactly at its position: {anchor.message}")
    return faults


def _quote_problems_against(
    root: Path, records: Sequence[Any], extra_texts: Mapping[str, str]
) -> list[Problem]:
    routes, _ = load_routes(root)
    segments, _ = load_segments(root, set(routes))
    sources, _ = load_sources(root)
    texts = {sid: source.text for sid, source in sources.items()} | dict(extra_texts)
    return quote_record_problems(records, texts, set(segments.index), taken_quote_ids(root))


def accept_review(
    review: Any, *, accept_all: bool = False, name: str = "review"
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Pick the quote records to append from a parsed review file.

    Parameters
    ----------
    review : object
        ``{"source": id, "proposals": [{"accept": bool, "quote": {...}, ...}, ...]}``.
    accept_all : bool, default False
        Take every proposal, not only those marked ``"accept": true``.
    name : str
        The review file's name, for problems.

    Returns
    -------
    tuple of (list of dict, list of Problem)
        The records, and problems with the file's shape (not yet with the records themselves:
        see :func:`append_quotes`).
    """
    if not isinstance(review, dict) or not isinstance(review.get("proposals"), list):
        return [], [Problem(name, None, 'must be an object with a "proposals" list')]
    records, problems = [], []
    for number, proposal in enumerate(review["proposals"], start=1):
        where = f"proposal #{number}"
        if not isinstance(proposal, dict) or "quote" not in proposal:
            problems.append(Problem(name, where, 'must be an object with a "quote"'))
            continue
        accept = proposal.get("accept", False)
        if not isinstance(accept, bool):
            problems.append(Problem(name, where, '"accept" must be true or false'))
            continue
        if not (accept or accept_all):
            continue
        quote = proposal["quote"]
        if isinstance(quote, dict) and quote.get("source") != review.get("source"):
            problems.append(Problem(name, where, "its quote is not of the review's source"))
            continue
        records.append(quote)
    return records, problems


def append_quotes(data_dir: str | Path, records: Sequence[Any]) -> list[Problem]:
    """Check quote records against a data directory and append them all, or none.

    Parameters
    ----------
    data_dir : path-like
        The data directory.
    records : sequence
        Quote records (see :func:`quote_record_problems`).

    Returns
    -------
    list of Problem
        Every problem found (then nothing is written), or empty when all were appended.
    """
    root = Path(data_dir)
    problems = _quote_problems_against(root, records, {})
    if problems:
        return problems
    return _write_all([(root / QUOTES_FILE, _appended(root / QUOTES_FILE, list(records)), False)])
