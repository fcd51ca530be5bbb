"""The evidence helpers: passages, highlights, neighbours, search, annotations, km inside."""

from __future__ import annotations

import dataclasses
import html
import itertools
import re

import geopandas as gpd
import pytest
from shapely.geometry import LineString, box

from components.core.anchoring import TextQuote
from components.core.geometry import geodesic_length_km, km_inside
from components.core.model import Quote, Source
from components.core.passages import (
    ANNOTATION_CONTEXT,
    Passage,
    Piece,
    highlight_pieces,
    passage,
    route_neighbours,
    search,
    web_annotations,
)
from components.core.support import Support
from components.ui.source_text import source_html
from support.atlases import atlas, tiny

# passage ------------------------------------------------------------------------------------

TEXT = "one two three four five six seven"


@pytest.mark.parametrize(
    ("start", "end", "width", "expected"),
    [
        # The whole text fits: nothing is cut, no ellipsis.
        (8, 13, 100, Passage("one two ", "three", " four five six seven")),
        # At the very start and the very end of the text: no ellipsis on that side.
        (0, 3, 100, Passage("", "one", " two three four five six seven")),
        (28, 33, 100, Passage("one two three four five six ", "seven", "")),
        (0, 3, 6, Passage("", "one", " two…")),
        (28, 33, 6, Passage("…six ", "seven", "")),
        # Both sides cut, at a space, never inside a word.
        (14, 18, 7, Passage("…three ", "four", " five…")),
        (14, 18, 9, Passage("…three ", "four", " five…")),
        # A cut that leaves only part of a word drops it: the side is just the ellipsis.
        (14, 18, 3, Passage("…", "four", "…")),
    ],
)
def test_passage(start, end, width, expected):
    assert passage(TEXT, start, end, width) == expected


def test_passage_of_a_text_without_spaces_keeps_the_characters():
    assert passage("abcdefghij", 4, 6, 2) == Passage("…cd", "ef", "gh…")


@pytest.mark.parametrize("width", [1, 4, 10, 25])
@pytest.mark.parametrize(("start", "end"), [(0, 3), (8, 13), (14, 18), (28, 33)])
def test_passage_is_verbatim_context(start, end, width):
    words = passage(TEXT, start, end, width)
    assert words.match == TEXT[start:end]
    before = words.before.removeprefix("…")
    after = words.after.removesuffix("…")
    assert TEXT[:start].endswith(before)
    assert TEXT[end:].startswith(after)
    assert words.before.startswith("…") == (len(before) < start)
    assert words.after.endswith("…") == (len(after) < len(TEXT) - end)


# highlight_pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "spans", "expected"),
    [
        (10, [], [Piece(0, 10, ())]),
        (10, [(0, 10, "a")], [Piece(0, 10, ("a",))]),
        (10, [(2, 5, "a")], [Piece(0, 2, ()), Piece(2, 5, ("a",)), Piece(5, 10, ())]),
        # Overlapping spans: elementary pieces, the shared one names both quotes.
        (
            10,
            [(4, 8, "b"), (2, 6, "a")],
            [
                Piece(0, 2, ()),
                Piece(2, 4, ("a",)),
                Piece(4, 6, ("a", "b")),
                Piece(6, 8, ("b",)),
                Piece(8, 10, ()),
            ],
        ),
        # A span inside another.
        (
            10,
            [(0, 10, "outer"), (3, 5, "inner")],
            [Piece(0, 3, ("outer",)), Piece(3, 5, ("outer", "inner")), Piece(5, 10, ("outer",))],
        ),
        # Two quotes over the same words: one piece with both.
        (
            6,
            [(1, 4, "a"), (1, 4, "b")],
            [Piece(0, 1, ()), Piece(1, 4, ("a", "b")), Piece(4, 6, ())],
        ),
        # Adjacent spans of different quotes stay apart.
        (6, [(0, 3, "a"), (3, 6, "b")], [Piece(0, 3, ("a",)), Piece(3, 6, ("b",))]),
        # Adjacent spans of the same quote are merged into one piece.
        (6, [(0, 3, "a"), (3, 6, "a")], [Piece(0, 6, ("a",))]),
        (0, [], []),
    ],
)
def test_highlight_pieces(length, spans, expected):
    assert highlight_pieces(length, spans) == expected


@pytest.mark.parametrize(
    "spans",
    [
        [],
        [(0, 1, "a")],
        [(3, 17, "a"), (5, 9, "b"), (8, 20, "c"), (20, 30, "d"), (29, 30, "e")],
        [(0, 30, "a"), (0, 30, "b"), (10, 11, "c")],
    ],
)
def test_highlight_pieces_cover_the_text_exactly(spans):
    pieces = highlight_pieces(30, spans)
    assert pieces[0].start == 0 and pieces[-1].end == 30
    for left, right in itertools.pairwise(pieces):
        assert left.end == right.start
        assert left.quotes != right.quotes  # neighbours with the same quotes are merged
    for piece in pieces:
        assert piece.start < piece.end
        assert set(piece.quotes) == {q for s, e, q in spans if s <= piece.start and piece.end <= e}


def test_highlight_pieces_of_the_real_sources_cover_every_quote():
    for source_id, source in atlas().sources.items():
        quotes = [q for q in atlas().quotes if q.source == source_id]
        pieces = highlight_pieces(len(source.text), [(q.start, q.end, q.id) for q in quotes])
        assert pieces[0].start == 0 and pieces[-1].end == len(source.text)
        for quote in quotes:
            covered = [p for p in pieces if quote.id in p.quotes]
            assert covered[0].start == quote.start and covered[-1].end == quote.end


# route_neighbours ---------------------------------------------------------------------------


def test_route_neighbours_of_a_middle_segment():
    assert route_neighbours(atlas(), "btc-georgia") == ("btc-azerbaijan", "btc-turkey")


@pytest.mark.parametrize("route_id", ["middle-corridor", "btc-pipeline", "xian-baku-rail"])
def test_route_neighbours_follow_file_order_and_stop_at_the_ends(route_id):
    ids = list(atlas().route_segments(route_id).index)
    assert len(ids) >= 2
    assert route_neighbours(atlas(), ids[0])[0] is None
    assert route_neighbours(atlas(), ids[-1])[1] is None
    for before, after in itertools.pairwise(ids):
        assert route_neighbours(atlas(), before)[1] == after
        assert route_neighbours(atlas(), after)[0] == before


# search ---------------------------------------------------------------------------------------


def test_search_xian_finds_the_quote_with_the_apostrophe():
    hits = search(atlas(), "xian")
    assert hits
    hit = hits[0]
    assert hit.quote == "cargo-from-xian"
    assert hit.passage.match == "Xi'an"
    text = atlas().sources[hit.source].text
    assert text[hit.start : hit.end] == "Xi'an"
    assert set(hit.segments) == set(
        next(q for q in atlas().quotes if q.id == "cargo-from-xian").segments
    )


def test_search_words_match_across_dashes():
    matches = [hit.passage.match for hit in search(atlas(), "baku tbilisi")]
    assert "Baku-Tbilisi" in matches


def test_search_ignores_case_and_puts_quote_hits_first():
    hits = search(atlas(), "CASPIAN")
    assert len(hits) > 5
    assert all(hit.passage.match.lower().startswith("caspian") for hit in hits)
    in_quote = [hit.quote is not None for hit in hits]
    assert any(in_quote) and not all(in_quote)
    assert in_quote == sorted(in_quote, reverse=True)  # quote hits first
    assert search(atlas(), "caspian") == hits


@pytest.mark.parametrize(
    ("query", "match"),
    [("ALPHALANDS", "Alphaland’s"), ("alphaland's", "Alphaland’s"), ("TRADE ROUTE", "trade route")],
)
def test_search_forgives_case_and_apostrophes_on_a_tiny_atlas(query, match):
    hits = search(tiny(), query)
    assert hits
    assert {hit.passage.match for hit in hits} == {match}


def test_search_reports_a_match_outside_quotes_as_a_place_in_the_source():
    hits = search(tiny(), "trade route")
    assert [hit.quote for hit in hits] == ["busy-route", None]
    assert hits[1].segments == ()


def test_search_respects_the_limit():
    assert len(search(atlas(), "the", limit=3)) == 3


@pytest.mark.parametrize("query", ["", " ", "\t\n  ", "zzqqxxnotthere"])
def test_search_with_nothing_to_find(query):
    assert search(atlas(), query) == []


def test_search_with_a_huge_query_does_not_crash():
    assert search(atlas(), "caspian " * 1250) == []  # 10,000 characters
    assert search(atlas(), "x" * 10_000) == []


# annotations ----------------------------------------------------------------------------------


def test_annotations_are_a_web_annotation_collection():
    quotes = atlas().quotes
    collection = web_annotations(atlas(), quotes)
    assert collection["@context"] == ANNOTATION_CONTEXT
    assert ANNOTATION_CONTEXT[0] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(quotes)
    for quote, item in zip(quotes, items, strict=True):
        assert item["type"] == "Annotation"
        assert [body["value"] for body in item["body"]] == list(quote.segments)
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        assert set(selectors) == {"TextQuoteSelector", "TextPositionSelector"}
        text = atlas().sources[quote.source].text
        position = selectors["TextPositionSelector"]
        assert text[position["start"] : position["end"]] == selectors["TextQuoteSelector"]["exact"]
        assert selectors["TextQuoteSelector"]["exact"] == quote.exact


def test_annotations_of_no_quotes():
    collection = web_annotations(atlas(), [])
    assert collection["total"] == 0 and collection["first"]["items"] == []


# km_inside ------------------------------------------------------------------------------------


def segments_frame(lines: dict[str, LineString]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=list(lines.values()), index=list(lines), crs="EPSG:4326")


def test_km_inside():
    line = LineString([(10, 0), (12, 0)])
    frame = segments_frame({"whole": line, "elsewhere": LineString([(50, 5), (51, 5)])})
    full = geodesic_length_km(line)
    inside = km_inside(frame, box(9, -1, 13, 1))
    assert inside["whole"] == pytest.approx(full)
    assert inside["elsewhere"] == 0
    half = km_inside(frame, box(9, -1, 11, 1))["whole"]
    assert half == pytest.approx(full / 2, rel=1e-3)


def test_km_inside_of_the_btc_in_georgia_is_its_length():
    segments = atlas().segments.loc[["btc-georgia"]]
    inside = km_inside(segments, atlas().countries.geometry["GE"])["btc-georgia"]
    # The segment ends on the real (full-resolution) border; the outline it is measured
    # against is simplified to 0.1°, so a few km at its ends can fall outside it.
    assert inside == pytest.approx(segments.at["btc-georgia", "length_km"], rel=0.02)


# source_html ----------------------------------------------------------------------------------

MARK = re.compile(r"<mark\b[^>]*>(.*?)</mark>", re.S)


def marked_text(markup: str) -> str:
    """The text inside the marks, run after run, html-unescaped (a quote may span runs)."""
    return "\x00".join(html.unescape(words) for words in MARK.findall(markup))


@pytest.mark.parametrize("quote_id", [q.id for q in atlas().quotes])
def test_source_html_marks_every_quote_and_the_current_one(quote_id):
    data = atlas()
    quote = next(q for q in data.quotes if q.id == quote_id)
    markup = source_html(data, quote.source, current=quote_id)
    runs = [
        (m.group(0), html.unescape(m.group(1)))
        for m in re.finditer(r"<mark\b[^>]*>(.*?)</mark>", markup, re.S)
    ]
    joined = "".join(words for _, words in runs)
    for other in (q for q in data.quotes if q.source == quote.source):
        assert other.exact in joined
    current = [(tag, words) for tag, words in runs if 'class="current"' in tag]
    assert "".join(words for _, words in current) == quote.exact
    assert f'id="quote-{quote_id}"' in current[0][0]
    # Without html: the text of the source, verbatim.
    plain = html.unescape(
        re.sub(r"<sup>.*?</sup>|<summary>.*?</summary>|<[^>]+>", "", body(markup))
    )
    assert plain == data.sources[quote.source].text


def test_source_html_without_current_quote_has_no_current_mark():
    markup = source_html(atlas(), next(iter(atlas().sources)))
    assert 'class="current"' not in markup
    assert markup.count("<mark") >= len(atlas().quotes)


def body(markup: str) -> str:
    """The html inside the source's div."""
    inside = markup.split('<div class="corridor-source">', 1)[1]
    assert inside.endswith("</div>")
    return inside.removesuffix("</div>")


HOSTILE = '<script>alert(1)</script> & "quotes" <img src=x onerror=alert(2)>'


def hostile_atlas():
    """The tiny atlas with a source, a quote and a segment name made of markup."""
    base = tiny()
    text = f"Before. {HOSTILE} After."
    start = text.index(HOSTILE)
    source = Source("evil", "Evil", None, None, None, None, None, None, "0" * 64, text)
    quote = Quote(
        "evil-quote",
        "evil",
        ("rail-xa",),
        TextQuote(HOSTILE, "Before. ", " After."),
        None,
        start,
        start + len(HOSTILE),
    )
    segments = base.segments.copy()
    segments.loc["rail-xa", "name"] = '<b>"bold"</b> & <script>x</script>'
    support = {"evil-quote": {"rail-xa": Support("context", ())}}
    return dataclasses.replace(
        base, sources={"evil": source}, quotes=[quote], segments=segments, support=support
    )


def test_source_html_escapes_hostile_text():
    markup = source_html(hostile_atlas(), "evil", current="evil-quote")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<script" not in markup
    assert "<img" not in markup and "<b>" not in markup
    assert 'class="current"' in markup
    assert HOSTILE in marked_text(markup)
