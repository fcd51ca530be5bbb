"""Wide, invisible lines over the drawn segments: what the reader's click and hover reach.

A drawn line is as thin as a route should look, and a sea leg is dashed: a click in a gap of
the dashes, or a pixel beside a 3 px line, would miss it. Over each drawn layer this puts the
same features again, 14 px wide and transparent, carrying the segment's properties (read back
when it is clicked) and its hover label (name and length). The features are copied in the
browser from the drawn layer, so they are sent once.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from components.mapping.layers import TOOLTIP_FIELDS

HIT_CLASS = "corridor-hit"
HIT_WEIGHT_PX = 14


class HitLines(MacroElement):
    """Add the hit lines of one drawn GeoJSON layer to its map.

    Parameters
    ----------
    lines : folium.GeoJson
        A drawn route layer whose features carry the inert
        :data:`~components.mapping.layers.TOOLTIP_FIELDS` (see
        :func:`components.mapping.layers.segment_features`): they are inserted into the hover
        label as HTML, which inert text shows literally; the first is in bold.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .corridor-hover {max-width: 16rem; white-space: normal;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        L.geoJson({{ this.lines.get_name() }}.toGeoJSON(), {
            style: {weight: {{ this.weight }}, opacity: 0, className: {{ this.css|tojson }}},
            onEachFeature: function (feature, layer) {
                var p = feature.properties, fields = {{ this.fields|tojson }};
                var text = "<b>" + p[fields[0]] + "</b>";
                fields.slice(1).forEach(function (f) { if (p[f]) { text += "<br>" + p[f]; } });
                layer.bindTooltip(text, {sticky: true, className: "corridor-hover"});
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lines):
        super().__init__()
        self._name = "HitLines"
        self.lines = lines
        self.weight = HIT_WEIGHT_PX
        self.css = HIT_CLASS
        self.fields = list(TOOLTIP_FIELDS)
