"""Tables of segments as the pages show them."""

from __future__ import annotations

import pandas as pd

from components.domain.loading import Atlas


def segment_table(atlas: Atlas, segments: pd.DataFrame) -> pd.DataFrame:
    """Return one row per segment: route, name, mode, countries, km and number of quotes."""
    return pd.DataFrame(
        {
            "Route": [atlas.routes[route].name for route in segments["route"]],
            "Segment": segments["name"].tolist(),
            "Mode": segments["mode"].tolist(),
            "Countries": [
                ", ".join(atlas.country_name(code) for code in codes)
                for codes in segments["countries"]
            ],
            "km": segments["length_km"].round(0).astype(int).tolist(),
            "Quotes": [len(atlas.quotes_by_segment.get(sid, [])) for sid in segments.index],
        }
    )
