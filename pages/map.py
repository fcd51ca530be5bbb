"""The map of the routes and the table of their segments."""

import streamlit as st
from streamlit_folium import st_folium

import components.ui.assets  # noqa: F401  (serves Leaflet to the map's iframe)
from components.mapping.builder import build_map
from components.ui.data import atlas, country_layer, route_layers
from components.ui.tables import segment_table

data = atlas()
st.title("Corridor Atlas")
st.caption(
    "The Middle Corridor, the Baku–Tbilisi–Ceyhan pipeline and the March 2024 Xi'an–Baku "
    "container train, every segment backed by the words of its sources."
)

west, south, east, north = data.segments.total_bounds
fmap = build_map(route_layers(), country_layer(), bounds=((south, west), (north, east)))
st_folium(fmap, key="map", height=560, use_container_width=True, returned_objects=[])

st.subheader("Segments")
st.dataframe(segment_table(data, data.segments), hide_index=True, width="stretch")
