"""Check quote records and take the accepted ones from a review file into ``quotes.jsonl``."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from components.core import anchoring
from components.core.atlas import Atlas
from components.core.characters import ID_MAX_LENGTH, prose_fault
from components.core.gazetteer import Gazetteer, segment_terms
from components.core.mentions import MentionFinder
from components.core.model import SLUG
from components.core.problems import Problem
from components.core.support import record_with_support, text_support
from components.ingest.sources import taken_quote_ids
from components.ingest.writing import appended, under_lock, write_all
from components.storage.loading import (
    QUOTES_FILE,
    load_atlas,
    load_routes,
    load_segments,
    load_sources,
)
from components.storage.supporting import load_gazetteer

_KEYS = ("id", "source", "segments", "selector")
"""The keys a quote record must have; ``support`` may be there too (it is recomputed)."""

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
        Parsed records, each to be exactly ``{"id", "source", "segments", "selector"}``, with
        or without ``support`` (which :func:`with_support` recomputes before a write).
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
    taken = set(taken_ids)  # grows with each record's id: ids must not repeat either
    for number, record in enumerate(records, start=1):
        quote_id = record.get("id") if isinstance(record, dict) else None
        shown_id = isinstance(quote_id, str) and _is_id(quote_id)
        where = f"quote #{number}" + (f" ({quote_id})" if shown_id else "")
        for fault in _record_faults(record, texts, segment_ids, taken):
            problems.append(Problem(QUOTES_FILE, where, fault))
        if isinstance(quote_id, str):
            taken.add(quote_id)
    return problems


def _is_id(value: str) -> bool:
    return len(value) <= ID_MAX_LENGTH and SLUG.fullmatch(value) is not None


def _record_faults(
    record: Any, texts: Mapping[str, str], segment_ids: Collection[str], taken: set[str]
) -> list[str]:
    # The record comes from a file anyone may have edited: nothing here compares, hashes or
    # prints a value before knowing it is a string (a list nested 10,000 deep would recurse).
    if not isinstance(record, dict) or not set(_KEYS) <= set(record) <= {*_KEYS, "support"}:
        keys = ", ".join(_KEYS)
        return [f"must be an object with exactly the keys {keys}, and optionally support"]
    faults = []
    quote_id, source, segments = record["id"], record["source"], record["segments"]
    if not isinstance(quote_id, str) or not _is_id(quote_id):
        faults.append(f"id must be a lower-case slug of at most {ID_MAX_LENGTH} characters")
    elif quote_id in taken:
        faults.append("id is already used")
    if (
        not isinstance(segments, list)
        or not segments
        or not all(isinstance(segment, str) for segment in segments)
        or len(set(segments)) < len(segments)
    ):
        faults.append("segments must be a non-empty list of distinct segment ids")
    else:
        unknown = [repr(s[:80]) for s in segments if s not in segment_ids]
        if unknown:
            faults.append(f"unknown segment {', '.join(unknown)}")
    if not isinstance(source, str) or source not in texts:
        faults.append(
            f"unknown source {source[:80]!r}"
            if isinstance(source, str)
            else "source must be the id of a source"
        )
        return faults
    try:
        quote, position = anchoring.selectors_from_json(record["selector"])
    except ValueError as error:
        return [*faults, f"selector: {error}"]
    if position is None:
        return [*faults, "selector: needs a TextPositionSelector"]
    for part in ("exact", "prefix", "suffix"):
        fault = prose_fault(getattr(quote, part))
        if fault:
            faults.append(f"selector: {part} {fault}")
    text = texts[source]
    anchor = anchoring.anchor_quote(text, quote, position)
    if anchor.status is not anchoring.AnchorStatus.EXACT:
        faults.append(f"selector does not stand exactly at its position: {anchor.message}")
    elif not (
        text.endswith(quote.prefix, 0, position.start)
        and text.startswith(quote.suffix, position.end)
    ):
        faults.append("selector: prefix and suffix must be the text just around the quote")
    return faults


def quote_problems_against(
    root: Path, records: Sequence[Any], extra_texts: Mapping[str, str]
) -> list[Problem]:
    """Check quote records against a data directory's segments, sources and taken quote ids.

    ``extra_texts`` are the texts of sources not written yet (source id to text), for a new
    source whose quotes are checked before it is saved.
    """
    routes, _ = load_routes(root)
    segments, _ = load_segments(root, set(routes))
    sources, _ = load_sources(root)
    texts = {sid: source.text for sid, source in sources.items()} | dict(extra_texts)
    return quote_record_problems(records, texts, set(segments.index), taken_quote_ids(root))


def with_support(
    records: Sequence[dict[str, Any]], atlas: Atlas, gazetteer: Gazetteer
) -> list[dict[str, Any]]:
    """Give each quote record the support level of its links, computed from its words.

    Parameters
    ----------
    records : sequence of dict
        Records that passed :func:`quote_record_problems` (known segments, a readable
        selector).
    atlas : Atlas
        The segments, routes and countries whose names are looked for.
    gazetteer : Gazetteer

    Returns
    -------
    list of dict
        New records, keys in the order ``id, source, segments, support, selector``; any
        ``support`` they had is replaced (see :func:`~components.core.support.text_support`).
    """
    terms = segment_terms(atlas, gazetteer)
    finder = MentionFinder(term.pattern for found in terms.values() for term in found)
    supported = []
    for record in records:
        quote, _ = anchoring.selectors_from_json(record["selector"])
        links = text_support(quote.exact, record["segments"], terms, finder)
        levels = {segment_id: link.level for segment_id, link in links.items()}
        supported.append(record_with_support(record, levels))
    return supported


def _with_support_of(
    root: Path, records: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    gazetteer, problems = load_gazetteer(root)
    if problems:
        return [], problems
    return with_support(records, load_atlas(root), gazetteer), []


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
        quote, source = proposal["quote"], review.get("source")
        quote_source = quote.get("source") if isinstance(quote, dict) else None
        # compared only as strings: == on two deeply nested lists would recurse
        if isinstance(quote, dict) and not (
            isinstance(source, str) and isinstance(quote_source, str) and quote_source == source
        ):
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
        Every problem found (then nothing is written), or empty when all were appended, each
        with the support levels computed against the data (see :func:`with_support`). The
        check and the append happen under the data directory's writers' lock
        (:func:`~components.storage.writes.write_lock`), so a quote saved meanwhile by someone
        else is neither lost nor duplicated.
    """
    root = Path(data_dir)

    def check_and_append() -> list[Problem]:  # under the lock: both see the same quotes.jsonl
        problems = quote_problems_against(root, records, {})
        if problems:
            return problems
        supported, problems = _with_support_of(root, records)
        if problems:
            return problems
        content = appended(root / QUOTES_FILE, supported)
        return write_all([(root / QUOTES_FILE, content, False)])

    return under_lock(root, check_and_append)
