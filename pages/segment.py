"""A segment: its facts, a map of it in its route, its neighbours and every quote about it."""

import streamlit as st

from components.core.geometry import bounds_of
from components.core.passages import route_neighbours
from components.mapping.builder import build_map
from components.ui import pages
from components.ui.data import atlas, basemap, node_layer, route_layers
from components.ui.downloads import download_buttons
from components.ui.index_pages import chosen
from components.ui.map_widget import show_map
from components.ui.markdown import md_literal
from components.ui.quote_cards import quote_card
from components.ui.segment_facts import fact_list, segment_facts

pages.require_app()
data = atlas()
segment_id = chosen(data, "segment")  # no id: the index of every segment; unknown: not found

row = data.segments.loc[segment_id]
route = data.routes[str(row["route"])]
pages.set_title(row["name"])
st.title(md_literal(row["name"]))
st.caption(md_literal(route.name))

facts, small_map = st.columns([2, 3])
with facts:
    segment_facts(data, segment_id, country_links=True)
    previous, following = route_neighbours(data, segment_id)
    for label, neighbour in (("Previous", previous), ("Next", following)):
        if neighbour:
            st.page_link(
                pages.SEGMENT,
                label=f"{label}: {md_literal(data.segments.at[neighbour, 'name'])}",
                query_params={"id": neighbour},
            )
    st.page_link(
        pages.MAP,
        label="Show on the map",
        icon=":material/map:",
        query_params={"segment": segment_id},
    )
with small_map:
    layers = [layer for layer in route_layers() if layer.id == route.id]
    bounds = bounds_of(data.segments.loc[[segment_id]], data.segments)
    show_map(
        build_map(
            layers, **basemap(), bounds=bounds, selected=segment_id, nodes=node_layer({segment_id})
        ),
        key=f"segment-map-{segment_id}",
        height=380,
    )

st.subheader("Published facts")
st.markdown("**This segment**")
fact_list(data, segment_id)
st.markdown(f"**The whole route: {md_literal(route.name)}**")
fact_list(data, route.id)
st.caption(
    "Figures and dates as the cited publishers give them, looked up on the date in the data; "
    "the atlas stores the figure and where it was published, not their words."
)

quotes = data.quotes_by_segment.get(segment_id, [])
st.subheader(f"What the sources say ({len(quotes)})")
for quote in quotes:
    quote_card(data, quote, segment_id=segment_id)

st.subheader("Download")
download_buttons(data, data.segments.loc[[segment_id]], segment_id)
