"""Leaflet's JavaScript and CSS and the country basemap: the files, and the URLs the map uses.

Leaflet comes from the PyPI package ``xstatic-leaflet``. The app serves its folder and the
basemap itself (see :mod:`components.ui.served_files`) and passes their URLs in; map building knows
no module of the app.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import xstatic.pkg.leaflet

LEAFLET_DIR = Path(xstatic.pkg.leaflet.BASE_DIR)
"""The folder to serve: ``leaflet.js``, ``leaflet.css`` and their images."""


def component_url(component: str, file_name: str = "") -> str:
    """Return the URL of a file in a Streamlit component's folder, as the map's frame sees it.

    Streamlit serves each declared component's folder at ``<base>/component/<name>/``, and the
    map is drawn in streamlit-folium's frame at ``<base>/component/streamlit_folium.st_folium/``.
    """
    return f"../{component}/{file_name}"


def basemap_file_name(content: bytes) -> str:
    """Name the basemap file after its content, so a browser never keeps a stale copy."""
    return f"countries-{hashlib.sha256(content).hexdigest()[:16]}.geojson"


def leaflet_js(folder_url: str) -> list[tuple[str, str]]:
    """Return the map's JavaScript in folium's ``default_js`` form: Leaflet only."""
    return [("leaflet", f"{folder_url}leaflet.js")]


def leaflet_css(folder_url: str) -> list[tuple[str, str]]:
    """Return the map's CSS in folium's ``default_css`` form: Leaflet only."""
    return [("leaflet_css", f"{folder_url}leaflet.css")]
