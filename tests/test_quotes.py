"""One check of a quote record: the loader and ingest say the same of the same record."""

import json
from pathlib import Path

import pytest

from components.core.anchoring import make_selectors
from components.core.model import Furniture
from components.core.quotes import KEYS_RULE, check_quote_records
from components.ingest.review import quote_problems_against, quote_record_problems
from components.storage.loading import QUOTES_FILE, load_atlas

RLO = "\u202e"


def _lines(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / QUOTES_FILE).read_text("utf-8").splitlines()]


def _replace_line_2(root: Path, record: object) -> None:
    lines = (root / QUOTES_FILE).read_text("utf-8").splitlines()
    lines[1] = json.dumps(record, ensure_ascii=False)
    (root / QUOTES_FILE).write_text("\n".join(lines) + "\n", "utf-8")


def _changed(**changes):
    def change(record: dict) -> dict:
        return {**record, **changes}

    return change


def _without(key):
    return lambda record: {k: v for k, v in record.items() if k != key}


def _exact(words):
    def change(record: dict) -> dict:
        selector = [dict(item) for item in record["selector"]]
        selector[0]["exact"] = words
        return {**record, "selector": selector}

    return change


CASES = {
    "not-an-object": (lambda record: [record["id"]], [f"must be a JSON object: {KEYS_RULE}"]),
    "missing-selector": (_without("selector"), [f"missing selector: {KEYS_RULE}"]),
    "unexpected-key": (_changed(note="x"), [f"unexpected key 'note': {KEYS_RULE}"]),
    "id-list": (_changed(id=["gamma-road"]), ["id must be text"]),
    "id-not-slug": (
        _changed(id="Gamma Road"),
        ["id must be a lower-case slug (letters, digits, single hyphens)"],
    ),
    "id-repeated": (_changed(id="alpha-railway"), ["id is already used"]),
    "source-list": (_changed(source=[]), ["unknown source []"]),
    "segments-nested": (
        _changed(segments=[["road-xc"]]),
        ["segments must be a list of segment ids (text)"],
    ),
    "segments-repeated": (
        _changed(segments=["road-xc", "road-xc"]),
        ["segments must be distinct: 'road-xc' repeated"],
    ),
    "segment-unknown": (_changed(segments=["road-xc", "nope"]), ["unknown segment 'nope'"]),
    "selector-bidi": (
        _exact(f"a paved {RLO}road"),
        ["selector: exact contains a bidirectional control character (U+202E) that reorders text"],
        # where the words stand is checked only before a write, and reported with the rest
        ["selector does not stand exactly at its position: quote text not found in the source"],
    ),
    "every-fault-at-once": (
        _changed(id="Bad!", source="nope", segments=["nope"], extra=1),
        [
            f"unexpected key 'extra': {KEYS_RULE}",
            "id must be a lower-case slug (letters, digits, single hyphens)",
            "unknown segment 'nope'",
            "unknown source 'nope'",
        ],
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_loader_and_ingest_report_the_same_faults(tiny_data, case):
    change, expected, *before_a_write = case  # ingest also checks where the words stand
    records = _lines(tiny_data)
    record = change(records[1])
    _replace_line_2(tiny_data, record)

    atlas = load_atlas(tiny_data)
    at_load = [
        p.message
        for p in atlas.problems
        if p.file == QUOTES_FILE and (p.where or "").startswith("line 2")
    ]
    sources = {sid: source.text for sid, source in atlas.sources.items()}
    others = {other["id"] for number, other in enumerate(records) if number != 1}
    at_ingest = [
        p.message
        for p in quote_record_problems([record], sources, set(atlas.segments.index), others)
    ]

    assert at_load == expected
    assert at_ingest == expected + (before_a_write[0] if before_a_write else [])


def test_a_repeated_id_keeps_the_first_quote(tiny_data):
    records = _lines(tiny_data)
    _replace_line_2(tiny_data, {**records[1], "id": records[0]["id"]})
    atlas = load_atlas(tiny_data)
    assert [q.id for q in atlas.quotes].count(records[0]["id"]) == 1
    assert records[0]["id"] in {q.id for q in atlas.quotes}
    assert [(p.where, p.message) for p in atlas.problems if p.file == QUOTES_FILE] == [
        (f"line 2 ({records[0]['id']})", "id is already used")
    ]


def test_ids_are_taken_in_order_and_across_calls():
    selector = make_selectors("Alpha beta.", 0, 5)
    good = {"id": "q", "source": "s", "segments": ["seg"], "selector": selector}
    checked = list(check_quote_records([(1, good), (2, good)], {"s"}, {"seg"}, {"old"}))
    assert [entry.faults for entry in checked] == [(), ("id is already used",)]
    assert checked[0].record is not None and checked[0].record.id == "q"
    assert checked[1].place("quote #2") == "quote #2 (q)"
    (taken,) = check_quote_records([(1, {**good, "id": "old"})], {"s"}, {"seg"}, {"old"})
    assert taken.faults == ("id is already used",)


def test_ingest_refuses_a_quote_in_the_page_furniture():
    text = "Menu Home News\nThe railway opened."
    record = {
        "id": "q",
        "source": "s",
        "segments": ["seg"],
        "selector": make_selectors(text, 0, 14),
    }
    furniture = {"s": (Furniture(0, 15, "navigation"),)}
    assert quote_record_problems([record], {"s": text}, {"seg"}, set()) == []
    problems = quote_record_problems([record], {"s": text}, {"seg"}, set(), furniture)
    assert [p.message for p in problems] == [
        "stands in the page furniture (navigation), not the article"
    ]


def test_ingest_checks_against_the_furniture_of_a_saved_source(real_data):
    """The data directory's own furniture reaches the check (the seed article's banner)."""
    source_id = "eurasianet-2024-kazakhstan-azerbaijan-trade-ties"
    text = (real_data / "sources" / f"{source_id}.txt").read_text("utf-8")
    segment = json.loads((real_data / QUOTES_FILE).read_text("utf-8").splitlines()[0])["segments"]
    banner = {
        "id": "banner-words",
        "source": source_id,
        "segments": segment,
        "selector": make_selectors(text, 0, 40),
    }
    problems = quote_problems_against(real_data, [banner], {})
    assert [p.message for p in problems] == [
        "stands in the page furniture (Oilprice.com's breaking-news banner (a headline of another"
        " story)), not the article"
    ]
