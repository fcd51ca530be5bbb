"""Build ``data/segments.geojson`` from the route plan and the gazetteer.

``data/route_plan.json`` lists each segment with its properties and, in ``via``, the ids of the
places of ``data/places.csv`` it passes, in order. A via entry ``border:<CC>:<CC>:<a>:<b>`` stands
for the point of the border between the two countries of ``data/countries.geojson`` nearest
to the midpoint of places ``a`` and ``b``: segments split there, so each land segment lies in
one country.

Run as ``uv run python -m components.build.segments``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import shapely.ops
from shapely.geometry import LineString

from components.build.places import PLACES_FILE, Place, read_places

DATA = Path(__file__).resolve().parents[2] / "data"
PLAN_FILE = DATA / "route_plan.json"
COUNTRIES_FILE = DATA / "countries.geojson"
SEGMENTS_FILE = DATA / "segments.geojson"
BORDER_PREFIX = "border:"
BORDER_DECIMALS = 4


def border_place(codes: tuple[str, str], a: Place, b: Place, countries: gpd.GeoDataFrame) -> Place:
    """Return the point of the border between two countries nearest to the midpoint of a and b.

    The border is the line the two outlines share, so the point lies on both of them however
    close ``a`` or ``b`` stand to it (a station can fall a few hundred metres on the wrong side
    of a simplified outline).

    Raises
    ------
    ValueError
        If the two countries share no border in the outlines.
    """
    first, second = (countries.geometry[code] for code in codes)
    shared = first.boundary.intersection(second.boundary)
    if shared.is_empty:
        raise ValueError(f"{codes[0]} and {codes[1]} share no border in the outlines")
    midpoint = LineString([(a.lon, a.lat), (b.lon, b.lat)]).interpolate(0.5, normalized=True)
    point = shapely.ops.nearest_points(shared, midpoint)[0]
    names = countries["name"]
    return Place(
        f"{BORDER_PREFIX}{':'.join(codes)}:{a.id}:{b.id}",
        f"{names[codes[0]]}–{names[codes[1]]} border between {a.name} and {b.name}",
        "border",
        round(point.y, BORDER_DECIMALS),
        round(point.x, BORDER_DECIMALS),
        "derived: the point of the shared outline nearest to the midpoint of the two places",
    )


def resolve(token: str, places: dict[str, Place], countries: gpd.GeoDataFrame) -> Place:
    """Turn a via entry (a place id or ``border:<CC>:<CC>:<a>:<b>``) into a :class:`Place`."""
    if token.startswith(BORDER_PREFIX):
        code_a, code_b, a, b = token.removeprefix(BORDER_PREFIX).split(":")
        return border_place((code_a, code_b), places[a], places[b], countries)
    return places[token]


def build_segments(
    plan: list[dict[str, Any]], places: dict[str, Place], countries: gpd.GeoDataFrame
) -> dict[str, Any]:
    """Return the segments as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    plan : list of dict
        Segments with ``id``, ``route``, ``name``, ``mode`` and ``via`` (place ids).
    places : dict of str to Place
        The gazetteer.
    countries : GeoDataFrame
        Country outlines indexed by alpha-2 code, used for border points.
    """
    features = []
    for entry in plan:
        stops = [resolve(token, places, countries) for token in entry["via"]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": entry["id"],
                    "route": entry["route"],
                    "name": entry["name"],
                    "mode": entry["mode"],
                    "via": [stop.name for stop in stops],
                },
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[stop.lon, stop.lat] for stop in stops],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dumps_segments(collection: dict[str, Any]) -> str:
    """Serialise one feature per line: small diffs, readable by people and by ``json``."""
    features = ",\n".join(
        json.dumps(feature, ensure_ascii=False) for feature in collection["features"]
    )
    return '{"type": "FeatureCollection", "features": [\n' + features + "\n]}\n"


def load_country_outlines(path: Path = COUNTRIES_FILE) -> gpd.GeoDataFrame:
    """Read the country outlines indexed by code."""
    return gpd.read_file(path).set_index("code")


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``data/segments.geojson`` from the plan, the gazetteer and the outlines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=SEGMENTS_FILE)
    args = parser.parse_args(argv)
    plan = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    collection = build_segments(plan, read_places(PLACES_FILE), load_country_outlines())
    args.output.write_text(dumps_segments(collection), encoding="utf-8")
    print(f"wrote {len(collection['features'])} segments to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
