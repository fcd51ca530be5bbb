"""Keep the map fitted to what is shown when its frame changes size.

streamlit-folium first draws the map at one width and then stretches its frame to the column;
Leaflet keeps its top-left corner on a resize, so the shown routes drift off-centre. This
refits the bounds on every resize until the user pans or zooms.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class FitBoundsOnResize(MacroElement):
    """Fit the parent map to ``bounds`` now and whenever its container is resized.

    Parameters
    ----------
    bounds : list of [lat, lon] pairs
        South-west and north-east corners; numbers only (they are written into the script).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, bounds) {
            var followResize = true, fitting = false;
            function fit() {
                var box = map.getContainer();
                // A replaced map's old container shrinks to 0x0: fitting it gives NaN zooms.
                // (map.getSize() is cached, so ask the element itself.)
                if (!box.isConnected || box.clientWidth <= 64 || box.clientHeight <= 64) return;
                fitting = true;
                map.invalidateSize({animate: false});
                map.fitBounds(bounds, {animate: false, padding: [16, 16], maxZoom: 6});
                fitting = false;
            }
            map.on("movestart zoomstart", function () { if (!fitting) followResize = false; });
            new ResizeObserver(function () { if (followResize) fit(); })
                .observe(map.getContainer());
            fit();
        })({{ this._parent.get_name() }}, {{ this.bounds|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitBoundsOnResize"
        self.bounds = [[float(lat), float(lon)] for lat, lon in bounds]
