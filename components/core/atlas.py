"""The atlas: everything the dashboard shows, loaded and cross-checked by the storage layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import geopandas as gpd

from components.core.facts import Fact
from components.core.labels import Label
from components.core.model import Quote, Route, Source
from components.core.nodes import empty_nodes
from components.core.problems import Notice, Problem
from components.core.support import Support


@dataclass
class Atlas:
    """Everything the dashboard shows, loaded and cross-checked.

    Attributes
    ----------
    routes : dict of str to Route
    segments : GeoDataFrame
        Indexed by segment id; columns ``route``, ``name``, ``mode``, ``via`` and the derived
        ``countries`` (alpha-2 codes in order along the line) and ``length_km``. EPSG:4326.
    countries : GeoDataFrame
        Indexed by alpha-2 code; column ``name``. EPSG:4326.
    sources : dict of str to Source
    quotes : list of Quote
        Anchored in their sources; a quote that could not be anchored is left out.
    problems : list of Problem
        Errors: what was left out or is inconsistent.
    notices : list of Notice
        Warnings that need no action to keep working (e.g. a quote re-anchored).
    facts : list of Fact
        Published figures about routes and segments, each with its citation.
    nodes : GeoDataFrame
        The facilities the routes run through (ports, crossings, terminals, pump stations),
        indexed by id. EPSG:4326.
    support : dict of str to dict of str to Support
        Quote id to segment id to the support level of that link and the words that decided
        it (see :mod:`components.core.support`).
    evidence : dict of str to str
        Segment id to its evidence: the strongest level of its links, ``none`` when unquoted.
        Also the ``evidence`` column of ``segments``.
    labels : list of Label
        Names written on the map: the routes' hubs and the seas.
    land : list of dict
        GeoJSON features of the land around the region the country outlines cover.
    """

    routes: dict[str, Route]
    segments: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    sources: dict[str, Source]
    quotes: list[Quote]
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    nodes: gpd.GeoDataFrame = field(default_factory=empty_nodes)
    support: dict[str, dict[str, Support]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)
    land: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def quotes_by_segment(self) -> dict[str, list[Quote]]:
        """Map each segment id to the quotes that support it, in file order."""
        index: dict[str, list[Quote]] = {segment_id: [] for segment_id in self.segments.index}
        for quote in self.quotes:
            for segment_id in quote.segments:
                index.setdefault(segment_id, []).append(quote)
        return index

    def route_segments(self, route_id: str) -> gpd.GeoDataFrame:
        """Return the segments of one route, in file order."""
        return self.segments[self.segments["route"] == route_id]

    def country_name(self, code: str) -> str:
        """Return a country's display name, or the code itself when the country is unknown."""
        if code in self.countries.index:
            return str(self.countries.at[code, "name"])
        return code
