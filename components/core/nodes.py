"""The facilities layer (``data/nodes.geojson``): ports, crossings, terminals, pump stations."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import geopandas as gpd

from components.core.geojson import CRS, features_to_frame, frame_rows
from components.core.model import (
    id_fault,
    is_text,
    label_text_fault,
    prose_text_fault,
    segment_ids_fault,
)
from components.core.problems import Problem, checked, shown

NODES_FILE = "nodes.geojson"
NODE_KINDS = (
    "port",
    "dry-port",
    "border-crossing",
    "terminal",
    "pump-station",
    "station",
    "junction",
)
NODE_KIND_LABELS = {
    "port": "Port",
    "dry-port": "Dry port",
    "border-crossing": "Border crossing",
    "terminal": "Terminal",
    "pump-station": "Pump station",
    "station": "Station",
    "junction": "Junction",
}
NODE_PROPERTIES = ("id", "name", "kind", "countries", "source", "approximate", "segments")
_CODE = re.compile(r"[A-Z]{2}")


def empty_nodes() -> gpd.GeoDataFrame:
    """Return a facilities layer without rows (the file is missing or wholly invalid)."""
    columns = [name for name in NODE_PROPERTIES if name != "id"]
    return gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs=CRS)


def nodes_from_json(
    value: Any, segment_ids: Collection[str], country_codes: Collection[str]
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Check the parsed content of ``nodes.geojson``: the facilities, as GeoJSON Points.

    Parameters
    ----------
    value : Any
        The parsed file.
    segment_ids : collection of str
        The segments a facility may sit on.
    country_codes : collection of str
        The alpha-2 codes a facility may lie in.

    Returns
    -------
    tuple of (GeoDataFrame, list of Problem)
        Indexed by id, columns ``name, kind, countries, source, approximate, segments``; a
        problem per facility left out. An approximate facility's ``source`` says how far off
        it may be.
    """
    frame, problems = features_to_frame(
        value, NODES_FILE, geometry_types=("Point",), required=NODE_PROPERTIES
    )
    if frame.empty:
        return empty_nodes(), problems
    faults = {
        node_id: checked(_node_fault, row, segment_ids, country_codes)
        for node_id, row in frame_rows(frame)
    }
    problems += [Problem(NODES_FILE, str(nid), fault) for nid, fault in faults.items() if fault]
    return frame.loc[[node_id for node_id, fault in faults.items() if not fault]], problems


def nodes_on(nodes: gpd.GeoDataFrame, segment_ids: Collection[str]) -> gpd.GeoDataFrame:
    """Return the facilities that sit on any of the given segments, in file order."""
    wanted = set(segment_ids)
    return nodes[[not wanted.isdisjoint(segments) for segments in nodes["segments"]]]


def _node_fault(
    row: Any, segment_ids: Collection[str], country_codes: Collection[str]
) -> str | None:
    fault = id_fault(row.name)
    if fault:
        return fault
    kind = row["kind"]
    if not isinstance(kind, str) or kind not in NODE_KINDS:
        return f"unknown kind {shown(kind)}; one of {', '.join(NODE_KINDS)}"
    if not is_text(row["name"]) or not is_text(row["source"]):
        return "name and source must be text"
    fault = label_text_fault(row["name"], "name") or prose_text_fault(row["source"], "source")
    if fault:
        return fault
    countries = row["countries"]
    if not isinstance(countries, list) or not countries:
        return "countries must list the alpha-2 codes of the countries it lies in"
    if not all(isinstance(code, str) and _CODE.fullmatch(code) for code in countries):
        return "countries must list alpha-2 codes (two capital letters)"
    unknown = [code for code in countries if code not in country_codes]
    if unknown:
        return f"unknown country {', '.join(shown(code) for code in unknown[:5])}"
    if not isinstance(row["approximate"], bool):
        return "approximate must be true or false"
    return segment_ids_fault(row["segments"], segment_ids)
