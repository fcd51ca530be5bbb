"""The "Add a source" page: writing must be enabled; a pasted text becomes a source."""

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.domain.loading import DEFAULT_DATA_DIR, load_atlas

APP = str(Path(__file__).parents[1] / "app.py")
ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "wire-container-train.txt"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    monkeypatch.setenv("CORRIDOR_DATA", str(target))
    return target


def shown(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def open_add_source(monkeypatch, enabled: bool) -> AppTest:
    monkeypatch.setenv("CORRIDOR_WRITE", "1" if enabled else "0")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/add_source.py")
    return at.run()


def test_page_is_not_offered_without_writing_enabled(data_copy, monkeypatch):
    monkeypatch.setenv("CORRIDOR_WRITE", "0")
    at = AppTest.from_file(APP, default_timeout=60).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/add_source.py")


def test_pasted_text_is_reviewed_and_saved_with_the_ticked_quotes(data_copy, monkeypatch):
    text = ARTICLE.read_text(encoding="utf-8")
    at = open_add_source(monkeypatch, enabled=True)
    at.text_area[0].set_value(text)
    at.text_input[0].set_value("Container train reaches Baku")
    at.run()
    at.button[0].click().run()  # Find quotes
    assert not at.exception and not at.error
    boxes = at.checkbox
    assert len(boxes) >= 2
    # every proposal says how strongly it supports each of its segments
    levels = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(levels) == len(boxes)
    assert any("Names this segment" in level for level in levels)
    boxes[0].check()
    boxes[1].check()
    at.run()
    (save,) = [b for b in at.button if b.label.startswith("Save the source")]
    save.click().run()
    assert not at.exception
    assert "Saved the source and 2 quote(s)" in at.success[0].value
    atlas = load_atlas(data_copy)
    assert atlas.problems == []
    (source,) = [s for s in atlas.sources.values() if s.title == "Container train reaches Baku"]
    stored = (data_copy / "sources" / f"{source.id}.txt").read_bytes()
    assert stored == text.encode("utf-8")
    assert hashlib.sha256(stored).hexdigest() == source.sha256
    assert sum(quote.source == source.id for quote in atlas.quotes) == 2


def test_a_known_text_is_refused_as_a_duplicate(data_copy, monkeypatch):
    known = next((data_copy / "sources").glob("*.txt")).read_text(encoding="utf-8")
    before = (data_copy / "quotes.jsonl").read_bytes()
    at = open_add_source(monkeypatch, enabled=True)
    at.text_area[0].set_value(known).run()
    at.button[0].click().run()
    assert "cannot be added" in at.error[0].value
    known_id = next((data_copy / "sources").glob("*.txt")).stem
    assert any(
        "is already the source" in shown(m.value) and known_id in shown(m.value)
        for m in at.markdown
    )
    assert (data_copy / "quotes.jsonl").read_bytes() == before
    assert len(list((data_copy / "sources").iterdir())) == 2
