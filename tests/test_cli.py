"""The ``corridor`` command, in-process with ``main([...])`` and via its real entry point."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from components.cli import main
from components.cli.commands import BUILDERS
from components.storage.loading import load_atlas
from components.storage.paths import DATA_ENV, DEFAULT_DATA_DIR
from support.atlases import TINY_DIR as TINY
from support.cli import run_main, run_module

REPO = Path(__file__).resolve().parents[1]
TINY_SUMMARY = (
    "ok: 2 routes, 4 segments, 4 quotes anchored in 1 source(s), 3 country outlines, "
    "2 facilities, 2 cited facts; segment evidence: 4 names\n"
    "length rail-xa: drawn 167 km, published 170 km (Made-up Railways, 2024): 98%"
)


def _exported_ids(text):
    return [feature["properties"]["id"] for feature in json.loads(text)["features"]]


def _break(root: Path) -> None:
    """Two independent faults: a segment with an unknown mode, a quote not in its source."""
    segments = root / "segments.geojson"
    text = segments.read_text(encoding="utf-8")
    segments.write_text(text.replace('"mode": "road"', '"mode": "hovercraft"'), encoding="utf-8")
    quotes = root / "quotes.jsonl"
    text = quotes.read_text(encoding="utf-8")
    quotes.write_text(text.replace("Ferries sail", "Boats sail"), encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)


# --- validate ---------------------------------------------------------------------------------


def test_validate_tiny(capsys):
    code, out, err = run_main(capsys, "validate", "--data", TINY)
    assert code == 0
    assert out == TINY_SUMMARY + "\n"
    assert err == ""


def test_validate_broken_lists_every_problem(capsys, tiny_data):
    _break(tiny_data)
    problems = load_atlas(tiny_data).problems
    assert len(problems) >= 3
    code, out, err = run_main(capsys, "validate", "--data", tiny_data)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[-1] == f"{len(problems)} problem(s) found."
    for problem in problems:
        assert str(problem) in lines
    assert any(
        line.startswith("segments.geojson: road-xc: unknown mode 'hovercraft'") for line in lines
    )
    assert any(
        line.startswith("quotes.jsonl: line 3 (alpha-gamma-ferry): missing") for line in lines
    )
    assert "Traceback" not in err


def test_validate_prints_notices_as_warnings(capsys, tiny_data):
    quotes = tiny_data / "quotes.jsonl"
    text = quotes.read_text(encoding="utf-8")
    quotes.write_text(text.replace('"start": 224, "end": 310', '"start": 0, "end": 86'), "utf-8")
    code, out, err = run_main(capsys, "validate", "--data", tiny_data)
    assert code == 0
    assert out == TINY_SUMMARY + "\n"
    assert err == (
        "warning: quotes.jsonl: line 3 (alpha-gamma-ferry): re-anchored [0, 86) -> [224, 310)\n"
    )


@pytest.mark.parametrize("name", ["segments.geojson", "routes.json", "quotes.jsonl"])
def test_validate_with_a_file_missing(capsys, tiny_data, name):
    (tiny_data / name).unlink()
    code, out, err = run_main(capsys, "validate", "--data", tiny_data)
    assert code == 1
    assert out == ""
    assert f"{name}: file is missing" in err.splitlines()


def test_validate_reads_the_environment_variable(capsys, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(TINY))
    code, out, _ = run_main(capsys, "validate")
    assert (code, out) == (0, TINY_SUMMARY + "\n")


def test_data_option_beats_the_environment_variable(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "nowhere"))
    code, out, _ = run_main(capsys, "validate", "--data", TINY)
    assert (code, out) == (0, TINY_SUMMARY + "\n")


def test_export_reads_the_environment_variable(capsys, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(TINY))
    code, out, _ = run_main(capsys, "export", "--route", "coastal")
    assert code == 0
    assert _exported_ids(out) == ["sea-xa-xc"]


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        ([], ["rail-xa", "rail-xb", "road-xc", "sea-xa-xc"]),
        (["--country", "XA"], ["rail-xa", "sea-xa-xc"]),
        (["--country", "XC"], ["road-xc", "sea-xa-xc"]),
        (["--country", "XA", "--country", "XB"], ["rail-xa", "rail-xb", "sea-xa-xc"]),
        (["--country", "xb"], ["rail-xb"]),  # lower case is accepted
        (["--country", "Xc", "--country", "xa"], ["rail-xa", "road-xc", "sea-xa-xc"]),
        (["--route", "coastal"], ["sea-xa-xc"]),
        (["--route", "overland"], ["rail-xa", "rail-xb", "road-xc"]),
        (
            ["--route", "overland", "--route", "coastal"],
            ["rail-xa", "rail-xb", "road-xc", "sea-xa-xc"],
        ),
        (["--mode", "rail"], ["rail-xa", "rail-xb"]),
        (["--mode", "rail", "--mode", "sea"], ["rail-xa", "rail-xb", "sea-xa-xc"]),
        (["--mode", "pipeline"], []),
        (["--route", "overland", "--mode", "road"], ["road-xc"]),
        (["--mode", "rail", "--country", "XB"], ["rail-xb"]),
        (["--route", "coastal", "--country", "XB"], []),
    ],
)
def test_export_filters(capsys, options, ids):
    code, out, err = run_main(capsys, "export", "--data", TINY, *options)
    assert code == 0
    assert _exported_ids(out) == ids
    assert err == ""


def test_export_csv(capsys):
    code, out, _ = run_main(capsys, "export", "--data", TINY, "--format", "csv", "--country", "XA")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["id"] for row in rows] == ["rail-xa", "sea-xa-xc"]
    assert rows[1]["countries"] == "XA;XC"
    assert out.splitlines()[0] == (
        "id,route,name,mode,countries,length_km,published_length_km,evidence,quotes,support,wkt"
    )


@pytest.mark.parametrize("file_format", ["geojson", "csv"])
def test_export_output_file(capsys, tmp_path, file_format):
    target = tmp_path / f"out.{file_format}"
    code, out, _ = run_main(
        capsys, "export", "--data", TINY, "--format", file_format, "--output", target
    )
    assert code == 0
    assert out == ""
    _, stdout, _ = run_main(capsys, "export", "--data", TINY, "--format", file_format)
    assert target.read_bytes().decode("utf-8") == stdout
    assert "rail-xa" in stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--country", "ZZ"], "corridor export: unknown country code(s): ZZ"),
        (["--country", "XA", "--country", "zz"], "unknown country code(s): ZZ"),
        (["--country", "Alphaland"], "unknown country code(s): ALPHALAND"),
        (["--route", "nowhere"], "corridor export: unknown route(s): nowhere; known: "),
        (["--route", "coastal", "--route", "Coastal"], "unknown route(s): Coastal"),
    ],
)
def test_export_unknown_filter_is_a_usage_error(capsys, options, message):
    code, out, err = run_main(capsys, "export", "--data", TINY, *options)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_export_unknown_route_names_the_known_ones(capsys):
    _, _, err = run_main(capsys, "export", "--data", TINY, "--route", "nowhere")
    assert "known: overland, coastal" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["export", "--mode", "hovercraft"],
        ["export", "--format", "shapefile"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage: corridor" in capsys.readouterr().err


def test_export_of_broken_data_warns_but_exports_the_valid_rest(capsys, tiny_data):
    _break(tiny_data)
    code, out, err = run_main(capsys, "export", "--data", tiny_data)
    assert code == 0
    assert _exported_ids(out) == ["rail-xa", "rail-xb", "sea-xa-xc"]
    warning = "warning: segments.geojson: road-xc: unknown mode 'hovercraft'"
    assert any(line.startswith(warning) for line in err.splitlines())


def test_export_by_country_when_no_segment_loads(capsys, tiny_data):
    (tiny_data / "routes.json").unlink()
    code, out, err = run_main(capsys, "export", "--data", tiny_data, "--country", "XA")
    assert code == 0
    assert _exported_ids(out) == []
    assert "warning: routes.json: file is missing" in err.splitlines()


def test_export_output_into_a_missing_directory(capsys, tmp_path):
    target = tmp_path / "missing" / "out.geojson"
    code, _, err = run_main(capsys, "export", "--data", TINY, "--output", target)
    assert code != 0
    assert str(target) in err


# --- the real entry point ---------------------------------------------------------------------


@pytest.mark.slow  # a process of its own
def test_entry_point_validate_tiny():
    result = run_module("validate", "--data", TINY)
    assert result.returncode == 0, result.stderr
    assert result.stdout == TINY_SUMMARY + "\n"


@pytest.mark.slow  # a process of its own
def test_entry_point_validate_broken(tiny_data):
    _break(tiny_data)
    result = run_module("validate", data=tiny_data)
    assert result.returncode == 1
    assert "segments.geojson: road-xc: unknown mode 'hovercraft'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # a process of its own
def test_entry_point_unknown_country():
    result = run_module("export", "--data", TINY, "--country", "ZZ")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unknown country code(s): ZZ" in result.stderr
    assert "Traceback" not in result.stderr


# --- the real data ----------------------------------------------------------------------------


def test_export_georgia_from_the_real_data(capsys):
    code, out, _ = run_main(capsys, "export", "--country", "ge")  # default data directory
    assert code == 0
    exported = _exported_ids(out)
    segments = load_atlas(DEFAULT_DATA_DIR).segments
    crossing_georgia = [sid for sid, codes in segments["countries"].items() if "GE" in codes]
    assert exported == crossing_georgia
    assert "btc-georgia" in exported
    assert all("GE" in f["properties"]["countries"] for f in json.loads(out)["features"])
    assert len(exported) < len(segments)


def test_export_filters_by_evidence_and_exports_the_facilities(capsys):
    assert main(["export", "--evidence", "route", "--evidence", "names"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    levels = {feature["properties"]["evidence"] for feature in features}
    assert levels and levels <= {"route", "names"}
    assert main(["export", "--layer", "nodes", "--route", "btc-pipeline"]) == 0
    nodes = json.loads(capsys.readouterr().out)["features"]
    ids = {node["properties"]["id"] for node in nodes}
    assert {"sangachal-terminal", "psa2", "psg1", "ceyhan-terminal"} <= ids
    assert "poti-port" not in ids
    assert all(node["geometry"]["type"] == "Point" for node in nodes)


@pytest.mark.parametrize("command", [["validate"], ["export"], ["ingest", "--accept", "x.json"]])
def test_without_a_data_directory_it_says_where_it_looked_and_how_to_name_one(
    capsys, tmp_path, monkeypatch, command
):
    missing = tmp_path / "nowhere"
    code, out, err = run_main(capsys, *command, "--data", missing)
    assert (code, out) == (2, "")
    assert f"no data directory at {missing} (given with --data)" in err
    assert f"set {DATA_ENV}=" in err

    monkeypatch.setenv(DATA_ENV, str(missing))
    code, _, err = run_main(capsys, *command)
    assert code == 2 and f"at {missing} (from ${DATA_ENV})" in err


def test_an_installed_package_without_data_beside_it_says_so(capsys, tmp_path, monkeypatch):
    import components.storage.paths as paths

    site_data = tmp_path / "site-packages" / "data"  # where a wheel's default points
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setattr(paths, "DEFAULT_DATA_DIR", site_data)
    code, _, err = run_main(capsys, "validate")
    assert code == 2
    assert (
        f"no data directory at {site_data} (the default, the data/ folder beside the code)" in err
    )
    atlas = load_atlas()  # the app shows the same single problem instead of a missing file each
    assert [problem.where for problem in atlas.problems] == [None]
    assert "Point the atlas at one" in atlas.problems[0].message


@pytest.mark.slow  # a process of its own
def test_a_reader_that_stops_early_gets_no_traceback():
    corridor = Path(sys.executable).with_name("corridor")
    process = subprocess.Popen(
        [str(corridor), "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )
    process.stdout.close()  # like `| head -0`: the output has nowhere to go
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


# Each command's --help in one process: a process per command would import geopandas each time.
HELP_OF_EVERY_COMMAND = """
import contextlib, io
from components.build import synthetic
from components.cli import ingest, main
from components.cli.commands import BUILDERS

runs = [(main, [name, "--help"]) for name in BUILDERS]
runs += [(main, ["ingest", "--help"]), (ingest.main, ["--help"]), (synthetic.main, ["--help"])]
for run, argv in runs:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        try:
            code = run(argv)
        except SystemExit as stop:
            code = stop.code
    print(run.__module__, *argv, code, out.getvalue().startswith("usage:"))
"""


def _without_docstrings(*argv):
    return subprocess.run(
        [sys.executable, "-OO", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


@pytest.mark.slow  # processes of their own
def test_help_works_without_docstrings():
    """``python -OO`` strips docstrings: no ``--help`` may be built from ``__doc__``."""
    entry = _without_docstrings("-m", "components.cli", "--help")
    assert entry.returncode == 0, entry.stderr
    assert entry.stdout.startswith("usage: corridor")
    every = _without_docstrings("-c", HELP_OF_EVERY_COMMAND)
    assert every.returncode == 0, every.stderr
    lines = every.stdout.splitlines()
    assert len(lines) == len(BUILDERS) + 3
    assert [line for line in lines if not line.endswith(" 0 True")] == []
