"""Write ingest results: JSON bytes, appended JSON lines, and all files in one transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from components.domain.problems import Problem
from components.domain.writes import Transaction


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _appended(path: Path, records: list[dict[str, Any]]) -> bytes:
    before = path.read_bytes() if path.exists() else b""
    if before and not before.endswith(b"\n"):
        before += b"\n"
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return before + lines.encode("utf-8")


def _write_all(files: list[tuple[Path, bytes, bool]]) -> list[Problem]:
    try:
        with Transaction() as transaction:
            for path, data, new in files:
                transaction.make_folder(path.parent)
                transaction.write_bytes(path, data, new=new)
    except OSError as error:
        reason = error.strerror or str(error)
        return [Problem(str(error.filename or "data"), None, f"could not write: {reason}")]
    return []
