"""What users see when something goes wrong: a readable message, never a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

LOG = logging.getLogger("corridor_atlas")
MAX_LISTED_PROBLEMS = 20
FRIENDLY_ERROR = (
    "Something went wrong while showing this page. The details are in the server log. "
    "Try again, or go back to the map."
)
P = ParamSpec("P")


def guarded(action: Callable[P, None]) -> Callable[P, None]:
    """Wrap a page, a fragment or a widget callback: an unexpected error shows a message.

    Streamlit shows an uncaught exception with its traceback (on Community Cloud, which forces
    ``client.showErrorDetails = false``, still with the stack). Fragment reruns and callbacks
    run outside the page's own guard, so each of them needs this one. The details go to the
    server log. Streamlit's own control flow (``st.rerun``, ``st.stop``) is not an
    ``Exception`` and passes through.
    """

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            action(*args, **kwargs)
        except Exception:
            LOG.exception("Unexpected error in %s", getattr(action, "__qualname__", action))
            st.error(FRIENDLY_ERROR)

    return run


def run_safely(render: Callable[[], None]) -> None:
    """Run a page through :func:`guarded`."""
    guarded(render)()


def problems_banner(problems: list, notices: list) -> None:
    """Say that the data has problems, that what is valid is still shown, and what to fix."""
    if not problems:
        return
    from components.ui.markdown import md_literal  # here, so that app.py's first import is light

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
