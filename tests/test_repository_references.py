"""Every file of the repository stands on its own: none points at a path outside it.

A reader of the public repository cannot follow a note to a sibling folder of the checkout or to
a path on one developer's machine; such a file has to say what it needs to say itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from support.app import ROOT

# Spelled in pieces, so that this file does not name what it looks for.
BESIDE = b".." + b"/shared"  # a folder beside the checkout
MACHINE = b"/" + b"work" + b"/"  # the root of the machine the project was written on
OUTSIDE = re.compile(re.escape(BESIDE) + rb"\b|(?<![\w.~-])" + re.escape(MACHINE))


def repository_files() -> list[str]:
    """The files git tracks, and the new ones it would track (not ignored), as relative paths."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the repository's files cannot be listed")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return [name for name in listed.stdout.decode("utf-8").split("\0") if name]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (b"See " + BESIDE + b"/NOTES.md.", True),
        (b"see `" + MACHINE + b"shared/x.md`", True),
        (b"uses " + MACHINE + b"main/.venv", True),
        (b"see tests/support/server.py", False),
        (b"mount=type=cache,target=/root/.cache/uv", False),
        (b"a ../../etc/passwd payload", False),
        (b"src" + MACHINE + b"x.py", False),  # a folder of that name inside the repository
    ],
)
def test_the_pattern_finds_outside_paths_only(text, found):
    assert bool(OUTSIDE.search(text)) is found


def test_no_file_refers_to_a_path_outside_the_repository():
    offending = []
    for name in repository_files():
        path = ROOT / name
        if not path.is_file():  # listed but deleted in the working tree
            continue
        for number, line in enumerate(path.read_bytes().splitlines(), start=1):
            if OUTSIDE.search(line):
                offending.append(f"{name}:{number}: {line.decode('utf-8', 'replace').strip()}")
    assert offending == [], "say it in the repository instead:\n" + "\n".join(offending)
