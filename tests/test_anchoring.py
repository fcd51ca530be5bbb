import json
from pathlib import Path

import pytest

from components.core.anchoring import (
    Anchor,
    AnchorStatus,
    TextPosition,
    TextQuote,
    anchor_quote,
    make_selectors,
    selectors_from_json,
)

EXACT = AnchorStatus.EXACT
REANCHORED = AnchorStatus.REANCHORED
MISSING = AnchorStatus.MISSING
AMBIGUOUS = AnchorStatus.AMBIGUOUS

ARTICLE = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "sources"
    / "eurasianet-2024-kazakhstan-azerbaijan-trade-ties.txt"
)

REPEATED = "The road to Baku is long. A road to Baku is short. The road to Baku ends."


def pos(start, end):
    return TextPosition(start, end)


@pytest.mark.parametrize(
    ("text", "quote", "position", "status", "span"),
    [
        # (a) verbatim at the stored position
        ("Xi'an to Baku", TextQuote("Xi'an"), pos(0, 5), EXACT, (0, 5)),
        ("Xi'an to Baku", TextQuote("Baku"), pos(9, 13), EXACT, (9, 13)),
        # position wins even when prefix/suffix disagree
        ("Xi'an to Baku", TextQuote("Baku", "nowhere ", " else"), pos(9, 13), EXACT, (9, 13)),
        # position wins even when the phrase repeats
        (REPEATED, TextQuote("road to Baku"), pos(28, 40), EXACT, (28, 40)),
        # stale position, unique elsewhere
        ("From Xi'an to Baku", TextQuote("Xi'an"), pos(0, 5), REANCHORED, (5, 10)),
        ("From Xi'an to Baku", TextQuote("Xi'an"), None, REANCHORED, (5, 10)),
        # position beyond the end of the text
        ("From Xi'an to Baku", TextQuote("Xi'an"), pos(50, 55), REANCHORED, (5, 10)),
        # same offsets, but only equal after normalisation
        ("From Xi\u2019an to Baku", TextQuote("Xi'an"), pos(5, 10), REANCHORED, (5, 10)),
        ("Xi'an\u2013Baku line", TextQuote("Xi'an-Baku"), pos(0, 10), REANCHORED, (0, 10)),
        ("the Middle\u00a0Corridor", TextQuote("Middle Corridor"), None, REANCHORED, (4, 19)),
        ("the Middle\n  Corridor", TextQuote("Middle Corridor"), None, REANCHORED, (4, 21)),
        (
            "the Mid\u00addle Cor\u200bridor",
            TextQuote("Middle Corridor"),
            None,
            REANCHORED,
            (4, 21),
        ),
        ("to U\u0308ru\u0308mqi.", TextQuote("\u00dcr\u00fcmqi"), pos(3, 9), REANCHORED, (3, 11)),
        ("to \u00dcr\u00fcmqi.", TextQuote("U\u0308ru\u0308mqi"), pos(3, 11), REANCHORED, (3, 9)),
        # not there at all
        ("From Xi'an to Baku", TextQuote("Urumqi"), pos(0, 6), MISSING, None),
        ("From Xi'an to Baku", TextQuote("Xian"), None, MISSING, None),
        # there, but not with this context
        ("From Xi'an to Baku", TextQuote("Xi'an", "To ", ""), None, MISSING, None),
        ("From Xi'an to Baku", TextQuote("Xi'an", "", " via"), None, MISSING, None),
        # repeated phrase
        (REPEATED, TextQuote("road to Baku"), None, AMBIGUOUS, None),
        (REPEATED, TextQuote("road to Baku", "The "), None, AMBIGUOUS, None),
        (REPEATED, TextQuote("road to Baku"), pos(0, 5), AMBIGUOUS, None),
        (REPEATED, TextQuote("road to Baku", "A "), None, REANCHORED, (28, 40)),
        (REPEATED, TextQuote("road to Baku", "long. a ", ""), None, REANCHORED, (28, 40)),
        (REPEATED, TextQuote("road to Baku", "The ", " ends"), None, REANCHORED, (55, 67)),
        (REPEATED, TextQuote("road to Baku", "", " is long"), pos(1, 2), REANCHORED, (4, 16)),
        # context compared under normalisation
        (REPEATED, TextQuote("road to Baku", "long.\u00a0\nA\u00a0"), None, REANCHORED, (28, 40)),
        # quote at the very start / end, with a stored context shorter than usual
        (REPEATED, TextQuote("The road", "", " to Baku is"), None, REANCHORED, (0, 8)),
        (REPEATED, TextQuote("Baku ends.", "The road to ", ""), None, REANCHORED, (63, 73)),
        ("Baku port. Baku port", TextQuote("Baku port", "", ". Baku"), None, REANCHORED, (0, 9)),
        ("Baku port. Baku port", TextQuote("Baku port", "port. ", ""), None, REANCHORED, (11, 20)),
        ("Baku port. Baku port", TextQuote("Baku port"), None, AMBIGUOUS, None),
        # whitespace run split between context and quote
        ("foo  \n bar", TextQuote("bar", "foo  \n ", ""), pos(0, 1), REANCHORED, (7, 10)),
        ("foo  \n bar", TextQuote("foo", "", "  \n bar"), pos(1, 2), REANCHORED, (0, 3)),
    ],
)
def test_anchor_quote(text, quote, position, status, span):
    anchor = anchor_quote(text, quote, position)
    assert anchor.status is status
    if span is None:
        assert (anchor.start, anchor.end) == (None, None)
        assert not anchor.found
    else:
        assert (anchor.start, anchor.end) == span
        assert anchor.found
        assert anchor.candidates == 1


def test_reanchored_result_is_the_verbatim_source():
    text = "From Xi\u2019an\u00a0\u2013 Baku"
    anchor = anchor_quote(text, TextQuote("Xi'an - Baku"), None)
    assert text[anchor.start : anchor.end] == "Xi\u2019an\u00a0\u2013 Baku"


@pytest.mark.parametrize(
    ("text", "quote", "position", "expected"),
    [
        ("Xi'an to Baku", TextQuote("Xi'an"), pos(0, 5), Anchor(EXACT, 0, 5, 1, "exact at [0, 5)")),
        (
            "From Xi'an",
            TextQuote("Xi'an"),
            pos(0, 5),
            Anchor(REANCHORED, 5, 10, 1, "re-anchored [0, 5) -> [5, 10)"),
        ),
        (
            "From Xi'an",
            TextQuote("Xi'an"),
            None,
            Anchor(REANCHORED, 5, 10, 1, "re-anchored (no stored position) -> [5, 10)"),
        ),
        (
            "From Xi'an",
            TextQuote("Baku"),
            None,
            Anchor(MISSING, None, None, 0, "quote text not found in the source"),
        ),
        (
            "a b a",
            TextQuote("a"),
            None,
            Anchor(
                AMBIGUOUS,
                None,
                None,
                2,
                "quote matches 2 places even with prefix/suffix: [0, 1), [4, 5)",
            ),
        ),
    ],
)
def test_anchor_messages(text, quote, position, expected):
    assert anchor_quote(text, quote, position) == expected


@pytest.mark.parametrize(
    ("quote", "fragment"),
    [
        (TextQuote("Xi'an", "To "), "occurs 1 time(s) but none matches"),
        (TextQuote("road"), "re-anchored [0, 4) -> [15, 19)"),
    ],
)
def test_anchor_message_fragments(quote, fragment):
    anchor = anchor_quote("From Xi'an the road", quote, pos(0, 4))
    assert fragment in anchor.message


def test_ambiguous_message_is_bounded_and_free_of_quote_text():
    text = "<b>x</b> " * 30
    anchor = anchor_quote(text, TextQuote("<b>x</b>"), None)
    assert anchor.status is AMBIGUOUS
    assert anchor.candidates == 30
    assert "and 20 more" in anchor.message
    assert "<b>" not in anchor.message


# --- make_selectors / selectors_from_json -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "context", "prefix", "suffix"),
    [
        ("abcdefghij", 4, 6, 2, "cd", "gh"),
        ("abcdefghij", 0, 3, 2, "", "de"),
        ("abcdefghij", 1, 3, 5, "a", "defgh"),
        ("abcdefghij", 8, 10, 2, "gh", ""),
        ("abcdefghij", 0, 10, 32, "", ""),
        ("abcdefghij", 4, 6, 0, "", ""),
        ("x U\u0308ru\u0308mqi \u2013 y", 2, 10, 2, "x ", " \u2013"),
    ],
)
def test_make_selectors(text, start, end, context, prefix, suffix):
    selectors = make_selectors(text, start, end, context=context)
    assert selectors == [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": prefix,
            "suffix": suffix,
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (REPEATED, 28, 40),
        (REPEATED, 0, 8),
        (REPEATED, 63, 73),
        ("From Xi\u2019an\u00a0\u2013 U\u0308ru\u0308mqi", 5, 20),
    ],
)
def test_selectors_round_trip(text, start, end):
    selectors = json.loads(json.dumps(make_selectors(text, start, end)))
    quote, position = selectors_from_json(selectors)
    assert quote.exact == text[start:end]
    assert position == TextPosition(start, end)
    assert anchor_quote(text, quote, position) == Anchor(
        EXACT, start, end, 1, f"exact at [{start}, {end})"
    )
    # Prefix and suffix alone find the same place again.
    assert anchor_quote(text, quote, None).status is REANCHORED
    assert (anchor_quote(text, quote, None).start, anchor_quote(text, quote, None).end) == (
        start,
        end,
    )


def test_selectors_from_json_order_independent_and_ignores_other_types():
    selectors = [
        {"type": "TextPositionSelector", "start": 2, "end": 5},
        {"type": "XPathSelector", "value": "/p[1]"},
        {"type": "TextQuoteSelector", "exact": "abc"},
    ]
    assert selectors_from_json(selectors) == (TextQuote("abc", "", ""), TextPosition(2, 5))


def test_selectors_from_json_without_position():
    selectors = [{"type": "TextQuoteSelector", "exact": "abc", "prefix": "x", "suffix": "y"}]
    assert selectors_from_json(selectors) == (TextQuote("abc", "x", "y"), None)


QUOTE_SELECTOR = {"type": "TextQuoteSelector", "exact": "abc", "prefix": "", "suffix": ""}


def _with_position(start, end):
    return [QUOTE_SELECTOR, {"type": "TextPositionSelector", "start": start, "end": end}]


@pytest.mark.parametrize(
    ("selectors", "message"),
    [
        (None, "list of objects"),
        ("TextQuoteSelector", "list of objects"),
        (QUOTE_SELECTOR, "list of objects"),
        ([], "no TextQuoteSelector"),
        ([{"type": "TextPositionSelector", "start": 0, "end": 1}], "no TextQuoteSelector"),
        (["TextQuoteSelector"], "selector #0"),
        ([{"exact": "abc"}], "selector #0"),
        ([{"type": 3, "exact": "abc"}], "selector #0"),
        ([QUOTE_SELECTOR, QUOTE_SELECTOR], "more than one TextQuoteSelector"),
        ([{"type": "TextQuoteSelector"}], "exact must be a non-empty string"),
        ([{"type": "TextQuoteSelector", "exact": ""}], "exact must be a non-empty string"),
        ([{"type": "TextQuoteSelector", "exact": 5}], "exact must be a non-empty string"),
        ([{"type": "TextQuoteSelector", "exact": "a", "prefix": None}], "must be strings"),
        ([{"type": "TextQuoteSelector", "exact": "a", "suffix": 1}], "must be strings"),
        ([QUOTE_SELECTOR, {"type": "TextPositionSelector"}], "non-negative integers"),
        (_with_position(-1, 3), "non-negative integers"),
        (_with_position(0, -3), "non-negative integers"),
        (_with_position(0.0, 3), "non-negative integers"),
        (_with_position("0", "3"), "non-negative integers"),
        (_with_position(False, True), "non-negative integers"),
        (_with_position(3, 3), "start < end"),
        (_with_position(4, 3), "start < end"),
    ],
)
def test_selectors_from_json_errors(selectors, message):
    with pytest.raises(ValueError, match=message):
        selectors_from_json(selectors)


@pytest.mark.parametrize(
    ("text", "start", "end", "context"),
    [
        ("abc", 1, 1, 32),
        ("abc", 2, 1, 32),
        ("abc", -1, 2, 32),
        ("abc", 0, 4, 32),
        ("abc", 0, 1, -1),
    ],
)
def test_make_selectors_rejects_bad_arguments(text, start, end, context):
    with pytest.raises(ValueError):
        make_selectors(text, start, end, context=context)


@pytest.mark.parametrize(
    ("factory", "args"),
    [
        (TextQuote, ("",)),
        (TextQuote, (None,)),
        (TextQuote, ("a", None)),
        (TextPosition, (-1, 2)),
        (TextPosition, (2, 2)),
        (TextPosition, (1.5, 2)),
    ],
)
def test_selector_dataclasses_validate(factory, args):
    with pytest.raises(ValueError):
        factory(*args)


# --- the real article -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article():
    return ARTICLE.read_text(encoding="utf-8")


def test_article_pipeline_anchors_exactly(article, phrase="Baku-Tbilisi-Ceyhan pipeline"):
    start = article.index(phrase)
    assert article.count(phrase) == 1
    anchor = anchor_quote(article, TextQuote(phrase), pos(start, start + len(phrase)))
    assert (anchor.status, anchor.start, anchor.end) == (EXACT, start, start + len(phrase))


@pytest.mark.parametrize("shift", [5, -5])
def test_article_pipeline_reanchors_after_shift(article, shift):
    phrase = "Baku-Tbilisi-Ceyhan pipeline"
    start = article.index(phrase)
    quote, _ = selectors_from_json(make_selectors(article, start, start + len(phrase)))
    anchor = anchor_quote(article, quote, pos(start + shift, start + shift + len(phrase)))
    assert (anchor.status, anchor.start, anchor.end) == (REANCHORED, start, start + len(phrase))
    assert f"-> [{start}, {start + len(phrase)})" in anchor.message


def test_article_typographic_variants_reanchor_to_verbatim_text(article):
    quote = TextQuote("Baku\u2019s Absheron\u00a0station", "at ", ". The train\u2019s")
    anchor = anchor_quote(article, quote, None)
    assert anchor.status is REANCHORED
    assert article[anchor.start : anchor.end] == "Baku's Absheron station"


def test_article_middle_corridor_alone_is_ambiguous(article):
    anchor = anchor_quote(article, TextQuote("Middle Corridor"), None)
    assert anchor.status is AMBIGUOUS
    assert anchor.candidates == article.count("Middle Corridor") > 1


def test_article_middle_corridor_with_context_is_unique(article):
    quote = TextQuote("Middle Corridor", "development of the ", " trade route")
    anchor = anchor_quote(article, quote, None)
    start = article.index("Middle Corridor trade route")
    assert (anchor.status, anchor.start, anchor.end) == (REANCHORED, start, start + 15)


def test_article_every_middle_corridor_reanchors_with_its_own_context(article):
    phrase = "Middle Corridor"
    starts = [i for i in range(len(article)) if article.startswith(phrase, i)]
    for start in starts:
        quote, _ = selectors_from_json(make_selectors(article, start, start + len(phrase)))
        anchor = anchor_quote(article, quote, pos(0, len(phrase)))
        assert (anchor.status, anchor.start, anchor.end) == (
            REANCHORED,
            start,
            start + len(phrase),
        )
