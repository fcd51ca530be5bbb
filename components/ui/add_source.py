"""The "Add a source" page's pieces: metadata, the review of proposed quotes, saving."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable

import streamlit as st

from components.core.problems import Problem
from components.ingest.plan import IngestPlan, commit_ingest
from components.ingest.sources import MAX_METADATA_LENGTH
from components.storage.loading import SOURCES_DIR
from components.storage.paths import data_dir
from components.ui import pages
from components.ui.markdown import md_literal
from components.ui.quote_cards import level_badge

MAX_UPLOAD_BYTES = 2_000_000
"""The largest source text the page takes: bytes of an upload, characters of a paste."""
MAX_UPLOAD_MB = math.ceil(MAX_UPLOAD_BYTES / 2**20)
"""The same limit as Streamlit counts it (MiB); ``server.maxUploadSize`` in
``.streamlit/config.toml`` is set to it, so the server refuses a larger upload itself."""
MAX_SHOWN_PROPOSALS = 200
"""More proposals than anyone reviews on one page; the best ones are shown."""
MAX_SHOWN_CHARACTERS = 1_000
"""A proposed quote is shown cut to this length (it is stored whole)."""


def data_is_writable() -> bool:
    """Whether saving could succeed here: the data directory and its ``sources/`` are writable.

    A read-only container (``docker run --read-only``, a read-only mount) may still be started
    with ``CORRIDOR_WRITE=1``; the page then says so instead of failing at Save.
    """
    root = data_dir()
    folders = [root, *([root / SOURCES_DIR] if (root / SOURCES_DIR).is_dir() else [])]
    return all(folder.is_dir() and os.access(folder, os.W_OK) for folder in folders)


def source_text_input() -> tuple[str, str | None]:
    """Ask for the text, uploaded or pasted; return it and the uploaded file's name, if any.

    Both are capped at :data:`MAX_UPLOAD_BYTES`: the upload by the server and
    :func:`read_upload`, the paste box by its ``max_chars`` (the browser stops there, and
    Streamlit cuts anything longer that reaches the server).
    """
    uploaded = st.file_uploader(
        "A text file (UTF-8)", type=["txt", "md"], max_upload_size=MAX_UPLOAD_MB
    )
    if uploaded:
        return read_upload(uploaded), uploaded.name
    text = st.text_area("…or paste the text", height=220, max_chars=MAX_UPLOAD_BYTES)
    if len(text) >= MAX_UPLOAD_BYTES:
        st.warning(
            f"The text reached the limit of {MAX_UPLOAD_BYTES:,} characters: anything pasted "
            "beyond it was cut off. Check its end, or upload the file instead."
        )
    return text, None


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
    limit = MAX_METADATA_LENGTH
    fields = {
        "title": left.text_input("Title", max_chars=limit),
        "author": right.text_input("Author", max_chars=limit),
        "publisher": left.text_input("Publisher", max_chars=limit),
        "published": right.text_input("Published (YYYY-MM-DD)", max_chars=limit),
        "url": left.text_input("URL (http or https)", max_chars=limit),
        "licence": right.text_input("Licence", max_chars=limit),
    }
    return {key: value.strip() or None for key, value in fields.items()}


def proposal_review(plan: IngestPlan) -> list[int]:
    """Show each proposed quote with why it was proposed; return the indices ticked."""
    st.subheader(f"{len(plan.proposals)} proposed quote(s) for “{md_literal(plan.source_id)}”")
    if not plan.proposals:
        st.info("No sentence mentions a place or route of the map. You can still save the text.")
    if len(plan.proposals) > MAX_SHOWN_PROPOSALS:
        st.caption(
            f"Showing the {MAX_SHOWN_PROPOSALS} best of {len(plan.proposals):,} proposals; to "
            "review them all, add the text with `corridor ingest` and edit its review file."
        )
    accepted = []
    for index, proposal in enumerate(plan.proposals[:MAX_SHOWN_PROPOSALS]):
        with st.container(border=True):
            if st.checkbox(
                md_literal(_shortened(proposal.exact)),
                key=f"accept-{plan.source_id}-{index}",
                value=False,
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


def _shortened(text: str) -> str:
    if len(text) <= MAX_SHOWN_CHARACTERS:
        return text
    return f"{text[: MAX_SHOWN_CHARACTERS - 1]}… ({len(text):,} characters)"


def show_problems(heading: str, problems: Iterable[Problem]) -> None:
    """Show why nothing happened: a heading, then every problem as literal text."""
    st.error(heading)
    for problem in problems:
        st.markdown(f"- {md_literal(str(problem))}")


def save(plan: IngestPlan, accepted: list[int]) -> None:
    """Write the source and the accepted quotes; report the outcome.

    Another session may have saved meanwhile: the writes are checked again under the data
    directory's lock, and a refusal (the id was just taken) is shown like any other problem.
    """
    problems = commit_ingest(data_dir(), plan, accepted)
    if problems:
        show_problems("Nothing was written:", problems)
        return
    st.session_state.pop("ingest_plan", None)
    st.success(f"Saved the source and {len(accepted)} quote(s).")
    st.page_link(pages.SOURCE, label="Open the source", query_params={"id": plan.source_id})
    st.page_link(pages.MAP, label="Back to the map")
