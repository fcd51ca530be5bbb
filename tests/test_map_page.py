"""The map page through AppTest: filters, the URL in and out, the selection, the map payload."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.core.filtering import filter_segments
from support.app import map_segment_ids, open_page, unescape
from support.atlases import atlas
from support.figures import figures

pytestmark = pytest.mark.slow  # AppTest: every test runs the app

PAYLOAD_LIMIT = 150_000
DROPPED_PREFIX = "Some values in the link were not recognised and were ignored:"


def expected_ids(countries=(), routes=(), modes=()) -> list[str]:
    shown = filter_segments(atlas().segments, countries=countries, routes=routes, modes=modes)
    return list(shown.index)


def metric(at: AppTest, label: str) -> str:
    return figures(at)[label.lower()]


def markdown_texts(at: AppTest) -> list[str]:
    return [unescape(element.value) for element in at.markdown]


def sent_segment_ids(at: AppTest) -> set[str]:
    """The segment ids in the arguments sent to the map component."""
    return map_segment_ids(at, atlas().segments.index)


def query(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


# Filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("countries", [["GE"], ["KZ", "AZ"], ["CN"], ["TR", "BG", "HU"]])
def test_country_filter_counts_segments_crossing_any_chosen_country(countries):
    at = open_page()
    assert metric(at, "Segments") == str(len(atlas().segments))
    at.multiselect(key="country").set_value(countries).run()
    assert not at.exception
    wanted = expected_ids(countries=countries)
    assert wanted  # the case is meaningful
    assert metric(at, "Segments") == str(len(wanted))
    countries_crossed = {c for sid in wanted for c in atlas().segments.loc[sid, "countries"]}
    assert metric(at, "Countries") == str(len(countries_crossed))
    assert sent_segment_ids(at) == set(wanted)


def test_route_and_mode_filters_combine():
    at = open_page()
    at.button_group(key="route").set_value(["middle-corridor"])
    at.multiselect(key="mode").set_value(["sea"]).run()
    assert not at.exception
    wanted = expected_ids(routes=["middle-corridor"], modes=["sea"])
    assert set(wanted) == {"mc-aktau-alat", "mc-kuryk-alat", "mc-poti-constanta"}
    assert metric(at, "Segments") == str(len(wanted))
    assert sent_segment_ids(at) == set(wanted)


# The URL in -----------------------------------------------------------------------------------


def test_shared_url_restores_filters_and_selection():
    at = open_page(country="GE", segment="btc-georgia")
    assert at.multiselect(key="country").value == ["GE"]
    assert at.session_state["segment"] == "btc-georgia"
    segment = atlas().segments.loc["btc-georgia"]
    assert [unescape(h.value) for h in at.subheader] == [segment["name"]]
    texts = markdown_texts(at)
    for quote in atlas().quotes_by_segment["btc-georgia"]:
        assert any(quote.exact in text for text in texts), quote.exact
    assert metric(at, "Segments") == str(len(expected_ids(countries=["GE"])))
    assert not at.warning


def test_url_with_several_values_per_parameter():
    at = open_page(country=["KZ", "AZ"], route="btc-pipeline", mode=["rail", "pipeline"])
    assert at.multiselect(key="country").value == ["KZ", "AZ"]
    assert at.button_group(key="route").value == ["btc-pipeline"]
    assert at.multiselect(key="mode").value == ["rail", "pipeline"]
    wanted = expected_ids(["KZ", "AZ"], ["btc-pipeline"], ["rail", "pipeline"])
    assert wanted == ["btc-azerbaijan"]
    assert metric(at, "Segments") == "1"


def test_country_in_url_is_case_insensitive():
    at = open_page(country="ge")
    assert at.multiselect(key="country").value == ["GE"]
    assert metric(at, "Segments") == str(len(expected_ids(countries=["GE"])))
    assert not at.warning
    assert query(at, "country") == ["GE"]


def test_unknown_url_values_are_dropped_and_named_literally():
    at = open_page(country=["XX", "GE"], route=["nope", "btc-pipeline"], segment="../../etc/passwd")
    assert at.multiselect(key="country").value == ["GE"]
    assert at.button_group(key="route").value == ["btc-pipeline"]
    assert at.session_state["segment"] is None
    (warning,) = [w.value for w in at.warning if w.value.startswith(DROPPED_PREFIX)]
    for dropped in ("country=XX", "route=nope", "segment=../../etc/passwd"):
        assert f"`{dropped}`" in warning
    assert metric(at, "Segments") == str(len(expected_ids(["GE"], ["btc-pipeline"])))
    # The rewritten URL keeps only what was recognised.
    assert query(at, "country") == ["GE"]
    assert query(at, "route") == ["btc-pipeline"]
    assert query(at, "segment") == []


# The URL out ----------------------------------------------------------------------------------


def test_url_follows_the_widgets():
    at = open_page()
    assert query(at, "country") == []
    at.multiselect(key="country").set_value(["KZ", "AZ"])
    at.multiselect(key="mode").set_value(["rail"]).run()
    assert not at.exception
    assert query(at, "country") == ["KZ", "AZ"]
    assert query(at, "mode") == ["rail"]
    assert query(at, "route") == []
    at.multiselect(key="country").set_value([]).run()
    assert query(at, "country") == []
    assert query(at, "mode") == ["rail"]


# Empty state ----------------------------------------------------------------------------------


def test_empty_result_names_the_filters_and_resets():
    at = open_page(country="CN", mode="pipeline")
    assert metric(at, "Segments") == "0"
    warnings = [unescape(w.value) for w in at.warning]
    assert any(
        w.startswith("No segment matches the filters") and "China" in w and "pipeline" in w
        for w in warnings
    ), warnings
    at.button(key="reset_empty").click().run()
    assert not at.exception
    assert at.multiselect(key="country").value == []
    assert at.multiselect(key="mode").value == []
    assert metric(at, "Segments") == str(len(atlas().segments))
    assert not [w for w in at.warning if w.value.startswith("No segment matches")]
    assert query(at, "country") == [] and query(at, "mode") == []


# Selection ------------------------------------------------------------------------------------


def test_selection_through_session_state_shows_the_quotes():
    at = open_page()
    assert not at.subheader
    at.session_state["segment"] = "xb-alat-absheron"
    at.run()
    assert not at.exception
    segment = atlas().segments.loc["xb-alat-absheron"]
    assert [unescape(h.value) for h in at.subheader] == [segment["name"]]
    assert any("Absheron station" in text for text in markdown_texts(at))
    assert query(at, "segment") == ["xb-alat-absheron"]


# Map payload ----------------------------------------------------------------------------------


def test_map_payload_holds_exactly_the_shown_segments():
    at = open_page(country="GE")
    wanted = set(expected_ids(countries=["GE"]))
    sent = sent_segment_ids(at)
    assert sent == wanted
    assert "xb-xian-khorgos" not in sent


def test_map_payload_stays_small_with_everything_shown():
    at = open_page()
    assert sent_segment_ids(at) == set(atlas().segments.index)
    (component,) = at.get("component_instance")
    assert len(component.proto.json_args.encode()) < PAYLOAD_LIMIT


def test_the_map_reports_only_clicks_so_pan_and_zoom_cause_no_rerun():
    """streamlit-folium sends a value (and so a rerun) only when a returned object changes."""
    import json

    (component,) = open_page().get("component_instance")
    args = json.loads(component.proto.json_args)
    assert args["returned_objects"] == ["last_active_drawing", "last_object_clicked"]
    assert args["return_on_hover"] is False
    assert args["js_links"] == ["../components.ui.served_files.leaflet_assets/leaflet.js"]


def test_the_country_outlines_are_fetched_not_resent_on_every_run():
    import json

    (component,) = open_page(country="GE").get("component_instance")
    args = json.loads(component.proto.json_args)
    assert "components.ui.served_files.basemap_assets/countries-" in args["script"]
    assert '"code": "RU"' not in args["script"]  # only the highlighted country is embedded
    assert '"code": "GE"' in args["script"]


def test_the_page_offers_a_link_to_exactly_this_view():
    at = open_page(country="GE", route="btc-pipeline", segment="btc-georgia")
    (link,) = [m.value for m in at.markdown if "Link to this view" in m.value]
    shown = unescape(link)
    assert "country=GE" in shown and "route=btc-pipeline" in shown
    assert "segment=btc-georgia" in shown
    at.button_group(key="route").set_value(list(atlas().routes)).run()
    (link,) = [m.value for m in at.markdown if "Link to this view" in m.value]
    assert "route=" not in unescape(link)  # every route shown: the default, left out


def test_route_cards_give_each_route_s_figures_with_their_citations():
    from components.core.geometry import network_length_km
    from components.ui.map_page import route_card_lines

    btc = unescape("\n".join(route_card_lines(atlas(), "btc-pipeline")))
    drawn = network_length_km(atlas().route_segments("btc-pipeline").geometry)
    assert f"drawn {drawn:,.0f} km, every branch · published 1,768 km" in btc
    assert "(https://bp.com/en_ge/georgia/home/who-we-are/btc.html)" in btc
    assert "Opened: 2006-07-13" in btc and "official inauguration" in btc
    named = sum(
        atlas().evidence[sid] == "names" for sid in atlas().route_segments("btc-pipeline").index
    )
    assert f"Named by a quote: {named} of 3 segments" in btc
    train = unescape("\n".join(route_card_lines(atlas(), "xian-baku-rail")))
    assert "Opened: not found" in train and "Capacity: not found" in train
    at = open_page(route="btc-pipeline")
    cards = [m.value for m in at.markdown if m.value.startswith("Length: drawn")]
    assert len(cards) == 1  # only the routes shown get a card
