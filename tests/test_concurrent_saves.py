"""Two saves at once: both land, or one is refused with a reason; never a silent loss.

Issue 13 #2: ``commit_ingest`` read ``quotes.jsonl``, appended and replaced it without a lock.
Two sessions saving at the same moment both said "Saved" and only one session's quotes were
kept; with the same title both claimed one id, once pairing one session's ``.txt`` with the
other's ``.json``. The sessions here are threads (as Streamlit runs them) and processes (two
``corridor`` commands), released together by a barrier.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from components.ingest.plan import IngestPlan, commit_ingest, plan_ingest
from components.ingest.review import append_quotes
from components.storage import writes
from components.storage.files import read_json_lines
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR
from components.storage.writes import DataLockTimeout, write_lock

REPO = Path(__file__).resolve().parents[1]
ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
WIRE = (ARTICLES / "wire-container-train.txt").read_text(encoding="utf-8")
ANALYSIS = (ARTICLES / "analysis-middle-corridor.txt").read_text(encoding="utf-8")
THREAD_TRIALS = 10
PROCESS_TRIALS = 4
GUARD = 180  # seconds: a guard against a hang (a lock never released), not a speed limit


def _fresh_data(folder: Path) -> Path:
    target = folder / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def _quote_ids(data: Path) -> list[str]:
    records, problems = read_json_lines(data, "quotes.jsonl")
    assert problems == []
    return [record["id"] for _, record in records]


def _at_once(*work):
    """Run each callable in its own thread, all released by one barrier; return their results."""
    barrier = threading.Barrier(len(work))
    results: list = [None] * len(work)
    errors: list[BaseException] = []

    def run(index, job):
        try:
            barrier.wait(timeout=GUARD)
            results[index] = job()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    assert errors == []
    return results


def _assert_sources_whole(data: Path) -> None:
    """Every source's .txt and .json belong together, and everything loads."""
    atlas = load_atlas(data)
    assert atlas.problems == []
    for meta in (data / "sources").glob("*.json"):
        assert (data / "sources" / f"{meta.stem}.txt").is_file()
    assert len(list((data / "sources").glob("*.txt"))) == len(atlas.sources)


# --- threads ------------------------------------------------------------------------------------


@pytest.mark.slow  # repeated trials of real saves
@pytest.mark.parametrize("trial", range(THREAD_TRIALS))
def test_two_sessions_saving_at_once_both_land(tmp_path, trial):
    data = _fresh_data(tmp_path)
    before = _quote_ids(data)
    first = plan_ingest(data, WIRE, {"title": "Container train"})
    second = plan_ingest(data, ANALYSIS, {"title": "Middle Corridor analysis"})
    accepted = [0, 1, 2]

    results = _at_once(
        lambda: commit_ingest(data, first, accepted),
        lambda: commit_ingest(data, second, accepted),
    )

    assert results == [[], []]
    ids = _quote_ids(data)
    assert ids[: len(before)] == before
    expected = {first.proposals[i].quote["id"] for i in accepted}
    expected |= {second.proposals[i].quote["id"] for i in accepted}
    assert set(ids[len(before) :]) == expected and len(ids) == len(before) + 6
    atlas = load_atlas(data)
    assert {first.source_id, second.source_id} <= set(atlas.sources)
    _assert_sources_whole(data)


def _outcome(plan: IngestPlan, problems: list) -> str:
    if not problems:
        return "saved"
    (problem,) = problems
    assert f"the id {plan.source_id!r} was taken a moment ago" in problem.message
    return "refused"


@pytest.mark.slow  # repeated trials of real saves
@pytest.mark.parametrize("trial", range(THREAD_TRIALS))
def test_two_sessions_with_one_title_never_mix_their_files(tmp_path, trial):
    data = _fresh_data(tmp_path)
    first = plan_ingest(data, WIRE, {"title": "Same title"})
    second = plan_ingest(data, ANALYSIS, {"title": "Same title"})
    assert first.source_id == second.source_id == "same-title"

    results = _at_once(
        lambda: commit_ingest(data, first, [0]),
        lambda: commit_ingest(data, second, [0]),
    )

    outcomes = [_outcome(first, results[0]), _outcome(second, results[1])]
    assert sorted(outcomes) == ["refused", "saved"]
    saved = first if outcomes[0] == "saved" else second
    assert (data / "sources/same-title.txt").read_text(encoding="utf-8") == saved.text
    meta = json.loads((data / "sources/same-title.json").read_text(encoding="utf-8"))
    assert meta == saved.metadata
    assert _quote_ids(data)[-1] == saved.proposals[0].quote["id"]
    _assert_sources_whole(data)
    # the refused session plans again and gets the next id
    again = plan_ingest(data, (second if saved is first else first).text, {"title": "Same title"})
    assert again.source_id == "same-title-2"
    assert commit_ingest(data, again, [0]) == []
    _assert_sources_whole(data)


@pytest.mark.slow  # real saves in threads
def test_a_save_and_an_accept_at_once_both_land(tmp_path):
    data = _fresh_data(tmp_path)
    first = plan_ingest(data, WIRE, {"title": "Container train"})
    assert commit_ingest(data, first, []) == []  # the source, its quotes still to accept
    second = plan_ingest(data, ANALYSIS, {"title": "Middle Corridor analysis"})
    before = _quote_ids(data)
    records = [proposal.quote for proposal in first.proposals[:3]]

    results = _at_once(
        lambda: append_quotes(data, records),
        lambda: commit_ingest(data, second, [0, 1]),
    )

    assert results == [[], []]
    added = set(_quote_ids(data)) - set(before)
    assert added == {r["id"] for r in records} | {p.quote["id"] for p in second.proposals[:2]}
    _assert_sources_whole(data)


# --- processes ----------------------------------------------------------------------------------

_SESSION = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from components.ingest.plan import commit_ingest, plan_ingest

    data, article, title, ready, others = sys.argv[1:6]
    plan = plan_ingest(Path(data), Path(article).read_text(encoding="utf-8"), {"title": title})
    assert plan.ok, plan.problems
    Path(ready).touch()
    deadline = time.monotonic() + 120
    while not all(Path(other).exists() for other in others.split(",")):  # the barrier
        assert time.monotonic() < deadline, "the other session never got ready"
        time.sleep(0.001)
    problems = commit_ingest(Path(data), plan, [0, 1])
    print(json.dumps({
        "source": plan.source_id,
        "quotes": [plan.proposals[i].quote["id"] for i in (0, 1)],
        "problems": [problem.message for problem in problems],
    }))
    """
)


def _two_processes(tmp_path: Path, data: Path, titles: tuple[str, str]) -> list[dict]:
    articles = [ARTICLES / "wire-container-train.txt", ARTICLES / "analysis-middle-corridor.txt"]
    flags = [tmp_path / f"ready-{n}" for n in (0, 1)]
    for flag in flags:
        flag.unlink(missing_ok=True)
    sessions = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _SESSION,
                str(data),
                str(articles[n]),
                titles[n],
                str(flags[n]),
                ",".join(str(flag) for flag in flags),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        for n in (0, 1)
    ]
    results = []
    for session in sessions:
        try:
            out, err = session.communicate(timeout=GUARD)
        except subprocess.TimeoutExpired:
            session.kill()
            raise
        assert session.returncode == 0, err
        results.append(json.loads(out))
    return results


@pytest.mark.slow  # processes of their own
@pytest.mark.parametrize("trial", range(PROCESS_TRIALS))
def test_two_processes_saving_at_once_both_land(tmp_path, trial):
    data = _fresh_data(tmp_path)
    before = _quote_ids(data)
    results = _two_processes(tmp_path, data, ("Container train", "Middle Corridor analysis"))
    assert [result["problems"] for result in results] == [[], []]
    added = _quote_ids(data)[len(before) :]
    assert sorted(added) == sorted(results[0]["quotes"] + results[1]["quotes"])
    atlas = load_atlas(data)
    assert {results[0]["source"], results[1]["source"]} <= set(atlas.sources)
    _assert_sources_whole(data)


@pytest.mark.slow  # processes of their own
def test_two_processes_with_one_title_never_mix_their_files(tmp_path):
    data = _fresh_data(tmp_path)
    results = _two_processes(tmp_path, data, ("Same title", "Same title"))
    saved = [result for result in results if not result["problems"]]
    refused = [result for result in results if result["problems"]]
    assert len(saved) == 1 and len(refused) == 1
    assert "'same-title' was taken a moment ago" in refused[0]["problems"][0]
    assert _quote_ids(data)[-2:] == saved[0]["quotes"]
    _assert_sources_whole(data)


# --- the lock itself ----------------------------------------------------------------------------

_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from components.storage.writes import write_lock

    with write_lock(sys.argv[1]):
        Path(sys.argv[2]).touch()
        while not Path(sys.argv[3]).exists():
            time.sleep(0.005)
    """
)


def test_another_process_holding_the_lock_makes_a_writer_wait_then_give_up(tmp_path):
    held, release = tmp_path / "held", tmp_path / "release"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path), str(held), str(release)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        deadline = time.monotonic() + GUARD
        while not held.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.005)
        busy = pytest.raises(DataLockTimeout, match="another save held the data directory")
        with busy, write_lock(tmp_path, timeout=0.1):
            pass
        release.touch()
        with write_lock(tmp_path, timeout=GUARD):  # free again once the holder is done
            pass
    finally:
        release.touch()
        holder.wait(GUARD)
    assert holder.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["held", "release"]  # no lock file


def test_a_busy_lock_is_a_problem_not_an_exception(tmp_path, monkeypatch):
    data = _fresh_data(tmp_path)
    plan = plan_ingest(data, WIRE, {"title": "Busy"})
    monkeypatch.setattr(writes, "LOCK_TIMEOUT", 0.05)
    holding, done = threading.Event(), threading.Event()

    def hold():
        with write_lock(data):
            holding.set()
            done.wait(GUARD)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(GUARD)
        problems = commit_ingest(data, plan, [0])
    finally:
        done.set()
        holder.join(GUARD)
    assert len(problems) == 1
    assert "nothing was written" in problems[0].message
    assert "another save held the data directory" in problems[0].message
    assert not (data / "sources/busy.txt").exists()
    assert commit_ingest(data, plan, [0]) == []  # and it works once the other is done


def test_the_lock_is_reentrant_in_a_thread(tmp_path):
    with write_lock(tmp_path, timeout=0.1), write_lock(tmp_path, timeout=0.1):
        pass
    with write_lock(tmp_path, timeout=0.1):  # and free afterwards
        pass


def test_a_missing_folder_cannot_be_locked(tmp_path):
    missing = pytest.raises(writes.DataLockError, match="cannot lock the data directory")
    with missing, write_lock(tmp_path / "missing"):
        pass
    plan = plan_ingest(tmp_path, WIRE, {})
    assert commit_ingest(tmp_path / "missing", plan, []) != []


class _FakeMsvcrt:
    """``msvcrt.locking`` as Windows behaves: OSError while another process holds the byte."""

    LK_UNLCK, LK_NBLCK = 0, 2

    def __init__(self, busy_for: int):
        self.busy_for, self.calls = busy_for, []

    def locking(self, handle, mode, length):
        self.calls.append((mode, length, os.lseek(handle, 0, os.SEEK_CUR)))
        if mode == self.LK_NBLCK and self.busy_for:
            self.busy_for -= 1
            raise PermissionError(13, "Permission denied")


@pytest.mark.parametrize("busy_for", [0, 3])
def test_windows_locks_a_byte_of_a_lock_file(tmp_path, monkeypatch, busy_for):
    fake = _FakeMsvcrt(busy_for)
    monkeypatch.setattr(writes, "_WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    with write_lock(tmp_path, timeout=GUARD):
        assert (tmp_path / writes.LOCK_FILE).is_file()
    assert fake.calls == [(fake.LK_NBLCK, 1, 0)] * (busy_for + 1) + [(fake.LK_UNLCK, 1, 0)]


def test_windows_gives_up_when_the_lock_stays_busy(tmp_path, monkeypatch):
    monkeypatch.setattr(writes, "_WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", _FakeMsvcrt(busy_for=10**9))
    with pytest.raises(DataLockTimeout), write_lock(tmp_path, timeout=0.05):
        pass
