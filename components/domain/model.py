"""The vocabulary of the data: routes, modes, sources and quotes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from components.domain.anchoring import TextPosition, TextQuote

MODES = ("rail", "sea", "road", "pipeline")

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


def is_web_address(url: object) -> bool:
    """Whether a URL may be linked or cited: ``http`` or ``https``, in any letter case."""
    return isinstance(url, str) and url.lower().startswith(("https://", "http://"))


def is_text(value: object) -> bool:
    """Whether a value read from a data file is text with something in it."""
    return isinstance(value, str) and bool(value.strip())


def segment_ids_fault(value: object, known: Collection[str]) -> str | None:
    """Say what is wrong with a record's ``segments`` (a non-empty list of known ids), if anything.

    One rule for every file that links to segments (quotes, facilities).
    """
    if not isinstance(value, list) or not value:
        return "segments must be a non-empty list of segment ids"
    unknown = [str(segment) for segment in value if segment not in known]
    return f"unknown segment {', '.join(map(repr, unknown))}" if unknown else None
