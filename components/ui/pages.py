"""The app's pages, declared once: app.py navigates between them, the pages link to them."""

from __future__ import annotations

import streamlit as st

MAP = "pages/map.py"
SEGMENT = "pages/segment.py"
SOURCE = "pages/source.py"
COUNTRY = "pages/country.py"
SEARCH = "pages/search.py"
ABOUT = "pages/about.py"
ADD_SOURCE = "pages/add_source.py"


_APP_RAN = "corridor_app_ran"


def mark_app_run() -> None:
    """Note that app.py runs this session's pages (called by app.py before navigating)."""
    st.session_state[_APP_RAN] = True


def require_app() -> None:
    """Make sure a page runs inside app.py's navigation, even when opened by a deep link.

    Until app.py has called ``st.navigation`` once in the server process, Streamlit treats the
    ``pages/`` folder as a legacy multipage app: a first visitor who opens ``/segment?id=...``
    gets ``pages/segment.py`` run on its own (no page config, a sidebar of file names). Calling
    ``st.navigation`` switches the process to app.py's pages; the rerun then goes through app.py.
    """
    if not st.session_state.get(_APP_RAN):
        navigation()
        st.rerun()


def navigation() -> st.navigation:
    """Return the app's navigation: the map first, then the evidence pages."""
    from components.ui.add_source import writing_enabled

    entries = [
        st.Page(MAP, title="Map", default=True),
        st.Page(SEGMENT, title="Segment", url_path="segment"),
        st.Page(SOURCE, title="Source", url_path="source"),
        st.Page(COUNTRY, title="Country", url_path="country"),
        st.Page(SEARCH, title="Search", url_path="search"),
        st.Page(ABOUT, title="About the data", url_path="about"),
    ]
    if writing_enabled():
        entries.append(st.Page(ADD_SOURCE, title="Add a source", url_path="add-source"))
    return st.navigation(entries)


def not_found(what: str, value: str | None) -> None:
    """Say that an id from the URL names nothing, show it literally, and offer a way back."""
    if value:
        st.warning(f"No {what} is called:")
        st.code(value[:200], language=None)
    else:
        st.info(f"No {what} was chosen.")
    st.page_link(MAP, label="Back to the map", icon=":material/arrow_back:")
