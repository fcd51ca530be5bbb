"""The evidence behind the map: quotes in their context, highlighted texts, search, annotations."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components.core.atlas import Atlas
from components.core.model import Quote, is_web_address
from components.core.textnorm import find_all

CONTEXT_CHARACTERS = 90
MAX_QUERY_CHARACTERS = 200
ANNOTATION_CONTEXT = [
    "http://www.w3.org/ns/anno.jsonld",
    {"corridor": "urn:corridor-atlas:vocab#"},
]
"""The W3C Web Annotation context, plus the project's terms ``corridor:support`` and
``corridor:supportWords`` (the support level of a quote-segment link and its deciding words)."""


@dataclass(frozen=True)
class Passage:
    """Words of a text with the text around them, verbatim."""

    before: str
    match: str
    after: str


def passage(
    text: str,
    start: int,
    end: int,
    width: int = CONTEXT_CHARACTERS,
    within: tuple[int, int] | None = None,
) -> Passage:
    """Return ``text[start:end]`` with up to ``width`` characters each side, cut at spaces.

    A cut side starts (or ends) with ``…``. ``within`` bounds the context (e.g. the article
    without the page furniture around it).
    """
    low, high = within or (0, len(text))
    left, right = max(low, start - width), min(high, end + width)
    before, after = text[left:start], text[end:right]
    if left > low:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    if right < high:
        after = after[: after.rfind(" ")] + "…" if " " in after else after + "…"
    return Passage(before, text[start:end], after)


def quote_passage(atlas: Atlas, quote: Quote, width: int = CONTEXT_CHARACTERS) -> Passage:
    """Return a quote's exact words as they stand in its source, with their context."""
    source = atlas.sources[quote.source]
    within = source.article_span(quote.start, quote.end)
    return passage(source.text, quote.start, quote.end, width, within)


@dataclass(frozen=True)
class Piece:
    """A run of a text and the ids of the quotes that cover it (empty: plain text)."""

    start: int
    end: int
    quotes: tuple[str, ...]


def highlight_pieces(length: int, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """Cut a text of ``length`` characters into runs covered by the same set of quotes.

    Parameters
    ----------
    length : int
        Length of the text.
    spans : iterable of (start, end, quote id)
        Where each quote stands; spans may overlap.

    Returns
    -------
    list of Piece
        Consecutive pieces covering ``[0, length)``, each with the quotes over it, in the
        order of the quotes' starts.
    """
    spans = sorted(spans)
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if start >= end or end > length:
            continue
        covering = tuple(qid for s, e, qid in spans if s <= start and end <= e)
        if pieces and pieces[-1].quotes == covering:
            pieces[-1] = Piece(pieces[-1].start, end, covering)
        else:
            pieces.append(Piece(start, end, covering))
    return pieces


def route_neighbours(atlas: Atlas, segment_id: str) -> tuple[str | None, str | None]:
    """Return the segments before and after ``segment_id`` on its route (file order)."""
    route = str(atlas.segments.at[segment_id, "route"])
    ids = list(atlas.route_segments(route).index)
    index = ids.index(segment_id)
    return (ids[index - 1] if index > 0 else None), (
        ids[index + 1] if index + 1 < len(ids) else None
    )


@dataclass(frozen=True)
class Hit:
    """One place where a search matched: in a quote, or elsewhere in a source text."""

    source: str
    quote: str | None
    start: int
    end: int
    passage: Passage
    segments: tuple[str, ...]


def search(atlas: Atlas, query: str, limit: int = 50) -> list[Hit]:
    """Find ``query`` in the source texts, forgiving case, diacritics, apostrophes and dashes.

    A match inside a quote is reported as that quote (with its segments); other matches as
    places in the source. Quote hits come first, then source order.

    Parameters
    ----------
    atlas : Atlas
    query : str
        Free text; at most :data:`MAX_QUERY_CHARACTERS` characters are used.
    limit : int
        The most hits returned.
    """
    query = query.strip()[:MAX_QUERY_CHARACTERS]
    if not query:
        return []
    hits = []
    for source_id, source in atlas.sources.items():
        quotes = [q for q in atlas.quotes if q.source == source_id]
        for start, end in find_all(source.text, query, search=True):
            quote = next((q for q in quotes if q.start <= start and end <= q.end), None)
            hits.append(
                Hit(
                    source_id,
                    quote.id if quote else None,
                    start,
                    end,
                    passage(source.text, start, end, within=source.article_span(start, end)),
                    quote.segments if quote else (),
                )
            )
    hits.sort(key=lambda hit: (hit.quote is None, hit.source, hit.start))
    return hits[:limit]


def web_annotations(atlas: Atlas, quotes: Sequence[Quote]) -> dict:
    """Return quotes as a W3C Web Annotation collection (JSON-LD).

    Each annotation's body names the segments the quote supports, one tagging body each,
    with the link's ``corridor:support`` level and ``corridor:supportWords``; its target is the
    source with both a TextQuoteSelector and a TextPositionSelector (as anchored now).
    """
    items = []
    for quote in quotes:
        source = atlas.sources[quote.source]
        items.append(
            {
                "id": f"urn:corridor-atlas:quote:{quote.id}",
                "type": "Annotation",
                "motivation": "describing",
                "body": [
                    {
                        "type": "TextualBody",
                        "purpose": "tagging",
                        "value": segment_id,
                        "format": "text/plain",
                        "corridor:support": atlas.support[quote.id][segment_id].level,
                        "corridor:supportWords": list(atlas.support[quote.id][segment_id].words),
                    }
                    for segment_id in quote.segments
                ],
                "target": {
                    "source": _target_source(source.url, source.id),
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": quote.exact,
                            "prefix": quote.selector.prefix,
                            "suffix": quote.selector.suffix,
                        },
                        {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
                    ],
                },
            }
        )
    return {
        "@context": ANNOTATION_CONTEXT,
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def _target_source(url: str | None, source_id: str) -> str:
    if url and is_web_address(url):
        return url
    return f"urn:corridor-atlas:source:{source_id}"
