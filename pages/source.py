"""A source: what is known about it, and its verbatim text with every quote marked in place."""

import streamlit as st

from components.core.model import is_web_address
from components.ui import pages
from components.ui.data import atlas
from components.ui.index_pages import chosen
from components.ui.markdown import md_literal
from components.ui.quote_cards import segment_links
from components.ui.source_text import scroll_script, source_html

pages.require_app()
data = atlas()
source_id = chosen(data, "source")  # no id: the index of every source; unknown: not found

source = data.sources[source_id]
pages.set_title(source.title or "Untitled source")
quote_id = st.query_params.get("quote")
quotes = {quote.id: quote for quote in data.quotes if quote.source == source_id}
if quote_id is not None and quote_id not in quotes:
    st.warning("That quote is not in this source; showing the whole text.")
    quote_id = None

st.title(md_literal(source.title or "Untitled source"))
unknown = ":gray[unknown]"
st.markdown(
    f"**Author:** {md_literal(source.author) if source.author else unknown}  \n"
    f"**Publisher:** {md_literal(source.publisher) if source.publisher else unknown}  \n"
    f"**Published:** {md_literal(source.published) if source.published else unknown}"
    + (f" :gray[({md_literal(source.published_note)})]" if source.published_note else "")
    + "  \n"
    f"**Retrieved:** {md_literal(source.retrieved) if source.retrieved else unknown}  \n"
    f"**Licence:** {md_literal(source.licence) if source.licence else unknown}"
)
if is_web_address(source.url):
    st.link_button("Read online", source.url)
else:
    st.markdown(f"**URL:** {md_literal(source.url) if source.url else unknown}")

if quote_id:
    st.info("The highlighted quote below supports these segments:")
    segment_links(data, quotes[quote_id].segments, quote=quotes[quote_id])
st.caption(
    f"{len(quotes)} quotes are marked in the text; the numbers after each one lead to the "
    "segments it supports."
    + (
        " What the captured page holds besides the article (banners, links to other stories) "
        "is folded away and marked as such."
        if source.furniture
        else ""
    )
)
st.html(source_html(data, source_id, current=quote_id))
if quote_id:
    st.html(scroll_script(quote_id), unsafe_allow_javascript=True)
