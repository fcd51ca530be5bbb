"""Names on the map (countries, seas, hubs), each shown at the zooms where it collides with none.

Placement is decided here, in Python, once per data version: for every whole zoom level the
names are laid out in order of importance (seas, then hubs by priority, then countries by
size), and a name whose box would overlap one already placed is hidden at that zoom. The map
then shows, at each zoom, exactly the names placed for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from components.mapping.escape import inert

ZOOMS = range(3, 10)
"""Whole zoom levels names are placed for; deeper zooms reuse the deepest placement."""
CHARACTER_PX = 6.6
LINE_PX = 15
GAP_PX = 4
HUB_OFFSET_PX = 7
"""A hub's name starts this far right of its point, clear of the facility marker."""
KIND_ORDER = {"sea": 0, "hub": 1, "country": 2}


@dataclass(frozen=True)
class PlacedLabel:
    """A name, where it stands, and the zoom levels at which it is shown."""

    text: str
    kind: str
    lat: float
    lon: float
    zooms: tuple[int, ...]


Candidate = tuple[str, str, float, float, float]
"""``(text, kind, lat, lon, weight)`` of a name that may be placed."""


def country_labels(countries: gpd.GeoDataFrame) -> list[Candidate]:
    """Return ``(name, "country", lat, lon, size)`` for each country outline.

    The point is inside the largest part of the outline (a representative point, so it never
    falls in a neighbour or the sea); ``size`` is that part's area in square degrees. Names
    are plain text here; :func:`label_features` makes them inert.
    """
    labels = []
    for name, geometry in zip(countries["name"], countries.geometry, strict=True):
        largest = max(shapely.get_parts(geometry), key=lambda part: part.area)
        point = largest.representative_point()
        labels.append((str(name), "country", point.y, point.x, largest.area))
    return labels


def place_labels(candidates: Sequence[Candidate]) -> list[PlacedLabel]:
    """Decide at which zooms each name is shown, so that shown names never overlap.

    Parameters
    ----------
    candidates : sequence of (text, kind, lat, lon, weight)
        ``kind`` is ``sea``, ``hub`` or ``country``; within a kind, a higher ``weight`` is
        placed first (for hubs pass ``-priority``, for countries their area).

    Returns
    -------
    list of PlacedLabel
        In placement order; names never shown are left out.
    """
    ordered = sorted(candidates, key=lambda c: (KIND_ORDER[c[1]], -c[4], c[0]))
    shown: dict[int, list[int]] = {}
    for zoom in ZOOMS:
        boxes: list[tuple[float, float, float, float]] = []
        for index, (text, kind, lat, lon, _) in enumerate(ordered):
            box = label_box(text, kind, lat, lon, zoom)
            if not any(_overlap(box, other) for other in boxes):
                boxes.append(box)
                shown.setdefault(index, []).append(zoom)
    return [
        PlacedLabel(text, kind, lat, lon, tuple(shown[index]))
        for index, (text, kind, lat, lon, _) in enumerate(ordered)
        if index in shown
    ]


def label_features(placed: Iterable[PlacedLabel]) -> list[list[Any]]:
    """Return the placed names as compact rows ``[inert text, kind, lat, lon, zooms]``.

    ``zooms`` is a string of the zoom digits at which the name is shown (``"3456789"``): the
    map receives every name on every rerun, so the rows are kept short.
    """
    return [
        [
            inert(label.text),
            label.kind,
            round(label.lat, 2),
            round(label.lon, 2),
            "".join(str(zoom) for zoom in label.zooms),
        ]
        for label in placed
    ]


def label_box(
    text: str, kind: str, lat: float, lon: float, zoom: int
) -> tuple[float, float, float, float]:
    """Return the box a name covers: centred on its point, or for a hub right of its marker."""
    x, y = _pixels(lat, lon, zoom)
    width = len(text) * CHARACTER_PX + 2 * GAP_PX
    left = x + HUB_OFFSET_PX - GAP_PX if kind == "hub" else x - width / 2
    half_height = LINE_PX / 2 + GAP_PX
    return left, y - half_height, left + width, y + half_height


def _pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at a zoom level (256 px tiles), as Leaflet computes them."""
    scale = 256 * 2**zoom
    sin = math.sin(math.radians(max(-85.0, min(85.0, lat))))
    x = (lon + 180) / 360 * scale
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class MapLabels(MacroElement):
    """Write the placed names on the map, each only at its zooms, never catching a click.

    Parameters
    ----------
    features : list of list
        Rows from :func:`label_features`: inert text, numbers and known words only (they are
        written into the script as JSON and into the page as HTML).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .corridor-label {background: none; border: none; white-space: nowrap;
          pointer-events: none; font: 12px/15px system-ui, sans-serif; color: #333;
          text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;}
        .corridor-label span {position: absolute; transform: translate(-50%, -50%);}
        .corridor-label-hub span {transform: translate({{ this.hub_offset }}px, -50%);
          font-weight: 600;}
        .corridor-label-sea span {font-style: italic; color: #2d6a8e; letter-spacing: .04em;}
        .corridor-label-country span {text-transform: uppercase; color: #8a8170;
          font-size: 11px; letter-spacing: .12em;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, rows) {
            var markers = rows.map(function (row) {
                var icon = L.divIcon({
                    className: "corridor-label corridor-label-" + row[1],
                    html: "<span>" + row[0] + "</span>",
                    iconSize: null
                });
                return {zooms: row[4], marker: L.marker([row[2], row[3]], {
                    icon: icon, interactive: false, keyboard: false, pane: "tooltipPane"
                })};
            });
            function show() {
                var zoom = Math.min(Math.max(Math.floor(map.getZoom()), {{ this.first }}),
                                    {{ this.last }});
                markers.forEach(function (m) {
                    if (m.zooms.indexOf(String(zoom)) >= 0) { m.marker.addTo(map); }
                    else { m.marker.remove(); }
                });
            }
            map.on("zoomend", show);
            map.whenReady(show);
        })({{ this._parent.get_name() }}, {{ this.features|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, features: list[list[Any]]):
        super().__init__()
        self._name = "MapLabels"
        self.features = features
        self.first, self.last = ZOOMS[0], ZOOMS[-1]
        self.hub_offset = HUB_OFFSET_PX
