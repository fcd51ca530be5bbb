"""Plan an ingest without writing anything, then commit the source and its accepted quotes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from components.core.model import SLUG
from components.core.problems import Problem
from components.ingest.matching import Proposal, propose_quotes
from components.ingest.review import quote_problems_against, with_support
from components.ingest.sentences import MAX_ID_LENGTH, slugify
from components.ingest.sources import existing_sources, new_source, taken_quote_ids
from components.ingest.writing import appended, json_bytes, under_lock, write_all
from components.storage.loading import QUOTES_FILE, SOURCES_DIR, load_atlas
from components.storage.supporting import load_gazetteer

REVIEW_DIR = "review"
REVIEW_SUFFIX = ".review.json"


# --- plan and commit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestPlan:
    """What ingesting a text would write, computed without writing anything.

    Attributes
    ----------
    source_id : str
    metadata : dict
        The ``sources/<id>.json`` record.
    text : str
        The verbatim text.
    proposals : tuple of Proposal
        Ranked, highest score first; :func:`commit_ingest` takes indices into it.
    problems : tuple of Problem
        Why the source cannot be added (e.g. it duplicates one); empty when it can.
    """

    source_id: str
    metadata: dict[str, str | None]
    text: str
    proposals: tuple[Proposal, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether the source can be added."""
        return not self.problems

    def review(self) -> dict[str, Any]:
        """Return the review-file document: ``{"source", "proposals"}``, none accepted."""
        return {"source": self.source_id, "proposals": [p.to_json() for p in self.proposals]}


def plan_ingest(
    data_dir: str | Path,
    text: str,
    metadata: Mapping[str, Any],
    *,
    filename: str | None = None,
    today: date | None = None,
) -> IngestPlan:
    """Check a new source against a data directory and propose its quotes; write nothing.

    Parameters
    ----------
    data_dir : path-like
        The data directory.
    text : str
        The verbatim text.
    metadata : mapping
        See :func:`new_source`.
    filename : str, optional
        The name of the file the text came from; its stem is the id when there is no title.
    today : date, optional
        The ``retrieved`` date; defaults to today.

    Returns
    -------
    IngestPlan
        Proposals are made only when there is no problem.
    """
    root = Path(data_dir)
    if not root.is_dir():
        problem = Problem(str(root), None, "data directory not found")
        return IngestPlan("source", {}, text, (), (problem,))
    existing = existing_sources(root)
    record, problems = new_source(text, metadata, existing, fallback_name=filename, today=today)
    source_id = str(record["id"])
    gazetteer, gazetteer_problems = load_gazetteer(root)
    problems += gazetteer_problems
    proposals: list[Proposal] = []
    if not problems:
        atlas = load_atlas(root)
        proposals = propose_quotes(text, source_id, atlas, gazetteer, taken_quote_ids(root))
    return IngestPlan(source_id, record, text, tuple(proposals), tuple(problems))


def default_review_path(data_dir: str | Path, source_id: str) -> Path:
    """Return ``<data>/review/<source id>.review.json``."""
    return Path(data_dir) / REVIEW_DIR / f"{slugify(source_id)}{REVIEW_SUFFIX}"


def review_path_fault(data_dir: str | Path, path: str | Path) -> str | None:
    """Say why ``path`` may not be written as a review file, or None if it may.

    A review file is written only directly inside ``<data>/review/``, under a name ending in
    ``.review.json``: judged on the resolved path, so ``..``, a symbolic link (of the file or
    of the folder) pointing elsewhere, or a name such as ``segments.geojson`` cannot turn the
    review into an overwrite of the data.
    """
    given = Path(path)
    folder = Path(data_dir) / REVIEW_DIR
    where = f"must be a file directly inside {folder}{os.sep}, named <id>{REVIEW_SUFFIX}"
    if ".." in given.parts:
        return f"{where} (no '..')"
    name = given.name
    if not name.endswith(REVIEW_SUFFIX) or len(name) == len(REVIEW_SUFFIX):
        return where
    try:
        if folder.is_symlink() or given.is_symlink():
            return f"{where}, not through a symbolic link"
        inside = given.resolve().parent == folder.resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a loop of links, a NUL in the name
        return f"{where} ({error.__class__.__name__})"
    return None if inside else where


def commit_ingest(
    data_dir: str | Path,
    plan: IngestPlan,
    accepted: Sequence[int],
    *,
    review_path: str | Path | None = None,
) -> list[Problem]:
    """Write a planned source and its accepted quotes in one transaction.

    Everything is checked again first, under the data directory's writers' lock
    (:func:`~components.storage.writes.write_lock`), which is held until the files are written:
    the id is still free, the text is still new, the quotes' ids are unused, their segments
    exist and their selectors stand exactly in the text; their support levels are computed
    again. So two sessions saving at once both land, or the second is refused with a problem
    saying why (the same title: the id was just taken); never does one overwrite the other.
    On any problem, or if a write fails, the data directory is left exactly as it was.

    Parameters
    ----------
    data_dir : path-like
        The data directory.
    plan : IngestPlan
        From :func:`plan_ingest`.
    accepted : sequence of int
        Indices into ``plan.proposals`` of the quotes to append to ``quotes.jsonl``.
    review_path : path-like, optional
        Also write the plan's review file here (in the same transaction); see
        :func:`review_path_fault`.

    Returns
    -------
    list of Problem
        Empty when everything was written.
    """
    if plan.problems:
        return list(plan.problems)
    root = Path(data_dir)
    problems = []
    bad = [i for i in accepted if not (isinstance(i, int) and 0 <= i < len(plan.proposals))]
    problems += [Problem("review", str(i)[:20], "no such proposal") for i in bad]
    if len(set(accepted)) != len(accepted):
        problems.append(Problem("review", None, "a proposal is accepted twice"))
    if review_path is not None:
        fault = review_path_fault(root, review_path)
        if fault:
            problems.append(Problem(str(review_path), None, fault))
    if problems:
        return problems
    return under_lock(root, lambda: _commit_locked(root, plan, accepted, review_path))


def _commit_locked(
    root: Path, plan: IngestPlan, accepted: Sequence[int], review_path: str | Path | None
) -> list[Problem]:
    sources = root / SOURCES_DIR
    paths = [sources / f"{plan.source_id}.txt", sources / f"{plan.source_id}.json"]
    problems = _recheck_source(root, plan, paths)
    records = [] if problems else [plan.proposals[i].quote for i in accepted]
    if records:
        problems += quote_problems_against(root, records, {plan.source_id: plan.text})
    if records and not problems:
        gazetteer, problems = load_gazetteer(root)
        records = with_support(records, load_atlas(root), gazetteer)
    if problems:
        return problems
    files: list[tuple[Path, bytes, bool]] = [
        (paths[0], plan.text.encode("utf-8"), True),
        (paths[1], json_bytes(plan.metadata), True),
    ]
    if review_path is not None:
        files.append((Path(review_path), json_bytes(plan.review()), False))
    if records:
        files.append((root / QUOTES_FILE, appended(root / QUOTES_FILE, records), False))
    return write_all(files)


def _recheck_source(root: Path, plan: IngestPlan, paths: list[Path]) -> list[Problem]:
    where = f"{SOURCES_DIR}/{plan.source_id}.txt"
    if not SLUG.fullmatch(plan.source_id) or len(plan.source_id) > MAX_ID_LENGTH:
        return [Problem(SOURCES_DIR, None, "the source id is not a slug")]
    if not all(_is_inside(path, root / SOURCES_DIR) for path in paths):
        return [Problem(where, None, f"would be written outside {SOURCES_DIR}/")]
    existing = existing_sources(root)
    if plan.source_id in existing:
        message = (
            f"the id {plan.source_id!r} was taken a moment ago (by another save?): find the "
            "quotes again, and the source will get the next free id"
        )
        return [Problem(where, None, message)]
    digest = hashlib.sha256(plan.text.encode("utf-8")).hexdigest()
    if plan.metadata.get("sha256") != digest or plan.metadata.get("id") != plan.source_id:
        return [Problem(where, None, "the plan's metadata does not match its text")]
    return [
        Problem(where, None, f"the same text is already the source {sid!r}")
        for sid, sha in existing.items()
        if sha == digest
    ]


def _is_inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
