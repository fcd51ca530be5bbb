"""The problems that loading and validation report, each naming its file and place."""

from __future__ import annotations

from dataclasses import dataclass


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
