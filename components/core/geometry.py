"""Geodesic lengths and the countries a segment crosses, derived from geometry alone."""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike
from pyproj import Geod
from shapely.geometry import LineString
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


def geodesic_lengths_km(geometries: ArrayLike) -> np.ndarray:
    """Return the length of each geometry on the WGS84 ellipsoid, in kilometres.

    The same floats as :func:`geodesic_length_km` gives one by one, computed for all at once:
    one :meth:`pyproj.Geod.inv` over every edge, then summed edge by edge and part by part in
    the order ``Geod.geometry_length`` adds them (a polygon counts its exterior ring, a
    collection the sum of its parts, a point 0).

    Parameters
    ----------
    geometries : array-like of shapely geometry
        In longitude/latitude degrees.

    Returns
    -------
    numpy.ndarray of float
        One length per geometry, in the order given.
    """
    geometries = np.asarray(geometries, dtype=object).ravel()
    lines, owners = _measured_lines(geometries)
    coordinates, line_of = shapely.get_coordinates(lines, return_index=True)
    edge = line_of[1:] == line_of[:-1]  # consecutive positions of one line
    start, end = coordinates[:-1][edge], coordinates[1:][edge]
    metres = GEOD.inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])[2]
    line_metres = _sums_in_order(np.asarray(metres, dtype=float), line_of[:-1][edge], len(lines))
    return _sums_in_order(line_metres, owners, len(geometries)) / 1000.0


_POLYGON = shapely.GeometryType.POLYGON
_COLLECTIONS = (
    shapely.GeometryType.MULTIPOINT,
    shapely.GeometryType.MULTILINESTRING,
    shapely.GeometryType.MULTIPOLYGON,
    shapely.GeometryType.GEOMETRYCOLLECTION,
)


def _measured_lines(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the lines (and points) ``Geod.geometry_length`` measures, in order, with owners."""
    owners = np.arange(len(geometries))
    while True:
        kinds = shapely.get_type_id(geometries)
        polygons = kinds == _POLYGON
        if polygons.any():
            geometries = geometries.copy()
            geometries[polygons] = shapely.get_exterior_ring(geometries[polygons])
        collections = np.isin(kinds, _COLLECTIONS)
        if not collections.any():
            return geometries, owners
        # Replace each collection by its parts, where it stood: sort on (position, part).
        parts, part_of = shapely.get_parts(geometries[collections], return_index=True)
        at = np.flatnonzero(collections)[part_of]
        rank = np.arange(len(parts)) - np.searchsorted(part_of, part_of)
        kept = np.flatnonzero(~collections)
        order = np.lexsort(
            (np.concatenate([np.zeros(len(kept), int), rank]), np.concatenate([kept, at]))
        )
        geometries = np.concatenate([geometries[kept], parts])[order]
        owners = np.concatenate([owners[kept], owners[at]])[order]


def _sums_in_order(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """Sum ``values`` per group (ascending group numbers), adding in order from 0.0 as a loop does.

    Floating-point addition depends on its order, so the k-th value of every group is added in
    the k-th step: the totals are the very floats a loop over each group would give.
    """
    totals = np.zeros(count)
    if not len(values):
        return totals
    rank = np.arange(len(groups)) - np.searchsorted(groups, groups)
    order = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[order], np.arange(rank.max() + 2))
    for low, high in itertools.pairwise(bounds):
        step = order[low:high]  # at most one value of each group
        totals[groups[step]] += values[step]
    return totals


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
    return countries_crossed([line], [mode], countries)[0]


def countries_crossed(
    lines: Sequence[BaseGeometry] | np.ndarray, modes: ArrayLike, countries: gpd.GeoDataFrame
) -> list[list[str]]:
    """List, for each of many segments, the countries it crosses (see :func:`countries_along`).

    Parameters
    ----------
    lines : array-like of LineString
        The segments, in EPSG:4326.
    modes : array-like of str
        Each segment's mode.
    countries : GeoDataFrame
        Country polygons indexed by ISO 3166-1 alpha-2 code.

    Returns
    -------
    list of list of str
        Per segment, in the order given, what :func:`countries_along` returns for it; computed
        for all segments at once (one spatial-index query, vectorised intersections).
    """
    lines = np.asarray(lines, dtype=object).ravel()
    sea = np.asarray(modes, dtype=object).ravel() == "sea"
    crossed: list[list[str]] = [[] for _ in lines]
    for at, codes in zip(
        np.flatnonzero(~sea), _land_crossings(lines[~sea], countries), strict=True
    ):
        crossed[at] = codes
    sea_legs = np.flatnonzero(sea)
    ends = [shapely.get_point(lines[sea_legs], 0), shapely.get_point(lines[sea_legs], -1)]
    coasts = _countries_at(np.concatenate(ends), countries)
    for at, start, end in zip(
        sea_legs, coasts[: len(sea_legs)], coasts[len(sea_legs) :], strict=True
    ):
        crossed[at] = list(dict.fromkeys(code for code in (start, end) if code))
    return crossed


def _land_crossings(lines: np.ndarray, countries: gpd.GeoDataFrame) -> list[list[str]]:
    """Return the countries each line runs through for MIN_CROSSING_KM, by first entry."""
    crossed: list[list[str]] = [[] for _ in lines]
    line_of, country_of = _pairs_that_meet(lines, countries)
    polygons = np.asarray(countries.geometry.values, dtype=object)[country_of]
    inside = lines[line_of]  # a line its country wholly holds is its own part inside
    held = shapely.contains_properly(polygons, inside)
    cut = np.flatnonzero(~held)
    inside[cut] = _intersections(inside[cut], polygons[cut])
    long = geodesic_lengths_km(inside) >= MIN_CROSSING_KM
    # Where a line enters its countries orders them; a line of one country needs no order,
    # and a line its country holds enters it where it starts.
    several = np.bincount(line_of[long], minlength=len(lines))[line_of] > 1
    entered = np.zeros(len(inside))
    cut = np.flatnonzero(long & ~held & several)
    entered[cut] = _first_distances_along(lines[line_of[cut]], inside[cut])
    line_of, entered = line_of[long], entered[long]
    codes = np.asarray(countries.index, dtype=object)[country_of[long]]
    # Per line by where it enters, then by code: as sorting (distance, code) pairs.
    for pair in np.lexsort((codes.astype(str), entered, line_of)):
        crossed[line_of[pair]].append(str(codes[pair]))
    return crossed


def _intersections(lines: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Return ``shapely.intersection(lines, polygons)``, in a thread per core for many pairs.

    GEOS lets go of the GIL, so the threads run at once; each computes the same intersections.
    """
    workers = min(os.cpu_count() or 1, len(lines) // _PAIRS_PER_THREAD)
    if workers < 2:
        return shapely.intersection(lines, polygons)
    chunks = np.array_split(np.arange(len(lines)), workers)
    with ThreadPoolExecutor(workers) as pool:
        found = pool.map(lambda at: shapely.intersection(lines[at], polygons[at]), chunks)
        return np.concatenate(list(found))


_PAIRS_PER_THREAD = 2000
"""Fewer intersections than this are not worth starting a thread for."""


def _pairs_that_meet(
    geometries: np.ndarray, countries: gpd.GeoDataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Return the (geometry, country) positions of every geometry and country that intersect.

    In the order of ``countries.sindex.query(geometries, predicate="intersects")``, computed as
    its boxes, then the prepared outlines (many times quicker for many geometries).
    """
    if not len(geometries) or countries.empty:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    outlines = np.asarray(countries.geometry.values, dtype=object)
    shapely.prepare(outlines)
    geometry_of, country_of = countries.sindex.query(geometries)
    meet = shapely.intersects(outlines[country_of], geometries[geometry_of])
    return geometry_of[meet], country_of[meet]


def _first_distances_along(lines: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """For each line, the least distance along it of any position of its part."""
    if not len(parts):
        return np.zeros(0)
    coordinates, part_of = shapely.get_coordinates(parts, return_index=True)
    along = shapely.line_locate_point(lines[part_of], shapely.points(coordinates))
    return np.minimum.reduceat(along, np.searchsorted(part_of, np.arange(len(parts))))


def _countries_at(points: np.ndarray, countries: gpd.GeoDataFrame) -> list[str | None]:
    """Return the country whose outline lies nearest each point, within PORT_SEARCH_DEGREES."""
    found: list[str | None] = [None] * len(points)
    # quad_segs=16: the circle of ``Point.buffer``, which this search has always used.
    areas = shapely.buffer(points, PORT_SEARCH_DEGREES, quad_segs=16)
    point_of, country_of = _pairs_that_meet(areas, countries)
    if not len(point_of):
        return found
    # Planar distance in degrees is enough to pick the nearest of a few nearby outlines.
    distances = shapely.distance(
        np.asarray(countries.geometry.values)[country_of], points[point_of]
    )
    # Per point, the nearest; of equally near ones, the first the index gave (a stable sort).
    nearest = np.lexsort((distances, point_of))
    first = nearest[np.r_[True, point_of[nearest][1:] != point_of[nearest][:-1]]]
    for pair in first:
        found[point_of[pair]] = str(countries.index[country_of[pair]])
    return found


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
    lines = np.asarray(result.geometry.values, dtype=object)
    result["countries"] = countries_crossed(lines, result["mode"], countries)
    result["length_km"] = geodesic_lengths_km(lines).tolist()
    return result


def km_inside(segments: gpd.GeoDataFrame, polygon: BaseGeometry) -> dict[str, float]:
    """Return, per segment id, the geodesic km of the segment inside ``polygon``."""
    return {
        str(segment_id): geodesic_length_km(line.intersection(polygon))
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
