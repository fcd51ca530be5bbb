"""The index of every segment, source and country: what their pages show when no id is chosen.

A page opened from the sidebar (``/segment``, ``/source``, ``/country``) has no id in its URL;
instead of a dead end it lists everything it could show, each with a link to its own page.
Built for a phone: one short block per entry, no wide tables.
"""

from __future__ import annotations

from collections.abc import Callable, Container

import streamlit as st

from components.core.atlas import Atlas
from components.core.filtering import crossed_countries, filter_segments
from components.core.geometry import km_inside
from components.ui import pages
from components.ui.markdown import md_literal
from components.ui.quote_cards import level_badge
from components.ui.segment_facts import length_line

UNKNOWN = ":gray[unknown]"


def chosen(atlas: Atlas, what: str) -> str:
    """Return the id the URL chooses for a page of ``what``, or show something else and stop.

    Parameters
    ----------
    atlas : Atlas
    what : {"segment", "source", "country"}
        The page: its id is ``?id=`` (``?code=`` for a country, in any case).

    Returns
    -------
    str
        A known segment id, source id or (upper-case) country code. Without an id (absent or
        blank) the page shows the index of every ``what`` instead and stops; with an id that
        names nothing it says so (:func:`components.ui.pages.not_found`) and stops.
    """
    key, known, index = _choices(atlas, what)
    value = st.query_params.get(key)
    if value is None or not value.strip():
        index(atlas)
        st.stop()
    wanted = value.upper() if what == "country" else value
    if wanted not in known:
        pages.not_found(what, value)
        st.stop()
    return wanted


def segment_index(atlas: Atlas) -> None:
    """List every segment by route: its link, evidence, drawn and published length, countries."""
    pages.set_title("Segments")
    st.title("Segments")
    st.caption(
        f"{len(atlas.segments)} segments on {len(atlas.routes)} routes. Drawn lengths run "
        "through the places the sources name, so they are shorter than the track itself."
    )
    for route in atlas.routes.values():
        segments = atlas.route_segments(route.id)
        if segments.empty:
            continue
        st.subheader(md_literal(route.name))
        for label, row in segments.iterrows():
            segment_id = str(label)  # segments are indexed by their id
            with st.container(border=True):
                st.page_link(
                    pages.SEGMENT,
                    label=md_literal(row["name"]),
                    icon=":material/timeline:",
                    query_params={"id": segment_id},
                )
                countries = ", ".join(map(atlas.country_name, row["countries"]))
                st.markdown(
                    f"{level_badge(atlas.evidence.get(segment_id, 'none'))}  \n"
                    f"{length_line(atlas, segment_id)}  \n"
                    f"**Countries:** {md_literal(countries) or UNKNOWN}"
                )


def source_index(atlas: Atlas) -> None:
    """List every source: its link, author, publisher, publication date and number of quotes."""
    pages.set_title("Sources")
    st.title("Sources")
    st.caption(
        f"{len(atlas.sources)} source{'' if len(atlas.sources) == 1 else 's'}. Each one's page "
        "shows its verbatim text with every quote marked in place."
    )
    if not atlas.sources:
        st.info("No source could be loaded from the data.")
    for source in atlas.sources.values():
        quotes = sum(quote.source == source.id for quote in atlas.quotes)
        with st.container(border=True):
            st.page_link(
                pages.SOURCE,
                label=md_literal(source.title or "Untitled source"),
                icon=":material/article:",
                query_params={"id": source.id},
            )
            st.markdown(
                f"**Author:** {_known(source.author)}  \n"
                f"**Publisher:** {_known(source.publisher)}  \n"
                f"**Published:** {_known(source.published)}  \n"
                f"**Quotes:** {quotes}"
            )


def country_index(atlas: Atlas) -> None:
    """List every country a segment crosses: its link, km of segments inside, segment count."""
    pages.set_title("Countries")
    st.title("Countries")
    st.caption(
        "Every country a segment crosses. Kilometres are measured on the part of each segment "
        "inside the country's outline."
    )
    codes = [code for code in crossed_countries(atlas.segments) if code in atlas.countries.index]
    if not codes:
        st.info("No segment crosses a known country.")
    for code in sorted(codes, key=atlas.country_name):
        crossing = filter_segments(atlas.segments, countries=[code])
        inside = sum(km_inside(crossing, atlas.countries.geometry[code]).values())
        with st.container(border=True):
            st.page_link(
                pages.COUNTRY,
                label=md_literal(atlas.country_name(code)),
                icon=":material/flag:",
                query_params={"code": code},
            )
            st.markdown(
                f"{inside:,.0f} km inside · {len(crossing)} segment"
                + ("" if len(crossing) == 1 else "s")
            )


def _known(text: str | None) -> str:
    return md_literal(text) if text else UNKNOWN


def _choices(atlas: Atlas, what: str) -> tuple[str, Container[str], Callable[[Atlas], None]]:
    """Return the query parameter, the known ids and the index of a page of ``what``."""
    match what:
        case "segment":
            return "id", atlas.segments.index, segment_index
        case "source":
            return "id", atlas.sources, source_index
        case "country":
            return "code", atlas.countries.index, country_index
    raise ValueError(f"no page of {what!r}")
