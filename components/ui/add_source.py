"""The "Add a source" page's pieces: metadata, the review of proposed quotes, saving."""

from __future__ import annotations

import os

import streamlit as st

from components.domain.ingest.plan import IngestPlan, commit_ingest
from components.domain.loading import data_dir
from components.ui import pages
from components.ui.evidence import level_badge
from components.ui.text import md_literal

WRITE_ENV = "CORRIDOR_WRITE"
MAX_UPLOAD_BYTES = 2_000_000


def writing_enabled() -> bool:
    """Whether this server may change the data (``CORRIDOR_WRITE=1``); a shared app may not."""
    return os.environ.get(WRITE_ENV, "").strip().lower() in {"1", "true", "yes"}


def read_upload(uploaded) -> str:
    """Return an uploaded file as text, or say why it cannot be used and stop the page."""
    raw = uploaded.getvalue()
    if len(raw) > MAX_UPLOAD_BYTES:
        st.error(f"The file is {len(raw):,} bytes; a source text may be {MAX_UPLOAD_BYTES:,}.")
        st.stop()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        st.error("The file is not UTF-8 text. Save it as UTF-8 and upload it again.")
        st.stop()


def metadata_form() -> dict[str, str | None]:
    """Ask for what is known about the source; empty answers are stored as unknown (null)."""
    left, right = st.columns(2)
    fields = {
        "title": left.text_input("Title"),
        "author": right.text_input("Author"),
        "publisher": left.text_input("Publisher"),
        "published": right.text_input("Published (YYYY-MM-DD)"),
        "url": left.text_input("URL (http or https)"),
        "licence": right.text_input("Licence"),
    }
    return {key: value.strip() or None for key, value in fields.items()}


def proposal_review(plan: IngestPlan) -> list[int]:
    """Show each proposed quote with why it was proposed; return the indices ticked."""
    st.subheader(f"{len(plan.proposals)} proposed quote(s) for “{md_literal(plan.source_id)}”")
    if not plan.proposals:
        st.info("No sentence mentions a place or route of the map. You can still save the text.")
    accepted = []
    for index, proposal in enumerate(plan.proposals):
        with st.container(border=True):
            if st.checkbox(
                md_literal(proposal.exact), key=f"accept-{plan.source_id}-{index}", value=False
            ):
                accepted.append(index)
            levels = proposal.quote.get("support", {})
            st.markdown(
                "  \n".join(
                    f"{level_badge(level)} {md_literal(segment_id)}"
                    for segment_id, level in levels.items()
                )
            )
            st.caption(md_literal("; ".join(proposal.reasons)))
    return accepted


def save(plan: IngestPlan, accepted: list[int]) -> None:
    """Write the source and the accepted quotes; report the outcome."""
    problems = commit_ingest(data_dir(), plan, accepted)
    if problems:
        st.error("Nothing was written:")
        for problem in problems:
            st.markdown(f"- {md_literal(str(problem))}")
        return
    st.session_state.pop("ingest_plan", None)
    st.success(f"Saved the source and {len(accepted)} quote(s).")
    st.page_link(pages.SOURCE, label="Open the source", query_params={"id": plan.source_id})
    st.page_link(pages.MAP, label="Back to the map")
