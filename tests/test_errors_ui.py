"""The friendly error page: an unexpected error shows a message, never a traceback."""

from streamlit.testing.v1 import AppTest

from components.domain.export import _inert_cell


def page_that_fails():
    from components.ui.errors import run_safely

    run_safely(lambda: 1 / 0)


def page_that_stops():
    import streamlit as st

    from components.ui.errors import run_safely

    run_safely(st.stop)
    st.write("not reached")


def test_unexpected_error_shows_a_friendly_message_and_logs_it(caplog):
    at = AppTest.from_function(page_that_fails).run()
    assert not at.exception
    assert "Something went wrong" in at.error[0].value
    assert "ZeroDivisionError" in caplog.text


def test_streamlit_control_flow_passes_through():
    at = AppTest.from_function(page_that_stops).run()
    assert not at.exception and not at.error
    assert not at.markdown


def test_csv_cells_that_would_be_formulas_are_prefixed():
    assert _inert_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _inert_cell("@SUM(A1)") == "'@SUM(A1)"
    assert _inert_cell("Baku") == "Baku"
    assert _inert_cell(12.5) == 12.5
