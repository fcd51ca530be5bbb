"""AppTest smoke tests: the pages run on the real data without a browser."""

import pytest

from support.app import (
    ABOUT,
    COUNTRY,
    SEARCH,
    SEGMENT,
    SOURCE,
    app_test,
    map_segment_ids,
    open_page,
)
from support.atlases import atlas

pytestmark = pytest.mark.slow  # AppTest: every test runs the app


@pytest.fixture(scope="module")
def app():
    return app_test().run()


def test_app_runs_without_exception(app):
    assert not app.exception
    assert app.title[0].value == "Corridor Atlas"


def test_map_is_sent_with_every_segment(app):
    segment_ids = set(atlas().segments.index)
    assert map_segment_ids(app, segment_ids) == segment_ids


def test_segment_table_lists_every_segment_with_its_quote_count(app):
    app.button(key="show_table").click().run()
    table = app.dataframe[0].value
    assert len(table) == len(atlas().segments)
    assert list(table.columns) == [
        "Route",
        "Segment",
        "Mode",
        "Countries",
        "km drawn",
        "km published",
        "Evidence",
        "Quotes",
    ]
    assert (table["Quotes"] >= 1).all()


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (SEGMENT, "Segments"),
        (SOURCE, "Sources"),
        (COUNTRY, "Countries"),
        (SEARCH, "Search"),
        (ABOUT, "How the atlas is made"),
    ],
)
def test_every_sidebar_entry_opens_a_page_not_a_dead_end(page, title):
    """Opened from the sidebar, without an id: a page with its own title and no "not found"."""
    at = open_page(page)
    assert not at.error
    assert [t.value for t in at.title] == [title]
    assert not [i for i in at.info if "was chosen" in i.value]
    assert not at.warning
