"""Cached access to the data for the pages: loaded once per data version, not per rerun."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.domain.loading import Atlas, data_dir, data_version, load_atlas
from components.domain.nodes import nodes_on
from components.mapping.budget import merged_by_mode, over_budget
from components.mapping.builder import RouteLayer
from components.mapping.layers import country_features, node_features, segment_features

DataKey = tuple[str, tuple]
"""The data directory and its :func:`data_version`: what every cached value is keyed on."""


def _key() -> DataKey:
    directory = str(data_dir())
    return directory, data_version(directory)


@st.cache_data(show_spinner="Loading routes and quotes…")
def _atlas(key: DataKey) -> Atlas:
    return load_atlas(key[0])


MapFeatures = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


@st.cache_data(show_spinner=False)
def _map_features(key: DataKey) -> MapFeatures:
    loaded = _atlas(key)
    return segment_features(loaded), country_features(loaded), node_features(loaded)


def atlas() -> Atlas:
    """Return the atlas of the configured data directory (``$CORRIDOR_DATA`` or ``data/``)."""
    return _atlas(_key())


def route_layers(shown: set[str] | None = None) -> list[RouteLayer]:
    """Return one :class:`RouteLayer` per route, holding the shown segments (all by default)."""
    key = _key()
    segments = _map_features(key)[0]
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
    features = _map_features(key)[2]
    if segment_ids is None:
        return features
    on = set(nodes_on(_atlas(key).nodes, segment_ids).index)
    return [feature for feature in features if feature["properties"]["node"] in on]


def country_layer() -> list[dict[str, Any]]:
    """Return the country outline features for the basemap."""
    return _map_features(_key())[1]


@st.cache_resource(show_spinner=False)
def _published_basemap(key: DataKey) -> str:
    from components.ui.assets import publish_basemap

    return publish_basemap(_map_features(key)[1])


def basemap_url() -> str:
    """Return the URL the map fetches the country outlines from (written once per version)."""
    return _published_basemap(_key())
