"""The words that speak of a segment: the gazetteer, place names and :func:`segment_terms`."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from components.domain.files import read_json
from components.domain.ingest.text import _PLAIN_LETTERS
from components.domain.loading import Atlas
from components.domain.problems import Problem
from components.domain.textnorm import normalise_for_search

GAZETTEER_FILE = "gazetteer.json"


# --- terms --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    """Extra words for finding segments in text (``data/gazetteer.json``).

    Attributes
    ----------
    routes : dict of str to tuple of str
        Route id to other names of the route.
    places : dict of str to tuple of str
        A place name (as in a segment's ``via``, compared under normalisation) to its aliases.
    countries : dict of str to tuple of str
        ISO alpha-2 code to names and adjectives of the country.
    """

    routes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    places: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    countries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, value: Any, name: str = GAZETTEER_FILE) -> tuple[Gazetteer, list[Problem]]:
        """Build a gazetteer from parsed JSON, keeping the valid entries and reporting the rest.

        Parameters
        ----------
        value : object
            ``{"routes": {...}, "places": {...}, "countries": {...}}``, each mapping a key to a
            list of non-empty strings; other top-level keys (such as ``about``) are ignored.
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
        for part in ("routes", "places", "countries"):
            table = value.get(part, {})
            if not isinstance(table, dict):
                problems.append(Problem(name, part, "must be an object of lists of names"))
                table = {}
            tables[part] = {}
            for key, names in table.items():
                if not isinstance(names, list) or not all(_is_text(n) for n in names):
                    problems.append(Problem(name, f"{part}.{key}", "must be a list of names"))
                    continue
                tables[part][key] = tuple(names)
        return cls(**tables), problems


def load_gazetteer(data_dir: str | Path) -> tuple[Gazetteer, list[Problem]]:
    """Read ``gazetteer.json`` of a data directory; a missing file is an empty gazetteer.

    Parameters
    ----------
    data_dir : path-like
        The data directory.

    Returns
    -------
    tuple of (Gazetteer, list of Problem)
    """
    root = Path(data_dir)
    if not (root / GAZETTEER_FILE).exists():
        return Gazetteer(), []
    value, problems = read_json(root, GAZETTEER_FILE)
    if value is None:
        return Gazetteer(), problems
    gazetteer, more = Gazetteer.from_json(value)
    return gazetteer, problems + more


@dataclass(frozen=True)
class Term:
    """Words that, found in a sentence, speak of a segment.

    Attributes
    ----------
    text : str
        The words as written in the data.
    kind : str
        ``"place"``, ``"route"`` or ``"country"``.
    key : str
        What a match counts as: the place (its normalised name), the route id or the country
        code. Two terms with the same key count once.
    """

    text: str
    kind: str
    key: str

    @property
    def pattern(self) -> str:
        """The words in search form (see :func:`search_form`)."""
        return search_form(self.text)


def search_form(text: str) -> str:
    """Fold text the way matching compares it: case, diacritics, apostrophes and dashes forgiven.

    Examples
    --------
    >>> search_form("Xi’an–Baku, Türkiye")
    'xian baku, turkiye'
    """
    return normalise_for_search(text).text.translate(_PLAIN_LETTERS).strip()


_PARENTHESISED = re.compile(r"\(([^)]*)\)")
_GENERIC_WORDS = re.compile(r"\b(?:port\s+of|station|port|terminal)\b", re.IGNORECASE)


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
    if re.search(r"\bborder between\b", vertex, re.IGNORECASE):
        return []
    main = vertex.split(",")[0]
    names = [_clean_place(_PARENTHESISED.sub(" ", main))]
    for inner in _PARENTHESISED.findall(main):
        cleaned = _clean_place(inner)
        proper = cleaned and all(word[:1].isupper() for word in cleaned.split())
        if proper and search_form(cleaned) not in country_words:
            names.append(cleaned)
    return [name for name in dict.fromkeys(names) if search_form(name)]


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
        Aliases of places, routes and countries.

    Returns
    -------
    dict of str to list of Term
        Keyed by segment id, in the atlas' order. Places: the names of each ``via`` place (see
        :func:`place_names`) plus the aliases of every gazetteer place whose name is, under
        normalisation, that name or its first words (``Xi'an`` for ``Xi'an International``).
        Route: the route's name (without any parenthesised part) and its gazetteer names.
        Countries: the names of the countries the segment crosses.
    """
    country_words = {search_form(n) for names in gazetteer.countries.values() for n in names}
    country_words |= {search_form(str(name)) for name in atlas.countries.get("name", [])}
    terms: dict[str, list[Term]] = {}
    for segment_id, row in atlas.segments.iterrows():
        found: list[Term] = []
        for vertex in row["via"]:
            found += _place_terms(vertex, gazetteer, country_words)
        route = atlas.routes.get(row["route"])
        route_names = [_PARENTHESISED.sub(" ", route.name)] if route else []
        route_names += gazetteer.routes.get(row["route"], ())
        found += [Term(" ".join(name.split()), "route", row["route"]) for name in route_names]
        for code in row.get("countries", None) or ():
            names = [*gazetteer.countries.get(code, ()), atlas.country_name(code)]
            found += [Term(name, "country", code) for name in names if name != code]
        unique: dict[tuple[str, str, str], Term] = {}
        for term in found:
            if term.pattern:
                unique.setdefault((term.pattern, term.kind, term.key), term)
        terms[str(segment_id)] = list(unique.values())
    return terms


def _place_terms(vertex: str, gazetteer: Gazetteer, country_words: set[str]) -> list[Term]:
    names = place_names(vertex, country_words)
    if not names:
        return []
    key = search_form(names[0])
    terms = [Term(name, "place", key) for name in names]
    forms = [search_form(name) for name in names]
    for place, aliases in gazetteer.places.items():
        wanted = search_form(_clean_place(place))
        if wanted and any(form == wanted or form.startswith(wanted + " ") for form in forms):
            terms += [Term(name, "place", key) for name in (place, *aliases)]
    return terms


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
