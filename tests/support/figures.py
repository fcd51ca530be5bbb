"""Read the map page's headline figures ("**26** segments · **15,447** km drawn · …") in AppTest."""

from __future__ import annotations

import re

FIGURE = re.compile(r"\*\*([^*]+)\*\* ([a-z ]+?)(?= ·|$)")


def figures(at) -> dict[str, str]:
    """Return ``{label: value}`` of the headline, e.g. ``{"segments": "26", ...}``."""
    for element in at.markdown:
        found = dict((label, value) for value, label in FIGURE.findall(element.value))
        if "segments" in found and "km drawn" in found:
            return found
    raise AssertionError("the page shows no headline figures")
