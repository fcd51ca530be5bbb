"""The export formats of the ``corridor export`` command and the dashboard's downloads."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import geopandas as gpd

from components.domain.loading import Atlas

LENGTH_DECIMALS = 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (CSV injection)."""
CSV_COLUMNS = ("id", "route", "name", "mode", "countries", "length_km", "quotes", "wkt")


def segment_records(atlas: Atlas, segments: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Describe each segment with its derived facts and its quotes (``{id, source, exact}``)."""
    records = []
    for segment_id, row in segments.iterrows():
        quotes = atlas.quotes_by_segment.get(segment_id, [])
        records.append(
            {
                "id": segment_id,
                "route": row["route"],
                "name": row["name"],
                "mode": row["mode"],
                "countries": list(row["countries"]),
                "length_km": round(float(row["length_km"]), LENGTH_DECIMALS),
                "quotes": [{"id": q.id, "source": q.source, "exact": q.exact} for q in quotes],
            }
        )
    return records


def to_geojson(atlas: Atlas, segments: gpd.GeoDataFrame) -> str:
    """Serialise segments as an RFC 7946 FeatureCollection with the export properties."""
    features = [
        {"type": "Feature", "properties": record, "geometry": geometry.__geo_interface__}
        for record, geometry in zip(
            segment_records(atlas, segments), segments.geometry, strict=True
        )
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def to_csv(atlas: Atlas, segments: gpd.GeoDataFrame) -> str:
    """Serialise segments as CSV, one row each; lists are joined with ``;``, geometry is WKT.

    Text that a spreadsheet would evaluate (starting with ``= + - @``) is prefixed with ``'``.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record, geometry in zip(segment_records(atlas, segments), segments.geometry, strict=True):
        row = {
            **record,
            "countries": ";".join(record["countries"]),
            "quotes": ";".join(quote["id"] for quote in record["quotes"]),
            "wkt": geometry.wkt,
        }
        writer.writerow({key: _inert_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _inert_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with ``'`` (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
