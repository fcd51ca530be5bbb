"""The "Add a source" page: writing must be enabled; a pasted text becomes a source."""

import hashlib
import os
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.ingest.plan import commit_ingest, plan_ingest
from components.ingest.sources import MAX_METADATA_LENGTH
from components.storage.loading import load_atlas
from components.ui import add_source
from components.ui.add_source import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from support.app import ADD_SOURCE, ROOT, app_test, open_page, unescape
from support.files import snapshot

pytestmark = pytest.mark.slow  # AppTest: every test runs the app

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "wire-container-train.txt"


@pytest.fixture
def data_copy(real_data, monkeypatch):
    monkeypatch.setenv("CORRIDOR_DATA", str(real_data))
    return real_data


def open_add_source(monkeypatch, enabled: bool) -> AppTest:
    monkeypatch.setenv("CORRIDOR_WRITE", "1" if enabled else "0")
    return open_page(ADD_SOURCE)


def test_page_is_not_offered_without_writing_enabled(data_copy, monkeypatch):
    monkeypatch.setenv("CORRIDOR_WRITE", "0")
    at = app_test().run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(ADD_SOURCE)


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
        "is already the source" in unescape(m.value) and known_id in unescape(m.value)
        for m in at.markdown
    )
    assert (data_copy / "quotes.jsonl").read_bytes() == before
    assert len(list((data_copy / "sources").iterdir())) == 2


# --- limits and refusals (issue 13) -------------------------------------------------------------


def _find_quotes(at: AppTest, text: str, title: str = "") -> AppTest:
    at.text_area[0].set_value(text)
    at.text_input[0].set_value(title)
    at.run()
    (find,) = [b for b in at.button if b.label == "Find quotes"]
    return find.click().run()


def _messages(at: AppTest) -> str:
    return "\n".join(unescape(m.value) for m in [*at.error, *at.markdown, *at.warning])


def test_the_paste_box_and_the_server_take_the_uploads_limit(data_copy, monkeypatch):
    at = open_add_source(monkeypatch, enabled=True)
    assert at.text_area[0].max_chars == MAX_UPLOAD_BYTES
    assert all(box.max_chars == MAX_METADATA_LENGTH for box in at.text_input)
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    megabytes = config["server"]["maxUploadSize"]
    assert megabytes == MAX_UPLOAD_MB
    assert (megabytes - 1) * 2**20 < MAX_UPLOAD_BYTES <= megabytes * 2**20  # the smallest


def test_a_paste_at_the_limit_is_flagged_as_perhaps_cut(data_copy, monkeypatch):
    monkeypatch.setattr(add_source, "MAX_UPLOAD_BYTES", 40)
    at = open_add_source(monkeypatch, enabled=True)
    at.text_area[0].set_value("x" * 60).run()  # what reaches the server is cut to 40
    assert "reached the limit of 40 characters" in at.warning[0].value


def test_an_oversized_upload_is_refused(data_copy, monkeypatch):
    at = open_add_source(monkeypatch, enabled=True)
    big = b"Baku. " * (MAX_UPLOAD_BYTES // 6 + 1)
    at.file_uploader[0].set_value(("big.txt", big, "text/plain")).run()
    assert not at.exception
    assert f"The file is {len(big):,} bytes" in at.error[0].value


def test_the_pathological_upload_of_issue_13_is_read_at_once(data_copy, monkeypatch):
    """A run of 200,000 dots took minutes (and froze every session): now it is one sentence."""
    text = "Baku to Tbilisi. " + "." * 200_000 + "x"
    at = open_add_source(monkeypatch, enabled=True)  # AppTest's timeout guards against a hang
    at.file_uploader[0].set_value(("dots.txt", text.encode(), "text/plain")).run()
    (find,) = [b for b in at.button if b.label == "Find quotes"]
    find.click().run()
    assert not at.exception and not at.error
    assert len(at.checkbox) == 1
    assert "(200,018 characters)" not in at.checkbox[0].label  # the short sentence is proposed


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Left\u200emark", "U+200E"),
        ("Right\u200fmark", "U+200F"),
        ("Arabic\u061cmark", "U+061C"),
        ("Line\u2028separator", "U+2028"),
        ("Zero\u200bwidth", "U+200B"),
    ],
)
def test_a_title_with_hidden_characters_is_refused(data_copy, monkeypatch, title, message):
    before = snapshot(data_copy)
    at = open_add_source(monkeypatch, enabled=True)
    at = _find_quotes(at, ARTICLE.read_text(encoding="utf-8"), title)
    assert not at.exception
    assert "cannot be added" in at.error[0].value
    assert message in _messages(at)
    assert snapshot(data_copy) == before


def test_a_text_with_a_bidi_override_is_refused(data_copy, monkeypatch):
    at = open_add_source(monkeypatch, enabled=True)
    at = _find_quotes(at, "Trains reach Baku \u202eukaB.", "Trojan")
    assert "cannot be added" in at.error[0].value
    assert "U+202E" in _messages(at)


def test_a_save_refused_because_another_took_the_id_says_so(data_copy, monkeypatch):
    at = open_add_source(monkeypatch, enabled=True)
    at = _find_quotes(at, ARTICLE.read_text(encoding="utf-8"), "Container train")
    # meanwhile another session saves a source under the same title
    other = plan_ingest(data_copy, "Another text on Baku.", {"title": "Container train"})
    assert commit_ingest(data_copy, other, []) == []
    before = snapshot(data_copy)
    at.checkbox[0].check().run()
    (save,) = [b for b in at.button if b.label.startswith("Save the source")]
    save.click().run()
    assert not at.exception and not at.success
    assert "Nothing was written" in at.error[0].value
    assert "'container-train' was taken a moment ago" in _messages(at)
    assert snapshot(data_copy) == before


def test_only_the_best_proposals_are_shown(data_copy, monkeypatch):
    monkeypatch.setattr(add_source, "MAX_SHOWN_PROPOSALS", 2)
    at = open_add_source(monkeypatch, enabled=True)
    at = _find_quotes(at, ARTICLE.read_text(encoding="utf-8"), "Container train")
    assert len(at.checkbox) == 2
    assert any("Showing the 2 best of" in c.value for c in at.caption)


def test_a_read_only_data_directory_turns_saving_off(data_copy, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    at = open_add_source(monkeypatch, enabled=True)
    assert not at.exception
    assert "Saving is off" in at.error[0].value and "read-only" in at.error[0].value
    assert not at.text_area and not at.button


def test_saving_is_on_where_the_data_can_be_written(data_copy):
    assert add_source.data_is_writable()
