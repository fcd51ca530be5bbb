"""Find a segment's words in a text and turn the sentences that speak of it into quotes."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from components.domain import anchoring
from components.domain.ingest.gazetteer import Gazetteer, Term, segment_terms
from components.domain.ingest.text import _PLAIN_LETTERS, slugify, split_sentences, unique_id
from components.domain.loading import Atlas
from components.domain.textnorm import APOSTROPHES, normalise_for_search

MAX_QUOTE_ID_LENGTH = 40
QUOTE_CONTEXT = 32
WEIGHTS = {"place": 2.0, "route": 1.0, "country": 0.5}
"""Score of a (sentence, segment) pair: per distinct place, once for the route, per country."""
PROPOSE_AT = 2.0
"""A segment scoring at least this is proposed even when it is not the sentence's best."""


# --- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """Where a term's search form was found: ``text[start:end]`` verbatim."""

    start: int
    end: int
    pattern: str


def find_mentions(text: str, patterns: Iterable[str]) -> list[Mention]:
    """Find whole-word occurrences of search forms in a verbatim text.

    Parameters
    ----------
    text : str
        The verbatim text.
    patterns : iterable of str
        Search forms (see :func:`search_form`).

    Returns
    -------
    list of Mention
        In text order, with original offsets. A match must stand between word boundaries in the
        normalised text, but may be followed by a possessive ``'s`` (``Kazakhstan’s``). Where
        matches overlap, the longest wins (``Baku-Tbilisi-Ceyhan`` is a route, not a mention of
        ``Tbilisi``).
    """
    hay = normalise_for_search(text)
    folded = hay.text.translate(_PLAIN_LETTERS)
    found: list[tuple[int, int, str]] = []
    for pattern in set(patterns):
        if not pattern:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(pattern)}", folded):
            if _ends_word(text, hay.starts, hay.ends, folded, match.end()):
                found.append((match.start(), match.end(), pattern))
    kept: list[tuple[int, int, str]] = []
    for start, end, pattern in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
            kept.append((start, end, pattern))
    return [
        Mention(*hay.original_span(start, end), pattern) for start, end, pattern in sorted(kept)
    ]


def _ends_word(
    text: str, starts: Sequence[int], ends: Sequence[int], folded: str, end: int
) -> bool:
    if end == len(folded) or not _is_word_char(folded[end]):
        return True
    possessive = folded[end] == "s" and (
        end + 1 == len(folded) or not _is_word_char(folded[end + 1])
    )
    gap = text[ends[end - 1] : starts[end]]
    return possessive and any(char in APOSTROPHES or char == "'" for char in gap)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# --- proposals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A sentence proposed as a quote, with why.

    Attributes
    ----------
    quote : dict
        A ready ``quotes.jsonl`` record: ``id``, ``source``, ``segments``, ``selector``.
    score : float
        The best score of the sentence's segments.
    reasons : tuple of str
        One line per word found: ``"'Aktau' (place) -> mc-beyneu-aktau, xb-altynkol-aktau"``.
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
        segment, a place found scores 2 (each distinct place), the route's name 1 and each
        country the segment crosses 0.5, countries counting only when a place or the route was
        found. A sentence proposes the segments with its best score and those scoring 2 or more.
    """
    terms = segment_terms(atlas, gazetteer)
    index: dict[str, list[tuple[str, Term]]] = {}
    for segment_id, segment_terms_ in terms.items():
        for term in segment_terms_:
            index.setdefault(term.pattern, []).append((segment_id, term))
    mentions = find_mentions(text, index)
    order = {segment_id: position for position, segment_id in enumerate(terms)}
    taken = set(taken_quote_ids)
    proposals = []
    for start, end in split_sentences(text):
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        chosen, scores = _choose_segments(inside, index, order)
        if not chosen:
            continue
        quote_id = unique_id(
            slugify(" ".join(text[start:end].split()[:8]), MAX_QUOTE_ID_LENGTH, "quote"),
            taken,
            MAX_QUOTE_ID_LENGTH,
        )
        taken.add(quote_id)
        quote = {
            "id": quote_id,
            "source": source_id,
            "segments": chosen,
            "selector": anchoring.make_selectors(text, start, end, context=QUOTE_CONTEXT),
        }
        reasons = _reasons(text, inside, index, chosen)
        proposals.append(Proposal(quote, max(scores.values()), reasons, start, end))
    return sorted(proposals, key=lambda p: (-p.score, p.start))


def _choose_segments(
    mentions: list[Mention], index: Mapping[str, list[tuple[str, Term]]], order: dict[str, int]
) -> tuple[list[str], dict[str, float]]:
    places: dict[str, set[str]] = {}
    routes: set[str] = set()
    countries: dict[str, set[str]] = {}
    for mention in mentions:
        placed: set[str] = set()  # one mention names one place, even if two vertices share it
        for segment_id, term in index[mention.pattern]:
            if term.kind == "place":
                if segment_id not in placed:
                    placed.add(segment_id)
                    places.setdefault(segment_id, set()).add(term.key)
            elif term.kind == "route":
                routes.add(segment_id)
            else:
                countries.setdefault(segment_id, set()).add(term.key)
    scores = {
        segment_id: WEIGHTS["place"] * len(places.get(segment_id, ()))
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
        for kind in ("place", "route", "country"):
            segments = [sid for sid, term in index[mention.pattern] if term.kind == kind]
            supported = [sid for sid in chosen if sid in segments]
            if supported:
                reasons[f"'{words}' ({kind}) -> {', '.join(supported)}"] = None
    return tuple(reasons)
