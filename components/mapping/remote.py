"""A GeoJSON layer the map fetches from the app instead of carrying it in every render."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template


class RemoteGeoJson(MacroElement):
    """Fetch ``url`` and draw it under everything else, non-interactive.

    Parameters
    ----------
    url : str
        Built by the app (never from outside): it is written into the script as JSON.
    style : dict
        A Leaflet path style for the features (country outlines).
    land_style : dict, optional
        The style of features whose property ``land`` is true (the land around the region).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                var map = {{ this._parent.get_name() }};
                var style = {{ this.style|tojson }}, land = {{ this.land_style|tojson }};
                if (!map.getPane("basemap")) {
                    map.createPane("basemap").style.zIndex = 350;  // under the routes (400)
                }
                L.geoJson(data, {
                    style: function (f) { return f.properties.land ? land : style; },
                    interactive: false,
                    pane: "basemap"
                })
                    .addTo(map);
            });
        {% endmacro %}
        """
    )

    def __init__(self, url: str, style: dict[str, Any], land_style: dict[str, Any] | None = None):
        super().__init__()
        self._name = "RemoteGeoJson"
        self.url = url
        self.style = dict(style)
        self.land_style = dict(land_style or style)
