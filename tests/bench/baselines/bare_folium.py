"""Baseline: a bare ``st_folium`` page drawing one line.

Leaflet is served by the app itself (as Corridor Atlas does, through ``components.ui.served_files``)
so the line draws offline; no tiles, no country basemap, no layers, no legend. The widget is
called with the same arguments as the app's ``show_map``.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.mapping.asset_urls import leaflet_css, leaflet_js
from components.ui.served_files import LEAFLET_URL  # serves Leaflet to the map's iframe

st.title("Bare st_folium page")
fmap = folium.Map(location=[41, 45], zoom_start=5, tiles=None)
fmap.default_js = leaflet_js(LEAFLET_URL)
fmap.default_css = leaflet_css(LEAFLET_URL)
folium.PolyLine([[40.2, 49.5], [41.5, 45.1], [36.9, 35.9]]).add_to(fmap)
st_folium(
    fmap,
    key="map",
    height=520,
    use_container_width=True,
    returned_objects=["last_active_drawing", "last_object_clicked"],
)
