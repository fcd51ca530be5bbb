"""What the basemap shows around the routes: names placed without collisions, land with no edge."""

import json

import pytest
import shapely
from shapely.geometry import shape

from components.build.countries import (
    REGION_BOUNDS,
    dumps_countries,
    load_natural_earth,
    natural_earth_zip_path,
)
from components.build.land import LAND_BOUNDS, build_land
from components.build.places import read_places
from components.core.labels import LABELS_FILE
from components.mapping.name_placement import (
    country_labels,
    label_box,
    label_features,
    place_labels,
)
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR
from components.storage.supporting import load_labels


def test_names_shown_at_a_zoom_never_overlap():
    candidates = [
        ("Alpha", "hub", 40.0, 50.0, -1),
        ("Beta", "hub", 40.0, 50.3, -2),  # collides with Alpha until zoom 8
        ("Gamma Sea", "sea", 10.0, 10.0, 1),
        ("Deltaland", "country", 40.0, 50.0, 5.0),
    ]
    placed = {label.text: label for label in place_labels(candidates)}
    assert placed["Gamma Sea"].zooms == (3, 4, 5, 6, 7, 8, 9)
    assert placed["Alpha"].zooms == (3, 4, 5, 6, 7, 8, 9)  # more important: placed first
    assert placed["Beta"].zooms == (8, 9)
    assert "Deltaland" not in placed  # under Alpha at every zoom
    for zoom in range(3, 10):
        shown = [label for label in placed.values() if zoom in label.zooms]
        boxes = [label_box(x.text, x.kind, x.lat, x.lon, zoom) for x in shown]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_label_text_reaches_the_map_inert():
    (row,) = label_features(place_labels([("<b>{{7*7}}</b>", "sea", 1.0, 1.0, 1)]))
    assert row == ["&lt;b&gt;&#123;&#123;7*7&#125;&#125;&lt;/b&gt;", "sea", 1.0, 1.0, "3456789"]


def test_country_names_stand_inside_their_country():
    atlas = load_atlas(DEFAULT_DATA_DIR)
    for name, _, lat, lon, _ in country_labels(atlas.countries):
        code = atlas.countries.index[atlas.countries["name"] == name][0]
        assert atlas.countries.geometry[code].covers(shapely.Point(lon, lat)), name


def test_the_real_map_names_the_hubs_and_seas_at_their_places():
    labels, problems = load_labels(DEFAULT_DATA_DIR)
    assert problems == []
    places = read_places()
    raw = json.loads((DEFAULT_DATA_DIR / LABELS_FILE).read_text(encoding="utf-8"))
    for label, record in zip(labels, raw, strict=True):
        if label.kind == "hub":
            place = places[record["place"]]
            assert (label.lat, label.lon) == (round(place.lat, 4), round(place.lon, 4))
    texts = {label.text for label in labels}
    for hub in (
        "Xi'an",
        "Khorgos / Altynkol",
        "Dostyk",
        "Aktau",
        "Kuryk",
        "Alat",
        "Tbilisi",
        "Poti",
        "Batumi",
        "Kars",
        "Istanbul",
        "Ceyhan",
        "Constanța",
    ):
        assert hub in texts
    assert {"Caspian Sea", "Black Sea", "Mediterranean Sea"} <= texts


@pytest.mark.parametrize(
    ("record", "fault"),
    [
        ({"text": "", "kind": "sea", "lat": 1, "lon": 1, "priority": 1}, "text must be"),
        ({"text": "x" * 41, "kind": "sea", "lat": 1, "lon": 1, "priority": 1}, "text must be"),
        ({"text": "X", "kind": "city", "lat": 1, "lon": 1, "priority": 1}, "kind must be"),
        ({"text": "X", "kind": "sea", "lat": 91, "lon": 1, "priority": 1}, "lat and lon"),
        ({"text": "X", "kind": "sea", "lat": 1, "lon": 1, "priority": 0}, "priority"),
        ("X", "JSON object"),
    ],
)
def test_bad_labels_are_named_and_left_out(tmp_path, record, fault):
    good = {"text": "Good Sea", "kind": "sea", "lat": 1, "lon": 1, "priority": 1}
    (tmp_path / LABELS_FILE).write_text(json.dumps([good, record]), encoding="utf-8")
    labels, problems = load_labels(tmp_path)
    assert [label.text for label in labels] == ["Good Sea"]
    assert len(problems) == 1 and fault in problems[0].message


@pytest.mark.slow  # builds the land from Natural Earth
def test_land_file_is_built_from_natural_earth_and_fills_around_the_region():
    built = build_land(load_natural_earth(natural_earth_zip_path()))
    assert (DEFAULT_DATA_DIR / "land.geojson").read_text(encoding="utf-8") == dumps_countries(built)
    land = shape(built["features"][0]["geometry"])
    west, south, east, north = land.bounds
    assert LAND_BOUNDS[0] <= west and east <= LAND_BOUNDS[2]
    assert LAND_BOUNDS[1] <= south and north <= LAND_BOUNDS[3]
    # it reaches over every clipped edge of the region where that edge crosses land
    countries = json.loads((DEFAULT_DATA_DIR / "countries.geojson").read_text(encoding="utf-8"))
    region_land = shapely.union_all([shape(f["geometry"]) for f in countries["features"]])
    edge = shapely.box(*REGION_BOUNDS).exterior
    points = [edge.interpolate(i / 400, normalized=True) for i in range(400)]
    on_land = [p for p in points if region_land.buffer(0.01).contains(p)]
    assert len(on_land) > 100
    # Where a coast meets the edge, the coarser land may stop short by a few km: at most 2 %.
    covered = sum(land.contains(p) for p in on_land)
    assert covered >= 0.98 * len(on_land)


def _box(west, south, east, north):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_the_view_may_go_a_quarter_beyond_lines_that_reach_the_basemap_edge():
    from components.mapping.fit import basemap_bounds

    line = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "LineString", "coordinates": [[10.0, 40.0], [50.0, 48.0]]},
    }
    tight = basemap_bounds([_box(10.0, 40.0, 50.0, 48.0)], [line])
    assert tight == ((38.0, 0.0), (50.0, 60.0))
    wide = basemap_bounds([_box(-20.0, 0.0, 150.0, 75.0)], [line])
    assert wide == ((0.0, -20.0), (75.0, 150.0))  # a basemap with room is left as it is
    assert basemap_bounds([_box(0.0, 0.0, 1.0, 1.0)], []) == ((0.0, 0.0), (1.0, 1.0))
