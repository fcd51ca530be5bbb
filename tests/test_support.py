"""Support levels: what a quote's words say of each segment it is linked to."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from components.build import support as build_support
from components.build.synthetic import generate
from components.core.gazetteer import segment_terms
from components.core.problems import Problem
from components.core.support import (
    LEVELS,
    QUOTE_KEYS,
    Support,
    link_support,
    quote_support,
    record_with_support,
    segment_evidence,
    stored_support_problems,
    strongest_level,
    text_support,
)
from components.storage.files import read_json_lines
from components.storage.loading import QUOTES_FILE, load_atlas
from components.storage.paths import DATA_ENV, DEFAULT_DATA_DIR
from components.storage.supporting import load_gazetteer
from fixtures.hostile import write_hostile_data

REPO = Path(__file__).resolve().parents[1]
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
EUROPE = {"BG", "RO", "HU"}


@pytest.fixture(scope="module")
def real():
    atlas = load_atlas(DEFAULT_DATA_DIR)
    gazetteer, problems = load_gazetteer(DEFAULT_DATA_DIR)
    assert problems == []
    terms = segment_terms(atlas, gazetteer)
    patterns = {term.pattern for found in terms.values() for term in found}
    return SimpleNamespace(atlas=atlas, gazetteer=gazetteer, terms=terms, patterns=patterns)


def _support(real, text, segment):
    """The level by both entry points, which must agree."""
    one = link_support(text, real.terms[segment], others=real.patterns)
    assert text_support(text, [segment], real.terms) == {segment: one}
    return one


# --- the levels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segment", "level", "words"),
    [
        # names: a place of the via, an alias of it, or the segment's own line
        ("The train passed Lanzhou.", "xb-xian-khorgos", "names", ("Lanzhou",)),
        ("Its cargo came from Xi’an, China.", "xb-xian-khorgos", "names", ("Xi’an",)),
        ("Its cargo came from XIAN.", "xb-xian-khorgos", "names", ("XIAN",)),
        ("Trains reach Ürümqi and Urumqi.", "mc-urumqi-alashankou", "names", ("Ürümqi", "Urumqi")),
        ("Trains cross Sarikamis.", "mc-kars-istanbul", "names", ("Sarikamis",)),
        ("Ferries sail from the port of Kuryk.", "mc-kuryk-alat", "names", ("port of Kuryk",)),
        (
            "It arrived at Baku's Absheron station.",
            "xb-alat-absheron",
            "names",
            ("Absheron station",),
        ),
        ("BTK trains run daily.", "mc-btk-georgia", "names", ("BTK",)),
        (
            "The Baku–Tbilisi–Kars railway opened in 2017.",
            "mc-btk-turkey",
            "names",
            ("Baku–Tbilisi–Kars railway",),
        ),
        (
            "The Northern Xinjiang railway is busy.",
            "mc-urumqi-alashankou",
            "names",
            ("Northern Xinjiang railway",),
        ),
        (
            "Oil flows through the Baku-Tbilisi-Ceyhan pipeline to Ceyhan.",
            "btc-turkey",
            "names",
            ("Ceyhan",),
        ),
        # route: the route's name or an alias, nothing on the segment
        ("The Middle Corridor grows.", "mc-kars-istanbul", "route", ("Middle Corridor",)),
        ("The TITR grows; so does the TITR.", "mc-poti-constanta", "route", ("TITR",)),
        (
            "Oil flows through the Baku-Tbilisi-Ceyhan pipeline.",
            "btc-georgia",
            "route",
            ("Baku-Tbilisi-Ceyhan pipeline",),
        ),
        (
            "The Xi'an – Baku container train left.",
            "xb-altynkol-aktau",
            "route",
            ("Xi'an – Baku container train",),
        ),
        # context: countries, a sea, the region, nothing at all
        ("Kazakhstan signed a deal.", "mc-dostyk-beyneu", "context", ("Kazakhstan",)),
        ("Turkey, or Türkiye, signed.", "mc-kars-istanbul", "context", ("Turkey", "Türkiye")),
        ("Turkish and Turkiye’s trains.", "btc-turkey", "context", ("Turkish", "Turkiye")),
        ("Ferries cross the Caspian Sea.", "mc-aktau-alat", "context", ("Caspian Sea",)),
        ("Trade across the Caspian grows.", "mc-kuryk-alat", "context", ()),
        ("It arrived at Absheron station.", "xb-aktau-alat", "context", ()),
        ("Trans-Caspian routes bypass Russia.", "mc-alat-aghstafa", "context", ()),
        ("", "mc-alat-aghstafa", "context", ()),
    ],
)
def test_levels_of_the_real_data(real, text, segment, level, words):
    assert _support(real, text, segment) == Support(level, words)


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        # the name of a route or line is not a mention of the places it is named after
        ("Oil flows through the Baku-Tbilisi-Ceyhan pipeline.", "mc-gardabani-poti"),
        ("Oil flows through the Baku–Tbilisi–Ceyhan pipeline.", "mc-btk-georgia"),
        ("The Baku-Tbilisi-Kars railway opened.", "mc-gardabani-poti"),
        ("The Baku-Tbilisi-Kars railway opened.", "mc-kars-istanbul"),
        ("The Jinghe–Yining–Khorgos railway opened.", "xb-xian-khorgos"),
    ],
)
def test_a_longer_name_is_not_a_mention_of_its_places(real, text, segment):
    assert _support(real, text, segment).level == "context"


def test_without_the_other_names_a_place_inside_one_counts(real):
    text = "The Baku-Tbilisi-Kars railway opened."
    assert link_support(text, real.terms["mc-kars-istanbul"]) == Support("names", ("Kars",))
    # the segment's own longer name wins even without the others
    ceyhan = link_support("The Baku-Tbilisi-Ceyhan pipeline.", real.terms["btc-turkey"])
    assert ceyhan == Support("route", ("Baku-Tbilisi-Ceyhan pipeline",))


def test_a_quote_naming_two_segments_names_both(real):
    text = "Ferries left Kuryk for Alat, and trains passed Lanzhou in China."
    segments = ["mc-mangistau-kuryk", "mc-alat-aghstafa", "xb-xian-khorgos", "btc-georgia"]
    assert text_support(text, segments, real.terms) == {
        "mc-mangistau-kuryk": Support("names", ("Kuryk",)),
        "mc-alat-aghstafa": Support("names", ("Alat",)),
        "xb-xian-khorgos": Support("names", ("Lanzhou",)),
        "btc-georgia": Support("context", ()),
    }


def test_a_segment_without_terms_is_context():
    assert text_support("Kars", ["ghost"], {}) == {"ghost": Support("context", ())}


@pytest.mark.parametrize(
    ("text", "level", "words"),
    [
        ("<script>alert('Kars')</script>", "names", ("Kars",)),
        ("{{ 7*7 }} trains reach Kars {% if x %}", "names", ("Kars",)),
        ("`Kars`, ```Erzurum```", "names", ("Kars", "Erzurum")),
        ("\u202eKars\u202c is \u2066Erzurum\u2069", "names", ("Kars", "Erzurum")),
        ("**Kars** [Erzurum](javascript:alert(1)) # Sivas", "names", ("Kars", "Erzurum", "Sivas")),
        ("Ka\u202ers and Kar\u200bs", "names", ("Kar\u200bs",)),
        ("<b>Middle Corridor</b> ${alert(1)}", "route", ("Middle Corridor",)),
        ("\\u004bars \\ Turkey \x00 \ud800", "context", ("Turkey",)),
        ("<img src=x onerror=alert(1)> | --- | \r\n\u2028", "context", ()),
    ],
)
def test_hostile_text_gets_a_level_with_verbatim_words(real, text, level, words):
    support = _support(real, text, "mc-kars-istanbul")
    assert support == Support(level, words)
    assert all(word in text for word in support.words)


def test_quote_support_of_the_tiny_data():
    atlas = load_atlas(TINY)
    gazetteer, _ = load_gazetteer(TINY)
    assert quote_support(atlas, gazetteer) == {
        "alpha-railway": {
            "rail-xa": Support("names", ("Alpha City",)),
            "rail-xb": Support("names", ("Beta Junction",)),
        },
        "gamma-road": {"road-xc": Support("names", ("Gamma", "Gamma Market"))},
        "alpha-gamma-ferry": {"sea-xa-xc": Support("names", ("Alpha Harbour", "Gamma"))},
        "busy-route": {
            "road-xc": Support("context", ()),
            "sea-xa-xc": Support("context", ()),
        },
    }
    terms = segment_terms(atlas, gazetteer)
    # a country alone (here a made-up one) never makes more than context
    alone = text_support("Alphaland’s trains", ["rail-xa"], terms)
    assert alone == {"rail-xa": Support("context", ("Alphaland",))}


# --- evidence -----------------------------------------------------------------------------------


def _links(*levels_by_quote):
    return {
        f"q{number}": {segment: Support(level, ()) for segment, level in levels.items()}
        for number, levels in enumerate(levels_by_quote)
    }


@pytest.mark.parametrize(
    ("support", "evidence"),
    [
        (_links(), {"a": "none", "b": "none"}),
        (_links({"a": "context"}), {"a": "context", "b": "none"}),
        (_links({"a": "context"}, {"a": "route", "b": "context"}), {"a": "route", "b": "context"}),
        (_links({"a": "names"}, {"a": "route"}, {"a": "context"}), {"a": "names", "b": "none"}),
        (_links({"b": "route", "ghost": "names"}), {"a": "none", "b": "route"}),
    ],
)
def test_segment_evidence_is_the_strongest_link(support, evidence):
    assert segment_evidence(["a", "b"], support) == evidence


@pytest.mark.parametrize(
    ("levels", "strongest"),
    [([], "none"), (["context"], "context"), (["context", "names", "route"], "names")],
)
def test_strongest_level(levels, strongest):
    assert strongest_level(levels) == strongest
    assert LEVELS.index(strongest) == min((LEVELS.index(x) for x in levels), default=3)


# --- stored levels ------------------------------------------------------------------------------

COMPUTED = {
    "q": {
        "mc-x": Support("context", ("Kazakhstan",)),
        "mc-y": Support("names", ("Aktau", "Kuryk")),
    },
    "r": {"mc-z": Support("context", ())},
}


def _stored(support, **changes):
    record = {"id": "q", "source": "s", "segments": ["mc-x", "mc-y"], "selector": []}
    if support is not None:
        record["support"] = support
    return {**record, **changes}


@pytest.mark.parametrize(
    ("record", "messages"),
    [
        (_stored({"mc-x": "context", "mc-y": "names"}), []),
        (_stored(None), ["no support levels: run `corridor build-support` to compute it"]),
        (
            _stored({"mc-x": "names", "mc-y": "names"}),
            ["stored support 'names' for mc-x, the text supports 'context' (words: 'Kazakhstan')"],
        ),
        (
            _stored({"mc-x": "context", "mc-y": "route"}),
            [
                "stored support 'route' for mc-y, the text supports 'names' "
                "(words: 'Aktau', 'Kuryk')"
            ],
        ),
        (
            _stored({"mc-x": "context"}),
            ["support gives no level for mc-y: run `corridor build-support` to compute it"],
        ),
        (
            _stored({"mc-x": "context", "mc-y": "names", "mc-w": "names"}),
            ["support names mc-w, which the quote does not link"],
        ),
        (
            _stored({"mc-x": "strong", "mc-y": "none"}),
            [
                "support for mc-x is 'strong', not a level (names, route, context)",
                "support for mc-y is 'none', not a level (names, route, context)",
            ],
        ),
        (
            _stored({"mc-x": 3, "mc-y": ["names"]}),
            [
                "support for mc-x is 3, not a level (names, route, context)",
                "support for mc-y is ['names'], not a level (names, route, context)",
            ],
        ),
        (
            _stored(["names", "context"]),
            [
                "support must be an object of segment id to level: run `corridor build-support` "
                "to compute it"
            ],
        ),
    ],
    ids=[
        "valid",
        "missing",
        "stale-names",
        "stale-route",
        "key-missing",
        "key-extra",
        "invalid-level",
        "not-text",
        "not-object",
    ],
)
def test_stored_support_problems(record, messages):
    problems = stored_support_problems([(3, record)], COMPUTED)
    assert [p.message for p in problems] == messages
    assert all(p.file == QUOTES_FILE and p.where == "line 3 (q)" for p in problems)


def test_stored_support_skips_what_did_not_load_and_repeats():
    records = [
        (1, "not a record"),
        (2, {"id": "unloaded", "segments": ["mc-x"]}),
        (3, _stored({"mc-x": "context", "mc-y": "names"})),
        (4, _stored(None)),  # a repeated id: loading reports it, and the first one counts
        (5, {"id": "r", "segments": ["mc-z"]}),
    ]
    problems = stored_support_problems(records, COMPUTED, name="other.jsonl")
    assert problems == [
        Problem(
            "other.jsonl",
            "line 5 (r)",
            "no support levels: run `corridor build-support` to compute it",
        )
    ]


def test_record_with_support_orders_the_keys():
    record = {"selector": [1], "extra": True, "support": {"a": "x"}, "segments": ["a"], "id": "q"}
    record["source"] = "s"
    out = record_with_support(record, {"a": "names"})
    assert list(out) == [*QUOTE_KEYS, "extra"]
    assert out["support"] == {"a": "names"}
    assert record["support"] == {"a": "x"}  # the record given is not changed


# --- the real data ------------------------------------------------------------------------------


def test_the_real_levels(real):
    support = quote_support(real.atlas, real.gazetteer)
    print("\nquote | segment | level | words")
    for quote_id, links in support.items():
        for segment_id, link in links.items():
            print(f"{quote_id} | {segment_id} | {link.level} | {', '.join(link.words)}")
    assert {quote.id for quote in real.atlas.quotes} == set(support)
    assert support["cargo-from-xian"]["xb-xian-khorgos"] == Support("names", ("Xi'an",))
    assert support["train-arrives-absheron"]["xb-alat-absheron"].level == "names"
    assert support["caspian-sea-is-a-bridge"]["mc-aktau-alat"] == Support(
        "context", ("Caspian Sea",)
    )
    countries = real.atlas.segments["countries"]
    european = {sid for sid, codes in countries.items() if EUROPE & set(codes)}
    assert european  # or the next line would prove nothing
    named = {
        sid for links in support.values() for sid, link in links.items() if link.level == "names"
    }
    assert not named & european
    evidence = segment_evidence(real.atlas.segments.index, support)
    assert list(evidence) == list(real.atlas.segments.index)
    assert evidence["xb-xian-khorgos"] == "names"
    assert evidence["mc-btk-georgia"] == "context"


def test_the_stored_levels_of_the_data_sets_are_up_to_date(real):
    for root in (DEFAULT_DATA_DIR, TINY):
        atlas = load_atlas(root)
        gazetteer, _ = load_gazetteer(root)
        records, problems = read_json_lines(root, QUOTES_FILE)
        assert problems == []
        computed = quote_support(atlas, gazetteer)
        assert len(computed) == len(records)
        assert stored_support_problems(records, computed) == []
        assert all(list(record) == list(QUOTE_KEYS) for _, record in records)


# --- corridor build-support ---------------------------------------------------------------------


@pytest.fixture
def data(real_data, monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)
    return real_data


def _set_level(path, line, segment, level):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(lines[line - 1])
    record["support"][segment] = level
    lines[line - 1] = json.dumps(record, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_build_support_check_detects_a_stale_file_and_the_build_fixes_it(data, capsys):
    quotes = data / QUOTES_FILE
    original = quotes.read_bytes()
    assert build_support.main(["--data", str(data), "--check"]) == 0
    _set_level(quotes, 3, "xb-xian-khorgos", "context")
    stale = quotes.read_bytes()
    capsys.readouterr()

    assert build_support.main(["--data", str(data), "--check"]) == 1
    assert "out of date (lines 3)" in capsys.readouterr().err
    assert quotes.read_bytes() == stale  # --check writes nothing

    assert build_support.main(["--data", str(data)]) == 0
    assert "1 line(s) changed" in capsys.readouterr().out
    assert quotes.read_bytes() == original
    assert build_support.main(["--data", str(data), "--check"]) == 0


def test_build_support_rewrites_only_the_support(data):
    quotes = data / QUOTES_FILE
    before = quotes.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in before]
    for record in records:
        del record["support"]
    broken = '{"id": "broken", "segments": ["ghost"], "selector": []}'
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    quotes.write_text("\n".join([*lines, "", "not json", broken]) + "\n", encoding="utf-8")

    rewrite = build_support.rewrite_support(
        quotes.read_text(encoding="utf-8"), segment_terms(load_atlas(data), load_gazetteer(data)[0])
    )
    assert rewrite.text.splitlines() == [*before, "", "not json", broken]
    assert rewrite.quotes == len(before)
    assert rewrite.changed == tuple(range(1, len(before) + 1))
    assert [(p.where, p.message) for p in rewrite.skipped] == [
        ("line 12", "invalid JSON: Expecting value: line 1 column 1 (char 0)"),
        ("line 13 (broken)", "left as it is: unknown segment 'ghost'"),
    ]


def test_build_support_reads_the_data_directory_from_the_environment(data, monkeypatch, capsys):
    _set_level(data / QUOTES_FILE, 1, "mc-dostyk-beyneu", "names")
    monkeypatch.setenv(DATA_ENV, str(data))
    assert build_support.main(["--check"]) == 1
    assert str(data / QUOTES_FILE) in capsys.readouterr().err


def _stored_problems(root):
    atlas = load_atlas(root)
    records, _ = read_json_lines(root, QUOTES_FILE)
    return stored_support_problems(records, quote_support(atlas, load_gazetteer(root)[0]))


@pytest.mark.parametrize(
    "write",
    [write_hostile_data, lambda target: generate(target, 1)],
    ids=["hostile", "synthetic"],
)
def test_write_support_makes_generated_data_valid(tmp_path, write):
    root = write(tmp_path / "data")
    assert _stored_problems(root) == []  # the generators write the levels themselves
    quotes = root / QUOTES_FILE
    stripped = [json.loads(line) for line in quotes.read_text(encoding="utf-8").splitlines()]
    for record in stripped:
        del record["support"]
    quotes.write_text("".join(json.dumps(r) + "\n" for r in stripped), encoding="utf-8")
    assert _stored_problems(root)
    assert build_support.write_support(root) == []
    assert _stored_problems(root) == []
    records, _ = read_json_lines(root, QUOTES_FILE)
    assert all(list(record)[:5] == list(QUOTE_KEYS) for _, record in records)


def test_build_support_on_a_missing_file(tmp_path, capsys):
    assert build_support.main(["--data", str(tmp_path), "--check"]) == 1
    assert "quotes.jsonl: file is missing" in capsys.readouterr().err


# --- imports ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    ["components.core.support", "components.core.gazetteer", "components.ingest"],
)
def test_the_pure_modules_do_not_import_loading(module):
    """loading.py can import support.py at its top: nothing on the way imports loading back."""
    code = f"import sys, {module}; print('components.storage.loading' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "False"
