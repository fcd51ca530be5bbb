"""One test of a web address for every loader and page: http(s) in any letter case, with a host.

``corridor ingest`` accepts ``HTTPS://…`` (a URL's scheme is case-insensitive, RFC 3986 §3.1);
the pages, the facts' citations and the annotations must then treat it as the web address it
is (issue 13, finding 9).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.core.facts import parse_fact
from components.core.model import is_web_address
from components.core.passages import web_annotations
from components.storage.loading import load_atlas
from components.ui.markdown import md_link
from support.app import COUNTRY, SEGMENT, SOURCE, open_page

UPPER = "HTTPS://EXAMPLE.ORG/Tiny-Gazette"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a",
        "http://example.org",
        UPPER,
        "Http://example.org/x",
        "hTTpS://example.org:8080/x?y=1#z",
    ],
)
def test_web_addresses_in_any_letter_case(url):
    assert is_web_address(url)
    assert md_link("label", url).startswith("[label](")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "ftp://example.org",
        "https://",  # no host
        "https:example.org",
        "//example.org/a",
        "example.org",
        "http://[::1",  # urlsplit refuses it
        "",
        None,
        ["https://example.org"],
    ],
)
def test_anything_else_is_not_a_web_address(url):
    assert not is_web_address(url)


def test_a_fact_cited_with_an_upper_case_scheme_is_attributed():
    fact = {
        "subject": "rail-xa",
        "fact": "length",
        "value": 170,
        "unit": "km",
        "citation": {"publisher": "Made-up Railways", "url": UPPER, "looked_up": "2026-11-30"},
    }
    parsed, fault = parse_fact(fact, {"rail-xa"}, set())
    assert fault is None and parsed.citation.url == UPPER


@pytest.fixture
def upper_case_source(tiny_data, monkeypatch) -> Path:
    meta_path = tiny_data / "sources" / "tiny-source.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["url"] = UPPER
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setenv("CORRIDOR_DATA", str(tiny_data))
    return tiny_data


def test_the_annotations_target_the_upper_case_address(upper_case_source):
    atlas = load_atlas(upper_case_source)
    assert atlas.problems == []
    collection = web_annotations(atlas, atlas.quotes)
    targets = {item["target"]["source"] for item in collection["first"]["items"]}
    assert targets == {UPPER}


@pytest.mark.slow  # AppTest
@pytest.mark.parametrize(
    ("page", "params"),
    [
        (SOURCE, {"id": "tiny-source"}),  # the source page's own button
        (SEGMENT, {"id": "rail-xa"}),  # the quote cards' buttons
        (COUNTRY, {"code": "XA"}),  # the country page's sources
    ],
)
def test_the_pages_link_an_upper_case_address(upper_case_source, page, params):
    at = open_page(page, **params)
    assert not at.error
    buttons = [b.proto for b in at.get("link_button") if b.proto.label == "Read online"]
    assert buttons and all(button.url == UPPER for button in buttons)
