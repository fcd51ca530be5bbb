"""Serve Leaflet's files from the app itself, through Streamlit's component file server.

Streamlit serves the folder of every declared component at ``<base>/component/<name>/``; the
component is never rendered, only its folder is used. This keeps the files inside the installed
``xstatic-leaflet`` package, with no copy in the repository and no ``static/`` folder.
"""

from __future__ import annotations

import streamlit.components.v1 as st_components

from components.mapping.assets import ASSET_COMPONENT, LEAFLET_DIR

leaflet_assets = st_components.declare_component(
    ASSET_COMPONENT.rsplit(".", 1)[-1], path=str(LEAFLET_DIR)
)
if leaflet_assets.name != ASSET_COMPONENT:  # pragma: no cover - guards a rename of this module
    raise RuntimeError(f"Leaflet is served as {leaflet_assets.name}, not {ASSET_COMPONENT}")
