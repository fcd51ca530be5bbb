"""A GeoJSON layer the map fetches from the app instead of carrying it in every render."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template


class RemoteGeoJson(MacroElement):
    """Fetch ``url`` and draw it under everything else, non-interactive, in one style.

    Parameters
    ----------
    url : str
        Built by the app (never from outside): it is written into the script as JSON.
    style : dict
        A Leaflet path style for every feature.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                L.geoJson(data, {style: {{ this.style|tojson }}, interactive: false})
                    .addTo({{ this._parent.get_name() }})
                    .bringToBack();
            });
        {% endmacro %}
        """
    )

    def __init__(self, url: str, style: dict[str, Any]):
        super().__init__()
        self._name = "RemoteGeoJson"
        self.url = url
        self.style = dict(style)
