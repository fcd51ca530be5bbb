"""Ids and sentences for ingest: :func:`slugify`, :func:`unique_id` and :func:`split_sentences`.

Every function here takes time linear in its input, whatever the input: a text comes from
outside, and one slow call would hold the interpreter for every session of the app.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from components.core.textnorm import PLAIN_LETTERS, normalise_for_search

MAX_ID_LENGTH = 60
"""The longest id ingest makes: within :data:`~components.core.characters.ID_MAX_LENGTH`."""


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
    # Imported here: loading.py imports this module (through support.py), not the reverse.
    from components.core.model import SLUG

    if not SLUG.fullmatch(fallback) or len(fallback) > max_length:
        raise ValueError(f"fallback must be a slug of at most {max_length} characters")
    folded = normalise_for_search(text).text.translate(PLAIN_LETTERS)
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
        A slug not in ``taken``. To make many ids, use :class:`UniqueIds`.
    """
    return UniqueIds(taken, max_length).make(base)


class UniqueIds:
    """Make ids that are unused and distinct from each other, as :func:`unique_id` does.

    It remembers the last number tried for each base, so making ``n`` ids from one base takes
    time in ``n``, not in ``n`` squared (a text of a thousand identical sentences).

    Parameters
    ----------
    taken : collection of str
        Ids already in use; copied.
    max_length : int, default 60
    """

    def __init__(self, taken: Collection[str] = (), max_length: int = MAX_ID_LENGTH) -> None:
        self.taken = set(taken)
        self._max_length = max_length
        self._next: dict[str, int] = {}

    def make(self, base: str) -> str:
        """Return ``base`` or its first free numbered form, and count it as taken."""
        candidate, number = base, self._next.get(base, 2)
        if base in self.taken:
            while True:
                suffix = f"-{number}"
                candidate = base[: self._max_length - len(suffix)].rstrip("-") + suffix
                number += 1
                if candidate not in self.taken:
                    break
            self._next[base] = number
        self.taken.add(candidate)
        return candidate


# --- sentences ----------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_TERMINALS = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"
# A run of terminals, then of closers, then white space or the end of the line. The look-behind
# makes a match start only where a run of terminals starts, and the possessive quantifiers never
# give back what they took: a long run with no space after it is scanned once, not once per
# character (which made ``"." * n + "x"`` take time in n squared, in one call holding the GIL).
_SENTENCE_END = re.compile(rf"(?<![{_TERMINALS}])[{_TERMINALS}]++[{_CLOSERS}]*+(?=\s|$)")
_VISIBLE = re.compile(r"\S")
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
    # Linear in the line: the matches do not overlap, the look-ahead for the next visible
    # character stops at it, and the token before a match stops at the white space that ended
    # the previous one, so no character is looked at more than a few times.
    for match in _SENTENCE_END.finditer(line):
        following = _VISIBLE.search(line, match.end())
        if following is None or following.group().islower():
            continue
        if line[match.start()] == "." and _is_abbreviation(line, match.start(), following.group()):
            continue
        yield match.end()


def _is_abbreviation(line: str, end: int, next_char: str) -> bool:
    """Whether the word ending at ``line[end]`` (a full stop) is an abbreviation."""
    start = end
    while start > 0 and _is_token_char(line[start - 1]):
        start -= 1
    token = line[start:end].lower()
    if token in ABBREVIATIONS or _INITIALS.fullmatch(token):
        return True
    if token in _ABBREVIATIONS_BEFORE_NUMBERS and next_char.isdigit():
        return True
    return len(token) == 1 and token.isalpha() and line[end - 1 : end].isupper()


def _is_token_char(char: str) -> bool:
    r"""``[\w.]`` of :mod:`re`: a letter, digit or underscore (in any script), or a full stop."""
    return char.isalnum() or char in "_."


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
