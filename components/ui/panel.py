"""The side panel: a segment's facts and every quote about it, with its citation."""

from __future__ import annotations

import streamlit as st

from components.domain.loading import Atlas
from components.domain.model import Quote, Source
from components.mapping.styles import MODE_LABELS
from components.ui.text import md_literal
from components.ui.view_state import clear_selection


def segment_panel(atlas: Atlas, segment_id: str | None) -> None:
    """Show the selected segment, or how to select one."""
    if segment_id is None or segment_id not in atlas.segments.index:
        st.info("Click a segment on the map to read what the sources say about it.")
        return
    row = atlas.segments.loc[segment_id]
    st.subheader(md_literal(row["name"]))
    st.markdown(
        f"**Route:** {md_literal(atlas.routes[row['route']].name)}  \n"
        f"**Mode:** {md_literal(MODE_LABELS.get(row['mode'], row['mode']))}  \n"
        f"**Countries:** {md_literal(', '.join(map(atlas.country_name, row['countries'])))}  \n"
        f"**Length:** {row['length_km']:,.0f} km (geodesic)  \n"
        f"**Via:** {md_literal(' → '.join(row['via']))}"
    )
    quotes = atlas.quotes_by_segment.get(segment_id, [])
    st.markdown(f"**What the sources say** ({len(quotes)})")
    for quote in quotes:
        _quote_card(quote, atlas.sources[quote.source])
    st.button("Clear selection", on_click=clear_selection)


def _quote_card(quote: Quote, source: Source) -> None:
    with st.container(border=True):
        st.markdown(f"“{md_literal(quote.exact)}”")
        st.caption(citation(source))
        if source.url and source.url.startswith(("https://", "http://")):
            st.link_button("Open the source", source.url)


def citation(source: Source) -> str:
    """Return 'Title. Author. Publisher, date.' with unknowns said as unknown, Markdown-safe."""
    parts = [
        f"“{source.title}”" if source.title else "Untitled",
        source.author or "author unknown",
        source.publisher or "publisher unknown",
        source.published or "date unknown",
    ]
    return md_literal(". ".join(parts) + ".")
