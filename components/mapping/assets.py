"""Leaflet's JavaScript and CSS and the country basemap, served by the app itself.

Leaflet comes from the PyPI package ``xstatic-leaflet``. :mod:`components.ui.assets` asks
Streamlit to serve the files; this module only knows the URLs the map uses for them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import xstatic.pkg.leaflet

LEAFLET_DIR = Path(xstatic.pkg.leaflet.BASE_DIR)
ASSET_COMPONENT = "components.ui.assets.leaflet_assets"
"""The Streamlit component name under which the Leaflet folder is served."""

ASSET_URL_PREFIX = f"../{ASSET_COMPONENT}/"
"""Relative to streamlit-folium's iframe (``<base>/component/streamlit_folium.st_folium/``)."""

BASEMAP_COMPONENT = "components.ui.assets.basemap_assets"
"""The Streamlit component name under which the country basemap file is served."""


def basemap_file_name(content: bytes) -> str:
    """Name the basemap file after its content, so a browser never keeps a stale copy."""
    return f"countries-{hashlib.sha256(content).hexdigest()[:16]}.geojson"


def basemap_url(file_name: str) -> str:
    """Return the basemap's URL relative to streamlit-folium's iframe."""
    return f"../{BASEMAP_COMPONENT}/{file_name}"


def leaflet_js(prefix: str = ASSET_URL_PREFIX) -> list[tuple[str, str]]:
    """Return the map's JavaScript in folium's ``default_js`` form: Leaflet only."""
    return [("leaflet", f"{prefix}leaflet.js")]


def leaflet_css(prefix: str = ASSET_URL_PREFIX) -> list[tuple[str, str]]:
    """Return the map's CSS in folium's ``default_css`` form: Leaflet only."""
    return [("leaflet_css", f"{prefix}leaflet.css")]
