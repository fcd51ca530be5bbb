"""Serve Leaflet and the country basemap from the app itself, through Streamlit's component files.

Streamlit serves the folder of every declared component at ``<base>/component/<name>/``; the
components are never rendered, only their folders are used. Leaflet stays inside the installed
``xstatic-leaflet`` package (no copy in the repository, no ``static/`` folder). The basemap is
written once per data version into a private temporary folder and fetched by the map, so the
77 KB of outlines is not resent on every rerun and the browser can cache it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import streamlit.components.v1 as st_components

from components.mapping.assets import (
    ASSET_COMPONENT,
    BASEMAP_COMPONENT,
    LEAFLET_DIR,
    basemap_file_name,
    basemap_url,
)

BASEMAP_DIR = Path(tempfile.mkdtemp(prefix="corridor-atlas-basemap-"))

leaflet_assets = st_components.declare_component(
    ASSET_COMPONENT.rsplit(".", 1)[-1], path=str(LEAFLET_DIR)
)
if leaflet_assets.name != ASSET_COMPONENT:  # pragma: no cover - guards a rename of this module
    raise RuntimeError(f"Leaflet is served as {leaflet_assets.name}, not {ASSET_COMPONENT}")

basemap_assets = st_components.declare_component(
    BASEMAP_COMPONENT.rsplit(".", 1)[-1], path=str(BASEMAP_DIR)
)


def publish_basemap(features: list[dict[str, Any]]) -> str:
    """Write the country outlines where the map can fetch them; return their URL."""
    content = json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode("utf-8")
    name = basemap_file_name(content)
    target = BASEMAP_DIR / name
    if not target.exists():
        partial = target.with_suffix(".partial")
        partial.write_bytes(content)
        partial.replace(target)
    return basemap_url(name)
