"""Text normalisation for comparing quotes with their verbatim sources.

Sources are stored and shown verbatim; comparisons are made on a normalised
copy. Every normalised character remembers the span of original code points it
came from, so a match found in normalised space maps back to ``[start, end)``
offsets (Python ``str`` indices, i.e. Unicode code points) in the original.

Two levels are provided:

``normalise``
    Used everywhere for comparison (quote anchoring). Per code point:

    1. apostrophes, primes and accents used as apostrophes (U+2019, U+2018,
       U+02BC, U+2032, U+0060, U+00B4) become ``'``; curly double quotes
       (U+201C, U+201D, U+201E) become ``"``; all dashes (U+2010-U+2015,
       U+2212, U+FE58, U+FE63, U+FF0D) become ``-``;
    2. otherwise Unicode NFKD, ``str.casefold``, NFKD again, then non-spacing
       and enclosing combining marks (categories Mn, Me: diacritics) are
       dropped;
    3. zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and the soft
       hyphen U+00AD are removed;
    4. every run of whitespace (``str.isspace``: spaces, NBSP, tabs, line
       breaks, ...) becomes a single space. Removed characters do not break a
       run. Leading and trailing whitespace is kept as one space, not stripped.

``normalise_for_search``
    The same, then apostrophes are removed and dashes count as whitespace, so
    ``"xian"`` finds ``"Xi'an"`` and ``"baku tbilisi"`` finds
    ``"Baku-Tbilisi-Ceyhan"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "APOSTROPHES",
    "DASHES",
    "DOUBLE_QUOTES",
    "INVISIBLES",
    "NormalisedText",
    "find_all",
    "normalise",
    "normalise_for_search",
    "search_text",
]

#: Characters unified to ``'`` (U+2019, U+2018, U+02BC, U+2032, U+0060, U+00B4).
APOSTROPHES = "\u2019\u2018\u02bc\u2032\u0060\u00b4"
#: Characters unified to ``"`` (U+201C, U+201D, U+201E).
DOUBLE_QUOTES = "\u201c\u201d\u201e"
#: Characters unified to ``-`` (U+2010-U+2015, U+2212, U+FE58, U+FE63, U+FF0D).
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: Characters removed: zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen.
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(DASHES, "-"),
    }
)
_STRIPPED_CATEGORIES = frozenset({"Mn", "Me"})


@dataclass(frozen=True)
class NormalisedText:
    """A normalised string with a map back to the original code points.

    Attributes
    ----------
    original : str
        The verbatim input.
    text : str
        The normalised string.
    starts, ends : tuple of int
        For each character ``text[i]``, the original code points it stands for
        are ``original[starts[i]:ends[i]]``. Both sequences are non-decreasing.
    """

    original: str
    text: str
    starts: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def original_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Map a normalised slice back to the original text.

        Parameters
        ----------
        norm_start, norm_end : int
            A slice ``[norm_start, norm_end)`` of :attr:`text`.

        Returns
        -------
        tuple of int
            The smallest ``(start, end)`` such that ``original[start:end]``
            covers every original code point behind ``text[norm_start:norm_end]``
            (a collapsed whitespace run covers the whole run, a base letter
            covers its decomposed diacritics). An empty slice maps to an empty
            span at the corresponding original position.

        Raises
        ------
        ValueError
            If the slice is not within ``0 <= norm_start <= norm_end <= len(text)``.
        """
        if not 0 <= norm_start <= norm_end <= len(self.text):
            raise ValueError(
                f"normalised slice [{norm_start}, {norm_end}) is outside [0, {len(self.text)}]"
            )
        if norm_start == norm_end:
            at_end = norm_start == len(self.text)
            position = len(self.original) if at_end else self.starts[norm_start]
            return position, position
        return self.starts[norm_start], self.ends[norm_end - 1]

    def find_all(self, pattern: str) -> list[int]:
        """Return every start index of ``pattern`` in :attr:`text`, overlaps included.

        Parameters
        ----------
        pattern : str
            An already normalised string; an empty pattern matches nowhere.

        Returns
        -------
        list of int
            Start offsets in normalised space, ascending.
        """
        if not pattern:
            return []
        found = []
        index = self.text.find(pattern)
        while index != -1:
            found.append(index)
            index = self.text.find(pattern, index + 1)
        return found


class _Builder:
    """Accumulate normalised characters and their original spans."""

    def __init__(self, search: bool) -> None:
        self.search = search
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.in_space_run = False

    def add(self, index: int, char: str) -> None:
        """Add the original code point ``char`` found at ``index``."""
        if char in INVISIBLES:
            return
        folded = _fold(char)
        if not folded:
            self._extend_last(index)
            return
        for piece in folded:
            self._emit(index, piece)

    def _emit(self, index: int, piece: str) -> None:
        if self.search and piece == "'":
            return
        if piece.isspace() or (self.search and piece == "-"):
            if self.in_space_run:
                self.ends[-1] = index + 1
                return
            piece = " "
        self.in_space_run = piece == " "
        self.chars.append(piece)
        self.starts.append(index)
        self.ends.append(index + 1)

    def _extend_last(self, index: int) -> None:
        """Attach a dropped combining mark to the character(s) before it."""
        if not self.chars:
            return
        last_start = self.starts[-1]
        position = len(self.chars) - 1
        while position >= 0 and self.starts[position] == last_start:
            self.ends[position] = index + 1
            position -= 1

    def build(self, original: str) -> NormalisedText:
        return NormalisedText(original, "".join(self.chars), tuple(self.starts), tuple(self.ends))


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """Normalise one code point (no whitespace collapsing, no removal)."""
    if ord(char) in _PUNCTUATION:
        return char.translate(_PUNCTUATION)
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in _STRIPPED_CATEGORIES)
    return kept.translate(_PUNCTUATION)


def _normalise(text: str, *, search: bool) -> NormalisedText:
    if text.isascii():
        return _normalise_ascii(text, search=search)
    builder = _Builder(search)
    for index, char in enumerate(text):
        builder.add(index, char)
    return builder.build(text)


_ASCII_SPACE = "".join(char for char in map(chr, range(128)) if char.isspace())
_ASCII_FOLD = str.maketrans({"`": "'", **dict.fromkeys(_ASCII_SPACE, " ")})
"""What folding does to ASCII besides lower-casing: a backtick is an apostrophe, whitespace a
space."""
_ASCII_FOLD_FOR_SEARCH = str.maketrans({"`": "'", **dict.fromkeys(_ASCII_SPACE + "-", " ")})
"""The same for search, where a hyphen is a space too."""
_SPACES = re.compile("(?P<gap> +)")
"""What :func:`normalise` joins in folded ASCII: a run of spaces is one."""
_SPACES_OR_APOSTROPHE = re.compile("(?P<gap> (?:'* )*)|'")
"""What :func:`normalise_for_search` joins or drops in folded ASCII: a run of spaces is one,
and apostrophes are dropped, also within a run, which they do not end."""


def _normalise_ascii(text: str, *, search: bool) -> NormalisedText:
    """Do what :class:`_Builder` does to ASCII text, a run at a time instead of per character.

    ASCII folds character for character (see :data:`_ASCII_FOLD`): only runs of spaces and,
    in search, apostrophes change the offsets.
    """
    folded = text.lower().translate(_ASCII_FOLD_FOR_SEARCH if search else _ASCII_FOLD)
    if "  " not in folded and not (search and "'" in folded):  # nothing to join or drop
        offsets = range(len(folded) + 1)
        return NormalisedText(text, folded, tuple(offsets[:-1]), tuple(offsets[1:]))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for match in (_SPACES_OR_APOSTROPHE if search else _SPACES).finditer(folded):
        start, end = match.span()
        pieces.append(folded[done:start])  # kept as they are, one character each
        starts.extend(range(done, start))
        ends.extend(range(done + 1, start + 1))
        if match.group("gap"):
            pieces.append(" ")
            starts.append(start)
            ends.append(end)
        done = end
    pieces.append(folded[done:])
    starts.extend(range(done, len(folded)))
    ends.extend(range(done + 1, len(folded) + 1))
    return NormalisedText(text, "".join(pieces), tuple(starts), tuple(ends))


def normalise(text: str) -> NormalisedText:
    """Normalise ``text`` for comparison, keeping a map to original offsets.

    See the module docstring for the exact rules.

    Parameters
    ----------
    text : str
        Verbatim text.

    Returns
    -------
    NormalisedText
        The normalised string and its offset map.

    Examples
    --------
    >>> n = normalise("Xi\u2019an\u00a0\u2013 \u00dcr\u00fcmqi")
    >>> n.text
    "xi'an - urumqi"
    >>> n.original_span(0, 5)
    (0, 5)
    """
    return _normalise(text, search=False)


def normalise_for_search(text: str) -> NormalisedText:
    """Normalise ``text`` for free-text search, keeping a map to original offsets.

    Like :func:`normalise`, but apostrophes are removed and dashes are treated
    as whitespace (then collapsed with neighbouring whitespace).

    Parameters
    ----------
    text : str
        Verbatim text.

    Returns
    -------
    NormalisedText
        The normalised string and its offset map.

    Examples
    --------
    >>> normalise_for_search("Xi\u2019an, Baku\u2013Tbilisi-Ceyhan").text
    'xian, baku tbilisi ceyhan'
    """
    return _normalise(text, search=True)


def search_text(text: str) -> str:
    """Return ``normalise_for_search(text).text``, quicker: without the map to the original.

    Examples
    --------
    >>> search_text("Xi\u2019an, Baku\u2013Tbilisi-Ceyhan")
    'xian, baku tbilisi ceyhan'
    """
    if text.isascii():  # apostrophes out, then a run of spaces one space
        folded = text.lower().translate(_ASCII_FOLD_FOR_SEARCH).replace("'", "")
        return _SPACES.sub(" ", folded)
    return normalise_for_search(text).text


def find_all(haystack: str, needle: str, *, search: bool = False) -> list[tuple[int, int]]:
    """Find every occurrence of ``needle`` in ``haystack`` under normalisation.

    Parameters
    ----------
    haystack : str
        Verbatim text to search.
    needle : str
        Text to look for; normalised the same way as ``haystack``.
    search : bool, default False
        Use :func:`normalise_for_search` instead of :func:`normalise`. In this
        mode leading and trailing whitespace of the normalised needle is
        ignored.

    Returns
    -------
    list of tuple of int
        ``(start, end)`` spans in ``haystack`` (code points), one per start
        position in normalised space, overlapping matches included, ascending.
        Empty if the needle normalises to nothing.

    Examples
    --------
    >>> find_all("Xi'an and XI\u2019AN", "xi\u2019an")
    [(0, 5), (10, 15)]
    """
    fold = normalise_for_search if search else normalise
    hay = fold(haystack)
    pattern = fold(needle).text
    if search:
        pattern = pattern.strip()
    return [hay.original_span(i, i + len(pattern)) for i in hay.find_all(pattern)]


PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
"""Letters that Unicode decomposition leaves alone but a reader takes for a plain one (for
``str.translate``, after :func:`normalise_for_search`)."""
