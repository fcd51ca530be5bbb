"""The map legend: only the routes and modes that are shown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import folium

from components.core.vocabulary import MODE_LABELS
from components.mapping.escape import inert
from components.mapping.styles import MODE_STYLES, WEAK_OPACITY

_BOX = (
    "position:absolute;bottom:28px;right:10px;z-index:1000;background:rgba(255,255,255,.92);"
    "padding:6px 10px;border-radius:4px;font:12px/1.5 sans-serif;box-shadow:0 1px 4px #0004;"
    # However long the names, the legend keeps most of the map free to hover and click.
    "max-width:min(260px,40%);max-height:40%;overflow:auto;overflow-wrap:anywhere"
)


def _sample(colour: str, mode: str, opacity: float = 1.0) -> str:
    style = MODE_STYLES[mode]
    dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
    return (
        f'<svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" '
        f'stroke="{inert(colour)}" stroke-width="{style["weight"]}" '
        f'stroke-opacity="{opacity}"{dash}/></svg>'
    )


FADED_LABEL = "Faded: no source names the segment or its route"


def legend_html(
    routes: Iterable[tuple[str, str]], modes: Iterable[str], *, faded: bool = False
) -> str:
    """Return the legend's HTML for ``(name, colour)`` routes and mode ids; text made inert.

    With ``faded``, a last row says what a faded line means (weak evidence).
    """
    rows = [f"<div>{_sample(colour, 'rail')} {inert(name)}</div>" for name, colour in routes]
    rows += [f"<div>{_sample('#555555', mode)} {inert(MODE_LABELS[mode])}</div>" for mode in modes]
    if faded:
        rows.append(f"<div>{_sample('#555555', 'rail', WEAK_OPACITY)} {inert(FADED_LABEL)}</div>")
    summary = '<summary style="cursor:pointer;font-weight:bold">Legend</summary>'
    return (
        f'<details class="corridor-legend" open style="{_BOX}">{summary}{"".join(rows)}</details>'
    )


def add_legend(
    fmap: folium.Map,
    routes: Iterable[tuple[str, str]],
    modes: Iterable[str],
    *,
    faded: bool = False,
) -> None:
    """Put the legend in the map's corner."""
    root = cast(folium.Figure, fmap.get_root())  # typed as any Element; a Map's is a Figure
    root.html.add_child(folium.Element(legend_html(routes, modes, faded=faded)))
