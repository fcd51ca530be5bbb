"""Loading the hand-made tiny data set, and every way a copy of it can be broken."""

import hashlib
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import LineString

from components.core.geometry import countries_along
from components.core.problems import Notice, Problem
from components.storage import files
from components.storage.loading import load_atlas
from components.storage.paths import DATA_ENV

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
SOURCE_TXT = "sources/tiny-source.txt"
SOURCE_JSON = "sources/tiny-source.json"
ALL_SEGMENTS = {"rail-xa", "rail-xb", "road-xc", "sea-xa-xc"}


# --- helpers that break a copy of the tiny data set ------------------------------------------


def _read(root: Path, name: str) -> str:
    return (root / name).read_bytes().decode("utf-8")


def _write(root: Path, name: str, text: str) -> None:
    (root / name).write_bytes(text.encode("utf-8"))


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        text = _read(root, name)
        assert old in text, f"{old!r} not in {name}"
        _write(root, name, text.replace(old, new, 1))

    return mutate


def _edit_json(name: str, change: Callable[[object], None]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        value = json.loads(_read(root, name))
        change(value)
        _write(root, name, json.dumps(value, ensure_ascii=False, indent=1) + "\n")

    return mutate


def _feature(collection: dict, key: str, value: str) -> dict:
    (feature,) = [f for f in collection["features"] if f["properties"].get(key) == value]
    return feature


def _edit_segment(segment_id: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    return _edit_json("segments.geojson", lambda fc: change(_feature(fc, "id", segment_id)))


def _set_property(segment_id: str, key: str, value: object) -> Callable[[Path], None]:
    return _edit_segment(segment_id, lambda feature: feature["properties"].__setitem__(key, value))


def _set_coordinates(segment_id: str, coordinates: list) -> Callable[[Path], None]:
    return _edit_segment(
        segment_id, lambda feature: feature["geometry"].__setitem__("coordinates", coordinates)
    )


def _add_segment(properties: dict, coordinates: list) -> Callable[[Path], None]:
    feature = {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "LineString", "coordinates": coordinates},
    }
    return _edit_json("segments.geojson", lambda fc: fc["features"].append(feature))


def _add_crs(name: str, crs_name: str) -> Callable[[Path], None]:
    crs = {"type": "name", "properties": {"name": crs_name}}
    return _edit_json(name, lambda fc: fc.__setitem__("crs", crs))


def _edit_quote(line: int, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        lines = _read(root, "quotes.jsonl").splitlines()
        record = json.loads(lines[line - 1])
        change(record)
        lines[line - 1] = json.dumps(record, ensure_ascii=False)
        _write(root, "quotes.jsonl", "\n".join(lines) + "\n")

    return mutate


def _set_exact(line: int, exact: str) -> Callable[[Path], None]:
    return _edit_quote(line, lambda record: record["selector"][0].__setitem__("exact", exact))


def _delete(name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).unlink()


def _append_to_source(root: Path) -> None:
    _write(root, SOURCE_TXT, _read(root, SOURCE_TXT) + "An editor added this line.\n")


def _latin1_source(root: Path) -> None:
    (root / SOURCE_TXT).write_bytes(_read(root, SOURCE_TXT).replace("’", "'").encode() + b"\xe9\n")


def _rewrite_hash(root: Path) -> None:
    digest = hashlib.sha256((root / SOURCE_TXT).read_bytes()).hexdigest()
    meta = json.loads(_read(root, SOURCE_JSON))
    meta["sha256"] = digest
    _write(root, SOURCE_JSON, json.dumps(meta, ensure_ascii=False, indent=2) + "\n")


def _matching(problems: list[Problem], file: str, where: str | None, fragment: str) -> bool:
    return any(p.file == file and p.where == where and fragment in p.message for p in problems)


# --- the valid tiny set -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(TINY)


def test_tiny_set_loads_without_problems(atlas):
    assert atlas.problems == []
    assert atlas.notices == []
    assert list(atlas.routes) == ["overland", "coastal"]
    assert list(atlas.segments.index) == ["rail-xa", "rail-xb", "road-xc", "sea-xa-xc"]
    assert list(atlas.countries.index) == ["XA", "XB", "XC"]
    assert list(atlas.sources) == ["tiny-source"]
    assert [q.id for q in atlas.quotes] == [
        "alpha-railway",
        "gamma-road",
        "alpha-gamma-ferry",
        "busy-route",
    ]
    assert atlas.segments.crs == "EPSG:4326"


@pytest.mark.parametrize(
    ("segment_id", "countries"),
    [
        ("rail-xa", ["XA"]),  # ends on the XA/XB border: touching XB is not crossing it
        ("rail-xb", ["XB"]),
        ("road-xc", ["XC"]),
        ("sea-xa-xc", ["XA", "XC"]),  # a sea leg counts the countries of its two ends
    ],
)
def test_derived_countries(atlas, segment_id, countries):
    assert atlas.segments.at[segment_id, "countries"] == countries


@pytest.mark.parametrize(
    ("coordinates", "mode", "expected"),
    [
        ([(0.5, 1), (5.5, 1)], "rail", ["XA", "XB", "XC"]),
        ([(5.5, 1), (0.5, 1)], "rail", ["XC", "XB", "XA"]),
        ([(5.5, 1.5), (0.5, 0.5)], "pipeline", ["XC", "XB", "XA"]),
        ([(1, 1), (2.02, 1)], "road", ["XA"]),  # about 2 km into XB: a graze, not a crossing
        ([(1, 1), (2.1, 1)], "road", ["XA", "XB"]),  # about 11 km into XB
        ([(3, 1), (3, 1.5)], "rail", ["XB"]),
        ([(1, 2.1), (1, 3.5), (5, 3.5), (5, 2)], "sea", ["XA", "XC"]),
        ([(1, 2.1), (1, 3.5), (5, 3.5), (5, 2)], "rail", []),  # on land it touches nothing
        ([(1, 2.1), (1, 3.5), (1.5, 2.1)], "sea", ["XA"]),  # both ends on one coast: once
        ([(1, 2.3), (5, 3.5), (5, 2)], "sea", ["XC"]),  # 0.3° off XA's coast: too far
        ([(1, 3.5), (5, 3.5)], "sea", []),  # open sea at both ends
        ([(5, 2.1), (3, 2.1)], "sea", ["XC", "XB"]),  # order of the ends
    ],
)
def test_countries_along(atlas, coordinates, mode, expected):
    assert countries_along(LineString(coordinates), atlas.countries, mode) == expected


@pytest.mark.parametrize("segment_id", sorted(ALL_SEGMENTS))
def test_length_km_is_the_wgs84_geodesic_length(atlas, segment_id):
    geod = Geod(ellps="WGS84")
    collection = json.loads(_read(TINY, "segments.geojson"))
    coordinates = _feature(collection, "id", segment_id)["geometry"]["coordinates"]
    metres = sum(
        geod.inv(lon1, lat1, lon2, lat2)[2]
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coordinates)
    )
    assert atlas.segments.at[segment_id, "length_km"] == pytest.approx(metres / 1000, rel=1e-9)


def test_length_km_of_one_degree_along_the_equator():
    # 1/360 of the WGS84 equator (semi-major axis 6378137 m), computed without pyproj.
    atlas = load_atlas(TINY)
    expected = 2 * 3.141592653589793 * 6378.137 * 1.5 / 360
    assert atlas.segments.at["rail-xa", "length_km"] == pytest.approx(expected, rel=1e-3)


def test_quotes_by_segment(atlas):
    by_segment = {sid: [q.id for q in quotes] for sid, quotes in atlas.quotes_by_segment.items()}
    assert by_segment == {
        "rail-xa": ["alpha-railway"],
        "rail-xb": ["alpha-railway"],
        "road-xc": ["gamma-road", "busy-route"],
        "sea-xa-xc": ["alpha-gamma-ferry", "busy-route"],
    }


def test_quotes_are_anchored_verbatim(atlas):
    text = atlas.sources["tiny-source"].text
    for quote in atlas.quotes:
        assert text[quote.start : quote.end] == quote.exact
    busy = next(q for q in atlas.quotes if q.id == "busy-route")
    first = text.index(busy.exact)
    assert busy.start > first  # the prefix picks the second "the trade route is busy"
    assert (busy.start, busy.end) == (busy.position.start, busy.position.end)


def test_source_text_is_verbatim(atlas):
    source = atlas.sources["tiny-source"]
    assert source.text == _read(TINY, SOURCE_TXT)
    assert "’" in source.text
    assert hashlib.sha256(source.text.encode("utf-8")).hexdigest() == source.sha256


@pytest.mark.parametrize(
    ("route_id", "segment_ids"),
    [
        ("overland", ["rail-xa", "rail-xb", "road-xc"]),
        ("coastal", ["sea-xa-xc"]),
        ("nowhere", []),
    ],
)
def test_route_layer(atlas, route_id, segment_ids):
    layer = atlas.route_segments(route_id)
    assert isinstance(layer, gpd.GeoDataFrame)
    assert list(layer.index) == segment_ids
    assert set(layer["route"]) <= {route_id}


@pytest.mark.parametrize(("code", "name"), [("XB", "Betaland"), ("ZZ", "ZZ")])
def test_country_name(atlas, code, name):
    assert atlas.country_name(code) == name


def test_data_directory_from_environment(monkeypatch, tiny_data):
    monkeypatch.setenv(DATA_ENV, str(tiny_data))
    assert list(load_atlas().segments.index) == list(load_atlas(TINY).segments.index)


def test_explicit_directory_beats_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "nowhere"))
    assert load_atlas(TINY).problems == []


# --- broken copies ----------------------------------------------------------------------------


def _case(case_id, mutate, file, where, fragment, kept):
    return pytest.param(mutate, file, where, fragment, kept, id=case_id)


BROKEN = [
    _case(
        "invalid-json-file",
        _replace("routes.json", '"colour": "#D55E00"\n  }\n]', '"colour": "#D55E00"\n  }\n'),
        "routes.json",
        None,
        "invalid JSON",
        set(),  # without routes every segment's route is unknown
    ),
    _case(
        "invalid-json-line",
        _replace("quotes.jsonl", '{"id": "gamma-road",', '{"id": "gamma-road"'),
        "quotes.jsonl",
        "line 2",
        "invalid JSON",
        ALL_SEGMENTS,
    ),
    _case(
        "nan-in-countries",
        _replace("countries.geojson", "[[[2.0, 0.0]", "[[[NaN, 0.0]"),
        "countries.geojson",
        None,
        "NaN is not a number",
        ALL_SEGMENTS,
    ),
    _case(
        "nan-in-segments",
        _replace("segments.geojson", "[[0.5, 1.0]", "[[NaN, 1.0]"),
        "segments.geojson",
        None,
        "NaN is not a number",
        set(),
    ),
    _case(
        "infinity-in-quote",
        _replace("quotes.jsonl", '"start": 177', '"start": Infinity'),
        "quotes.jsonl",
        "line 2",
        "Infinity is not a number",
        ALL_SEGMENTS,
    ),
    _case(
        "duplicate-keys",
        _replace(
            "quotes.jsonl",
            '{"id": "alpha-gamma-ferry",',
            '{"id": "alpha-gamma-ferry", "id": "alpha-gamma-ferry",',
        ),
        "quotes.jsonl",
        "line 3",
        "duplicate key 'id'",
        ALL_SEGMENTS,
    ),
    _case(
        "duplicate-keys-in-routes",
        _replace(
            "routes.json", '"name": "Coastal ferry",', '"name": "Coastal ferry", "name": "x",'
        ),
        "routes.json",
        None,
        "duplicate key 'name'",
        set(),
    ),
    _case(
        "crs-3857-countries",
        _add_crs("countries.geojson", "urn:ogc:def:crs:EPSG::3857"),
        "countries.geojson",
        None,
        "CRS must be WGS84 (RFC 7946), found 'urn:ogc:def:crs:EPSG::3857'",
        ALL_SEGMENTS,
    ),
    _case(
        "crs-3857-segments",
        _add_crs("segments.geojson", "EPSG:3857"),
        "segments.geojson",
        None,
        "found 'EPSG:3857'",
        set(),
    ),
    _case(
        "empty-geometry",
        _set_coordinates("rail-xb", []),
        "segments.geojson",
        "rail-xb",
        "empty geometry",
        ALL_SEGMENTS - {"rail-xb"},
    ),
    _case(
        "self-intersecting-country",
        _edit_json(
            "countries.geojson",
            lambda fc: _feature(fc, "code", "XB")["geometry"].__setitem__(
                "coordinates", [[[2, 0], [4, 2], [4, 0], [2, 2], [2, 0]]]
            ),
        ),
        "countries.geojson",
        "XB",
        "Self-intersection",
        ALL_SEGMENTS,
    ),
    _case(
        "longitude-out-of-range",
        _set_coordinates("road-xc", [[200.0, 1.9], [4.5, 0.5]]),
        "segments.geojson",
        "road-xc",
        "coordinates out of range",
        ALL_SEGMENTS - {"road-xc"},
    ),
    _case(
        "across-the-antimeridian",
        _set_coordinates("sea-xa-xc", [[179.0, 2.1], [-179.0, 2.1]]),
        "segments.geojson",
        "sea-xa-xc",
        "crosses the antimeridian",
        ALL_SEGMENTS - {"sea-xa-xc"},
    ),
    _case(
        "unknown-route",
        _set_property("rail-xa", "route", "nowhere"),
        "segments.geojson",
        "rail-xa",
        "unknown route 'nowhere'",
        ALL_SEGMENTS - {"rail-xa"},
    ),
    _case(
        "unknown-mode",
        _set_property("road-xc", "mode", "hovercraft"),
        "segments.geojson",
        "road-xc",
        "unknown mode 'hovercraft'",
        ALL_SEGMENTS - {"road-xc"},
    ),
    _case(
        "duplicate-segment-id",
        _add_segment(
            {
                "id": "road-xc",
                "route": "overland",
                "name": "Second Gamma road",
                "mode": "road",
                "via": ["Gamma Port", "Gamma Hills"],
            },
            [[5.0, 1.9], [5.5, 0.5]],
        ),
        "segments.geojson",
        "road-xc",
        "duplicate id",
        ALL_SEGMENTS,
    ),
    _case(
        "segment-without-quote",
        _add_segment(
            {
                "id": "road-xc-spur",
                "route": "overland",
                "name": "Gamma Market spur",
                "mode": "road",
                "via": ["Gamma Market", "Gamma Quarry"],
            },
            [[4.5, 0.5], [5.5, 0.5]],
        ),
        "segments.geojson",
        "road-xc-spur",
        "no quote supports this segment",
        ALL_SEGMENTS | {"road-xc-spur"},
    ),
    _case(
        "quote-unknown-segment",
        _edit_quote(2, lambda record: record["segments"].append("nope")),
        "quotes.jsonl",
        "line 2 (gamma-road)",
        "unknown segment 'nope'",
        ALL_SEGMENTS,
    ),
    _case(
        "quote-unknown-source",
        _edit_quote(2, lambda record: record.__setitem__("source", "nope")),
        "quotes.jsonl",
        "line 2 (gamma-road)",
        "unknown source 'nope'",
        ALL_SEGMENTS,
    ),
    _case(
        "quote-missing-from-source",
        _set_exact(2, "a gravel road links Gamma Port to Gamma Market"),
        "quotes.jsonl",
        "line 2 (gamma-road)",
        "missing in source 'tiny-source': quote text not found in the source",
        ALL_SEGMENTS,
    ),
    _case(
        "quote-ambiguous",
        _edit_quote(
            4,
            lambda record: record.__setitem__(
                "selector", [{"type": "TextQuoteSelector", "exact": "the trade route is busy"}]
            ),
        ),
        "quotes.jsonl",
        "line 4 (busy-route)",
        "ambiguous in source 'tiny-source': quote matches 2 places",
        ALL_SEGMENTS,
    ),
    _case(
        "sha256-mismatch",
        _append_to_source,
        SOURCE_JSON,
        "tiny-source",
        "sha256 of sources/tiny-source.txt is",
        ALL_SEGMENTS,
    ),
    _case(
        "not-utf8",
        _latin1_source,
        SOURCE_TXT,
        None,
        "not UTF-8 text (byte",
        ALL_SEGMENTS,
    ),
    _case("missing-routes", _delete("routes.json"), "routes.json", None, "file is missing", set()),
    _case(
        "missing-segments",
        _delete("segments.geojson"),
        "segments.geojson",
        None,
        "file is missing",
        set(),
    ),
]

BROKEN_BY_ID = {param.id: param.values[0] for param in BROKEN}


@pytest.mark.parametrize(("mutate", "file", "where", "fragment", "kept"), BROKEN)
def test_broken_copy_is_reported(tiny_data, mutate, file, where, fragment, kept):
    mutate(tiny_data)
    atlas = load_atlas(tiny_data)
    assert _matching(atlas.problems, file, where, fragment), "\n".join(map(str, atlas.problems))
    assert set(atlas.segments.index) == kept
    for problem in atlas.problems:
        assert str(problem).startswith(f"{problem.file}: ")


def test_duplicate_segment_id_keeps_the_first(tiny_data):
    BROKEN_BY_ID["duplicate-segment-id"](tiny_data)
    atlas = load_atlas(tiny_data)
    assert atlas.segments.at["road-xc", "name"] == "Gamma Port – Gamma Market"
    assert len(atlas.segments) == len(ALL_SEGMENTS)


def test_one_bad_segment_leaves_the_rest_intact(tiny_data):
    _set_property("rail-xa", "mode", "teleport")(tiny_data)
    atlas = load_atlas(tiny_data)
    good = load_atlas(TINY)
    rest = ["rail-xb", "road-xc", "sea-xa-xc"]
    assert list(atlas.segments.index) == rest
    assert (
        atlas.segments.loc[rest, "countries"].tolist()
        == good.segments.loc[rest, "countries"].tolist()
    )
    # the quote naming the bad segment is dropped, so its other segment loses its support
    assert _matching(atlas.problems, "quotes.jsonl", "line 1 (alpha-railway)", "'rail-xa'")
    assert _matching(atlas.problems, "segments.geojson", "rail-xb", "no quote supports")
    # and so do the fact and the facility that named it
    assert _matching(atlas.problems, "facts.json", "fact #0 ('rail-xa' 'length')", "'rail-xa'")
    assert _matching(atlas.problems, "nodes.geojson", "alpha-city-station", "'rail-xa'")
    assert len(atlas.problems) == 5


def test_stale_position_is_reanchored_with_a_notice(tiny_data):
    def shift(record):
        record["selector"][1]["start"] += 5
        record["selector"][1]["end"] += 5

    _edit_quote(3, shift)(tiny_data)
    atlas = load_atlas(tiny_data)
    assert atlas.problems == []
    assert atlas.notices == [
        Notice("quotes.jsonl", "line 3 (alpha-gamma-ferry)", "re-anchored [229, 315) -> [224, 310)")
    ]
    ferry = next(q for q in atlas.quotes if q.id == "alpha-gamma-ferry")
    assert (ferry.start, ferry.end) == (224, 310)
    assert atlas.sources["tiny-source"].text[ferry.start : ferry.end] == ferry.exact


def test_edited_source_with_new_hash_reanchors_every_quote(tiny_data):
    preface = "Editor’s note: corrected.\n"
    _write(tiny_data, SOURCE_TXT, preface + _read(tiny_data, SOURCE_TXT))
    _rewrite_hash(tiny_data)
    before = {q.id: (q.start, q.end) for q in load_atlas(TINY).quotes}
    atlas = load_atlas(tiny_data)
    assert atlas.problems == []
    assert len(atlas.notices) == len(before)
    assert all("re-anchored" in notice.message for notice in atlas.notices)
    after = {q.id: (q.start, q.end) for q in atlas.quotes}
    shift = len(preface)
    assert after == {qid: (start + shift, end + shift) for qid, (start, end) in before.items()}


def test_file_over_the_size_limit(tiny_data, monkeypatch):
    others = [path.stat().st_size for path in tiny_data.rglob("*") if path.is_file()]
    limit = max(others) + 1
    routes = tiny_data / "routes.json"
    routes.write_bytes(routes.read_bytes() + b" " * (limit + 10 - routes.stat().st_size))
    monkeypatch.setattr(files, "MAX_FILE_BYTES", limit)
    atlas = load_atlas(tiny_data)
    size = routes.stat().st_size
    message = f"file is {size:,} bytes; the limit is {limit:,}"
    assert Problem("routes.json", None, message) in atlas.problems
    assert atlas.routes == {}
    assert list(atlas.sources) == ["tiny-source"]  # the files under the limit still load


def test_integer_segment_id_is_refused(tiny_data):
    _set_property("road-xc", "id", 7)(tiny_data)
    _edit_quote(2, lambda record: record.__setitem__("segments", [7]))(tiny_data)
    atlas = load_atlas(tiny_data)
    assert 7 not in atlas.segments.index
    assert any(p.file == "segments.geojson" and "id" in p.message for p in atlas.problems)


# --- strict JSON: bounded, linear, nothing a later walk or conversion can trip on ------------


def test_ids_and_colours_match_whole_strings_only():
    from components.core.model import SLUG
    from components.storage.loading import COLOUR

    assert SLUG.fullmatch("rail-xa") and COLOUR.fullmatch("#D55E00")
    for pattern, value in ((SLUG, "rail-xa\n"), (COLOUR, "#D55E00\n")):
        # ``^...$`` with re.match let a trailing newline through; neither call may now.
        assert pattern.match(value) is None and pattern.fullmatch(value) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[" * 50_000 + "]" * 50_000, "nested too deeply to read"),  # RecursionError
        ("[" * 65 + "]" * 65, "nested more than 64 levels deep"),
        ('{"a": ' * 65 + "1" + "}" * 65, "nested more than 64 levels deep"),
        ('["\\ud800"]', "lone surrogate"),
        ('{"\\udc00": 1}', "lone surrogate"),
        ('{"a": 1, "b": 2, "a": 3}', "duplicate key 'a'"),
        ("[NaN]", "NaN is not a number"),
        ("[-Infinity]", "-Infinity is not a number"),
    ],
    ids=["depth-50000", "depth-65", "objects-65", "lone-high", "lone-low-key", "dup", "nan", "inf"],
)
def test_parse_json_refuses_the_document(text, fragment):
    value, problems = files.parse_json(text, "x.json", "line 3")
    assert value is None
    assert [(p.file, p.where) for p in problems] == [("x.json", "line 3")]
    assert fragment in problems[0].message


def test_parse_json_keeps_what_is_within_bounds():
    assert files.parse_json("[" * 64 + "]" * 64, "x")[1] == []
    assert files.parse_json('["\\ud83d\\ude00"]', "x") == (["\U0001f600"], [])  # a pair
    big = int("9" * files.MAX_INTEGER_DIGITS)
    assert files.parse_json(f"[{big}, -{big}]", "x") == ([big, -big], [])
    assert float(big) < float("inf")  # every integer read converts to a float


@pytest.mark.parametrize("digits", [files.MAX_INTEGER_DIGITS + 1, 400, 5001, 100_000])
def test_an_integer_beyond_any_float_is_read_as_infinite(digits):
    value, problems = files.parse_json(f'{{"a": {"1" * digits}, "b": -{"1" * digits}}}', "x")
    assert problems == [] and value == {"a": float("inf"), "b": float("-inf")}


def test_json_lines_end_at_newline_only(tmp_path):
    record = {"id": "a", "text": "one\u2028two\u0085three\x0cfour"}
    text = json.dumps(record, ensure_ascii=False) + "\r\n\n" + '{"id": "b"}\n'
    (tmp_path / "q.jsonl").write_text(text, encoding="utf-8", newline="")
    records, problems = files.read_json_lines(tmp_path, "q.jsonl")
    assert problems == []
    assert records == [(1, record), (3, {"id": "b"})]


DUPLICATE_CHECK = """
import sys
from components.storage.files import parse_json
keys = int(sys.argv[1])
body = ", ".join(f'"k{i}": {i}' for i in range(keys))
print(parse_json("{" + body + "}", "x")[1] == [])
print(parse_json("{" + body + ', "k7": 0}', "x")[1][0].message)
"""


@pytest.mark.slow  # a process of its own
def test_the_duplicate_key_check_is_linear():
    """200,000 keys: the quadratic check took 18 s at 20,000 (issue 13, finding 4).

    No speed is asserted; the subprocess's timeout is only a guard against a hang.
    """
    result = subprocess.run(
        [sys.executable, "-c", DUPLICATE_CHECK, "200000"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["True", "invalid JSON: duplicate key 'k7'"]


@pytest.mark.slow  # a process of its own
def test_a_segment_with_40000_extra_properties_validates(tiny_data):
    """The issue's case: one segment carrying 40,000 extra properties (17 s before)."""
    collection = json.loads(_read(tiny_data, "segments.geojson"))
    collection["features"][0]["properties"].update({f"extra{i}": i for i in range(40_000)})
    _write(tiny_data, "segments.geojson", json.dumps(collection))
    result = subprocess.run(
        [sys.executable, "-m", "components.cli", "validate", "--data", str(tiny_data)],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang, not a measure of speed
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 2 routes, 4 segments")


def test_a_failure_while_deriving_the_segments_facts_is_a_problem_not_a_crash(
    tiny_data, monkeypatch
):
    import components.storage.loading as loading

    def fail(*_):
        raise RecursionError("deep geometry")

    monkeypatch.setattr(loading, "derive_segment_facts", fail)
    atlas = load_atlas(tiny_data)
    assert ("segments.geojson", None) in {(p.file, p.where) for p in atlas.problems}
    assert any("RecursionError" in p.message for p in atlas.problems)
    assert atlas.segments.empty and {"countries", "length_km"} <= set(atlas.segments.columns)
    assert atlas.routes  # the other files still load
