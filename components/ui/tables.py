"""Tables of segments as the pages show them."""

from __future__ import annotations

import pandas as pd

from components.core.atlas import Atlas
from components.core.facts import published_length
from components.core.vocabulary import LEVEL_LABELS


def segment_table(atlas: Atlas, segments: pd.DataFrame) -> pd.DataFrame:
    """Return one row per segment: route, name, mode, countries, km, evidence and quotes."""
    return pd.DataFrame(
        {
            "Route": [atlas.routes[route].name for route in segments["route"]],
            "Segment": segments["name"].tolist(),
            "Mode": segments["mode"].tolist(),
            "Countries": [
                ", ".join(atlas.country_name(code) for code in codes)
                for codes in segments["countries"]
            ],
            "km drawn": segments["length_km"].round(0).astype(int).tolist(),
            "km published": [
                float(fact.value) if (fact := published_length(atlas.facts, sid)) else None
                for sid in segments.index
            ],
            "Evidence": [LEVEL_LABELS[atlas.evidence.get(sid, "none")] for sid in segments.index],
            "Quotes": [len(atlas.quotes_by_segment.get(sid, [])) for sid in segments.index],
        }
    )
