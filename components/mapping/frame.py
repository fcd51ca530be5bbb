"""The map's frame: its credits and its full-screen button."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

CREDITS = "Natural Earth (public domain) · GeoNames (CC BY 4.0) · routes: Corridor Atlas"
"""Credits for every data source drawn; plain text written into the attribution control."""
NARROW_MAP_PX = 500
"""A map narrower than this (a phone) starts with its legend folded."""


class MapFrame(MacroElement):
    """Credit the data and offer full screen.

    The full-screen button enlarges the map's own frame (the iframe streamlit-folium draws it
    in, on the same origin) with the browser's Fullscreen API.

    Parameters
    ----------
    credits : str
        Plain text for the attribution control (written as text, not HTML).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .corridor-fullscreen a {display: flex; align-items: center; justify-content: center;}
        .leaflet-container .leaflet-control-attribution {font-size: 10px; line-height: 1.3;}
        .leaflet-container:focus, .leaflet-interactive:focus {outline: none;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, credits) {
            map.attributionControl.setPrefix("Leaflet");
            map.attributionControl.addAttribution(
                credits.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
            if (map.getSize().x < {{ this.narrow }}) {
                // On a phone the legend starts folded, so that it does not cover the routes.
                document.querySelectorAll(".corridor-legend").forEach(function (d) {
                    d.open = false;
                });
            }
            var frame = window.frameElement;
            if (frame && frame.requestFullscreen) {
                var Full = L.Control.extend({
                    options: {position: "topleft"},
                    onAdd: function () {
                        var bar = L.DomUtil.create("div", "leaflet-bar corridor-fullscreen");
                        var link = L.DomUtil.create("a", "", bar);
                        link.href = "#";
                        link.title = "Full screen";
                        link.setAttribute("role", "button");
                        link.setAttribute("aria-label", "Full screen");
                        link.innerHTML = '<svg width="14" height="14" viewBox="0 0 14 14" ' +
                            'aria-hidden="true"><path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9" ' +
                            'fill="none" stroke="#333" stroke-width="2"/></svg>';
                        L.DomEvent.on(link, "click", function (event) {
                            L.DomEvent.preventDefault(event);
                            var doc = frame.ownerDocument;
                            if (doc.fullscreenElement) { doc.exitFullscreen(); }
                            else { frame.requestFullscreen(); }
                        });
                        L.DomEvent.disableClickPropagation(bar);
                        return bar;
                    }
                });
                new Full().addTo(map);
            }
        })({{ this._parent.get_name() }}, {{ this.credits|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, credits: str = CREDITS):
        super().__init__()
        self._name = "MapFrame"
        self.credits = str(credits)
        self.narrow = NARROW_MAP_PX
