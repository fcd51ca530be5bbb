"""Build ``data/segments.geojson`` from the route plan and the gazetteer.

``data/route_plan.json`` lists each segment with its properties and, in ``via``, the ids of the
places of ``data/places.csv`` it passes, in order. A via entry ``border:<CC>:<CC>:<a>:<b>`` stands
for the point where the straight line from place ``a`` to place ``b`` crosses the border of the
two countries, on Natural Earth's full-resolution outlines: segments split there, so each land
segment lies in one country.

Run as ``uv run python -m components.build.segments``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import shapely
import shapely.ops
from shapely.geometry import LineString

from components.build.countries import (
    alpha2_code,
    english_name,
    load_natural_earth,
    natural_earth_zip_path,
)
from components.build.options import add_data_option, data_root
from components.build.places import PLACES_NAME, Place, read_places
from components.storage.paths import DEFAULT_DATA_DIR

PLAN_NAME, SEGMENTS_NAME = "route_plan.json", "segments.geojson"
PLAN_FILE = DEFAULT_DATA_DIR / PLAN_NAME
SEGMENTS_FILE = DEFAULT_DATA_DIR / SEGMENTS_NAME
BORDER_PREFIX = "border:"
BORDER_DECIMALS = 4


def border_place(codes: tuple[str, str], a: Place, b: Place, outlines: gpd.GeoDataFrame) -> Place:
    """Return the point where the line from a to b crosses the border of two countries.

    The border is the one the two full-resolution outlines share (Natural Earth 1:10m, see
    :func:`full_resolution_outlines`), so the vertex lies on the real border, within the
    precision of Natural Earth, rather than on the simplified basemap. When the straight line
    does not cross the shared border (the places are not on either side of it), the point of
    the border nearest to the midpoint of a and b is taken.

    Raises
    ------
    ValueError
        If the two countries share no border.
    """
    first, second = (outlines.geometry[code] for code in codes)
    shared = first.boundary.intersection(second.boundary)
    if shared.is_empty:
        raise ValueError(f"{codes[0]} and {codes[1]} share no border in the outlines")
    chord = LineString([(a.lon, a.lat), (b.lon, b.lat)])
    crossings = chord.intersection(shared)
    if crossings.is_empty:
        point = shapely.ops.nearest_points(shared, chord.interpolate(0.5, normalized=True))[0]
        how = "the point of the shared border nearest to the midpoint of the two places"
    else:
        point = min(shapely.get_parts(crossings), key=lambda p: chord.project(p)).centroid
        how = "where the straight line between the two places crosses the shared border"
    return Place(
        f"{BORDER_PREFIX}{':'.join(codes)}:{a.id}:{b.id}",
        f"{outlines.at[codes[0], 'name']}–{outlines.at[codes[1], 'name']} border between "
        f"{a.name} and {b.name}",
        "border",
        "",
        round(point.y, BORDER_DECIMALS),
        round(point.x, BORDER_DECIMALS),
        None,
        f"derived: {how} (Natural Earth 1:10m admin-0 outlines)",
    )


def full_resolution_outlines(codes: Collection[str]) -> gpd.GeoDataFrame:
    """Return the Natural Earth 1:10m outline and name of countries, unsimplified, by code.

    The outlines come from the same registry package as ``countries.geojson`` (see
    :mod:`components.build.countries`), which is in the ``dev`` dependency group.
    """
    frame = load_natural_earth(natural_earth_zip_path())
    # Keyed by column name; pandas types a record's keys as any Hashable.
    records = cast("list[dict[str, Any]]", frame.drop(columns="geometry").to_dict("records"))
    frame["code"] = [alpha2_code(record) for record in records]
    codes_by_row = zip(records, frame["code"], strict=True)
    frame["name"] = [english_name(record, code) for record, code in codes_by_row]
    frame = frame[frame["code"].isin(set(codes))]
    # The largest part names the country, as in countries.geojson.
    frame = frame.assign(area=shapely.area(frame.geometry.values)).sort_values(
        "area", ascending=False
    )
    merged = frame.groupby("code").agg(
        name=("name", "first"),
        geometry=("geometry", lambda parts: shapely.union_all(shapely.make_valid(parts.values))),
    )
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def border_codes(plan: Iterable[dict[str, Any]]) -> set[str]:
    """Return the alpha-2 codes that the plan's border vertices name."""
    return {
        code
        for entry in plan
        for token in entry["via"]
        if token.startswith(BORDER_PREFIX)
        for code in token.removeprefix(BORDER_PREFIX).split(":")[:2]
    }


def resolve(token: str, places: dict[str, Place], outlines: gpd.GeoDataFrame) -> Place:
    """Turn a via entry (a place id or ``border:<CC>:<CC>:<a>:<b>``) into a :class:`Place`."""
    if token.startswith(BORDER_PREFIX):
        code_a, code_b, a, b = token.removeprefix(BORDER_PREFIX).split(":")
        return border_place((code_a, code_b), places[a], places[b], outlines)
    return places[token]


def build_segments(
    plan: list[dict[str, Any]], places: dict[str, Place], outlines: gpd.GeoDataFrame
) -> dict[str, Any]:
    """Return the segments as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    plan : list of dict
        Segments with ``id``, ``route``, ``name``, ``mode`` and ``via`` (place ids).
    places : dict of str to Place
        The gazetteer.
    outlines : GeoSeries
        Country outlines by alpha-2 code, used for border points (see
        :func:`full_resolution_outlines`).

    Returns
    -------
    dict
        Each feature's ``via`` names its places in order; ``sources`` and ``approximate_km``
        run parallel to it: where each vertex's position comes from, and its uncertainty in km
        when it is approximate (``None`` when it is published).
    """
    features = []
    for entry in plan:
        stops = [resolve(token, places, outlines) for token in entry["via"]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": entry["id"],
                    "route": entry["route"],
                    "name": entry["name"],
                    "mode": entry["mode"],
                    "via": [stop.name for stop in stops],
                    "sources": [stop.source for stop in stops],
                    "approximate_km": [stop.approximate_km for stop in stops],
                },
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[stop.lon, stop.lat] for stop in stops],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dumps_features(collection: dict[str, Any]) -> str:
    """Serialise a FeatureCollection one feature per line: small diffs, readable by people."""
    features = ",\n".join(
        json.dumps(feature, ensure_ascii=False) for feature in collection["features"]
    )
    return '{"type": "FeatureCollection", "features": [\n' + features + "\n]}\n"


DESCRIPTION = "Write data/segments.geojson from the route plan, gazetteer and outlines."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``data/segments.geojson`` from the plan, the gazetteer and the outlines."""
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    add_data_option(parser)
    parser.add_argument(
        "--output", type=Path, help="file to write (default: <data>/segments.geojson)"
    )
    args = parser.parse_args(argv)
    root = data_root(args)
    plan = json.loads((root / PLAN_NAME).read_text(encoding="utf-8"))
    outlines = full_resolution_outlines(border_codes(plan))
    collection = build_segments(plan, read_places(root / PLACES_NAME), outlines)
    output = args.output or root / SEGMENTS_NAME
    output.write_text(dumps_features(collection), encoding="utf-8")
    print(f"wrote {len(collection['features'])} segments to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
