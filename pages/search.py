"""Search the quotes and the source texts, forgiving case, accents, apostrophes and dashes."""

import streamlit as st

from components.domain.evidence import search
from components.ui import pages
from components.ui.data import atlas
from components.ui.evidence import citation, segment_links
from components.ui.text import md_literal

pages.require_app()
data = atlas()
if "q" in st.query_params and "search_query" not in st.session_state:
    st.session_state["search_query"] = st.query_params.get("q", "")[:200]

st.title("Search")
query = st.text_input(
    "Words to find",
    key="search_query",
    max_chars=200,
    placeholder="e.g. xian, baku tbilisi",
    help="Case, accents, apostrophes and dashes do not matter: “xian” finds “Xi'an”.",
)
if query.strip():
    st.query_params["q"] = query
elif "q" in st.query_params:
    del st.query_params["q"]

hits = search(data, query)
if query.strip() and not hits:
    st.info("Nothing found. Try fewer or other words.")
for hit in hits:
    source = data.sources[hit.source]
    with st.container(border=True):
        st.markdown(
            f"{md_literal(hit.passage.before)}:orange-background[{md_literal(hit.passage.match)}]"
            f"{md_literal(hit.passage.after)}"
        )
        st.caption(("In a quote. " if hit.quote else "In the source text. ") + citation(source))
        params = {"id": hit.source, **({"quote": hit.quote} if hit.quote else {})}
        st.page_link(pages.SOURCE, label="View in source", query_params=params)
        quote = next((q for q in data.quotes if q.id == hit.quote), None)
        segment_links(data, hit.segments, quote=quote)
