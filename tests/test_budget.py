"""The map's budget: many segments are merged per route and mode; few are drawn one by one."""

import json

from components.domain.loading import load_atlas
from components.mapping.budget import MAX_SEGMENT_FEATURES, merged_by_mode, over_budget
from components.mapping.builder import RouteLayer
from components.mapping.layers import segment_features
from components.ui.assets import BASEMAP_DIR, publish_basemap


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


def test_basemap_is_published_once_under_a_content_name():
    features = [{"type": "Feature", "properties": {"code": "XA"}, "geometry": None}]
    url = publish_basemap(features)
    name = url.rsplit("/", 1)[1]
    assert url == f"../components.ui.assets.basemap_assets/{name}"
    stored = json.loads((BASEMAP_DIR / name).read_text(encoding="utf-8"))
    assert stored["features"] == features
    assert publish_basemap(features) == url
