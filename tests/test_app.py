"""AppTest smoke tests: the pages run on the real data without a browser."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[1] / "app.py")


@pytest.fixture(scope="module")
def app():
    return AppTest.from_file(APP, default_timeout=60).run()


def test_app_runs_without_exception(app):
    assert not app.exception
    assert app.title[0].value == "Corridor Atlas"


def test_map_is_sent_with_every_segment(app):
    (component,) = app.get("component_instance")
    payload = component.proto.json_args
    from components.storage.loading import load_atlas

    for segment_id in load_atlas().segments.index:
        assert f'"id": "{segment_id}"' in payload or f'\\"id\\": \\"{segment_id}\\"' in payload


def test_segment_table_lists_every_segment_with_its_quote_count(app):
    app.button(key="show_table").click().run()
    table = app.dataframe[0].value
    from components.storage.loading import load_atlas

    atlas = load_atlas()
    assert len(table) == len(atlas.segments)
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
        ("pages/segment.py", "Segments"),
        ("pages/source.py", "Sources"),
        ("pages/country.py", "Countries"),
        ("pages/search.py", "Search"),
        ("pages/about.py", "How the atlas is made"),
    ],
)
def test_every_sidebar_entry_opens_a_page_not_a_dead_end(page, title):
    """Opened from the sidebar, without an id: a page with its own title and no "not found"."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == [title]
    assert not [i for i in at.info if "was chosen" in i.value]
    assert not at.warning
