"""Leaflet's JavaScript and CSS, served by the app itself instead of a CDN.

The files come from the PyPI package ``xstatic-leaflet``. :mod:`components.ui.assets` asks
Streamlit to serve that folder; this module only knows the URLs the map page uses for it.
"""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet

LEAFLET_VERSION = xstatic.pkg.leaflet.VERSION
LEAFLET_DIR = Path(xstatic.pkg.leaflet.BASE_DIR)
ASSET_COMPONENT = "components.ui.assets.leaflet_assets"
"""The Streamlit component name under which the Leaflet folder is served."""

ASSET_URL_PREFIX = f"../{ASSET_COMPONENT}/"
"""Relative to streamlit-folium's iframe (``<base>/component/streamlit_folium.st_folium/``)."""


def leaflet_js(prefix: str = ASSET_URL_PREFIX) -> list[tuple[str, str]]:
    """Return the map's JavaScript in folium's ``default_js`` form: Leaflet only."""
    return [("leaflet", f"{prefix}leaflet.js")]


def leaflet_css(prefix: str = ASSET_URL_PREFIX) -> list[tuple[str, str]]:
    """Return the map's CSS in folium's ``default_css`` form: Leaflet only."""
    return [("leaflet_css", f"{prefix}leaflet.css")]
