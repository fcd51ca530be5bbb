"""Anchor quotes in their verbatim source text (W3C Web Annotation selectors).

A quote is stored as a ``TextQuoteSelector`` (``exact``, ``prefix``,
``suffix``) plus an optional ``TextPositionSelector`` (``start``, ``end``),
with offsets in Unicode code points (Python ``str`` indices) into the verbatim
source. :func:`anchor_quote` finds where the quote is now: at the stored
position if the text there is still verbatim, otherwise by searching under
:func:`components.core.textnorm.normalise` and using prefix and suffix to
tell repeated occurrences apart.

Messages produced here contain offsets only, never quote or source text, so
they are safe to show in any UI sink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeGuard

from components.core.textnorm import NormalisedText, normalise

__all__ = [
    "Anchor",
    "AnchorStatus",
    "TextPosition",
    "TextQuote",
    "anchor_quote",
    "make_selectors",
    "selectors_from_json",
]

QUOTE_SELECTOR = "TextQuoteSelector"
POSITION_SELECTOR = "TextPositionSelector"
_MAX_LISTED_CANDIDATES = 10


def _is_offset(value: object) -> TypeGuard[int]:
    """Return True for a non-negative ``int`` that is not a ``bool``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class TextQuote:
    """W3C ``TextQuoteSelector``: the quoted text and its verbatim context.

    Attributes
    ----------
    exact : str
        The quoted text, verbatim; must not be empty.
    prefix : str
        Verbatim text immediately before the quote (may be shorter than usual,
        or empty, at the start of the source).
    suffix : str
        Verbatim text immediately after the quote.

    Raises
    ------
    ValueError
        If ``exact`` is not a non-empty ``str`` or ``prefix``/``suffix`` are not ``str``.
    """

    exact: str
    prefix: str = ""
    suffix: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.exact, str) or not self.exact:
            raise ValueError("TextQuote.exact must be a non-empty string")
        for name in ("prefix", "suffix"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"TextQuote.{name} must be a string")


@dataclass(frozen=True)
class TextPosition:
    """W3C ``TextPositionSelector``: ``[start, end)`` in code points.

    Attributes
    ----------
    start, end : int
        Non-negative offsets with ``start < end``.

    Raises
    ------
    ValueError
        If the offsets are not non-negative ``int`` values with ``start < end``.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (_is_offset(self.start) and _is_offset(self.end)):
            raise ValueError(
                f"TextPosition start and end must be non-negative integers, "
                f"got {type(self.start).__name__} and {type(self.end).__name__}"
            )
        if self.start >= self.end:
            raise ValueError(f"TextPosition needs start < end, got [{self.start}, {self.end})")


class AnchorStatus(Enum):
    """Outcome of :func:`anchor_quote`."""

    EXACT = "exact"
    """The stored position still holds the exact text, verbatim."""
    REANCHORED = "reanchored"
    """The quote was found at a single place by normalised search."""
    MISSING = "missing"
    """No occurrence (matching the prefix/suffix) was found."""
    AMBIGUOUS = "ambiguous"
    """Several occurrences match, even with the prefix/suffix."""


@dataclass(frozen=True)
class Anchor:
    """Where a quote was anchored in its source.

    Attributes
    ----------
    status : AnchorStatus
        How the quote was found, if at all.
    start, end : int or None
        ``[start, end)`` code-point offsets in the source; ``None`` unless the
        status is ``EXACT`` or ``REANCHORED``.
    candidates : int
        Number of occurrences that matched (including prefix/suffix checks).
    message : str
        Human-readable explanation (offsets only, no quoted text).
    """

    status: AnchorStatus
    start: int | None
    end: int | None
    candidates: int
    message: str

    @property
    def found(self) -> bool:
        """Whether the quote has a unique location (``EXACT`` or ``REANCHORED``)."""
        return self.start is not None


def _span(start: int, end: int) -> str:
    return f"[{start}, {end})"


def _context_matches(hay: NormalisedText, start: int, end: int, quote: TextQuote) -> bool:
    """Check the normalised prefix/suffix against the text around ``hay.text[start:end]``.

    Whitespace at the join is ignored, since a whitespace run split between
    the quote and its context collapses differently on either side. A shorter
    stored context (quote near the start or end of the source) is fine.
    """
    prefix = normalise(quote.prefix).text.rstrip()
    suffix = normalise(quote.suffix).text.lstrip()
    before = hay.text[:start].rstrip()
    after = hay.text[end:].lstrip()
    return before.endswith(prefix) and after.startswith(suffix)


def _candidates(text: str, quote: TextQuote) -> tuple[list[tuple[int, int]], int]:
    """Return original spans of occurrences whose context matches, and the raw count."""
    hay = normalise(text)
    pattern = normalise(quote.exact).text
    starts = hay.find_all(pattern)
    matching = [
        hay.original_span(s, s + len(pattern))
        for s in starts
        if _context_matches(hay, s, s + len(pattern), quote)
    ]
    return matching, len(starts)


def _reanchored(span: tuple[int, int], position: TextPosition | None) -> Anchor:
    new = _span(*span)
    if position is None:
        message = f"re-anchored (no stored position) -> {new}"
    elif (position.start, position.end) == span:
        message = f"re-anchored at the same offsets {new} after normalisation"
    else:
        message = f"re-anchored {_span(position.start, position.end)} -> {new}"
    return Anchor(AnchorStatus.REANCHORED, span[0], span[1], 1, message)


def _missing(occurrences: int) -> Anchor:
    if occurrences:
        message = (
            f"quote text occurs {occurrences} time(s) but none matches the stored prefix/suffix"
        )
    else:
        message = "quote text not found in the source"
    return Anchor(AnchorStatus.MISSING, None, None, 0, message)


def _ambiguous(spans: list[tuple[int, int]]) -> Anchor:
    listed = ", ".join(_span(*s) for s in spans[:_MAX_LISTED_CANDIDATES])
    more = len(spans) - _MAX_LISTED_CANDIDATES
    if more > 0:
        listed += f" and {more} more"
    message = f"quote matches {len(spans)} places even with prefix/suffix: {listed}"
    return Anchor(AnchorStatus.AMBIGUOUS, None, None, len(spans), message)


def anchor_quote(text: str, quote: TextQuote, position: TextPosition | None = None) -> Anchor:
    """Locate ``quote`` in the verbatim source ``text``.

    Parameters
    ----------
    text : str
        The verbatim source text.
    quote : TextQuote
        The quote and its stored context.
    position : TextPosition or None, optional
        The stored offsets, if any.

    Returns
    -------
    Anchor
        ``EXACT`` if ``text[start:end] == quote.exact`` verbatim at the stored
        position (prefix/suffix are then not checked: the position wins).
        Otherwise every occurrence of ``quote.exact`` under
        :func:`~components.core.textnorm.normalise` is kept if the text
        before it ends with the normalised prefix and the text after it starts
        with the normalised suffix: one such occurrence gives ``REANCHORED``
        with its original offsets, none gives ``MISSING``, several give
        ``AMBIGUOUS``.

    Examples
    --------
    >>> text = "From Xi\u2019an to Baku."
    >>> anchor_quote(text, TextQuote("Xi'an"), TextPosition(0, 5)).message
    're-anchored [0, 5) -> [5, 10)'
    """
    if position is not None and text[position.start : position.end] == quote.exact:
        span = _span(position.start, position.end)
        return Anchor(AnchorStatus.EXACT, position.start, position.end, 1, f"exact at {span}")
    spans, occurrences = _candidates(text, quote)
    if len(spans) == 1:
        return _reanchored(spans[0], position)
    if not spans:
        return _missing(occurrences)
    return _ambiguous(spans)


def make_selectors(text: str, start: int, end: int, context: int = 32) -> list[dict[str, Any]]:
    """Build JSON-ready W3C selectors for ``text[start:end]``.

    Parameters
    ----------
    text : str
        The verbatim source text.
    start, end : int
        Code-point offsets of the quote, ``0 <= start < end <= len(text)``.
    context : int, default 32
        Maximum number of code points of verbatim prefix and suffix.

    Returns
    -------
    list of dict
        ``[{"type": "TextQuoteSelector", "exact", "prefix", "suffix"},
        {"type": "TextPositionSelector", "start", "end"}]``.

    Raises
    ------
    ValueError
        If the offsets are out of range or ``context`` is negative.
    """
    if not (_is_offset(start) and _is_offset(end) and start < end <= len(text)):
        raise ValueError(f"need 0 <= start < end <= {len(text)}, got [{start}, {end})")
    if not _is_offset(context):
        raise ValueError(f"context must be a non-negative integer, got {context!r}")
    return [
        {
            "type": QUOTE_SELECTOR,
            "exact": text[start:end],
            "prefix": text[max(0, start - context) : start],
            "suffix": text[end : end + context],
        },
        {"type": POSITION_SELECTOR, "start": start, "end": end},
    ]


def _selectors_by_type(selector_list: object) -> dict[str, Mapping[str, Any]]:
    if not isinstance(selector_list, Sequence) or isinstance(selector_list, str | bytes):
        raise ValueError("selectors must be a list of objects")
    by_type: dict[str, Mapping[str, Any]] = {}
    for index, item in enumerate(selector_list):
        if not isinstance(item, Mapping) or not isinstance(item.get("type"), str):
            raise ValueError(f"selector #{index} must be an object with a string 'type'")
        if item["type"] in by_type:
            raise ValueError(f"more than one {item['type']} in selectors")
        by_type[item["type"]] = item
    return by_type


def _quote_from(selector: Mapping[str, Any] | None) -> TextQuote:
    if selector is None:
        raise ValueError(f"selectors have no {QUOTE_SELECTOR}")
    exact, prefix, suffix = (selector.get(k, "") for k in ("exact", "prefix", "suffix"))
    if not isinstance(exact, str) or not exact:
        raise ValueError(f"{QUOTE_SELECTOR}.exact must be a non-empty string")
    if not (isinstance(prefix, str) and isinstance(suffix, str)):
        raise ValueError(f"{QUOTE_SELECTOR}.prefix and .suffix must be strings")
    return TextQuote(exact, prefix, suffix)


def _position_from(selector: Mapping[str, Any] | None) -> TextPosition | None:
    if selector is None:
        return None
    start, end = selector.get("start"), selector.get("end")
    if not (_is_offset(start) and _is_offset(end)):
        raise ValueError(f"{POSITION_SELECTOR} start and end must be non-negative integers")
    if start >= end:
        raise ValueError(f"{POSITION_SELECTOR} needs start < end, got [{start}, {end})")
    return TextPosition(start, end)


def selectors_from_json(selector_list: object) -> tuple[TextQuote, TextPosition | None]:
    """Read W3C selectors as produced by :func:`make_selectors`.

    Parameters
    ----------
    selector_list : list of dict
        Parsed JSON: selector objects in any order, identified by ``type``.
        Selectors of other types are ignored. ``prefix`` and ``suffix``
        default to ``""``; the ``TextPositionSelector`` is optional.

    Returns
    -------
    tuple
        ``(TextQuote, TextPosition or None)``.

    Raises
    ------
    ValueError
        If the input is not a list of objects with a string ``type``, a
        selector type appears twice, the ``TextQuoteSelector`` is missing or
        malformed, or the position offsets are not non-negative integers with
        ``start < end``.
    """
    by_type = _selectors_by_type(selector_list)
    return _quote_from(by_type.get(QUOTE_SELECTOR)), _position_from(by_type.get(POSITION_SELECTOR))
