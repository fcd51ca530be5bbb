"""Ingest against hostile input (issue 13): pathological texts, metadata, ids and review files.

The time tests run the work in a child process with a generous timeout: a guard against the
quadratic (minutes-long) behaviour coming back, not a measure of speed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.core.characters import ID_MAX_LENGTH
from components.ingest.plan import commit_ingest, plan_ingest
from components.ingest.review import accept_review, quote_record_problems
from components.ingest.sentences import (
    MAX_ID_LENGTH,
    UniqueIds,
    slugify,
    split_sentences,
    unique_id,
)
from components.ingest.sources import new_source
from components.storage import writes
from components.storage.loading import load_atlas
from components.storage.writes import Transaction, create_bytes

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2024, 3, 15)
GUARD = 120  # seconds; the quadratic code took over ten minutes on the larger inputs here


def _in_a_child(code: str) -> str:
    """Run ``code`` in a fresh interpreter under the hang guard; return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- sentences in linear time -------------------------------------------------------------------


@pytest.mark.slow  # a process of its own, megabytes of text
def test_pathological_texts_are_split_without_hanging():
    """Issue 13 #1: "." * 40_000 + "x" took 25 s in one regex call holding the GIL."""
    out = _in_a_child(
        """
        from components.ingest.sentences import split_sentences
        prose = "Ferries left Kuryk for Alat. Trains passed Lanzhou. " * 40_000  # one line
        for text in [
            "." * 2_000_000 + "x",
            "Baku to Tbilisi. " + "." * 1_000_000 + "x",
            prose,
            "a." * 1_000_000,
            ".!? " * 500_000,
            "x" * 2_000_000 + ". Next",
            "U.S." * 500_000 + " Next",
            "\u2026" * 1_000_000 + "\\u201d" * 1_000_000 + "x",
        ]:
            print(len(split_sentences(text)))
        """
    )
    assert out.split() == ["1", "2", "80000", "1", "500000", "2", "1", "1"]


@pytest.mark.slow  # a process of its own, megabytes of text
def test_a_whole_plan_of_pathological_texts_finishes(real_data):
    out = _in_a_child(
        f"""
        from components.ingest.plan import plan_ingest
        for text in [
            "Baku to Tbilisi. " + "." * 1_000_000 + "x",
            "Ferries left Kuryk for Alat. " * 10_000,
            "Baku. " * 300_000,
        ]:
            plan = plan_ingest({str(real_data)!r}, text, {{"title": "t"}})
            print(plan.ok, len(plan.proposals))
        """
    )
    assert out.splitlines()[:2] == ["True 1", "True 10000"]
    assert out.splitlines()[2].startswith("True ")


_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s|$)")
_TOKEN_BEFORE = re.compile(r"[\w.]*$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")


def _reference_split(text: str) -> list[tuple[int, int]]:
    """The splitter as it was before issue 13 (quadratic on long runs): the specification."""
    from components.ingest.sentences import _ABBREVIATIONS_BEFORE_NUMBERS, ABBREVIATIONS

    def is_abbreviation(before, next_char):
        token = _TOKEN_BEFORE.search(before).group().lower()
        if token in ABBREVIATIONS or _INITIALS.fullmatch(token):
            return True
        if token in _ABBREVIATIONS_BEFORE_NUMBERS and next_char.isdigit():
            return True
        return len(token) == 1 and token.isalpha() and before[-1:].isupper()

    def ends(line):
        for match in _SENTENCE_END.finditer(line):
            following = line[match.end() :].lstrip()
            if not following or following[0].islower():
                continue
            if match.group().startswith(".") and is_abbreviation(
                line[: match.start()], following[0]
            ):
                continue
            yield match.end()

    def strip(start, end):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    spans = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end in ends(line.group()):
            spans.append(strip(start, line.start() + end))
            start = line.start() + end
        spans.append(strip(start, line.end()))
    return [(start, end) for start, end in spans if start < end]


_PIECES = [
    *"aB .!?\"”'’»)]\n\r3_x5é\t",
    *("St", "U.S.", "\u00a0", "…", "Dr", "No", "jan", "İ", "a.", "J.", "\u2028", "\u3000"),
    *("e.g.", "..", "?!", "½", "٣", "ǅ"),
]


@pytest.mark.slow  # 2,000 examples
@settings(max_examples=2_000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_sentences_are_split_as_before(text):
    """The linear splitter gives exactly the old splits (on texts short enough for the old)."""
    assert split_sentences(text) == _reference_split(text)


@pytest.mark.parametrize(
    "path", sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt")), ids=lambda p: p.stem
)
def test_articles_are_split_as_before(path):
    text = path.read_text(encoding="utf-8")
    assert split_sentences(text) == _reference_split(text)
    one_line = " ".join(text.split())
    assert split_sentences(one_line) == _reference_split(one_line)


# --- ids ----------------------------------------------------------------------------------------


def test_ingest_ids_fit_the_id_policy():
    assert MAX_ID_LENGTH <= ID_MAX_LENGTH


@pytest.mark.parametrize("fallback", ["quote\n", "quote\n\n", "-quote", "Quote", "a" * 61])
def test_slugify_refuses_a_fallback_that_is_not_a_slug(fallback):
    """Issue 13 #9: "ferry\\n" passed SLUG.match(...$)."""
    with pytest.raises(ValueError, match="fallback"):
        slugify("", fallback=fallback)


def test_many_ids_from_one_base_are_made_in_order():
    ids = UniqueIds({"baku", "baku-3"}, max_length=6)
    made = [ids.make("baku") for _ in range(12)]
    assert made[:3] == ["baku-2", "baku-4", "baku-5"]
    assert made[-1] == "bak-14"  # shortened to fit six characters
    assert len(set(made)) == 12 and not ({"baku", "baku-3"} & set(made))
    assert ids.make("other") == "other"
    assert unique_id("baku", {"baku", "baku-2"}) == "baku-3"


def test_ten_thousand_identical_sentences_get_distinct_quote_ids(real_data):
    plan = plan_ingest(
        real_data, "Ferries left Kuryk for Alat. " * 2_000, {"title": "t"}, today=TODAY
    )
    ids = [proposal.quote["id"] for proposal in plan.proposals]
    assert len(ids) == len(set(ids)) == 2_000
    assert ids[:3] == [
        "ferries-left-kuryk-for-alat",
        *(f"ferries-left-kuryk-for-alat-{n}" for n in (2, 3)),
    ]


# --- the character policy on metadata and text --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("title", "Left\u200emark", "U+200E"),
        ("title", "Right\u200fmark", "U+200F"),
        ("title", "Arabic\u061cmark", "U+061C"),
        ("title", "Line\u2028separator", "U+2028"),
        ("title", "Zero\u200bwidth", "U+200B"),
        ("author", "Soft\u00adhyphen", "U+00AD"),
        ("publisher", "Private\ue000use", "U+E000"),
        ("licence", "Bom\ufeff", "U+FEFF"),
        ("url", "https://example.org/\u200b", "U+200B"),
        ("published", "2024\u200e", "U+200E"),
    ],
)
def test_metadata_are_labels(field, value, shown):
    _, problems = new_source("Text.", {field: value}, {}, today=TODAY)
    assert [(p.where, shown in p.message) for p in problems] == [(field, True)]
    assert "must not contain control or invisible characters" in problems[0].message


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * 301, "the limit is 300"),
        ("published", "\u0662\u0660\u0662\u0664", "ISO date"),  # Arabic-Indic digits
        ("published", "2024\n", None),  # stripped: a trailing line break is not kept
        ("url", "http://[::1", "http"),
        ("url", "HTTPS://", "http"),
    ],
)
def test_metadata_edge_cases(field, value, message):
    record, problems = new_source("Text.", {field: value}, {}, today=TODAY)
    if message is None:
        assert problems == [] and record[field] == value.strip()
    else:
        assert len(problems) == 1 and message in problems[0].message


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("HTTPS://Example.org/Path?Q=A", "https://Example.org/Path?Q=A"),
        ("Http://example.org", "http://example.org"),
        ("https://example.org/", "https://example.org/"),
    ],
)
def test_a_url_is_stored_with_its_scheme_in_lower_case(given, stored):
    record, problems = new_source("Text.", {"url": given}, {}, today=TODAY)
    assert problems == [] and record["url"] == stored


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_a_text_that_reorders_itself_is_refused(control):
    _, problems = new_source(f"Trains reach Baku {control}ukaB.", {}, {}, today=TODAY)
    assert len(problems) == 1
    assert f"U+{ord(control):04X}" in problems[0].message and "reorders" in problems[0].message


def test_prose_keeps_the_joiners_and_marks_a_script_needs(real_data):
    """Persian needs the zero-width non-joiner; an Arabic quotation may carry direction marks."""
    text = "Trains reach Baku.\nمی\u200cروند \u200fBaku\u200f."
    plan = plan_ingest(real_data, text, {"title": "Joiners"}, today=TODAY)
    assert plan.ok
    assert commit_ingest(real_data, plan, list(range(len(plan.proposals)))) == []
    assert (real_data / "sources/joiners.txt").read_text(encoding="utf-8") == text
    assert load_atlas(real_data).problems == []


# --- hostile review records ---------------------------------------------------------------------


def _deep(value, depth):
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "record",
    [
        {"id": _deep("q", 5_000), "source": "s", "segments": ["seg"], "selector": []},
        {"id": "q", "source": _deep("s", 5_000), "segments": ["seg"], "selector": []},
        {"id": "q", "source": "s", "segments": [_deep("seg", 5_000)], "selector": []},
        {"id": "q", "source": "s", "segments": ["seg"], "selector": _deep({}, 5_000)},
        {"id": "q", "source": "s", "segments": [{"a": 1}], "selector": {"type": []}},
        {"id": "q" * 10_000, "source": "s" * 10_000, "segments": ["x" * 10_000], "selector": 1},
    ],
    ids=["deep-id", "deep-source", "deep-segment", "deep-selector", "objects", "long"],
)
def test_hostile_records_are_problems_not_exceptions(record):
    """Values nested deeper than the interpreter's recursion limit are never compared or shown."""
    problems = quote_record_problems([record], {"s": "Alpha beta. Gamma."}, {"seg"}, set())
    assert problems
    assert all(len(str(problem)) < 1_000 for problem in problems)


def test_a_review_of_a_deeply_nested_source_is_a_problem():
    deep = _deep("s", 5_000)
    review = {"source": deep, "proposals": [{"accept": True, "quote": {"source": deep}}]}
    records, problems = accept_review(review, name="r.review.json")
    assert records == []
    assert [p.message for p in problems] == ["its quote is not of the review's source"]


# --- new files are made exclusively -------------------------------------------------------------


def test_a_new_file_is_never_put_over_another(tmp_path):
    target = tmp_path / "taken.txt"
    target.write_bytes(b"theirs")
    with pytest.raises(FileExistsError):
        create_bytes(target, b"mine")
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.txt"]  # no temporary left


def test_a_new_file_where_hard_links_are_missing(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    create_bytes(tmp_path / "new.txt", b"data")
    assert (tmp_path / "new.txt").read_bytes() == b"data"
    with pytest.raises(FileExistsError):
        create_bytes(tmp_path / "new.txt", b"other")
    assert (tmp_path / "new.txt").read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt"]


def test_a_transaction_rolls_back_a_new_file(tmp_path):
    with pytest.raises(RuntimeError), Transaction() as transaction:
        transaction.write_bytes(tmp_path / "new.txt", b"new", new=True)
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_the_lock_module_names_its_platforms():
    """POSIX locks the folder (no file); Windows locks a byte of the lock file."""
    assert writes.LOCK_FILE == ".write.lock"
    assert writes._WINDOWS is (sys.platform == "win32")


def test_the_source_files_written_are_the_plan(real_data):
    plan = plan_ingest(real_data, "Ferries left Kuryk for Alat.", {"title": "Ferry"}, today=TODAY)
    assert commit_ingest(real_data, plan, [0]) == []
    stored = (real_data / "sources/ferry.txt").read_bytes()
    assert hashlib.sha256(stored).hexdigest() == plan.metadata["sha256"]
