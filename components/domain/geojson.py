"""GeoJSON FeatureCollections into GeoDataFrames, checking what RFC 7946 and this project demand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from components.domain.problems import Problem

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
        Properties every feature must have; ``id`` must be among them.
    optional : iterable of str
        Properties kept when present (``None`` when absent).

    Returns
    -------
    tuple of (GeoDataFrame, list of Problem)
        One row per usable feature, indexed by ``id``, in EPSG:4326; a problem per feature that
        was left out and per file-level fault (a wrong CRS leaves every feature out).
    """
    required, optional = tuple(required), tuple(optional)
    columns = [*(key for key in required if key != "id"), *optional, "geometry"]
    empty = gpd.GeoDataFrame(columns=columns, geometry="geometry", crs=CRS)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return empty, [Problem(name, None, "not a GeoJSON FeatureCollection")]
    crs_problem = _crs_problem(collection.get("crs"), name)
    if crs_problem:
        return empty, [crs_problem]
    features = collection.get("features")
    if not isinstance(features, list):
        return empty, [Problem(name, None, "'features' is not a list")]

    rows, problems, seen = [], [], set()
    for index, feature in enumerate(features):
        row, feature_problems = _feature_row(
            feature, index, name, set(geometry_types), required, optional
        )
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


def _crs_problem(crs: Any, name: str) -> Problem | None:
    if crs is None:
        return None
    crs_name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if crs_name in _WGS84_NAMES:
        return None
    return Problem(name, None, f"CRS must be WGS84 (RFC 7946), found {crs_name or crs!r}")


def _feature_row(
    feature: Any,
    index: int,
    name: str,
    geometry_types: set[str],
    required: tuple[str, ...],
    optional: tuple[str, ...],
) -> tuple[dict[str, Any] | None, list[Problem]]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [Problem(name, f"feature #{index}", "not a GeoJSON Feature")]
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return None, [Problem(name, f"feature #{index}", "has no properties")]
    feature_id = properties.get("id")
    where = feature_id if isinstance(feature_id, str) and feature_id else f"feature #{index}"
    missing = [key for key in required if properties.get(key) in (None, "")]
    if missing:
        return None, [Problem(name, where, f"missing {', '.join(missing)}")]
    geometry, problem = _geometry(feature.get("geometry"), geometry_types)
    if problem:
        return None, [Problem(name, where, problem)]
    kept = {key: properties[key] for key in required}
    kept.update({key: properties.get(key) for key in optional})
    return {**kept, "geometry": geometry}, []


def _geometry(value: Any, allowed: set[str]) -> tuple[Any, str | None]:
    if not isinstance(value, dict):
        return None, "has no geometry"
    if value.get("type") not in allowed:
        return None, f"geometry must be {' or '.join(sorted(allowed))}, found {value.get('type')!r}"
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError) as error:
        return None, f"malformed geometry: {error}"
    return geometry, geometry_problem(geometry)


def geometry_problem(geometry: Any) -> str | None:
    """Say what is wrong with a WGS84 geometry, or return ``None`` when it is usable.

    Checks emptiness, non-finite or out-of-range coordinates, a jump across the antimeridian
    (consecutive longitudes more than 180° apart) and validity (self-intersection).
    """
    if geometry.is_empty:
        return "empty geometry"
    coordinates = shapely.get_coordinates(geometry)
    if not shapely.is_valid_input(geometry) or not coordinates.size or not _all_finite(coordinates):
        return "coordinates are not finite numbers"
    lon, lat = coordinates[:, 0], coordinates[:, 1]
    if (abs(lon) > 180).any() or (abs(lat) > 90).any():
        return "coordinates out of range (longitude within ±180, latitude within ±90)"
    if _crosses_antimeridian(geometry):
        return "crosses the antimeridian (a jump of more than 180° in longitude): split it"
    if not geometry.is_valid:
        return f"invalid geometry: {shapely.is_valid_reason(geometry)}"
    return None


def _all_finite(coordinates: Any) -> bool:
    return bool(np.isfinite(coordinates).all())


def _crosses_antimeridian(geometry: Any) -> bool:
    parts = getattr(geometry, "geoms", [geometry])
    for part in parts:
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            lon = shapely.get_coordinates(ring)[:, 0]
            if len(lon) > 1 and (abs(lon[1:] - lon[:-1]) > 180).any():
                return True
    return False
