"""The vocabulary of the data: routes, modes, sources and quotes."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeGuard
from urllib.parse import urlsplit

from components.core.anchoring import TextPosition, TextQuote
from components.core.characters import ID_MAX_LENGTH, LABEL_MAX_LENGTH, label_fault, prose_fault
from components.core.problems import shown

MODES = ("rail", "sea", "road", "pipeline")
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""An id: lower-case letters and digits in runs joined by single hyphens. Anchored with ``\\A``
and ``\\Z`` (not ``^``/``$``, which let a trailing newline through ``re.match``); use
``fullmatch``."""

SOURCE_FIELDS = (
    "id",
    "title",
    "author",
    "publisher",
    "published",
    "url",
    "retrieved",
    "licence",
    "sha256",
)


@dataclass(frozen=True)
class Route:
    """A named route drawn in one colour.

    Parameters
    ----------
    id : str
        Stable slug (e.g. ``btc-pipeline``); it appears in URLs.
    name, description : str
        Display name and a one-paragraph description.
    colour : str
        CSS hex colour, ``#RRGGBB``.
    """

    id: str
    name: str
    description: str
    colour: str


@dataclass(frozen=True)
class Furniture:
    """A run of a captured page that is not the article: navigation, banners, related links."""

    start: int
    end: int
    what: str


@dataclass(frozen=True)
class Source:
    """A verbatim source text and what is known about it (unknowns are ``None``).

    ``published`` may be a bound such as ``after 11 March 2024``, with ``published_note``
    saying how it is known; ``furniture`` marks what of the captured text is not the article.
    """

    id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    retrieved: str | None
    licence: str | None
    sha256: str
    text: str
    published_note: str | None = None
    furniture: tuple[Furniture, ...] = ()

    def article_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the stretch of text between furniture that holds ``[start, end)``.

        A context window around a quote stays inside it, so it never starts in a banner.
        """
        left, right = 0, len(self.text)
        for piece in self.furniture:
            if piece.end <= start:
                left = max(left, piece.end)
            elif piece.start >= end:
                right = min(right, piece.start)
        return left, right


@dataclass(frozen=True)
class Quote:
    """A passage of a source that speaks of one or more segments.

    ``start`` and ``end`` are the code-point offsets where the passage stands in the source text
    after anchoring; they may differ from the stored ``position`` when that was stale.
    """

    id: str
    source: str
    segments: tuple[str, ...]
    selector: TextQuote
    position: TextPosition | None
    start: int
    end: int

    @property
    def exact(self) -> str:
        """The quoted words, verbatim."""
        return self.selector.exact


def is_web_address(url: object) -> TypeGuard[str]:
    """Whether a URL may be linked or cited: ``http`` or ``https`` in any letter case, and a host.

    The one test of a web address for every page and loader (``HTTPS://…`` is a web address);
    anything else (``javascript:``, ``data:``, a bare path) is shown as text, never linked.
    """
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def is_text(value: object) -> TypeGuard[str]:
    """Whether a value read from a data file is text with something in it."""
    return isinstance(value, str) and bool(value.strip())


def is_number(value: object) -> TypeGuard[int | float]:
    """Whether a value read from a data file is a finite number (an int or a float, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond any float
        return False


def id_fault(value: object) -> str | None:
    """Say what makes ``value`` unfit as an id (a :data:`SLUG` of at most ``ID_MAX_LENGTH``)."""
    if not isinstance(value, str):
        return "id must be text"
    fault = label_fault(value, ID_MAX_LENGTH)
    if fault:
        return f"id {fault}"
    if not SLUG.fullmatch(value):
        return "id must be a lower-case slug (letters, digits, single hyphens)"
    return None


def is_id(value: object) -> TypeGuard[str]:
    """Whether ``value`` is a well-formed id (see :func:`id_fault`): safe to name a record by."""
    return id_fault(value) is None


def label_text_fault(value: object, what: str, max_length: int = LABEL_MAX_LENGTH) -> str | None:
    """Say what makes ``value`` unfit as a label named ``what`` (a name, a title), or None.

    A label is text with something in it that passes
    :func:`~components.core.characters.label_fault` (no invisible or control character, at
    most ``max_length`` characters).
    """
    if not is_text(value):
        return f"{what} must be text"
    fault = label_fault(value, max_length)
    return f"{what} {fault}" if fault else None


def prose_text_fault(value: object, what: str) -> str | None:
    """Say what makes ``value`` unfit as prose named ``what`` (a description, a note), or None.

    Prose is text with something in it that passes
    :func:`~components.core.characters.prose_fault` (no character that reorders text).
    """
    if not is_text(value):
        return f"{what} must be text"
    fault = prose_fault(value)
    return f"{what} {fault}" if fault else None


def segment_ids_fault(value: object, known: Collection[str]) -> str | None:
    """Say what is wrong with a record's ``segments`` (a non-empty list of known ids), if anything.

    One rule for every file that links to segments (quotes, facilities).
    """
    if not isinstance(value, list) or not value:
        return "segments must be a non-empty list of segment ids"
    if not all(isinstance(segment, str) for segment in value):
        return "segments must be a list of segment ids (text)"
    unknown = [segment for segment in value if segment not in known]
    if unknown:
        listed = ", ".join(shown(segment) for segment in unknown[:5])
        return f"unknown segment {listed}" + (" …" if len(unknown) > 5 else "")
    return None
