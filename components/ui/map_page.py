"""The map page's pieces that need Streamlit: figures, route cards, empty state, the shared link."""

from __future__ import annotations

from urllib.parse import urlencode

import geopandas as gpd
import streamlit as st

from components.core.atlas import Atlas
from components.core.facts import facts_about
from components.core.filtering import filter_segments
from components.core.geometry import Bounds, bounds_of, network_length_km
from components.core.shared_view import View, describe_filters, view_to_params
from components.ui.downloads import download_buttons
from components.ui.errors import guarded
from components.ui.filters import no_route_shown, reset_filters
from components.ui.markdown import md_link, md_literal
from components.ui.segment_facts import cited
from components.ui.tables import segment_table


def headline_figures(atlas: Atlas, shown: gpd.GeoDataFrame) -> list[tuple[str, str]]:
    """Return ``(value, label)`` pairs of what is shown.

    Segments, drawn km (shared track counted once), countries, quotes, and how many of the
    segments a quote names.
    """
    quotes = {quote.id for sid in shown.index for quote in atlas.quotes_by_segment.get(sid, [])}
    countries = {code for codes in shown["countries"] for code in codes}
    named = sum(atlas.evidence.get(segment_id) == "names" for segment_id in shown.index)
    return [
        (f"{len(shown):,}", "segments"),
        (f"{network_length_km(shown.geometry):,.0f}", "km drawn"),
        (f"{len(countries)}", "countries"),
        (f"{len(quotes)}", "quotes"),
        (f"{named} of {len(shown)}", "named by a quote"),
    ]


def headline(atlas: Atlas, shown: gpd.GeoDataFrame) -> None:
    """Show the figures of what is shown in one compact line, with what they count."""
    figures = " · ".join(f"**{value}** {label}" for value, label in headline_figures(atlas, shown))
    st.markdown(
        figures,
        help=(
            "Km drawn: the drawn length of what is shown, with track that two routes share "
            f"counted once (segment by segment it adds up to {shown['length_km'].sum():,.0f} "
            "km). Lines run through the places on the route, so they are shorter than the "
            "track; each segment's page gives its published length where one is known. "
            "Named by a quote: segments with a quote that names a place, facility or line "
            "on them."
        ),
    )


def route_cards(atlas: Atlas, shown: gpd.GeoDataFrame) -> None:
    """Show one card per route shown, its figures from :func:`route_card_lines`."""
    routes = [route for route in atlas.routes.values() if route.id in set(shown["route"])]
    if not routes:
        return
    cards = st.container(key=NOT_PRINTED[0])
    for column, route in zip(cards.columns(len(routes)), routes, strict=True):
        with column.container(border=True):
            st.markdown(f"**{md_literal(route.name.strip())}**")  # "**x **" is not bold
            st.markdown("  \n".join(route_card_lines(atlas, route.id)))


def route_card_lines(atlas: Atlas, route_id: str) -> list[str]:
    """Return the Markdown lines of a route's card.

    Drawn and published length, opening, operator, capacity (each with its citation, or "not
    found") and how many of the route's segments a quote names.
    """
    segments = atlas.route_segments(route_id)
    drawn = network_length_km(segments.geometry)
    published = _first(atlas, route_id, "length")
    lines = [f"Length: drawn {drawn:,.0f} km, every branch · published {published}"]
    for kind, label in (("opened", "Opened"), ("operator", "Operator"), ("capacity", "Capacity")):
        lines.append(f"{label}: {_first(atlas, route_id, kind)}")
    named = sum(atlas.evidence.get(sid) == "names" for sid in segments.index)
    lines.append(f"Named by a quote: {named} of {len(segments)} segments")
    return lines


def _first(atlas: Atlas, route_id: str, kind: str) -> str:
    """Return the first published fact of a kind about a route, cited, or "not found"."""
    facts = facts_about(atlas.facts, route_id, kind)
    if not facts:
        return "not found"
    part = f" ({md_literal(facts[0].part)})" if facts[0].part else ""
    return cited(facts[0], atlas.country_name) + part


def empty_state(atlas: Atlas, view: View) -> None:
    """Say that nothing matches, naming the filters, with a way to reset them."""
    if atlas.segments.empty:
        st.warning("No segment could be loaded from the data: the banner above lists why.")
        return
    filters = describe_filters(
        view, atlas.country_name, {k: r.name for k, r in atlas.routes.items()}
    )
    st.warning(f"No segment matches the filters ({md_literal(filters)}).")
    st.button("Reset filters", on_click=reset_filters, key="reset_empty")


def dropped_notice(dropped: list[str]) -> None:
    """Tell the user which values of the shared link were ignored, shown literally."""
    if dropped:
        st.warning(
            "Some values in the link were not recognised and were ignored: "
            + ", ".join(f"`{value.replace('`', 'ʼ')}`" for value in dropped)
        )


def share_link(view: View) -> None:
    """Show the link that reopens exactly this view.

    A plain link, not a code box: a code box loads Streamlit's syntax highlighter and a font,
    which the browser fetched before it drew the map (0.3 s of every page load, measured).
    """
    query = urlencode(view_to_params(view), doseq=True)
    base = (st.context.url or "").split("?", 1)[0] or "/"
    url = f"{base}?{query}" if query else base
    with st.container(key=NOT_PRINTED[1]):
        st.markdown(
            f":material/link: {md_link('Link to this view', url)} · :small[{md_literal(url)}]",
            help="Copy the link (or the address bar): it reopens exactly this view.",
        )


NOT_PRINTED = ("route-cards", "share-link", "show_table")
"""Keys of the map page's parts that printing leaves out (see :mod:`components.ui.layout`)."""
TABLE_SHOWN = "table_shown"
MAP_HEIGHT = 520
"""Pixels: with the page's header this keeps the whole map above the fold at 1440×820."""


def shown_segments(atlas: Atlas, view: View) -> gpd.GeoDataFrame:
    """Return the segments the view shows (none when every route is switched off)."""
    if no_route_shown():
        return atlas.segments.iloc[:0]
    return filter_segments(atlas.segments, **view.filters())


def map_bounds(atlas: Atlas, shown: gpd.GeoDataFrame, selected: str | None) -> Bounds:
    """Fit the map to the selected segment when there is one, else to what is shown."""
    if selected is not None and selected in shown.index:
        return bounds_of(shown.loc[[selected]], atlas.segments)
    return bounds_of(shown, atlas.segments)


@st.fragment
@guarded
def table_and_downloads(atlas: Atlas, shown: gpd.GeoDataFrame) -> None:
    """Show the table and the downloads of what is shown behind a button, as a fragment.

    Hidden by default: they load large parts of Streamlit's frontend, which would otherwise
    compete with the map on every page load; as a fragment, opening them does not rebuild the
    map. A button, not a toggle: a toggle's code is one more download before the map draws.
    """
    shown_now = st.session_state.get(TABLE_SHOWN, False)
    verb = "Hide" if shown_now else "Show"
    st.button(
        f"{verb} the table and downloads of the {len(shown)} segments shown",
        key=NOT_PRINTED[2],
        icon=":material/table:",
        on_click=_flip_table,
    )
    if shown_now:
        st.dataframe(segment_table(atlas, shown), hide_index=True, width="stretch")
        download_buttons(atlas, shown, "corridor-atlas")


@guarded
def _flip_table() -> None:
    st.session_state[TABLE_SHOWN] = not st.session_state.get(TABLE_SHOWN, False)
