"""Random and hostile query parameters on every page: never an exception, dropped values shown."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.core.shared_view import parse_view
from components.ui.filters import allowed_values
from support.app import COUNTRY, MAP, SEARCH, SEGMENT, SOURCE, open_page
from support.atlases import atlas

pytestmark = pytest.mark.slow  # AppTest, many examples each

HOSTILE = [
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% x %}",
    "`${alert(1)}`",
    "\x00",
    "a" * 5000,
    ":red[x] ![](http://tracker.invalid/p.png)",
    "GE",
    "btc-georgia",
    "eurasianet-2024-kazakhstan-azerbaijan-trade-ties",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))
PAGES = {
    MAP: ["country", "route", "mode", "segment"],
    SEGMENT: ["id"],
    SOURCE: ["id", "quote"],
    COUNTRY: ["code"],
    SEARCH: ["q"],
}
queries = st.sampled_from(sorted(PAGES)).flatmap(
    lambda page: st.tuples(
        st.just(page),
        st.dictionaries(
            st.sampled_from([*PAGES[page], "x", "segment"]),
            st.lists(values, min_size=1, max_size=3),
            max_size=4,
        ),
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
def test_no_query_breaks_a_page(page_and_params):
    page, params = page_and_params
    at = open_page(page, **params)  # fails on an exception
    assert not at.error  # the friendly error page would mean something unexpected happened


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(values, min_size=1, max_size=3))
def test_map_names_every_dropped_country_as_text(countries):
    at = open_page(MAP, country=countries)
    query = {"country": countries}
    _, dropped = parse_view(lambda name: query.get(name, []), allowed_values(atlas()))
    notices = [w.value for w in at.warning if "not recognised" in w.value]
    if dropped:
        (notice,) = notices
        for value in dropped:
            assert f"`{value.replace('`', 'ʼ')}`" in notice
    else:
        assert notices == []
