"""The app's pages, declared once: app.py navigates between them, the pages link to them."""

from __future__ import annotations

import streamlit as st

MAP = "pages/map.py"
SEGMENT = "pages/segment.py"
SOURCE = "pages/source.py"
COUNTRY = "pages/country.py"
SEARCH = "pages/search.py"
ABOUT = "pages/about.py"


def navigation() -> st.navigation:
    """Return the app's navigation: the map first, then the evidence pages."""
    return st.navigation(
        [
            st.Page(MAP, title="Map", icon=":material/map:", default=True),
            st.Page(SEGMENT, title="Segment", icon=":material/timeline:", url_path="segment"),
            st.Page(SOURCE, title="Source", icon=":material/article:", url_path="source"),
            st.Page(COUNTRY, title="Country", icon=":material/flag:", url_path="country"),
            st.Page(SEARCH, title="Search", icon=":material/search:", url_path="search"),
            st.Page(ABOUT, title="About the data", icon=":material/info:", url_path="about"),
        ]
    )


def not_found(what: str, value: str | None) -> None:
    """Say that an id from the URL names nothing, show it literally, and offer a way back."""
    if value:
        st.warning(f"No {what} is called:")
        st.code(value[:200], language=None)
    else:
        st.info(f"No {what} was chosen.")
    st.page_link(MAP, label="Back to the map", icon=":material/arrow_back:")
