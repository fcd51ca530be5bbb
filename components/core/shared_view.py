"""The state of the map view as it travels in a shareable URL: filters and the selection."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

MAX_SHOWN_DROPPED = 80
"""A dropped value is quoted back to the user, cut to this many characters."""


@dataclass(frozen=True)
class View:
    """What the map shows: country, route, mode and evidence filters, and the selection."""

    countries: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    segment: str | None = None
    evidence: tuple[str, ...] = ()

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Return the filters as keyword arguments of ``filter_segments``."""
        return {
            "countries": self.countries,
            "routes": self.routes,
            "modes": self.modes,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Allowed:
    """The values each URL parameter may take; anything else is dropped."""

    countries: Collection[str]
    routes: Collection[str]
    modes: Collection[str]
    segments: Collection[str]
    evidence: Collection[str] = ()


PARAMETERS = ("country", "route", "mode", "evidence", "segment")


def parse_view(get_all: Callable[[str], Sequence[str]], allowed: Allowed) -> tuple[View, list[str]]:
    """Read a :class:`View` from URL query parameters, keeping only allowed values.

    Parameters
    ----------
    get_all : callable
        Returns every value of a query parameter, e.g. ``st.query_params.get_all``.
    allowed : Allowed
        The allow-lists: a value is only ever looked up in them, never used otherwise.

    Returns
    -------
    tuple of (View, list of str)
        The view and a description of each dropped value (``country=XX``), in URL order.
        Country codes are matched case-insensitively; duplicates are kept once.
    """
    dropped: list[str] = []

    def pick(
        name: str, values: Collection[str], normalise: Callable[[str], str] = str
    ) -> tuple[str, ...]:
        kept: list[str] = []
        for raw in get_all(name):
            value = normalise(raw)
            if value in values:
                if value not in kept:
                    kept.append(value)
            else:
                dropped.append(f"{name}={_shorten(raw)}")
        return tuple(kept)

    countries = pick("country", allowed.countries, str.upper)
    routes = pick("route", allowed.routes)
    modes = pick("mode", allowed.modes)
    evidence = pick("evidence", allowed.evidence)
    segments = pick("segment", allowed.segments)
    for extra in segments[1:]:
        dropped.append(f"segment={_shorten(extra)} (only one segment can be selected)")
    selected = segments[0] if segments else None
    return View(countries, routes, modes, selected, evidence), dropped


def view_to_params(view: View) -> dict[str, list[str]]:
    """Return the query parameters that reproduce ``view`` (empty filters are left out)."""
    params = {
        "country": list(view.countries),
        "route": list(view.routes),
        "mode": list(view.modes),
        "evidence": list(view.evidence),
        "segment": [view.segment] if view.segment else [],
    }
    return {name: values for name, values in params.items() if values}


def _shorten(value: str) -> str:
    printable = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in value)
    if len(printable) > MAX_SHOWN_DROPPED:
        return printable[: MAX_SHOWN_DROPPED - 1] + "…"
    return printable


def describe_filters(view: View, country_name: Callable[[str], str], route_name: Mapping) -> str:
    """Say in words which filters are active, e.g. ``countries Georgia; modes sea``."""
    parts = []
    if view.countries:
        parts.append("countries " + ", ".join(country_name(code) for code in view.countries))
    if view.routes:
        parts.append("routes " + ", ".join(route_name[route] for route in view.routes))
    if view.modes:
        parts.append("modes " + ", ".join(view.modes))
    if view.evidence:
        parts.append("evidence " + ", ".join(view.evidence))
    return "; ".join(parts) or "no filter"
