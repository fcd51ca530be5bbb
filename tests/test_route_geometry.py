"""The lines run where the routes run: corrected points checked against published positions."""

import json

import pytest
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import Point

from components.build.places import read_places
from components.build.segments import PLAN_FILE, border_codes, full_resolution_outlines
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR

GEOD = Geod(ellps="WGS84")

# Published positions, typed from the pages cited in data/places-research.md, and how far our
# point may lie from them (the uncertainty the gazetteer states, or 1 km for a published point).
PUBLISHED = [
    # place id, lat, lon, km, where the position was published
    ("kartsakhi", 41.24583, 43.27889, 3, "Wikipedia, Kartsakhi: 41°14′45″N 43°16′44″E"),
    ("boyuk-kesik", 41.3883, 45.1894, 3, "Wikipedia, Böyük Kəsik: 41.3883 N 45.1894 E"),
    ("kapitan-andreevo", 41.71667, 26.31667, 2, "Wikipedia, Kapitan Andreevo: 41°43′N 26°19′E"),
    ("marabda", 41.53528, 44.75917, 5, "Battle of Marabda site: 41°32′07″N 44°45′33″E"),
    ("hafik", 39.85278, 37.38389, 1, "German Wikipedia, Hafik: 39°51′10″N 37°23′2″E"),
    ("kapikule", 41.71889, 26.36111, 1, "Wikipedia, Kapıkule station: 41°43′08″N 26°21′40″E"),
    ("dostyk", 45.25222, 82.48389, 1, "index1520.com, Dostyk: 45°15′08″N 82°29′02″E"),
    ("khorgos-gateway", 44.164936, 80.300130, 3, "whereongoogleearth.net reader comment"),
]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def places():
    return read_places()


def _km(lat1, lon1, lat2, lon2) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def _km_from_line(line, lat, lon) -> float:
    nearest = line.interpolate(line.project(Point(lon, lat)))
    return _km(lat, lon, nearest.y, nearest.x)


@pytest.mark.parametrize(("place_id", "lat", "lon", "km", "published"), PUBLISHED)
def test_corrected_points_lie_within_their_stated_distance(
    places, place_id, lat, lon, km, published
):
    place = places[place_id]
    assert _km(place.lat, place.lon, lat, lon) <= km, published


def test_btc_in_turkey_passes_hafik_and_not_ceyhan_town_or_the_railway_towns(atlas, places):
    line = atlas.segments.at["btc-turkey", "geometry"]
    hafik = places["hafik"]
    # BOTAŞ International places the pipe at Topçuyeniköy, Hafik district (May 2008).
    assert _km_from_line(line, hafik.lat, hafik.lon) < 15
    via = atlas.segments.at["btc-turkey", "via"]
    assert not {"Zara", "Kangal", "Ceyhan", "Sarıkamış", "Horasan", "Pasinler"} & set(via)
    ceyhan = places["ceyhan"]
    assert _km_from_line(line, ceyhan.lat, ceyhan.lon) > 5
    assert via[-1].startswith("Ceyhan Marine Terminal")


def test_btc_passes_its_published_pump_stations(atlas):
    assert "BTC pump station PSA2 (Yevlakh region)" in atlas.segments.at["btc-azerbaijan", "via"]
    assert "BTC pump station PSG1 (Gardabani district)" in atlas.segments.at["btc-georgia", "via"]


def test_btk_leaves_the_main_line_at_marabda_and_crosses_at_kartsakhi(atlas):
    via = atlas.segments.at["mc-btk-georgia", "via"]
    assert via[:2] == ["Tbilisi", "Marabda junction"]
    assert "Marneuli" not in via
    assert via[-2] == "Kartsakhi station"


def test_moyynty_to_zhezkazgan_is_drawn_along_the_line_in_service(atlas):
    via = atlas.segments.at["mc-dostyk-beyneu", "via"]
    # The direct Moyynty–Kyzylzhar line was under construction in January 2026 (Kazinform).
    assert via.index("Moyynty") < via.index("Zharyk") < via.index("Zhezkazgan")


def test_border_vertices_lie_on_the_full_resolution_border(atlas):
    plan = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    outlines = full_resolution_outlines(border_codes(plan))
    checked = 0
    for entry in plan:
        coordinates = atlas.segments.at[entry["id"], "geometry"].coords
        for token, (lon, lat) in zip(entry["via"], coordinates, strict=True):
            if not token.startswith("border:"):
                continue
            first, second = token.split(":")[1:3]
            border = outlines.geometry[first].boundary.intersection(
                outlines.geometry[second].boundary
            )
            nearest = shapely.ops.nearest_points(border, Point(lon, lat))[0]
            assert _km(lat, lon, nearest.y, nearest.x) < 0.05, (entry["id"], token)
            checked += 1
    assert checked >= 10


def test_lokoshaza_is_a_hungarian_border_station(atlas):
    node = atlas.nodes.loc["lokoshaza"]
    assert node["countries"] == ["HU"] and node["kind"] == "border-crossing"
    assert atlas.segments.at["mc-lokoshaza-budapest", "countries"] == ["HU"]


@pytest.mark.parametrize(
    "node_id",
    [
        # every port, terminal, dry port and published pump station the issue names
        "aktau",
        "kuryk",
        "alat",
        "poti-port",
        "batumi-port",
        "constanta-port",
        "sangachal-terminal",
        "ceyhan-terminal",
        "khorgos-gateway",
        "psa2",
        "psg1",
        # both stations of every rail border crossing drawn
        "alashankou",
        "dostyk",
        "khorgos-cn",
        "altynkol-station",
        "boyuk-kesik",
        "gardabani",
        "kartsakhi",
        "kapikule",
        "kapitan-andreevo",
        "curtici",
        "lokoshaza",
    ],
)
def test_the_facilities_layer_holds_every_named_facility(atlas, node_id):
    assert node_id in atlas.nodes.index
    assert atlas.nodes.at[node_id, "segments"]
