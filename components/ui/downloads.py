"""Download buttons for segments and their quotes: GeoJSON, CSV, Web Annotation JSON-LD."""

from __future__ import annotations

import json

import geopandas as gpd
import streamlit as st

from components.core.atlas import Atlas
from components.core.export import to_csv, to_geojson
from components.core.passages import web_annotations


def download_buttons(atlas: Atlas, segments: gpd.GeoDataFrame, stem: str) -> None:
    """Offer the given segments as GeoJSON and CSV, and their quotes as JSON-LD.

    A download does not rerun the page (``on_click="ignore"``): nothing on screen changes.
    """
    quotes = [
        quote
        for quote in atlas.quotes
        if any(segment_id in segments.index for segment_id in quote.segments)
    ]
    files = [
        ("GeoJSON", to_geojson(atlas, segments), f"{stem}.geojson", "application/geo+json"),
        ("CSV", to_csv(atlas, segments), f"{stem}.csv", "text/csv"),
        (
            "Quotes (JSON-LD)",
            json.dumps(web_annotations(atlas, quotes), ensure_ascii=False, indent=1),
            f"{stem}-quotes.jsonld",
            "application/ld+json",
        ),
    ]
    for column, (label, data, file_name, mime) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            label,
            data,
            file_name,
            mime,
            icon=":material/download:",
            key=f"download-{file_name}",
            on_click="ignore",
        )
