"""How strongly each quote supports each segment it is linked to, computed from its words.

A quote of ``quotes.jsonl`` lists the segments it speaks of. Its **support level** for one of
them says what its verbatim text actually names:

``names``
    a place or facility of the segment (a place of its ``via`` or a gazetteer alias of it), or
    the segment's own line (``"Baku-Tbilisi-Kars railway"``, from the gazetteer's ``lines``);
``route``
    the route the segment belongs to (its name or a gazetteer alias, such as
    ``"Middle Corridor"``), but nothing on this segment;
``context``
    anything else: the corridor in general, a region such as a sea, a country. A country's
    name alone never makes more than ``context``.

A segment's **evidence** is the strongest level of its links, or ``none`` when no quote links
it. The words are found as ``corridor ingest`` finds them (case, diacritics, apostrophes and
dashes forgiven; the longest name wins, so ``"Baku-Tbilisi-Ceyhan"`` is the pipeline's name,
not a mention of Tbilisi).

Pure code: nothing here reads a file or imports :mod:`components.storage.loading` at run time,
so loading can import this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from components.core.gazetteer import Gazetteer, Term, segment_terms
from components.core.mentions import Mention, MentionFinder
from components.core.model import is_id
from components.core.problems import Problem, shown, unreadable

if TYPE_CHECKING:
    from components.core.atlas import Atlas

__all__ = [
    "KIND_LEVELS",
    "LEVELS",
    "LINK_LEVELS",
    "QUOTE_KEYS",
    "Support",
    "link_support",
    "quote_support",
    "record_with_support",
    "segment_evidence",
    "stored_support_problems",
    "strongest_level",
    "text_support",
]

LEVELS = ("names", "route", "context", "none")
"""Support levels, strongest first; ``none`` is only a segment's evidence, never a link's."""
LINK_LEVELS = LEVELS[:-1]
"""The levels a link between a quote and a segment can have."""
KIND_LEVELS = {
    "place": "names",
    "line": "names",
    "route": "route",
    "sea": "context",
    "country": "context",
}
"""The level that finding a term of each kind (see :class:`Term`) gives a link."""
QUOTE_KEYS = ("id", "source", "segments", "support", "selector")
"""The keys of a ``quotes.jsonl`` record, in the order they are written."""
QUOTES_FILE = "quotes.jsonl"

_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Support:
    """The support level of one link between a quote and a segment, and why.

    Attributes
    ----------
    level : str
        One of :data:`LINK_LEVELS`.
    words : tuple of str
        The quote's words that decided the level, verbatim, in text order, each once. For
        ``context``, the names of the segment's countries or sea found in the quote (possibly
        none).
    """

    level: str
    words: tuple[str, ...]


def strongest_level(levels: Iterable[str]) -> str:
    """Return the strongest of some levels (see :data:`LEVELS`), or ``none`` if there are none.

    Examples
    --------
    >>> strongest_level(["context", "route", "context"])
    'route'
    >>> strongest_level([])
    'none'
    """
    return min(levels, key=_RANK.__getitem__, default="none")


def link_support(exact: str, terms: Sequence[Term], others: Iterable[str] = ()) -> Support:
    """Compute the support level of one quote text for one segment.

    Parameters
    ----------
    exact : str
        The quote's verbatim text (untrusted: any characters).
    terms : sequence of Term
        The segment's terms, as :func:`~components.core.gazetteer.segment_terms`
        lists them: places, line names, sea, route names and countries.
    others : iterable of str
        Search forms of the other names known (of other segments, routes and lines). They
        give no level, but where one of them covers more of the text than a term of this
        segment, it wins: ``"Baku-Tbilisi-Ceyhan pipeline"`` is not a mention of Tbilisi even
        for a railway segment through Tbilisi.

    Returns
    -------
    Support
        ``names`` if a place or the line of the segment is found, else ``route`` if the name
        of its route is, else ``context``.
    """
    finder = MentionFinder([*(term.pattern for term in terms), *others])
    return _support_from(exact, finder.find(exact), terms)


def text_support(
    exact: str,
    segment_ids: Iterable[str],
    terms: Mapping[str, Sequence[Term]],
    finder: MentionFinder | None = None,
) -> dict[str, Support]:
    """Compute the support level of one quote text for each of its segments.

    Parameters
    ----------
    exact : str
        The quote's verbatim text.
    segment_ids : iterable of str
        The segments the quote links, in its order.
    terms : mapping of str to sequence of Term
        Every segment's terms (see :func:`~components.core.gazetteer.segment_terms`);
        a segment without terms gets ``context``.
    finder : MentionFinder, optional
        A finder of every term's search form; pass one when computing many texts. Made from
        ``terms`` when not given.

    Returns
    -------
    dict of str to Support
        Segment id to its link's support, in the order of ``segment_ids``. Every name known
        takes part in the matching (see ``others`` in :func:`link_support`).
    """
    if finder is None:
        finder = MentionFinder(term.pattern for found in terms.values() for term in found)
    mentions = finder.find(exact)
    return {sid: _support_from(exact, mentions, terms.get(sid, ())) for sid in segment_ids}


def _support_from(exact: str, mentions: Sequence[Mention], terms: Sequence[Term]) -> Support:
    levels: dict[str, str] = {}  # search form -> the strongest level it gives this segment
    for term in terms:
        level = KIND_LEVELS.get(term.kind, "context")
        known = levels.get(term.pattern)
        if known is None or _RANK[level] < _RANK[known]:
            levels[term.pattern] = level
    found = [(levels[m.pattern], exact[m.start : m.end]) for m in mentions if m.pattern in levels]
    level = strongest_level(level for level, _ in found)
    if level == "none":
        return Support("context", ())
    return Support(level, tuple(dict.fromkeys(words for at, words in found if at == level)))


def quote_support(atlas: Atlas, gazetteer: Gazetteer) -> dict[str, dict[str, Support]]:
    """Compute the support level of every link between a quote and a segment of an atlas.

    Parameters
    ----------
    atlas : Atlas
        Its ``quotes`` (``id``, ``exact``, ``segments``) and what
        :func:`~components.core.gazetteer.segment_terms` needs: segments with their
        derived ``countries``, routes and country names.
    gazetteer : Gazetteer
        Aliases of places, routes and countries, and the names of lines.

    Returns
    -------
    dict of str to dict of str to Support
        Quote id to segment id to the link's support, in the order of ``atlas.quotes`` and of
        each quote's segments.
    """
    terms = segment_terms(atlas, gazetteer)
    finder = MentionFinder(term.pattern for found in terms.values() for term in found)
    return {
        quote.id: text_support(quote.exact, quote.segments, terms, finder) for quote in atlas.quotes
    }


def segment_evidence(
    atlas_segment_ids: Iterable[str], support: Mapping[str, Mapping[str, Support]]
) -> dict[str, str]:
    """Return each segment's evidence: the strongest level of the quotes that link it.

    Parameters
    ----------
    atlas_segment_ids : iterable of str
        The segments to rate, e.g. ``atlas.segments.index``.
    support : mapping
        Quote id to segment id to Support, as :func:`quote_support` returns it.

    Returns
    -------
    dict of str to str
        Segment id to one of :data:`LEVELS`, in the order given; ``none`` for a segment no
        quote links. Links to segments not asked for are ignored.
    """
    evidence = {str(segment_id): "none" for segment_id in atlas_segment_ids}
    for links in support.values():
        for segment_id, link in links.items():
            if segment_id in evidence:
                evidence[segment_id] = strongest_level([evidence[segment_id], link.level])
    return evidence


def record_with_support(record: Mapping[str, Any], levels: Mapping[str, str]) -> dict[str, Any]:
    """Return a quote record with its ``support`` set, keys in the order of :data:`QUOTE_KEYS`.

    Parameters
    ----------
    record : mapping
        A ``quotes.jsonl`` record; any ``support`` it has is replaced. Its other keys keep
        their order after ``support``.
    levels : mapping of str to str
        Segment id to level.

    Returns
    -------
    dict
        A new record; ``record`` is not changed.
    """
    ordered = {key: record[key] for key in QUOTE_KEYS[:3] if key in record}
    ordered["support"] = dict(levels)
    ordered.update((key, value) for key, value in record.items() if key not in ordered)
    return ordered


def stored_support_problems(
    records: Iterable[tuple[int, Any]],
    computed: Mapping[str, Mapping[str, Support]],
    name: str = QUOTES_FILE,
) -> list[Problem]:
    """Check the ``support`` stored in each quote record against the computed levels.

    Parameters
    ----------
    records : iterable of (int, object)
        ``(line number, parsed record)`` pairs, as
        :func:`~components.storage.files.read_json_lines` returns them.
    computed : mapping
        Quote id to segment id to Support (see :func:`quote_support`). A record whose id is
        not in it (a quote that did not load, whose problems are reported elsewhere) or
        repeats an earlier id is skipped.
    name : str
        The file name for problems.

    Returns
    -------
    list of Problem
        One per fault, each at ``line N (quote-id)``: a missing ``support`` (run
        ``corridor build-support``), one that is not an object, keys other than exactly the
        record's segments, a level that is not one of :data:`LINK_LEVELS`, and a stored level
        that differs from the computed one, which is named with its deciding words.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for line, record in records:
        quote_id = record.get("id") if isinstance(record, dict) else None
        if not isinstance(quote_id, str) or quote_id not in computed or quote_id in seen:
            continue
        seen.add(quote_id)
        where = f"line {line} ({quote_id})"
        try:
            faults = _support_faults(record, computed[quote_id])
        except Exception as error:  # one odd record must not cost the others
            faults = [f"support {unreadable(error)}"]
        problems += [Problem(name, where, fault) for fault in faults]
    return problems


_BUILD_HINT = "run `corridor build-support` to compute it"


def _support_faults(record: dict[str, Any], links: Mapping[str, Support]) -> list[str]:
    if "support" not in record:
        return [f"no support levels: {_BUILD_HINT}"]
    stored = record["support"]
    if not isinstance(stored, dict):
        return [f"support must be an object of segment id to level: {_BUILD_HINT}"]
    # A loaded quote's segments are its links: ids checked at load, in the record's order.
    segments = list(links)
    faults = []
    missing = [segment_id for segment_id in segments if segment_id not in stored]
    if missing:
        faults.append(f"support gives no level for {', '.join(missing)}: {_BUILD_HINT}")
    extra = [segment_id for segment_id in stored if segment_id not in links]
    if extra:
        listed = ", ".join(_segment_shown(segment_id) for segment_id in extra[:5])
        more = " …" if len(extra) > 5 else ""
        faults.append(f"support names {listed}{more}, which the quote does not link")
    for segment_id, level in stored.items():
        if segment_id not in links:
            continue
        link = links[segment_id]
        if not isinstance(level, str) or level not in LINK_LEVELS:
            faults.append(
                f"support for {segment_id} is {shown(level)}, "
                f"not a level ({', '.join(LINK_LEVELS)})"
            )
        elif level != link.level:
            faults.append(
                f"stored support {level!r} for {segment_id}, "
                f"the text supports {link.level!r} ({_words(link)})"
            )
    return faults


def _segment_shown(segment_id: str) -> str:
    return segment_id if is_id(segment_id) else shown(segment_id)


def _words(link: Support) -> str:
    if not link.words:
        return "no words"
    return "words: " + ", ".join(repr(words) for words in link.words)
