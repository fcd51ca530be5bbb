"""Select segments by country, route and mode."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import geopandas as gpd
import shapely


def filter_segments(
    segments: gpd.GeoDataFrame,
    *,
    countries: Collection[str] = (),
    routes: Collection[str] = (),
    modes: Collection[str] = (),
    evidence: Collection[str] = (),
) -> gpd.GeoDataFrame:
    """Keep the segments that match every given filter; an empty filter matches everything.

    Parameters
    ----------
    segments : GeoDataFrame
        Segments with the columns ``countries`` (list of alpha-2 codes), ``route`` and ``mode``.
    countries : collection of str
        A segment matches when it crosses **any** of these countries.
    routes, modes : collection of str
        A segment matches when its route (mode) is one of these.
    evidence : collection of str
        A segment matches when its evidence level (column ``evidence``) is one of these.

    Returns
    -------
    GeoDataFrame
        The matching rows, in their original order.
    """
    keep = segments["route"].isin(routes) if routes else True
    if modes:
        keep = keep & segments["mode"].isin(modes)
    if evidence:
        keep = keep & segments["evidence"].isin(evidence)
    if countries:
        wanted = set(countries)

        def crosses_wanted(codes: Iterable[str]) -> bool:
            return not wanted.isdisjoint(codes)

        crosses = segments["countries"].map(crosses_wanted)
        keep = keep & crosses.astype(bool)
    if keep is True:
        return segments
    return segments[keep]


def crossed_countries(segments: gpd.GeoDataFrame) -> list[str]:
    """Return every country code that any of the segments crosses, sorted."""
    return sorted({code for codes in segments["countries"] for code in codes})


SHARED_TRACK_DEGREES = 0.2
"""How much farther than the clicked line another line may be and still count as under the click.

At the zooms that show a whole route, 0.2° is two or three pixels: lines that close are one
line to a finger or a mouse. Deeper in, it may offer a line that is visibly apart; the panel
then lists one segment too many, never one too few."""


def segments_under(segments: gpd.GeoDataFrame, clicked: str, lon: float, lat: float) -> list[str]:
    """Return the clicked segment and every other one that runs through the same point.

    Routes that share track are drawn through the same places, so their lines coincide; a
    click there lands on whichever is drawn on top. The others are those whose line is about
    as near the click as the clicked one (within :data:`SHARED_TRACK_DEGREES` more).

    Parameters
    ----------
    segments : GeoDataFrame
        The segments shown.
    clicked : str
        The id of the segment the map reported.
    lon, lat : float
        Where the click landed.

    Returns
    -------
    list of str
        The clicked segment first, then the others in their order.
    """
    point = shapely.Point(lon, lat)
    distances = shapely.distance(segments.geometry.values, point)
    by_id = dict(zip(segments.index, distances, strict=True))
    limit = by_id[clicked] + SHARED_TRACK_DEGREES
    return [clicked, *(sid for sid, d in by_id.items() if sid != clicked and d <= limit)]
