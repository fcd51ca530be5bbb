"""The map page's selection panel: the selected segment's facts and every quote about it."""

from __future__ import annotations

import json

import streamlit as st

from components.core.atlas import Atlas
from components.ui import pages
from components.ui.errors import guarded
from components.ui.filters import OVERLAP_KEY, SEGMENT_KEY, clear_selection
from components.ui.markdown import md_literal
from components.ui.quote_cards import quote_card
from components.ui.segment_facts import segment_facts

SELECTION_ANCHOR = "selection"
NARROW_PX = 700
"""Below this width the panel stands under the map, so a selection scrolls it into view."""


def segment_panel(atlas: Atlas, segment_id: str | None) -> None:
    """Show the selected segment, or how to select one."""
    if segment_id is None or segment_id not in atlas.segments.index:
        st.info("Click a line on the map to read what the sources say about it.")
        return
    st.subheader(md_literal(atlas.segments.at[segment_id, "name"]), anchor=SELECTION_ANCHOR)
    scroll_into_view_on_phones()
    shared_track_choice(atlas, segment_id)
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


def shared_track_choice(atlas: Atlas, segment_id: str) -> None:
    """Where routes share the track under the click, offer every segment that runs there."""
    under = [sid for sid in st.session_state.get(OVERLAP_KEY, []) if sid in atlas.segments.index]
    if segment_id not in under or len(under) < 2:
        return
    st.caption(f"{len(under)} segments run where you clicked. Also here:")
    for other in under:
        if other != segment_id:
            st.button(
                md_literal(atlas.segments.at[other, "name"]),
                key=f"under-{other}",
                icon=":material/alt_route:",
                on_click=select_segment,
                args=(other,),
            )


@guarded
def select_segment(segment_id: str) -> None:
    """Make ``segment_id`` the selection (a button callback)."""
    st.session_state[SEGMENT_KEY] = segment_id


def scroll_into_view_on_phones() -> None:
    """On a narrow screen, bring the panel (under the map) into view after a selection."""
    st.html(
        "<script>setTimeout(function () {"
        f"if (window.innerWidth < {NARROW_PX}) {{"
        f"var h = document.getElementById({json.dumps(SELECTION_ANCHOR)});"
        "if (h) { h.scrollIntoView({block: 'start'}); }}}, 400);</script>",
        unsafe_allow_javascript=True,
    )
