"""filter_segments and crossed_countries on a tiny hand-made GeoDataFrame."""

import geopandas as gpd
import pytest
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import LineString

from components.core.filtering import crossed_countries, filter_segments
from components.core.geometry import derive_segment_facts

ROWS = [
    # id, route, mode, countries
    ("a-rail", "alpha", "rail", ["GE", "AZ"]),
    ("a-sea", "alpha", "sea", ["AZ", "KZ"]),
    ("a-road", "alpha", "road", ["TR"]),
    ("b-pipe", "beta", "pipeline", ["AZ", "GE", "TR"]),
    ("b-rail", "beta", "rail", ["KZ"]),
    ("c-rail", "gamma", "rail", []),
]
IDS = [row[0] for row in ROWS]


@pytest.fixture
def segments():
    return gpd.GeoDataFrame(
        {
            "route": [row[1] for row in ROWS],
            "mode": [row[2] for row in ROWS],
            "countries": [row[3] for row in ROWS],
            "length_km": [float(i) for i in range(len(ROWS))],
        },
        geometry=[LineString([(i, 0), (i, 1)]) for i in range(len(ROWS))],
        index=IDS,
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, IDS),
        ({"countries": [], "routes": [], "modes": []}, IDS),
        # countries: a segment matches when it crosses ANY of them
        ({"countries": ["GE"]}, ["a-rail", "b-pipe"]),
        ({"countries": ["TR"]}, ["a-road", "b-pipe"]),
        ({"countries": ["GE", "KZ"]}, ["a-rail", "a-sea", "b-pipe", "b-rail"]),
        ({"countries": {"KZ", "TR"}}, ["a-sea", "a-road", "b-pipe", "b-rail"]),
        ({"countries": ("AZ",)}, ["a-rail", "a-sea", "b-pipe"]),
        ({"countries": ["XX"]}, []),
        # routes and modes: any of the given values
        ({"routes": ["alpha"]}, ["a-rail", "a-sea", "a-road"]),
        ({"routes": ["beta", "gamma"]}, ["b-pipe", "b-rail", "c-rail"]),
        ({"modes": ["rail"]}, ["a-rail", "b-rail", "c-rail"]),
        ({"modes": ["sea", "pipeline"]}, ["a-sea", "b-pipe"]),
        # different filters combine with AND
        ({"routes": ["alpha"], "modes": ["rail"]}, ["a-rail"]),
        ({"routes": ["beta"], "countries": ["AZ"]}, ["b-pipe"]),
        ({"modes": ["rail"], "countries": ["KZ"]}, ["b-rail"]),
        ({"modes": ["rail"], "countries": ["GE", "KZ"]}, ["a-rail", "b-rail"]),
        (
            {"routes": ["alpha", "beta"], "modes": ["rail", "sea"], "countries": ["AZ"]},
            ["a-rail", "a-sea"],
        ),
        ({"routes": ["alpha"], "modes": ["pipeline"]}, []),
        ({"routes": ["gamma"], "countries": ["GE"]}, []),
        ({"routes": ["nowhere"]}, []),
        ({"modes": ["air"]}, []),
    ],
)
def test_filter_segments(segments, filters, expected):
    result = filter_segments(segments, **filters)
    assert list(result.index) == expected
    assert isinstance(result, gpd.GeoDataFrame)


@pytest.mark.parametrize(
    "filters",
    [{"countries": ["XX"]}, {"routes": ["nowhere"]}, {"modes": ["air"], "countries": ["GE"]}],
)
def test_no_match_is_an_empty_frame_with_the_same_columns(segments, filters):
    result = filter_segments(segments, **filters)
    assert result.empty
    assert list(result.columns) == list(segments.columns)
    assert result.crs == segments.crs
    assert result.geometry.name == "geometry"


def test_rows_are_unchanged(segments):
    result = filter_segments(segments, countries=["AZ"], modes=["rail", "pipeline"])
    assert_geodataframe_equal(result, segments.loc[["a-rail", "b-pipe"]])


def test_input_is_not_modified(segments):
    before = segments.copy()
    filter_segments(segments, countries=["GE"], routes=["alpha"], modes=["rail"])
    assert_geodataframe_equal(segments, before)


@pytest.mark.parametrize(
    "filters", [{"countries": ["GE"]}, {"routes": ["alpha"]}, {"modes": ["rail"]}]
)
def test_filtering_an_empty_frame_gives_an_empty_frame(segments, filters):
    empty = segments.iloc[:0]
    result = filter_segments(empty, **filters)
    assert result.empty
    assert list(result.columns) == list(segments.columns)


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (IDS, ["AZ", "GE", "KZ", "TR"]),
        (["a-rail"], ["AZ", "GE"]),  # sorted, not in crossing order
        (["b-pipe", "a-rail"], ["AZ", "GE", "TR"]),  # each once
        (["c-rail"], []),
        ([], []),
    ],
)
def test_crossed_countries(segments, ids, expected):
    assert crossed_countries(segments.loc[ids]) == expected


def test_crossed_countries_of_a_filtered_frame(segments):
    assert crossed_countries(filter_segments(segments, routes=["beta"])) == ["AZ", "GE", "KZ", "TR"]


def test_country_filter_on_an_empty_derived_frame():
    empty = gpd.GeoDataFrame(
        {"route": [], "name": [], "mode": [], "via": []}, geometry=[], crs="EPSG:4326"
    )
    derived = derive_segment_facts(empty, empty.iloc[:0])
    result = filter_segments(derived, countries=["GE"])
    assert result.empty
    assert list(result.columns) == list(derived.columns)
