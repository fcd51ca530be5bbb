"""Atomic file writes, and a transaction that writes several files or none.

A reader never sees a half-written file: every file is written to a temporary file in the same
folder, flushed to disk, then moved over its target with :func:`os.replace` (atomic on POSIX and
Windows). A :class:`Transaction` remembers what it created or replaced, so a failure part-way
through a group of writes puts back exactly what was there before.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from types import TracebackType

__all__ = ["Transaction", "atomic_write_bytes", "atomic_write_text"]

TEMP_SUFFIX = ".tmp"
"""Temporary files are named ``.<target name>.<random>.tmp`` beside their target."""

_DEFAULT_MODE = 0o644


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: all of it or, on any failure, nothing.

    Parameters
    ----------
    path : path-like
        The file to write; its folder must exist. An existing file is replaced and keeps its
        permission bits; a new file gets mode ``0o644``.
    data : bytes
        The exact bytes to store.

    Raises
    ------
    OSError
        If the temporary file cannot be written or moved; the target is then unchanged and the
        temporary file is removed.
    """
    target = Path(path)
    mode = _mode_of(target)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically, with no newline translation.

    Parameters
    ----------
    path : path-like
        The file to write (see :func:`atomic_write_bytes`).
    text : str
        The text; stored byte for byte as its UTF-8 encoding.
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def _mode_of(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return _DEFAULT_MODE


class Transaction:
    """Write several files so that either all of them are written or the disk is as before.

    Use it as a context manager: an exception inside the ``with`` block (or in one of the
    writes) rolls back every write made so far and is re-raised.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Transaction() as transaction:
    ...     transaction.write_text(folder / "a.txt", "one")
    ...     transaction.write_text(folder / "b.txt", "two")
    >>> sorted(path.name for path in folder.iterdir())
    ['a.txt', 'b.txt']
    """

    def __init__(self) -> None:
        self._created_files: list[Path] = []
        self._created_folders: list[Path] = []
        self._replaced: list[tuple[Path, bytes]] = []

    def __enter__(self) -> Transaction:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.rollback()

    def make_folder(self, path: str | os.PathLike[str]) -> None:
        """Create a folder and any missing parents; rolling back removes the ones created."""
        folder = Path(path)
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for created in reversed(missing):
            created.mkdir()
            self._created_folders.append(created)

    def write_bytes(self, path: str | os.PathLike[str], data: bytes, *, new: bool = False) -> None:
        """Write ``data`` to ``path`` atomically, remembering how to undo it.

        Parameters
        ----------
        path : path-like
            The file to write.
        data : bytes
            Its new content.
        new : bool, default False
            Refuse to touch a file that already exists (``FileExistsError``). The check comes
            just before the write, so two writers racing for one new name are not excluded.
        """
        target = Path(path)
        existed = os.path.lexists(target)
        if existed and new:
            raise FileExistsError(f"{target} already exists")
        before = target.read_bytes() if existed else None
        atomic_write_bytes(target, data)
        if before is None:
            self._created_files.append(target)
        else:
            self._replaced.append((target, before))

    def write_text(self, path: str | os.PathLike[str], text: str, *, new: bool = False) -> None:
        """Write ``text`` as UTF-8 (see :meth:`write_bytes`)."""
        self.write_bytes(path, text.encode("utf-8"), new=new)

    def rollback(self) -> None:
        """Undo every write: remove created files and folders, restore replaced files.

        Best effort: each step is tried even if an earlier one fails.
        """
        for target, before in reversed(self._replaced):
            try:
                atomic_write_bytes(target, before)
            except OSError:
                with contextlib.suppress(OSError):
                    target.write_bytes(before)
        for target in reversed(self._created_files):
            with contextlib.suppress(OSError):
                target.unlink()
        for folder in reversed(self._created_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._replaced.clear()
        self._created_files.clear()
        self._created_folders.clear()
