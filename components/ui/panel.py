"""The map page's side panel: the selected segment's facts and every quote about it."""

from __future__ import annotations

import streamlit as st

from components.domain.loading import Atlas
from components.ui import pages
from components.ui.evidence import quote_card
from components.ui.facts import segment_facts
from components.ui.text import md_literal
from components.ui.view_state import clear_selection


def segment_panel(atlas: Atlas, segment_id: str | None) -> None:
    """Show the selected segment, or how to select one."""
    if segment_id is None or segment_id not in atlas.segments.index:
        st.info("Click a segment on the map to read what the sources say about it.")
        return
    st.subheader(md_literal(atlas.segments.at[segment_id, "name"]))
    segment_facts(atlas, segment_id)
    quotes = atlas.quotes_by_segment.get(segment_id, [])
    st.markdown(f"**What the sources say** ({len(quotes)})")
    for quote in quotes:
        quote_card(atlas, quote, segment_id=segment_id, context=False)
    st.page_link(
        pages.SEGMENT,
        label="Open the segment's page",
        icon=":material/open_in_new:",
        query_params={"id": segment_id},
    )
    st.button("Clear selection", on_click=clear_selection)
