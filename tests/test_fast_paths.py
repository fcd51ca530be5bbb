"""The load path's vectorised shortcuts give exactly what the plain, one-by-one code gives."""

import math

import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from components.core.geojson import frame_rows
from components.core.geometry import geodesic_length_km, geodesic_lengths_km
from support.atlases import atlas


def test_lengths_all_at_once_are_the_same_floats_as_one_by_one():
    shapes = [
        *atlas().segments.geometry,
        MultiLineString([[(44.8, 41.7), (49.9, 40.4)], [(50.0, 40.4), (51.0, 40.0)]]),
        Polygon([(40, 40), (41, 40), (41, 41), (40, 40)]),
        Point(49.8, 40.4),
        LineString([(179.5, 60.0), (179.9, 60.1)]),
    ]
    together = geodesic_lengths_km(shapely.from_wkb([s.wkb for s in shapes]))
    assert list(together) == [geodesic_length_km(shape) for shape in shapes]  # bit for bit
    assert together[-2] == 0.0 and not any(math.isnan(x) for x in together)


def test_frame_rows_gives_what_iterrows_gives():
    frame = atlas().segments
    fast = list(frame_rows(frame))
    plain = list(frame.iterrows())
    assert [label for label, _ in fast] == [label for label, _ in plain]
    for (_, row), (_, series) in zip(fast, plain, strict=True):
        assert set(row) == set(series.index)
        for column in series.index:
            value, expected = row[column], series[column]
            assert (
                value is expected
                or value == expected
                or (isinstance(value, float) and math.isnan(value) and math.isnan(expected))
            )
