"""Untrusted text for Streamlit's Markdown: shown literally, never interpreted."""

from __future__ import annotations

import re

from components.core.model import is_web_address

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def md_literal(text: object) -> str:
    """Escape every Markdown-active ASCII punctuation mark with a backslash.

    Streamlit's Markdown then shows the text as written: no Markdown links or images (so no
    request to another host), no colour (``:red[...]``) or maths (``$...$``), no HTML. A bare
    ``http://`` address in the text stays clickable (GitHub-flavoured autolinks ignore
    escapes), but nothing is fetched and ``javascript:`` never becomes a link.
    """
    if text is None:
        return ""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    # Line breaks would start new Markdown blocks (lists, headings): keep one paragraph. A space
    # at either end is kept, so text placed next to other Markdown keeps its word boundaries.
    return re.sub(r"\s+", " ", escaped)


_ADDRESS_BREAKERS = {ord(c): f"%{ord(c):02X}" for c in " ()[]<>\"'`\\"}


def cited_address(url: str) -> str:
    """Percent-encode what would end a Markdown link's address early (spaces, brackets, quotes).

    The browser decodes them again, so the link leads exactly where ``url`` says.
    """
    return url.translate(_ADDRESS_BREAKERS)


def md_link(label: object, url: str) -> str:
    """Return a Markdown link with a literal label, or the label alone for a non-web URL."""
    if not is_web_address(url):
        return md_literal(label)
    return f"[{md_literal(label)}]({cited_address(url)})"
