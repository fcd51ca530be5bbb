"""How routes, modes and countries look on the map."""

from __future__ import annotations

from typing import Any

MODE_STYLES: dict[str, dict[str, Any]] = {
    "rail": {"weight": 3, "dashArray": None},
    "road": {"weight": 3, "dashArray": "2 6"},
    "sea": {"weight": 3, "dashArray": "8 8"},
    "pipeline": {"weight": 5, "dashArray": None, "lineCap": "butt"},
}
"""Line style by mode, so mode reads without colour: sea dashed, pipeline wide."""

COUNTRY_STYLE = {"color": "#8c8c8c", "weight": 0.6, "fillColor": "#f2efe9", "fillOpacity": 1.0}
HIGHLIGHTED_COUNTRY_STYLE = {**COUNTRY_STYLE, "fillColor": "#fde9b5", "color": "#7a6a3a"}
LAND_STYLE = {"stroke": False, "fillColor": COUNTRY_STYLE["fillColor"], "fillOpacity": 1.0}
"""The land around the region: the same fill as the countries, no borders."""
HALO_STYLE = {"color": "#ffffff", "weight": 16, "opacity": 0.9, "lineCap": "round"}
"""Drawn under the selected segment."""
DIMMED_OPACITY = 0.3
"""Opacity of the other segments while one is selected."""
SELECTED_WEIGHT_EXTRA = 4
WEAK_OPACITY = 0.35
"""Opacity of a segment that no source names (evidence ``context`` or ``none``): faded."""
LINE_CLASS = "corridor-line"
"""The drawn line of a segment (not clickable: its :mod:`hit line <components.mapping.hit>` is)."""
NODE_CLASS = "corridor-node"
NODE_STYLE = {
    "className": NODE_CLASS,
    "radius": 4,
    "color": "#333333",
    "weight": 1,
    "fillColor": "#ffffff",
    "fillOpacity": 1.0,
}
"""Facilities: small white dots with a dark rim, readable on every route colour."""
SEA_BACKGROUND = "#dcecf5"


def segment_style(
    mode: str, colour: str, *, selected: bool = False, weak: bool = False, dimmed: bool = False
) -> dict[str, Any]:
    """Return the Leaflet path style of a segment.

    ``weak`` evidence draws it faded; ``dimmed`` (another segment is selected) fainter still.
    """
    opacity = DIMMED_OPACITY if dimmed else WEAK_OPACITY if weak else 0.95
    style = {"color": colour, "opacity": opacity, "className": LINE_CLASS, **MODE_STYLES[mode]}
    if selected:
        style["weight"] += SELECTED_WEIGHT_EXTRA
        style["opacity"] = 1.0
    return style
