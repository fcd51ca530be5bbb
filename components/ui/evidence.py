"""Quotes and citations as every page shows them, with links to their segments and sources."""

from __future__ import annotations

import streamlit as st

from components.domain.evidence import quote_passage
from components.domain.loading import Atlas
from components.domain.model import Quote, Source
from components.ui import pages
from components.ui.text import md_literal


def citation(source: Source) -> str:
    """Return 'Title. Author. Publisher, date.' with unknowns said as unknown, Markdown-safe."""
    parts = [
        f"“{source.title}”" if source.title else "Untitled",
        source.author or "author unknown",
        source.publisher or "publisher unknown",
        source.published or "date unknown",
    ]
    return md_literal(". ".join(parts) + ".")


def quote_card(atlas: Atlas, quote: Quote, *, context: bool = True, segments: bool = False):
    """Show a quote (with the words around it), its citation and links to its place in the source.

    Parameters
    ----------
    context : bool
        Show the text before and after the exact words, greyed.
    segments : bool
        Also link every segment the quote supports.
    """
    source = atlas.sources[quote.source]
    with st.container(border=True):
        if context:
            words = quote_passage(atlas, quote)
            st.markdown(
                f":gray[{md_literal(words.before)}] **{md_literal(words.match)}** "
                f":gray[{md_literal(words.after)}]"
            )
        else:
            st.markdown(f"“{md_literal(quote.exact)}”")
        st.caption(citation(source))
        st.page_link(
            pages.SOURCE,
            label="View in source",
            icon=":material/format_quote:",
            query_params={"id": source.id, "quote": quote.id},
        )
        if source.url and source.url.startswith(("https://", "http://")):
            st.link_button("Original article", source.url)
        if segments:
            segment_links(atlas, quote.segments)


def segment_links(atlas: Atlas, segment_ids) -> None:
    """Link each segment's page, by name."""
    for segment_id in segment_ids:
        if segment_id in atlas.segments.index:
            st.page_link(
                pages.SEGMENT,
                label=md_literal(atlas.segments.at[segment_id, "name"]),
                icon=":material/timeline:",
                query_params={"id": segment_id},
            )
