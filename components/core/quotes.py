"""The one check of a quote record, for the loader and for ingest alike.

A quote record (a line of ``quotes.jsonl``, or a quote accepted from a review file) is a JSON
object with exactly the keys ``id``, ``source``, ``segments`` and ``selector``, and optionally
``support``. :func:`check_quote_records` says everything wrong with each record, in the same
words wherever it is read. Where the quote then stands in its source is a second step with two
rules: the loader follows a quote whose stored position went stale (:func:`anchored_quote`),
while a quote about to be written must stand exactly where its selectors say
(:func:`placement_faults`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from components.core import anchoring
from components.core.anchoring import TextPosition, TextQuote
from components.core.characters import prose_fault
from components.core.model import Furniture, Quote, Source, id_fault, is_id, segment_ids_fault
from components.core.problems import shown, unreadable

QUOTE_KEYS = ("id", "source", "segments", "selector")
OPTIONAL_QUOTE_KEYS = ("support",)
KEYS_RULE = "a quote has exactly the keys id, source, segments, selector, and optionally support"


@dataclass(frozen=True)
class Placement:
    """Where a record says its words stand: a known source and readable selectors."""

    source: str
    selector: TextQuote
    position: TextPosition | None


@dataclass(frozen=True)
class QuoteRecord:
    """A quote record with nothing wrong, before it is placed in its source."""

    id: str
    segments: tuple[str, ...]
    placement: Placement


@dataclass(frozen=True)
class CheckedQuote:
    """One record and what :func:`check_quote_records` found.

    ``record`` is ``None`` when anything is wrong, and ``faults`` then says every fault.
    ``placement`` is there whenever the source is known and the selectors readable, even if
    other fields are wrong, so that where the words stand can be checked too.
    """

    number: int
    raw: Any
    record: QuoteRecord | None
    placement: Placement | None
    faults: tuple[str, ...]

    def place(self, where: str) -> str:
        """Name the record: ``where`` (``line 3``, ``quote #1``) and its id if that is valid."""
        quote_id = self.raw.get("id") if isinstance(self.raw, dict) else None
        return f"{where} ({quote_id})" if is_id(quote_id) else where


def check_quote_records(
    records: Iterable[tuple[int, Any]],
    source_ids: Collection[str],
    segment_ids: Collection[str],
    taken_ids: Collection[str] = (),
) -> Iterator[CheckedQuote]:
    """Check parsed quote records, each against the ids known and the ids used before it.

    Parameters
    ----------
    records : iterable of (int, object)
        Each record with its number (a line of ``quotes.jsonl``, a quote of a review).
    source_ids, segment_ids : collection of str
        The sources and segments a quote may name.
    taken_ids : collection of str, optional
        Quote ids already in use; every valid id met is added, so an id may not repeat.

    Yields
    ------
    CheckedQuote
        Per record: its keys (exactly :data:`QUOTE_KEYS`, and optionally ``support``), a slug
        id not used before, a known source, a non-empty list of distinct known segments, and
        readable selectors whose words pass the character policy. An unexpected error in one
        record is that record's fault, not the end of the check.
    """
    taken = set(taken_ids)
    for number, raw in records:
        try:
            record, placement, faults = _checked(raw, source_ids, segment_ids, taken)
        except Exception as error:
            record, placement, faults = None, None, [unreadable(error)]
        quote_id = raw.get("id") if isinstance(raw, dict) else None
        if is_id(quote_id):
            taken.add(quote_id)
        yield CheckedQuote(number, raw, record, placement, tuple(faults))


def _checked(
    raw: Any, source_ids: Collection[str], segment_ids: Collection[str], taken: set[str]
) -> tuple[QuoteRecord | None, Placement | None, list[str]]:
    # The record comes from a file anyone may have edited: nothing here compares, hashes or
    # prints a value before knowing it is a string (a list nested 10,000 deep would recurse).
    if not isinstance(raw, dict):
        return None, None, [f"must be a JSON object: {KEYS_RULE}"]
    missing = [key for key in QUOTE_KEYS if key not in raw]
    if missing:
        return None, None, [f"missing {', '.join(missing)}: {KEYS_RULE}"]
    faults: list[str | None] = []
    unexpected = [key for key in raw if key not in QUOTE_KEYS + OPTIONAL_QUOTE_KEYS]
    if unexpected:
        faults.append(f"unexpected key {', '.join(map(shown, unexpected[:5]))}: {KEYS_RULE}")
    quote_id, source, segments = raw["id"], raw["source"], raw["segments"]
    fault = id_fault(quote_id)
    if fault is None and quote_id in taken:
        fault = "id is already used"
    faults.append(fault)
    faults.append(_segments_fault(segments, segment_ids))
    known_source = isinstance(source, str) and source in source_ids
    if not known_source:
        faults.append(f"unknown source {shown(source)}")
    try:
        selector, position = anchoring.selectors_from_json(raw["selector"])
    except ValueError as error:
        return None, None, [*filter(None, faults), f"selector: {error}"]
    for part in ("exact", "prefix", "suffix"):
        fault = prose_fault(getattr(selector, part))
        faults.append(f"selector: {part} {fault}" if fault else None)
    placement = Placement(source, selector, position) if known_source else None
    found = [fault for fault in faults if fault]
    if found or placement is None:  # no placement: the source is unknown, a fault found
        return None, placement, found
    return QuoteRecord(quote_id, tuple(segments), placement), placement, []


def _segments_fault(segments: object, known: Collection[str]) -> str | None:
    fault = segment_ids_fault(segments, known)
    if fault is None and isinstance(segments, list) and len(set(segments)) < len(segments):
        repeated = sorted(segment for segment, count in Counter(segments).items() if count > 1)
        return f"segments must be distinct: {', '.join(map(shown, repeated[:5]))} repeated"
    return fault


def anchored_quote(
    record: QuoteRecord, source: Source
) -> tuple[Quote | None, str | None, str | None]:
    """Find a checked record's words in its source, following a stale position if need be.

    Returns
    -------
    tuple of (Quote or None, str or None, str or None)
        The quote and no fault, or no quote and what went wrong (the words are missing, match
        more than one place, or stand in the page furniture); the third item is a notice when
        the quote was re-anchored from a stale position.
    """
    placement = record.placement
    anchor = anchoring.anchor_quote(source.text, placement.selector, placement.position)
    start, end = anchor.start, anchor.end
    if start is None or end is None:  # not found
        return None, f"{anchor.status.value} in source {source.id!r}: {anchor.message}", None
    fault = _furniture_fault(source.furniture, start, end)
    if fault:
        return None, fault, None
    quote = Quote(
        record.id,
        placement.source,
        record.segments,
        placement.selector,
        placement.position,
        start,
        end,
    )
    notice = anchor.message if anchor.status is anchoring.AnchorStatus.REANCHORED else None
    return quote, None, notice


def placement_faults(
    placement: Placement, text: str, furniture: Sequence[Furniture] = ()
) -> list[str]:
    """Say why a checked record may not be written as it is: it must stand exactly in ``text``.

    A quote about to be appended carries a ``TextPositionSelector`` at which its ``exact``
    words stand verbatim (anchoring status ``EXACT``), with ``prefix`` and ``suffix`` the text
    just around them, and not in the page ``furniture`` of its source.
    """
    quote, position = placement.selector, placement.position
    if position is None:
        return ["selector: needs a TextPositionSelector"]
    anchor = anchoring.anchor_quote(text, quote, position)
    if anchor.status is not anchoring.AnchorStatus.EXACT:
        return [f"selector does not stand exactly at its position: {anchor.message}"]
    if not (
        text.endswith(quote.prefix, 0, position.start)
        and text.startswith(quote.suffix, position.end)
    ):
        return ["selector: prefix and suffix must be the text just around the quote"]
    fault = _furniture_fault(furniture, position.start, position.end)
    return [fault] if fault else []


def _furniture_fault(furniture: Sequence[Furniture], start: int, end: int) -> str | None:
    overlapping = [piece for piece in furniture if piece.start < end and start < piece.end]
    if overlapping:
        return f"stands in the page furniture ({overlapping[0].what}), not the article"
    return None
