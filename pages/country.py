"""A country: a map of the segments that cross it, the km inside it by route, their quotes."""

import streamlit as st

from components.core.filtering import filter_segments
from components.core.geometry import bounds_of, km_inside
from components.core.model import is_web_address
from components.mapping.builder import build_map
from components.ui import pages
from components.ui.data import atlas, basemap, node_layer, route_layers
from components.ui.index_pages import chosen
from components.ui.map_widget import show_map
from components.ui.markdown import md_literal
from components.ui.quote_cards import citation, quote_card, segment_links

pages.require_app()
data = atlas()
code = chosen(data, "country")  # no code: the index of every crossed country; unknown: not found

name = data.country_name(code)
crossing = filter_segments(data.segments, countries=[code])
pages.set_title(name)
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

shown = set(crossing.index)
fmap = build_map(
    route_layers(shown),
    **basemap(),
    bounds=bounds_of(crossing, data.segments),
    highlighted_countries=[code],
    nodes=node_layer(shown),
)
show_map(fmap, key=f"country-map-{code}", height=380)

inside = km_inside(crossing, data.countries.geometry[code])
st.caption(
    "Kilometres inside the country are measured on the part of each segment within its outline "
    "(geodesic), not the whole segment."
)
for route_id, segments in crossing.groupby("route", sort=False):
    route_km = sum(inside[segment_id] for segment_id in segments.index)
    st.subheader(f"{md_literal(data.routes[str(route_id)].name)}: {route_km:,.0f} km inside")
    for segment_id in segments.index:
        link, km = st.columns([5, 1], vertical_alignment="center")
        with link:
            segment_links(data, [segment_id])
        km.markdown(f"{inside[segment_id]:,.0f} km inside")

quotes = {
    quote.id: quote for sid in crossing.index for quote in data.quotes_by_segment.get(sid, [])
}
st.subheader(f"What the sources say ({len(quotes)})")
for source_id in dict.fromkeys(quote.source for quote in quotes.values()):
    source = data.sources[source_id]  # each source's citation once, then its quotes
    st.markdown(f"#### {citation(source)}")
    st.page_link(
        pages.SOURCE,
        label="The whole source",
        icon=":material/article:",
        query_params={"id": source_id},
    )
    if is_web_address(source.url):
        st.link_button("Read online", source.url)
    for quote in (quote for quote in quotes.values() if quote.source == source_id):
        quote_card(data, quote, segments=True, cite=False)
