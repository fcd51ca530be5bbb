"""Benchmark the real app against a bare Streamlit page and a bare st_folium page, in one run.

Run with ``uv run python tests/bench/run.py [--repeat 5] [--scales 1,10,100]
[--validate-scales 1,10,100,1000] [--output bench-results/bench.json]`` (``--quick``: one
repetition at scale 1; ``--validate-only``: ``validate_s`` alone, no server or browser). Every
repetition starts a fresh server for each app (the app at each data scale, the two baselines in
``tests/bench/baselines/``) and measures:

- ``start_s``: from starting ``streamlit run`` to ``/_stcore/health`` answering;
- ``load_cold_s``: the first visitor of that fresh process, in headless Chromium (requests that
  leave the machine are aborted), from navigation to the map's first drawn line
  visible in the st_folium iframe (the bare page: its title visible);
- ``load_second_s``: the same for a second visitor (a new browser context) of the same process;
- ``first_run_s`` / ``rerun_s``: script time over Streamlit's websocket for a new session's first
  run and for a rerun with a new query string (the app: ``country=GE``, which its map page
  restores into the country filter; the baselines: a query they ignore);
- ``map_bytes`` / ``map_bytes_filtered``: bytes of the st_folium component's arguments, plus the
  country outlines the map fetches from the app, sent on
  the first run and on the rerun (the Leaflet script with all its GeoJSON);
- ``peak_mb``: the server's VmHWM at the end of the repetition, in MiB.

Scale 1 is the real ``data/``; scale N is a synthetic data set written by
``components.build.synthetic`` (N × today's segments, quotes and sources). ``validate_s`` times
``load_atlas`` (loading and validating the data directory) in this process, for each of
``--validate-scales``. Results are summarised as median, min and max, compared as ratios of
medians to the baselines, checked against the issue's targets, written as JSON and printed as a
table. Not collected by pytest: no test asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
if str(TESTS) not in sys.path:  # run as a script: make tests/ importable for support.server
    sys.path.insert(0, str(TESTS))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from support.browser import CHROMIUM_ARGS, LINES, MAP_FRAME, Outside  # noqa: E402

DRAWN_LINE = f"{LINES}, path.leaflet-interactive"
"""The app's first drawn line, or the baseline's polyline: the map has drawn."""

BASELINES = Path(__file__).resolve().parent / "baselines"
DEFAULT_OUTPUT = ROOT / "bench-results" / "bench.json"
VALIDATE_OUTPUT = ROOT / "bench-results" / "validate.json"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BARE_PAGE_TITLE = "Bare Streamlit page"
APP_FILTER_QUERY = "country=GE"
BASELINE_QUERY = "rerun=1"
WAIT_MS = 180_000

BARE_PAGE, BARE_FOLIUM = "bare_page", "bare_folium"
SERVED_METRICS = (
    "start_s",
    "load_cold_s",
    "load_second_s",
    "first_run_s",
    "rerun_s",
    "map_bytes",
    "map_bytes_filtered",
    "peak_mb",
)
METRIC_UNITS = {
    "start_s": "s",
    "load_cold_s": "s",
    "load_second_s": "s",
    "first_run_s": "s",
    "rerun_s": "s",
    "validate_s": "s",
    "map_bytes": "B",
    "map_bytes_filtered": "B",
    "peak_mb": "MiB",
}
TARGETS = (
    # (name, target key, metric, limit kind, limit, description)
    ("rerun after filter <= 2x bare st_folium", "atlas_x1", "rerun_s", "ratio", 2.0, ""),
    ("page load, cold process <= 1.5x bare st_folium", "atlas_x1", "load_cold_s", "ratio", 1.5, ""),
    (
        "page load, second visitor <= 1.5x bare st_folium",
        "atlas_x1",
        "load_second_s",
        "ratio",
        1.5,
        "",
    ),
    ("map data, every layer + basemap <= 150 KB", "atlas_x1", "map_bytes", "abs", 150_000, "B"),
    ("map data at 100x, default view < 1 MB", "atlas_x100", "map_bytes", "abs", 1_000_000, "B"),
    ("peak server memory at 100x < 500 MB", "atlas_x100", "peak_mb", "abs", 500.0, "MiB"),
)


# --------------------------------------------------------------------------- summaries


def summarise(values: Iterable[float]) -> dict[str, float]:
    """Median, min, max and count of the measured values (empty when nothing was measured)."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return {}
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def ratio(numerator: dict[str, float], denominator: dict[str, float]) -> float | None:
    """Ratio of two summaries' medians, or None when either is missing or the divisor is 0."""
    if not numerator or not denominator or not denominator.get("median"):
        return None
    return numerator["median"] / denominator["median"]


def target_name(scale: int) -> str:
    """Name of the app measured at a data scale."""
    return f"atlas_x{scale}"


def build_report(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn raw measurements into the report: summaries, ratios, scaling and target checks.

    ``raw`` is ``{"meta": {...}, "served": {target: {metric: [values]}},
    "validate": {scale: [seconds]}}``.
    """
    served = {
        name: {metric: summarise(values) for metric, values in metrics.items()}
        for name, metrics in raw["served"].items()
    }
    ratios: dict[str, dict[str, dict[str, float | None]]] = {}
    for name, metrics in served.items():
        if name in (BARE_PAGE, BARE_FOLIUM):
            continue
        ratios[name] = {
            baseline: {
                metric: ratio(summary, served.get(baseline, {}).get(metric, {}))
                for metric, summary in metrics.items()
            }
            for baseline in (BARE_PAGE, BARE_FOLIUM)
        }
    validate = {str(scale): summarise(values) for scale, values in raw["validate"].items()}
    scales = sorted(
        {int(s) for s in validate}
        | {int(n.removeprefix("atlas_x")) for n in served if n.startswith("atlas_x")}
    )
    scaling = []
    for scale in scales:
        row: dict[str, Any] = {"scale": scale}
        app = served.get(target_name(scale), {})
        row["validate_s"] = validate.get(str(scale), {}).get("median")
        for metric in ("load_cold_s", "rerun_s", "map_bytes", "peak_mb"):
            row[metric] = app.get(metric, {}).get("median")
        scaling.append(row)
    base = scaling[0] if scaling else {}
    for row in scaling:
        row["growth"] = {
            metric: (row[metric] / base[metric] if row[metric] and base.get(metric) else None)
            for metric in ("validate_s", "load_cold_s", "rerun_s", "map_bytes", "peak_mb")
        }
    return {
        "meta": raw.get("meta", {}),
        "served": served,
        "validate": validate,
        "ratios": ratios,
        "scaling": scaling,
        "targets": check_targets(served, ratios),
        "raw": raw,
    }


def check_targets(
    served: dict[str, dict[str, dict[str, float]]], ratios: dict[str, Any]
) -> list[dict[str, Any]]:
    """Check the issue's targets; a target whose app or metric was not measured is ``None``."""
    results = []
    for name, target, metric, kind, limit, unit in TARGETS:
        if kind == "ratio":
            value = ratios.get(target, {}).get(BARE_FOLIUM, {}).get(metric)
        else:
            value = served.get(target, {}).get(metric, {}).get("median")
        passed = None if value is None else value <= limit
        results.append(
            {
                "target": name,
                "app": target,
                "metric": metric,
                "kind": kind,
                "limit": limit,
                "unit": "x" if kind == "ratio" else unit,
                "value": value,
                "passed": passed,
                "over_by": None if value is None else value / limit,
            }
        )
    return results


# --------------------------------------------------------------------------- formatting


def _number(value: float | None, metric: str) -> str:
    if value is None:
        return "-"
    if metric.startswith("map_bytes"):
        return f"{value:,.0f}"
    if metric == "peak_mb":
        return f"{value:.0f}"
    return f"{value:.3f}" if value < 10 else f"{value:.2f}"


def _ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def format_table(report: dict[str, Any]) -> str:
    """Render the report as plain-text tables (also valid Markdown)."""
    meta = report.get("meta", {})
    lines = [
        f"Corridor Atlas benchmark, {meta.get('date', '?')}: medians (min-max) over "
        f"{meta.get('repeat', '?')} repetitions; ratios are of medians.",
        "",
        "| metric | app | median | min-max | vs bare page | vs bare st_folium |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    served = report["served"]
    for metric in SERVED_METRICS:
        for name, metrics in served.items():
            summary = metrics.get(metric)
            if not summary:
                continue
            found = report["ratios"].get(name, {})
            low, high = _number(summary["min"], metric), _number(summary["max"], metric)
            lines.append(
                f"| {metric} ({METRIC_UNITS[metric]}) | {name} | "
                f"{_number(summary['median'], metric)} | {low}-{high} | "
                f"{_ratio_text(found.get(BARE_PAGE, {}).get(metric))} | "
                f"{_ratio_text(found.get(BARE_FOLIUM, {}).get(metric))} |"
            )
    lines += [
        "",
        "Growth with data size (medians; x = relative to scale 1):",
        "",
        "| scale | validate_s | load_cold_s | rerun_s | map_bytes | peak_mb |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["scaling"]:
        cells = []
        for metric in ("validate_s", "load_cold_s", "rerun_s", "map_bytes", "peak_mb"):
            growth = row["growth"].get(metric)
            text = _number(row[metric], metric)
            if growth is not None and row["scale"] != report["scaling"][0]["scale"]:
                text += f" ({growth:.1f}x)"
            cells.append(text)
        lines.append(f"| {row['scale']}x | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Targets:",
        "",
        "| target | value | limit | result |",
        "| --- | ---: | ---: | --- |",
    ]
    for target in report["targets"]:
        if target["value"] is None:
            value, verdict = "-", "not measured"
        else:
            value = (
                f"{target['value']:.2f}x"
                if target["kind"] == "ratio"
                else f"{_number(target['value'], target['metric'])} {target['unit']}"
            )
            verdict = "PASS" if target["passed"] else f"FAIL ({target['over_by']:.2f}x the limit)"
        limit = (
            f"{target['limit']:.2f}x"
            if target["kind"] == "ratio"
            else f"{target['limit']:,.0f} {target['unit']}"
        )
        lines.append(f"| {target['target']} | {value} | {limit} | {verdict} |")
    return "\n".join(lines)


def write_report(report: dict[str, Any], path: Path) -> None:
    """Write the report as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def read_report(path: Path) -> dict[str, Any]:
    """Read a report written by :func:`write_report`."""
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- measuring


def page_load(browser, url: str, has_map: bool, outside: Outside) -> float:
    """Seconds from navigation to the map's first path (or the bare page's title) visible."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.route("**/*", outside.route)
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        drawn = page.frame_locator(MAP_FRAME).locator(DRAWN_LINE).first
        locator = drawn if has_map else page.get_by_text(BARE_PAGE_TITLE).first
        locator.wait_for(state="visible", timeout=WAIT_MS)
        return time.perf_counter() - start
    finally:
        context.close()


FETCHED_LAYER = re.compile(r"\.\./([\w.]+\.basemap_assets/[\w.-]+\.geojson)")
"""The country outlines the map fetches from the app instead of carrying them (see
components/ui/served_files.py); counted in ``map_bytes``, which so covers every layer."""


def map_bytes(base: str, map_args: Iterable[str]) -> int:
    """Bytes of the map components' arguments, plus the layers their scripts fetch from the app."""
    return sum(len(args.encode("utf-8")) + fetched_layer_bytes(base, args) for args in map_args)


def fetched_layer_bytes(base: str, args: str) -> int:
    """Bytes of the layers the map's script fetches from the app, read over loopback."""
    total = 0
    for path in sorted(set(FETCHED_LAYER.findall(args))):
        with urllib.request.urlopen(f"{base}/component/{path}", timeout=30) as response:
            total += len(response.read())
    return total


def script_times(url: str, rerun_query: str) -> dict[str, float]:
    """A new websocket session: first run, then a rerun with ``rerun_query``."""
    from support.websocket import open_session, run_script

    deadline = time.monotonic() + WAIT_MS / 1000
    with open_session(url) as ws:
        first = run_script(ws, "", deadline)
        if first.error:
            raise RuntimeError(f"first run failed: {first.error}")
        rerun = run_script(ws, rerun_query, deadline)
        if rerun.error:
            raise RuntimeError(f"rerun failed: {rerun.error}")
    return {
        "first_run_s": first.seconds,
        "rerun_s": rerun.seconds,
        "map_bytes": map_bytes(url, first.map_args),
        "map_bytes_filtered": map_bytes(url, rerun.map_args),
    }


def measure_served(
    browser, name: str, script: Path, env: dict[str, str], log_dir: Path
) -> dict[str, float]:
    """One repetition of one app: a fresh server, two visitors, one websocket session."""
    from support.server import peak_memory_mb, streamlit_server

    has_map = name != BARE_PAGE
    outside = Outside()
    started = time.perf_counter()
    with streamlit_server(log_dir / f"{name}.log", env, script=script) as (url, process):
        values: dict[str, float] = {"start_s": time.perf_counter() - started}
        values["load_cold_s"] = page_load(browser, url, has_map, outside)
        values["load_second_s"] = page_load(browser, url, has_map, outside)
        query = APP_FILTER_QUERY if name.startswith("atlas_x") else BASELINE_QUERY
        values.update(script_times(url, query))
        values["peak_mb"] = peak_memory_mb(process.pid)
    if outside.urls:
        values["outside_requests"] = len(outside.urls)
    if not has_map:
        del values["map_bytes"], values["map_bytes_filtered"]
    elif not name.startswith("atlas_x"):
        del values["map_bytes_filtered"]
    return values


def time_validation(directory: Path) -> float:
    """Seconds to load and validate a data directory; fails loudly if it has problems."""
    from components.storage.loading import load_atlas

    start = time.perf_counter()
    atlas = load_atlas(directory)
    seconds = time.perf_counter() - start
    if atlas.problems:
        raise RuntimeError(f"{directory} has problems: {atlas.problems[:3]}")
    return seconds


def data_dirs(scales: Iterable[int], folder: Path) -> dict[int, Path]:
    """Scale 1 is the real data; other scales are generated into ``folder``."""
    from components.build.synthetic import generate

    dirs = {}
    for scale in sorted(set(scales)):
        dirs[scale] = ROOT / "data" if scale == 1 else generate(folder / f"x{scale}", scale)
    return dirs


def measure_validation(
    dirs: dict[int, Path],
    scales: Iterable[int],
    repeat: int,
    progress: Callable[[str], None] = print,
) -> dict[str, list[float]]:
    """Time ``load_atlas`` of each scale's directory ``repeat`` times, after one untimed load."""
    time_validation(dirs[min(dirs)])  # import geopandas, pyproj... once, outside the timing
    validate: dict[str, list[float]] = {}
    for scale in sorted(scales):
        validate[str(scale)] = [time_validation(dirs[scale]) for _ in range(repeat)]
        progress(f"validate x{scale}: {statistics.median(validate[str(scale)]):.3f} s")
    return validate


def run_validation(
    repeat: int, validate_scales: list[int], progress: Callable[[str], None] = print
) -> dict[str, Any]:
    """Measure ``validate_s`` only (no server, no browser) and return the raw measurements."""
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as folder:
        dirs = data_dirs(validate_scales, Path(folder))
        validate = measure_validation(dirs, validate_scales, repeat, progress)
    return {"meta": _meta(repeat, [], validate_scales), "served": {}, "validate": validate}


def run(
    repeat: int,
    scales: list[int],
    validate_scales: list[int],
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure everything and return the raw measurements."""
    from playwright.sync_api import sync_playwright

    served: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as folder:
        dirs = data_dirs(set(scales) | set(validate_scales), Path(folder))
        validate = measure_validation(dirs, validate_scales, repeat, progress)
        apps = [
            (BARE_PAGE, BASELINES / "bare_page.py", {}),
            (BARE_FOLIUM, BASELINES / "bare_folium.py", {}),
        ] + [(target_name(s), ROOT / "app.py", {"CORRIDOR_DATA": str(dirs[s])}) for s in scales]
        log_dir = Path(folder) / "logs"
        log_dir.mkdir()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for index in range(repeat):
                    for name, script, env in apps:  # interleaved, so drift hits every app alike
                        values = measure_served(browser, name, script, env, log_dir)
                        for metric, value in values.items():
                            served.setdefault(name, {}).setdefault(metric, []).append(value)
                        shown = ", ".join(
                            f"{k}={_number(v, k)}" for k, v in values.items() if k in METRIC_UNITS
                        )
                        progress(f"[{index + 1}/{repeat}] {name}: {shown}")
            finally:
                browser.close()
    return {"meta": _meta(repeat, scales, validate_scales), "served": served, "validate": validate}


def _meta(repeat: int, scales: list[int], validate_scales: list[int]) -> dict[str, Any]:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "repeat": repeat,
        "scales": scales,
        "validate_scales": validate_scales,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "app_filter_query": APP_FILTER_QUERY,
    }


def validate_only(repeat: int, validate_scales: list[int], output: Path) -> int:
    """Time validation alone, print its growth table and write the JSON report."""
    raw = run_validation(repeat, validate_scales, progress=lambda m: print(m, flush=True))
    report = build_report(raw)
    output = VALIDATE_OUTPUT if output == DEFAULT_OUTPUT else output
    write_report(report, output)
    print(f"\nload_atlas (load + validation), median of {repeat}; x = relative to scale 1:\n")
    print("| scale | validate_s | min-max |")
    print("| ---: | ---: | ---: |")
    for row in report["scaling"]:
        summary = report["validate"][str(row["scale"])]
        growth = row["growth"]["validate_s"]
        text = _number(row["validate_s"], "validate_s")
        text += f" ({growth:.1f}x)" if growth and row is not report["scaling"][0] else ""
        low, high = (_number(summary[key], "validate_s") for key in ("min", "max"))
        print(f"| {row['scale']}x | {text} | {low}-{high} |")
    print(f"\nwritten to {output}")
    return 0


def _scales(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the tables and write the JSON report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scales", type=_scales, default=[1, 10, 100])
    parser.add_argument(
        "--validate-scales",
        type=_scales,
        default=None,
        help="scales whose load_atlas time is measured (default: --scales + 1000)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--quick", action="store_true", help="one repetition at scale 1 only")
    parser.add_argument(
        "--validate-only",
        action="store_true",
        help="time load_atlas only, no server or browser (default scales 1,10,100,1000; "
        f"writes {VALIDATE_OUTPUT.relative_to(ROOT)} unless --output is given)",
    )
    args = parser.parse_args(argv)
    if args.validate_only:
        return validate_only(args.repeat, args.validate_scales or [1, 10, 100, 1000], args.output)
    if args.quick:
        args.repeat, args.scales = 1, [1]
        args.validate_scales = args.validate_scales or [1]
    if args.validate_scales is None:
        args.validate_scales = sorted(set(args.scales) | {1000})
    raw = run(
        args.repeat, args.scales, args.validate_scales, progress=lambda m: print(m, flush=True)
    )
    report = build_report(raw)
    write_report(report, args.output)
    print()
    print(format_table(report))
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
