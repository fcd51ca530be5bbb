"""Corridor Atlas: the entry point that `streamlit run app.py` starts."""

import streamlit as st

from components.ui.pages import mark_app_run, navigation

st.set_page_config(page_title="Corridor Atlas", page_icon=":world_map:", layout="wide")
mark_app_run()
navigation().run()
