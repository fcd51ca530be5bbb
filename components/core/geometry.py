"""Geodesic lengths and the countries a segment crosses, derived from geometry alone."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")

MIN_CROSSING_KM = 10.0
"""A land segment counts a country only where at least this much of it lies inside.

The country outlines are simplified (0.1°, see data/README.md), so they can stand several km
off the real border: a segment that starts on the real border (Lőkösháza, 3 km inside Hungary)
can run 6 km through the neighbour's simplified polygon. A real crossing is far longer.
"""

PORT_SEARCH_DEGREES = 0.25
"""How far from a simplified coastline a sea leg's end may lie and still count as on that coast."""


def geodesic_length_km(geometry: BaseGeometry) -> float:
    """Return the length of a line on the WGS84 ellipsoid, in kilometres.

    Parameters
    ----------
    geometry : shapely geometry
        A (Multi)LineString in longitude/latitude degrees.

    Returns
    -------
    float
    """
    return GEOD.geometry_length(geometry) / 1000.0


def countries_along(line: LineString, countries: gpd.GeoDataFrame, mode: str) -> list[str]:
    """List the countries a segment crosses, in order along the line.

    Parameters
    ----------
    line : LineString
        The segment, in EPSG:4326.
    countries : GeoDataFrame
        Country polygons indexed by ISO 3166-1 alpha-2 code.
    mode : str
        The segment's mode. A ``sea`` leg counts only the countries of its two ends (the sea
        itself belongs to no one); other modes count every country the line runs through for
        at least :data:`MIN_CROSSING_KM`.

    Returns
    -------
    list of str
        Alpha-2 codes, each once, ordered by where the line first enters the country.
    """
    if mode == "sea":
        ends = [Point(line.coords[0]), Point(line.coords[-1])]
        codes = [_country_at(point, countries) for point in ends]
        return list(dict.fromkeys(code for code in codes if code))
    candidates = countries.iloc[countries.sindex.query(line, predicate="intersects")]
    entries = []
    for code, polygon in candidates.geometry.items():
        inside = line.intersection(polygon)
        if geodesic_length_km(inside) >= MIN_CROSSING_KM:
            entries.append((_first_distance_along(line, inside), code))
    return [code for _, code in sorted(entries)]


def _country_at(point: Point, countries: gpd.GeoDataFrame) -> str | None:
    nearby = countries.iloc[
        countries.sindex.query(point.buffer(PORT_SEARCH_DEGREES), predicate="intersects")
    ]
    if nearby.empty:
        return None
    # Planar distance in degrees is enough to pick the nearest of a few nearby outlines.
    distances = shapely.distance(nearby.geometry.values, point)
    return str(nearby.index[distances.argmin()])


def _first_distance_along(line: LineString, part: BaseGeometry) -> float:
    return min(line.project(Point(xy)) for xy in shapely.get_coordinates(part))


def derive_segment_facts(
    segments: gpd.GeoDataFrame, countries: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Add the derived columns ``countries`` (alpha-2 codes in order) and ``length_km``.

    Parameters
    ----------
    segments : GeoDataFrame
        Segments with ``mode`` and LineString geometry, EPSG:4326.
    countries : GeoDataFrame
        Country polygons indexed by alpha-2 code, EPSG:4326.

    Returns
    -------
    GeoDataFrame
        A copy of ``segments`` with the two columns added.
    """
    result = segments.copy()
    result["countries"] = [
        countries_along(line, countries, mode)
        for line, mode in zip(result.geometry, result["mode"], strict=True)
    ]
    result["length_km"] = [geodesic_length_km(line) for line in result.geometry]
    return result


def km_inside(segments: gpd.GeoDataFrame, polygon: BaseGeometry) -> dict[str, float]:
    """Return, per segment id, the geodesic km of the segment inside ``polygon``."""
    return {
        segment_id: geodesic_length_km(line.intersection(polygon))
        for segment_id, line in segments.geometry.items()
    }


def network_length_km(lines: gpd.GeoSeries) -> float:
    """Return the geodesic km of the lines with shared track counted once.

    Routes that share track are drawn through the same places, so their shared parts are the
    same edges between the same vertices: each edge is counted once, whichever way it runs.
    (Linear in the number of vertices; a union of the lines would node every crossing.)
    """
    edges: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    for line in lines.values:
        coordinates = [tuple(point) for point in shapely.get_coordinates(line)]
        for start, end in itertools.pairwise(coordinates):
            edges.add((start, end) if start <= end else (end, start))
    if not edges:
        return 0.0
    ends = np.array(list(edges))  # edges x (start, end) x (lon, lat)
    distances = GEOD.inv(ends[:, 0, 0], ends[:, 0, 1], ends[:, 1, 0], ends[:, 1, 1])[2]
    return float(distances.sum()) / 1000.0


Bounds = tuple[tuple[float, float], tuple[float, float]]
"""``((south, west), (north, east))`` in degrees, as Leaflet takes them."""


def bounds_of(segments: gpd.GeoDataFrame, fallback: gpd.GeoDataFrame) -> Bounds:
    """Return the bounds of ``segments``, or of ``fallback`` when there are none."""
    west, south, east, north = (segments if len(segments) else fallback).total_bounds
    return (float(south), float(west)), (float(north), float(east))
