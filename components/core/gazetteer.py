"""The words that speak of a segment: the gazetteer, place names and :func:`segment_terms`."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from components.core.model import is_text
from components.core.problems import Problem
from components.core.textnorm import PLAIN_LETTERS, search_text

if TYPE_CHECKING:  # loading.py imports this module (through support.py): no import at run time
    from components.core.atlas import Atlas

GAZETTEER_FILE = "gazetteer.json"
TABLES = ("routes", "lines", "places", "countries")
"""The tables of ``gazetteer.json``."""
TERM_KINDS = ("place", "line", "sea", "route", "country")
"""What a :class:`Term` may be: see :attr:`Term.kind`."""


# --- terms --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    """Extra words for finding segments in text (``data/gazetteer.json``).

    Attributes
    ----------
    routes : dict of str to tuple of str
        Route id to other names of the route.
    lines : dict of str to tuple of str
        Segment id to the names of the railway (or other line) the segment is part of, such
        as ``"Baku-Tbilisi-Kars railway"``: names of a line, never of a sea or a country.
    places : dict of str to tuple of str
        A place name (as in a segment's ``via``, compared under normalisation) to its aliases.
    countries : dict of str to tuple of str
        ISO alpha-2 code to names and adjectives of the country.
    """

    routes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    places: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    countries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, value: Any, name: str = GAZETTEER_FILE) -> tuple[Gazetteer, list[Problem]]:
        """Build a gazetteer from parsed JSON, keeping the valid entries and reporting the rest.

        Parameters
        ----------
        value : object
            ``{"routes": {...}, "lines": {...}, "places": {...}, "countries": {...}}``, each
            mapping a key to a list of non-empty strings; other top-level keys (such as
            ``about``) are ignored, and a missing table is empty.
        name : str
            The file name for problems.

        Returns
        -------
        tuple of (Gazetteer, list of Problem)
        """
        if not isinstance(value, dict):
            return cls(), [Problem(name, None, "must be a JSON object")]
        problems: list[Problem] = []
        tables = {}
        for part in TABLES:
            table = value.get(part, {})
            if not isinstance(table, dict):
                problems.append(Problem(name, part, "must be an object of lists of names"))
                table = {}
            tables[part] = {}
            for key, names in table.items():
                if not isinstance(names, list) or not all(is_text(n) for n in names):
                    problems.append(Problem(name, f"{part}.{key}", "must be a list of names"))
                    continue
                tables[part][key] = tuple(names)
        return cls(**tables), problems


def gazetteer_problems(
    gazetteer: Gazetteer, segment_ids: Collection[str], route_ids: Collection[str]
) -> list[Problem]:
    """Report the gazetteer's lines and routes that name no segment or route of the data.

    Parameters
    ----------
    gazetteer : Gazetteer
    segment_ids, route_ids : collection of str
        The ids the data has.

    Returns
    -------
    list of Problem
        One per unknown key (``lines.<id>``, ``routes.<id>``): its names would never be found.
    """
    problems = [
        Problem(GAZETTEER_FILE, f"lines.{key}", f"unknown segment {key!r}")
        for key in gazetteer.lines
        if key not in segment_ids
    ]
    problems += [
        Problem(GAZETTEER_FILE, f"routes.{key}", f"unknown route {key!r}")
        for key in gazetteer.routes
        if key not in route_ids
    ]
    return problems


@dataclass(frozen=True, slots=True)
class Term:
    """Words that, found in a sentence, speak of a segment.

    Attributes
    ----------
    text : str
        The words as written in the data.
    kind : str
        One of :data:`TERM_KINDS`: ``"place"`` (a place of the segment's ``via`` or an alias
        of it), ``"line"`` (a name of the segment's own line, from the gazetteer's ``lines``),
        ``"sea"`` (a point at sea that a sea leg passes, such as the Caspian Sea: a region,
        not a place the segment serves), ``"route"`` (a name of the segment's route) or
        ``"country"`` (a country the segment crosses).
    key : str
        What a match counts as: the place (its normalised name), the segment id for a line,
        the route id or the country code. Two terms with the same key count once.
    pattern : str
        The words in search form (see :func:`search_form`); derived from ``text``.
    """

    text: str
    kind: str
    key: str
    pattern: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Slots and no cached property: segment_terms makes hundreds of thousands of terms.
        object.__setattr__(self, "pattern", search_form(self.text))


@lru_cache(maxsize=65536)
def search_form(text: str) -> str:
    """Fold text the way matching compares it: case, diacritics, apostrophes and dashes forgiven.

    Examples
    --------
    >>> search_form("Xi’an–Baku, Türkiye")
    'xian baku, turkiye'
    """
    folded = search_text(text)
    return (folded if folded.isascii() else folded.translate(PLAIN_LETTERS)).strip()


_PARENTHESISED = re.compile(r"\(([^)]*)\)")
_GENERIC_WORDS = re.compile(r"\b(?:port\s+of|station|port|terminal)\b", re.IGNORECASE)
_BORDER = re.compile(r"\bborder between\b", re.IGNORECASE)


def place_names(vertex: str, country_words: Collection[str] = ()) -> list[str]:
    """Return the names by which a ``via`` place may be mentioned.

    Parameters
    ----------
    vertex : str
        A ``via`` entry, e.g. ``"Aktau (sea port)"`` or ``"Absheron station, Baku"``.
    country_words : collection of str
        Search forms of country names: a parenthesised country (``"Khorgos (China)"``) is a
        qualifier, not another name of the place.

    Returns
    -------
    list of str
        The name without any parenthesised part, text after a comma, or the words "Port of",
        "port", "station", "terminal"; then a parenthesised proper name (``"Alat"`` in
        ``"Baku International Sea Trade Port (Alat)"``). Empty for a border vertex.
    """
    return [name for name, _ in _place_forms(vertex, country_words)[0]]


def _place_forms(vertex: str, country_words: Collection[str]) -> tuple[list[tuple[str, str]], str]:
    """Return :func:`place_names` with their search forms, and the plain name of the place.

    The plain name (no parenthesised part, no generic word) is what :func:`is_sea_point` reads.
    """
    if _BORDER.search(vertex):
        return [], ""
    main = vertex.split(",", 1)[0]
    if "(" not in main:  # most places: one name
        plain = _clean_place(main)
        form = search_form(plain)
        return ([(plain, form)] if form else []), plain
    plain = _clean_place(_PARENTHESISED.sub(" ", main))
    names = [plain]
    for inner in _PARENTHESISED.findall(main):
        cleaned = _clean_place(inner)
        proper = cleaned and all(word[:1].isupper() for word in cleaned.split())
        if proper and search_form(cleaned) not in country_words:
            names.append(cleaned)
    forms = [(name, search_form(name)) for name in dict.fromkeys(names)]
    return [(name, form) for name, form in forms if form], plain


def _clean_place(name: str) -> str:
    return " ".join(_GENERIC_WORDS.sub(" ", name).split())


def segment_terms(atlas: Atlas, gazetteer: Gazetteer) -> dict[str, list[Term]]:
    """List, for every segment, the terms that speak of it.

    Parameters
    ----------
    atlas : Atlas
        Its ``segments`` (``route``, ``via``, derived ``countries``), ``routes`` and country
        names are used.
    gazetteer : Gazetteer
        Aliases of places, routes and countries, and the names of lines.

    Returns
    -------
    dict of str to list of Term
        Keyed by segment id, in the atlas' order. Places: the names of each ``via`` place (see
        :func:`place_names`) plus the aliases of every gazetteer place whose name is, under
        normalisation, that name or its first words (``Xi'an`` for ``Xi'an International``);
        a point at sea (see :func:`is_sea_point`) gives terms of kind ``"sea"`` instead.
        Line: the segment's names in the gazetteer's ``lines``. Route: the route's name
        (without any parenthesised part) and its gazetteer names. Countries: the names of the
        countries the segment crosses.
    """
    country_words = {search_form(n) for names in gazetteer.countries.values() for n in names}
    country_words |= {search_form(str(name)) for name in atlas.countries.get("name", [])}
    aliases = _PlaceAliases(gazetteer)
    # The same for every segment through a place, of a route or through a country: made once.
    place_terms = cache(lambda vertex: _place_terms(vertex, aliases, country_words))
    route_terms = cache(lambda route_id: _route_terms(route_id, atlas, gazetteer))
    country_terms = cache(lambda code: _country_terms(code, atlas, gazetteer))
    segments = atlas.segments
    crossed = segments["countries"] if "countries" in segments.columns else [None] * len(segments)
    columns = segments.index.tolist(), segments["via"].tolist(), segments["route"].tolist()
    terms: dict[str, list[Term]] = {}
    for segment_id, via, route_id, codes in zip(*columns, crossed, strict=True):
        found: list[Term] = []
        for vertex in via:
            found += place_terms(vertex)
        lines = gazetteer.lines.get(str(segment_id), ())
        found += [Term(" ".join(name.split()), "line", str(segment_id)) for name in lines]
        found += route_terms(route_id)
        for code in codes or ():
            found += country_terms(code)
        unique: dict[tuple[str, str, str], Term] = {}
        for term in found:
            if term.pattern:
                unique.setdefault((term.pattern, term.kind, term.key), term)
        terms[str(segment_id)] = list(unique.values())
    return terms


def _route_terms(route_id: Any, atlas: Atlas, gazetteer: Gazetteer) -> list[Term]:
    """Return the terms of a route: its name without any parenthesised part, its aliases."""
    route = atlas.routes.get(route_id)
    names = [_PARENTHESISED.sub(" ", route.name)] if route else []
    names += gazetteer.routes.get(route_id, ())
    return [Term(" ".join(name.split()), "route", route_id) for name in names]


def _country_terms(code: Any, atlas: Atlas, gazetteer: Gazetteer) -> list[Term]:
    """Return the terms of a country: its gazetteer names, and its name in the atlas."""
    names = [*gazetteer.countries.get(code, ()), atlas.country_name(code)]
    return [Term(name, "country", code) for name in names if name != code]


_SEA_POINT = re.compile(r"\b(?:sea|ocean)$", re.IGNORECASE)


def is_sea_point(vertex: str) -> bool:
    """Tell whether a ``via`` entry is a point at sea, named after the sea.

    Such a vertex (``"Caspian Sea, south-east of the Absheron Peninsula"``) keeps a ferry line
    off the land; the sea is the region the segment crosses, not a place it serves.

    Examples
    --------
    >>> is_sea_point("Caspian Sea, south-east of the Absheron Peninsula")
    True
    >>> is_sea_point("Baku International Sea Trade Port (Alat)")
    False
    """
    main = _PARENTHESISED.sub(" ", vertex.split(",")[0])
    return bool(_SEA_POINT.search(_clean_place(main)))


class _PlaceAliases:
    """The gazetteer's places, each found by its search form (see :func:`search_form`).

    ``names_for(forms)`` lists the names (the place first, then its aliases) of every place
    whose search form is one of ``forms`` or their first words, in the gazetteer's order: a
    look-up per word of each form, instead of a comparison with every place.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._names: list[tuple[str, ...]] = []
        self._by_form: dict[str, list[int]] = {}
        for place, names in gazetteer.places.items():
            wanted = search_form(_clean_place(place))
            if wanted:
                self._by_form.setdefault(wanted, []).append(len(self._names))
                self._names.append((place, *names))

    def __bool__(self) -> bool:
        return bool(self._by_form)

    def names_for(self, forms: Collection[str]) -> list[str]:
        """Return the names of the places whose form is a form given or its first words."""
        found: set[int] = set()
        for form in forms:
            found.update(self._by_form.get(form, ()))
            end = form.find(" ")  # each run of its first words (forms have single spaces)
            while end != -1:
                found.update(self._by_form.get(form[:end], ()))
                end = form.find(" ", end + 1)
        return [name for place in sorted(found) for name in self._names[place]]


def _place_terms(vertex: str, aliases: _PlaceAliases, country_words: set[str]) -> list[Term]:
    named, plain = _place_forms(vertex, country_words)
    if not named:
        return []
    key = named[0][1]
    kind = "sea" if _SEA_POINT.search(plain) else "place"  # as is_sea_point(vertex)
    terms = [Term(name, kind, key) for name, _ in named]
    if aliases:
        terms += [Term(name, kind, key) for name in aliases.names_for([f for _, f in named])]
    return terms
