"""GeoJSON and CSV exports of the tiny data set parse back to what was loaded."""

import csv
import io
import json
from pathlib import Path

import pytest
import shapely.wkt
from shapely.geometry import shape

from components.core.export import (
    CSV_COLUMNS,
    nodes_to_csv,
    nodes_to_geojson,
    to_csv,
    to_geojson,
)
from components.core.filtering import filter_segments
from components.storage.loading import load_atlas

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
PROPERTIES = {
    "id",
    "route",
    "name",
    "mode",
    "countries",
    "length_km",
    "published_length_km",
    "evidence",
    "facts",
    "quotes",
}
EXPECTED = {
    # id: (route, mode, countries, quote ids)
    "rail-xa": ("overland", "rail", ["XA"], ["alpha-railway"]),
    "rail-xb": ("overland", "rail", ["XB"], ["alpha-railway"]),
    "road-xc": ("overland", "road", ["XC"], ["gamma-road", "busy-route"]),
    "sea-xa-xc": ("coastal", "sea", ["XA", "XC"], ["alpha-gamma-ferry", "busy-route"]),
}


@pytest.fixture(scope="module")
def atlas():
    loaded = load_atlas(TINY)
    assert loaded.problems == []
    return loaded


def _features(text):
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_geojson_properties(atlas):
    features = _features(to_geojson(atlas, atlas.segments))
    assert [f["properties"]["id"] for f in features] == list(EXPECTED)
    for feature in features:
        properties = feature["properties"]
        assert feature["type"] == "Feature"
        assert set(properties) == PROPERTIES
        route, mode, countries, quote_ids = EXPECTED[properties["id"]]
        assert (properties["route"], properties["mode"]) == (route, mode)
        assert properties["countries"] == countries
        assert [q["id"] for q in properties["quotes"]] == quote_ids
        assert properties["name"] == atlas.segments.at[properties["id"], "name"]


def test_geojson_quotes_carry_id_source_and_exact_text(atlas):
    text = atlas.sources["tiny-source"].text
    for feature in _features(to_geojson(atlas, atlas.segments)):
        for quote in feature["properties"]["quotes"]:
            assert set(quote) == {"id", "source", "exact", "support", "support_words"}
            assert quote["source"] == "tiny-source"
            assert quote["exact"] in text
    assert "Alphaland’s new railway" in to_geojson(atlas, atlas.segments)  # not \u2019-escaped


def test_geojson_length_is_rounded_to_a_tenth(atlas):
    for feature in _features(to_geojson(atlas, atlas.segments)):
        length = feature["properties"]["length_km"]
        assert isinstance(length, float)
        assert length == round(atlas.segments.at[feature["properties"]["id"], "length_km"], 1)


def test_geojson_geometry_round_trips(atlas):
    for feature in _features(to_geojson(atlas, atlas.segments)):
        assert feature["geometry"]["type"] == "LineString"
        assert shape(feature["geometry"]).equals_exact(
            atlas.segments.at[feature["properties"]["id"], "geometry"], 0
        )


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ({"countries": ["XA"]}, ["rail-xa", "sea-xa-xc"]),
        ({"modes": ["rail"]}, ["rail-xa", "rail-xb"]),
        ({"routes": ["coastal"]}, ["sea-xa-xc"]),
        ({"countries": ["XB"], "routes": ["coastal"]}, []),
    ],
)
def test_exports_of_a_subset(atlas, filters, ids):
    subset = filter_segments(atlas.segments, **filters)
    assert [f["properties"]["id"] for f in _features(to_geojson(atlas, subset))] == ids
    rows = _rows(to_csv(atlas, subset))
    assert [row["id"] for row in rows] == ids


def test_csv_has_one_row_per_segment(atlas):
    text = to_csv(atlas, atlas.segments)
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    assert [row["id"] for row in rows] == list(EXPECTED)
    assert "\r" not in text
    for row in rows:
        route, mode, countries, quote_ids = EXPECTED[row["id"]]
        assert (row["route"], row["mode"]) == (route, mode)
        assert row["countries"] == ";".join(countries)
        assert row["quotes"] == ";".join(quote_ids)
        expected_length = round(atlas.segments.at[row["id"], "length_km"], 1)
        assert float(row["length_km"]) == expected_length


def test_csv_wkt_round_trips(atlas):
    for row in _rows(to_csv(atlas, atlas.segments)):
        geometry = shapely.wkt.loads(row["wkt"])
        assert geometry.equals_exact(atlas.segments.at[row["id"], "geometry"], 0)


def test_full_precision_survives_both_formats(tiny_data):
    segments = tiny_data / "segments.geojson"
    text = segments.read_text(encoding="utf-8")
    fine = "[[0.5000000000000001, 1.0000000000000002], [2.0, 1.0]]"
    segments.write_text(text.replace("[[0.5, 1.0], [2.0, 1.0]]", fine), encoding="utf-8")
    atlas = load_atlas(tiny_data)
    assert atlas.problems == []
    original = atlas.segments.at["rail-xa", "geometry"]
    assert original.coords[0] == (0.5000000000000001, 1.0000000000000002)
    (row,) = [r for r in _rows(to_csv(atlas, atlas.segments)) if r["id"] == "rail-xa"]
    assert shapely.wkt.loads(row["wkt"]).equals_exact(original, 0)
    (feature,) = [
        f
        for f in _features(to_geojson(atlas, atlas.segments))
        if f["properties"]["id"] == "rail-xa"
    ]
    assert shape(feature["geometry"]).equals_exact(original, 0)


def test_csv_quotes_names_with_commas(atlas, tiny_data):
    segments = tiny_data / "segments.geojson"
    text = segments.read_text(encoding="utf-8")
    old = '"name": "Gamma Port – Gamma Market"'
    segments.write_text(text.replace(old, '"name": "Gamma Port, \\"old\\" road"'), encoding="utf-8")
    changed = load_atlas(tiny_data)
    rows = {row["id"]: row for row in _rows(to_csv(changed, changed.segments))}
    assert rows["road-xc"]["name"] == 'Gamma Port, "old" road'
    assert len(rows) == len(EXPECTED)


def test_geojson_carries_evidence_support_and_published_length(atlas):
    features = {
        f["properties"]["id"]: f["properties"] for f in _features(to_geojson(atlas, atlas.segments))
    }
    rail = features["rail-xa"]
    assert rail["published_length_km"] == 170.0
    assert rail["facts"][0]["citation"]["url"] == "https://example.org/alphaland-line"
    assert features["rail-xb"]["published_length_km"] is None
    for segment_id, properties in features.items():
        assert properties["evidence"] == atlas.evidence[segment_id]
        for quote in properties["quotes"]:
            link = atlas.support[quote["id"]][segment_id]
            assert (quote["support"], quote["support_words"]) == (link.level, list(link.words))


def test_csv_carries_evidence_support_and_published_length(atlas):
    rows = {row["id"]: row for row in _rows(to_csv(atlas, atlas.segments))}
    assert rows["rail-xa"]["published_length_km"] == "170.0"
    assert rows["rail-xb"]["published_length_km"] == ""
    for segment_id, row in rows.items():
        assert row["evidence"] == atlas.evidence[segment_id]
        quotes = row["quotes"].split(";")
        levels = [atlas.support[quote][segment_id].level for quote in quotes]
        assert row["support"].split(";") == levels


def test_nodes_export_as_geojson_and_csv(atlas):
    features = _features(nodes_to_geojson(atlas.nodes))
    assert [f["properties"]["id"] for f in features] == ["alpha-city-station", "gamma-port"]
    assert features[1]["properties"]["segments"] == ["road-xc", "sea-xa-xc"]
    assert features[1]["geometry"] == {"type": "Point", "coordinates": [5.0, 1.9]}
    rows = _rows(nodes_to_csv(atlas.nodes))
    assert rows[1]["segments"] == "road-xc;sea-xa-xc"
    assert (rows[1]["lon"], rows[1]["lat"], rows[1]["approximate"]) == ("5.0", "1.9", "True")
