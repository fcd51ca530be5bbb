"""Search everything: what each query finds, in which group, how many; real and tiny data."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from components.core.passages import MAX_QUERY_CHARACTERS
from components.core.passages import search as text_search
from components.core.search import GROUPS, Group, Match, SearchResults, search_everything
from support.atlases import atlas, tiny

MODULE = Path(__file__).resolve().parents[1] / "components" / "core" / "search.py"


def ids(group: Group) -> list[str]:
    return [item.id for item in group]


def labels(group: Group) -> list[str]:
    return [item.label for item in group]


# What each query finds in the real data ------------------------------------------------------

# query, group, ids that must be found (a subset), ids that must not be found
FINDS = [
    ("Poti", "segments", {"mc-gardabani-poti", "mc-poti-constanta"}, {"btc-georgia"}),
    ("Poti", "places", {"poti-port"}, set()),
    ("Poti", "routes", {"middle-corridor"}, {"btc-pipeline", "xian-baku-rail"}),
    ("Georgia", "countries", {"GE"}, {"TR", "AZ"}),
    ("Georgia", "segments", {"btc-georgia", "mc-gardabani-poti", "mc-samtredia-batumi"}, set()),
    ("Borjomi", "segments", {"btc-georgia"}, {"btc-turkey", "btc-azerbaijan"}),
    ("Borjomi", "places", {"Borjomi"}, set()),
    ("container train", "routes", {"xian-baku-rail"}, {"btc-pipeline"}),
    ("container train", "segments", {"xb-xian-khorgos", "xb-alat-absheron"}, {"btc-georgia"}),
    ("xian", "routes", {"xian-baku-rail"}, set()),
    ("xian", "places", {"xian-international-port"}, set()),
    ("xian", "segments", {"xb-xian-khorgos"}, set()),
    ("baku tbilisi", "routes", {"btc-pipeline"}, {"xian-baku-rail"}),
    ("baku tbilisi", "segments", {"mc-btk-georgia", "mc-btk-turkey", "btc-georgia"}, set()),
    ("urumqi", "segments", {"mc-urumqi-alashankou", "xb-xian-khorgos"}, set()),
    ("Ürümqi", "places", {"Ürümqi"}, set()),
    ("URUMQI", "places", {"Ürümqi"}, set()),
    ("U\u0308ru\u0308mqi", "segments", {"mc-urumqi-alashankou"}, set()),  # NFD
    ("Kazakhstan", "countries", {"KZ"}, set()),
    ("tr", "countries", {"TR"}, set()),  # an exact alpha-2 code
    ("Brawley Benson", "sources", {"eurasianet-2024-kazakhstan-azerbaijan-trade-ties"}, set()),
    ("oilprice", "sources", {"eurasianet-2024-kazakhstan-azerbaijan-trade-ties"}, set()),
    ("constanta", "places", {"constanta-port"}, set()),
    ("Lokoshaza", "places", {"lokoshaza"}, set()),
]


@pytest.mark.parametrize(("query", "key", "wanted", "unwanted"), FINDS, ids=str)
def test_query_finds_in_group(query, key, wanted, unwanted):
    found = set(ids(getattr(search_everything(atlas(), query), key)))
    assert wanted <= found
    assert not unwanted & found


# query, the total of each group (the real data of today: update when the data changes)
COUNTS = [
    ("Poti", {"segments": 2, "routes": 1, "places": 1}),
    ("Georgia", {"segments": 9, "routes": 2, "places": 4, "countries": 1}),
    ("container train", {"segments": 4, "routes": 2}),
    ("Borjomi", {"segments": 1, "routes": 1, "places": 1}),
    ("xian", {"segments": 4, "routes": 1, "places": 1, "texts": 1}),
    ("zzqqxxnotthere", {}),
]


@pytest.mark.parametrize(("query", "counts"), COUNTS, ids=str)
def test_counts_per_group(query, counts):
    results = search_everything(atlas(), query)
    assert results.counts() == {key: counts.get(key, 0) for key in GROUPS}
    assert results.total == sum(counts.values())


def test_georgia_lists_the_segments_in_georgia_before_those_at_its_border():
    segments = list(search_everything(atlas(), "Georgia").segments)
    crossing = [m.id for m in segments if "GE" in atlas().segments.at[m.id, "countries"]]
    assert [m.id for m in segments[: len(crossing)]] == crossing
    assert segments[0].id == "btc-georgia" and segments[0].reason == "in its name"
    assert segments[1].reason == "crosses Georgia"
    assert all(m.reason.startswith("passes ") for m in segments[len(crossing) :])


def test_a_place_is_listed_once_with_every_segment_that_passes_it():
    (poti,) = search_everything(atlas(), "Port of Poti").places
    assert poti.id == "poti-port"  # the facility, not also the "Port of Poti" of the via lists
    assert poti.segments == ("mc-gardabani-poti", "mc-poti-constanta")
    assert "Port in Georgia" in poti.detail
    assert "Gardabani – Tbilisi – Poti port" in poti.detail
    (urumqi,) = search_everything(atlas(), "urumqi").places
    assert urumqi.label == "Ürümqi"
    assert urumqi.segments == ("mc-urumqi-alashankou", "xb-xian-khorgos")
    assert "on 2 segments" in urumqi.detail


def test_segment_matches_say_why_they_were_found():
    found = {m.id: m for m in search_everything(atlas(), "Borjomi").segments}
    assert found["btc-georgia"].reason == "in its name"
    assert found["btc-georgia"].detail == "Baku–Tbilisi–Ceyhan pipeline · Pipeline · Georgia"
    via = {m.id: m.reason for m in search_everything(atlas(), "Tsalka").segments}
    assert via == {"btc-georgia": "in its name", "mc-btk-georgia": "passes Tsalka"}
    route = {m.id: m.reason for m in search_everything(atlas(), "container train").segments}
    assert set(route.values()) == {"in its route's name"}


def test_only_countries_that_a_segment_crosses_are_found():
    assert ids(search_everything(atlas(), "Armenia").countries) == []  # in the basemap only
    assert ids(search_everything(atlas(), "Germany").countries) == []
    assert labels(search_everything(atlas(), "hungary").countries) == ["Hungary"]


def test_container_train_is_not_in_the_article_but_its_route_is_found():
    # The article speaks of a "freight train"; the route's name says "container train".
    assert text_search(atlas(), "container train") == []
    assert ids(search_everything(atlas(), "freight train").texts)
    results = search_everything(atlas(), "container train")
    assert results.routes.items[0].id == "xian-baku-rail"
    assert results.routes.items[0].reason == "in its name"


def test_text_hits_are_the_evidence_search_hits():
    results = search_everything(atlas(), "caspian")
    hits = text_search(atlas(), "caspian", limit=10_000)
    assert results.texts.total == len(hits)
    assert [(t.source, t.quote, t.passage, t.segments) for t in results.texts] == [
        (h.source, h.quote, h.passage, h.segments) for h in hits
    ]
    assert len(set(ids(results.texts))) == len(hits)
    assert results.texts.items[0].detail == "In a quote"


def test_xian_text_hit_is_the_quote_with_the_apostrophe():
    (hit,) = search_everything(atlas(), "xian").texts
    assert hit.quote is not None
    assert hit.passage.match == "Xi'an"
    assert hit.segments


# Limits, empty and hostile queries -----------------------------------------------------------


def test_the_limit_keeps_the_total():
    results = search_everything(atlas(), "a", limit_per_group=2)
    for group in results.groups:
        assert len(group) <= 2
        assert group.total >= len(group)
        assert group.truncated == (group.total > 2)
    unlimited = search_everything(atlas(), "a", limit_per_group=10_000)
    assert results.counts() == unlimited.counts()
    assert results.segments.items == unlimited.segments.items[:2]
    assert results.texts.total > 50  # more than evidence.search's own default limit


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "'", "–", " - ' ’ "])
def test_nothing_to_search_finds_nothing(query):
    results = search_everything(atlas(), query)
    assert results.total == 0
    assert all(len(group) == 0 for group in results.groups)
    assert results.query == query.strip()


HOSTILE = [
    "<img src=x>",
    '<img src=x onerror="alert(1)">',
    "{{7*7}}",
    "{% if 1 %}x{% endif %}",
    "${alert(1)}",
    "[x](javascript:alert(1))",
    "../../etc/passwd",
    "\x00\x00",
    "z" * 500,
    "caspian " * 1250,
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: q[:20])
@pytest.mark.parametrize("data", [atlas, tiny], ids=["real", "tiny"])
def test_hostile_queries_find_nothing_and_raise_nothing(data, query):
    results = search_everything(data(), query)
    assert results.total == 0
    assert len(results.query) <= MAX_QUERY_CHARACTERS


def test_the_query_is_capped():
    query = "x" * 150 + " " + "y" * 500
    assert search_everything(atlas(), query).query == query[:MAX_QUERY_CHARACTERS]


# The tiny fixture: every group, counted --------------------------------------------------------

TINY = [
    # query, {group: ids in order}
    (
        "gamma port",
        {
            "segments": ["road-xc", "sea-xa-xc"],
            "routes": ["coastal"],
            "places": ["gamma-port"],
            "texts": 2,
        },
    ),
    (
        "alphaland",
        {
            "segments": ["rail-xa", "rail-xb", "sea-xa-xc"],
            "routes": ["overland", "coastal"],
            "places": ["Alphaland–Betaland border"],
            "countries": ["XA"],
            "texts": 2,
        },
    ),
    (
        "ALPHA CITY",
        {
            "segments": ["rail-xa"],
            "routes": ["overland"],
            "places": ["alpha-city-station", "Alpha City"],
            "texts": 1,
        },
    ),
    ("gazette", {"sources": ["tiny-source"], "texts": 1}),
    ("made up for the tests", {"sources": ["tiny-source"]}),
    ("coastal", {"segments": ["sea-xa-xc"], "routes": ["coastal"]}),
    (
        "betaland",
        {
            "segments": ["rail-xa", "rail-xb"],
            "routes": ["overland"],
            "places": 1,
            "countries": ["XB"],
            "texts": 1,
        },
    ),
    ("trade route", {"texts": 2}),
    ("nowhere", {}),
]


@pytest.mark.parametrize(("query", "expected"), TINY, ids=[q for q, _ in TINY])
def test_tiny_fixture(query, expected):
    results = search_everything(tiny(), query)
    for key in GROUPS:
        group = getattr(results, key)
        want = expected.get(key, [])
        if isinstance(want, int):
            assert group.total == want, key
        else:
            assert ids(group) == want, key
            assert group.total == len(want), key


def test_tiny_place_found_both_as_facility_and_in_via_is_one_place():
    (port,) = search_everything(tiny(), "gamma port").places
    assert port.label == "Gamma Port"
    assert port.segments == ("road-xc", "sea-xa-xc")
    assert port.detail.startswith("Port in Gammaland · on 2 segments: ")
    (town,) = search_everything(tiny(), "alpha city").places.items[1:]
    assert (town.id, town.segments, town.detail.split(" · ")[0]) == (
        "Alpha City",
        ("rail-xa",),
        "Place on the line",
    )


def test_tiny_country_detail_counts_the_segments_crossing_it():
    (alpha,) = search_everything(tiny(), "alphaland").countries
    assert (alpha.label, alpha.detail) == ("Alphaland", "2 segments cross it")
    (beta,) = search_everything(tiny(), "betaland").countries
    assert (beta.label, beta.detail) == ("Betaland", "1 segment crosses it")


# The shape of the API ------------------------------------------------------------------------


def test_results_are_frozen_dataclasses():
    results = search_everything(atlas(), "Poti")
    for value in (results, results.segments, *results.segments, *results.places):
        assert dataclasses.is_dataclass(value)
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.id = "x"  # type: ignore[misc]
    assert isinstance(results.segments.items[0], Match)
    assert [group.key for group in results.groups] == list(GROUPS)
    assert SearchResults().total == 0


def test_the_search_module_imports_no_streamlit_or_folium():
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    modules = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not modules & {"streamlit", "folium", "streamlit_folium", "branca"}
