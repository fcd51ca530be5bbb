"""A broken data directory: the app names the problems in a banner and shows what is valid."""

import json
from pathlib import Path

import pytest

from support.app import open_page
from support.figures import figures

pytestmark = pytest.mark.slow  # AppTest: every test runs the app


def break_segment_mode(data: Path) -> None:
    path = data / "segments.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["mode"] = "hovercraft"
    path.write_text(json.dumps(collection), encoding="utf-8")


def break_json(data: Path) -> None:
    (data / "segments.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")


def delete_routes(data: Path) -> None:
    (data / "routes.json").unlink()


def edit_source_text(data: Path) -> None:
    path = data / "sources" / "tiny-source.txt"
    path.write_text(path.read_text(encoding="utf-8") + "An edit.\n", encoding="utf-8")


def binary_source(data: Path) -> None:
    (data / "sources" / "tiny-source.txt").write_bytes(b"\xff\xfe\x00broken")


@pytest.mark.parametrize(
    ("damage", "segments_shown", "problem"),
    [
        (break_segment_mode, 3, "unknown mode 'hovercraft'"),
        (break_json, 0, "invalid JSON"),
        (delete_routes, 0, "routes.json: file is missing"),
        (edit_source_text, 4, "the text changed after anchoring"),
        (binary_source, 4, "not UTF-8"),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_app_shows_a_banner_and_the_valid_rest(
    tiny_data, monkeypatch, damage, segments_shown, problem
):
    damage(tiny_data)
    monkeypatch.setenv("CORRIDOR_DATA", str(tiny_data))
    at = open_page()
    assert not at.error
    (banner,) = [e for e in at.expander if "problem(s)" in e.label]
    assert any(problem in m.value.replace("\\", "") for m in banner.markdown)
    segments = figures(at)["segments"]
    assert segments == str(segments_shown)
    if segments_shown == 0:
        assert any("No segment could be loaded" in w.value for w in at.warning)
