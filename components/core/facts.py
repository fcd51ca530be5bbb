"""Published facts about routes and segments, each with its citation (``data/facts.json``).

The atlas stores a figure and where it was published, never the publisher's sentences. A fact
that cannot be attributed (no publisher or no http(s) URL) is not a fact the atlas may show.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

from components.core.characters import LABEL_MAX_LENGTH, label_fault
from components.core.model import is_number, is_text, is_web_address
from components.core.problems import Problem, shown, unreadable

FACTS_FILE = "facts.json"
FACT_KINDS = ("length", "opened", "operator", "capacity", "status")
STATUSES = ("operating", "under construction", "planned", "closed")
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
"""A date as precise as the publication gives it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
MAX_TEXT = LABEL_MAX_LENGTH
"""Every text of a fact (an operator, a part, a unit, a publisher, a title) is a label."""
MAX_FIGURE = 1e12
"""No length (km) or capacity this atlas cites comes near it; a larger figure is a typing error,
and would not print."""


@dataclass(frozen=True)
class Citation:
    """Where a fact was published, and when the project looked it up."""

    publisher: str
    title: str | None
    url: str
    published: str | None
    looked_up: str

    def label(self) -> str:
        """Return a short credit such as ``bp, 2023`` (publisher and year when known)."""
        year = self.published[:4] if self.published else None
        return f"{self.publisher}, {year}" if year else self.publisher


@dataclass(frozen=True)
class Fact:
    """One published figure or statement about a route or a segment.

    Attributes
    ----------
    subject : str
        A route id or a segment id.
    kind : str
        One of :data:`FACT_KINDS`.
    value : str or float
        A number for ``length`` and ``capacity``; text otherwise.
    unit : str or None
        ``km`` for a length, the unit of a capacity (``barrels/day``), else ``None``.
    country : str or None
        Alpha-2 code when the figure is for one country's part only.
    part : str or None
        The part of the subject the figure is about when it is not the whole (a section of
        a line, a port at its end: ``Zhezkazgan–Beyneu line``, ``Port of Aktau``).
    as_of : str or None
        The date the figure is true for.
    citation : Citation
    """

    subject: str
    kind: str
    value: str | float
    unit: str | None
    country: str | None
    part: str | None
    as_of: str | None
    citation: Citation

    def display_value(self) -> str:
        """Return the value with its unit, numbers grouped: ``1,768 km``, ``1.2 million b/d``."""
        if isinstance(self.value, float):
            number = f"{self.value:,.0f}" if self.value.is_integer() else f"{self.value:,}"
            return f"{number} {self.unit}" if self.unit else number
        return str(self.value)


def facts_from_json(
    value: Any, subjects: Collection[str], countries: Collection[str]
) -> tuple[list[Fact], list[Problem]]:
    """Check the parsed content of ``facts.json``: a JSON list of facts.

    Parameters
    ----------
    value : Any
        The parsed file.
    subjects : collection of str
        The route and segment ids a fact may be about.
    countries : collection of str
        The alpha-2 codes a per-country fact may name.

    Returns
    -------
    tuple of (list of Fact, list of Problem)
        The valid facts in file order, and a problem per fact left out, naming it.
    """
    if not isinstance(value, list):
        return [], [Problem(FACTS_FILE, None, "must be a JSON list of facts")]
    facts, problems = [], []
    for index, item in enumerate(value):
        try:
            fact, fault = parse_fact(item, subjects, countries)
        except Exception as error:  # one odd fact must not cost the others
            fact, fault = None, unreadable(error)
        if fault:
            problems.append(Problem(FACTS_FILE, _fact_place(item, index), fault))
        elif fact is not None:
            facts.append(fact)
    return facts, problems


def parse_fact(
    item: Any, subjects: Collection[str], countries: Collection[str]
) -> tuple[Fact | None, str | None]:
    """Check one fact record and build the :class:`Fact`, or say what is wrong with it."""
    if not isinstance(item, dict):
        return None, "must be a JSON object"
    citation, fault = _citation(item.get("citation"))
    if citation is None:
        return None, fault
    fault = _fact_fault(item, subjects, countries) or _label_fault(item, item["citation"])
    if fault:
        return None, fault
    value = item["value"]
    value = float(value) if item["fact"] in ("length", "capacity") else value
    fact = Fact(
        item["subject"],
        item["fact"],
        value,
        item.get("unit"),
        item.get("country"),
        item.get("part"),
        item.get("as_of"),
        citation,
    )
    return fact, None


def _fact_fault(item: dict, subjects: Collection[str], countries: Collection[str]) -> str | None:
    kind, value, subject = item.get("fact"), item.get("value"), item.get("subject")
    if not isinstance(subject, str) or subject not in subjects:
        return f"unknown subject {_short(subject)} (a route or segment id)"
    if not isinstance(kind, str) or kind not in FACT_KINDS:
        return f"unknown fact {_short(kind)}; one of {', '.join(FACT_KINDS)}"
    if kind in ("length", "capacity"):
        if not is_number(value) or not 0 < value <= MAX_FIGURE:
            return f"{kind} must be a positive number (at most {MAX_FIGURE:,.0f})"
        if not _is_short_text(item.get("unit")):
            return f"{kind} needs a unit"
        if kind == "length" and item["unit"] != "km":
            return "a length is given in km"
    elif kind == "opened" and not _is_date(value):
        return "opened must be a date: YYYY, YYYY-MM or YYYY-MM-DD"
    elif kind == "status" and (not isinstance(value, str) or value not in STATUSES):
        return f"status must be one of {', '.join(STATUSES)}"
    elif kind == "operator" and not _is_short_text(value):
        return "operator must be text"
    if kind == "status" and not _is_date(item.get("as_of")):
        return "a status needs the date it was true on (as_of)"
    if item.get("as_of") is not None and not _is_date(item["as_of"]):
        return "as_of must be a date: YYYY, YYYY-MM or YYYY-MM-DD"
    country = item.get("country")
    if country is not None and (not isinstance(country, str) or country not in countries):
        return f"unknown country {_short(country)}"
    if item.get("part") is not None and not _is_short_text(item["part"]):
        return "part must be text or null"
    return None


def _citation(value: Any) -> tuple[Citation | None, str | None]:
    if not isinstance(value, dict):
        return None, "unattributed: a fact needs a citation (publisher, url, looked_up)"
    publisher, url = value.get("publisher"), value.get("url")
    if not _is_short_text(publisher) or not is_web_address(url):
        return None, "unattributed: the citation needs a publisher and an http(s) url"
    if not _is_date(value.get("looked_up")):
        return None, "the citation needs the date it was looked up (looked_up, YYYY-MM-DD)"
    published = value.get("published")
    if published is not None and not _is_date(published):
        return None, "the citation's published date must be YYYY, YYYY-MM or YYYY-MM-DD or null"
    title = value.get("title")
    if title is not None and not _is_short_text(title):
        return None, "the citation's title must be text or null"
    return Citation(publisher, title, url, published, value["looked_up"]), None


def facts_about(facts: Iterable[Fact], subject: str, kind: str | None = None) -> list[Fact]:
    """Return the facts about one route or segment, optionally of one kind, in file order."""
    return [f for f in facts if f.subject == subject and (kind is None or f.kind == kind)]


def published_length(facts: Iterable[Fact], subject: str) -> Fact | None:
    """Return the first published length of a whole route or segment (no ``part``), or None."""
    lengths = [fact for fact in facts_about(facts, subject, "length") if fact.part is None]
    return lengths[0] if lengths else None


@dataclass(frozen=True)
class LengthCheck:
    """A segment's drawn length beside its published one."""

    segment: str
    drawn_km: float
    published: Fact

    @property
    def ratio(self) -> float:
        """Drawn over published length."""
        return self.drawn_km / float(self.published.value)

    @property
    def plausible(self) -> bool:
        """Whether the drawing is within :data:`LENGTH_TOLERANCE` of the published length."""
        low, high = LENGTH_TOLERANCE
        return low <= self.ratio <= high


LENGTH_TOLERANCE = (0.85, 1.15)
"""A drawn segment more than 15 % shorter or longer than published is drawn wrong somewhere."""


def drawn_against_published(segments: Any, facts: Iterable[Fact]) -> list[LengthCheck]:
    """Compare each segment's drawn length with its published length, where one is published.

    Parameters
    ----------
    segments : DataFrame
        Indexed by segment id, with the derived ``length_km``.
    facts : iterable of Fact
    """
    published_lengths: dict[str, Fact] = {}  # as published_length finds it, for every subject
    for fact in facts:
        if fact.kind == "length" and fact.part is None:
            published_lengths.setdefault(fact.subject, fact)
    checks = []
    for segment_id, drawn in segments["length_km"].items():
        published = published_lengths.get(str(segment_id))
        if published is not None:
            checks.append(LengthCheck(str(segment_id), float(drawn), published))
    return checks


def length_problems(checks: Iterable[LengthCheck]) -> list[Problem]:
    """Name each segment drawn outside :data:`LENGTH_TOLERANCE` of its published length."""
    low, high = LENGTH_TOLERANCE
    return [
        Problem(
            FACTS_FILE,
            check.segment,
            f"drawn {check.drawn_km:,.0f} km is {check.ratio:.0%} of the published "
            f"{check.published.display_value()} ({check.published.citation.label()}); "
            f"a drawing must be within {low:.0%}–{high:.0%}",
        )
        for check in checks
        if not check.plausible
    ]


def _fact_place(item: Any, index: int) -> str:
    if (
        isinstance(item, dict)
        and _is_short_text(item.get("subject"))
        and _is_short_text(item.get("fact"))
    ):
        return f"fact #{index} ({_short(item['subject'])} {_short(item['fact'])})"
    return f"fact #{index}"


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and DATE.fullmatch(value) is not None


def _short(value: Any) -> str:
    return shown(value)


def _is_short_text(value: Any) -> TypeGuard[str]:
    return is_text(value) and len(value) <= MAX_TEXT


def _label_fault(item: dict, citation: dict) -> str | None:
    """Say which text of a fact a reader could not see whole (see :mod:`.characters`), if any."""
    texts = {
        "unit": item.get("unit"),
        item["fact"]: item["value"],
        "part": item.get("part"),
        "the citation's publisher": citation.get("publisher"),
        "the citation's title": citation.get("title"),
        "the citation's url": citation.get("url"),
    }
    for what, text in texts.items():
        fault = label_fault(text) if isinstance(text, str) else None
        if fault:
            return f"{what} {fault}"
    return None
