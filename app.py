"""Corridor Atlas: the entry point that `streamlit run app.py` starts."""

import streamlit as st

from components.ui.data import atlas
from components.ui.errors import problems_banner, run_safely
from components.ui.layout import compact_layout
from components.ui.pages import mark_app_run, navigation

st.set_page_config(page_title="Corridor Atlas", page_icon=":world_map:", layout="wide")
compact_layout()
mark_app_run()
page = navigation()


def show_page() -> None:
    loaded = atlas()
    problems_banner(loaded.problems, loaded.notices)
    page.run()


run_safely(show_page)
