"""Build ``data/nodes.geojson``: the facilities the routes run through, from the gazetteer.

Every place of ``data/places.csv`` whose kind is a facility (:data:`NODE_KINDS`: ports, dry
ports, border crossings, terminals, pump stations, stations, junctions) and that some segment of
``data/route_plan.json`` passes becomes one Point feature, with the segments it sits on.

Run as ``uv run corridor build-nodes``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from components.build.options import add_data_option, data_root
from components.build.places import PLACES_NAME, Place, read_places
from components.build.segments import PLAN_NAME, dumps_features
from components.core.nodes import NODE_KINDS

NODES_NAME = "nodes.geojson"


def build_nodes(plan: list[dict[str, Any]], places: dict[str, Place]) -> dict[str, Any]:
    """Return the facilities as an RFC 7946 FeatureCollection, in gazetteer order.

    Parameters
    ----------
    plan : list of dict
        Segments with ``id`` and ``via`` (place ids and border tokens).
    places : dict of str to Place
        The gazetteer.

    Returns
    -------
    dict
        Properties ``id, name, kind, countries, source, approximate, segments``; a facility
        no segment passes is left out.
    """
    on: dict[str, list[str]] = {}
    for entry in plan:
        for token in entry["via"]:
            on.setdefault(token, []).append(entry["id"])
    features = []
    for place in places.values():
        if place.kind not in NODE_KINDS or place.id not in on:
            continue
        properties = {
            "id": place.id,
            "name": place.name,
            "kind": place.kind,
            "countries": [place.country],
            "source": place.source,
            "approximate": place.approximate_km is not None,
            "segments": list(dict.fromkeys(on[place.id])),
        }
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


DESCRIPTION = "Write data/nodes.geojson: the facilities the routes pass, from the gazetteer."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``data/nodes.geojson`` from the route plan and the gazetteer."""
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    add_data_option(parser)
    parser.add_argument("--output", type=Path, help="file to write (default: <data>/nodes.geojson)")
    args = parser.parse_args(argv)
    root = data_root(args)
    plan = json.loads((root / PLAN_NAME).read_text(encoding="utf-8"))
    collection = build_nodes(plan, read_places(root / PLACES_NAME))
    output = args.output or root / NODES_NAME
    output.write_text(dumps_features(collection), encoding="utf-8")
    print(f"wrote {len(collection['features'])} facilities to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
