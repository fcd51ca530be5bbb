"""Ids and sentences for ingest: :func:`slugify`, :func:`unique_id` and :func:`split_sentences`."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from components.domain.textnorm import normalise_for_search

MAX_ID_LENGTH = 60

# Letters that Unicode decomposition leaves alone but a reader takes for a plain one.
_PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


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
    from components.domain.loading import SLUG

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
