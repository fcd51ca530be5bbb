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
SELECTED_WEIGHT_EXTRA = 4
WEAK_OPACITY = 0.35
"""Opacity of a segment that no source names (evidence ``context`` or ``none``): faded."""
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
    mode: str, colour: str, *, selected: bool = False, weak: bool = False
) -> dict[str, Any]:
    """Return the Leaflet path style of a segment; ``weak`` evidence draws it faded."""
    style = {"color": colour, "opacity": WEAK_OPACITY if weak else 0.95, **MODE_STYLES[mode]}
    if selected:
        style["weight"] += SELECTED_WEIGHT_EXTRA
        style["opacity"] = 1.0
    return style
