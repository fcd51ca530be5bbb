"""The app's page layout: narrow margins and a smaller title, so the map fits a laptop screen."""

from __future__ import annotations

import streamlit as st

STYLE = """
<style>
.block-container {padding-top: 4rem; padding-bottom: 2rem;
  padding-left: 1.5rem; padding-right: 1.5rem;}
h1 {font-size: 1.9rem !important; padding-top: 0 !important; padding-bottom: .2rem !important;}
@media (max-width: 640px) {
  iframe[title="streamlit_folium.st_folium"] {height: 420px !important;}
}
@media print {
  /* One page: the map with its legend, the selection and its citations. */
  header, [data-testid="stSidebar"], [data-testid="stToolbar"], .stButton, .stPopover,
  [data-testid="stButtonGroup"], [data-testid="stElementToolbar"], [data-testid="stExpander"],
  .st-key-route-cards, .st-key-share-link, .st-key-show_table, .stToggle,
  [data-testid="stPageLink"], [data-testid="stLinkButton"] {display: none !important;}
  .block-container {padding: 0 !important; zoom: 0.62;}
}
</style>
"""
"""Margins and title size for every page, and what printing leaves out (buttons, menus)."""


def compact_layout() -> None:
    """Apply :data:`STYLE` to the page (no script, only CSS)."""
    st.html(STYLE)
