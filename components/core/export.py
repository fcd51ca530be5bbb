"""The export formats of the ``corridor export`` command and the dashboard's downloads."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import geopandas as gpd

from components.core.atlas import Atlas
from components.core.facts import Fact, facts_about, published_length
from components.core.nodes import NODE_PROPERTIES

LENGTH_DECIMALS = 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (CSV injection)."""
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "route",
    "name",
    "mode",
    "countries",
    "length_km",
    "published_length_km",
    "evidence",
    "quotes",
    "support",
    "wkt",
)
NODE_CSV_COLUMNS: tuple[str, ...] = (*NODE_PROPERTIES, "lon", "lat")


def segment_records(atlas: Atlas, segments: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Describe each segment with its derived figures, evidence, facts and quotes.

    ``length_km`` is the drawn (geodesic) length, ``published_length_km`` the published one or
    ``None``; ``evidence`` the segment's strongest support level; each quote carries the
    ``support`` of its link to this segment and the words that decided it.
    """
    records = []
    for label, row in segments.iterrows():
        segment_id = str(label)  # segments are indexed by their id
        quotes = atlas.quotes_by_segment.get(segment_id, [])
        published = published_length(atlas.facts, segment_id)
        records.append(
            {
                "id": segment_id,
                "route": row["route"],
                "name": row["name"],
                "mode": row["mode"],
                "countries": list(row["countries"]),
                "length_km": round(float(row["length_km"]), LENGTH_DECIMALS),
                "published_length_km": float(published.value) if published else None,
                "evidence": atlas.evidence.get(segment_id, "none"),
                "facts": [fact_record(fact) for fact in facts_about(atlas.facts, segment_id)],
                "quotes": [
                    {
                        "id": q.id,
                        "source": q.source,
                        "exact": q.exact,
                        "support": atlas.support[q.id][segment_id].level,
                        "support_words": list(atlas.support[q.id][segment_id].words),
                    }
                    for q in quotes
                ],
            }
        )
    return records


def fact_record(fact: Fact) -> dict[str, Any]:
    """Return a fact as plain JSON with its citation."""
    citation = fact.citation
    return {
        "subject": fact.subject,
        "fact": fact.kind,
        "value": fact.value,
        "unit": fact.unit,
        "country": fact.country,
        "part": fact.part,
        "as_of": fact.as_of,
        "citation": {
            "publisher": citation.publisher,
            "title": citation.title,
            "url": citation.url,
            "published": citation.published,
            "looked_up": citation.looked_up,
        },
    }


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
            "support": ";".join(quote["support"] for quote in record["quotes"]),
            "wkt": geometry.wkt,
        }
        del row["facts"]
        writer.writerow({key: inert_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def nodes_to_geojson(nodes: gpd.GeoDataFrame) -> str:
    """Serialise the facilities layer as an RFC 7946 FeatureCollection."""
    features = [
        {
            "type": "Feature",
            "properties": {"id": node_id, **_node_properties(row)},
            "geometry": row.geometry.__geo_interface__,
        }
        for node_id, row in nodes.iterrows()
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def nodes_to_csv(nodes: gpd.GeoDataFrame) -> str:
    """Serialise the facilities as CSV, one row each; lists joined with ``;``, formulas defused."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=NODE_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for node_id, row in nodes.iterrows():
        properties = _node_properties(row)
        cells = {
            "id": node_id,
            **properties,
            "countries": ";".join(properties["countries"]),
            "segments": ";".join(properties["segments"]),
            "lon": row.geometry.x,
            "lat": row.geometry.y,
        }
        writer.writerow({key: inert_cell(value) for key, value in cells.items()})
    return buffer.getvalue()


def _node_properties(row: Any) -> dict[str, Any]:
    return {key: row[key] for key in NODE_PROPERTIES if key != "id"}


def inert_cell(value: object) -> object:
    """Return ``value``, prefixed with ``'`` if it is text a spreadsheet would run as a formula.

    OWASP's advice against CSV injection; numbers pass as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
