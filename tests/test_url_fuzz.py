"""Random and hostile query parameters on every page: never an exception, dropped values shown."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from components.core.shared_view import parse_view
from components.storage.loading import load_atlas
from components.ui.filters import allowed_values

APP = str(Path(__file__).parents[1] / "app.py")
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
    "pages/map.py": ["country", "route", "mode", "segment"],
    "pages/segment.py": ["id"],
    "pages/source.py": ["id", "quote"],
    "pages/country.py": ["code"],
    "pages/search.py": ["q"],
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


def open_page(page: str, params: dict[str, list[str]]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page != "pages/map.py":
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
def test_no_query_breaks_a_page(page_and_params):
    page, params = page_and_params
    at = open_page(page, params)
    assert not at.exception
    assert not at.error  # the friendly error page would mean something unexpected happened


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(values, min_size=1, max_size=3))
def test_map_names_every_dropped_country_as_text(countries):
    at = open_page("pages/map.py", {"country": countries})
    assert not at.exception
    query = {"country": countries}
    _, dropped = parse_view(lambda name: query.get(name, []), allowed_values(load_atlas()))
    notices = [w.value for w in at.warning if "not recognised" in w.value]
    if dropped:
        (notice,) = notices
        for value in dropped:
            assert f"`{value.replace('`', 'ʼ')}`" in notice
    else:
        assert notices == []
