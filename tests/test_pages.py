"""The evidence pages through AppTest: deep links, ids that name nothing, downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.testing.v1 import AppTest

from components.core.facts import published_length
from components.core.filtering import crossed_countries, filter_segments
from components.core.geometry import km_inside
from components.core.vocabulary import LEVEL_EXPLANATIONS, LEVEL_LABELS
from components.storage.loading import load_atlas
from components.ui.pages import TITLE_MAX, page_title
from components.ui.quote_cards import citation
from fixtures.hostile import PAYLOADS
from support.app import ABOUT, COUNTRY, MAP, ROOT, SEARCH, SEGMENT, SOURCE, open_page, unescape
from support.atlases import atlas
from support.figures import figures

pytestmark = pytest.mark.slow  # AppTest: every test runs the app

SOURCE_ID = "eurasianet-2024-kazakhstan-azerbaijan-trade-ties"
HOSTILE_IDS = ["nope", "../../etc/passwd", "<b>x</b>", "[x](http://example.com)"]


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
    ids = list(atlas().route_segments(route_id).index)
    first = [label for label, page, _ in page_links(open_page(SEGMENT, id=ids[0]))]
    assert not any(label.startswith("Previous:") for label in first)
    assert any(label.startswith("Next:") for label in first)
    last = [label for label, page, _ in page_links(open_page(SEGMENT, id=ids[-1]))]
    assert any(label.startswith("Previous:") for label in last)
    assert not any(label.startswith("Next:") for label in last)


@pytest.mark.parametrize("value", HOSTILE_IDS)
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


@pytest.mark.parametrize("value", HOSTILE_IDS)
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


@pytest.mark.parametrize("value", ["XX", "../../etc/passwd", "<b>x</b>"])
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
    body = "\n".join(markdown(at))
    assert f"draws {len(data.segments)} segments of {len(data.routes)} trade routes" in body
    assert f"{len(data.quotes)} passages from {len(data.sources)} source(s)" in body
    assert not at.metric  # counts in sentences: five metrics stack into a screenful on a phone
    assert any(s.value.startswith("Every file validated") for s in at.success)
    assert not at.error


# Map page downloads ---------------------------------------------------------------------------


def test_map_page_offers_what_is_shown_for_download(downloads):
    at = open_page(MAP, country="GE")
    shown = list(filter_segments(atlas().segments, countries=["GE"]).index)
    assert not at.get("download_button")  # the table and downloads load on demand
    at.button(key="show_table").click().run()
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
    assert figures(at)["segments"] == str(len(named))


def test_the_source_page_names_its_republisher_and_its_date_bound():
    texts = markdown(open_page(SOURCE, id=SOURCE_ID))
    meta = next(text for text in texts if text.startswith("**Author:**"))
    assert "Eurasianet, republished by Oilprice.com" in meta
    assert "after 11 March 2024" in meta and "11 March 2024 in the past tense" in meta


# Index pages: the sidebar's Segment, Source and Country without an id ---------------------------

NO_ID = [{}, {"id": ""}, {"id": "   "}]


def assert_links_work(links: list[tuple[str, str, str]], page: str, key: str, known) -> list[str]:
    """The ids the links to ``page`` carry, each known: the page they open shows it."""
    ids = []
    for _, target, query in links:
        if target == page:
            ((name, value),) = parse_qsl(query)
            assert name == key and value in known, query
            ids.append(value)
    return ids


@pytest.mark.parametrize("params", NO_ID, ids=["absent", "empty", "blank"])
def test_segment_index_lists_every_segment_by_route(params):
    at = open_page(SEGMENT, **params)
    data = atlas()
    assert titles(at) == ["Segments"]
    assert not at.warning
    routes = [r for r in data.routes.values() if not data.route_segments(r.id).empty]
    assert subheaders(at) == [route.name for route in routes]
    links = page_links(at)
    ids = assert_links_work(links, "segment", "id", data.segments.index)
    assert ids == [sid for route in routes for sid in data.route_segments(route.id).index]
    labels = [label for label, page, _ in links if page == "segment"]
    assert labels == [data.segments.at[sid, "name"] for sid in ids]
    texts = [text for text in markdown(at) if "drawn" in text]
    assert len(texts) == len(ids)
    for sid, text in zip(ids, texts, strict=True):
        assert LEVEL_LABELS[data.evidence[sid]] in text
        assert f"drawn {data.segments.at[sid, 'length_km']:,.0f} km" in text
        published = published_length(data.facts, sid)
        if published is not None:
            assert f"published {published.display_value()}" in text
        names = ", ".join(map(data.country_name, data.segments.at[sid, "countries"]))
        assert f"**Countries:** {names}" in text


def test_a_link_of_the_segment_index_opens_that_segment():
    data = atlas()
    for sid in (data.segments.index[0], "btc-georgia", data.segments.index[-1]):
        query = next(q for _, p, q in page_links(open_page(SEGMENT)) if q == f"id={sid}")
        assert titles(open_page(SEGMENT, **dict(parse_qsl(query)))) == [
            data.segments.at[sid, "name"]
        ]


@pytest.mark.parametrize("params", NO_ID, ids=["absent", "empty", "blank"])
def test_source_index_lists_every_source(params):
    at = open_page(SOURCE, **params)
    data = atlas()
    assert titles(at) == ["Sources"]
    assert not htmls(at)  # no source text
    links = page_links(at)
    assert assert_links_work(links, "source", "id", data.sources) == list(data.sources)
    labels = [label for label, page, _ in links if page == "source"]
    assert labels == [source.title for source in data.sources.values()]
    texts = [text for text in markdown(at) if text.startswith("**Author:**")]
    for source, text in zip(data.sources.values(), texts, strict=True):
        quotes = sum(quote.source == source.id for quote in data.quotes)
        assert f"**Author:** {source.author}" in text
        assert f"**Publisher:** {source.publisher}" in text
        assert f"**Published:** {source.published}" in text
        assert f"**Quotes:** {quotes}" in text
    query = next(q for _, p, q in links if p == "source")
    assert titles(open_page(SOURCE, **dict(parse_qsl(query)))) == [data.sources[SOURCE_ID].title]


@pytest.mark.parametrize("params", [{}, {"code": ""}], ids=["absent", "empty"])
def test_country_index_lists_every_crossed_country(params):
    at = open_page(COUNTRY, **params)
    data = atlas()
    assert titles(at) == ["Countries"]
    crossed = crossed_countries(data.segments)
    links = page_links(at)
    codes = assert_links_work(links, "country", "code", data.countries.index)
    assert sorted(codes) == crossed
    assert [label for label, page, _ in links if page == "country"] == sorted(
        data.country_name(code) for code in crossed
    )
    texts = [text for text in markdown(at) if " km inside · " in text]
    for code, text in zip(codes, texts, strict=True):
        crossing = filter_segments(data.segments, countries=[code])
        km = sum(km_inside(crossing, data.countries.geometry[code]).values())
        plural = "" if len(crossing) == 1 else "s"
        assert text == f"{km:,.0f} km inside · {len(crossing)} segment{plural}"
    georgia = next(q for _, p, q in links if q == "code=GE")
    assert titles(open_page(COUNTRY, **dict(parse_qsl(georgia)))) == ["Georgia"]


# Titles in the browser tab --------------------------------------------------------------------


@pytest.fixture
def tab_titles(monkeypatch) -> list[str]:
    """Every page title ``st.set_page_config`` sends to the browser, in order."""
    sent: list[str] = []
    enqueue = ScriptRunContext.enqueue

    def recording(self, msg):
        if msg.WhichOneof("type") == "page_config_changed" and msg.page_config_changed.title:
            sent.append(msg.page_config_changed.title)
        return enqueue(self, msg)

    monkeypatch.setattr(ScriptRunContext, "enqueue", recording)
    return sent


@pytest.mark.parametrize(
    ("page", "params", "title"),
    [
        (SEGMENT, {"id": "btc-georgia"}, lambda data: data.segments.at["btc-georgia", "name"]),
        (SEGMENT, {}, lambda data: "Segments"),
        (SEGMENT, {"id": "nope"}, lambda data: "No such segment"),
        (SOURCE, {"id": SOURCE_ID}, lambda data: data.sources[SOURCE_ID].title),
        (SOURCE, {}, lambda data: "Sources"),
        (SOURCE, {"id": "nope"}, lambda data: "No such source"),
        (COUNTRY, {"code": "ge"}, lambda data: "Georgia"),
        (COUNTRY, {"code": "DE"}, lambda data: data.country_name("DE")),
        (COUNTRY, {}, lambda data: "Countries"),
        (ABOUT, {}, lambda data: "How the atlas is made"),
        (SEARCH, {"q": "xian"}, lambda data: "Search"),
    ],
)
def test_each_page_sets_its_browser_title(tab_titles, page, params, title):
    open_page(page, **params)
    assert tab_titles[-1] == f"{title(atlas())} · Corridor Atlas"
    assert tab_titles[0] == "Corridor Atlas"  # app.py's, before the page's own


def test_a_long_segment_name_is_cut_in_the_tab():
    name = atlas().segments.at["btc-turkey", "name"]
    assert len(name) > TITLE_MAX
    title = page_title(name)
    assert title.endswith("… · Corridor Atlas")
    assert name.startswith(title.removesuffix("… · Corridor Atlas"))
    assert len(title) <= TITLE_MAX + len(" · Corridor Atlas")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script> · Corridor Atlas"),
        ("{{7*7}}", "{{7*7}} · Corridor Atlas"),
        ("`${x}` \\ :red[a] ![](http://t.invalid/p.png)", None),
        ("Xi'an –\n\tBaku", "Xi'an – Baku · Corridor Atlas"),
        ("a\x00b\u202ec\u200bd", "abcd · Corridor Atlas"),
        ("", "Corridor Atlas"),
        (" \n ", "Corridor Atlas"),
        (None, "Corridor Atlas"),
        ("word " * 40, None),
        ("x" * 500, "x" * (TITLE_MAX - 1) + "… · Corridor Atlas"),
    ],
)
def test_page_title_is_one_line_of_plain_text(text, title):
    made = page_title(text)
    if title is not None:
        assert made == title
    assert made.endswith("Corridor Atlas")
    assert "\n" not in made and "\x00" not in made
    assert len(made) <= TITLE_MAX + len(" · Corridor Atlas")
    if text and text.isprintable() and len(text) <= TITLE_MAX:
        assert made == f"{text} · Corridor Atlas"  # shown literally, never interpreted


@pytest.mark.parametrize(
    ("page", "params", "title"),
    [
        (SEGMENT, {"id": "rail-xa"}, lambda data: data.segments.at["rail-xa", "name"]),
        (SEGMENT, {"id": "rail-xb"}, lambda data: data.segments.at["rail-xb", "name"]),
        (SOURCE, {"id": "tiny-source"}, lambda data: data.sources["tiny-source"].title),
        (COUNTRY, {"code": "XA"}, lambda data: data.country_name("XA")),
    ],
)
def test_hostile_titles_reach_the_tab_as_text(
    hostile_data, monkeypatch, tab_titles, page, params, title
):
    monkeypatch.setenv("CORRIDOR_DATA", str(hostile_data))
    at = open_page(page, **params)
    assert not at.exception and not at.error
    hostile = title(load_atlas(hostile_data))
    assert any(payload in hostile for payload in PAYLOADS)
    assert tab_titles[-1] == page_title(hostile)
    # The payload's first characters are in the tab as written: not escaped, not evaluated.
    assert tab_titles[-1].startswith(" ".join(hostile.split())[: TITLE_MAX // 2])


@pytest.mark.parametrize("page", [SEGMENT, SOURCE, COUNTRY])
def test_index_pages_render_hostile_data(hostile_data, monkeypatch, page):
    monkeypatch.setenv("CORRIDOR_DATA", str(hostile_data))
    at = open_page(page)
    assert not at.exception and not at.error
    assert page_links(at)


def test_every_page_sets_its_title_through_the_one_helper():
    pages_dir = ROOT / "pages"
    for name in ("segment", "source", "country", "about", "search"):
        text = (pages_dir / f"{name}.py").read_text(encoding="utf-8")
        assert "set_page_config" not in text, name
        assert "set_title(" in text or "chosen(" in text, name


# About: a methodology page for readers ----------------------------------------------------------


def test_about_page_explains_the_evidence_levels_with_counts():
    at = open_page(ABOUT)
    data = atlas()
    assert titles(at) == ["How the atlas is made"]
    texts = markdown(at)
    counts = Counter(data.evidence.values())
    for level, label in LEVEL_LABELS.items():
        plural = "" if counts[level] == 1 else "s"
        (line,) = [text for text in texts if f"{label}]" in text and "segment" in text]
        assert f"**{counts[level]} segment{plural}**" in line
        assert LEVEL_EXPLANATIONS[level] in line
    assert sum(counts[level] for level in LEVEL_LABELS) == len(data.segments)
    body = "\n".join(texts)
    assert f"{len(data.facts)} published figures" in body
    assert "Natural Earth" in body and "GeoNames" in body
    assert "chord" in body and "approximate" in body
    assert ("Read the sources", "source", "") in page_links(at)


def test_about_page_keeps_the_data_readme_in_an_expander():
    at = open_page(ABOUT)
    (expander,) = at.expander
    assert expander.label == "For developers: the data README"
    inside = [element.value for element in expander.markdown]
    assert any(text.startswith("# Corridor Atlas data") for text in inside)
    outside = [m.value for m in at.markdown if m.value not in inside]
    assert not any("# Corridor Atlas data" in text for text in outside)
    assert not at.table and not at.dataframe  # nothing wide outside the expander


# Country: a map of its segments, each source cited once -----------------------------------------


def test_country_page_maps_its_segments_with_the_country_highlighted():
    at = open_page(COUNTRY, code="GE")
    crossing = filter_segments(atlas().segments, countries=["GE"])
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    script = args["script"]
    drawn = {sid for sid in atlas().segments.index if f'"id": "{sid}"' in script}
    assert drawn == set(crossing.index)
    assert '"code": "GE"' in script and '"code": "RU"' not in script
    west, south, east, north = crossing.total_bounds
    numbers = [float(n) for n in re.findall(r"-?\d+\.\d+", script.split("ResizeObserver")[-1])]
    for corner in (south, west, north, east):
        assert any(n == pytest.approx(corner) for n in numbers), corner


def test_country_page_cites_each_source_once_above_its_quotes():
    at = open_page(COUNTRY, code="GE")
    data = atlas()
    crossing = filter_segments(data.segments, countries=["GE"])
    quotes = {q.id: q for sid in crossing.index for q in data.quotes_by_segment[sid]}
    shown = [unescape(e.value) for e in [*at.markdown, *at.caption]]
    for source_id in {q.source for q in quotes.values()}:
        cited = unescape(citation(data.sources[source_id]))
        assert sum(cited in text for text in shown) == 1, cited
        assert f"#### {cited}" in shown
    assert len([lb for lb, _, _ in page_links(at) if lb == "View in source"]) == len(quotes)
    assert len([b for b in at.get("link_button") if b.proto.label == "Read online"]) == len(
        {q.source for q in quotes.values()}
    )


# Search everything: grouped results with counts ------------------------------------------------


def search_results(query: str):
    from components.core.search import search_everything

    return search_everything(atlas(), query)


def test_search_page_poti_shows_segments_routes_and_the_port_with_counts():
    at = open_page(SEARCH, q="Poti")
    results = search_results("Poti")
    assert f"**{results.total}** results for “Poti”" in markdown(at)
    assert subheaders(at) == ["Segments (2)", "Routes (1)", "Places and facilities (1)"]
    links = page_links(at)
    for segment_id in ("mc-gardabani-poti", "mc-poti-constanta"):
        name = atlas().segments.at[segment_id, "name"]
        assert (name, "segment", f"id={segment_id}") in links
    assert ("Middle Corridor", "map", "route=middle-corridor") in links
    # The port links its first segment's page and names every segment that passes it.
    assert ("Port of Poti", "segment", "id=mc-gardabani-poti") in links
    captions = [unescape(c.value) for c in at.caption]
    assert any(c.startswith("Port in Georgia · on 2 segments: ") for c in captions), captions
    assert not at.info


def test_search_page_georgia_links_the_country_and_its_segments():
    at = open_page(SEARCH, q="Georgia")
    counts = search_results("Georgia").counts()
    assert "Countries (1)" in subheaders(at)
    assert f"Segments ({counts['segments']})" in subheaders(at)
    assert counts["segments"] >= 5
    links = page_links(at)
    assert ("Georgia", "country", "code=GE") in links
    assert (atlas().segments.at["btc-georgia", "name"], "segment", "id=btc-georgia") in links
    segment_links = [query for _, page, query in links if page == "segment"]
    assert segment_links[0] == "id=btc-georgia"  # named in its name: first


def test_search_page_container_train_finds_the_route_and_its_segments():
    at = open_page(SEARCH, q="container train")
    results = search_results("container train")
    assert f"**{results.total}** results for “container train”" in markdown(at)
    assert subheaders(at) == [
        f"Segments ({results.segments.total})",
        f"Routes ({results.routes.total})",
    ]
    links = page_links(at)
    route = atlas().routes["xian-baku-rail"]
    assert (route.name, "map", "route=xian-baku-rail") in links
    assert ("View in source", "source") not in [(label, page) for label, page, _ in links]
    for segment_id in atlas().route_segments("xian-baku-rail").index:
        assert any(query == f"id={segment_id}" for _, _, query in links), segment_id


def test_search_page_keeps_the_quote_cards_as_their_own_group():
    at = open_page(SEARCH, q="xian")
    assert "Quotes and source text (1)" in subheaders(at)
    (quote_link,) = [q for label, page, q in page_links(at) if label == "View in source"]
    assert quote_link == f"id={SOURCE_ID}&quote=cargo-from-xian"
    assert any(":orange-background[Xi'an]" in text for text in markdown(at))


@pytest.mark.parametrize("query", ["zzqqxxnotthere", "<img src=x>", "{{7*7}}"])
def test_search_page_unknown_words_show_the_no_result_message(query):
    at = open_page(SEARCH, q=query)
    assert [i.value for i in at.info] == ["Nothing found. Try fewer or other words."]
    assert not at.subheader
    assert not page_links(at)
    assert not any("results for" in text for text in markdown(at))


def test_search_page_shows_hostile_names_literally(hostile_data, monkeypatch):
    from fixtures.hostile import HTML

    monkeypatch.setenv("CORRIDOR_DATA", str(hostile_data))
    at = open_page(SEARCH, q="onerror")
    assert not at.error
    labels = [label for label, _, _ in page_links(at)]
    assert any(HTML in label for label in labels), labels
    raw = [link.proto.label for link in at.get("page_link")]
    raw += [e.value for e in [*at.markdown, *at.caption, *at.subheader]]
    for value in raw:
        live = re.sub(r"\\.", "", value)
        assert "<img" not in live and "](" not in live and "{{" not in live


def test_every_page_path_is_its_file_name():
    """Before the first run calls st.navigation, Streamlit finds pages by file name only."""
    import components.ui.pages as pages

    source = Path(pages.__file__).read_text(encoding="utf-8")
    declared = re.findall(r'st\.Page\((\w+),[^)]*url_path="([^"]+)"', source)
    assert len(declared) >= 6
    for constant, url_path in declared:
        assert Path(getattr(pages, constant)).stem == url_path
