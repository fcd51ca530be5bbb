"""One malformed value costs its own record only (issue 13, finding 3).

Each case makes one edit to a copy of the tiny data set: a value of the wrong type (a list
where an id belongs, a string or ``true`` where a coordinate belongs, a ``null`` geometry), a
number beyond range (a 5,001-digit integer, 1 followed by 400 zeros, ``1e400``, ``NaN``),
nesting 50,000 deep, a lone surrogate, a bidirectional override or an invisible character in a
label, an over-long id or name. Then

- ``load_atlas`` names the file and the place (the record's id, or its line or index) and keeps
  every valid record;
- ``corridor validate`` exits 1 with the same problem and no traceback (in-process for every
  case, and through the installed ``corridor`` entry point in a subprocess once, on a copy of
  the real data with one such edit in each of its files);
- the app shows the rest of the atlas on ``/``, ``/about`` and a segment page: no exception,
  no "Something went wrong", the valid segments counted and shown.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.cli import commands as cli
from components.core import facts, geojson, nodes, quotes
from components.storage import loading
from components.storage.loading import load_atlas
from components.ui.errors import FRIENDLY_ERROR
from support.app import ABOUT, SEGMENT, open_page
from support.figures import figures

REPO = Path(__file__).resolve().parents[1]
ALL = frozenset({"rail-xa", "rail-xb", "road-xc", "sea-xa-xc"})
SOURCE_TXT, SOURCE_JSON = "sources/tiny-source.txt", "sources/tiny-source.json"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: makes what follows read backwards
DIGITS_5001 = "9" * 5001  # beyond Python's integer-parsing limit (4,300 digits)
GOOGOL_400 = "1" + "0" * 400  # an integer, and beyond any float


Mutate = Callable[[Path], None]


# --- edits of a data copy ---------------------------------------------------------------------


def _json(name: str, change: Callable[[object], None]) -> Mutate:
    def mutate(root: Path) -> None:
        path = root / name
        value = json.loads(path.read_text(encoding="utf-8"))
        change(value)
        path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")

    return mutate


def _raw(name: str, old: str, new: str) -> Mutate:
    """Replace text in a file as written: for values ``json.dumps`` cannot write."""

    def mutate(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _feature(name: str, index: int, change: Callable[[dict], None]) -> Mutate:
    return _json(name, lambda collection: change(collection["features"][index]))


def _property(name: str, index: int, key: str, value: object) -> Mutate:
    return _feature(name, index, lambda feature: feature["properties"].__setitem__(key, value))


def _segment(key: str, value: object) -> Mutate:
    """Set a property of ``road-xc``, the third segment (its quotes: gamma-road, busy-route)."""
    return _property("segments.geojson", 2, key, value)


def _road_coordinates(coordinates: object) -> Mutate:
    return _feature(
        "segments.geojson", 2, lambda f: f["geometry"].__setitem__("coordinates", coordinates)
    )


def _road_longitude(written: str) -> Mutate:
    """Write the first longitude of road-xc as given: a number ``json.dumps`` cannot write."""
    return _raw("segments.geojson", "[[5.0, 1.9]", f"[[{written}, 1.9]")


def _quote(change: Callable[[dict], None], line: int = 2) -> Mutate:
    """Edit a record of quotes.jsonl (line 2 is gamma-road; road-xc keeps busy-route)."""

    def mutate(root: Path) -> None:
        path = root / "quotes.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[line - 1])
        change(record)
        lines[line - 1] = json.dumps(record, ensure_ascii=False)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


def _quote_raw(line: int, old: str, new: str) -> Mutate:
    """Replace text in one line of quotes.jsonl as written."""

    def mutate(root: Path) -> None:
        path = root / "quotes.jsonl"
        lines = path.read_text(encoding="utf-8").split("\n")
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        path.write_text("\n".join(lines), encoding="utf-8")

    return mutate


def _set(key: str, value: object) -> Callable[[dict], None]:
    return lambda record: record.__setitem__(key, value)


def _position(key: str, value: object) -> Mutate:
    return _quote(lambda record: record["selector"][1].__setitem__(key, value))


def _route(index: int, key: str, value: object) -> Mutate:
    return _json("routes.json", lambda routes: routes[index].__setitem__(key, value))


def _fact(key: str, value: object) -> Mutate:
    return _json("facts.json", lambda facts: facts[0].__setitem__(key, value))


def _source(key: str, value: object) -> Mutate:
    return _json(SOURCE_JSON, lambda meta: meta.__setitem__(key, value))


def _write(name: str, value: object) -> Mutate:
    def mutate(root: Path) -> None:
        (root / name).write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")

    return mutate


def _nested(name: str, depth: int) -> Mutate:
    def mutate(root: Path) -> None:
        (root / name).write_text("[" * depth + "]" * depth, encoding="utf-8")

    return mutate


def _source_text_with_override(root: Path) -> None:
    text = (root / SOURCE_TXT).read_text(encoding="utf-8") + f"A reversed {RLO}line.\n"
    (root / SOURCE_TXT).write_text(text, encoding="utf-8")
    meta = json.loads((root / SOURCE_JSON).read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (root / SOURCE_JSON).write_text(json.dumps(meta), encoding="utf-8")


GOOD_LABEL = {"text": "Alpha City", "kind": "hub", "place": None, "lat": 1, "lon": 0.5}
SQUARE = [[[0.0, 4.0], [1.0, 4.0], [1.0, 5.0], [0.0, 4.0]]]


def _land(*polygons: object) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": p}}
            for p in polygons
        ],
    }


# --- the cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One edit, the problem it must give (file, place, words) and the segments still shown."""

    id: str
    mutate: Mutate
    file: str
    where: str | None
    words: str
    kept: frozenset[str] = field(default=ALL)


ROAD_LEFT_OUT = ALL - {"road-xc"}
CASES = [
    # quotes.jsonl: the brief's values of the wrong type, and more
    Case("quote-source-list", _quote(_set("source", [])), "quotes.jsonl", "line 2 (gamma-road)",
         "unknown source []"),
    Case("quote-segments-nested", _quote(_set("segments", [["x"]])), "quotes.jsonl",
         "line 2 (gamma-road)", "segments must be a list of segment ids"),
    Case("quote-id-list", _quote(_set("id", ["gamma-road"])), "quotes.jsonl", "line 2",
         "id must be text"),
    Case("quote-start-string", _position("start", "177"), "quotes.jsonl", "line 2 (gamma-road)",
         "start and end must be non-negative integers"),
    Case("quote-start-bool", _position("start", True), "quotes.jsonl", "line 2 (gamma-road)",
         "start and end must be non-negative integers"),
    Case("quote-start-5001-digits", _raw("quotes.jsonl", '"start": 177', f'"start": {DIGITS_5001}'),
         "quotes.jsonl", "line 2 (gamma-road)", "start and end must be non-negative integers"),
    Case("quote-start-infinity", _raw("quotes.jsonl", '"start": 177', '"start": Infinity'),
         "quotes.jsonl", "line 2", "Infinity is not a number"),
    Case("quote-start-nan", _raw("quotes.jsonl", '"start": 177', '"start": NaN'),
         "quotes.jsonl", "line 2", "NaN is not a number"),
    Case("quote-nested-deep", _quote(_set("note", json.loads("[" * 100 + "]" * 100))),
         "quotes.jsonl", "line 2", "nested more than 64 levels deep"),
    Case("quote-lone-surrogate", _raw("quotes.jsonl", '"a paved', '"\\ud800a paved'),
         "quotes.jsonl", "line 2", "lone surrogate"),
    Case("quote-exact-override",
         _quote(lambda r: r["selector"][0].__setitem__("exact", f"a paved {RLO}road")),
         "quotes.jsonl", "line 2 (gamma-road)", "exact contains a bidirectional control"),
    Case("quote-support-list", _quote(_set("support", {"road-xc": ["names"]})), "quotes.jsonl",
         "line 2 (gamma-road)", "support for road-xc is ['names'], not a level"),
    Case("quote-support-nested",
         _quote(_set("support", {"road-xc": "names", "x": json.loads("[" * 60 + "]" * 60)})),
         "quotes.jsonl", "line 2 (gamma-road)", "support names x, which the quote does not link"),
    # segments.geojson
    Case("segment-id-list", _segment("id", ["road-xc"]), "segments.geojson", "feature #2",
         "id must be text", ROAD_LEFT_OUT),
    Case("segment-route-list", _segment("route", ["overland"]), "segments.geojson", "road-xc",
         "unknown route ['overland']", ROAD_LEFT_OUT),
    Case("segment-via-nested", _segment("via", [["Gamma Port"], ["Gamma Market"]]),
         "segments.geojson", "road-xc", "via must list at least two named places", ROAD_LEFT_OUT),
    Case("segment-null-geometry", _feature("segments.geojson", 2, _set("geometry", None)),
         "segments.geojson", "road-xc", "has no geometry", ROAD_LEFT_OUT),
    Case("segment-geometry-type-list",
         _feature("segments.geojson", 2, lambda f: f["geometry"].__setitem__("type", ["x"])),
         "segments.geojson", "road-xc", "geometry must be LineString", ROAD_LEFT_OUT),
    Case("segment-string-coordinate", _road_coordinates([["5.0", 1.9], [4.5, 0.5]]),
         "segments.geojson", "road-xc", "a position must be 2 or 3 numbers", ROAD_LEFT_OUT),
    Case("segment-bool-coordinate", _road_coordinates([[True, 1.9], [4.5, 0.5]]),
         "segments.geojson", "road-xc", "a position must be 2 or 3 numbers", ROAD_LEFT_OUT),
    Case("segment-coordinates-text", _road_coordinates("5.0 1.9, 4.5 0.5"), "segments.geojson",
         "road-xc", "coordinates must be lists of positions", ROAD_LEFT_OUT),
    Case("segment-coordinate-googol-400", _road_longitude(GOOGOL_400),
         "segments.geojson", "road-xc", "coordinates are not finite numbers", ROAD_LEFT_OUT),
    Case("segment-coordinate-5001-digits", _road_longitude(DIGITS_5001),
         "segments.geojson", "road-xc", "coordinates are not finite numbers", ROAD_LEFT_OUT),
    Case("segment-coordinate-1e400", _road_longitude("1e400"),
         "segments.geojson", "road-xc", "coordinates are not finite numbers", ROAD_LEFT_OUT),
    Case("segment-coordinate-nan", _road_longitude("NaN"),
         "segments.geojson", None, "NaN is not a number", frozenset()),
    Case("segment-name-override", _segment("name", f"Gamma {RLO}Port"), "segments.geojson",
         "road-xc", "name contains an invisible or control character (U+202E)", ROAD_LEFT_OUT),
    Case("segment-id-trailing-newline", _segment("id", "road-xc\n"), "segments.geojson",
         "feature #2", "id contains an invisible or control character (U+000A)", ROAD_LEFT_OUT),
    Case("segment-id-too-long", _segment("id", "road-" + "x" * 60), "segments.geojson",
         "feature #2", "id is 65 characters long; the limit is 64", ROAD_LEFT_OUT),
    Case("segment-name-too-long", _segment("name", "Gamma " * 60), "segments.geojson", "road-xc",
         "name is 360 characters long; the limit is 300", ROAD_LEFT_OUT),
    Case("segment-uncertainty-huge", _segment("approximate_km", [None, 10**300]),
         "segments.geojson", "road-xc", "approximate_km must give", ROAD_LEFT_OUT),
    # countries.geojson
    Case("country-code-list", _property("countries.geojson", 1, "code", ["XB"]),
         "countries.geojson", "feature #1", "code must be text"),
    Case("country-name-override", _property("countries.geojson", 1, "name", f"Beta{RLO}land"),
         "countries.geojson", "XB", "name contains an invisible or control character"),
    Case("country-crs-not-an-object",
         _json("countries.geojson", lambda fc: fc.__setitem__("crs", {"properties": []})),
         "countries.geojson", None, "CRS must be WGS84"),
    # routes.json
    Case("routes-nested-50000", _nested("routes.json", 50_000), "routes.json", None,
         "nested too deeply to read", frozenset()),
    Case("route-id-list", _route(1, "id", ["coastal"]), "routes.json", "route #1",
         "missing or not text: id", ALL - {"sea-xa-xc"}),
    Case("route-colour-trailing-newline", _route(1, "colour", "#D55E00\n"), "routes.json",
         "coastal", "colour must be #RRGGBB", ALL - {"sea-xa-xc"}),
    Case("route-name-override", _route(1, "name", f"Coastal {RLO}ferry"), "routes.json",
         "coastal", "name contains an invisible", ALL - {"sea-xa-xc"}),
    Case("route-description-override", _route(1, "description", f"A {RLO}ferry."), "routes.json",
         "coastal", "description contains a bidirectional control", ALL - {"sea-xa-xc"}),
    # facts.json
    Case("fact-value-list", _fact("value", [170]), "facts.json", "fact #0 ('rail-xa' 'length')",
         "length must be a positive number"),
    Case("fact-value-1e400", _raw("facts.json", '"value": 170', '"value": 1e400'), "facts.json",
         "fact #0 ('rail-xa' 'length')", "length must be a positive number"),
    Case("fact-value-5001-digits", _raw("facts.json", '"value": 170', f'"value": {DIGITS_5001}'),
         "facts.json", "fact #0 ('rail-xa' 'length')", "length must be a positive number"),
    Case("fact-subject-list", _fact("subject", ["rail-xa"]), "facts.json", "fact #0",
         "unknown subject ['rail-xa']"),
    Case("fact-country-list", _fact("country", ["XA"]), "facts.json",
         "fact #0 ('rail-xa' 'length')", "unknown country ['XA']"),
    Case("fact-publisher-override",
         _json("facts.json", lambda facts: facts[0]["citation"].update(publisher=f"M{RLO}")),
         "facts.json", "fact #0 ('rail-xa' 'length')", "publisher contains an invisible"),
    # nodes.geojson
    Case("node-id-list", _property("nodes.geojson", 0, "id", ["alpha-city-station"]),
         "nodes.geojson", "feature #0", "id must be text"),
    Case("node-countries-nested", _property("nodes.geojson", 0, "countries", [["XA"]]),
         "nodes.geojson", "alpha-city-station", "countries must list alpha-2 codes"),
    Case("node-segments-nested", _property("nodes.geojson", 0, "segments", [["rail-xa"]]),
         "nodes.geojson", "alpha-city-station", "segments must be a list of segment ids"),
    Case("node-coordinate-googol-400", _raw("nodes.geojson", "[0.5, 1.0]", f"[{GOOGOL_400}, 1.0]"),
         "nodes.geojson", "alpha-city-station", "coordinates are not finite numbers"),
    # sources/
    Case("source-title-list", _source("title", ["x"]), SOURCE_JSON, "tiny-source",
         "fields must be text or null: title"),
    Case("source-title-override", _source("title", f"The {RLO}Gazette"), SOURCE_JSON,
         "tiny-source", "title contains an invisible or control character (U+202E)"),
    Case("source-url-control", _source("url", "https://example.org/\x00"), SOURCE_JSON,
         "tiny-source", "url contains an invisible or control character (U+0000)"),
    Case("source-text-override", _source_text_with_override, SOURCE_TXT, None,
         "the text contains a bidirectional control character (U+202E)"),
    Case("source-furniture-bool", _source("furniture", [{"start": True, "end": 3, "what": "x"}]),
         SOURCE_JSON, "tiny-source", "furniture start and end must be whole numbers"),
    # labels.json, land.geojson (the tiny set has none: each case writes one good, one bad)
    Case("label-lat-googol-400", _write("labels.json", [GOOD_LABEL | {"priority": 1},
         GOOD_LABEL | {"priority": 1, "lat": 10**400}]), "labels.json", "label #1",
         "lat and lon must be numbers"),
    Case("label-text-list", _write("labels.json", [GOOD_LABEL | {"priority": 1},
         GOOD_LABEL | {"priority": 1, "text": ["x"]}]), "labels.json", "label #1",
         "text must be text"),
    Case("land-string-coordinate", _write("land.geojson", _land(SQUARE, [[["0", 4.0]]])),
         "land.geojson", "feature #1", "a position must be 2 or 3 numbers"),
    # gazetteer.json (read by ingest's reader: it must not take the atlas down either)
    Case("gazetteer-table-list", _write("gazetteer.json", {"routes": [], "places": {"x": [["y"]]}}),
         "gazetteer.json", "routes", "must be an object of lists of names"),
]  # fmt: skip
CASE_IDS = [case.id for case in CASES]


def _place(file: str, where: str | None) -> str:
    return f"{file}: {where}: " if where else f"{file}: "


def _names(problems: list, case: Case) -> bool:
    return any(
        p.file == case.file and p.where == case.where and case.words in p.message for p in problems
    )


@pytest.fixture
def broken(request, tiny_data) -> tuple[Case, Path]:
    case = request.param
    case.mutate(tiny_data)
    return case, tiny_data


# --- loading and `corridor validate` --------------------------------------------------------------


@pytest.mark.parametrize("broken", CASES, ids=CASE_IDS, indirect=True)
def test_the_record_is_named_and_the_rest_kept(broken):
    case, data = broken
    atlas = load_atlas(data)
    assert _names(atlas.problems, case), "\n".join(map(str, atlas.problems))
    assert set(atlas.segments.index) == case.kept
    assert set(atlas.routes) >= {atlas.segments.at[s, "route"] for s in case.kept}


@pytest.mark.parametrize("broken", CASES, ids=CASE_IDS, indirect=True)
def test_validate_exits_1_naming_file_and_place(broken, capsys):
    case, data = broken
    assert cli.main(["validate", "--data", str(data)]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert _place(case.file, case.where) in err and case.words in err
    assert "Traceback" not in err


def _failing_for(real: Callable, bad: Callable[..., bool], error: Exception) -> Callable:
    def check(*args, **kwargs):
        if bad(*args, **kwargs):
            raise error
        return real(*args, **kwargs)

    return check


@pytest.mark.parametrize(
    ("module", "name", "bad", "file", "where", "kept"),
    [
        (loading, "_segment_fault", lambda row, _: row.name == "road-xc",
         "segments.geojson", "road-xc", ROAD_LEFT_OUT),
        (loading, "_route_fault", lambda item: item.get("id") == "coastal",
         "routes.json", "coastal", ALL - {"sea-xa-xc"}),
        (loading, "_country_fault", lambda code, _: code == "XB",
         "countries.geojson", "XB", ALL),
        (quotes.anchoring, "anchor_quote", lambda text, selector, _: "paved" in selector.exact,
         "quotes.jsonl", "line 2 (gamma-road)", ALL),
        (facts, "_citation", lambda value: value["url"].endswith("alphaland-line"),
         "facts.json", "fact #0", ALL),
        (nodes, "_node_fault", lambda row, *_: row.name == "gamma-port",
         "nodes.geojson", "gamma-port", ALL),
        (geojson, "read_geometry", lambda value, _: value["coordinates"][0] == [5.0, 1.9],
         "segments.geojson", "feature #2", ROAD_LEFT_OUT),
    ],
    ids=["segment", "route", "country", "quote", "fact", "node", "feature"],
)  # fmt: skip
@pytest.mark.parametrize("error", [RecursionError("deep"), OverflowError("big"), KeyError("x")])
def test_an_unexpected_error_costs_one_record(
    tiny_data, monkeypatch, module, name, bad, file, where, kept, error
):
    monkeypatch.setattr(module, name, _failing_for(getattr(module, name), bad, error))
    atlas = load_atlas(tiny_data)
    message = f"could not be read ({type(error).__name__}"
    assert any(
        p.file == file and (p.where or "").startswith(where) and message in p.message
        for p in atlas.problems
    ), "\n".join(map(str, atlas.problems))
    assert set(atlas.segments.index) == kept


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("load_labels", "labels.json"),
        ("load_land", "land.geojson"),
        ("load_gazetteer", "gazetteer.json"),
        ("load_nodes", "nodes.geojson"),
        ("load_facts", "facts.json"),
        ("load_countries", "countries.geojson"),
        ("load_sources", "sources"),
    ],
)
def test_a_loader_that_fails_costs_its_file_only(tiny_data, monkeypatch, name, file):
    def fail(*args):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(loading, name, fail)
    atlas = load_atlas(tiny_data)
    expected = f"{file}: could not be read (ValueError: Exceeds the limit"
    assert any(str(p).startswith(expected) for p in atlas.problems)
    assert set(atlas.segments.index) == ALL
    assert list(atlas.routes) == ["overland", "coastal"]


REAL_SOURCE = "sources/eurasianet-2024-kazakhstan-azerbaijan-trade-ties.json"
REAL_EDITS: list[tuple[Mutate, str]] = [
    # the brief's one-line edits of issue 13, all at once, each in its own file or record
    (_quote(_set("source", []), line=1), "quotes.jsonl: line 1 (ties-boost-middle-corridor): "),
    (_quote(_set("segments", [["x"]]), line=2), "quotes.jsonl: line 2 (train-arrives-absheron): "),
    (_quote_raw(3, '"start": ', f'"start": {DIGITS_5001}, "was": '), "quotes.jsonl: line 3 ("),
    (_segment("id", ["x"]), "segments.geojson: feature #2: id must be text"),
    (_property("segments.geojson", 3, "route", ["x"]), "unknown route ['x']"),
    (_property("countries.geojson", 0, "code", ["AF"]), "countries.geojson: feature #0: "),
    (_nested("routes.json", 50_000), "routes.json: invalid JSON: nested too deeply"),
    (_raw("facts.json", '"value": ', f'"value": {DIGITS_5001}, "was": '), "facts.json: fact #0"),
    (_raw("nodes.geojson", '"coordinates": [', f'"coordinates": [{GOOGOL_400}, 40], "was": ['),
     "nodes.geojson: xian-international-port: coordinates are not finite numbers"),
    (_raw("labels.json", '"lat": ', f'"lat": {GOOGOL_400}, "was": '), "labels.json: label #0: "),
    (_raw("land.geojson", '"coordinates":[[[[', f'"coordinates":[[[[{GOOGOL_400},1],['),
     "land.geojson: feature #0: coordinates are not finite numbers"),
    (_json(REAL_SOURCE, lambda meta: meta.__setitem__("title", f"{RLO}x")), "U+202E"),
]  # fmt: skip


@pytest.mark.slow  # the installed command, in its own process
def test_the_corridor_command_reports_without_a_traceback(tmp_path, real_data):
    """The installed entry point, in its own process, on a copy of the real data."""
    data = real_data
    for mutate, _ in REAL_EDITS:
        mutate(data)
    corridor = Path(sys.executable).with_name("corridor")
    assert corridor.exists(), "the corridor entry point is not installed"
    result = subprocess.run(
        [str(corridor), "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a measure of speed
        cwd=tmp_path,
    )
    assert result.returncode == cli.EXIT_INVALID, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    for _, expected in REAL_EDITS:
        assert expected in result.stderr, expected


# --- the app -------------------------------------------------------------------------------------


def _shows_no_error(at: AppTest) -> None:
    """No exception and no "Something went wrong"; an error may only list the data's problems."""
    assert not at.exception
    assert all(FRIENDLY_ERROR not in e.value for e in at.error)
    assert all("what is valid is still shown" in e.value for e in at.error)


@pytest.mark.slow  # AppTest, once per broken record
@pytest.mark.parametrize("broken", CASES, ids=CASE_IDS, indirect=True)
def test_the_app_shows_the_valid_rest(broken, monkeypatch):
    case, data = broken
    monkeypatch.setenv("CORRIDOR_DATA", str(data))
    at = open_page()  # "/": the map
    _shows_no_error(at)
    (banner,) = [e for e in at.expander if "problem(s)" in e.label]
    assert "what is valid is still shown" in banner.label
    shown = [m.value.replace("\\", "") for m in banner.markdown]
    assert any(case.file in line and case.words in line for line in shown), shown
    assert figures(at)["segments"] == str(len(case.kept))

    at.switch_page(ABOUT)
    at.run()
    _shows_no_error(at)
    assert any(_place(case.file, case.where) in code.value for code in at.code)

    at.switch_page(SEGMENT)
    segment_id = min(case.kept, default=None)
    if segment_id:
        at.query_params["id"] = segment_id
    at.run()
    _shows_no_error(at)
    if segment_id:
        name = load_atlas(data).segments.at[segment_id, "name"]
        assert [t.value.replace("\\", "") for t in at.title] == [name]
    else:  # nothing to show: the index says so, without an error
        assert at.title
