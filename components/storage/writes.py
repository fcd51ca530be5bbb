"""Atomic file writes, a transaction that writes several files or none, and a writers' lock.

A reader never sees a half-written file: every file is written to a temporary file in the same
folder, flushed to disk, then moved over its target with :func:`os.replace` (atomic on POSIX and
Windows); a file that must be new is linked into place instead, which fails if the name exists.
A :class:`Transaction` remembers what it created or replaced, so a failure part-way through a
group of writes puts back exactly what was there before.

Writers that read a file, decide and write it back (append to ``quotes.jsonl``, pick a free
source id) hold :func:`write_lock` on the data directory around all three steps, so that two
sessions or two processes saving at once both land, or one is refused: never a lost update.
Readers take no lock: what they read is always a whole file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = [
    "LOCK_FILE",
    "DataLockError",
    "DataLockTimeout",
    "Transaction",
    "atomic_write_bytes",
    "atomic_write_text",
    "create_bytes",
    "write_lock",
]

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
    temporary = _written_beside(target, data, _mode_of(target))
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _written_beside(target: Path, data: bytes, mode: int) -> str:
    """Write ``data`` to a new hidden temporary file beside ``target``, synced; return its path.

    Nothing is left behind when writing fails.
    """
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


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


def create_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a new file ``path``, atomically, failing if the name is taken.

    The bytes go to a temporary file first, which is then hard-linked to ``path``: the link
    fails with ``FileExistsError`` if anything (even a file made a moment ago by another
    process) has that name, and a reader sees either no file or all of it. Where the file
    system has no hard links, ``path`` is opened with ``open(path, "xb")`` (exclusive too, but
    a reader could see it part-written).

    Raises
    ------
    FileExistsError
        If ``path`` exists; nothing is written.
    OSError
        If the file cannot be written; nothing is left behind.
    """
    target = Path(path)
    temporary = _written_beside(target, data, _DEFAULT_MODE)
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "it already exists", str(target)) from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        _create_in_place(target, data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP, errno.EACCES}


def _create_in_place(target: Path, data: bytes) -> None:
    with open(target, "xb") as stream:
        try:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        except BaseException:
            stream.close()
            with contextlib.suppress(OSError):
                target.unlink()
            raise


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
            Refuse to touch a file that already exists (``FileExistsError``), even one another
            process creates at the same moment (see :func:`create_bytes`).
        """
        target = Path(path)
        if new:
            create_bytes(target, data)
            self._created_files.append(target)
            return
        before = target.read_bytes() if os.path.lexists(target) else None
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


# --- the writers' lock --------------------------------------------------------------------------

LOCK_FILE = ".write.lock"
"""On Windows, the lock file in the data directory (POSIX locks the directory itself)."""
LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another to finish before giving up."""
_POLL = 0.02
_WINDOWS = sys.platform == "win32"  # no fcntl there


class DataLockError(OSError):
    """The data directory's writers' lock could not be taken; the message says why."""


class DataLockTimeout(DataLockError, TimeoutError):
    """Another writer held the data directory's lock for longer than the timeout."""


_held = threading.local()  # folder -> depth, per thread: the lock is re-entrant in a thread
_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


@contextlib.contextmanager
def write_lock(folder: str | os.PathLike[str], timeout: float | None = None) -> Iterator[None]:
    """Hold the data directory's writers' lock: one writer at a time, across threads and processes.

    Parameters
    ----------
    folder : path-like
        The data directory (it must exist).
    timeout : float, optional
        Seconds to wait for another writer before giving up; :data:`LOCK_TIMEOUT` by default.

    Raises
    ------
    DataLockTimeout
        If the lock was not free within ``timeout``.
    DataLockError
        If the lock cannot be taken at all (e.g. the folder is missing); an ``OSError``.

    Notes
    -----
    Inside one process, a :class:`threading.Lock` per folder orders the threads (Streamlit runs
    each session in a thread). Across processes, on POSIX the folder itself is locked with
    ``fcntl.flock`` (no file is made, and the kernel drops the lock when a process dies); on
    Windows, which has no ``fcntl``, the first byte of ``<folder>/.write.lock`` (created once
    and left in place) is locked with ``msvcrt.locking``, which Windows also drops when a
    process dies. Both are polled without blocking until ``timeout``. The lock is re-entrant
    within a thread.
    """
    key = os.path.realpath(folder)
    if not hasattr(_held, "depths"):
        _held.depths = {}
    depths: dict[str, int] = _held.depths
    if depths.get(key):
        depths[key] += 1
        try:
            yield
        finally:
            depths[key] -= 1
        return
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    with _thread_locks_guard:
        thread_lock = _thread_locks.setdefault(key, threading.Lock())
    if not thread_lock.acquire(timeout=max(timeout, 0.0)):
        raise DataLockTimeout(_busy(key, timeout))
    try:
        with _process_lock(key, deadline, timeout):
            depths[key] = 1
            try:
                yield
            finally:
                depths[key] = 0
    finally:
        thread_lock.release()


def _cannot_lock(key: str, error: OSError) -> DataLockError:
    reason = error.strerror or str(error)
    return DataLockError(f"{key}: cannot lock the data directory: {reason}")


def _busy(key: str, timeout: float) -> str:
    return f"{key}: another save held the data directory for over {timeout:g} s; try again"


@contextlib.contextmanager
def _process_lock(key: str, deadline: float, timeout: float) -> Iterator[None]:
    if _WINDOWS:
        import msvcrt

        with _windows_lock(msvcrt, key, deadline, timeout):
            yield
        return
    import fcntl

    try:
        handle = os.open(key, os.O_RDONLY)
    except OSError as error:
        raise _cannot_lock(key, error) from error
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DataLockTimeout(_busy(key, timeout)) from None
                time.sleep(_POLL)
            except OSError as error:
                raise _cannot_lock(key, error) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@contextlib.contextmanager
def _windows_lock(msvcrt: Any, key: str, deadline: float, timeout: float) -> Iterator[None]:
    """Lock byte 0 of ``<key>/.write.lock`` with ``msvcrt.locking``, polling until ``deadline``."""
    try:
        handle = os.open(os.path.join(key, LOCK_FILE), os.O_RDWR | os.O_CREAT, _DEFAULT_MODE)
    except OSError as error:
        raise _cannot_lock(key, error) from error
    try:
        while True:
            try:
                os.lseek(handle, 0, os.SEEK_SET)
                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
                break
            except OSError:  # locked by another process (EACCES / EDEADLOCK)
                if time.monotonic() >= deadline:
                    raise DataLockTimeout(_busy(key, timeout)) from None
                time.sleep(_POLL)
        try:
            yield
        finally:
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(handle)
