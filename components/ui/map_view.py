"""The map page's pieces that need Streamlit: headline figures, empty state, the shared link."""

from __future__ import annotations

from urllib.parse import urlencode

import geopandas as gpd
import streamlit as st

from components.domain.geometry import network_length_km
from components.domain.loading import Atlas
from components.domain.view import View, describe_filters, view_to_params
from components.mapping.builder import Bounds
from components.ui.downloads import download_buttons
from components.ui.tables import segment_table
from components.ui.text import md_literal
from components.ui.view_state import reset_filters


def headline(atlas: Atlas, shown: gpd.GeoDataFrame) -> None:
    """Show the figures of what is shown.

    Segments, drawn km (shared track counted once), countries, quotes, and how many of the
    segments a quote names.
    """
    quotes = {quote.id for sid in shown.index for quote in atlas.quotes_by_segment.get(sid, [])}
    countries = {code for codes in shown["countries"] for code in codes}
    named = sum(atlas.evidence.get(segment_id) == "names" for segment_id in shown.index)
    columns = st.columns(5)
    columns[0].metric("Segments", len(shown))
    columns[1].metric(
        "Km drawn",
        f"{network_length_km(shown.geometry):,.0f}",
        help=(
            "The drawn length of what is shown, with track that two routes share counted "
            f"once (segment by segment it adds up to {shown['length_km'].sum():,.0f} km). "
            "Drawn lines run through the places on the route, so they are shorter than the "
            "track itself; each segment's page gives its published length where one is known."
        ),
    )
    columns[2].metric("Countries", len(countries))
    columns[3].metric("Quotes", len(quotes))
    columns[4].metric(
        "Named by a source",
        f"{named} of {len(shown)}",
        help="Segments with a quote that names a place, facility or line on them.",
    )


def empty_state(atlas: Atlas, view: View) -> None:
    """Say that nothing matches, naming the filters, with a way to reset them."""
    if atlas.segments.empty:
        st.warning("No segment could be loaded from the data: the banner above lists why.")
        return
    filters = describe_filters(
        view, atlas.country_name, {k: r.name for k, r in atlas.routes.items()}
    )
    st.warning(f"No segment matches the filters ({md_literal(filters)}).")
    st.button("Reset filters", on_click=reset_filters, key="reset_empty")


def dropped_notice(dropped: list[str]) -> None:
    """Tell the user which values of the shared link were ignored, shown literally."""
    if dropped:
        st.warning(
            "Some values in the link were not recognised and were ignored: "
            + ", ".join(f"`{value.replace('`', 'ʼ')}`" for value in dropped)
        )


def share_link(view: View) -> None:
    """Show the link that reopens exactly this view, with a copy button."""
    query = urlencode(view_to_params(view), doseq=True)
    base = (st.context.url or "").split("?", 1)[0]
    st.caption("Link to this view (copy it with the button on the right):")
    st.code(f"{base}?{query}" if query else base or "/", language=None)


def bounds_of(segments: gpd.GeoDataFrame, fallback: gpd.GeoDataFrame) -> Bounds:
    """Return the bounds of the segments shown, or of ``fallback`` when none is shown."""
    west, south, east, north = (segments if len(segments) else fallback).total_bounds
    return (float(south), float(west)), (float(north), float(east))


@st.fragment
def table_and_downloads(atlas: Atlas, shown: gpd.GeoDataFrame) -> None:
    """Show the table and the downloads of what is shown behind a toggle, as a fragment.

    Off by default: they load large parts of Streamlit's frontend, which would otherwise compete
    with the map on every page load; as a fragment, toggling them does not rebuild the map.
    """
    if st.toggle(f"Table and downloads of the {len(shown)} segments shown", key="show_table"):
        st.dataframe(segment_table(atlas, shown), hide_index=True, width="stretch")
        download_buttons(atlas, shown, "corridor-atlas")
