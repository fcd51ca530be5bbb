"""What the basemap shows besides the countries: names of hubs and seas, land around the region.

``data/labels.json`` names the routes' hubs and the seas (country names are not stored: they
are placed from the outlines, see :mod:`components.mapping.name_placement`);
``data/land.geojson`` is the land around the region the country outlines cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from components.core.geojson import read_geometry
from components.core.model import is_number, is_text, label_text_fault
from components.core.problems import Problem, checked

LABELS_FILE = "labels.json"
LAND_FILE = "land.geojson"
LABEL_KINDS = ("hub", "sea")
MAX_LABEL_CHARACTERS = 40


@dataclass(frozen=True)
class Label:
    """A name at a point; lower ``priority`` numbers are placed first when names collide."""

    text: str
    kind: str
    lat: float
    lon: float
    priority: int


def labels_from_json(value: Any) -> tuple[list[Label], list[Problem]]:
    """Check the parsed content of ``labels.json``: a JSON list of placed names.

    Returns
    -------
    tuple of (list of Label, list of Problem)
        The valid labels in file order and a problem per label left out.
    """
    if not isinstance(value, list):
        return [], [Problem(LABELS_FILE, None, "must be a JSON list of labels")]
    labels, problems = [], []
    for index, item in enumerate(value):
        fault = checked(_label_fault, item)
        if fault:
            problems.append(Problem(LABELS_FILE, f"label #{index}", fault))
            continue
        labels.append(Label(item["text"], item["kind"], item["lat"], item["lon"], item["priority"]))
    return labels, problems


def _label_fault(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "must be a JSON object"
    if not is_text(item.get("text")) or len(item["text"]) > MAX_LABEL_CHARACTERS:
        return f"text must be text of at most {MAX_LABEL_CHARACTERS} characters"
    fault = label_text_fault(item["text"], "text", MAX_LABEL_CHARACTERS)
    if fault:
        return fault
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in LABEL_KINDS:
        return f"kind must be one of {', '.join(LABEL_KINDS)}"
    lat, lon, priority = item.get("lat"), item.get("lon"), item.get("priority")
    if not (is_number(lat) and is_number(lon)) or abs(lat) > 85 or abs(lon) > 180:
        return "lat and lon must be numbers within ±85 and ±180"
    if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 9:
        return "priority must be a whole number from 1 to 9"
    return None


def land_from_json(value: Any) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Check the parsed content of ``land.geojson``: (Multi)Polygons drawn under the routes.

    Returns
    -------
    tuple of (list of dict, list of Problem)
        The usable GeoJSON features, and a problem per feature left out.
    """
    features = value.get("features") if isinstance(value, dict) else None
    if not isinstance(features, list):
        return [], [Problem(LAND_FILE, None, "not a GeoJSON FeatureCollection")]
    land, problems = [], []
    for index, feature in enumerate(features):
        fault = checked(_land_fault, feature)
        if fault:
            problems.append(Problem(LAND_FILE, f"feature #{index}", fault))
        else:
            land.append({"type": "Feature", "properties": {}, "geometry": feature["geometry"]})
    return land, problems


def _land_fault(feature: Any) -> str | None:
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict):
        return "geometry must be Polygon or MultiPolygon"
    return read_geometry(geometry, {"Polygon", "MultiPolygon"})[1]
