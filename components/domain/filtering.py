"""Select segments by country, route and mode."""

from __future__ import annotations

from collections.abc import Collection

import geopandas as gpd


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
        crosses = segments["countries"].map(lambda codes: not wanted.isdisjoint(codes))
        keep = keep & crosses.astype(bool)
    if keep is True:
        return segments
    return segments[keep]


def crossed_countries(segments: gpd.GeoDataFrame) -> list[str]:
    """Return every country code that any of the segments crosses, sorted."""
    return sorted({code for codes in segments["countries"] for code in codes})
