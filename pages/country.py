"""A country: the segments that cross it by route, the km inside it, and their quotes."""

import streamlit as st

from components.domain.filtering import filter_segments
from components.domain.geometry import km_inside
from components.ui import pages
from components.ui.data import atlas
from components.ui.evidence import quote_card, segment_links
from components.ui.text import md_literal

pages.require_app()
data = atlas()
code = (st.query_params.get("code") or "").upper() or None
if code not in data.countries.index:
    pages.not_found("country", st.query_params.get("code"))
    st.stop()

name = data.country_name(code)
crossing = filter_segments(data.segments, countries=[code])
st.title(md_literal(name))
st.page_link(
    pages.MAP,
    label=f"Show {md_literal(name)} on the map",
    icon=":material/map:",
    query_params={"country": code},
)
if crossing.empty:
    st.info("No segment crosses this country.")
    st.stop()

inside = km_inside(crossing, data.countries.geometry[code])
st.caption(
    "Kilometres inside the country are measured on the part of each segment within its outline "
    "(geodesic), not the whole segment."
)
for route_id, segments in crossing.groupby("route", sort=False):
    route_km = sum(inside[segment_id] for segment_id in segments.index)
    st.subheader(f"{md_literal(data.routes[route_id].name)}: {route_km:,.0f} km inside")
    for segment_id in segments.index:
        link, km = st.columns([5, 1], vertical_alignment="center")
        with link:
            segment_links(data, [segment_id])
        km.markdown(f"{inside[segment_id]:,.0f} km inside")

quotes = {
    quote.id: quote for sid in crossing.index for quote in data.quotes_by_segment.get(sid, [])
}
st.subheader(f"What the sources say ({len(quotes)})")
for quote in quotes.values():
    quote_card(data, quote, segments=True)
