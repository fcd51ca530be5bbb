"""Hostile text in every field: every page renders it literally and runs none of it.

The hostile set also holds malformed records (``MALFORMED``): every page leaves them out, names
them in the banner and shows the valid rest.
"""

import html
import json
import re

import pytest

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
from support.app import ABOUT, COUNTRY, MAP, SEARCH, SEGMENT, SOURCE, app_test, open_page, unescape
from support.figures import figures

pytestmark = pytest.mark.slow  # AppTest: every test runs the app

PAGES = [
    (MAP, {"segment": "rail-xa"}),
    (SEGMENT, {"id": "rail-xa"}),
    (SEGMENT, {"id": "sea-xa-xc"}),
    (SOURCE, {"id": "tiny-source", "quote": "ferry"}),
    (COUNTRY, {"code": "XA"}),
    (SEARCH, {"q": "railway"}),
    (ABOUT, {}),
]


@pytest.fixture(autouse=True)
def _on_hostile_data(hostile_data, monkeypatch):
    monkeypatch.setenv("CORRIDOR_DATA", str(hostile_data))


@pytest.mark.parametrize(("page", "params"), PAGES, ids=lambda v: str(v))
def test_every_page_renders_hostile_data_without_error(page, params):
    at = open_page(page, **params)
    # No friendly error either: nothing unexpected happened. The about page lists the
    # malformed records under an error of its own.
    assert all(FRIENDLY_ERROR not in e.value for e in at.error)
    assert all("what is valid is still shown" in e.value for e in at.error)
    assert page == ABOUT or not at.error


def test_malformed_records_are_named_and_the_rest_shown(hostile_data):
    # One run: AppTest drops what app.py shows before page.run() on a session's second run.
    at = app_test().run()
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
def test_markdown_shows_the_payloads_literally(page, params):
    at = open_page(page, **params)
    values = [e.value for e in [*at.markdown, *at.title, *at.subheader, *at.caption]]
    shown = "\n".join(unescape(value) for value in values)
    assert any(payload in shown for payload in PAYLOADS)
    citation = f"]({cited_address(HOSTILE_URL)})"
    for value in values:
        # Every Markdown-active mark arrives escaped: nothing is a live link, image or tag, but
        # for the links to the facts' citations, whose address arrives percent-encoded.
        live = re.sub(r"\\.", "", value).replace(citation, "]")
        assert "](" not in live and "<img" not in live and "<script" not in live
        assert "{{" not in live and "$x" not in live


def test_source_html_escapes_the_text():
    at = open_page(SOURCE, id="tiny-source", quote="ferry")
    (markup,) = [e.proto.body for e in at.get("html") if "corridor-source" in e.proto.body]
    assert "<script>" not in markup and "<img" not in markup
    visible = html.unescape(re.sub(r"<[^>]+>", "", markup))
    for payload in (HTML, SCRIPT, JINJA, JAVASCRIPT, MARKDOWN):
        assert payload in visible


def test_map_receives_only_inert_text():
    at = open_page(MAP)
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    sent = args["script"] + args["html"] + args["header"]
    for payload in (HTML, SCRIPT, "{{ 7*7 }}", "{%", "{#", "${alert"):
        assert payload not in sent
    # the payload travelled, escaped (inside GeoJSON, folium writes & as \u0026)
    assert "&lt;img src=x" in sent.replace("\\u0026", "&")
    assert "&amp;lt;" not in sent.replace("\\u0026", "&")  # escaped once, not twice


def test_javascript_url_is_never_a_link():
    at = open_page(SOURCE, id="tiny-source")
    assert not at.get("link_button")
    assert any("javascript" in unescape(e.value) for e in at.markdown)
