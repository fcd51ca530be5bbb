"""Turn the sentences of a text that speak of a segment into proposed quotes."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from components.core import anchoring
from components.core.gazetteer import TERM_KINDS, Gazetteer, Term, segment_terms
from components.core.mentions import Mention, MentionFinder
from components.core.support import text_support
from components.ingest.sentences import UniqueIds, slugify, split_sentences

if TYPE_CHECKING:
    from components.core.atlas import Atlas

MAX_QUOTE_ID_LENGTH = 40
QUOTE_CONTEXT = 32
WEIGHTS = {"place": 2.0, "line": 2.0, "sea": 2.0, "route": 1.0, "country": 0.5}
"""Score of a (sentence, segment) pair: per distinct place (a line or a sea counting as a
place), once for the route, per country."""
_PLACE_LIKE = frozenset(kind for kind in TERM_KINDS if kind not in ("route", "country"))
PROPOSE_AT = 2.0
"""A segment scoring at least this is proposed even when it is not the sentence's best."""


# --- proposals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A sentence proposed as a quote, with why.

    Attributes
    ----------
    quote : dict
        A ready ``quotes.jsonl`` record: ``id``, ``source``, ``segments``, ``support`` (the
        level of each link, see :func:`~components.core.support.text_support`),
        ``selector``.
    score : float
        The best score of the sentence's segments.
    reasons : tuple of str
        One line per word found and kind of term:
        ``"'Aktau' (place) -> mc-beyneu-aktau, xb-altynkol-aktau"``.
    start, end : int
        Where the sentence stands in the source text.
    """

    quote: dict[str, Any]
    score: float
    reasons: tuple[str, ...]
    start: int
    end: int

    @property
    def segments(self) -> list[str]:
        """The ids of the segments the quote would support."""
        return list(self.quote["segments"])

    @property
    def exact(self) -> str:
        """The quoted sentence, verbatim."""
        return str(self.quote["selector"][0]["exact"])

    def to_json(self, accept: bool = False) -> dict[str, Any]:
        """Return the review-file form: ``{"accept", "score", "reasons", "quote"}``."""
        return {
            "accept": accept,
            "score": self.score,
            "reasons": list(self.reasons),
            "quote": self.quote,
        }


def propose_quotes(
    text: str,
    source_id: str,
    atlas: Atlas,
    gazetteer: Gazetteer,
    taken_quote_ids: Collection[str] = (),
) -> list[Proposal]:
    """Propose every sentence of a text that speaks of a segment as a quote.

    Parameters
    ----------
    text : str
        The verbatim source text.
    source_id : str
        The id the source has (or will have).
    atlas : Atlas
        Segments and routes to look for (see :func:`segment_terms`).
    gazetteer : Gazetteer
    taken_quote_ids : collection of str
        Quote ids already in use; the proposals' ids avoid them and each other.

    Returns
    -------
    list of Proposal
        Ranked by score (highest first), then by position in the text. For each sentence and
        segment, a place found scores 2 (each distinct place; a name of the segment's line or
        of a sea it crosses counts as a place), the route's name 1 and each country the segment
        crosses 0.5, countries counting only when a place or the route was found. A sentence
        proposes the segments with its best score and those scoring 2 or more.
    """
    terms = segment_terms(atlas, gazetteer)
    index: dict[str, list[tuple[str, Term]]] = {}
    for segment_id, segment_terms_ in terms.items():
        for term in segment_terms_:
            index.setdefault(term.pattern, []).append((segment_id, term))
    finder = MentionFinder(index)
    mentions = finder.find(text)  # in text order
    mention_starts = [mention.start for mention in mentions]
    order = {segment_id: position for position, segment_id in enumerate(terms)}
    ids = UniqueIds(taken_quote_ids, MAX_QUOTE_ID_LENGTH)
    proposals = []
    for start, end in split_sentences(text):
        first, last = bisect_left(mention_starts, start), bisect_left(mention_starts, end)
        inside = [m for m in mentions[first:last] if m.end <= end]
        chosen, scores = _choose_segments(inside, index, order)
        if not chosen:
            continue
        words = text[start:end].split(maxsplit=8)[:8]
        quote_id = ids.make(slugify(" ".join(words), MAX_QUOTE_ID_LENGTH, "quote"))
        support = text_support(text[start:end], chosen, terms, finder)
        quote = {
            "id": quote_id,
            "source": source_id,
            "segments": chosen,
            "support": {segment_id: link.level for segment_id, link in support.items()},
            "selector": anchoring.make_selectors(text, start, end, context=QUOTE_CONTEXT),
        }
        reasons = _reasons(text, inside, index, chosen)
        proposals.append(Proposal(quote, max(scores.values()), reasons, start, end))
    return sorted(proposals, key=lambda p: (-p.score, p.start))


def _choose_segments(
    mentions: list[Mention], index: Mapping[str, list[tuple[str, Term]]], order: dict[str, int]
) -> tuple[list[str], dict[str, float]]:
    places: dict[str, dict[str, float]] = {}  # segment id -> place key -> weight
    routes: set[str] = set()
    countries: dict[str, set[str]] = {}
    for mention in mentions:
        placed: set[str] = set()  # one mention names one place, even if two vertices share it
        for segment_id, term in index[mention.pattern]:
            if term.kind in _PLACE_LIKE:
                if segment_id not in placed:
                    placed.add(segment_id)
                    keys = places.setdefault(segment_id, {})
                    keys[term.key] = max(keys.get(term.key, 0.0), WEIGHTS[term.kind])
            elif term.kind == "route":
                routes.add(segment_id)
            else:
                countries.setdefault(segment_id, set()).add(term.key)
    scores = {
        segment_id: sum(places.get(segment_id, {}).values())
        + WEIGHTS["route"] * (segment_id in routes)
        + WEIGHTS["country"] * len(countries.get(segment_id, ()))
        for segment_id in set(places) | routes
    }
    if not scores:
        return [], {}
    best = max(scores.values())
    chosen = [sid for sid, score in scores.items() if score == best or score >= PROPOSE_AT]
    return sorted(chosen, key=order.__getitem__), scores


def _reasons(
    text: str,
    mentions: list[Mention],
    index: Mapping[str, list[tuple[str, Term]]],
    chosen: list[str],
) -> tuple[str, ...]:
    reasons: dict[str, None] = {}
    for mention in mentions:
        words = " ".join(text[mention.start : mention.end].split())
        for kind in TERM_KINDS:
            segments = [sid for sid, term in index[mention.pattern] if term.kind == kind]
            supported = [sid for sid in chosen if sid in segments]
            if supported:
                reasons[f"'{words}' ({kind}) -> {', '.join(supported)}"] = None
    return tuple(reasons)
