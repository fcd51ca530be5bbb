"""The app's pages, declared once: app.py navigates between them, the pages link to them."""

from __future__ import annotations

import os
import re
import unicodedata

import streamlit as st

MAP = "pages/map.py"
SEGMENT = "pages/segment.py"
SOURCE = "pages/source.py"
COUNTRY = "pages/country.py"
SEARCH = "pages/search.py"
ABOUT = "pages/about.py"
ADD_SOURCE = "pages/add_source.py"
WRITE_ENV = "CORRIDOR_WRITE"


def writing_enabled() -> bool:
    """Whether this server may change the data (``CORRIDOR_WRITE=1``); a shared app may not.

    Without it the Add a source page is not offered at all.
    """
    return os.environ.get(WRITE_ENV, "").strip().lower() in {"1", "true", "yes"}


_APP_RAN = "corridor_app_ran"

APP_NAME = "Corridor Atlas"
TITLE_MAX = 70
"""How many characters of a page's own title the browser tab gets before the app's name."""


def page_title(text: object) -> str:
    """Return a browser-tab title: ``text`` as one line, cut to :data:`TITLE_MAX`, then the app.

    The text is untrusted (a segment's or a source's name): it is kept as plain text (the
    browser sets ``document.title``, which is never parsed as HTML), but control and format
    characters (NUL, bidirectional overrides, zero-width spaces) are dropped and white space is
    folded, so a tab cannot be made to read backwards or show an empty title. A cut ends on a
    word when one ends late enough, with "…".

    Examples
    --------
    >>> page_title("Segments")
    'Segments · Corridor Atlas'
    >>> page_title("  ")
    'Corridor Atlas'
    """
    if text is None:
        return APP_NAME
    shown = "".join(
        " " if char.isspace() else char
        for char in str(text)
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf", "Cs")
    )
    shown = re.sub(r" +", " ", shown).strip()
    if len(shown) > TITLE_MAX:
        cut = shown[: TITLE_MAX - 1]
        space = cut.rfind(" ")
        if space >= TITLE_MAX // 2:
            cut = cut[:space]
        shown = cut.rstrip(" ,.;:–-") + "…"
    return f"{shown} · {APP_NAME}" if shown else APP_NAME


def set_title(text: object) -> None:
    """Set the browser tab's title of this page (see :func:`page_title`).

    app.py sets the app's page config first; this later call changes the title only.
    """
    st.set_page_config(page_title=page_title(text))


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


def navigation() -> st.Page:
    """Return the app's navigation: the map first, then the evidence pages."""
    entries = [
        st.Page(MAP, title="Map", default=True),
        st.Page(SEGMENT, title="Segments", url_path="segment"),
        st.Page(SOURCE, title="Sources", url_path="source"),
        st.Page(COUNTRY, title="Countries", url_path="country"),
        st.Page(SEARCH, title="Search", url_path="search"),
        st.Page(ABOUT, title="How it is made", url_path="about"),
    ]
    if writing_enabled():
        # Every url_path is its file's name: before the first run has called st.navigation,
        # Streamlit knows the pages only from the pages/ folder, by file name, and a link to
        # any other path opens with a "Page not found" dialog.
        entries.append(st.Page(ADD_SOURCE, title="Add a source", url_path="add_source"))
    # At the top, the pages leave the whole width to the map (on a phone they fold into a menu).
    return st.navigation(entries, position="top")


def not_found(what: str, value: str | None) -> None:
    """Say that an id from the URL names nothing, show it literally, and offer a way back."""
    set_title(f"No such {what}")
    if value:
        st.warning(f"No {what} is called:")
        st.code(value[:200], language=None)
    else:
        st.info(f"No {what} was chosen.")
    st.page_link(MAP, label="Back to the map", icon=":material/arrow_back:")
