"""Serve Leaflet and the country basemap from the app itself, through Streamlit's component files.

Streamlit serves the folder of every declared component at ``<base>/component/<name>/``; the
components are never rendered, only their folders are used. Leaflet stays inside the installed
``xstatic-leaflet`` package (no copy in the repository, no ``static/`` folder).

The basemap is written once per data version into a private temporary folder, created on first
use and removed when the process exits, and fetched by the map, so the 77 KB of outlines is not
resent on every rerun and the browser can cache it. Where no temporary directory is writable
(``docker run --read-only``, a read-only root filesystem), nothing is written: the outlines are
carried inside the map instead.
"""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import streamlit.components.v1 as st_components

from components.mapping.asset_urls import LEAFLET_DIR, basemap_file_name, component_url

LOG = logging.getLogger("corridor_atlas")

leaflet_assets = st_components.declare_component("leaflet_assets", path=str(LEAFLET_DIR))
LEAFLET_URL = component_url(leaflet_assets.name)
"""Where the map loads Leaflet from (Streamlit names the component after this module)."""

_folder_lock = threading.Lock()
_basemap_folder: list[Path | None] = []  # empty until first use; [None] when nothing is writable
_basemap_component: list[str] = []  # the name Streamlit serves the folder under


def basemap_folder() -> Path | None:
    """Return the folder the basemap is served from, creating it on first use.

    ``None`` when no temporary directory is writable; the caller then inlines the basemap.
    """
    with _folder_lock:
        if not _basemap_folder:
            _basemap_folder.append(_create_basemap_folder())
        return _basemap_folder[0]


def _create_basemap_folder() -> Path | None:
    try:
        folder = Path(tempfile.mkdtemp(prefix="corridor-atlas-basemap-"))
    except OSError as error:
        LOG.warning("No writable temporary directory (%s): the basemap is carried inline", error)
        return None
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    served = st_components.declare_component("basemap_assets", path=str(folder))
    _basemap_component.append(served.name)
    return folder


def publish_basemap(features: list[dict[str, Any]]) -> str | dict[str, Any]:
    """Make the country outlines available to the map.

    Returns
    -------
    str or dict
        The URL the map fetches them from, or, where nothing can be written, the GeoJSON
        FeatureCollection itself, for the map to carry inline.
    """
    collection = {"type": "FeatureCollection", "features": features}
    folder = basemap_folder()
    if folder is None:
        return collection
    content = json.dumps(collection, separators=(",", ":")).encode("utf-8")
    name = basemap_file_name(content)
    target = folder / name
    if not target.exists():
        partial = target.with_suffix(".partial")
        try:
            partial.write_bytes(content)
            partial.replace(target)
        except OSError as error:
            LOG.warning("Could not write the basemap (%s): it is carried inline", error)
            return collection
    return component_url(_basemap_component[0], name)
