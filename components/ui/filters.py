"""The map view bound to the URL: widgets start from the query string and write back to it."""

from __future__ import annotations

import colorsys
from collections.abc import Collection

import geopandas as gpd
import streamlit as st

from components.core.atlas import Atlas
from components.core.filtering import crossed_countries, segments_under
from components.core.model import MODES
from components.core.shared_view import PARAMETERS, Allowed, View, parse_view, view_to_params
from components.core.support import LEVELS
from components.core.vocabulary import LEVEL_LABELS, MODE_LABELS
from components.ui.errors import guarded
from components.ui.markdown import md_literal

COUNTRY_KEY, ROUTE_KEY, MODE_KEY, SEGMENT_KEY = "country", "route", "mode", "segment"
OVERLAP_KEY = "segments_under_click"
EVIDENCE_KEY = "evidence"
DROPPED_KEY = "dropped_url_values"
_LAST_CLICK = "last_clicked_segment"
_WRITTEN = "query_written_by_map"
_ALL_ROUTES = "all_routes"


def allowed_values(atlas: Atlas) -> Allowed:
    """Return what the URL may name: countries crossed, routes, modes and segment ids."""
    return Allowed(
        crossed_countries(atlas.segments),
        list(atlas.routes),
        list(MODES),
        list(atlas.segments.index),
        list(LEVELS),
    )


def restore_from_url(atlas: Atlas) -> None:
    """Put the URL's view into the widgets' session state when the URL brings a new view.

    That is on a session's first run, when another page links to the map with its own query
    (e.g. a country page's "show on the map"), and when the reader comes back to the map (with
    the browser's Back button): Streamlit forgets a widget's state while another page runs,
    so the URL, which kept the whole view, restores it. The map's own reruns find the query it
    wrote itself and its widgets in place, and keep them as they are.
    """
    query = {name: st.query_params.get_all(name) for name in PARAMETERS}
    widgets_kept = all(key in st.session_state for key in (COUNTRY_KEY, ROUTE_KEY, MODE_KEY))
    if widgets_kept and query == st.session_state.get(_WRITTEN):
        return
    view, dropped = parse_view(st.query_params.get_all, allowed_values(atlas))
    st.session_state[COUNTRY_KEY] = list(view.countries)
    st.session_state[ROUTE_KEY] = list(view.routes or atlas.routes)
    st.session_state[_ALL_ROUTES] = list(atlas.routes)
    st.session_state[MODE_KEY] = list(view.modes)
    st.session_state[EVIDENCE_KEY] = list(view.evidence)
    st.session_state[SEGMENT_KEY] = view.segment
    st.session_state[DROPPED_KEY] = dropped


def current_view(all_routes: Collection[str]) -> View:
    """Return the view the widgets and the selection hold now.

    The route switch holds the routes shown; the view names them only when some are hidden
    (all shown is the default, and keeps shared links short).
    """
    shown = tuple(st.session_state.get(ROUTE_KEY, all_routes))
    return View(
        tuple(st.session_state.get(COUNTRY_KEY, ())),
        shown if set(shown) != set(all_routes) else (),
        tuple(st.session_state.get(MODE_KEY, ())),
        st.session_state.get(SEGMENT_KEY),
        tuple(st.session_state.get(EVIDENCE_KEY, ())),
    )


def write_to_url(view: View) -> None:
    """Make the query string describe ``view`` exactly, so the address bar is shareable."""
    params = view_to_params(view)
    st.session_state[_WRITTEN] = {name: params.get(name, []) for name in PARAMETERS}
    for name in PARAMETERS:
        if name not in params and name in st.query_params:
            del st.query_params[name]
    for name, values in params.items():
        if st.query_params.get_all(name) != values:
            st.query_params[name] = values


def filter_controls(atlas: Atlas) -> None:
    """Draw the country, mode and evidence filters in a popover, bound to the session state."""
    active = sum(bool(st.session_state.get(k)) for k in (COUNTRY_KEY, MODE_KEY, EVIDENCE_KEY))
    label = f"Filters ({active})" if active else "Filters"
    with st.popover(label, icon=":material/filter_list:"):
        st.multiselect(
            "Countries",
            crossed_countries(atlas.segments),
            key=COUNTRY_KEY,
            format_func=atlas.country_name,
            placeholder="All countries",
            help="Shows the segments that cross **any** of the chosen countries.",
        )
        st.multiselect(
            "Modes",
            list(MODES),
            key=MODE_KEY,
            format_func=lambda mode: MODE_LABELS[mode],
            placeholder="All modes",
        )
        st.multiselect(
            "Evidence",
            list(LEVELS),
            key=EVIDENCE_KEY,
            format_func=lambda level: LEVEL_LABELS[level],
            placeholder="Any evidence",
            help=(
                "How strongly the quotes support a segment: they name a place or line on it, "
                "name only its route, or speak of the region in general."
            ),
        )
        st.button("Reset filters", on_click=reset_filters, width="stretch")


def route_switch(atlas: Atlas) -> None:
    """Draw the legend of the routes, which is also their switch: a pill per route, on or off.

    Bound to the same state as the URL's ``route``: hiding a route updates the map, the
    figures, the table and the link together.
    """
    st.pills(
        "Routes shown (click to hide or show)",
        list(atlas.routes),
        selection_mode="multi",
        key=ROUTE_KEY,
        wrap=True,
        format_func=lambda route: route_pill(atlas.routes[route].name, atlas.routes[route].colour),
    )


PILL_NAME_LENGTH = 60


def route_pill(name: str, colour: str) -> str:
    """Return a route's pill label, Markdown-safe: a line in its colour, and its name.

    The colour is the nearest of Streamlit's palette (pills take no other colour). A long
    name is shortened, so that the switch stays a row of pills above the map.
    """
    shown = name if len(name) <= PILL_NAME_LENGTH else name[: PILL_NAME_LENGTH - 1] + "…"
    return f":{nearest_palette_colour(colour)}[━━] {md_literal(shown)}"


_PALETTE_HUES = {"red": 0, "orange": 30, "yellow": 55, "green": 150, "blue": 205, "violet": 265}


def nearest_palette_colour(colour: str) -> str:
    """Return the Streamlit colour name nearest in hue to ``#RRGGBB`` (grey when unsaturated)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.2:
        return "gray"
    degrees = hue * 360

    def apart(name: str) -> float:
        gap = abs(degrees - _PALETTE_HUES[name])
        return min(gap, 360 - gap)

    return min(_PALETTE_HUES, key=apart)


def no_route_shown() -> bool:
    """Whether the reader switched every route off."""
    return not st.session_state.get(ROUTE_KEY, True)


@guarded
def reset_filters() -> None:
    """Clear every filter, show every route and clear the selection (a button callback)."""
    for key in (COUNTRY_KEY, MODE_KEY, EVIDENCE_KEY):
        st.session_state[key] = []
    st.session_state[ROUTE_KEY] = list(st.session_state.get(_ALL_ROUTES, []))
    st.session_state[SEGMENT_KEY] = None


def apply_map_click(returned: dict | None, shown: gpd.GeoDataFrame) -> bool:
    """Select the segment whose feature was last clicked on the map.

    ``st_folium`` keeps returning the last clicked feature on every rerun, so only a new click
    changes the selection. A click on a merged route selects nothing; a click on a facility
    selects the first shown segment it sits on. Where segments share the track under the
    click (or the facility), all of them are kept in :data:`OVERLAP_KEY` so the panel can
    offer each one.

    Returns
    -------
    bool
        True when the selection changed (the page should rerun to redraw the map).
    """
    returned = returned or {}
    clicked = (returned.get("last_active_drawing") or {}).get("properties") or {}
    where = returned.get("last_object_clicked") or {}
    click = (clicked.get("id") or clicked.get("node"), where.get("lat"), where.get("lng"))
    if click == st.session_state.get(_LAST_CLICK):
        return False
    under = _segments_clicked(clicked, shown, click[1], click[2])
    if not under:
        return False
    st.session_state[_LAST_CLICK] = click
    st.session_state[SEGMENT_KEY] = under[0]
    st.session_state[OVERLAP_KEY] = under
    return True


def _segments_clicked(clicked: dict, shown: gpd.GeoDataFrame, lat, lon) -> list[str]:
    """Return the shown segments a click reached, the clicked one first.

    A segment, or the segments a facility sits on, and every other that runs there.
    """
    if clicked.get("node"):
        segments = clicked.get("segments")
        first = [s for s in segments if s in shown.index] if isinstance(segments, list) else []
    else:
        segment_id = clicked.get("id")
        first = [segment_id] if isinstance(segment_id, str) and segment_id in shown.index else []
    if first and all(isinstance(n, int | float) for n in (lat, lon)):
        first += segments_under(shown, first[0], lon, lat)
    return list(dict.fromkeys(first))


@guarded
def clear_selection() -> None:
    """Forget the selected segment (a button callback)."""
    st.session_state[SEGMENT_KEY] = None
