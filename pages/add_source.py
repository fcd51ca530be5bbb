"""Add a source: paste or upload a text, review the quotes it proposes, save. Writing only."""

import streamlit as st

from components.ingest.plan import plan_ingest
from components.storage.paths import data_dir
from components.ui import pages
from components.ui.add_source import (
    data_is_writable,
    metadata_form,
    proposal_review,
    save,
    show_problems,
    source_text_input,
)

pages.require_app()
if not pages.writing_enabled():
    st.error("This copy of Corridor Atlas is read-only: sources are added with `corridor ingest`.")
    st.stop()
if not data_is_writable():
    st.error(
        "Saving is off: the data directory of this copy is read-only, so a source cannot be "
        "saved here. Add sources with `corridor ingest` on a writable copy of the data."
    )
    st.stop()
st.title("Add a source")
st.caption(
    "The text is stored verbatim with its metadata; the quotes you tick are added to the map. "
    "Nothing is written until you press Save."
)
text, filename = source_text_input()
metadata = metadata_form()

if st.button("Find quotes", type="primary", disabled=not (text or "").strip()):
    with st.spinner("Reading the text and matching it against the segments…"):
        st.session_state["ingest_plan"] = plan_ingest(data_dir(), text, metadata, filename=filename)

plan = st.session_state.get("ingest_plan")
if plan is not None:
    if plan.problems:
        show_problems("This text cannot be added:", plan.problems)
    else:
        accepted = proposal_review(plan)
        if st.button(f"Save the source and {len(accepted)} quote(s)", type="primary"):
            save(plan, accepted)
