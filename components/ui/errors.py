"""What users see when something goes wrong: a readable message, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from components.ui.text import md_literal

LOG = logging.getLogger("corridor_atlas")
MAX_LISTED_PROBLEMS = 20


def run_safely(render: Callable[[], None]) -> None:
    """Run a page; on an unexpected error show a friendly message and log the details.

    Streamlit's own control flow (``st.rerun``, ``st.stop``) is not an ``Exception`` and
    passes through.
    """
    try:
        render()
    except Exception:
        LOG.exception("Unexpected error while showing a page")
        st.error(
            "Something went wrong while showing this page. The details are in the server log. "
            "Try again, or go back to the map."
        )


def problems_banner(problems: list, notices: list) -> None:
    """Say that the data has problems, that what is valid is still shown, and what to fix."""
    if not problems:
        return
    with st.expander(
        f":warning: The data has {len(problems)} problem(s); what is valid is still shown.",
        expanded=False,
    ):
        for problem in problems[:MAX_LISTED_PROBLEMS]:
            st.markdown(f"- {md_literal(str(problem))}")
        if len(problems) > MAX_LISTED_PROBLEMS:
            st.markdown(
                f"… and {len(problems) - MAX_LISTED_PROBLEMS} more: run `corridor validate`."
            )
