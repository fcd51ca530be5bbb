"""The app in AppTest: where it is, a fresh session, a page opened from a link, the text shown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
RUN_TIMEOUT_S = 60
"""Seconds one run may take: the first imports geopandas and folium and loads the data."""

MAP, SEGMENT, SOURCE, COUNTRY, SEARCH, ABOUT, ADD_SOURCE = (
    f"pages/{name}.py"
    for name in ("map", "segment", "source", "country", "search", "about", "add_source")
)
"""The pages as ``AppTest.switch_page`` names them; the map is the one a session lands on."""


def app_test() -> AppTest:
    """A new session of ``app.py`` that has not run yet."""
    return AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)


def open_page(page: str = MAP, /, **params: str | list[str]) -> AppTest:
    """A session opened on ``page`` with ``params`` in its URL, after its run.

    The map is opened as a shared link is: its parameters are in the URL of the session's first
    run. Any other page is opened after one run of ``app.py`` (``st.navigation`` names its pages
    only once it has run), as a reader who follows a link from the map. Fails the test if the
    page raised.
    """
    at = app_test()
    if page != MAP:
        at.run()
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def unescape(markdown: str) -> str:
    """Undo the backslash escapes of ``md_literal``: the text the reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown)


def map_segment_ids(at: AppTest, candidates: Iterable[str]) -> set[str]:
    """Which of the ``candidates`` segment ids the map component was sent (once or escaped)."""
    (component,) = at.get("component_instance")
    payload = component.proto.json_args
    return {
        sid
        for sid in candidates
        if f'"id": "{sid}"' in payload or f'\\"id\\": \\"{sid}\\"' in payload
    }
