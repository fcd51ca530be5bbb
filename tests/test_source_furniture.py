"""Page furniture around an article: marked, folded away, never part of a quote's context."""

import json

import pytest

from components.core.model import Furniture, Source
from components.core.passages import passage, quote_passage
from components.storage.loading import load_atlas
from components.ui.source_text import source_html

REAL_SOURCE = "eurasianet-2024-kazakhstan-azerbaijan-trade-ties"


def _source(text, *furniture):
    return Source("s", None, None, None, None, None, None, None, "0" * 64, text, None, furniture)


def test_article_span_stops_at_the_furniture_around_a_quote():
    text = "BANNER\n\nThe article. It ends here.\n\nMORE LINKS"
    source = _source(text, Furniture(0, 8, "banner"), Furniture(34, len(text), "links"))
    start = text.index("It ends")
    assert source.article_span(start, start + 7) == (8, 34)


def test_a_context_window_never_reaches_into_the_furniture():
    text = "BANNER WORDS\n\nShort article here."
    start = text.index("Short")
    words = passage(text, start, start + 5, width=90, within=(14, len(text)))
    assert words.before == ""
    assert "BANNER" not in words.before + words.after


def test_real_quote_contexts_stay_inside_the_article():
    atlas = load_atlas()
    source = atlas.sources[REAL_SOURCE]
    for quote in atlas.quotes:
        words = quote_passage(atlas, quote)
        for piece in source.furniture:
            furniture_text = source.text[piece.start : piece.end].strip()
            assert furniture_text[:20] not in words.before + words.after, quote.id
    first = next(q for q in atlas.quotes if q.id == "ties-boost-middle-corridor")
    assert "Breaking News" not in quote_passage(atlas, first).before


def test_the_source_page_folds_the_furniture_and_says_what_it_is():
    atlas = load_atlas()
    page = source_html(atlas, REAL_SOURCE)
    assert page.count("<details>") == 2 and page.count("</details>") == 2
    banner = page[page.index("<details>") : page.index("</details>")]
    assert "Not part of the article" in banner and "Breaking News:" in banner
    assert "<mark" not in banner


@pytest.mark.parametrize(
    ("furniture", "fault"),
    [
        ("banner", "furniture must be a list"),
        ([{"start": 0, "end": 5}], "needs start, end and what"),
        ([{"start": 0, "end": "5", "what": "x"}], "whole numbers"),
        ([{"start": 5, "end": 2, "what": "x"}], "in order"),
        ([{"start": 0, "end": 10**6, "what": "x"}], "inside the text"),
        ([{"start": 0, "end": 9, "what": "x"}, {"start": 4, "end": 12, "what": "y"}], "apart"),
    ],
)
def test_malformed_furniture_is_a_problem(tiny_data, furniture, fault):
    meta_path = tiny_data / "sources" / "tiny-source.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["furniture"] = furniture
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    atlas = load_atlas(tiny_data)
    assert "tiny-source" not in atlas.sources
    assert any(fault in problem.message for problem in atlas.problems)


def test_a_quote_standing_in_the_furniture_is_a_problem(tiny_data):
    meta_path = tiny_data / "sources" / "tiny-source.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["furniture"] = [{"start": 0, "end": 130, "what": "a banner"}]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    atlas = load_atlas(tiny_data)
    assert "alpha-railway" not in {quote.id for quote in atlas.quotes}
    assert any("page furniture (a banner)" in p.message for p in atlas.problems)
