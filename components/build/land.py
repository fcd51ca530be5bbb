"""Build ``data/land.geojson``: the land around the atlas' region, so the map has no edge.

``countries.geojson`` holds the country outlines of the region the routes run through (the box
:data:`components.build.countries.REGION_BOUNDS`). Around it, this file gives the land of a
larger box, without borders, coarsely simplified: enough for a reader panning or zooming out to
see coasts instead of a rectangle of land in a sea. It overlaps the region by a thin band, so
that drawn on top of the country outlines it hides the straight edges where they were clipped.

Run as ``uv run corridor build-land`` (the Natural Earth package is in the ``dev`` group).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping

from components.build.countries import (
    REGION_BOUNDS,
    dumps_countries,
    load_natural_earth,
    natural_earth_zip_path,
)
from components.build.options import add_data_option, data_root

LAND_BOUNDS = (-20.0, 0.0, 150.0, 75.0)
"""The box the map may show (``min_lon, min_lat, max_lon, max_lat``); the map's maxBounds."""
OVERLAP_DEGREES = 0.2
"""How far the land reaches into the region box, over the clipped edges of its outlines."""
TOLERANCE = 0.5
"""Simplification in degrees: this land is only seen zoomed out."""
MIN_AREA = 0.3
"""Islands smaller than this (square degrees) are left out."""
LAND_NAME = "land.geojson"


def build_land(countries: gpd.GeoDataFrame) -> dict[str, Any]:
    """Return the land of :data:`LAND_BOUNDS` outside the region box as one feature.

    Parameters
    ----------
    countries : GeoDataFrame
        Natural Earth admin-0 polygons (see :func:`load_natural_earth`).

    Returns
    -------
    dict
        A FeatureCollection with one MultiPolygon feature, properties ``{"kind": "land"}``,
        coordinates to one decimal.
    """
    land = shapely.union_all(shapely.make_valid(countries.geometry.values))
    inner = shapely.box(*REGION_BOUNDS).buffer(-OVERLAP_DEGREES, join_style="mitre")
    ring = shapely.difference(shapely.box(*LAND_BOUNDS), inner)
    outer = shapely.simplify(shapely.intersection(land, ring), TOLERANCE, preserve_topology=True)
    outer = shapely.make_valid(shapely.set_precision(outer, 0.1))
    parts = [
        part
        for part in shapely.get_parts(outer)
        if part.geom_type == "Polygon" and part.area >= MIN_AREA
    ]
    geometry = shapely.orient_polygons(shapely.MultiPolygon(parts))
    feature = {"type": "Feature", "properties": {"kind": "land"}, "geometry": mapping(geometry)}
    return {"type": "FeatureCollection", "features": [feature]}


DESCRIPTION = "Write data/land.geojson: borderless land around the region, from Natural Earth."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``data/land.geojson`` from the Natural Earth package."""
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    add_data_option(parser)
    parser.add_argument(
        "--output", type=pathlib.Path, help="file to write (default: <data>/land.geojson)"
    )
    args = parser.parse_args(argv)
    output = args.output or data_root(args) / LAND_NAME
    collection = build_land(load_natural_earth(natural_earth_zip_path()))
    text = dumps_countries(collection)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output} ({len(text.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
