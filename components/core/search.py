"""Search everything the atlas shows: segments, routes, places, countries, sources and texts.

Every comparison goes through :func:`components.core.textnorm.normalise_for_search`, as the
text search of :func:`components.core.passages.search` does: case, diacritics, apostrophes and
dashes do not matter (``"xian"`` finds ``"Xi'an"``, ``"urumqi"`` finds ``"Ürümqi"``,
``"baku tbilisi"`` finds ``"Baku–Tbilisi–Ceyhan"``), and the words are found as one phrase,
anywhere in a name (``"georgia"`` also finds ``"Georgian border"``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar, cast

import pandas as pd

from components.core.atlas import Atlas
from components.core.nodes import NODE_KIND_LABELS
from components.core.passages import MAX_QUERY_CHARACTERS, Passage, search
from components.core.textnorm import normalise_for_search
from components.core.vocabulary import MODE_LABELS

__all__ = [
    "GROUPS",
    "Group",
    "Match",
    "SearchResults",
    "TextMatch",
    "search_everything",
]

GROUPS = ("segments", "routes", "places", "countries", "sources", "texts")
"""The keys of the result groups, in the order a page shows them."""
_SEGMENT_COLUMNS = ["name", "route", "mode", "via", "countries"]


@dataclass(frozen=True)
class Match:
    """Something with a name that the query was found in.

    Attributes
    ----------
    id : str
        What the item's page is looked up by: a segment, route or source id, a country's
        alpha-2 code; for a place, the facility's id or, for a town known only from the
        segments' ``via``, its name as written there.
    label : str
        The item's name, verbatim.
    detail : str
        A short line about the item (e.g. its route, mode and countries).
    reason : str
        Where the words were found (e.g. ``"passes Port of Poti"``).
    segments : tuple of str
        For a place, the segments that pass it, in the order they are listed; the first one
        is the place's page. Empty for the other groups.
    """

    id: str
    label: str
    detail: str
    reason: str
    segments: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextMatch:
    """The query found in a source text: inside a quote, or elsewhere in the text.

    Attributes
    ----------
    id : str
        ``"<source id>@<start>"``: where the match starts in the source text.
    label : str
        The source's title (empty when it has none).
    detail : str
        ``"In a quote"`` or ``"In the source text"``.
    source : str
        The source's id.
    quote : str or None
        The id of the quote holding the match, if any.
    passage : Passage
        The matched words with the text around them, verbatim.
    segments : tuple of str
        The quote's segments (empty outside quotes).
    """

    id: str
    label: str
    detail: str
    source: str
    quote: str | None
    passage: Passage
    segments: tuple[str, ...] = ()


T = TypeVar("T", Match, TextMatch)


@dataclass(frozen=True)
class Group(Generic[T]):
    """The matches of one kind: the first ``limit_per_group`` of them, and how many there are.

    Attributes
    ----------
    key : str
        One of :data:`GROUPS`.
    items : tuple
        The matches shown, best first.
    total : int
        How many matched before the limit; ``total >= len(items)``.
    """

    key: str
    items: tuple[T, ...] = ()
    total: int = 0

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    @property
    def truncated(self) -> bool:
        """Whether some matches were left out by the limit."""
        return self.total > len(self.items)


@dataclass(frozen=True)
class SearchResults:
    """Everything a query found, grouped.

    Attributes
    ----------
    query : str
        The query as searched: stripped and cut to
        :data:`~components.core.passages.MAX_QUERY_CHARACTERS`.
    segments, routes, places, countries, sources : Group of Match
    texts : Group of TextMatch
        Quotes first, then other places in the source texts.
    """

    query: str = ""
    segments: Group[Match] = field(default_factory=lambda: Group("segments"))
    routes: Group[Match] = field(default_factory=lambda: Group("routes"))
    places: Group[Match] = field(default_factory=lambda: Group("places"))
    countries: Group[Match] = field(default_factory=lambda: Group("countries"))
    sources: Group[Match] = field(default_factory=lambda: Group("sources"))
    texts: Group[TextMatch] = field(default_factory=lambda: Group("texts"))

    @property
    def groups(self) -> tuple[Group, ...]:
        """Every group, in the order of :data:`GROUPS`, empty ones included."""
        return tuple(getattr(self, key) for key in GROUPS)

    @property
    def total(self) -> int:
        """How many matches in all, before the limits."""
        return sum(group.total for group in self.groups)

    def counts(self) -> dict[str, int]:
        """Return the total of each group, by key."""
        return {group.key: group.total for group in self.groups}


def search_everything(atlas: Atlas, query: str, limit_per_group: int = 50) -> SearchResults:
    """Find ``query`` in the names and texts of the atlas, grouped by what was found.

    Parameters
    ----------
    atlas : Atlas
        The loaded data.
    query : str
        Free text, untrusted. Leading and trailing whitespace is ignored and at most
        :data:`~components.core.passages.MAX_QUERY_CHARACTERS` characters are used; a
        query that is empty after normalisation (e.g. only spaces, dashes or apostrophes)
        finds nothing.
    limit_per_group : int, default 50
        The most items kept in each group; the groups' ``total`` counts them all.

    Returns
    -------
    SearchResults
        Six groups. In the first three, matches of whole words come before matches inside a
        word, then file order:

        - ``segments``: by the segment's name, the names of the countries it crosses, the
          places it passes (``via``) and its route's name, in that order of preference;
        - ``routes``: by name, then by description;
        - ``places``: the facilities (``atlas.nodes``, by name), then the towns and other
          places of the segments' ``via`` that are not a facility (compared as searched, so
          ``"Port of Poti"`` in a ``via`` is the facility), each listed once with the segments
          that pass it;
        - ``countries``: the countries some segment crosses, by name (or exact alpha-2 code);
        - ``sources``: by title, author or publisher;
        - ``texts``: the hits of :func:`components.core.passages.search` in the source
          texts, quotes first.

    Examples
    --------
    >>> from components.storage.loading import load_atlas
    >>> found = search_everything(load_atlas(), "Borjomi")
    >>> [match.id for match in found.segments]
    ['btc-georgia']
    """
    query = query.strip()[:MAX_QUERY_CHARACTERS]
    pattern = normalise_for_search(query).text.strip()
    if not pattern:
        return SearchResults(query)
    limit = max(0, limit_per_group)
    return SearchResults(
        query,
        _group("segments", _segments(atlas, pattern), limit),
        _group("routes", _routes(atlas, pattern), limit),
        _group("places", _places(atlas, pattern), limit),
        _group("countries", _countries(atlas, pattern), limit),
        _group("sources", _sources(atlas, pattern), limit),
        _group("texts", _texts(atlas, query), limit),
    )


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    """Return the search form of a name (cached: the same names come back on every query)."""
    return normalise_for_search(text).text


def _found(pattern: str, text: object) -> bool:
    return isinstance(text, str) and pattern in _folded(text)


def _fit(pattern: str, text: object) -> int | None:
    """How well ``pattern`` is found in ``text``: 0 as whole words, 1 inside a word, else None.

    Only the order of the results depends on it: ``"georgia"`` finds ``"Georgian border"``
    too, after the names that say ``"Georgia"``.
    """
    if not isinstance(text, str):
        return None
    folded = _folded(text)
    start = folded.find(pattern)
    if start == -1:
        return None
    while start != -1:
        end = start + len(pattern)
        before = folded[start - 1] if start else " "
        after = folded[end] if end < len(folded) else " "
        if not before.isalnum() and not after.isalnum():
            return 0
        start = folded.find(pattern, start + 1)
    return 1


def _group(key: str, matches: Iterable[T], limit: int) -> Group[T]:
    found = list(matches)
    return Group(key, tuple(found[:limit]), len(found))


def _country_names(atlas: Atlas, codes: Iterable[str]) -> list[str]:
    return [atlas.country_name(code) for code in codes]


def _rows(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(id, {column: value})`` per row (``iterrows`` builds a GeoSeries per row: slow)."""
    # The keys are the names in ``columns``; pandas types a record's keys as any Hashable.
    records = cast("list[dict[str, Any]]", frame[columns].to_dict("records")) if len(frame) else []
    return zip((str(index) for index in frame.index), records, strict=True)


def _segment_fit(
    atlas: Atlas, pattern: str, segment: dict[str, Any]
) -> tuple[tuple[int, int], str] | None:
    """Rank and say where the pattern is best found in a segment, or ``None``.

    Whole words come before parts of words; then the segment's name, the countries it
    crosses, the places it passes and its route's name, in that order.
    """
    route = atlas.routes.get(segment["route"])
    fields = [(0, segment["name"], "in its name")]
    fields += [(1, name, f"crosses {name}") for name in _country_names(atlas, segment["countries"])]
    fields += [(2, place, f"passes {place}") for place in segment["via"]]
    fields += [(3, route.name, "in its route's name")] if route else []
    found = [
        ((fit, kind), reason)
        for kind, text, reason in fields
        if (fit := _fit(pattern, text)) is not None
    ]
    return min(found, key=lambda item: item[0]) if found else None


def _segments(atlas: Atlas, pattern: str) -> list[Match]:
    ranked = []
    for position, (segment_id, segment) in enumerate(_rows(atlas.segments, _SEGMENT_COLUMNS)):
        found = _segment_fit(atlas, pattern, segment)
        if found is None:
            continue
        rank, reason = found
        route = atlas.routes.get(segment["route"])
        detail = " · ".join(
            [
                route.name if route else str(segment["route"]),
                MODE_LABELS.get(segment["mode"], str(segment["mode"])),
                ", ".join(_country_names(atlas, segment["countries"])),
            ]
        )
        ranked.append((rank, position, Match(segment_id, segment["name"], detail, reason)))
    return [match for _, _, match in sorted(ranked, key=lambda item: item[:2])]


def _routes(atlas: Atlas, pattern: str) -> list[Match]:
    ranked = []
    for position, route in enumerate(atlas.routes.values()):
        fits = [
            ((fit, kind), reason)
            for kind, (text, reason) in enumerate(
                [(route.name, "in its name"), (route.description, "in its description")]
            )
            if (fit := _fit(pattern, text)) is not None
        ]
        if not fits:
            continue
        rank, reason = min(fits, key=lambda item: item[0])
        segments = atlas.route_segments(route.id)
        modes = dict.fromkeys(MODE_LABELS.get(mode, mode) for mode in map(str, segments["mode"]))
        count = f"{len(segments)} segment" + ("" if len(segments) == 1 else "s")
        detail = " · ".join([count, ", ".join(modes)]) if modes else count
        ranked.append((rank, position, Match(route.id, route.name, detail, reason)))
    return [match for _, _, match in sorted(ranked, key=lambda item: item[:2])]


@dataclass
class _Place:
    id: str
    name: str
    what: str
    segments: list[str]


def _all_places(atlas: Atlas) -> list[_Place]:
    """Facilities first, then the other places of the segments' ``via``, each once."""
    places: dict[str, _Place] = {}
    for node_id, node in _rows(atlas.nodes, ["name", "kind", "countries", "segments"]):
        kind = NODE_KIND_LABELS.get(node["kind"], str(node["kind"]))
        countries = ", ".join(_country_names(atlas, node["countries"]))
        what = f"{kind} in {countries}" if countries else kind
        place = _Place(node_id, str(node["name"]), what, list(node["segments"]))
        places.setdefault(_folded(place.name).strip(), place)
    for segment_id, segment in _rows(atlas.segments, ["via"]):
        for name in segment["via"]:
            key = _folded(name).strip()
            place = places.setdefault(key, _Place(name, name, "Place on the line", []))
            if segment_id not in place.segments:
                place.segments.append(segment_id)
    return list(places.values())


def _places(atlas: Atlas, pattern: str) -> list[Match]:
    names = dict(zip(atlas.segments.index, atlas.segments["name"], strict=True))
    ranked = []
    for position, place in enumerate(_all_places(atlas)):
        fit = _fit(pattern, place.name)
        if fit is None:
            continue
        passing = [str(names[sid]) for sid in place.segments if sid in names]
        if passing:
            on = f"on {len(passing)} segment" + ("" if len(passing) == 1 else "s")
            detail = f"{place.what} · {on}: {'; '.join(passing)}"
        else:
            detail = place.what
        match = Match(place.id, place.name, detail, "in its name", tuple(place.segments))
        ranked.append((fit, position, match))
    return [match for _, _, match in sorted(ranked, key=lambda item: item[:2])]


def _countries(atlas: Atlas, pattern: str) -> list[Match]:
    crossings: dict[str, int] = {}
    for codes in atlas.segments["countries"]:
        for code in dict.fromkeys(codes):
            crossings[code] = crossings.get(code, 0) + 1
    found = []
    for code in atlas.countries.index:
        if code not in crossings:
            continue
        name = atlas.country_name(code)
        if _found(pattern, name):
            reason = "in its name"
        elif pattern == code.lower():
            reason = "its code"
        else:
            continue
        count = crossings[code]
        detail = f"{count} segment{'' if count == 1 else 's'} cross{'es' if count == 1 else ''} it"
        found.append(Match(str(code), name, detail, reason))
    return found


def _sources(atlas: Atlas, pattern: str) -> list[Match]:
    found = []
    for source in atlas.sources.values():
        fields = (
            ("title", source.title),
            ("author", source.author),
            ("publisher", source.publisher),
        )
        where = next((name for name, value in fields if _found(pattern, value)), None)
        if where is None:
            continue
        detail = " · ".join(
            value or unknown
            for value, unknown in (
                (source.author, "author unknown"),
                (source.publisher, "publisher unknown"),
                (source.published, "date unknown"),
            )
        )
        label = source.title or "Untitled"
        found.append(Match(source.id, label, detail, f"in its {where}"))
    return found


def _texts(atlas: Atlas, query: str) -> list[TextMatch]:
    return [
        TextMatch(
            f"{hit.source}@{hit.start}",
            atlas.sources[hit.source].title or "",
            "In a quote" if hit.quote else "In the source text",
            hit.source,
            hit.quote,
            hit.passage,
            hit.segments,
        )
        for hit in search(atlas, query, limit=sys.maxsize)
    ]
