"""Km drawn with shared track counted once."""

import geopandas as gpd
import pytest
from shapely.geometry import LineString

from components.core.geometry import geodesic_length_km, network_length_km


def test_track_two_routes_share_is_counted_once_whichever_way_it_runs():
    shared = LineString([(40, 40), (41, 40), (42, 41)])
    other = LineString([(42, 41), (41, 40), (40, 40), (39, 39)])  # the same track, reversed
    lines = gpd.GeoSeries([shared, other])
    expected = geodesic_length_km(other)
    assert network_length_km(lines) == pytest.approx(expected, rel=1e-9)
    assert network_length_km(lines) < geodesic_length_km(shared) + geodesic_length_km(other)


def test_lines_that_only_cross_are_counted_in_full():
    a, b = LineString([(0, 0), (2, 2)]), LineString([(0, 2), (2, 0)])
    total = geodesic_length_km(a) + geodesic_length_km(b)
    assert network_length_km(gpd.GeoSeries([a, b])) == pytest.approx(total, rel=1e-9)


def test_nothing_shown_is_no_km():
    assert network_length_km(gpd.GeoSeries([], dtype="geometry")) == 0.0
