"""Quotes and citations as every page shows them, with links to their segments and sources."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from components.core.atlas import Atlas
from components.core.model import Quote, Source, is_web_address
from components.core.passages import quote_passage
from components.core.support import Support
from components.core.vocabulary import LEVEL_LABELS
from components.ui import pages
from components.ui.markdown import md_literal

LEVEL_COLOURS = {"names": "green", "route": "blue", "context": "gray", "none": "red"}
LEVEL_ICONS = {
    "names": ":material/verified:",
    "route": ":material/route:",
    "context": ":material/blur_on:",
    "none": ":material/help:",
}


def citation(source: Source) -> str:
    """Return 'Title. Author. Publisher, date.' with unknowns said as unknown, Markdown-safe."""
    parts = [
        f"“{source.title}”" if source.title else "Untitled",
        source.author or "author unknown",
        source.publisher or "publisher unknown",
        source.published or "date unknown",
    ]
    return md_literal(". ".join(parts) + ".")


def level_badge(level: str) -> str:
    """Return the Markdown badge of a support or evidence level (e.g. "Names this segment")."""
    label = LEVEL_LABELS.get(level, level)
    return f":{LEVEL_COLOURS.get(level, 'gray')}-badge[{LEVEL_ICONS.get(level, '')} {label}]"


def support_line(support: Support) -> str:
    """Return a badge and the words that decided a link's level, Markdown-safe."""
    words = ", ".join(f"“{md_literal(word)}”" for word in support.words)
    decided = f" · deciding words: {words}" if words else " · it names no place, line or route"
    return level_badge(support.level) + decided


def quote_card(
    atlas: Atlas,
    quote: Quote,
    *,
    segment_id: str | None = None,
    context: bool = True,
    segments: bool = False,
    cite: bool = True,
) -> None:
    """Show a quote (with the words around it), its citation and links to its place in the source.

    Parameters
    ----------
    segment_id : str, optional
        The segment the quote is shown for: the card then says how strongly the quote supports
        it, and why.
    context : bool
        Show the text before and after the exact words, greyed.
    segments : bool
        Also link every segment the quote supports, each with its support level.
    cite : bool
        Show the source's citation and its "Read online" button; leave them out when the page
        shows them once above all the quotes of that source.
    """
    source = atlas.sources[quote.source]
    with st.container(border=True):
        if segment_id is not None:
            st.markdown(support_line(atlas.support[quote.id][segment_id]))
        if context:
            words = quote_passage(atlas, quote)
            st.markdown(
                f":gray[{md_literal(words.before)}] **{md_literal(words.match)}** "
                f":gray[{md_literal(words.after)}]"
            )
        else:
            st.markdown(f"“{md_literal(quote.exact)}”")
        if cite:
            st.caption(citation(source))
        st.page_link(
            pages.SOURCE,
            label="View in source",
            icon=":material/format_quote:",
            query_params={"id": source.id, "quote": quote.id},
        )
        if cite and is_web_address(source.url):
            st.link_button("Read online", source.url)
        if segments:
            segment_links(atlas, quote.segments, quote=quote)


def segment_links(atlas: Atlas, segment_ids: Iterable[str], *, quote: Quote | None = None) -> None:
    """Link each segment's page, by name; with ``quote``, say how strongly it supports each."""
    for segment_id in segment_ids:
        if segment_id not in atlas.segments.index:
            continue
        if quote is not None:
            st.markdown(support_line(atlas.support[quote.id][segment_id]))
        st.page_link(
            pages.SEGMENT,
            label=md_literal(atlas.segments.at[segment_id, "name"]),
            icon=":material/timeline:",
            query_params={"id": segment_id},
        )
