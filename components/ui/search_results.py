"""The Search page's widgets: the search box bound to ``?q=`` and the grouped results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.core.atlas import Atlas
from components.core.passages import MAX_QUERY_CHARACTERS
from components.core.search import Match, SearchResults, TextMatch
from components.ui import pages
from components.ui.markdown import md_literal
from components.ui.quote_cards import citation, segment_links

QUERY_KEY = "q"
"""The URL parameter that holds the query."""
WIDGET_KEY = "search_query"
"""The session-state key of the search box."""
NOTHING_FOUND = "Nothing found. Try fewer or other words."

GROUP_TITLES = {
    "segments": "Segments",
    "routes": "Routes",
    "places": "Places and facilities",
    "countries": "Countries",
    "sources": "Sources",
    "texts": "Quotes and source text",
}


def search_box() -> str:
    """Show the search box, filled from ``?q=`` on the first run, and write it back to the URL.

    The URL's value is read only while the box has no value of its own in this session, so a
    rerun never overwrites what the reader typed; an empty box removes ``q`` from the URL.

    Returns
    -------
    str
        The words typed, at most :data:`~components.core.passages.MAX_QUERY_CHARACTERS`.
    """
    if QUERY_KEY in st.query_params and WIDGET_KEY not in st.session_state:
        st.session_state[WIDGET_KEY] = st.query_params.get(QUERY_KEY, "")[:MAX_QUERY_CHARACTERS]
    query = st.text_input(
        "Words to find",
        key=WIDGET_KEY,
        max_chars=MAX_QUERY_CHARACTERS,
        placeholder="e.g. Poti, Georgia, xian, baku tbilisi",
        help=(
            "Finds segments, routes, places, countries, sources and the words of the sources. "
            "Case, accents, apostrophes and dashes do not matter: “xian” finds “Xi'an”."
        ),
    )
    if query.strip():
        st.query_params[QUERY_KEY] = query
    elif QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]
    return query


def result_summary(results: SearchResults) -> None:
    """Say how many results the query found, or that it found nothing (no query: nothing)."""
    if not results.query:
        return
    if not results.total:
        st.info(NOTHING_FOUND)
        return
    noun = "result" if results.total == 1 else "results"
    st.markdown(f"**{results.total}** {noun} for “{md_literal(results.query)}”")


def result_groups(atlas: Atlas, results: SearchResults) -> None:
    """Show one section per group that found something, its count in the heading."""
    for group in results.groups:
        if not group.total:
            continue
        st.subheader(f"{GROUP_TITLES[group.key]} ({group.total})")
        if group.truncated:
            st.caption(f"The first {len(group)} are shown; more words find fewer.")
        show = _SHOW[group.key]
        for item in group:
            show(atlas, item)


def _linked(page: str, match: Match, icon: str, params: dict[str, str], detail: str) -> None:
    st.page_link(page, label=md_literal(match.label), icon=icon, query_params=params)
    st.caption(md_literal(detail))


def _segment(atlas: Atlas, match: Match) -> None:
    detail = f"{match.detail} · {match.reason}"
    _linked(pages.SEGMENT, match, ":material/timeline:", {"id": match.id}, detail)


def _route(atlas: Atlas, match: Match) -> None:
    detail = f"{match.detail} · {match.reason}"
    _linked(pages.MAP, match, ":material/route:", {"route": match.id}, detail)


def _place(atlas: Atlas, match: Match) -> None:
    if match.segments:
        params = {"id": match.segments[0]}
        _linked(pages.SEGMENT, match, ":material/location_on:", params, match.detail)
    else:
        st.markdown(md_literal(match.label))
        st.caption(md_literal(match.detail))


def _country(atlas: Atlas, match: Match) -> None:
    _linked(pages.COUNTRY, match, ":material/flag:", {"code": match.id}, match.detail)


def _source(atlas: Atlas, match: Match) -> None:
    detail = f"{match.detail} · {match.reason}"
    _linked(pages.SOURCE, match, ":material/article:", {"id": match.id}, detail)


def _text(atlas: Atlas, match: TextMatch) -> None:
    """Show the passage, match highlighted, with its citation, its place in the source, segments."""
    words = match.passage
    with st.container(border=True):
        st.markdown(
            f"{md_literal(words.before)}:orange-background[{md_literal(words.match)}]"
            f"{md_literal(words.after)}"
        )
        st.caption(f"{match.detail}. {citation(atlas.sources[match.source])}")
        params = {"id": match.source, **({"quote": match.quote} if match.quote else {})}
        st.page_link(pages.SOURCE, label="View in source", query_params=params)
        quote = next((q for q in atlas.quotes if q.id == match.quote), None)
        segment_links(atlas, match.segments, quote=quote)


_SHOW: dict[str, Callable[[Atlas, Any], None]] = {
    "segments": _segment,
    "routes": _route,
    "places": _place,
    "countries": _country,
    "sources": _source,
    "texts": _text,
}
