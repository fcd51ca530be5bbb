"""Find search forms in a verbatim text: :func:`find_mentions` and :class:`MentionFinder`."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components.core.textnorm import APOSTROPHES, PLAIN_LETTERS, normalise_for_search


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
        Search forms (see :func:`~components.core.gazetteer.search_form`). To find
        the same patterns in many texts, make a :class:`MentionFinder` once instead.

    Returns
    -------
    list of Mention
        In text order, with original offsets. A match must stand between word boundaries in the
        normalised text, but may be followed by a possessive ``'s`` (``Kazakhstan’s``). Where
        matches overlap, the longest wins (``Baku-Tbilisi-Ceyhan`` is a route, not a mention of
        ``Tbilisi``).
    """
    return MentionFinder(patterns).find(text)


_WORD = re.compile(r"\w+")


class MentionFinder:
    """Search forms prepared once, to be found in many texts as :func:`find_mentions` does.

    Each pattern is filed under its rarest word (the word fewest patterns share), and a text is
    searched only for the patterns whose word it contains: the cost grows with the text and
    what it mentions, not with the number of patterns.

    Parameters
    ----------
    patterns : iterable of str
        Search forms (see :func:`~components.core.gazetteer.search_form`); empty
        ones are ignored.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        unique = list(dict.fromkeys(patterns))  # in the order given: no need to sort them
        words = [set(_WORD.findall(pattern)) for pattern in unique]
        sharing = Counter(itertools.chain.from_iterable(words))
        # Rarest first: fewest patterns sharing it, then the longest, then alphabetical.
        by_rarity = sorted(sharing, key=lambda word: (sharing[word], -len(word), word))
        rank = {word: at for at, word in enumerate(by_rarity)}
        by_word: dict[str, list[str]] = {}
        self._anywhere: list[str] = []
        for pattern, found in zip(unique, words, strict=True):
            if not pattern:
                continue
            if not found:
                self._anywhere.append(pattern)
                continue
            rarest = min(found, key=rank.__getitem__)
            by_word.setdefault(rarest, []).append(pattern)
        # Tuples of text: the garbage collector stops following them, lists it never does.
        self._by_word = {word: tuple(found) for word, found in by_word.items()}

    def find(self, text: str) -> list[Mention]:
        """Find the patterns in a verbatim text (see :func:`find_mentions`)."""
        hay = normalise_for_search(text)
        folded = hay.text.translate(PLAIN_LETTERS)
        found: list[tuple[int, int, str]] = []
        for pattern in self._candidates(folded):
            for start in _word_starts(folded, pattern):
                end = start + len(pattern)
                if _ends_word(text, hay.starts, hay.ends, folded, end):
                    found.append((start, end, pattern))
        kept: list[tuple[int, int, str]] = []
        covered = bytearray(len(folded))  # 1 where a kept mention stands: no search of kept
        for start, end, pattern in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if covered.find(1, start, end) == -1:
                kept.append((start, end, pattern))
                covered[start:end] = b"\x01" * (end - start)
        return [
            Mention(*hay.original_span(start, end), pattern) for start, end, pattern in sorted(kept)
        ]

    def _candidates(self, folded: str) -> list[str]:
        # Every word of a pattern stands as a whole word where the pattern matches, except
        # that the last may be followed by a possessive 's ("kazakhstans" for Kazakhstan's).
        words = set(_WORD.findall(folded))
        words |= {word[:-1] for word in words if word.endswith("s")}
        candidates = list(self._anywhere)
        for word in sorted(words):
            candidates += self._by_word.get(word, ())
        return candidates


def _word_starts(folded: str, pattern: str) -> Iterable[int]:
    """Where ``pattern`` starts in ``folded`` with no word character just before it.

    Like ``re.finditer``: after a match the search goes on from its end.
    """
    start = folded.find(pattern)
    while start != -1:
        if start == 0 or not _is_word_char(folded[start - 1]):
            yield start
            start = folded.find(pattern, start + len(pattern))
        else:
            start = folded.find(pattern, start + 1)


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
