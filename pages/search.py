"""Search everything: segments, routes, places, countries, sources, quotes and source texts.

Case, accents, apostrophes and dashes do not matter; the query lives in the URL (``?q=``).
"""

import streamlit as st

from components.core.search import search_everything
from components.ui import pages
from components.ui.data import atlas
from components.ui.search_results import result_groups, result_summary, search_box

pages.require_app()
pages.set_title("Search")
data = atlas()

st.title("Search")
results = search_everything(data, search_box())
result_summary(results)
result_groups(data, results)
