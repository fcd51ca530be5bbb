"""A new source's ``.json`` record, its metadata checks, and the ids already taken."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from components.core.characters import LABEL_MAX_LENGTH, label_fault, prose_fault
from components.core.model import SOURCE_FIELDS
from components.core.problems import Problem
from components.ingest.sentences import slugify, unique_id
from components.storage.files import MAX_FILE_BYTES, read_json_lines
from components.storage.loading import QUOTES_FILE, SOURCES_DIR

METADATA_FIELDS = ("title", "author", "publisher", "published", "url", "licence")
"""The metadata a caller may give; ``id``, ``retrieved`` and ``sha256`` are computed."""
MAX_METADATA_LENGTH = LABEL_MAX_LENGTH
"""Metadata are labels (:mod:`components.core.characters`): the loader's limit applies."""


# --- the new source -----------------------------------------------------------------------------


def new_source(
    text: str,
    metadata: Mapping[str, Any],
    existing: Mapping[str, str | None],
    *,
    fallback_name: str | None = None,
    today: date | None = None,
) -> tuple[dict[str, str | None], list[Problem]]:
    """Check a new source and make its ``sources/<id>.json`` record.

    Parameters
    ----------
    text : str
        The verbatim text.
    metadata : mapping
        Any of :data:`METADATA_FIELDS`; a missing, ``None`` or blank value is unknown (``null``).
        ``published`` must be an ISO date (``2024``, ``2024-03`` or ``2024-03-14``), ``url`` an
        ``http``/``https`` address (the scheme in any case; it is stored in lower case). Every
        value is a label: :func:`~components.core.characters.label_fault` must find nothing
        in it (no control, invisible or direction-changing character, no line break, at most
        :data:`MAX_METADATA_LENGTH` characters).
    existing : mapping of str to str or None
        The ids already in ``sources/``, each with the sha256 of its text (``None`` if unknown).
    fallback_name : str, optional
        A file name whose stem makes the id when there is no title.
    today : date, optional
        The ``retrieved`` date; defaults to today.

    Returns
    -------
    tuple of (dict, list of Problem)
        The record (exactly the fields of :data:`~components.core.model.SOURCE_FIELDS`) and
        every problem found; write nothing unless the list is empty. A text identical to an
        existing source is a problem naming that source.
    """
    fields, problems = _checked_metadata(metadata)
    stem = PurePath(str(fallback_name or "").replace("\\", "/")).stem
    source_id = unique_id(slugify(fields["title"] or stem), set(existing))
    text_name = f"{SOURCES_DIR}/{source_id}.txt"
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raw = b""
        problems.append(Problem(text_name, None, "the text cannot be encoded as UTF-8"))
    digest = hashlib.sha256(raw).hexdigest()
    if not text.strip():
        problems.append(Problem(text_name, None, "the text is empty"))
    if len(raw) > MAX_FILE_BYTES:
        message = f"the text is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"
        problems.append(Problem(text_name, None, message))
    if "\x00" in text:
        problems.append(Problem(text_name, None, "the text contains NUL characters"))
    fault = prose_fault(text)
    if fault:
        problems.append(Problem(text_name, None, f"the text {fault}"))
    duplicates = sorted(sid for sid, sha in existing.items() if sha == digest)
    for duplicate in duplicates:
        message = f"the same text (sha256 {digest[:12]}…) is already the source {duplicate!r}"
        problems.append(Problem(text_name, None, message))
    record = {
        "id": source_id,
        **fields,
        "retrieved": (today or date.today()).isoformat(),
        "sha256": digest,
    }
    return {key: record[key] for key in SOURCE_FIELDS}, problems


def _checked_metadata(metadata: Any) -> tuple[dict[str, str | None], list[Problem]]:
    fields: dict[str, str | None] = dict.fromkeys(METADATA_FIELDS)
    where = "metadata"
    if not isinstance(metadata, Mapping):
        return fields, [Problem(where, None, "must be a mapping of field names to text")]
    problems = []
    for key, value in metadata.items():
        if key not in METADATA_FIELDS:
            known = ", ".join(METADATA_FIELDS)
            problems.append(Problem(where, str(key)[:40], f"unknown field; one of {known}"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        fault = _metadata_fault(key, value)
        if fault:
            problems.append(Problem(where, key, fault))
        else:
            fields[key] = _normalised(key, value.strip())
    return fields, problems


def _metadata_fault(key: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text or null"
    value = value.strip()
    fault = label_fault(value, MAX_METADATA_LENGTH)
    if fault and len(value) > MAX_METADATA_LENGTH:
        return fault
    if fault:
        return f"must not contain control or invisible characters or line breaks: it {fault}"
    if key == "published" and not _is_iso_date(value):
        return "must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD"
    if key == "url" and not _is_web_address(value):
        return "must be an http:// or https:// address"
    return None


def _is_web_address(value: str) -> bool:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # an unclosed IPv6 bracket, a bad port
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host) and " " not in value


def _normalised(key: str, value: str) -> str:
    """Store a URL's scheme in lower case (``HTTPS://x`` as ``https://x``), the rest verbatim."""
    if key == "url":
        scheme = urlsplit(value).scheme
        return scheme.lower() + value[len(scheme) :]
    return value


def _is_iso_date(value: str) -> bool:
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def existing_sources(data_dir: str | Path) -> dict[str, str | None]:
    """Map every id used in ``sources/`` (by a ``.txt`` or ``.json``) to its text's sha256.

    The sha256 is of the ``.txt`` bytes as stored (``None`` when there is no readable text),
    so a text is recognised even if its metadata is broken.
    """
    folder = Path(data_dir) / SOURCES_DIR
    ids: dict[str, str | None] = {}
    if not folder.is_dir():
        return ids
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".txt", ".json"):
            continue
        ids.setdefault(path.stem, None)
        if path.suffix == ".txt" and path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            ids[path.stem] = hashlib.sha256(path.read_bytes()).hexdigest()
    return ids


def taken_quote_ids(data_dir: str | Path) -> set[str]:
    """Return every quote id in ``quotes.jsonl``, valid or not."""
    records, _ = read_json_lines(Path(data_dir), QUOTES_FILE)
    return {str(r["id"]) for _, r in records if isinstance(r, dict) and "id" in r}
