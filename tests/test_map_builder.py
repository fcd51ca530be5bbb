import json
import re

import pytest

from components.mapping.builder import RouteLayer, build_map
from components.mapping.layers import TOOLTIP_FIELDS, country_features, segment_features
from components.storage.loading import load_atlas

BOUNDS = ((30.0, 20.0), (50.0, 110.0))


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def layers(atlas):
    features = segment_features(atlas)
    return [
        RouteLayer(
            route.id,
            route.name,
            route.colour,
            tuple(f for f in features if f["properties"]["route"] == route.id),
        )
        for route in atlas.routes.values()
    ]


def test_segment_features_carry_id_and_tooltip_fields(atlas):
    features = segment_features(atlas)
    assert [f["properties"]["id"] for f in features] == list(atlas.segments.index)
    for feature in features:
        assert set(TOOLTIP_FIELDS) <= set(feature["properties"])


def test_map_loads_leaflet_from_the_folder_the_app_gives_it_not_a_cdn(atlas, layers):
    features = country_features(atlas)
    html = build_map(layers, features, bounds=BOUNDS, leaflet_url="../x/").get_root().render()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert 'src="../x/leaflet.js"' in html and 'href="../x/leaflet.css"' in html


def test_map_draws_only_the_routes_with_features(atlas, layers):
    shown = [layers[0], RouteLayer(layers[1].id, layers[1].name, layers[1].colour, ())]
    html = build_map(shown, country_features(atlas), bounds=BOUNDS).get_root().render()
    for feature in layers[0].features:
        assert json.dumps(feature["properties"]["id"]) in html
    for feature in layers[1].features:
        assert json.dumps(feature["properties"]["id"]) not in html


def test_selected_segment_is_drawn_wider(atlas, layers):
    selected = layers[0].features[0]["properties"]["id"]
    plain = build_map(layers, [], bounds=BOUNDS).get_root().render()
    marked = build_map(layers, [], bounds=BOUNDS, selected=selected).get_root().render()
    assert '"weight": 7' in marked and '"weight": 7' not in plain


def test_highlighted_country_gets_the_highlight_fill(atlas, layers):
    html = build_map(layers, country_features(atlas), bounds=BOUNDS, highlighted_countries=["GE"])
    assert "#fde9b5" in html.get_root().render()


def test_bounds_fit_what_is_shown_and_fall_back_to_everything(atlas):
    from components.ui.map_page import bounds_of

    georgia = atlas.segments.loc[["btc-georgia"]]
    (south, west), (north, east) = bounds_of(georgia, atlas.segments)
    assert 41 < south < north < 42 and 42 < west < east < 46
    empty = atlas.segments.iloc[:0]
    assert bounds_of(empty, atlas.segments) == bounds_of(atlas.segments, atlas.segments)


def test_online_tiles_are_off_unless_a_deployment_asks(atlas, layers, monkeypatch):
    from components.mapping.builder import Tiles
    from components.ui.data import tiles_from_environment

    monkeypatch.delenv("CORRIDOR_TILES", raising=False)
    assert tiles_from_environment() is None
    plain = build_map(layers, [], bounds=BOUNDS, basemap="x.geojson").get_root().render()
    assert "L.tileLayer" not in plain
    for url, credit in [
        ("http://tiles.example/{z}/{x}/{y}.png", "Example"),  # not https
        ("https://tiles.example/{z}/{x}.png", "Example"),  # no {y}
        ("https://tiles.example/{z}/{x}/{y}.png", ""),  # no credit
    ]:
        monkeypatch.setenv("CORRIDOR_TILES", url)
        monkeypatch.setenv("CORRIDOR_TILES_ATTRIBUTION", credit)
        assert tiles_from_environment() is None
    monkeypatch.setenv("CORRIDOR_TILES", "https://tiles.example/{z}/{x}/{y}.png")
    monkeypatch.setenv("CORRIDOR_TILES_ATTRIBUTION", "<b>Example</b>")
    tiles = tiles_from_environment()
    assert tiles == Tiles("https://tiles.example/{z}/{x}/{y}.png", "<b>Example</b>")
    html = (
        build_map(layers, [], bounds=BOUNDS, basemap="x.geojson", tiles=tiles).get_root().render()
    )
    assert "https://tiles.example/{z}/{x}/{y}.png" in html
    assert "<b>Example</b>" not in html  # the credit is inert (folium writes & as \u0026)
    assert "&lt;b&gt;Example" in html.replace("\\u0026", "&")
    assert '"fillOpacity": 0.0' in html  # the outlines stay, unfilled, over the tiles


def test_a_selection_gets_a_halo_and_dims_the_rest(atlas, layers):
    from components.mapping.styles import DIMMED_OPACITY, HALO_STYLE

    selected = layers[0].features[0]["properties"]["id"]
    plain = build_map(layers, [], bounds=BOUNDS).get_root().render()
    marked = build_map(layers, [], bounds=BOUNDS, selected=selected).get_root().render()
    halo = f'"weight": {HALO_STYLE["weight"]}'
    assert halo in marked and halo not in plain
    dimmed = f'"opacity": {DIMMED_OPACITY},'  # not 0.35, the faded style
    assert dimmed in marked and dimmed not in plain


def test_the_hover_label_shows_the_tooltip_fields_of_every_segment(atlas, layers):
    html = build_map(layers, [], bounds=BOUNDS).get_root().render()
    assert json.dumps(list(TOOLTIP_FIELDS)) in html
    assert html.count("bindTooltip") == sum(1 for layer in layers if layer.features)


def test_an_inline_basemap_is_drawn_without_a_fetch_and_stays_inert(layers):
    hostile = "</script><script>alert(1)</script>"
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": hostile}, "geometry": None}],
    }
    inline = build_map(layers, [], bounds=BOUNDS, basemap=collection).get_root().render()
    fetched = build_map(layers, [], bounds=BOUNDS, basemap="x.geojson").get_root().render()
    assert 'fetch("x.geojson")' in fetched and "Promise.resolve" not in fetched
    assert "Promise.resolve" in inline and "fetch(" not in inline
    assert '"FeatureCollection"' in inline
    assert hostile not in inline
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in inline
