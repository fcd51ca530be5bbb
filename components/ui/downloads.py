"""Download buttons for segments and their quotes: GeoJSON, CSV, Web Annotation JSON-LD."""

from __future__ import annotations

import json

import geopandas as gpd
import streamlit as st

from components.domain.evidence import annotations
from components.domain.export import to_csv, to_geojson
from components.domain.loading import Atlas


def download_buttons(atlas: Atlas, segments: gpd.GeoDataFrame, stem: str) -> None:
    """Offer the given segments as GeoJSON and CSV, and their quotes as JSON-LD.

    A download does not rerun the page (``on_click="ignore"``): nothing on screen changes.
    """
    quotes = [
        quote
        for quote in atlas.quotes
        if any(segment_id in segments.index for segment_id in quote.segments)
    ]
    columns = st.columns(3)
    columns[0].download_button(
        "GeoJSON",
        to_geojson(atlas, segments),
        f"{stem}.geojson",
        "application/geo+json",
        icon=":material/download:",
        key=f"download-geojson-{stem}",
        on_click="ignore",
    )
    columns[1].download_button(
        "CSV",
        to_csv(atlas, segments),
        f"{stem}.csv",
        "text/csv",
        icon=":material/download:",
        key=f"download-csv-{stem}",
        on_click="ignore",
    )
    columns[2].download_button(
        "Quotes (JSON-LD)",
        json.dumps(annotations(atlas, quotes), ensure_ascii=False, indent=1),
        f"{stem}-quotes.jsonld",
        "application/ld+json",
        icon=":material/download:",
        key=f"download-jsonld-{stem}",
        on_click="ignore",
    )
