"""The map view bound to the URL: widgets start from the query string and write back to it."""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from components.domain.filtering import crossed_countries
from components.domain.loading import Atlas
from components.domain.model import MODES
from components.domain.support import LEVELS
from components.domain.view import PARAMETERS, Allowed, View, parse_view, view_to_params
from components.domain.vocabulary import LEVEL_LABELS, MODE_LABELS

COUNTRY_KEY, ROUTE_KEY, MODE_KEY, SEGMENT_KEY = "country", "route", "mode", "segment"
EVIDENCE_KEY = "evidence"
DROPPED_KEY = "dropped_url_values"
_INITIALISED = "view_initialised"
_LAST_CLICK = "last_clicked_segment"
_WRITTEN = "query_written_by_map"


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

    That is on a session's first run, and when another page links to the map with its own
    query (e.g. a country page's "show on the map"); the map's own reruns find the query it
    wrote itself and keep the widgets as they are.
    """
    query = {name: st.query_params.get_all(name) for name in PARAMETERS}
    if st.session_state.get(_INITIALISED) and query == st.session_state.get(_WRITTEN):
        return
    view, dropped = parse_view(st.query_params.get_all, allowed_values(atlas))
    st.session_state[COUNTRY_KEY] = list(view.countries)
    st.session_state[ROUTE_KEY] = list(view.routes)
    st.session_state[MODE_KEY] = list(view.modes)
    st.session_state[EVIDENCE_KEY] = list(view.evidence)
    st.session_state[SEGMENT_KEY] = view.segment
    st.session_state[DROPPED_KEY] = dropped
    st.session_state[_INITIALISED] = True


def current_view() -> View:
    """Return the view the widgets and the selection hold now."""
    return View(
        tuple(st.session_state.get(COUNTRY_KEY, ())),
        tuple(st.session_state.get(ROUTE_KEY, ())),
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


def filter_sidebar(atlas: Atlas) -> None:
    """Draw the country, route and mode filters, bound to the session state."""
    allowed = allowed_values(atlas)
    st.sidebar.header("Filters")
    st.sidebar.multiselect(
        "Countries",
        allowed.countries,
        key=COUNTRY_KEY,
        format_func=atlas.country_name,
        placeholder="All countries",
        help="Shows the segments that cross **any** of the chosen countries.",
    )
    st.sidebar.caption("A segment is shown when it crosses any of the chosen countries.")
    st.sidebar.multiselect(
        "Routes",
        list(atlas.routes),
        key=ROUTE_KEY,
        format_func=lambda route: atlas.routes[route].name,
        placeholder="All routes",
    )
    st.sidebar.multiselect(
        "Modes", list(MODES), key=MODE_KEY, format_func=MODE_LABELS.get, placeholder="All modes"
    )
    st.sidebar.multiselect(
        "Evidence",
        list(LEVELS),
        key=EVIDENCE_KEY,
        format_func=LEVEL_LABELS.get,
        placeholder="Any evidence",
        help=(
            "How strongly the quotes support a segment: they name a place or line on it, "
            "name only its route, or speak of the region in general."
        ),
    )
    st.sidebar.button("Reset filters", on_click=reset_filters, width="stretch")


def reset_filters() -> None:
    """Clear every filter and the selection (a button callback)."""
    for key in (COUNTRY_KEY, ROUTE_KEY, MODE_KEY, EVIDENCE_KEY):
        st.session_state[key] = []
    st.session_state[SEGMENT_KEY] = None


def apply_map_click(returned: dict | None, segment_ids: Collection[str]) -> bool:
    """Select the segment whose feature was last clicked on the map.

    ``st_folium`` keeps returning the last clicked feature on every rerun, so only a click on
    a feature other than the previous one changes the selection. A click on anything that is
    not one of ``segment_ids`` (a facility, a merged route) selects nothing.

    Returns
    -------
    bool
        True when the selection changed (the page should rerun to redraw the map).
    """
    clicked = ((returned or {}).get("last_active_drawing") or {}).get("properties") or {}
    segment_id = clicked.get("id")
    if segment_id not in segment_ids or segment_id == st.session_state.get(_LAST_CLICK):
        return False
    st.session_state[_LAST_CLICK] = segment_id
    st.session_state[SEGMENT_KEY] = segment_id
    return True


def clear_selection() -> None:
    """Forget the selected segment (a button callback)."""
    st.session_state[SEGMENT_KEY] = None
