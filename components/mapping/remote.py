"""The basemap layer: fetched from the app instead of carried in every render, where it can be."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from branca.element import MacroElement
from jinja2 import Template


class RemoteGeoJson(MacroElement):
    """Draw a GeoJSON basemap under everything else, non-interactive.

    Parameters
    ----------
    source : str or mapping
        The URL to fetch it from, built by the app (never from outside), or the
        FeatureCollection itself. Either is written into the script as JSON (``tojson``
        escapes ``<``, ``>``, ``&`` and quotes, so no text in it can close the script).
    style : dict
        A Leaflet path style for the features (country outlines).
    land_style : dict, optional
        The style of features whose property ``land`` is true (the land around the region).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.url %}
        fetch({{ this.url|tojson }})
            .then(function (response) { return response.json(); })
        {% else %}
        Promise.resolve({{ this.data|tojson }})
        {% endif %}
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

    def __init__(
        self,
        source: str | Mapping[str, Any],
        style: dict[str, Any],
        land_style: dict[str, Any] | None = None,
    ):
        super().__init__()
        self._name = "RemoteGeoJson"
        self.url = source if isinstance(source, str) else None
        self.data = None if isinstance(source, str) else dict(source)
        self.style = dict(style)
        self.land_style = dict(land_style or style)
