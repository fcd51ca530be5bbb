"""The friendly error page: an unexpected error shows a message, never a traceback."""

import ast
import sys

import pytest
from streamlit.testing.v1 import AppTest

from components.core.export import inert_cell
from support.app import ROOT, open_page


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
    assert inert_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert inert_cell("@SUM(A1)") == "'@SUM(A1)"
    assert inert_cell("Baku") == "Baku"
    assert inert_cell(12.5) == 12.5


@pytest.fixture
def cloud_error_details(monkeypatch):
    """Community Cloud forces ``client.showErrorDetails = false``, i.e. stack traces shown."""
    from streamlit import config

    previous = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", False)
    yield
    config.set_option("client.showErrorDetails", previous)


def page_with_failing_callback_and_fragment(guard: bool):
    import streamlit as st

    from components.ui.errors import guarded

    def fail() -> None:
        raise ZeroDivisionError

    wrap = guarded if guard else (lambda action: action)
    st.button("Fail", key="callback", on_click=wrap(fail))
    st.fragment(wrap(lambda: st.button("Fragment", key="fragment") and fail()))()


@pytest.mark.parametrize("key", ["callback", "fragment"])
def test_callbacks_and_fragments_show_no_traceback_with_cloud_settings(cloud_error_details, key):
    at = AppTest.from_function(page_with_failing_callback_and_fragment, args=(True,)).run()
    at.button(key=key).click().run()
    assert not at.exception
    assert "Something went wrong" in at.error[0].value


def test_without_the_guard_the_same_failure_would_show_a_traceback(cloud_error_details):
    at = AppTest.from_function(page_with_failing_callback_and_fragment, args=(False,)).run()
    at.button(key="callback").click().run()
    assert at.exception  # the control: this is what the guard keeps from readers


def test_a_failing_import_in_the_app_shows_the_friendly_message(cloud_error_details, monkeypatch):
    monkeypatch.setitem(sys.modules, "components.ui.data", None)  # makes the import fail
    at = open_page()  # fails on an exception
    assert "Something went wrong" in at.error[0].value


def test_every_callback_and_fragment_of_the_app_is_guarded():
    decorators: dict[str, set[str]] = {}
    callbacks: set[str] = set()
    for path in [*(ROOT / "components").rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                decorators[node.name] = {ast.unparse(d) for d in node.decorator_list}
            if isinstance(node, ast.Call):
                callbacks |= {
                    k.value.id
                    for k in node.keywords
                    if k.arg in ("on_click", "on_change", "on_submit")
                    and isinstance(k.value, ast.Name)
                }
    fragments = {name for name, found in decorators.items() if "st.fragment" in found}
    assert callbacks and fragments  # the scan sees the app's own callbacks and fragments
    unguarded = {name for name in callbacks | fragments if "guarded" not in decorators[name]}
    assert unguarded == set()
