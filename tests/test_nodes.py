"""The facilities layer: loading, the problems it names, building it from the gazetteer."""

import json

import pytest

from components.build.nodes import build_nodes
from components.build.places import Place
from components.core.nodes import NODES_FILE, nodes_on
from components.storage.loading import load_atlas
from components.storage.supporting import load_nodes


def _node(**changes):
    properties = {
        "id": "alpha-harbour",
        "name": "Alpha Harbour",
        "kind": "port",
        "countries": ["XA"],
        "source": "Made up for the tests",
        "approximate": False,
        "segments": ["sea-xa-xc"],
    }
    properties.update(changes)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [1.0, 2.0]},
    }


def _write(folder, *features):
    collection = {"type": "FeatureCollection", "features": list(features)}
    (folder / NODES_FILE).write_text(json.dumps(collection), encoding="utf-8")


def test_a_valid_facility_is_loaded(tmp_path):
    _write(tmp_path, _node())
    nodes, problems = load_nodes(tmp_path, {"sea-xa-xc"}, {"XA"})
    assert problems == []
    assert list(nodes.index) == ["alpha-harbour"]
    assert nodes.at["alpha-harbour", "kind"] == "port"
    assert nodes.geometry["alpha-harbour"].coords[0] == (1.0, 2.0)


@pytest.mark.parametrize(
    ("changes", "fault"),
    [
        ({"kind": "castle"}, "unknown kind"),
        ({"countries": []}, "countries must list"),
        ({"countries": ["ZZ"]}, "unknown country"),
        ({"approximate": "no"}, "approximate must be true or false"),
        ({"segments": ["nowhere"]}, "unknown segment"),
        ({"segments": "sea-xa-xc"}, "segments must be a non-empty list"),
        ({"segments": []}, "segments must be a non-empty list"),
        ({"id": "Alpha Harbour"}, "lower-case slug"),
        ({"source": " "}, "source must be text"),
    ],
)
def test_faulty_facilities_are_named_and_left_out(tmp_path, changes, fault):
    _write(tmp_path, _node(), _node(**{"id": "beta-port", **changes}))
    nodes, problems = load_nodes(tmp_path, {"sea-xa-xc"}, {"XA"})
    assert list(nodes.index) == ["alpha-harbour"]
    assert len(problems) == 1 and problems[0].file == NODES_FILE
    assert fault in problems[0].message


def test_a_point_that_is_not_a_point_is_refused(tmp_path):
    feature = _node()
    feature["geometry"] = {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}
    _write(tmp_path, feature)
    nodes, problems = load_nodes(tmp_path, {"sea-xa-xc"}, {"XA"})
    assert nodes.empty and "geometry must be Point" in problems[0].message


def test_a_missing_nodes_file_means_no_facilities(tmp_path):
    nodes, problems = load_nodes(tmp_path, set(), set())
    assert nodes.empty and problems == []


def test_the_atlas_keeps_valid_facilities_beside_broken_ones(tiny_data):
    _write(tiny_data, _node(), _node(id="broken", kind="castle"))
    atlas = load_atlas(tiny_data)
    assert list(atlas.nodes.index) == ["alpha-harbour"]
    assert [p.where for p in atlas.problems if p.file == NODES_FILE] == ["broken"]


def test_nodes_on_keeps_the_facilities_of_the_given_segments(tmp_path):
    _write(tmp_path, _node(), _node(id="beta-port", segments=["rail-xa"]))
    nodes, _ = load_nodes(tmp_path, {"sea-xa-xc", "rail-xa"}, {"XA"})
    assert list(nodes_on(nodes, {"rail-xa"}).index) == ["beta-port"]
    assert list(nodes_on(nodes, set()).index) == []


def test_build_nodes_keeps_facilities_that_a_segment_passes():
    places = {
        "harbour": Place("harbour", "Harbour", "port", "XA", 1.0, 2.0, None, "a page"),
        "pump": Place("pump", "Pump", "pump-station", "XA", 1.5, 2.5, 10.0, "a report"),
        "town": Place("town", "Town", "town", "XA", 1.2, 2.2, None, "geonames:1"),
        "unused": Place("unused", "Unused", "port", "XA", 3.0, 3.0, None, "a page"),
    }
    plan = [
        {"id": "a", "via": ["harbour", "town", "pump"]},
        {"id": "b", "via": ["pump", "border:XA:XB:pump:harbour"]},
    ]
    features = build_nodes(plan, places)["features"]
    assert [f["properties"]["id"] for f in features] == ["harbour", "pump"]
    pump = features[1]["properties"]
    assert pump["segments"] == ["a", "b"]
    assert pump["approximate"] is True and pump["kind"] == "pump-station"
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [2.0, 1.0]}
