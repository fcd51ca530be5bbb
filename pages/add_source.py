"""Add a source: paste or upload a text, review the quotes it proposes, save. Writing only."""

import streamlit as st

from components.domain.ingest.plan import plan_ingest
from components.domain.loading import data_dir
from components.ui import pages
from components.ui.add_source import (
    metadata_form,
    proposal_review,
    read_upload,
    save,
    writing_enabled,
)
from components.ui.text import md_literal

pages.require_app()
if not writing_enabled():
    st.error("This copy of Corridor Atlas is read-only: sources are added with `corridor ingest`.")
    st.stop()
st.title("Add a source")
st.caption(
    "The text is stored verbatim with its metadata; the quotes you tick are added to the map. "
    "Nothing is written until you press Save."
)
uploaded = st.file_uploader("A text file (UTF-8)", type=["txt", "md"])
text = read_upload(uploaded) if uploaded else st.text_area("…or paste the text", height=220)
metadata = metadata_form()

if st.button("Find quotes", type="primary", disabled=not (text or "").strip()):
    with st.spinner("Reading the text and matching it against the segments…"):
        st.session_state["ingest_plan"] = plan_ingest(
            data_dir(), text, metadata, filename=uploaded.name if uploaded else None
        )

plan = st.session_state.get("ingest_plan")
if plan is not None:
    if plan.problems:
        st.error("This text cannot be added:")
        for problem in plan.problems:
            st.markdown(f"- {md_literal(str(problem))}")
    else:
        accepted = proposal_review(plan)
        if st.button(f"Save the source and {len(accepted)} quote(s)", type="primary"):
            save(plan, accepted)
