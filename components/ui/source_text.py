"""A source's verbatim text as HTML, every quote marked where it stands and linked to its segments.

Every character of the source goes through :func:`html.escape`; the only markup is ours.
"""

from __future__ import annotations

import html
import itertools
import json
from urllib.parse import urlencode

from components.core.atlas import Atlas
from components.core.passages import Piece, highlight_pieces
from components.core.vocabulary import LEVEL_LABELS

STYLE = """
<style>
.corridor-source {white-space: pre-wrap; font-family: Georgia, serif; font-size: 1.05rem;
  line-height: 1.6; max-width: 48rem;}
.corridor-source mark {background: #fde9b5; padding: 0 1px; scroll-margin-top: 6rem;}
.corridor-source mark.current {background: #f7b733; outline: 2px solid #b36b00;}
.corridor-source sup a {font-family: sans-serif; font-size: .7rem; margin-left: 2px;}
.corridor-source details {color: #6b6b6b; font-size: .9rem;}
.corridor-source summary {cursor: pointer; font-family: sans-serif; white-space: normal;}
</style>
"""


def source_html(atlas: Atlas, source_id: str, current: str | None = None) -> str:
    """Return the text of ``source_id`` with ``<mark>`` around each quote.

    Each mark carries the id ``quote-<quote id>`` and a title naming the segments it supports;
    after it, superscript links lead to those segments' pages. The ``current`` quote's mark has
    the class ``current``. The page furniture around the article (banners, links to other
    stories) is folded into a ``<details>`` element that says what it is.
    """
    source = atlas.sources[source_id]
    text = source.text
    quotes = {q.id: q for q in atlas.quotes if q.source == source_id}
    spans = [(q.start, q.end, q.id) for q in quotes.values()]
    cuts = {n for furniture in source.furniture for n in (furniture.start, furniture.end)}
    out = []
    for piece in _split_at(highlight_pieces(len(text), spans), cuts):
        furniture = next((f for f in source.furniture if f.start <= piece.start < f.end), None)
        if furniture is not None and piece.start == furniture.start:
            what = html.escape(furniture.what)
            out.append(f"<details><summary>Not part of the article: {what}</summary>")
        words = html.escape(text[piece.start : piece.end])
        covering = [quotes[qid] for qid in piece.quotes]
        out.append(
            _mark(atlas, covering, words, piece.start, piece.end, current) if covering else words
        )
        if furniture is not None and piece.end == furniture.end:
            out.append("</details>")
    return f'{STYLE}<div class="corridor-source">{"".join(out)}</div>'


def _split_at(pieces: list[Piece], cuts: set[int]) -> list[Piece]:
    """Cut pieces further at the given offsets (the bounds of the page furniture)."""
    result = []
    for piece in pieces:
        bounds = [piece.start, *sorted(c for c in cuts if piece.start < c < piece.end), piece.end]
        result += [Piece(a, b, piece.quotes) for a, b in itertools.pairwise(bounds)]
    return result


def _mark(atlas: Atlas, quotes, words: str, start: int, end: int, current: str | None) -> str:
    """Mark one run of text covered by ``quotes``.

    The run where a quote starts holds its anchor; the run where it ends, its segment links.
    """
    known = atlas.segments.index
    names = [_support_label(atlas, q, s) for q in quotes for s in q.segments if s in known]
    title = html.escape("Supports: " + "; ".join(dict.fromkeys(names)), quote=True)
    css = ' class="current"' if current in {q.id for q in quotes} else ""
    anchors = [q.id for q in quotes if q.start == start]
    anchor = f' id="{html.escape(f"quote-{anchors[0]}", quote=True)}"' if anchors else ""
    ending = [s for q in quotes if q.end == end for s in q.segments if s in known]
    links = "".join(
        f'<sup><a href="segment?{html.escape(urlencode({"id": s}), quote=True)}" '
        f'target="_self" title="{html.escape(str(atlas.segments.at[s, "name"]), quote=True)}">'
        f"[{number}]</a></sup>"
        for number, s in enumerate(dict.fromkeys(ending), start=1)
    )
    return f'<mark{anchor}{css} title="{title}">{words}</mark>{links}'


def _support_label(atlas: Atlas, quote, segment_id: str) -> str:
    level = atlas.support[quote.id][segment_id].level
    return f"{atlas.segments.at[segment_id, 'name']} ({LEVEL_LABELS[level].lower()})"


def scroll_script(quote_id: str) -> str:
    """Return a script that scrolls the page to a quote's mark (the id is JSON-encoded)."""
    target = json.dumps(f"quote-{quote_id}")
    return (
        "<script>setTimeout(function(){var m=document.getElementById("
        + target
        + ");if(m){m.scrollIntoView({block:'center'});}},300);</script>"
    )
