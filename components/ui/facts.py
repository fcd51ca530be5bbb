"""A segment's facts, the same on the map panel and on the segment page."""

from __future__ import annotations

import streamlit as st

from components.domain.loading import Atlas
from components.mapping.styles import MODE_LABELS
from components.ui import pages
from components.ui.text import md_literal


def segment_facts(atlas: Atlas, segment_id: str, *, country_links: bool = False) -> None:
    """Show route, mode, countries, geodesic length and the places along a segment."""
    row = atlas.segments.loc[segment_id]
    st.markdown(
        f"**Route:** {md_literal(atlas.routes[row['route']].name)}  \n"
        f"**Mode:** {md_literal(MODE_LABELS.get(row['mode'], row['mode']))}  \n"
        f"**Length:** {row['length_km']:,.0f} km (geodesic)  \n"
        f"**Via:** {md_literal(' → '.join(row['via']))}"
    )
    if country_links:
        st.markdown("**Countries:**")
        columns = st.columns(max(1, len(row["countries"])))
        for column, code in zip(columns, row["countries"], strict=False):
            column.page_link(
                pages.COUNTRY,
                label=md_literal(atlas.country_name(code)),
                icon=":material/flag:",
                query_params={"code": code},
            )
    else:
        names = ", ".join(map(atlas.country_name, row["countries"]))
        st.markdown(f"**Countries:** {md_literal(names)}")
