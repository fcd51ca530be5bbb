"""GeoJSON the map draws, prepared once per data version: every string already made inert."""

from __future__ import annotations

from typing import Any

import shapely

from components.domain.loading import Atlas
from components.mapping.escape import inert

COORDINATE_DECIMALS = 4
"""Route vertices are places given to about 10 m; more digits only cost bytes."""

TOOLTIP_FIELDS = (
    ("name", "Segment"),
    ("route_name", "Route"),
    ("mode", "Mode"),
    ("countries_label", "Countries"),
    ("length_label", "Length"),
)


def segment_features(atlas: Atlas) -> list[dict[str, Any]]:
    """Return one GeoJSON Feature per segment with inert display properties.

    Properties: ``id`` (read back when a segment is clicked), ``route``, ``mode`` and the
    :data:`TOOLTIP_FIELDS`, every text passed through :func:`inert`.
    """
    features = []
    for segment_id, row in atlas.segments.iterrows():
        route = atlas.routes[row["route"]]
        countries = ", ".join(atlas.country_name(code) for code in row["countries"])
        geometry = shapely.set_precision(row.geometry, 10**-COORDINATE_DECIMALS)
        properties = {
            "id": segment_id,
            "route": row["route"],
            "name": row["name"],
            "route_name": route.name,
            "mode": row["mode"],
            "countries_label": countries,
            "length_label": f"{row['length_km']:,.0f} km",
        }
        features.append(
            {
                "type": "Feature",
                "properties": {key: inert(value) for key, value in properties.items()},
                "geometry": geometry.__geo_interface__,
            }
        )
    return features


def country_features(atlas: Atlas) -> list[dict[str, Any]]:
    """Return the country outlines as GeoJSON Features with inert ``code`` and ``name``."""
    return [
        {
            "type": "Feature",
            "properties": {"code": inert(code), "name": inert(row["name"])},
            "geometry": row.geometry.__geo_interface__,
        }
        for code, row in atlas.countries.iterrows()
    ]
