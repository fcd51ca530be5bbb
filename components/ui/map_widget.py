"""The one way pages put a folium map on screen."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

import components.ui.served_files  # noqa: F401  (serves Leaflet to the map's iframe)


def show_map(fmap: folium.Map, *, key: str, height: int = 600) -> dict | None:
    """Render ``fmap`` and return the last clicked feature, if any.

    Only ``last_active_drawing`` and ``last_object_clicked`` (the clicked feature and where)
    are returned to Python, so panning and zooming do not rerun the script; a click on a
    feature does.
    """
    return st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked"],
    )
