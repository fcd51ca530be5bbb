"""Add a new source in one step: store its text, and propose the quotes it could give.

The pipeline, each step a pure function that a test can call on its own:

1. :func:`new_source` checks the text and the metadata and makes the source's ``.json`` record,
   with an id from :func:`slugify` that no other source has.
2. :func:`split_sentences` cuts the text into sentences (offsets into the verbatim text).
3. :func:`segment_terms` lists, per segment, the words that speak of it: the places along it
   (its ``via``, plus aliases from ``gazetteer.json``), its route's names and, as supporting
   evidence only, the countries it crosses.
4. :func:`propose_quotes` finds those words in each sentence (forgiving case, diacritics,
   apostrophes and dashes), scores every (sentence, segment) pair and turns the sentences that
   speak of a segment into ready ``quotes.jsonl`` records.

:func:`plan_ingest` runs all of it against a data directory without writing anything;
:func:`commit_ingest` writes the source and the accepted quotes in one transaction.
:func:`accept_review` and :func:`append_quotes` take quotes from a review file into
``quotes.jsonl`` after checking every one of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from components.domain import anchoring
from components.domain.files import MAX_FILE_BYTES, read_json, read_json_lines
from components.domain.loading import (
    QUOTES_FILE,
    SLUG,
    SOURCES_DIR,
    Atlas,
    load_atlas,
    load_routes,
    load_segments,
    load_sources,
)
from components.domain.model import SOURCE_FIELDS
from components.domain.problems import Problem
from components.domain.textnorm import APOSTROPHES, normalise_for_search
from components.domain.writes import Transaction

__all__ = [
    "METADATA_FIELDS",
    "Gazetteer",
    "IngestPlan",
    "Mention",
    "Proposal",
    "Term",
    "accept_review",
    "append_quotes",
    "commit_ingest",
    "default_review_path",
    "existing_sources",
    "find_mentions",
    "load_gazetteer",
    "new_source",
    "place_names",
    "plan_ingest",
    "propose_quotes",
    "quote_record_problems",
    "search_form",
    "segment_terms",
    "slugify",
    "split_sentences",
    "taken_quote_ids",
    "unique_id",
]

GAZETTEER_FILE = "gazetteer.json"
REVIEW_DIR = "review"
METADATA_FIELDS = ("title", "author", "publisher", "published", "url", "licence")
"""The metadata a caller may give; ``id``, ``retrieved`` and ``sha256`` are computed."""
MAX_ID_LENGTH = 60
MAX_QUOTE_ID_LENGTH = 40
MAX_METADATA_LENGTH = 500
QUOTE_CONTEXT = 32
WEIGHTS = {"place": 2.0, "route": 1.0, "country": 0.5}
"""Score of a (sentence, segment) pair: per distinct place, once for the route, per country."""
PROPOSE_AT = 2.0
"""A segment scoring at least this is proposed even when it is not the sentence's best."""

# Letters that Unicode decomposition leaves alone but a reader takes for a plain one.
_PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# --- ids ----------------------------------------------------------------------------------------


def slugify(text: str, max_length: int = MAX_ID_LENGTH, fallback: str = "source") -> str:
    """Make a lower-case slug (``[a-z0-9]`` words joined by single hyphens) of any text.

    Parameters
    ----------
    text : str
        Untrusted text: a title, a file name, a sentence.
    max_length : int, default 60
        The slug is cut at a word boundary to at most this many characters (a single longer
        word is cut).
    fallback : str, default "source"
        Returned when the text has no Latin letter or digit; must itself be a slug.

    Returns
    -------
    str
        Never empty, never ``.`` or ``..``, never containing ``/``: safe as a file name.

    Examples
    --------
    >>> slugify("Türkiye’s Middle Corridor: 2024")
    'turkiyes-middle-corridor-2024'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    """
    if not SLUG.match(fallback) or len(fallback) > max_length:
        raise ValueError(f"fallback must be a slug of at most {max_length} characters")
    folded = normalise_for_search(text).text.translate(_PLAIN_LETTERS)
    words = re.findall(r"[a-z0-9]+", folded)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug or fallback


def unique_id(base: str, taken: Collection[str], max_length: int = MAX_ID_LENGTH) -> str:
    """Return ``base``, or ``base-2``, ``base-3``... (shortened to fit) if it is taken.

    Parameters
    ----------
    base : str
        A slug of at most ``max_length`` characters.
    taken : collection of str
        Ids already in use.
    max_length : int, default 60

    Returns
    -------
    str
        A slug not in ``taken``.
    """
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


# --- sentences ----------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s|$)")
_TOKEN_BEFORE = re.compile(r"[\w.]*$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "st", "mt", "ft", "gen", "col", "lt", "capt"),
        *("sgt", "gov", "sen", "rep", "pres", "jr", "sr", "inc", "ltd", "co", "corp", "bros"),
        *("vs", "etc", "al", "approx", "dept", "est", "govt", "intl"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)
"""Words that end in a full stop without ending the sentence (compared in lower case)."""
_ABBREVIATIONS_BEFORE_NUMBERS = frozenset({"no", "nos", "p", "pp", "vol", "art", "fig"})


def split_sentences(text: str) -> list[tuple[int, int]]:
    r"""Split a text into sentences: a small heuristic for news prose.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets after
    it) followed by white space and a character that is not a lower-case letter, except after
    an abbreviation (``St.``, ``Dr.``, ``Jan.``), initials (``U.S.``, ``J.``) or ``No.`` before a
    number. Every line break ends a sentence, so headlines, bylines and paragraphs stand alone.
    A full stop inside a number (``3.5``) is not followed by white space, so it never ends one.

    Parameters
    ----------
    text : str
        The verbatim text.

    Returns
    -------
    list of tuple of int
        ``(start, end)`` code-point offsets, in order; ``text[start:end]`` is the sentence with
        no white space around it. Blank lines give nothing.

    Examples
    --------
    >>> text = 'The U.S. sent 3.5 tons. "It arrived." Then\nNext line'
    >>> [text[start:end] for start, end in split_sentences(text)]
    ['The U.S. sent 3.5 tons.', '"It arrived."', 'Then', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end in _sentence_ends(line.group()):
            spans.append(_strip_span(text, start, line.start() + end))
            start = line.start() + end
        spans.append(_strip_span(text, start, line.end()))
    return [(start, end) for start, end in spans if start < end]


def _sentence_ends(line: str) -> Iterable[int]:
    for match in _SENTENCE_END.finditer(line):
        following = line[match.end() :].lstrip()
        if not following or following[0].islower():
            continue
        if match.group().startswith(".") and _is_abbreviation(line[: match.start()], following[0]):
            continue
        yield match.end()


def _is_abbreviation(before: str, next_char: str) -> bool:
    token = _TOKEN_BEFORE.search(before).group().lower()  # type: ignore[union-attr]
    if token in ABBREVIATIONS or _INITIALS.fullmatch(token):
        return True
    if token in _ABBREVIATIONS_BEFORE_NUMBERS and next_char.isdigit():
        return True
    return len(token) == 1 and token.isalpha() and before[-1:].isupper()


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


# --- the new source -----------------------------------------------------------------------------


def new_source(
    text: str,
    metadata: Mapping[str, Any],
    existing: Mapping[str, str | None],
    *,
    fallback_name: str | None = None,
    today: date | None = None,
) -> tuple[dict[str, str | None], list[Problem]]:
    """Check a new source and make its ``sources/<id>.json`` record.

    Parameters
    ----------
    text : str
        The verbatim text.
    metadata : mapping
        Any of :data:`METADATA_FIELDS`; a missing, ``None`` or blank value is unknown (``null``).
        ``published`` must be an ISO date (``2024``, ``2024-03`` or ``2024-03-14``), ``url`` an
        ``http``/``https`` address; no value may hold control characters.
    existing : mapping of str to str or None
        The ids already in ``sources/``, each with the sha256 of its text (``None`` if unknown).
    fallback_name : str, optional
        A file name whose stem makes the id when there is no title.
    today : date, optional
        The ``retrieved`` date; defaults to today.

    Returns
    -------
    tuple of (dict, list of Problem)
        The record (exactly the fields of :data:`~components.domain.model.SOURCE_FIELDS`) and
        every problem found; write nothing unless the list is empty. A text identical to an
        existing source is a problem naming that source.
    """
    fields, problems = _checked_metadata(metadata)
    stem = PurePath(str(fallback_name or "").replace("\\", "/")).stem
    source_id = unique_id(slugify(fields["title"] or stem), set(existing))
    text_name = f"{SOURCES_DIR}/{source_id}.txt"
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raw = b""
        problems.append(Problem(text_name, None, "the text cannot be encoded as UTF-8"))
    digest = hashlib.sha256(raw).hexdigest()
    if not text.strip():
        problems.append(Problem(text_name, None, "the text is empty"))
    if len(raw) > MAX_FILE_BYTES:
        message = f"the text is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"
        problems.append(Problem(text_name, None, message))
    if "\x00" in text:
        problems.append(Problem(text_name, None, "the text contains NUL characters"))
    duplicates = sorted(sid for sid, sha in existing.items() if sha == digest)
    for duplicate in duplicates:
        message = f"the same text (sha256 {digest[:12]}…) is already the source {duplicate!r}"
        problems.append(Problem(text_name, None, message))
    record = {
        "id": source_id,
        **fields,
        "retrieved": (today or date.today()).isoformat(),
        "sha256": digest,
    }
    return {key: record[key] for key in SOURCE_FIELDS}, problems


def _checked_metadata(metadata: Any) -> tuple[dict[str, str | None], list[Problem]]:
    fields: dict[str, str | None] = dict.fromkeys(METADATA_FIELDS)
    where = "metadata"
    if not isinstance(metadata, Mapping):
        return fields, [Problem(where, None, "must be a mapping of field names to text")]
    problems = []
    for key, value in metadata.items():
        if key not in METADATA_FIELDS:
            known = ", ".join(METADATA_FIELDS)
            problems.append(Problem(where, str(key)[:40], f"unknown field; one of {known}"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        fault = _metadata_fault(key, value)
        if fault:
            problems.append(Problem(where, key, fault))
        else:
            fields[key] = value.strip()
    return fields, problems


def _metadata_fault(key: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text or null"
    value = value.strip()
    if len(value) > MAX_METADATA_LENGTH:
        return f"is {len(value)} characters long; the limit is {MAX_METADATA_LENGTH}"
    if any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in value):
        return "must not contain control characters or line breaks"
    if key == "published" and not _is_iso_date(value):
        return "must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD"
    if key == "url":
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in value:
            return "must be an http:// or https:// address"
    return None


def _is_iso_date(value: str) -> bool:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def existing_sources(data_dir: str | Path) -> dict[str, str | None]:
    """Map every id used in ``sources/`` (by a ``.txt`` or ``.json``) to its text's sha256.

    The sha256 is of the ``.txt`` bytes as stored (``None`` when there is no readable text),
    so a text is recognised even if its metadata is broken.
    """
    folder = Path(data_dir) / SOURCES_DIR
    ids: dict[str, str | None] = {}
    if not folder.is_dir():
        return ids
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".txt", ".json"):
            continue
        ids.setdefault(path.stem, None)
        if path.suffix == ".txt" and path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            ids[path.stem] = hashlib.sha256(path.read_bytes()).hexdigest()
    return ids


def taken_quote_ids(data_dir: str | Path) -> set[str]:
    """Return every quote id in ``quotes.jsonl``, valid or not."""
    records, _ = read_json_lines(Path(data_dir), QUOTES_FILE)
    return {str(r["id"]) for _, r in records if isinstance(r, dict) and "id" in r}


# --- plan and commit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestPlan:
    """What ingesting a text would write, computed without writing anything.

    Attributes
    ----------
    source_id : str
    metadata : dict
        The ``sources/<id>.json`` record.
    text : str
        The verbatim text.
    proposals : tuple of Proposal
        Ranked, highest score first; :func:`commit_ingest` takes indices into it.
    problems : tuple of Problem
        Why the source cannot be added (e.g. it duplicates one); empty when it can.
    """

    source_id: str
    metadata: dict[str, str | None]
    text: str
    proposals: tuple[Proposal, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether the source can be added."""
        return not self.problems

    def review(self) -> dict[str, Any]:
        """Return the review-file document: ``{"source", "proposals"}``, none accepted."""
        return {"source": self.source_id, "proposals": [p.to_json() for p in self.proposals]}


def plan_ingest(
    data_dir: str | Path,
    text: str,
    metadata: Mapping[str, Any],
    *,
    filename: str | None = None,
    today: date | None = None,
) -> IngestPlan:
    """Check a new source against a data directory and propose its quotes; write nothing.

    Parameters
    ----------
    data_dir : path-like
        The data directory.
    text : str
        The verbatim text.
    metadata : mapping
        See :func:`new_source`.
    filename : str, optional
        The name of the file the text came from; its stem is the id when there is no title.
    today : date, optional
        The ``retrieved`` date; defaults to today.

    Returns
    -------
    IngestPlan
        Proposals are made only when there is no problem.
    """
    root = Path(data_dir)
    if not root.is_dir():
        problem = Problem(str(root), None, "data directory not found")
        return IngestPlan("source", {}, text, (), (problem,))
    existing = existing_sources(root)
    record, problems = new_source(text, metadata, existing, fallback_name=filename, today=today)
    source_id = str(record["id"])
    gazetteer, gazetteer_problems = load_gazetteer(root)
    problems += gazetteer_problems
    proposals: list[Proposal] = []
    if not problems:
        atlas = load_atlas(root)
        proposals = propose_quotes(text, source_id, atlas, gazetteer, taken_quote_ids(root))
    return IngestPlan(source_id, record, text, tuple(proposals), tuple(problems))


def default_review_path(data_dir: str | Path, source_id: str) -> Path:
    """Return ``<data>/review/<source id>.review.json``."""
    return Path(data_dir) / REVIEW_DIR / f"{slugify(source_id)}.review.json"


def commit_ingest(
    data_dir: str | Path,
    plan: IngestPlan,
    accepted: Sequence[int],
    *,
    review_path: str | Path | None = None,
) -> list[Problem]:
    """Write a planned source and its accepted quotes in one transaction.

    Everything is checked again first (the data may have changed since the plan): the id is
    still free, the text is still new, the quotes' ids are unused, their segments exist and
    their selectors stand exactly in the text. On any problem, or if a write fails, the data
    directory is left exactly as it was.

    Parameters
    ----------
    data_dir : path-like
        The data directory.
    plan : IngestPlan
        From :func:`plan_ingest`.
    accepted : sequence of int
        Indices into ``plan.proposals`` of the quotes to append to ``quotes.jsonl``.
    review_path : path-like, optional
        Also write the plan's review file here (in the same transaction); not inside
        ``sources/``.

    Returns
    -------
    list of Problem
        Empty when everything was written.
    """
    if plan.problems:
        return list(plan.problems)
    root = Path(data_dir)
    sources = root / SOURCES_DIR
    paths = [sources / f"{plan.source_id}.txt", sources / f"{plan.source_id}.json"]
    problems = _recheck_source(root, plan, paths)
    bad = [i for i in accepted if not (isinstance(i, int) and 0 <= i < len(plan.proposals))]
    problems += [Problem("review", str(i), "no such proposal") for i in bad]
    if len(set(accepted)) != len(accepted):
        problems.append(Problem("review", None, "a proposal is accepted twice"))
    if review_path is not None and _is_inside(Path(review_path), sources):
        problems.append(Problem(str(review_path), None, f"must not be inside {SOURCES_DIR}/"))
    records = [] if problems else [plan.proposals[i].quote for i in accepted]
    if records:
        problems += _quote_problems_against(root, records, {plan.source_id: plan.text})
    if problems:
        return problems
    files: list[tuple[Path, bytes, bool]] = [
        (paths[0], plan.text.encode("utf-8"), True),
        (paths[1], _json_bytes(plan.metadata), True),
    ]
    if review_path is not None:
        files.append((Path(review_path), _json_bytes(plan.review()), False))
    if records:
        files.append((root / QUOTES_FILE, _appended(root / QUOTES_FILE, records), False))
    return _write_all(files)


def _recheck_source(root: Path, plan: IngestPlan, paths: list[Path]) -> list[Problem]:
    where = f"{SOURCES_DIR}/{plan.source_id}.txt"
    if not SLUG.match(plan.source_id) or len(plan.source_id) > MAX_ID_LENGTH:
        return [Problem(where, None, "the source id is not a slug")]
    if not all(_is_inside(path, root / SOURCES_DIR) for path in paths):
        return [Problem(where, None, f"would be written outside {SOURCES_DIR}/")]
    existing = existing_sources(root)
    if plan.source_id in existing:
        return [Problem(where, None, "the id was taken since the plan was made; plan again")]
    digest = hashlib.sha256(plan.text.encode("utf-8")).hexdigest()
    if plan.metadata.get("sha256") != digest or plan.metadata.get("id") != plan.source_id:
        return [Problem(where, None, "the plan's metadata does not match its text")]
    return [
        Problem(where, None, f"the same text is already the source {sid!r}")
        for sid, sha in existing.items()
        if sha == digest
    ]


def _is_inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _appended(path: Path, records: list[dict[str, Any]]) -> bytes:
    before = path.read_bytes() if path.exists() else b""
    if before and not before.endswith(b"\n"):
        before += b"\n"
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return before + lines.encode("utf-8")


def _write_all(files: list[tuple[Path, bytes, bool]]) -> list[Problem]:
    try:
        with Transaction() as transaction:
            for path, data, new in files:
                transaction.make_folder(path.parent)
                transaction.write_bytes(path, data, new=new)
    except OSError as error:
        reason = error.strerror or str(error)
        return [Problem(str(error.filename or "data"), None, f"could not write: {reason}")]
    return []


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


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
