"""``corridor ingest`` end to end, on private copies of the real data directory."""

import hashlib
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from components.cli import ingest as ingest_cli
from components.core.model import SOURCE_FIELDS
from components.core.support import quote_support, stored_support_problems
from components.storage.files import read_json_lines
from components.storage.loading import load_atlas
from components.storage.paths import DATA_ENV, DEFAULT_DATA_DIR
from components.storage.supporting import load_gazetteer
from support.cli import run_main, run_module
from support.files import snapshot

pytestmark = pytest.mark.slow  # end to end: each test copies data/ and runs the command on it

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
WIRE = ARTICLES / "wire-container-train.txt"
ANALYSIS = ARTICLES / "analysis-middle-corridor.txt"
REAL_SOURCE = DEFAULT_DATA_DIR / "sources" / "eurasianet-2024-kazakhstan-azerbaijan-trade-ties.txt"

# (article, title, its id, a sentence naming no segment, a sentence naming two, those two)
CASES = [
    (
        WIRE,
        "Container train from Xi’an reaches Baku",
        "container-train-from-xian-reaches-baku",
        "Freight rates quoted by St. Petersburg analysts",
        "On its way the train passed Lanzhou in China and Kyzylorda in southern Kazakhstan.",
        {"xb-xian-khorgos", "xb-altynkol-aktau"},
    ),
    (
        ANALYSIS,
        "Can the Middle Corridor carry the weight Europe wants it to?",
        "can-the-middle-corridor-carry-the-weight-europe-wants-it-to",
        "Nobody in the industry expects",
        "A fire near Refahiye once shut the line for weeks, and landslides near Borjomi have "
        "forced repairs on the pipe more than once.",
        {"btc-turkey", "btc-georgia"},
    ),
]


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)


@pytest.fixture
def data(real_data: Path) -> Path:
    return real_data


def _quote_lines(data: Path) -> list[str]:
    return (data / "quotes.jsonl").read_text(encoding="utf-8").splitlines()


def _ingest(capsys, data, article=WIRE, *options):
    return run_main(capsys, "ingest", article, "--data", data, *options)


def _review_path(data: Path, source_id: str) -> Path:
    return data / "review" / f"{source_id}.review.json"


def _fail_on_call(monkeypatch, number: int) -> list[str]:
    """Make the ``number``-th file put in place fail (as a full disk would); return the targets.

    A file is put in place by ``os.replace`` (over an old one) or ``os.link`` (a new one).
    """
    calls = []

    def failing(real):
        def put(source, target):
            calls.append(str(target))
            if len(calls) == number:
                raise OSError(28, "No space left on device", str(target))
            real(source, target)

        return put

    monkeypatch.setattr(os, "replace", failing(os.replace))
    monkeypatch.setattr(os, "link", failing(os.link))
    return calls


# --- ingest -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "title", "source_id", "silent", "pair_sentence", "pair"),
    CASES,
    ids=["wire", "analysis"],
)
def test_ingest_article(capsys, data, article, title, source_id, silent, pair_sentence, pair):
    code, out, err = _ingest(capsys, data, article, "--title", title, "--publisher", "Test")
    assert (code, err) == (0, "")
    txt, meta = data / "sources" / f"{source_id}.txt", data / "sources" / f"{source_id}.json"
    assert txt.read_bytes() == article.read_bytes()
    record = json.loads(meta.read_text(encoding="utf-8"))
    assert list(record) == list(SOURCE_FIELDS)
    assert record["id"] == source_id and record["title"] == title
    assert record["publisher"] == "Test" and record["author"] is None and record["url"] is None
    assert record["retrieved"] == date.today().isoformat()
    assert record["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()

    review = json.loads(_review_path(data, source_id).read_text(encoding="utf-8"))
    assert review["source"] == source_id
    proposals = review["proposals"]
    assert proposals and all(p["accept"] is False for p in proposals)
    exacts = [p["quote"]["selector"][0]["exact"] for p in proposals]
    assert not any(silent in exact for exact in exacts)
    (two,) = [p for p in proposals if p["quote"]["selector"][0]["exact"] == pair_sentence]
    assert set(two["quote"]["segments"]) == pair
    assert all(p["reasons"] for p in proposals)
    assert [p["score"] for p in proposals] == sorted((p["score"] for p in proposals), reverse=True)

    assert f"added source {source_id}" in out
    assert "--accept" in out and str(_review_path(data, source_id)) in out
    atlas = load_atlas(data)
    assert atlas.problems == [] and source_id in atlas.sources


@pytest.mark.parametrize("article", [WIRE, ANALYSIS], ids=lambda p: p.stem)
def test_accept_all_appends_every_proposal(capsys, data, article):
    before = _quote_lines(data)
    assert _ingest(capsys, data, article)[0] == 0
    review = _review_path(data, article.stem)
    proposals = json.loads(review.read_text(encoding="utf-8"))["proposals"]
    code, out, err = run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")
    assert (code, err) == (0, "")
    after = _quote_lines(data)
    assert after[: len(before)] == before
    assert [json.loads(line) for line in after[len(before) :]] == [p["quote"] for p in proposals]
    assert f"{len(proposals)} quote(s) appended" in out
    atlas = load_atlas(data)
    assert atlas.problems == [] and atlas.notices == []
    assert len(atlas.quotes) == len(before) + len(proposals)


def test_accept_only_the_marked_proposals(capsys, data):
    _ingest(capsys, data)
    review = _review_path(data, WIRE.stem)
    document = json.loads(review.read_text(encoding="utf-8"))
    document["proposals"][1]["accept"] = True
    review.write_text(json.dumps(document), encoding="utf-8")
    before = _quote_lines(data)
    code, out, _ = run_main(capsys, "ingest", "--accept", review, "--data", data)
    assert code == 0
    assert _quote_lines(data)[len(before) :] == [
        json.dumps(document["proposals"][1]["quote"], ensure_ascii=False)
    ]
    assert out.startswith(f"appended {document['proposals'][1]['quote']['id']}: ")
    assert load_atlas(data).problems == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda quote: quote.pop("support"),  # a review file written before support levels
        lambda quote: quote.update(support={"ghost": "names"}),
        lambda quote: quote.update(support=dict.fromkeys(quote["segments"], "names")),
        lambda quote: quote.update(support="names"),
    ],
    ids=["missing", "wrong-keys", "wrong-levels", "not-an-object"],
)
def test_accept_computes_the_support_again(capsys, data, tamper):
    _ingest(capsys, data)
    review = _review_path(data, WIRE.stem)
    document = json.loads(review.read_text(encoding="utf-8"))
    proposal = document["proposals"][-1]  # the headline, which names the route only
    assert set(proposal["quote"]["support"].values()) == {"route"}
    expected = json.dumps(proposal["quote"], ensure_ascii=False)
    tamper(proposal["quote"])
    proposal["accept"] = True
    review.write_text(json.dumps(document), encoding="utf-8")
    before = _quote_lines(data)
    assert run_main(capsys, "ingest", "--accept", review, "--data", data)[0] == 0
    assert _quote_lines(data)[len(before) :] == [expected]
    records, _ = read_json_lines(data, "quotes.jsonl")
    computed = quote_support(load_atlas(data), load_gazetteer(data)[0])
    assert stored_support_problems(records, computed) == []


def test_accept_with_nothing_marked_appends_nothing(capsys, data):
    _ingest(capsys, data)
    before = snapshot(data)
    review = _review_path(data, WIRE.stem)
    code, _, err = run_main(capsys, "ingest", "--accept", review, "--data", data)
    assert code == 1
    assert "--all" in err
    assert snapshot(data) == before


def test_accepting_twice_is_refused(capsys, data):
    _ingest(capsys, data)
    review = _review_path(data, WIRE.stem)
    assert run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")[0] == 0
    before = snapshot(data)
    code, _, err = run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")
    assert code == 1
    assert "id is already used" in err
    assert snapshot(data) == before


def _wrong_exact(proposal):
    proposal["quote"]["selector"][0]["exact"] = proposal["quote"]["selector"][0]["exact"][1:]


def _wrong_position(proposal):
    proposal["quote"]["selector"][1]["start"] += 1


def _unknown_segment(proposal):
    proposal["quote"]["segments"].append("atlantis-express")


def _other_source(proposal):
    proposal["quote"]["source"] = "eurasianet-2024-kazakhstan-azerbaijan-trade-ties"


def _bad_id(proposal):
    proposal["quote"]["id"] = "../../quotes"


def _taken_id(proposal):
    proposal["quote"]["id"] = "cargo-from-xian"


def _not_bool(proposal):
    proposal["accept"] = "yes"


def _nested_segment(proposal):  # issue 13 #7: a TypeError (unhashable list) escaped
    proposal["quote"]["segments"] = [["x"]]


def _deep_segment(proposal):
    deep = "x"
    for _ in range(50):  # deep, yet within what the JSON reader takes (64 levels)
        deep = [deep]
    proposal["quote"]["segments"] = [deep]


def _deep_source(proposal):
    deep = "wire-container-train"
    for _ in range(50):  # deep, yet within what the JSON reader takes (64 levels)
        deep = [deep]
    proposal["quote"]["source"] = deep


def _newline_id(proposal):  # issue 13 #9: "ferry\n" passed re.match(...$) and was appended
    proposal["quote"]["id"] = "ferry\n"


def _long_id(proposal):
    proposal["quote"]["id"] = "a" * 65


def _bidi_prefix(proposal):
    selector = proposal["quote"]["selector"][0]
    selector["prefix"] = selector["prefix"][:-1] + "\u202e"


def _wrong_suffix(proposal):
    proposal["quote"]["selector"][0]["suffix"] = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_wrong_exact, "does not stand exactly"),
        (_wrong_position, "does not stand exactly"),
        (_unknown_segment, "unknown segment 'atlantis-express'"),
        (_other_source, "not of the review's source"),
        (_bad_id, "slug"),
        (_taken_id, "already used"),
        (_not_bool, '"accept" must be true or false'),
        (_nested_segment, "segments must be a list of segment ids (text)"),
        (_deep_segment, "segments must be a list of segment ids (text)"),
        (_deep_source, "not of the review's source"),
        (_newline_id, "id contains an invisible or control character (U+000A)"),
        (_long_id, "id is 65 characters long; the limit is 64"),
        (_bidi_prefix, "bidirectional control character (U+202E)"),
        (_wrong_suffix, "prefix and suffix must be the text just around the quote"),
    ],
    ids=lambda value: getattr(value, "__name__", "")[1:],
)
def test_accept_refuses_a_tampered_proposal(capsys, data, tamper, message):
    _ingest(capsys, data)
    review = _review_path(data, WIRE.stem)
    document = json.loads(review.read_text(encoding="utf-8"))
    tamper(document["proposals"][2])
    review.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(data)
    code, out, err = run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")
    assert code == 1
    assert out == ""
    assert message in err
    assert "nothing was appended" in err
    assert snapshot(data) == before


@pytest.mark.parametrize(
    "content", [b"", b"not json", b'{"proposals": 3}', b'{"a": 1, "a": 2}', b"\xff\xfe"]
)
def test_accept_refuses_a_broken_review_file(capsys, data, tmp_path, content):
    review = tmp_path / "broken.review.json"
    review.write_bytes(content)
    before = snapshot(data)
    code, _, err = run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")
    assert code in (1, 2)
    assert "corridor ingest:" in err and "Traceback" not in err
    assert snapshot(data) == before


@pytest.mark.parametrize(
    "content",
    [
        "[" * 50_000 + "]" * 50_000,  # issue 13 #7: a RecursionError escaped
        '{"source": "s", "proposals": ' + "[" * 50_000 + "]" * 50_000 + "}",
        '{"proposals": [{"quote": {"selector": [{"start": ' + "9" * 5_000 + "}]}}]}",
        '{"proposals": [{"quote": {}, "accept": 1e400}]}',
    ],
    ids=["deep", "deep-proposals", "long-integer", "huge-float"],
)
def test_accept_names_a_review_file_it_cannot_read(capsys, data, tmp_path, content):
    """Read from anywhere (reading is harmless), but never a traceback: a problem, exit 1."""
    review = tmp_path / "hostile.review.json"
    review.write_text(content, encoding="utf-8")
    before = snapshot(data)
    code, out, err = run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")
    assert code == 1
    assert out == ""
    assert f"corridor ingest: {review}" in err and "Traceback" not in err
    assert "nothing was appended" in err
    assert snapshot(data) == before


def test_accept_prints_a_quote_whose_selectors_are_in_another_order(capsys, data):
    _ingest(capsys, data)
    review = _review_path(data, WIRE.stem)
    document = json.loads(review.read_text(encoding="utf-8"))
    quote = document["proposals"][0]["quote"]
    quote["selector"].reverse()  # selectors are identified by type, not by place
    document["proposals"][0]["accept"] = True
    review.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run_main(capsys, "ingest", "--accept", review, "--data", data)
    assert (code, err) == (0, "")
    assert out.startswith(f"appended {quote['id']}: ")
    assert load_atlas(data).problems == []


# --- refusals -----------------------------------------------------------------------------------


def test_same_text_twice_is_refused(capsys, data):
    assert _ingest(capsys, data, WIRE, "--title", "First")[0] == 0
    before = snapshot(data)
    code, out, err = _ingest(capsys, data, WIRE, "--title", "Second")
    assert code == 1
    assert out == ""
    assert "'first'" in err
    assert "nothing was written" in err
    assert snapshot(data) == before


def test_the_real_article_is_a_duplicate(capsys, data, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copyfile(REAL_SOURCE, copy)
    before = snapshot(data)
    code, _, err = _ingest(capsys, data, copy)
    assert code == 1
    assert "'eurasianet-2024-kazakhstan-azerbaijan-trade-ties'" in err
    assert snapshot(data) == before


def test_a_taken_id_gets_a_number(capsys, data, tmp_path):
    assert _ingest(capsys, data, WIRE)[0] == 0
    other = tmp_path / WIRE.name
    other.write_bytes(WIRE.read_bytes() + b"\nA correction was added.\n")
    code, out, _ = _ingest(capsys, data, other)
    assert code == 0
    assert "added source wire-container-train-2" in out
    assert (data / "sources/wire-container-train-2.txt").read_bytes() == other.read_bytes()


@pytest.mark.parametrize("failing_call", [1, 2, 3])
def test_a_failed_write_leaves_the_data_as_it_was(capsys, data, monkeypatch, failing_call):
    before = snapshot(data)
    calls = _fail_on_call(monkeypatch, failing_call)
    code, _, err = _ingest(capsys, data, WIRE)
    assert code == 1
    assert "No space left on device" in err
    assert len(calls) == failing_call
    assert snapshot(data) == before  # byte-identical, no temporary file, no review folder


def test_a_failed_commit_with_quotes_leaves_the_data_as_it_was(data, monkeypatch):
    from components.ingest.plan import commit_ingest, plan_ingest

    plan = plan_ingest(data, ANALYSIS.read_text(encoding="utf-8"), {})
    before = snapshot(data)
    _fail_on_call(monkeypatch, 4)  # .txt, .json and review written; quotes.jsonl fails
    problems = commit_ingest(data, plan, [0, 1], review_path=data / "review" / "r.review.json")
    assert problems and "could not write" in problems[0].message
    assert snapshot(data) == before


def test_a_failed_accept_leaves_quotes_as_they_were(capsys, data, monkeypatch):
    _ingest(capsys, data)
    before = snapshot(data)
    _fail_on_call(monkeypatch, 1)
    review = _review_path(data, WIRE.stem)
    code, _, err = run_main(capsys, "ingest", "--accept", review, "--data", data, "--all")
    assert code == 1
    assert "No space left on device" in err
    assert snapshot(data) == before


def test_hostile_title_stays_inside_sources(capsys, data, tmp_path):
    outside = snapshot(tmp_path)
    code, _, _ = _ingest(capsys, data, WIRE, "--title", "../../x")
    assert code == 0
    assert (data / "sources" / "x.txt").read_bytes() == WIRE.read_bytes()
    assert json.loads((data / "sources/x.json").read_text(encoding="utf-8"))["title"] == "../../x"
    new = set(snapshot(tmp_path)) - set(outside)
    assert new == {
        "data/sources/x.txt",
        "data/sources/x.json",
        "data/review",
        "data/review/x.review.json",
    }


def test_hostile_file_name_stays_inside_sources(capsys, data, tmp_path):
    odd = tmp_path / "..evil .. name.txt"
    odd.write_bytes(WIRE.read_bytes())
    assert _ingest(capsys, data, odd)[0] == 0
    assert (data / "sources" / "evil-name.txt").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--url", "javascript:alert(1)"], "metadata: url: must be an http"),
        (["--title", "../../x", "--url", "javascript:alert(1)"], "metadata: url"),
        (["--published", "yesterday"], "metadata: published: must be an ISO date"),
        (["--author", "Evil\x1b[31mRed"], "metadata: author: must not contain control"),
    ],
)
def test_hostile_metadata_is_refused(capsys, data, tmp_path, options, message):
    outside = snapshot(tmp_path)
    code, out, err = _ingest(capsys, data, WIRE, *options)
    assert code == 1
    assert out == ""
    assert message in err
    assert "\x1b" not in err
    assert snapshot(tmp_path) == outside


def _review_targets(data: Path, tmp_path: Path) -> dict[str, Path]:
    """--review paths that must be refused, each with what it would overwrite or escape to."""
    review = data / "review"
    return {
        "the segments": data / "segments.geojson",
        "in sources": data / "sources" / "wire.review.json",
        "dot-dot out": review / ".." / "segments.geojson",
        "dot-dot back in": review / ".." / "review" / "wire.review.json",
        "elsewhere": tmp_path / "elsewhere" / "my.review.json",
        "not .review.json": review / "wire.json",
        "no name": review / ".review.json",
        "a subfolder": review / "deeper" / "wire.review.json",
        "a link out": review / "link.review.json",
        "the folder a link": review / "wire.review.json",
    }


@pytest.mark.parametrize(
    "case",
    [
        "the segments",
        "in sources",
        "dot-dot out",
        "dot-dot back in",
        "elsewhere",
        "not .review.json",
        "no name",
        "a subfolder",
        "a link out",
        "the folder a link",
    ],
)
def test_review_outside_the_review_folder_is_refused(capsys, data, tmp_path, case):
    """Issue 13 #7: --review data/segments.geojson exited 0 and replaced the segments."""
    if case == "a link out":
        (data / "review").mkdir()
        (data / "review" / "link.review.json").symlink_to(data / "segments.geojson")
    if case == "the folder a link":
        (data / "review").symlink_to(data / "sources", target_is_directory=True)
    target = _review_targets(data, tmp_path)[case]
    before, outside = snapshot(data), snapshot(tmp_path)
    code, out, err = _ingest(capsys, data, WIRE, "--review", target)
    assert code == 2
    assert out == ""
    assert "--review" in err and "must be a file directly inside" in err
    assert ".review.json" in err and "Traceback" not in err
    assert snapshot(data) == before
    assert snapshot(tmp_path) == outside


def test_review_under_another_name_in_the_review_folder(capsys, data):
    target = data / "review" / "my-own-name.review.json"
    code, out, _ = _ingest(capsys, data, WIRE, "--review", target)
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == "wire-container-train"
    assert f"--accept {target}" in out
    assert sorted(p.name for p in (data / "review").iterdir()) == ["my-own-name.review.json"]


def test_commit_refuses_a_review_path_outside_the_review_folder(data):
    from components.ingest.plan import commit_ingest, plan_ingest

    plan = plan_ingest(data, WIRE.read_text(encoding="utf-8"), {})
    before = snapshot(data)
    problems = commit_ingest(data, plan, [], review_path=data / "segments.geojson")
    assert [p.message for p in problems] == [
        f"must be a file directly inside {data / 'review'}{os.sep}, named <id>.review.json"
    ]
    assert snapshot(data) == before


# --- unreadable input and usage -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "missing"), (b"caf\xe9 au lait", "not UTF-8 (byte 3)"), (b"x" * 64, "the limit is")],
    ids=["missing", "latin-1", "too-large"],
)
def test_unreadable_file_is_a_usage_error(capsys, data, tmp_path, monkeypatch, content, message):
    monkeypatch.setattr(ingest_cli, "MAX_FILE_BYTES", 32)
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    before = snapshot(data)
    code, out, err = _ingest(capsys, data, path)
    assert code == 2
    assert out == ""
    assert message in err and "Traceback" not in err
    assert snapshot(data) == before


def test_a_folder_is_not_a_file(capsys, data, tmp_path):
    assert _ingest(capsys, data, tmp_path)[0] == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ingest"], "give a FILE"),
        (["ingest", "--all"], "give a FILE"),
        (["ingest", WIRE, "--all"], "--all goes with --accept"),
        (["ingest", WIRE, "--accept", "r.json"], "--accept takes only"),
        (["ingest", "--accept", "r.json", "--title", "t"], "--accept takes only"),
    ],
)
def test_usage_errors(capsys, argv, message):
    code, _, err = run_main(capsys, *argv)
    assert code == 2
    assert message in err


def test_entry_point(data):
    result = run_module("ingest", ANALYSIS, "--data", data)
    assert result.returncode == 0, result.stderr
    assert "added source analysis-middle-corridor" in result.stdout
    assert (data / "sources/analysis-middle-corridor.txt").read_bytes() == ANALYSIS.read_bytes()
