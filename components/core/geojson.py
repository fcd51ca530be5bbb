"""GeoJSON FeatureCollections into GeoDataFrames, checking what RFC 7946 and this project demand."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import LineString, shape

from components.core.characters import ID_MAX_LENGTH, label_fault
from components.core.problems import Problem, shown, unreadable

CRS = "EPSG:4326"
_WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def features_to_frame(
    collection: Any,
    name: str,
    *,
    geometry_types: Iterable[str],
    required: Iterable[str],
    optional: Iterable[str] = (),
    key: str = "id",
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Turn a parsed FeatureCollection into a GeoDataFrame of its valid features.

    Parameters
    ----------
    collection : object
        The parsed JSON document.
    name : str
        The file it came from, for problems.
    geometry_types : iterable of str
        Allowed GeoJSON geometry types, e.g. ``("LineString",)``.
    required : iterable of str
        Properties every feature must have; ``key`` must be among them.
    optional : iterable of str
        Properties kept when present (``None`` when absent).
    key : str
        The property that identifies a feature (``id``; ``code`` for a country). It must be
        text; the frame is indexed by it, under the name ``id``.

    Returns
    -------
    tuple of (GeoDataFrame, list of Problem)
        One row per usable feature, indexed by its key, in EPSG:4326; a problem per feature
        that was left out (an unexpected error in one feature leaves out that feature only)
        and per file-level fault (a wrong CRS leaves every feature out). The values of the
        properties are as parsed: the caller checks their types.
    """
    required, optional = tuple(required), tuple(optional)
    columns = [*(column for column in required if column != key), *optional, "geometry"]
    empty = gpd.GeoDataFrame(columns=columns, geometry="geometry", crs=CRS)
    empty.index.name = "id"
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return empty, [Problem(name, None, "not a GeoJSON FeatureCollection")]
    crs_problem = _crs_problem(collection.get("crs"), name)
    if crs_problem:
        return empty, [crs_problem]
    features = collection.get("features")
    if not isinstance(features, list):
        return empty, [Problem(name, None, "'features' is not a list")]

    rows, problems, seen = [], [], set()
    shape_of = _FeatureShape(set(geometry_types), required, optional, key)
    for index, feature in enumerate(features):
        try:
            row, feature_problems = shape_of.row(feature, index, name)
        except Exception as error:  # one odd feature must not cost the others
            row, feature_problems = None, [Problem(name, f"feature #{index}", unreadable(error))]
        if row is not None and row["id"] in seen:
            feature_problems.append(Problem(name, row["id"], "duplicate id"))
            row = None
        problems += feature_problems
        if row is not None:
            seen.add(row["id"])
            rows.append(row)
    if not rows:
        return empty, problems
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).set_index("id")
    return frame, problems


class FrameRow(dict):
    """One row of a frame: column name to value, and the row's index label as ``name``.

    Read like the row ``DataFrame.iterrows`` gives (``row["mode"]``, ``row.get("sources")``,
    ``row.name``), holding the same values, but a plain dict: made many times quicker.
    """

    def __init__(self, values: Iterable[tuple[str, Any]], name: Any) -> None:
        super().__init__(values)
        self.name = name


def frame_rows(frame: pd.DataFrame) -> Iterator[tuple[Any, FrameRow]]:
    """Yield ``(label, row)`` for each row of a frame, as ``DataFrame.iterrows`` does.

    Parameters
    ----------
    frame : DataFrame
        Any frame, e.g. one :func:`features_to_frame` made.

    Yields
    ------
    tuple of (object, FrameRow)
        The index label and the row. The values are those ``iterrows`` gives (both read them
        from ``frame.values``); a row is a dict instead of a Series built per row.
    """
    columns = [str(column) for column in frame.columns]
    for label, values in zip(frame.index, frame.values, strict=True):
        yield label, FrameRow(zip(columns, values, strict=True), label)


def _crs_problem(crs: Any, name: str) -> Problem | None:
    if crs is None:
        return None
    properties = crs.get("properties") if isinstance(crs, dict) else None
    crs_name = properties.get("name") if isinstance(properties, dict) else None
    if isinstance(crs_name, str) and crs_name in _WGS84_NAMES:
        return None
    found = shown(crs_name) if isinstance(crs_name, str) else shown(crs)
    return Problem(name, None, f"CRS must be WGS84 (RFC 7946), found {found}")


@dataclass(frozen=True)
class _FeatureShape:
    """What a feature of one file must hold: its geometry types, properties and key."""

    geometry_types: set[str]
    required: tuple[str, ...]
    optional: tuple[str, ...]
    key: str

    def row(self, feature: Any, index: int, name: str) -> tuple[dict[str, Any] | None, list]:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            return None, [Problem(name, f"feature #{index}", "not a GeoJSON Feature")]
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            return None, [Problem(name, f"feature #{index}", "has no properties")]
        feature_id = properties.get(self.key)
        if not isinstance(feature_id, str) or not feature_id.strip():
            missing = feature_id in (None, "")
            fault = f"missing {self.key}" if missing else f"{self.key} must be text"
            return None, [Problem(name, f"feature #{index}", fault)]
        fault = label_fault(feature_id, ID_MAX_LENGTH)  # it names the feature in problems
        if fault:
            return None, [Problem(name, f"feature #{index}", f"{self.key} {fault}")]
        where = feature_id
        missing = [key for key in self.required if properties.get(key) in (None, "")]
        if missing:
            return None, [Problem(name, where, f"missing {', '.join(missing)}")]
        geometry, problem = read_geometry(feature.get("geometry"), self.geometry_types)
        if problem:
            return None, [Problem(name, where, problem)]
        kept = {key: properties[key] for key in self.required if key != self.key}
        kept.update({key: properties.get(key) for key in self.optional})
        return {"id": feature_id, **kept, "geometry": geometry}, []


_POSITION_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
"""How many levels of lists hold the positions of each geometry type."""


def read_geometry(value: Any, allowed: set[str]) -> tuple[Any, str | None]:
    """Build a shapely geometry from a parsed GeoJSON geometry, or say what is wrong with it.

    Parameters
    ----------
    value : object
        The parsed ``geometry`` member of a feature.
    allowed : set of str
        The geometry types the file may hold.

    Returns
    -------
    tuple of (geometry or None, str or None)
        The geometry, or ``None`` and the fault: a missing geometry, a type not allowed,
        coordinates that are not lists of JSON numbers (a string, a ``true``, a list where a
        number belongs: shapely would read ``"40.0"`` and ``true`` as numbers), or what
        :func:`geometry_problem` finds.
    """
    if not isinstance(value, dict):
        return None, "has no geometry"
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in allowed or kind not in _POSITION_DEPTH:
        return None, f"geometry must be {' or '.join(sorted(allowed))}, found {shown(kind)}"
    fault = _coordinates_fault(value.get("coordinates"), _POSITION_DEPTH[kind])
    if fault:
        return None, f"malformed geometry: {fault}"
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, ShapelyError) as error:
        return None, f"malformed geometry: {error}"
    return geometry, geometry_problem(geometry)


def _coordinates_fault(coordinates: Any, depth: int) -> str | None:
    # Iterative, and quick on the usual case: lists of [lon, lat] (``type`` is exact: a bool is
    # not a number here, though it is an int to Python).
    pending = [(coordinates, depth)]
    while pending:
        item, level = pending.pop()
        if type(item) is not list:
            return "coordinates must be lists of positions"
        if level > 1:
            pending += [(child, level - 1) for child in item]
        elif any(not _is_position(position) for position in (item if level else [item])):
            return "a position must be 2 or 3 numbers: longitude, latitude[, height]"
    return None


_NUMBER_TYPES = frozenset({int, float})


def _is_position(value: Any) -> bool:
    return (
        type(value) is list
        and 2 <= len(value) <= 3
        and type(value[0]) in _NUMBER_TYPES
        and type(value[1]) in _NUMBER_TYPES
        and (len(value) == 2 or type(value[2]) in _NUMBER_TYPES)
    )


def geometry_problem(geometry: Any) -> str | None:
    """Say what is wrong with a WGS84 geometry, or return ``None`` when it is usable.

    Checks emptiness, non-finite or out-of-range coordinates, a jump across the antimeridian
    (consecutive longitudes more than 180° apart) and validity (self-intersection).
    """
    coordinates = shapely.get_coordinates(geometry)
    if not coordinates.size:  # only an empty geometry has no positions
        return "empty geometry" if geometry.is_empty else "coordinates are not finite numbers"
    if not (np.abs(coordinates) <= _LIMITS).all():  # false for NaN and infinity too
        if not _all_finite(coordinates):
            return "coordinates are not finite numbers"
        return "coordinates out of range (longitude within ±180, latitude within ±90)"
    if _crosses_antimeridian(geometry, coordinates):
        return "crosses the antimeridian (a jump of more than 180° in longitude): split it"
    if not geometry.is_valid:
        return f"invalid geometry: {shapely.is_valid_reason(geometry)}"
    return None


_LIMITS = np.array([180.0, 90.0])
"""The largest longitude and latitude, either side of 0."""


def _all_finite(coordinates: Any) -> bool:
    return bool(np.isfinite(coordinates).all())


def _crosses_antimeridian(geometry: Any, coordinates: np.ndarray) -> bool:
    if isinstance(geometry, LineString):  # one line: its own coordinates, already at hand
        return _jumps(coordinates[:, 0])
    parts = getattr(geometry, "geoms", [geometry])
    for part in parts:
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            if _jumps(shapely.get_coordinates(ring)[:, 0]):
                return True
    return False


def _jumps(lon: np.ndarray) -> bool:
    """Tell whether consecutive longitudes are ever more than 180° apart."""
    return len(lon) > 1 and bool((abs(lon[1:] - lon[:-1]) > 180).any())
