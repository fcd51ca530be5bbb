"""Check quote records and take the accepted ones from a review file into ``quotes.jsonl``."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from components.core import anchoring
from components.core.atlas import Atlas
from components.core.gazetteer import Gazetteer, segment_terms
from components.core.mentions import MentionFinder
from components.core.model import Furniture
from components.core.problems import Problem
from components.core.quotes import check_quote_records, placement_faults
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

# --- accepting quotes ---------------------------------------------------------------------------


def quote_record_problems(
    records: Sequence[Any],
    texts: Mapping[str, str],
    segment_ids: Collection[str],
    taken_ids: Collection[str],
    furniture: Mapping[str, Sequence[Furniture]] | None = None,
) -> list[Problem]:
    """Check quote records before they are appended to ``quotes.jsonl``.

    Parameters
    ----------
    records : sequence
        Parsed records, with or without ``support`` (which :func:`with_support` recomputes
        before a write).
    texts : mapping of str to str
        Source id to verbatim text.
    segment_ids : collection of str
    taken_ids : collection of str
        Quote ids already in ``quotes.jsonl``.
    furniture : mapping of str to sequence of Furniture, optional
        Source id to the page furniture of its text, where no quote may stand.

    Returns
    -------
    list of Problem
        Every problem, each naming the record (``quote #1 (its-id)``): what the loader checks
        (:func:`~components.core.quotes.check_quote_records`), and then that each quote stands
        exactly where its selectors say (:func:`~components.core.quotes.placement_faults`).
    """
    problems = []
    for entry in check_quote_records(
        enumerate(records, start=1), texts.keys(), segment_ids, taken_ids
    ):
        faults = list(entry.faults)
        placement = entry.placement
        if placement is not None:
            around = (furniture or {}).get(placement.source, ())
            faults += placement_faults(placement, texts[placement.source], around)
        where = entry.place(f"quote #{entry.number}")
        problems.extend(Problem(QUOTES_FILE, where, fault) for fault in faults)
    return problems


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
    furniture = {sid: source.furniture for sid, source in sources.items()}
    taken = taken_quote_ids(root)
    return quote_record_problems(records, texts, set(segments.index), taken, furniture)


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
