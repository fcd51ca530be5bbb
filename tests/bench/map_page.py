"""Benchmark the map page against a bare ``st_folium`` page with one line, in the same run.

Run with ``uv run python tests/bench/map_page.py [--repeat N]``. Reports medians (min-max) of
the script time of a first run and of a rerun after a filter change, and the bytes of map data
sent to the browser, for both apps, with the ratios. Writes ``bench-results/map_page.json``.
Not collected by pytest: no test asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parents[2]
RESULTS = ROOT / "bench-results" / "map_page.json"
BARE_APP = """
import folium
import streamlit as st
from streamlit_folium import st_folium

choice = st.sidebar.multiselect("Countries", ["GE", "KZ"], key="country")
fmap = folium.Map(location=[41, 45], zoom_start=5, tiles=None)
folium.PolyLine([[40.2, 49.5], [41.5, 45.1], [36.9, 35.9]]).add_to(fmap)
st_folium(fmap, key="map", height=600, returned_objects=["last_active_drawing"])
"""


def map_bytes(app: AppTest) -> int:
    """Bytes of the arguments sent to the map component (the map's HTML and data)."""
    return sum(len(c.proto.json_args.encode()) for c in app.get("component_instance"))


def measure(script: Path, repeat: int) -> dict[str, list[float]]:
    """Time a first run and a rerun after choosing Georgia in the country filter."""
    first, rerun, payload = [], [], []
    for _ in range(repeat):
        app = AppTest.from_file(str(script), default_timeout=120)
        start = time.perf_counter()
        app.run()
        first.append(time.perf_counter() - start)
        payload.append(map_bytes(app))
        app.multiselect(key="country").set_value(["GE"])
        start = time.perf_counter()
        app.run()
        rerun.append(time.perf_counter() - start)
        if app.exception:
            raise RuntimeError(f"{script} raised: {app.exception}")
    return {"first_run_s": first, "rerun_after_filter_s": rerun, "map_bytes": payload}


def summary(values: list[float]) -> dict[str, float]:
    """Median, min and max."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main(argv: list[str] | None = None) -> int:
    """Run both apps, print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        results = {
            "bare_st_folium": {k: summary(v) for k, v in measure(bare, args.repeat).items()},
            "corridor_atlas": {
                k: summary(v) for k, v in measure(ROOT / "app.py", args.repeat).items()
            },
        }
    ratios = {
        metric: results["corridor_atlas"][metric]["median"]
        / results["bare_st_folium"][metric]["median"]
        for metric in results["corridor_atlas"]
    }
    results["ratio_atlas_to_bare"] = ratios
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"{'metric':24} {'bare st_folium':>22} {'Corridor Atlas':>22} {'ratio':>7}")
    for metric, ratio in ratios.items():
        cells = [results[app][metric] for app in ("bare_st_folium", "corridor_atlas")]
        text = [f"{c['median']:.3f} ({c['min']:.3f}-{c['max']:.3f})" for c in cells]
        if metric == "map_bytes":
            text = [f"{c['median']:,.0f}" for c in cells]
        print(f"{metric:24} {text[0]:>22} {text[1]:>22} {ratio:7.2f}")
    print(f"(medians over {args.repeat} runs; written to {RESULTS.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
