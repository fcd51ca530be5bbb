"""The map's budget: many segments are merged per route and mode; few are drawn one by one."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from components.mapping.budget import MAX_SEGMENT_FEATURES, merged_by_mode, over_budget
from components.mapping.builder import RouteLayer
from components.mapping.layers import segment_features
from components.storage.loading import load_atlas
from components.ui import served_files as assets

ROOT = Path(__file__).parents[1]


def layers_of(features):
    routes = sorted({f["properties"]["route"] for f in features})
    return [
        RouteLayer(
            r, f"<b>{r}</b>", "#000000", tuple(f for f in features if f["properties"]["route"] == r)
        )
        for r in routes
    ]


def test_real_data_is_drawn_segment_by_segment():
    assert not over_budget(layers_of(segment_features(load_atlas())))


def test_budget_counts_features_across_layers():
    features = segment_features(load_atlas())
    many = features * (MAX_SEGMENT_FEATURES // len(features) + 1)
    assert over_budget(layers_of(many))
    assert not over_budget(layers_of(many), limit=len(many))


def test_merging_keeps_every_line_in_one_feature_per_route_and_mode():
    features = segment_features(load_atlas())
    merged = merged_by_mode(layers_of(features))
    for layer in merged:
        modes = [f["properties"]["mode"] for f in layer.features]
        assert len(modes) == len(set(modes))
        for feature in layer.features:
            assert feature["properties"]["id"] == ""  # not selectable
            assert feature["geometry"]["type"] == "MultiLineString"
            assert "<" not in feature["properties"]["length_label"]  # made inert
    lines = sum(len(f["geometry"]["coordinates"]) for layer in merged for f in layer.features)
    assert lines == len(features)


FEATURES = [{"type": "Feature", "properties": {"code": "XA"}, "geometry": None}]


def test_basemap_is_published_once_under_a_content_name():
    url = assets.publish_basemap(FEATURES)
    name = url.rsplit("/", 1)[1]
    assert url == f"../components.ui.served_files.basemap_assets/{name}"
    stored = json.loads((assets.basemap_folder() / name).read_text(encoding="utf-8"))
    assert stored["features"] == FEATURES
    assert assets.publish_basemap(FEATURES) == url


def test_without_a_writable_temporary_directory_the_basemap_is_carried_inline(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(assets, "_basemap_folder", [])
    monkeypatch.setattr(assets.tempfile, "tempdir", str(tmp_path / "missing"))
    assert assets.publish_basemap(FEATURES) == {"type": "FeatureCollection", "features": FEATURES}
    assert assets.basemap_folder() is None


@pytest.mark.slow  # a process of its own
def test_the_basemap_folder_is_made_on_first_use_and_removed_at_exit(tmp_path):
    script = (
        "import os, sys\n"
        "from components.ui import served_files as assets\n"
        "print(len(os.listdir(sys.argv[1])))\n"
        "assets.publish_basemap([])\n"
        "print(len(os.listdir(sys.argv[1])))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == ["0", "1"]  # nothing at import, one folder once used
    assert list(tmp_path.iterdir()) == []  # removed when the process ended
