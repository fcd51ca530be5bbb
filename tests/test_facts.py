"""Published facts: loading, what makes a fact unattributed, drawn against published lengths."""

import json

import geopandas as gpd
import pytest

from components.core.facts import (
    FACTS_FILE,
    drawn_against_published,
    length_problems,
    parse_fact,
    published_length,
)
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR
from components.storage.supporting import load_facts

SUBJECTS = {"overland", "rail-xa"}
COUNTRIES = {"XA", "XB"}
CITATION = {
    "publisher": "Made-up Railways",
    "title": "Facts about the line",
    "url": "https://example.org/line",
    "published": "2024-05",
    "looked_up": "2026-11-30",
}


def _fact(**changes):
    fact = {
        "subject": "rail-xa",
        "fact": "length",
        "value": 100,
        "unit": "km",
        "country": None,
        "part": None,
        "as_of": "2024",
        "citation": dict(CITATION),
    }
    fact.update(changes)
    return fact


def test_a_cited_length_is_read_with_its_citation():
    fact, fault = parse_fact(_fact(), SUBJECTS, COUNTRIES)
    assert fault is None
    assert (fact.subject, fact.kind, fact.value, fact.unit) == ("rail-xa", "length", 100.0, "km")
    assert fact.citation.label() == "Made-up Railways, 2024"
    assert fact.display_value() == "100 km"


@pytest.mark.parametrize(
    ("changes", "fault"),
    [
        ({"citation": None}, "unattributed"),
        ({"citation": {**CITATION, "publisher": " "}}, "unattributed"),
        ({"citation": {**CITATION, "url": None}}, "unattributed"),
        ({"citation": {**CITATION, "url": "javascript:alert(1)"}}, "unattributed"),
        ({"citation": {**CITATION, "looked_up": "yesterday"}}, "looked up"),
        ({"citation": {**CITATION, "published": "May 2024"}}, "published date"),
        ({"subject": "nowhere"}, "unknown subject"),
        ({"fact": "speed"}, "unknown fact"),
        ({"value": "100"}, "positive number"),
        ({"value": -5}, "positive number"),
        ({"value": True}, "positive number"),
        ({"unit": "mi"}, "in km"),
        ({"fact": "capacity", "unit": None}, "needs a unit"),
        ({"fact": "opened", "value": "in spring"}, "opened must be a date"),
        ({"fact": "status", "value": "busy", "unit": None}, "status must be one of"),
        ({"fact": "status", "value": "operating", "unit": None, "as_of": None}, "as_of"),
        ({"country": "ZZ"}, "unknown country"),
        ({"part": ["a"]}, "part must be text"),
    ],
)
def test_faulty_facts_are_refused_with_the_reason(changes, fault):
    fact, message = parse_fact(_fact(**changes), SUBJECTS, COUNTRIES)
    assert fact is None
    assert fault in message


def test_load_facts_names_each_bad_fact_and_keeps_the_good(tmp_path):
    facts = [_fact(), _fact(citation={**CITATION, "url": ""}), "not an object"]
    (tmp_path / FACTS_FILE).write_text(json.dumps(facts), encoding="utf-8")
    loaded, problems = load_facts(tmp_path, SUBJECTS, COUNTRIES)
    assert len(loaded) == 1
    assert [(p.file, p.where) for p in problems] == [
        (FACTS_FILE, "fact #1 ('rail-xa' 'length')"),
        (FACTS_FILE, "fact #2"),
    ]
    assert "unattributed" in problems[0].message


def test_a_missing_facts_file_means_no_facts(tmp_path):
    assert load_facts(tmp_path, SUBJECTS, COUNTRIES) == ([], [])


def test_a_length_of_a_part_is_not_the_subject_s_published_length():
    whole, _ = parse_fact(_fact(value=120), SUBJECTS, COUNTRIES)
    part, _ = parse_fact(_fact(value=40, part="Port spur"), SUBJECTS, COUNTRIES)
    assert published_length([part], "rail-xa") is None
    assert published_length([part, whole], "rail-xa") is whole


@pytest.mark.parametrize(
    ("drawn", "plausible"), [(84, False), (85, True), (115, True), (116, False)]
)
def test_drawn_lengths_outside_the_tolerance_are_problems(drawn, plausible):
    fact, _ = parse_fact(_fact(value=100), SUBJECTS, COUNTRIES)
    segments = gpd.GeoDataFrame({"length_km": [float(drawn)]}, index=["rail-xa"])
    checks = drawn_against_published(segments, [fact])
    assert [check.plausible for check in checks] == [plausible]
    problems = length_problems(checks)
    assert bool(problems) is not plausible
    if problems:
        assert problems[0].where == "rail-xa"
        assert f"drawn {drawn} km" in problems[0].message


def test_validation_names_an_unattributed_fact_in_a_data_directory(tiny_data):
    facts = [_fact(), _fact(citation={"publisher": "Someone"})]
    (tiny_data / FACTS_FILE).write_text(json.dumps(facts), encoding="utf-8")
    atlas = load_atlas(tiny_data)
    assert len(atlas.facts) == 1
    assert any(p.file == FACTS_FILE and "unattributed" in p.message for p in atlas.problems)


def test_every_real_fact_is_attributed_and_loaded():
    atlas = load_atlas(DEFAULT_DATA_DIR)
    raw = json.loads((DEFAULT_DATA_DIR / FACTS_FILE).read_text(encoding="utf-8"))
    assert len(atlas.facts) == len(raw) > 30
    assert not [p for p in atlas.problems if p.file == FACTS_FILE]
