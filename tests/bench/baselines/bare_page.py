"""Baseline: a bare Streamlit page (no map). The benchmark waits for its title to be visible."""

import streamlit as st

st.title("Bare Streamlit page")
st.write("A baseline for the Corridor Atlas benchmark: one title, one line of text.")
