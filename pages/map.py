"""The map: routes filtered by country, route and mode; click a segment to read its quotes."""

import streamlit as st

from components.domain.filtering import filter_segments
from components.mapping.builder import build_map
from components.ui.data import atlas, basemap_url, country_layer, layers_within_budget, node_layer
from components.ui.map_view import (
    bounds_of,
    dropped_notice,
    empty_state,
    headline,
    share_link,
    table_and_downloads,
)
from components.ui.map_widget import show_map
from components.ui.pages import require_app
from components.ui.panel import segment_panel
from components.ui.view_state import (
    DROPPED_KEY,
    apply_map_click,
    current_view,
    filter_sidebar,
    restore_from_url,
    write_to_url,
)

require_app()
data = atlas()
restore_from_url(data)
filter_sidebar(data)
view = current_view()
write_to_url(view)

st.title("Corridor Atlas")
st.caption(
    "The Middle Corridor, the Baku–Tbilisi–Ceyhan pipeline and the March 2024 Xi'an–Baku "
    "container train, every segment backed by the words of its sources."
)
dropped_notice(st.session_state.get(DROPPED_KEY, []))

shown = filter_segments(data.segments, **view.filters())
headline(data, shown)
if shown.empty:
    empty_state(data, view)

map_column, panel_column = st.columns([3, 2])
with map_column:
    layers, merged = layers_within_budget(set(shown.index))
    if merged:
        st.info(
            f"{len(shown):,} segments are too many to draw one by one: each route is drawn "
            "per mode. Filter by country, route or mode to hover and click single segments."
        )
    fmap = build_map(
        layers,
        country_layer(),
        bounds=bounds_of(shown, data.segments),
        selected=view.segment,
        highlighted_countries=view.countries,
        basemap_url=basemap_url(),
        nodes=node_layer(set(shown.index)),
    )
    if apply_map_click(show_map(fmap, key="map"), data.segments.index):
        st.rerun()
with panel_column:
    segment_panel(data, view.segment)

share_link(view)
table_and_downloads(data, shown)
