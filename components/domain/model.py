"""The vocabulary of the data: routes, modes, sources and quotes."""

from __future__ import annotations

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
class Source:
    """A verbatim source text and what is known about it (unknowns are ``None``)."""

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
