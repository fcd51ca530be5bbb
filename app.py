"""Corridor Atlas: the entry point that `streamlit run app.py` starts."""

import streamlit as st

from components.ui.errors import run_safely

st.set_page_config(page_title="Corridor Atlas", page_icon=":world_map:", layout="wide")


def show_app() -> None:
    """Lay out the chrome, load the atlas and run the page the URL asks for."""
    # Imported here, inside the guard: a failing import shows the friendly message too.
    from components.ui.data import atlas
    from components.ui.errors import problems_banner
    from components.ui.layout import compact_layout
    from components.ui.pages import mark_app_run, navigation

    compact_layout()
    mark_app_run()
    page = navigation()
    loaded = atlas()
    problems_banner(loaded.problems, loaded.notices)
    page.run()


run_safely(show_app)
