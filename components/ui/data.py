"""Cached access to the data for the pages: loaded once per data version, not per rerun."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.core.atlas import Atlas
from components.core.geometry import Bounds
from components.core.nodes import nodes_on
from components.mapping.budget import merged_by_mode, over_budget
from components.mapping.builder import RouteLayer, Tiles
from components.mapping.fit import basemap_bounds
from components.mapping.layers import country_features, node_features, segment_features
from components.mapping.name_placement import country_labels, label_features, place_labels
from components.storage.loading import load_atlas
from components.storage.paths import data_dir, data_version

DataKey = tuple[str, tuple]
"""The data directory and its :func:`data_version`: what every cached value is keyed on."""


def _key() -> DataKey:
    directory = str(data_dir())
    return directory, data_version(directory)


@st.cache_data(show_spinner="Loading routes and quotes…")
def _atlas(key: DataKey) -> Atlas:
    return load_atlas(key[0])


@dataclass(frozen=True)
class MapFeatures:
    """What every map draws, prepared once per data version (every text already inert)."""

    segments: list[dict[str, Any]]
    countries: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    labels: list[list[Any]]
    land: list[dict[str, Any]]
    max_bounds: Bounds | None


@st.cache_data(show_spinner=False)
def _map_features(key: DataKey) -> MapFeatures:
    loaded = _atlas(key)
    countries = country_features(loaded)
    segments = segment_features(loaded)
    candidates = [(lb.text, lb.kind, lb.lat, lb.lon, -lb.priority) for lb in loaded.labels]
    labels = label_features(place_labels(candidates + country_labels(loaded.countries)))
    return MapFeatures(
        segments,
        countries,
        node_features(loaded),
        labels,
        [{**f, "properties": {"land": True}} for f in loaded.land],
        basemap_bounds([*countries, *loaded.land], segments),
    )


def atlas() -> Atlas:
    """Return the atlas of the configured data directory (``$CORRIDOR_DATA`` or ``data/``)."""
    return _atlas(_key())


def route_layers(shown: set[str] | None = None) -> list[RouteLayer]:
    """Return one :class:`RouteLayer` per route, holding the shown segments (all by default)."""
    key = _key()
    segments = _map_features(key).segments
    return [
        RouteLayer(
            route.id,
            route.name,
            route.colour,
            tuple(
                feature
                for feature in segments
                if feature["properties"]["route"] == route.id
                and (shown is None or feature["properties"]["id"] in shown)
            ),
        )
        for route in _atlas(key).routes.values()
    ]


def layers_within_budget(shown: set[str]) -> tuple[list[RouteLayer], bool]:
    """Return the route layers for the shown segments, merged per mode when there are too many.

    Returns
    -------
    tuple of (list of RouteLayer, bool)
        The layers, and whether they were merged (see :mod:`components.mapping.budget`).
    """
    layers = route_layers(shown)
    if over_budget(layers):
        return merged_by_mode(layers), True
    return layers, False


def node_layer(segment_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Return the facility features, only those on the given segments when they are given."""
    key = _key()
    features = _map_features(key).nodes
    if segment_ids is None:
        return features
    on = set(nodes_on(_atlas(key).nodes, segment_ids).index)
    return [feature for feature in features if feature["properties"]["node"] in on]


@st.cache_resource(show_spinner=False)
def _published_basemap(key: DataKey) -> str | dict[str, Any]:
    from components.ui.served_files import publish_basemap

    features = _map_features(key)
    return publish_basemap([*features.countries, *features.land])


def published_basemap() -> str | dict[str, Any]:
    """Return the basemap's URL (written once per data version), or the basemap itself.

    The basemap is carried inline only where no temporary directory is writable.
    """
    return _published_basemap(_key())


TILES_ENV, TILES_ATTRIBUTION_ENV = "CORRIDOR_TILES", "CORRIDOR_TILES_ATTRIBUTION"


def tiles_from_environment() -> Tiles | None:
    """Return the online tiles a deployment asked for, or ``None`` (the default: offline).

    ``CORRIDOR_TILES`` is an https URL template with ``{z}``, ``{x}`` and ``{y}``;
    ``CORRIDOR_TILES_ATTRIBUTION`` its credit, required by every tile provider. Anything else
    is ignored: the map never depends on tiles.
    """
    url = os.environ.get(TILES_ENV, "").strip()
    credit = os.environ.get(TILES_ATTRIBUTION_ENV, "").strip()
    placeholders = all(f"{{{name}}}" in url for name in "zxy")
    if not (url.lower().startswith("https://") and placeholders and credit):
        return None
    return Tiles(url, credit[:200])


def basemap() -> dict[str, Any]:
    """Return what every map takes besides its routes, as keyword arguments of ``build_map``.

    Where Leaflet is served, the country outlines (embedded only where highlighted), the
    basemap, the placed names and the bounds no view may leave.
    """
    from components.ui.served_files import LEAFLET_URL

    features = _map_features(_key())
    return {
        "leaflet_url": LEAFLET_URL,
        "countries": features.countries,
        "basemap": published_basemap(),
        "labels": features.labels,
        "max_bounds": features.max_bounds,
        "tiles": tiles_from_environment(),
    }
