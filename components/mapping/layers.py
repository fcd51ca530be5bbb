"""GeoJSON the map draws, prepared once per data version: every string already made inert."""

from __future__ import annotations

from typing import Any

import shapely

from components.core.atlas import Atlas
from components.core.facts import published_length
from components.core.nodes import NODE_KIND_LABELS
from components.core.vocabulary import WEAK_LEVELS
from components.mapping.escape import inert

COORDINATE_DECIMALS = 4
"""Route vertices are places given to about 10 m; more digits only cost bytes."""

TOOLTIP_FIELDS = ("name", "length_label")
"""What hovering a segment shows: its name and its drawn (and published) length."""
NODE_TOOLTIP_FIELDS = (("name", "Facility"), ("kind_label", "Kind"))


def segment_features(atlas: Atlas) -> list[dict[str, Any]]:
    """Return one GeoJSON Feature per segment with inert display properties.

    Properties: ``id`` (read back when a segment is clicked), ``route``, ``mode``, ``weak``
    (``"1"`` when no source names the segment or its route, so it is drawn faded) and the
    :data:`TOOLTIP_FIELDS`, every text passed through :func:`inert`.
    """
    features = []
    for label, row in atlas.segments.iterrows():
        segment_id = str(label)  # segments are indexed by their id
        geometry = shapely.set_precision(row.geometry, 10**-COORDINATE_DECIMALS)
        evidence = atlas.evidence.get(segment_id, "none")
        properties = {
            "id": segment_id,
            "route": row["route"],
            "name": row["name"],
            "mode": row["mode"],
            "weak": "1" if evidence in WEAK_LEVELS else "",
            "length_label": _length_label(atlas, segment_id, row["length_km"]),
        }
        features.append(
            {
                "type": "Feature",
                "properties": {key: inert(value) for key, value in properties.items()},
                "geometry": geometry.__geo_interface__,
            }
        )
    return features


def _length_label(atlas: Atlas, segment_id: str, drawn_km: float) -> str:
    published = published_length(atlas.facts, segment_id)
    drawn = f"drawn {drawn_km:,.0f} km"
    return f"{drawn} · published {published.display_value()}" if published else drawn


def node_features(atlas: Atlas) -> list[dict[str, Any]]:
    """Return one GeoJSON Point Feature per facility, with inert ``name`` and ``kind_label``.

    ``segments`` lists the segments it sits on, so that clicking it selects one of them.
    """
    return [
        {
            "type": "Feature",
            "properties": {
                "node": inert(node_id),
                "segments": [inert(segment_id) for segment_id in row["segments"]],
                "name": inert(
                    row["name"] + (" (approximate position)" if row["approximate"] else "")
                ),
                "kind_label": inert(NODE_KIND_LABELS.get(row["kind"], row["kind"])),
            },
            "geometry": row.geometry.__geo_interface__,
        }
        for node_id, row in atlas.nodes.iterrows()
    ]


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
