"""The map: the routes, filtered and switched; click a line to read what its sources say."""

import streamlit as st

from components.mapping.builder import build_map
from components.ui.data import atlas, basemap, layers_within_budget, node_layer
from components.ui.filters import (
    DROPPED_KEY,
    apply_map_click,
    current_view,
    filter_controls,
    restore_from_url,
    route_switch,
    write_to_url,
)
from components.ui.map_page import (
    MAP_HEIGHT,
    dropped_notice,
    empty_state,
    headline,
    map_bounds,
    route_cards,
    share_link,
    shown_segments,
    table_and_downloads,
)
from components.ui.map_widget import show_map
from components.ui.pages import require_app
from components.ui.panel import segment_panel

require_app()
data = atlas()
restore_from_url(data)
view = current_view(data.routes)
write_to_url(view)

st.title("Corridor Atlas")
st.caption(
    "The Middle Corridor, the Baku–Tbilisi–Ceyhan pipeline and the March 2024 Xi'an–Baku "
    "container train, every line with the words of its sources and how strongly they support it."
)
dropped_notice(st.session_state.get(DROPPED_KEY, []))
shown = shown_segments(data, view)
headline(data, shown)
with st.container(horizontal=True, vertical_alignment="bottom"):
    route_switch(data)
    filter_controls(data)
if shown.empty:
    empty_state(data, view)

map_column, panel_column = st.columns([5, 2])
with map_column:
    layers, merged = layers_within_budget(set(shown.index))
    if merged:
        st.info(
            f"{len(shown):,} segments are too many to draw one by one: each route is drawn "
            "per mode. Filter by country, route or mode to hover and click single segments."
        )
    fmap = build_map(
        layers,
        **basemap(),
        bounds=map_bounds(data, shown, view.segment),
        selected=view.segment,
        highlighted_countries=view.countries,
        nodes=node_layer(set(shown.index)),
    )
    if apply_map_click(show_map(fmap, key="map", height=MAP_HEIGHT), shown):
        st.rerun()
with panel_column:
    segment_panel(data, view.segment)

route_cards(data, shown)
share_link(view)
table_and_downloads(data, shown)
