"""Keep what the browser receives within a budget, however large the data grows.

Below the budget every segment is its own feature (hover and click work per segment). Above it,
the segments of each route are merged per mode into one feature each: the map still shows where
everything runs, and the page tells the user to filter to see single segments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from components.mapping.builder import RouteLayer
from components.mapping.escape import inert

MAX_SEGMENT_FEATURES = 400
"""Most segments drawn one by one; measured to keep the map under 1 MB at 100x the data."""


def over_budget(layers: Sequence[RouteLayer], limit: int = MAX_SEGMENT_FEATURES) -> bool:
    """Whether the layers hold more segment features than the map draws one by one."""
    return sum(len(layer.features) for layer in layers) > limit


def merged_by_mode(layers: Sequence[RouteLayer]) -> list[RouteLayer]:
    """Return the layers with each route's segments merged into one feature per mode.

    A merged feature has an empty ``id`` (clicking it selects nothing) and tooltip fields that
    say how many segments it stands for.
    """
    return [RouteLayer(layer.id, layer.name, layer.colour, _merge(layer)) for layer in layers]


def _merge(layer: RouteLayer) -> tuple[dict[str, Any], ...]:
    by_mode: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for feature in layer.features:
        by_mode[feature["properties"]["mode"]].append(feature)
    merged = []
    for mode, features in by_mode.items():
        lines = [f["geometry"]["coordinates"] for f in features]
        merged.append(
            {
                "type": "Feature",
                "properties": {
                    "id": "",
                    "route": layer.id,
                    "mode": mode,
                    "name": inert(f"{len(features)} segments: filter the map to see each one"),
                    "length_label": inert(layer.name),
                },
                "geometry": {"type": "MultiLineString", "coordinates": lines},
            }
        )
    return tuple(merged)
