"""The evidence pages through AppTest: deep links, ids that name nothing, downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from functools import cache
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from components.domain.filtering import filter_segments
from components.domain.loading import load_atlas

APP = str(Path(__file__).parents[1] / "app.py")
SEGMENT, SOURCE, COUNTRY, SEARCH, ABOUT, MAP = (
    f"pages/{name}.py" for name in ("segment", "source", "country", "search", "about", "map")
)
SOURCE_ID = "eurasianet-2024-kazakhstan-azerbaijan-trade-ties"
HOSTILE_IDS = ["nope", "../../etc/passwd", "<b>x</b>", "[x](http://example.com)"]


@cache
def atlas():
    return load_atlas()


def unescape(markdown: str) -> str:
    """Undo the backslash escapes of ``md_literal``: the text the reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown)


def open_page(page: str, **params: str) -> AppTest:
    """A session that ran app.py once, then opened ``page`` with ``params`` in its URL."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def titles(at: AppTest) -> list[str]:
    return [unescape(t.value) for t in at.title]


def subheaders(at: AppTest) -> list[str]:
    return [unescape(s.value) for s in at.subheader]


def markdown(at: AppTest) -> list[str]:
    return [unescape(m.value) for m in at.markdown]


def page_links(at: AppTest) -> list[tuple[str, str, str]]:
    """(label as seen, page, query string) of every page link."""
    links = []
    for link in at.get("page_link"):
        proto = link.proto
        links.append((unescape(proto.label), proto.page, getattr(proto, "query_string", "")))
    return links


def htmls(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def assert_not_found(at: AppTest, value: str | None) -> None:
    if value:
        assert at.warning, "a warning names the missing id"
        assert [c.value for c in at.code] == [value]
    else:
        assert at.info and not at.warning
        assert not at.code
    assert ("Back to the map", "map") in [(label, page) for label, page, _ in page_links(at)]
    assert not at.title


# Downloads: what a download button would send -------------------------------------------------


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every file AppTest's media storage receives, by file id (kept after the run ends)."""
    files: dict[str, bytes] = {}

    class Recording(MemoryMediaFileStorage):
        def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
            file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
            files[file_id] = self.get_file(file_id).content
            return file_id

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return files


def download_data(at: AppTest, files: dict[str, bytes]) -> dict[str, str]:
    """The text each download button of the page offers, by label."""
    found = {}
    for button in at.get("download_button"):
        file_id = Path(button.proto.url.rsplit("/", 1)[1]).stem
        found[button.proto.label] = files[file_id].decode("utf-8")
    return found


def assert_downloads_hold(data: dict[str, str], segment_ids: list[str]) -> None:
    assert set(data) == {"GeoJSON", "CSV", "Quotes (JSON-LD)"}
    geojson = json.loads(data["GeoJSON"])
    assert geojson["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in geojson["features"]] == segment_ids
    rows = list(csv.DictReader(io.StringIO(data["CSV"])))
    assert [row["id"] for row in rows] == segment_ids
    jsonld = json.loads(data["Quotes (JSON-LD)"])
    assert jsonld["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    wanted = {q.id for sid in segment_ids for q in atlas().quotes_by_segment[sid]}
    got = [item["id"].rsplit(":", 1)[1] for item in jsonld["first"]["items"]]
    assert sorted(got) == sorted(wanted)


# Segment ------------------------------------------------------------------------------------


def test_segment_page_deep_link(downloads):
    at = open_page(SEGMENT, id="btc-georgia")
    segment = atlas().segments.loc["btc-georgia"]
    assert titles(at) == [segment["name"]]
    assert unescape(at.caption[0].value) == atlas().routes["btc-pipeline"].name
    texts = markdown(at)
    quotes = atlas().quotes_by_segment["btc-georgia"]
    assert quotes
    for quote in quotes:
        assert any(quote.exact in text for text in texts), quote.exact
    assert f"What the sources say ({len(quotes)})" in subheaders(at)
    links = page_links(at)
    names = atlas().segments["name"]
    assert (f"Previous: {names['btc-azerbaijan']}", "segment") in [(lb, p) for lb, p, _ in links]
    assert (f"Next: {names['btc-turkey']}", "segment") in [(lb, p) for lb, p, _ in links]
    assert ("Georgia", "country") in [(lb, p) for lb, p, _ in links]
    assert not at.warning
    assert_downloads_hold(download_data(at, downloads), ["btc-georgia"])


@pytest.mark.parametrize("route_id", ["middle-corridor", "xian-baku-rail"])
def test_segment_page_at_the_ends_of_a_route(route_id):
    ids = list(atlas().route_layer(route_id).index)
    first = [label for label, page, _ in page_links(open_page(SEGMENT, id=ids[0]))]
    assert not any(label.startswith("Previous:") for label in first)
    assert any(label.startswith("Next:") for label in first)
    last = [label for label, page, _ in page_links(open_page(SEGMENT, id=ids[-1]))]
    assert any(label.startswith("Previous:") for label in last)
    assert not any(label.startswith("Next:") for label in last)


@pytest.mark.parametrize("value", [None, "", *HOSTILE_IDS])
def test_segment_page_not_found(value):
    at = open_page(SEGMENT, **({} if value is None else {"id": value}))
    assert_not_found(at, value)
    assert not at.get("download_button")


# Source -------------------------------------------------------------------------------------


def test_source_page_marks_the_chosen_quote():
    at = open_page(SOURCE, id=SOURCE_ID, quote="caspian-sea-is-a-bridge")
    assert not at.warning
    (body,) = [h for h in htmls(at) if "corridor-source" in h]
    current = re.findall(r'<mark\b[^>]*class="current"[^>]*>', body)
    assert current and 'id="quote-caspian-sea-is-a-bridge"' in current[0]
    assert body.count("<mark") >= len([q for q in atlas().quotes if q.source == SOURCE_ID])
    quote = next(q for q in atlas().quotes if q.id == "caspian-sea-is-a-bridge")
    names = atlas().segments["name"]
    labels = [label for label, page, _ in page_links(at) if page == "segment"]
    assert labels == [names[s] for s in quote.segments]


def test_source_page_without_a_quote_marks_none_current():
    at = open_page(SOURCE, id=SOURCE_ID)
    assert not at.warning
    (body,) = [h for h in htmls(at) if "corridor-source" in h]
    assert 'class="current"' not in body
    assert not [h for h in htmls(at) if "scrollIntoView" in h]


@pytest.mark.parametrize("quote", ["nope", "<b>x</b>", "cargo-from-xian\"'"])
def test_source_page_with_an_unknown_quote_warns_and_marks_none(quote):
    at = open_page(SOURCE, id=SOURCE_ID, quote=quote)
    assert [w.value for w in at.warning] == [
        "That quote is not in this source; showing the whole text."
    ]
    (body,) = [h for h in htmls(at) if "corridor-source" in h]
    assert 'class="current"' not in body


@pytest.mark.parametrize("value", [None, "", *HOSTILE_IDS])
def test_source_page_not_found(value):
    at = open_page(SOURCE, **({} if value is None else {"id": value}))
    assert_not_found(at, value)
    assert not htmls(at)


# Country ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["GE", "ge"])
def test_country_page_shows_routes_km_and_quotes(code):
    at = open_page(COUNTRY, code=code)
    assert titles(at) == ["Georgia"]
    crossing = filter_segments(atlas().segments, countries=["GE"])
    routes = list(dict.fromkeys(crossing["route"]))
    heads = subheaders(at)
    for route_id in routes:
        name = atlas().routes[route_id].name
        assert any(re.fullmatch(rf"{re.escape(name)}: [\d,]+ km inside", h) for h in heads), heads
    (btc,) = [h for h in heads if h.startswith(atlas().routes["btc-pipeline"].name)]
    km = float(re.search(r": ([\d,]+) km inside", btc).group(1).replace(",", ""))
    # The segment ends on the real border, the outline it is measured in is simplified to 0.1°.
    assert km == pytest.approx(atlas().segments.at["btc-georgia", "length_km"], rel=0.02)
    quotes = {q.id: q for sid in crossing.index for q in atlas().quotes_by_segment[sid]}
    assert f"What the sources say ({len(quotes)})" in heads
    texts = markdown(at)
    for quote in quotes.values():
        assert any(quote.exact in text for text in texts), quote.exact
    segment_labels = {label for label, page, _ in page_links(at) if page == "segment"}
    assert set(crossing["name"]) <= segment_labels
    assert ("Show Georgia on the map", "map") in [(lb, p) for lb, p, _ in page_links(at)]


def test_country_page_of_a_country_crossed_by_nothing():
    assert "DE" in atlas().countries.index
    assert filter_segments(atlas().segments, countries=["DE"]).empty
    at = open_page(COUNTRY, code="DE")
    assert titles(at) == [atlas().country_name("DE")]
    assert [i.value for i in at.info] == ["No segment crosses this country."]
    assert not at.subheader


@pytest.mark.parametrize("value", [None, "", "XX", "../../etc/passwd", "<b>x</b>"])
def test_country_page_not_found(value):
    at = open_page(COUNTRY, **({} if value is None else {"code": value}))
    assert_not_found(at, value)


# Search -------------------------------------------------------------------------------------


def test_search_page_deep_link_finds_xian():
    at = open_page(SEARCH, q="xian")
    assert at.text_input(key="search_query").value == "xian"
    texts = markdown(at)
    assert any("Xi'an" in text for text in texts), texts
    links = page_links(at)
    assert any(label == "View in source" and page == "source" for label, page, _ in links)
    assert not at.info


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_search_page_with_no_query_shows_no_hits(params):
    at = open_page(SEARCH, **params)
    assert not [label for label, _, _ in page_links(at) if label == "View in source"]
    assert not at.info
    assert "q" not in at.query_params


def test_search_page_says_when_nothing_is_found():
    at = open_page(SEARCH, q="zzqqxxnotthere")
    assert [i.value for i in at.info] == ["Nothing found. Try fewer or other words."]


def test_search_page_writes_the_query_to_the_url():
    at = open_page(SEARCH)
    at.text_input(key="search_query").input("baku tbilisi").run()
    assert not at.exception
    assert at.query_params["q"] in ("baku tbilisi", ["baku tbilisi"])
    assert any("Baku-Tbilisi" in text for text in markdown(at))
    at.text_input(key="search_query").input("").run()
    assert "q" not in at.query_params


def test_search_page_with_a_huge_query():
    at = open_page(SEARCH, q="caspian " * 1250)
    assert len(at.text_input(key="search_query").value) <= 200


# About --------------------------------------------------------------------------------------


def test_about_page_shows_the_counts_and_the_validation():
    at = open_page(ABOUT)
    data = atlas()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Routes": str(len(data.routes)),
        "Segments": str(len(data.segments)),
        "Quotes": str(len(data.quotes)),
        "Sources": str(len(data.sources)),
        "Countries": str(len(data.countries)),
    }
    assert any(s.value.startswith("Every file validated") for s in at.success)
    assert not at.error


# Map page downloads ---------------------------------------------------------------------------


def test_map_page_offers_what_is_shown_for_download(downloads):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["country"] = "GE"
    at.run()
    assert not at.exception
    shown = list(filter_segments(atlas().segments, countries=["GE"]).index)
    assert not at.get("download_button")  # the table and downloads load on demand
    at.toggle(key="show_table").set_value(True).run()
    assert len(at.get("download_button")) == 3
    assert len(at.dataframe[0].value) == len(shown)
    assert_downloads_hold(download_data(at, downloads), shown)


# evidence and facts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment_id", "badge", "words"),
    [
        ("xb-xian-khorgos", "Names this segment", "“Xi'an”"),
        ("btc-georgia", "Names the route only", "“Baku-Tbilisi-Ceyhan pipeline”"),
        ("mc-samtredia-batumi", "General context only", "it names no place, line or route"),
    ],
)
def test_segment_page_shows_the_evidence_badges_and_deciding_words(segment_id, badge, words):
    texts = markdown(open_page(SEGMENT, id=segment_id))
    assert atlas().evidence[segment_id] in ("names", "route", "context")
    assert any(badge in text and text.startswith("**Evidence:**") for text in texts), texts
    cards = [text for text in texts if "-badge[" in text and not text.startswith("**Evidence")]
    assert cards and all(badge in card for card in cards)
    assert any(words in card for card in cards), cards


def test_segment_page_shows_drawn_and_published_length_with_the_citation():
    texts = markdown(open_page(SEGMENT, id="btc-georgia"))
    drawn = atlas().segments.at["btc-georgia", "length_km"]
    (length,) = [text for text in texts if "**Length:**" in text]
    assert f"drawn {drawn:,.0f} km · published 249 km in Georgia" in length
    assert "(https://bp.com/en_ge/georgia/home/who-we-are/btc.html)" in length
    facts = "\n".join(text for text in texts if text.startswith("- **"))
    assert "**Opened** (Georgian section, opening ceremony): 2005-10-12" in facts
    assert "**Operator**: BTC Co., a joint venture operated by bp" in facts
    assert "hurriyet.com.tr" in facts


def test_segment_without_a_published_length_says_so():
    (length,) = [
        t for t in markdown(open_page(SEGMENT, id="mc-samtredia-batumi")) if "**Length:**" in t
    ]
    assert "no published length found" in length


def test_map_panel_shows_the_badge_for_each_quote():
    at = open_page(MAP, segment="btc-turkey")
    texts = markdown(at)
    assert any("Names the route only" in t and "Baku-Tbilisi-Ceyhan pipeline" in t for t in texts)
    assert any("published 1,076 km in Turkey" in t for t in texts)


def test_the_evidence_filter_is_read_from_the_url_and_applied():
    at = open_page(MAP, evidence="names")
    named = [sid for sid, level in atlas().evidence.items() if level == "names"]
    assert at.multiselect(key="evidence").value == ["names"]
    assert at.query_params["evidence"] == "names"
    assert any(m.label == "Segments" and m.value == str(len(named)) for m in at.metric)


def test_the_source_page_names_its_republisher_and_its_date_bound():
    texts = markdown(open_page(SOURCE, id=SOURCE_ID))
    meta = next(text for text in texts if text.startswith("**Author:**"))
    assert "Eurasianet, republished by Oilprice.com" in meta
    assert "after 11 March 2024" in meta and "11 March 2024 in the past tense" in meta
