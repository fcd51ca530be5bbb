"""The benchmark's report logic, on made-up numbers (no server, no browser, no timing)."""

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent / "bench" / "run.py"
spec = importlib.util.spec_from_file_location("bench_run", RUN)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def metrics(scale: float) -> dict[str, list[float]]:
    return {
        "start_s": [1.0 * scale, 1.2 * scale, 0.9 * scale],
        "load_cold_s": [3.0 * scale, 2.0 * scale, 4.0 * scale],
        "load_second_s": [1.0 * scale, 1.0 * scale, 1.0 * scale],
        "first_run_s": [0.2 * scale] * 3,
        "rerun_s": [0.1 * scale, 0.3 * scale, 0.2 * scale],
        "map_bytes": [1000 * scale] * 3,
        "peak_mb": [100 * scale] * 3,
    }


@pytest.fixture
def raw():
    page = metrics(1)
    del page["map_bytes"]
    atlas_1 = {**metrics(1.5), "map_bytes": [120_000] * 3, "map_bytes_filtered": [100_000] * 3}
    atlas_100 = {**metrics(3), "map_bytes": [2_000_000] * 3, "map_bytes_filtered": [10] * 3}
    return {
        "meta": {"date": "2024-01-01 00:00 UTC", "repeat": 3},
        "served": {
            "bare_page": page,
            "bare_folium": metrics(1),
            "atlas_x1": atlas_1,
            "atlas_x100": atlas_100,
        },
        "validate": {"1": [0.05, 0.04, 0.06], "100": [2.0, 2.1, 1.9], "1000": [20.0, 21.0, 22.0]},
    }


def test_summary_and_ratio():
    assert bench.summarise([3, 1, 2]) == {"median": 2, "min": 1, "max": 3, "n": 3}
    assert bench.summarise([1, 2, 3, 4])["median"] == 2.5
    assert bench.summarise([]) == {}
    assert bench.ratio({"median": 3.0}, {"median": 2.0}) == 1.5
    assert bench.ratio({"median": 3.0}, {"median": 0}) is None
    assert bench.ratio({}, {"median": 2.0}) is None


def test_report_ratios_scaling_and_targets(raw):
    report = bench.build_report(raw)
    assert report["served"]["atlas_x1"]["load_cold_s"]["median"] == pytest.approx(4.5)
    assert report["ratios"]["atlas_x1"]["bare_folium"]["load_cold_s"] == pytest.approx(1.5)
    assert report["ratios"]["atlas_x1"]["bare_page"]["map_bytes"] is None
    assert [row["scale"] for row in report["scaling"]] == [1, 100, 1000]
    row_100 = report["scaling"][1]
    assert row_100["growth"]["validate_s"] == pytest.approx(40)
    assert row_100["growth"]["map_bytes"] == pytest.approx(2_000_000 / 120_000)
    assert report["scaling"][2]["load_cold_s"] is None
    verdicts = {t["target"]: t for t in report["targets"]}
    assert verdicts["page load, cold process <= 1.5x bare st_folium"]["passed"] is True
    assert verdicts["map data, every layer + basemap <= 150 KB"]["passed"] is True
    failed = verdicts["map data at 100x, default view < 1 MB"]
    assert failed["passed"] is False and failed["over_by"] == pytest.approx(2.0)
    assert verdicts["peak server memory at 100x < 500 MB"]["passed"] is True


def test_missing_apps_are_not_measured(raw):
    del raw["served"]["atlas_x100"]
    report = bench.build_report(raw)
    verdicts = {t["target"]: t for t in report["targets"]}
    assert verdicts["peak server memory at 100x < 500 MB"]["passed"] is None
    assert "not measured" in bench.format_table(report)


def test_table_and_json_round_trip(raw, tmp_path):
    report = bench.build_report(raw)
    path = tmp_path / "out" / "bench.json"
    bench.write_report(report, path)
    again = bench.read_report(path)
    assert bench.format_table(again) == bench.format_table(report)
    assert bench.build_report(again["raw"])["targets"] == report["targets"]
    table = bench.format_table(report)
    assert "| load_cold_s (s) | atlas_x1 | 4.500 | 3.000-6.000 | 1.50x | 1.50x |" in table
    assert "FAIL (2.00x the limit)" in table
    assert "| 100x |" in table
    for line in table.splitlines():
        if line.startswith("|"):
            assert line.endswith("|")


def test_command_line_options_parse():
    assert bench._scales("1, 10,100") == [1, 10, 100]
