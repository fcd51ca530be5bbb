"""Read the supporting files of a data directory: facts, facilities, names, land, gazetteer.

Each is optional: a missing file is an empty layer, not a problem. What a file must hold is
checked by the core (``*_from_json``); this module only finds and parses the files.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import geopandas as gpd

from components.core.facts import FACTS_FILE, Fact, facts_from_json
from components.core.gazetteer import GAZETTEER_FILE, Gazetteer
from components.core.labels import LABELS_FILE, LAND_FILE, Label, labels_from_json, land_from_json
from components.core.nodes import NODES_FILE, empty_nodes, nodes_from_json
from components.core.problems import Problem
from components.storage.files import read_json


def load_facts(
    root: Path, subjects: Collection[str], countries: Collection[str]
) -> tuple[list[Fact], list[Problem]]:
    """Read ``facts.json``; see :func:`components.core.facts.facts_from_json`."""
    value, problems = _read_if_present(root, FACTS_FILE)
    if value is None:
        return [], problems
    facts, more = facts_from_json(value, subjects, countries)
    return facts, problems + more


def load_nodes(
    root: Path, segment_ids: Collection[str], country_codes: Collection[str]
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read ``nodes.geojson``; see :func:`components.core.nodes.nodes_from_json`."""
    value, problems = _read_if_present(root, NODES_FILE)
    if value is None:
        return empty_nodes(), problems
    nodes, more = nodes_from_json(value, segment_ids, country_codes)
    return nodes, problems + more


def load_labels(root: Path) -> tuple[list[Label], list[Problem]]:
    """Read ``labels.json``; see :func:`components.core.labels.labels_from_json`."""
    value, problems = _read_if_present(root, LABELS_FILE)
    if value is None:
        return [], problems
    labels, more = labels_from_json(value)
    return labels, problems + more


def load_land(root: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read ``land.geojson``; see :func:`components.core.labels.land_from_json`."""
    value, problems = _read_if_present(root, LAND_FILE)
    if value is None:
        return [], problems
    land, more = land_from_json(value)
    return land, problems + more


def load_gazetteer(data_dir: str | Path) -> tuple[Gazetteer, list[Problem]]:
    """Read ``gazetteer.json``; see :meth:`components.core.gazetteer.Gazetteer.from_json`."""
    value, problems = _read_if_present(Path(data_dir), GAZETTEER_FILE)
    if value is None:
        return Gazetteer(), problems
    gazetteer, more = Gazetteer.from_json(value)
    return gazetteer, problems + more


def _read_if_present(root: Path, name: str) -> tuple[Any, list[Problem]]:
    """Return the parsed file and its problems; ``(None, [])`` when the file is absent."""
    if not (root / name).exists():
        return None, []
    return read_json(root, name)
