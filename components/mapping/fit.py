"""Keep the map fitted to what is shown when its frame changes size.

streamlit-folium first draws the map at one width and then stretches its frame to the column;
Leaflet keeps its top-left corner on a resize, so the shown routes drift off-centre. This
refits the bounds on every resize until the user pans or zooms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import shape

from components.core.geometry import Bounds


class FitBoundsOnResize(MacroElement):
    """Fit the parent map to ``bounds`` now and whenever its container is resized.

    With ``max_bounds``, the map may not pan beyond them, and at every size of its frame its
    minimum zoom is the one at which the view still fits inside them: no view the reader can
    reach shows the basemap's edge.

    Parameters
    ----------
    bounds : list of [lat, lon] pairs
        South-west and north-east corners; numbers only (they are written into the script).
    max_bounds : list of [lat, lon] pairs, optional
        Where the basemap ends.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, bounds, limits) {
            var followResize = true, fitting = false;
            if (limits) {
                // Set as options, not with setMaxBounds: that pans (animated) at once, and the
                // reader's first move would then look like one of ours.
                map.options.maxBounds = L.latLngBounds(limits);
                map.options.maxBoundsViscosity = 1.0;
            }
            function usable() {
                var box = map.getContainer();
                // A replaced map's old container shrinks to 0x0: fitting it gives NaN zooms.
                // (map.getSize() is cached, so ask the element itself.)
                return box.isConnected && box.clientWidth > 64 && box.clientHeight > 64;
            }
            function keepInside() {
                if (!limits || !usable()) return;
                fitting = true;
                map.invalidateSize({animate: false});
                // As an option, not with setMinZoom: that zooms with an animation which would
                // end after (and undo) the fit below.
                map.options.minZoom = map.getBoundsZoom(limits, true);
                if (map.getZoom() < map.options.minZoom) {
                    map.setZoom(map.options.minZoom, {animate: false});
                }
                fitting = false;
            }
            function fit() {
                if (!usable()) return;
                keepInside();
                fitting = true;
                map.fitBounds(bounds, {animate: false, padding: [16, 16], maxZoom: 6});
                fitting = false;
            }
            map.on("movestart zoomstart", function () { if (!fitting) followResize = false; });
            new ResizeObserver(function () { if (followResize) { fit(); } else { keepInside(); } })
                .observe(map.getContainer());
            fit();
        })({{ this._parent.get_name() }}, {{ this.bounds|tojson }}, {{ this.max_bounds|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], max_bounds: list[list[float]] | None = None):
        super().__init__()
        self._name = "FitBoundsOnResize"
        self.bounds = [[float(lat), float(lon)] for lat, lon in bounds]
        self.max_bounds = [[float(lat), float(lon)] for lat, lon in max_bounds or []] or None


def features_bounds(
    features: Sequence[dict[str, Any]],
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Return ``((south, west), (north, east))`` of GeoJSON features, or ``None`` for none."""
    if not features:
        return None
    west, south, east, north = shapely.total_bounds([shape(f["geometry"]) for f in features])
    return (float(south), float(west)), (float(north), float(east))


def basemap_bounds(
    basemap: Sequence[dict[str, Any]], shown: Sequence[dict[str, Any]]
) -> Bounds | None:
    """Return where the view may go: the basemap, and room around what is drawn.

    The map's minimum zoom keeps the view inside these bounds; with no room around the lines
    (a data set whose basemap ends where its lines end), a frame of another shape than the
    lines could never show all of them at once. A quarter of the lines' extent on every side
    leaves room for a frame half again as wide, or as high, as the lines; the atlas's own
    basemap reaches far beyond that already.
    """
    lines = features_bounds(shown)
    if lines is None:
        return features_bounds(basemap)
    (south, west), (north, east) = lines
    pad_lat, pad_lon = (north - south) / 4, (east - west) / 4
    room = [
        (max(-90.0, south - pad_lat), max(-180.0, west - pad_lon)),
        (min(90.0, north + pad_lat), min(180.0, east + pad_lon)),
    ]
    outer = features_bounds(basemap)
    corners = room + list(outer or [])
    return (
        (min(c[0] for c in corners), min(c[1] for c in corners)),
        (max(c[0] for c in corners), max(c[1] for c in corners)),
    )
