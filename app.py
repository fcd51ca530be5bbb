"""Corridor Atlas: the entry point that `streamlit run app.py` starts."""

import streamlit as st

st.set_page_config(page_title="Corridor Atlas", page_icon=":world_map:", layout="wide")

navigation = st.navigation([st.Page("pages/map.py", title="Map", default=True)])
navigation.run()
