"""Hostile text in every field: every page renders it literally and runs none of it.

The hostile set also holds malformed records (``MALFORMED``): every page leaves them out, names
them in the banner and shows the valid rest.
"""

import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.storage.loading import load_atlas
from components.ui.errors import FRIENDLY_ERROR
from components.ui.markdown import cited_address
from fixtures.hostile import (
    HOSTILE_URL,
    HTML,
    JAVASCRIPT,
    JINJA,
    MALFORMED,
    MARKDOWN,
    PAYLOADS,
    SCRIPT,
)
from support.figures import figures

APP = str(Path(__file__).parents[1] / "app.py")
PAGES = [
    ("pages/map.py", {"segment": "rail-xa"}),
    ("pages/segment.py", {"id": "rail-xa"}),
    ("pages/segment.py", {"id": "sea-xa-xc"}),
    ("pages/source.py", {"id": "tiny-source", "quote": "ferry"}),
    ("pages/country.py", {"code": "XA"}),
    ("pages/search.py", {"q": "railway"}),
    ("pages/about.py", {}),
]


def shown_text(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def open_page(hostile_data, monkeypatch):
    monkeypatch.setenv("CORRIDOR_DATA", str(hostile_data))

    def open_(page: str, params: dict) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60).run()
        if page != "pages/map.py":
            at.switch_page(page)
        for name, value in params.items():
            at.query_params[name] = value
        return at.run()

    return open_


@pytest.mark.parametrize(("page", "params"), PAGES, ids=lambda v: str(v))
def test_every_page_renders_hostile_data_without_error(open_page, page, params):
    at = open_page(page, params)
    assert not at.exception
    # No friendly error either: nothing unexpected happened. The about page lists the
    # malformed records under an error of its own.
    assert all(FRIENDLY_ERROR not in e.value for e in at.error)
    assert all("what is valid is still shown" in e.value for e in at.error)
    assert page == "pages/about.py" or not at.error


def test_malformed_records_are_named_and_the_rest_shown(hostile_data, monkeypatch):
    monkeypatch.setenv("CORRIDOR_DATA", str(hostile_data))
    # One run: AppTest drops what app.py shows before page.run() on a session's second run.
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
    (banner,) = [e for e in at.expander if "problem(s)" in e.label]
    assert f"{len(MALFORMED)} problem(s)" in banner.label
    listed = "\n".join(m.value.replace("\\", "") for m in banner.markdown)
    for file, where, words in MALFORMED:
        assert f"{file}: {where}: " in listed and words in listed, (file, where, words)
    assert figures(at)["segments"] == "4"
    atlas = load_atlas(hostile_data)
    assert list(atlas.segments.index) == ["rail-xa", "rail-xb", "road-xc", "sea-xa-xc"]
    assert list(atlas.routes) == ["overland", "coastal"]
    assert list(atlas.sources) == ["tiny-source"]
    assert len(atlas.quotes) == 3 and len(atlas.labels) == 2 and len(atlas.land) == 1


@pytest.mark.parametrize(("page", "params"), PAGES[:4], ids=lambda v: str(v))
def test_markdown_shows_the_payloads_literally(open_page, page, params):
    at = open_page(page, params)
    values = [e.value for e in [*at.markdown, *at.title, *at.subheader, *at.caption]]
    shown = "\n".join(shown_text(value) for value in values)
    assert any(payload in shown for payload in PAYLOADS)
    citation = f"]({cited_address(HOSTILE_URL)})"
    for value in values:
        # Every Markdown-active mark arrives escaped: nothing is a live link, image or tag, but
        # for the links to the facts' citations, whose address arrives percent-encoded.
        live = re.sub(r"\\.", "", value).replace(citation, "]")
        assert "](" not in live and "<img" not in live and "<script" not in live
        assert "{{" not in live and "$x" not in live


def test_source_html_escapes_the_text(open_page):
    at = open_page("pages/source.py", {"id": "tiny-source", "quote": "ferry"})
    (markup,) = [e.proto.body for e in at.get("html") if "corridor-source" in e.proto.body]
    assert "<script>" not in markup and "<img" not in markup
    visible = html.unescape(re.sub(r"<[^>]+>", "", markup))
    for payload in (HTML, SCRIPT, JINJA, JAVASCRIPT, MARKDOWN):
        assert payload in visible


def test_map_receives_only_inert_text(open_page):
    at = open_page("pages/map.py", {})
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    sent = args["script"] + args["html"] + args["header"]
    for payload in (HTML, SCRIPT, "{{ 7*7 }}", "{%", "{#", "${alert"):
        assert payload not in sent
    # the payload travelled, escaped (inside GeoJSON, folium writes & as \u0026)
    assert "&lt;img src=x" in sent.replace("\\u0026", "&")
    assert "&amp;lt;" not in sent.replace("\\u0026", "&")  # escaped once, not twice


def test_javascript_url_is_never_a_link(open_page):
    at = open_page("pages/source.py", {"id": "tiny-source"})
    assert not at.get("link_button")
    assert any("javascript" in shown_text(e.value) for e in at.markdown)
