"""Build the folium map of the routes: the one map builder every page uses."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import folium

from components.core.geometry import Bounds
from components.mapping.asset_urls import leaflet_css, leaflet_js
from components.mapping.escape import inert
from components.mapping.fit import FitBoundsOnResize
from components.mapping.frame import MapFrame
from components.mapping.hit import HitLines
from components.mapping.layers import NODE_TOOLTIP_FIELDS
from components.mapping.legend import add_legend
from components.mapping.name_placement import MapLabels
from components.mapping.remote import RemoteGeoJson
from components.mapping.styles import (
    COUNTRY_STYLE,
    HALO_STYLE,
    HIGHLIGHTED_COUNTRY_STYLE,
    LAND_STYLE,
    NODE_STYLE,
    SEA_BACKGROUND,
    segment_style,
)


@dataclass(frozen=True)
class Tiles:
    """An online tile layer: an https URL template (``{z}``, ``{x}``, ``{y}``) and its credit."""

    url: str
    attribution: str


@dataclass(frozen=True)
class RouteLayer:
    """One route as the map draws it.

    ``name`` is plain text (the builder makes it inert); ``features`` come from
    :func:`components.mapping.layers.segment_features` and are inert already.
    """

    id: str
    name: str
    colour: str
    features: tuple[dict[str, Any], ...]


def build_map(
    routes: Sequence[RouteLayer],
    countries: Sequence[dict[str, Any]],
    *,
    bounds: Bounds,
    selected: str | None = None,
    highlighted_countries: Collection[str] = (),
    basemap: str | Mapping[str, Any] | None = None,
    nodes: Sequence[dict[str, Any]] = (),
    labels: Sequence[list[Any]] = (),
    max_bounds: Bounds | None = None,
    tiles: Tiles | None = None,
    leaflet_url: str = "",
) -> folium.Map:
    """Return a folium map of the routes on a country basemap, with names and facilities.

    Parameters
    ----------
    routes : sequence of RouteLayer
        The routes to draw, with the segment features to show (see
        :func:`components.mapping.layers.segment_features`); a route without features is
        left out, so the legend lists only what is shown. Which routes are shown is decided
        by the page (the route switch), not inside the map.
    countries : sequence of dict
        Country outline features (see :func:`components.mapping.layers.country_features`).
        With ``basemap`` only the highlighted ones are embedded in the map.
    bounds : Bounds
        The map opens fitted to these bounds.
    selected : str, optional
        Id of the segment drawn highlighted: a halo under it, the other segments dimmed.
    highlighted_countries : collection of str
        Alpha-2 codes of the countries filled in the highlight colour.
    basemap : str or mapping, optional
        The basemap (country outlines and the land around them, see
        :mod:`components.ui.served_files`): the URL the map fetches it from, which keeps reruns
        light, or the GeoJSON FeatureCollection itself, carried inline where the app cannot
        write a file to serve.
    nodes : sequence of dict
        Facility Point features (see :func:`components.mapping.layers.node_features`), drawn
        as small markers above the routes with their name on hover; clicking one selects
        nothing.
    labels : sequence of list
        Placed names (see :func:`components.mapping.name_placement.label_features`), each shown only
        at the zooms where it collides with none.
    max_bounds : Bounds, optional
        Where the basemap ends: no view may reach beyond it.
    tiles : Tiles, optional
        An online tile layer under everything, for deployments that want one (see
        :func:`components.ui.data.tiles_from_environment`); the country outlines are then
        drawn without fill. Never needed: the map is complete without it.

    leaflet_url : str, optional
        The URL of the folder the map loads ``leaflet.js`` and ``leaflet.css`` from (the app
        serves it, see :mod:`components.ui.served_files`); relative to the map's frame.

    Returns
    -------
    folium.Map
        Loads Leaflet from the app itself (no CDN); tiles are not used, the country outlines
        are the basemap.
    """
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_snap=0.25)
    # Per-map lists: Map.add_js_link would mutate the class-level defaults shared by all maps.
    fmap.default_js = leaflet_js(leaflet_url)
    fmap.default_css = leaflet_css(leaflet_url)
    root = cast(folium.Figure, fmap.get_root())  # typed as any Element; a Map's is a Figure
    root.header.add_child(
        folium.Element(f"<style>.leaflet-container{{background:{SEA_BACKGROUND}}}</style>")
    )
    highlighted = set(highlighted_countries)
    if tiles is not None:
        folium.TileLayer(tiles.url, attr=inert(tiles.attribution), control=False).add_to(fmap)
    if basemap:
        unfilled = {"fillOpacity": 0.0} if tiles is not None else {}
        fmap.add_child(
            RemoteGeoJson(basemap, {**COUNTRY_STYLE, **unfilled}, {**LAND_STYLE, **unfilled})
        )
        countries = [f for f in countries if f["properties"]["code"] in highlighted]
    _add_countries(fmap, countries, highlighted)
    shown = [route for route in routes if route.features]
    if selected is not None:
        _add_halo(fmap, shown, selected)
    for route in shown:
        _add_route(fmap, route, selected)
    if nodes:
        _add_nodes(fmap, nodes)
    if labels:
        fmap.add_child(MapLabels(list(labels)))
    features = [f for route in shown for f in route.features]
    modes = sorted({f["properties"]["mode"] for f in features})
    faded = any(f["properties"].get("weak") for f in features)
    # The routes' legend is the page's route switch; the map's own legend explains line styles.
    add_legend(fmap, [], modes, faded=faded)
    fmap.add_child(MapFrame())
    limits = [list(max_bounds[0]), list(max_bounds[1])] if max_bounds else None
    fmap.add_child(FitBoundsOnResize([list(bounds[0]), list(bounds[1])], limits))
    return fmap


def _add_countries(fmap: folium.Map, features: Sequence[dict[str, Any]], highlighted: set[str]):
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        code = feature["properties"]["code"]
        return HIGHLIGHTED_COUNTRY_STYLE if code in highlighted else COUNTRY_STYLE

    folium.GeoJson(
        {"type": "FeatureCollection", "features": list(features)},
        name="Countries",
        style_function=style,
        interactive=False,
        control=False,
    ).add_to(fmap)


def _add_halo(fmap: folium.Map, routes: Sequence[RouteLayer], selected: str) -> None:
    """Draw a wide light line under the selected segment, so it stands out on any colour."""
    chosen = [f for route in routes for f in route.features if f["properties"]["id"] == selected]
    if chosen:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": chosen},
            style_function=lambda _: HALO_STYLE,
            interactive=False,
            control=False,
        ).add_to(fmap)


def _add_route(fmap: folium.Map, route: RouteLayer, selected: str | None) -> None:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        properties = feature["properties"]
        return segment_style(
            properties["mode"],
            route.colour,
            selected=properties["id"] == selected,
            weak=bool(properties.get("weak")),
            dimmed=selected is not None and properties["id"] != selected,
        )

    lines = folium.GeoJson(
        {"type": "FeatureCollection", "features": list(route.features)},
        name=inert(route.name),
        style_function=style,
        interactive=False,
        control=False,
    ).add_to(fmap)
    fmap.add_child(HitLines(lines))


def _add_nodes(fmap: folium.Map, nodes: Sequence[dict[str, Any]]) -> None:
    fields, aliases = zip(*NODE_TOOLTIP_FIELDS, strict=True)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": list(nodes)},
        name="Facilities",
        marker=folium.CircleMarker(**NODE_STYLE),
        tooltip=folium.GeoJsonTooltip(
            fields=list(fields), aliases=[inert(alias) for alias in aliases], sticky=True
        ),
        control=False,
    ).add_to(fmap)
