"""Cached access to the data for the pages: loaded once per data version, not per rerun."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.domain.loading import Atlas, data_dir, data_version, load_atlas
from components.mapping.builder import RouteLayer
from components.mapping.layers import country_features, segment_features

DataKey = tuple[str, tuple]
"""The data directory and its :func:`data_version`: what every cached value is keyed on."""


def _key() -> DataKey:
    directory = str(data_dir())
    return directory, data_version(directory)


@st.cache_data(show_spinner="Loading routes and quotes…")
def _atlas(key: DataKey) -> Atlas:
    return load_atlas(key[0])


@st.cache_data(show_spinner=False)
def _map_features(key: DataKey) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    loaded = _atlas(key)
    return segment_features(loaded), country_features(loaded)


def atlas() -> Atlas:
    """Return the atlas of the configured data directory (``$CORRIDOR_DATA`` or ``data/``)."""
    return _atlas(_key())


def route_layers(shown: set[str] | None = None) -> list[RouteLayer]:
    """Return one :class:`RouteLayer` per route, holding the shown segments (all by default)."""
    key = _key()
    segments, _ = _map_features(key)
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


def country_layer() -> list[dict[str, Any]]:
    """Return the country outline features for the basemap."""
    return _map_features(_key())[1]
