import pytest

from components.core.shared_view import Allowed, View, describe_filters, parse_view, view_to_params

ALLOWED = Allowed(
    countries=["AZ", "GE", "KZ"],
    routes=["btc-pipeline", "middle-corridor"],
    modes=["rail", "sea", "pipeline"],
    segments=["btc-georgia", "mc-aktau-alat"],
)


def getter(params):
    return lambda name: params.get(name, [])


@pytest.mark.parametrize(
    ("params", "view", "dropped"),
    [
        ({}, View(), []),
        (
            {"country": ["KZ", "AZ"], "route": ["btc-pipeline"], "mode": ["rail"]},
            View(("KZ", "AZ"), ("btc-pipeline",), ("rail",)),
            [],
        ),
        ({"country": ["ge", "GE"]}, View(countries=("GE",)), []),
        ({"country": ["XX", "GE"]}, View(countries=("GE",)), ["country=XX"]),
        ({"route": ["nope"], "mode": ["hovercraft"]}, View(), ["route=nope", "mode=hovercraft"]),
        ({"segment": ["../../etc/passwd"]}, View(), ["segment=../../etc/passwd"]),
        (
            {"segment": ["btc-georgia", "mc-aktau-alat"]},
            View(segment="btc-georgia"),
            ["segment=mc-aktau-alat (only one segment can be selected)"],
        ),
        ({"country": ["\x00<b>"]}, View(), ["country=\N{REPLACEMENT CHARACTER}<b>"]),
        ({"country": ["A" * 500]}, View(), ["country=" + "A" * 79 + "…"]),
    ],
)
def test_parse_view_keeps_allowed_values_and_reports_the_rest(params, view, dropped):
    assert parse_view(getter(params), ALLOWED) == (view, dropped)


@pytest.mark.parametrize(
    "view",
    [View(), View(("GE",), ("btc-pipeline",), ("pipeline",), "btc-georgia"), View(modes=("sea",))],
)
def test_view_round_trips_through_its_params(view):
    params = view_to_params(view)
    assert parse_view(getter(params), ALLOWED) == (view, [])
    assert all(values for values in params.values())


def test_describe_filters_names_each_active_filter():
    view = View(("GE",), ("btc-pipeline",), ("sea",))
    text = describe_filters(view, {"GE": "Georgia"}.get, {"btc-pipeline": "BTC"})
    assert text == "countries Georgia; routes BTC; modes sea"
    assert describe_filters(View(), str, {}) == "no filter"
