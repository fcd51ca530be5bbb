"""The problems that loading and validation report, each naming its file and place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_SHOWN_VALUE = 60
"""A value quoted back in a problem is cut to this many characters."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix it.

    Parameters
    ----------
    file : str
        Path of the file relative to the data directory, e.g. ``segments.geojson``.
    where : str or None
        The feature id, the line (``line 3``) or the field the problem is in; ``None`` when the
        problem concerns the whole file.
    message : str
        What is wrong, in words a data editor understands.
    """

    file: str
    where: str | None
    message: str

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{place}: {self.message}"


class Notice(Problem):
    """Something worth a data editor's attention that needs no fix to keep working.

    E.g. a quote re-anchored from a stale position: it is shown, and ``corridor validate``
    prints it as a warning, not a problem. Located like a :class:`Problem`.
    """


def shown(value: object) -> str:
    """Quote a value read from a data file in a problem: short, and never a whole structure.

    Text and numbers are quoted (``repr``) and cut to :data:`MAX_SHOWN_VALUE` characters; so is
    a short flat list or object (``['names']``). Any other list or object is named by its kind,
    so that a huge or deeply nested value costs nothing to report.
    """
    if isinstance(value, list | dict):
        parts = [*value, *value.values()] if isinstance(value, dict) else value
        if len(value) > 5 or not all(_is_small_scalar(part) for part in parts):
            return "a list" if isinstance(value, list) else "an object"
    elif isinstance(value, str) and len(value) > MAX_SHOWN_VALUE:
        value = value[:MAX_SHOWN_VALUE]  # before repr: a long text is not copied whole
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[: MAX_SHOWN_VALUE - 1] + "…"


def _is_small_scalar(value: object) -> bool:
    if isinstance(value, str):
        return len(value) <= MAX_SHOWN_VALUE
    return value is None or isinstance(value, bool | int | float)


def unreadable(error: BaseException) -> str:
    """Describe an unexpected error met while reading one record, for its :class:`Problem`.

    The record is left out and the rest of the file is read; the message names the kind of
    error and its first words, never a traceback.
    """
    detail = str(error).splitlines()[0] if str(error) else ""
    detail = detail if len(detail) <= 120 else detail[:119] + "…"
    name = type(error).__name__
    return f"could not be read ({name}: {detail})" if detail else f"could not be read ({name})"


def checked(check: Callable[..., str | None], *args: Any) -> str | None:
    """Run one record's check; an unexpected error is that record's fault, not the file's.

    Returns
    -------
    str or None
        What ``check`` found wrong, or :func:`unreadable` of the error it raised.
    """
    try:
        return check(*args)
    except Exception as error:  # one odd record must not cost the others
        return unreadable(error)
