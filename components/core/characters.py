"""One policy for invisible and direction-changing characters, applied at load and at ingest.

Two kinds of text come from outside:

- **Labels**: ids, names, titles, authors, publishers, URLs, dates. They are short, shown in
  headings, legends, tooltips and file names, and nothing in them needs a character a reader
  cannot see. A label is refused if it holds any control or format character (category
  ``Cc``/``Cf``: NUL, bidirectional overrides and marks such as U+202E, U+200E, U+061C,
  zero-width spaces and joiners, the BOM), a line or paragraph separator (U+2028, U+2029) or a
  private-use, surrogate or unassigned code point, or if it is longer than its limit.
- **Prose**: source texts and the quotes taken from them, stored verbatim. Scripts such as
  Persian need zero-width joiners and non-joiners, and a right-to-left quotation may carry
  direction marks, so only the characters that can reorder what a reader sees around them are
  refused: the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069), the "Trojan Source" characters.

Pure functions: they name what is wrong and leave the reporting to the caller.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder the text that follows them."""
_BIDI_CONTROL = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})

ID_MAX_LENGTH = 64
"""Ids are slugs in URLs, file names and keys."""
LABEL_MAX_LENGTH = 300
"""Names and titles; a longer one would cover the map's legend and headings."""


def hidden_character(text: str) -> str | None:
    """Return the first character a reader could not see in a label, as ``U+XXXX``, or None."""
    # Quick answer for most labels: str.isprintable is false for every category refused here
    # (and for a few more, such as a no-break space, which the loop below then lets through).
    if text.isprintable():
        return None
    for char in text:
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None


def bidi_control(text: str) -> str | None:
    """Return the first bidirectional embedding, override or isolate in prose, or None."""
    found = _BIDI_CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def label_fault(text: str, max_length: int = LABEL_MAX_LENGTH) -> str | None:
    """Say what makes ``text`` unfit as a label (see the module's policy), or None."""
    if len(text) > max_length:
        return f"is {len(text):,} characters long; the limit is {max_length}"
    hidden = hidden_character(text)
    if hidden:
        return f"contains an invisible or control character ({hidden})"
    return None


def prose_fault(text: str) -> str | None:
    """Say what makes verbatim ``text`` unsafe to show (see the module's policy), or None."""
    control = bidi_control(text)
    if control:
        return f"contains a bidirectional control character ({control}) that reorders text"
    return None
