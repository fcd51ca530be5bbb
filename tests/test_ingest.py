"""The pure parts of ``corridor ingest``: ids, sentences, terms, matching, scoring, writes."""

import hashlib
import json
import os
import unicodedata
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.core.anchoring import AnchorStatus, anchor_quote, selectors_from_json
from components.core.gazetteer import (
    Gazetteer,
    gazetteer_problems,
    is_sea_point,
    place_names,
    search_form,
    segment_terms,
)
from components.core.mentions import MentionFinder, find_mentions
from components.core.model import SLUG, SOURCE_FIELDS
from components.core.support import text_support
from components.ingest.matching import propose_quotes
from components.ingest.plan import commit_ingest, plan_ingest
from components.ingest.review import quote_record_problems
from components.ingest.sentences import slugify, split_sentences, unique_id
from components.ingest.sources import new_source
from components.ingest.writing import json_line
from components.storage.files import read_json_lines
from components.storage.loading import load_atlas
from components.storage.paths import DEFAULT_DATA_DIR
from components.storage.supporting import load_gazetteer
from components.storage.writes import Transaction, atomic_write_bytes, atomic_write_text
from support.files import snapshot

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
WIRE = ARTICLES / "wire-container-train.txt"
ANALYSIS = ARTICLES / "analysis-middle-corridor.txt"
TODAY = date(2024, 3, 15)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def gazetteer():
    value, problems = load_gazetteer(DEFAULT_DATA_DIR)
    assert problems == []
    return value


def _proposed(text, atlas, gazetteer, taken=()):
    return propose_quotes(text, "new-source", atlas, gazetteer, set(taken))


# --- slugify and unique ids ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Türkiye’s Middle Corridor: 2024", "turkiyes-middle-corridor-2024"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "source"),
        ("   ", "source"),
        ("..", "source"),
        (".", "source"),
        ("Казахстан", "source"),
        ("Ürümqi–Khorgos", "urumqi-khorgos"),
        ("U\u0308ru\u0308mqi", "urumqi"),  # NFD
        ("Sarıkamış and Straße", "sarikamis-and-strasse"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("nul\x00byte", "nul-byte"),
        ("Xi'an -- Baku!!", "xian-baku"),
        ("a" * 100, "a" * 60),
        ("word " * 30, "-".join(["word"] * 12)),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_fallback_and_length():
    assert slugify("", fallback="quote") == "quote"
    assert slugify("one two three", max_length=7) == "one-two"
    with pytest.raises(ValueError):
        slugify("x", fallback="../")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_slugify_is_always_a_safe_file_name(text):
    slug = slugify(text)
    assert SLUG.match(slug)
    assert len(slug) <= 60
    assert slug not in (".", "..")


@pytest.mark.parametrize(
    ("base", "taken", "expected"),
    [
        ("a", set(), "a"),
        ("a", {"a"}, "a-2"),
        ("a", {"a", "a-2"}, "a-3"),
        ("x" * 60, {"x" * 60}, "x" * 58 + "-2"),
        ("ab-" + "c" * 57, {"ab-" + "c" * 57}, "ab-" + "c" * 55 + "-2"),
    ],
)
def test_unique_id(base, taken, expected):
    assert unique_id(base, taken) == expected
    assert len(unique_id(base, taken)) <= 60


# --- sentences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("The U.S. sent aid. It came.", ["The U.S. sent aid.", "It came."]),
        ("He met U.S. President Smith.", ["He met U.S. President Smith."]),
        ("Near St. Petersburg. Then home.", ["Near St. Petersburg.", "Then home."]),
        ("Dr. Ali and Mr. Lee spoke.", ["Dr. Ali and Mr. Lee spoke."]),
        ("It grew 3.5 percent. Fine.", ["It grew 3.5 percent.", "Fine."]),
        ("Costs fell to $1.25 per km.", ["Costs fell to $1.25 per km."]),
        ('He said "it works." Then left.', ['He said "it works."', "Then left."]),
        ("He said “it works.” Then left.", ["He said “it works.”", "Then left."]),
        ('"Really?" he asked. Yes.', ['"Really?" he asked.', "Yes."]),
        ("Wait… Go on.", ["Wait…", "Go on."]),
        (
            "Headline without stop\nBody text. More.",
            ["Headline without stop", "Body text.", "More."],
        ),
        ("Para one.\n\nPara two.\r\nLine three", ["Para one.", "Para two.", "Line three"]),
        ("Signed in Jan. 2024 by J. Smith.", ["Signed in Jan. 2024 by J. Smith."]),
        ("See No. 5 here. Done.", ["See No. 5 here.", "Done."]),
        ("lower. case follows", ["lower. case follows"]),
        ("  padded.  \n\n\n  ", ["padded."]),
        ("", []),
        ("\n\n", []),
        ("Ends with e.g. Something.", ["Ends with e.g. Something."]),
    ],
)
def test_split_sentences(text, sentences):
    spans = split_sentences(text)
    assert [text[start:end] for start, end in spans] == sentences


@pytest.mark.parametrize("path", [WIRE, ANALYSIS], ids=lambda p: p.stem)
def test_sentence_spans_slice_the_original(path):
    text = path.read_bytes().decode("utf-8")
    spans = split_sentences(text)
    assert spans == sorted(spans)
    assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))
    for start, end in spans:
        sentence = text[start:end]
        assert sentence == sentence.strip() and sentence
        assert "\n" not in sentence
    # every non-blank character of the text is in some sentence
    covered = {i for start, end in spans for i in range(start, end)}
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aB .!?\"”'\n3", "St", "U.S.", "\u00a0", "…"])).map("".join))
def test_split_sentences_invariants(text):
    spans = split_sentences(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous = end


def test_wire_article_sentences():
    text = WIRE.read_text(encoding="utf-8")
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert len(sentences) == 8
    assert sentences[5].endswith('not an experiment."')
    assert sentences[6].startswith("Freight rates quoted by St. Petersburg analysts")
    assert "5.5 days" in sentences[4]


def test_analysis_article_sentences():
    text = ANALYSIS.read_text(encoding="utf-8")
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert len(sentences) == 14  # headline, byline and 12 sentences
    assert sentences[12] == '"The railways are still catching up."'


# --- terms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vertex", "names"),
    [
        ("Aktau (sea port)", ["Aktau"]),
        ("Baku International Sea Trade Port (Alat)", ["Baku International Sea Trade", "Alat"]),
        ("Absheron station, Baku", ["Absheron"]),
        ("Caspian Sea, south-east of the Absheron Peninsula", ["Caspian Sea"]),
        ("Port of Poti", ["Poti"]),
        ("Sangachal Terminal", ["Sangachal"]),
        ("Xi'an International Port station", ["Xi'an International"]),
        ("Yining (Ghulja)", ["Yining", "Ghulja"]),
        ("Khorgos (China)", ["Khorgos"]),
        ("Ceyhan Marine Terminal (Gölovası)", ["Ceyhan Marine", "Gölovası"]),
        ("China–Kazakhstan border between Khorgos (China) and Altynkol (Khorgos village)", []),
        ("Tbilisi", ["Tbilisi"]),
    ],
)
def test_place_names(vertex, names):
    assert place_names(vertex, {"china"}) == names


@pytest.mark.parametrize(
    ("vertex", "sea"),
    [
        ("Caspian Sea, south-east of the Absheron Peninsula", True),
        ("Black Sea (off Poti)", True),
        ("Baku International Sea Trade Port (Alat)", False),
        ("Aktau (sea port)", False),
        ("Port of Poti", False),
    ],
)
def test_is_sea_point(vertex, sea):
    assert is_sea_point(vertex) is sea


def test_segment_terms_of_the_real_data(atlas, gazetteer):
    terms = segment_terms(atlas, gazetteer)
    assert list(terms) == list(atlas.segments.index)

    def words(segment, kind):
        return {term.text for term in terms[segment] if term.kind == kind}

    assert {"Xi'an International", "Xi'an", "Xi'an International Port"} <= words(
        "xb-xian-khorgos", "place"
    )
    assert {"Aktau", "port of Aktau", "Alat", "Port of Baku"} <= words("mc-aktau-alat", "place")
    assert words("mc-aktau-alat", "sea") == {"Caspian Sea"}  # a region, not a place served
    assert words("mc-btk-turkey", "line") >= {"Baku–Tbilisi–Kars railway", "BTK"}
    assert words("mc-urumqi-alashankou", "line") == {"Northern Xinjiang railway"}
    assert words("mc-kars-istanbul", "line") == set()
    assert {"Ceyhan", "Ceyhan Marine Terminal", "Refahiye"} <= words("btc-turkey", "place")
    assert {"Baku-Tbilisi-Ceyhan", "BTC pipeline"} <= words("btc-georgia", "route")
    assert {"Middle Corridor", "TITR"} <= words("mc-poti-constanta", "route")
    assert not {"BTK", "Baku-Tbilisi-Kars"} & words("mc-poti-constanta", "route")  # a line
    assert words("mc-poti-constanta", "country") >= {"Georgia", "Romania", "Romanian"}
    assert words("btc-turkey", "country") == {"Turkey", "Türkiye", "Turkish"}
    # border vertices are not places; a parenthesised country is not a place either
    for segment_terms_ in terms.values():
        assert not any("border" in term.text for term in segment_terms_)
    assert "China" not in words("mc-jinghe-khorgos", "place")
    assert "China" in words("mc-jinghe-khorgos", "country")


def test_gazetteer_from_json_reports_bad_entries():
    value = {
        "about": "x",
        "routes": {"r": ["A", 3]},
        "lines": {"s": ["L"], "t": "not a list", "u": [" "]},
        "places": [],
        "countries": {"KZ": ["K"]},
    }
    gazetteer, problems = Gazetteer.from_json(value)
    assert gazetteer.countries == {"KZ": ("K",)}
    assert gazetteer.lines == {"s": ("L",)}
    assert gazetteer.routes == {}
    assert [problem.where for problem in problems] == ["routes.r", "lines.t", "lines.u", "places"]


def test_gazetteer_problems_name_unknown_segments_and_routes():
    gazetteer = Gazetteer(routes={"r": ("R",), "x": ("X",)}, lines={"s": ("L",), "ghost": ("G",)})
    problems = gazetteer_problems(gazetteer, {"s"}, {"r"})
    assert [(p.where, p.message) for p in problems] == [
        ("lines.ghost", "unknown segment 'ghost'"),
        ("routes.x", "unknown route 'x'"),
    ]


def test_the_real_gazetteer_names_only_known_ids(atlas, gazetteer):
    assert gazetteer_problems(gazetteer, set(atlas.segments.index), set(atlas.routes)) == []


def test_missing_gazetteer_is_empty(tiny_data):
    assert load_gazetteer(tiny_data) == (Gazetteer(), [])


# --- matching -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("Trains reach Türkiye daily.", "Türkiye", ["Türkiye"]),
        ("Trains reach Turkiye daily.", "Türkiye", ["Turkiye"]),
        ("TRAINS REACH TÜRKIYE", "türkiye", ["TÜRKIYE"]),
        ("Trains reach Tu\u0308rkiye daily.", "Türkiye", ["Tu\u0308rkiye"]),
        ("It left Xian.", "Xi'an", ["Xian"]),
        ("It left Xi’an.", "Xi'an", ["Xi’an"]),
        ("It left Xi'an.", "Xian", ["Xi'an"]),
        ("the Baku Tbilisi Ceyhan line", "Baku-Tbilisi-Ceyhan", ["Baku Tbilisi Ceyhan"]),
        ("the Baku–Tbilisi–Ceyhan line", "Baku-Tbilisi-Ceyhan", ["Baku–Tbilisi–Ceyhan"]),
        ("the Baku-Tbilisi-Ceyhan line", "Baku Tbilisi Ceyhan", ["Baku-Tbilisi-Ceyhan"]),
        ("the Middle\u00a0 Corridor", "Middle Corridor", ["Middle\u00a0 Corridor"]),
        ("Kazakhstan’s oil", "Kazakhstan", ["Kazakhstan"]),
        ("Kazakhstan's oil", "Kazakhstan", ["Kazakhstan"]),
        ("Kazakhs work", "Kazakh", []),
        ("Kazakhstan", "Kazakh", []),
        ("in Karsten", "Kars", []),
        ("to Kars, then", "Kars", ["Kars"]),
        ("via Sarikamis", "Sarıkamış", ["Sarikamis"]),
        ("via Sarıkamış", "Sarikamis", ["Sarıkamış"]),
        ("Constanta and Constanța", "Constanța", ["Constanta", "Constanța"]),
        ("a Kazakh-Chinese plant", "Chinese", ["Chinese"]),
        ("nothing here", "Aktau", []),
    ],
)
def test_find_mentions(text, term, found):
    mentions = find_mentions(text, [search_form(term)])
    assert [text[m.start : m.end] for m in mentions] == found


_FINDER_WORDS = ["Tbilisi", "Ceyhan", "Baku-Tbilisi-Ceyhan", "Kazakhstan", "Kazakh", "Xi'an"]
_FINDER_WORDS += ["Türkiye", "Chinese", "Kars", "Kazakh-Chinese", "U.S.", "(BTK)"]
_FINDER_PATTERNS = [search_form(word) for word in _FINDER_WORDS]


def _full_scan(text):
    """Find the patterns trying every one of them, as find_mentions did before its index."""

    def every_pattern(finder, folded):
        return [*finder._anywhere, *(p for ps in finder._by_word.values() for p in ps)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MentionFinder, "_candidates", every_pattern)
        return MentionFinder(_FINDER_PATTERNS).find(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Kazakhstan’s oil fills the Baku-Tbilisi-Ceyhan pipeline, not Tbilisi trams.",
            ["Kazakhstan", "Baku-Tbilisi-Ceyhan", "Tbilisi"],
        ),
        ("Xi’an, XIAN; Kazakhs and Kazakh-Chinese plants", ["Xi’an", "XIAN", "Kazakh-Chinese"]),
        ("{{ 7*7 }} <b>Kars</b> `Kars` \u202eKars **Kars** (BTK)", ["Kars"] * 4 + ["(BTK)"]),
        ("the U.S. and Türkiye’s", ["U.S.", "Türkiye"]),
    ],
)
def test_a_finder_finds_every_pattern_it_holds(text, found):
    mentions = MentionFinder(_FINDER_PATTERNS).find(text)
    assert [text[m.start : m.end] for m in mentions] == found
    assert mentions == find_mentions(text, _FINDER_PATTERNS)
    assert mentions == _full_scan(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*_FINDER_WORDS, "’s", "'s", "s", " ", "-", "–", ".", "(", "Baku", "ı", "\u202e"]
        ),
        max_size=12,
    )
)
def test_the_first_word_index_misses_nothing(pieces):
    text = "".join(pieces)
    assert MentionFinder(_FINDER_PATTERNS).find(text) == _full_scan(text)


def test_longest_mention_wins():
    text = "Oil in the Baku-Tbilisi-Ceyhan pipeline, not Tbilisi trams."
    patterns = [search_form(t) for t in ("Tbilisi", "Ceyhan", "Baku-Tbilisi-Ceyhan")]
    found = [text[m.start : m.end] for m in find_mentions(text, patterns)]
    assert found == ["Baku-Tbilisi-Ceyhan", "Tbilisi"]


# --- scoring and proposals ----------------------------------------------------------------------

MC = [
    "mc-urumqi-alashankou",
    "mc-jinghe-khorgos",
    "mc-dostyk-beyneu",
    "mc-altynkol-moyynty",
    "mc-beyneu-aktau",
    "mc-mangistau-kuryk",
    "mc-aktau-alat",
    "mc-kuryk-alat",
    "mc-alat-aghstafa",
    "mc-gardabani-poti",
    "mc-samtredia-batumi",
    "mc-btk-georgia",
    "mc-btk-turkey",
    "mc-kars-istanbul",
    "mc-istanbul-kapikule",
    "mc-svilengrad-sofia",
    "mc-poti-constanta",
    "mc-constanta-curtici",
    "mc-lokoshaza-budapest",
]
BTC = ["btc-azerbaijan", "btc-georgia", "btc-turkey"]


@pytest.mark.parametrize(
    ("sentence", "segments", "score"),
    [
        ("Trains passed Lanzhou.", ["xb-xian-khorgos"], 2),
        ("Trains passed Lanzhou in China.", ["xb-xian-khorgos"], 2.5),
        ("Trains passed Lanzhou and Hami in China.", ["xb-xian-khorgos"], 4.5),
        ("Trains passed Lanzhou and Kyzylorda.", ["xb-xian-khorgos", "xb-altynkol-aktau"], 2),
        ("The Middle Corridor is growing.", MC, 1),
        ("Oil flows through the Baku-Tbilisi-Ceyhan pipeline.", BTC, 1),
        ("Oil flows through the Baku Tbilisi Ceyhan pipeline to Turkey.", ["btc-turkey"], 1.5),
        ("The BTC pipeline ends at Ceyhan.", ["btc-turkey"], 3),
        ("Kazakh oil reaches Ceyhan.", ["btc-turkey"], 2),
        ("Trucks cross Borjomi and Refahiye.", ["btc-georgia", "btc-turkey"], 2),
        ("Turkish trains reach Kars.", ["mc-btk-turkey", "mc-kars-istanbul"], 2.5),
        ("Ferries sail from Kuryk.", ["mc-mangistau-kuryk", "mc-kuryk-alat"], 2),
        ("The BTK railway is busy.", ["mc-btk-georgia", "mc-btk-turkey"], 2),
        (
            "The Baku–Tbilisi–Kars railway reached Kars.",
            ["mc-btk-georgia", "mc-btk-turkey", "mc-kars-istanbul"],
            4,
        ),
        ("Ferries cross the Caspian Sea.", ["mc-aktau-alat", "mc-kuryk-alat", "xb-aktau-alat"], 2),
    ],
)
def test_scores_and_chosen_segments(atlas, gazetteer, sentence, segments, score):
    (proposal,) = _proposed(sentence, atlas, gazetteer)
    assert proposal.segments == segments
    assert proposal.score == score


@pytest.mark.parametrize(
    ("sentence", "support"),
    [
        ("Trains passed Lanzhou in China.", {"xb-xian-khorgos": "names"}),
        (
            "Oil flows through the Baku-Tbilisi-Ceyhan pipeline to Ceyhan.",
            {"btc-turkey": "names"},
        ),
        (
            "The Middle Corridor reaches Kuryk.",
            {"mc-mangistau-kuryk": "names", "mc-kuryk-alat": "names"},
        ),
        (
            "Ferries cross the Caspian Sea.",
            {"mc-aktau-alat": "context", "mc-kuryk-alat": "context", "xb-aktau-alat": "context"},
        ),
        ("The Middle Corridor is growing.", dict.fromkeys(MC, "route")),
    ],
)
def test_proposals_carry_the_support_of_their_links(atlas, gazetteer, sentence, support):
    (proposal,) = _proposed(sentence, atlas, gazetteer)
    assert proposal.quote["support"] == support
    terms = segment_terms(atlas, gazetteer)
    computed = text_support(proposal.exact, proposal.segments, terms)
    assert {sid: link.level for sid, link in computed.items()} == support


@pytest.mark.parametrize(
    "sentence",
    [
        "Kazakhstan and China signed a deal.",  # countries alone are not enough
        "The border between China and Kazakhstan is busy.",
        "Freight rates fell by 8% in January.",
        "Tbilisilike nonsense and Karsten.",
    ],
)
def test_sentences_that_propose_nothing(atlas, gazetteer, sentence):
    assert _proposed(sentence, atlas, gazetteer) == []


def test_reasons_name_the_words_and_segments(atlas, gazetteer):
    (proposal,) = _proposed("Trains passed Lanzhou in China.", atlas, gazetteer)
    assert proposal.reasons == (
        "'Lanzhou' (place) -> xb-xian-khorgos",
        "'China' (country) -> xb-xian-khorgos",
    )


def test_reasons_name_lines_and_places(atlas, gazetteer):
    (proposal,) = _proposed("The Baku–Tbilisi–Kars railway reached Kars.", atlas, gazetteer)
    assert proposal.reasons == (
        "'Baku–Tbilisi–Kars railway' (line) -> mc-btk-georgia, mc-btk-turkey",
        "'Kars' (place) -> mc-btk-turkey, mc-kars-istanbul",
    )


def test_proposals_are_ranked_by_score_then_position(atlas, gazetteer):
    text = "The Middle Corridor grows. Trains passed Lanzhou. Ferries left Kuryk and Alat."
    proposals = _proposed(text, atlas, gazetteer)
    assert [p.score for p in proposals] == [4, 2, 1]
    assert [p.exact for p in proposals] == [
        "Ferries left Kuryk and Alat.",
        "Trains passed Lanzhou.",
        "The Middle Corridor grows.",
    ]


def test_quote_ids_are_slugs_unique_against_taken(atlas, gazetteer):
    text = "Trains passed Lanzhou. Trains passed Lanzhou. Trains passed Lanzhou again."
    proposals = _proposed(text, atlas, gazetteer, taken={"trains-passed-lanzhou"})
    ids = sorted(p.quote["id"] for p in proposals)
    assert ids == [
        "trains-passed-lanzhou-2",
        "trains-passed-lanzhou-3",
        "trains-passed-lanzhou-again",
    ]
    assert all(SLUG.match(i) and len(i) <= 40 for i in ids)


@pytest.mark.parametrize("path", [WIRE, ANALYSIS], ids=lambda p: p.stem)
def test_proposals_anchor_exactly(atlas, gazetteer, path):
    text = path.read_bytes().decode("utf-8")
    proposals = _proposed(text, atlas, gazetteer)
    assert proposals
    for proposal in proposals:
        assert list(proposal.quote) == ["id", "source", "segments", "support", "selector"]
        assert list(proposal.quote["support"]) == proposal.segments
        assert set(proposal.quote["support"].values()) <= {"names", "route", "context"}
        assert proposal.quote["source"] == "new-source"
        quote, position = selectors_from_json(proposal.quote["selector"])
        anchor = anchor_quote(text, quote, position)
        assert anchor.status is AnchorStatus.EXACT
        assert (anchor.start, anchor.end) == (proposal.start, proposal.end)
        assert quote.exact == text[proposal.start : proposal.end]
        assert len(quote.prefix) <= 32 and len(quote.suffix) <= 32
        assert set(proposal.segments) <= set(atlas.segments.index)


@pytest.mark.parametrize(
    ("path", "silent", "pair_sentence", "pair"),
    [
        (
            WIRE,
            "Freight rates quoted by St. Petersburg analysts",
            "On its way the train passed Lanzhou",
            {"xb-xian-khorgos", "xb-altynkol-aktau"},
        ),
        (
            ANALYSIS,
            "Nobody in the industry expects",
            "A fire near Refahiye",
            {"btc-turkey", "btc-georgia"},
        ),
    ],
    ids=["wire", "analysis"],
)
def test_articles(atlas, gazetteer, path, silent, pair_sentence, pair):
    proposals = _proposed(path.read_text(encoding="utf-8"), atlas, gazetteer)
    assert not any(p.exact.startswith(silent) for p in proposals)
    (two,) = [p for p in proposals if p.exact.startswith(pair_sentence)]
    assert set(two.segments) == pair
    scores = [p.score for p in proposals]
    assert scores == sorted(scores, reverse=True)


# --- the new source -----------------------------------------------------------------------------


def test_new_source_record():
    record, problems = new_source(
        "Some text.\n", {"title": " Türkiye’s Middle Corridor: 2024 ", "url": ""}, {}, today=TODAY
    )
    assert problems == []
    assert list(record) == list(SOURCE_FIELDS)
    assert record["id"] == "turkiyes-middle-corridor-2024"
    assert record["title"] == "Türkiye’s Middle Corridor: 2024"
    assert record["url"] is None and record["author"] is None
    assert record["retrieved"] == "2024-03-15"
    assert record["sha256"] == hashlib.sha256(b"Some text.\n").hexdigest()


@pytest.mark.parametrize(
    ("title", "filename", "existing", "source_id"),
    [
        (None, "wire-report.txt", {}, "wire-report"),
        (None, "../../etc/passwd", {}, "passwd"),
        (None, "C:\\temp\\Rapport été.txt", {}, "rapport-ete"),
        (None, None, {}, "source"),
        ("../../x", "y.txt", {}, "x"),
        ("Same", None, {"same": "0" * 64}, "same-2"),
        ("Same", None, {"same": None, "same-2": None}, "same-3"),
    ],
)
def test_new_source_id(title, filename, existing, source_id):
    record, problems = new_source(
        "Text.", {"title": title}, existing, fallback_name=filename, today=TODAY
    )
    assert problems == []
    assert record["id"] == source_id


@pytest.mark.parametrize(
    ("metadata", "where", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url", "http"),
        ({"url": "file:///etc/passwd"}, "url", "http"),
        ({"url": "https://"}, "url", "http"),
        ({"published": "2024-13-01"}, "published", "ISO date"),
        ({"published": "March 2024"}, "published", "ISO date"),
        ({"title": "two\nlines"}, "title", "control"),
        ({"author": "a\u202eb"}, "author", "control"),
        ({"title": 7}, "title", "text or null"),
        ({"title": "x" * 501}, "title", "limit"),
        ({"id": "mine"}, "id", "unknown field"),
        ({"sha256": "0" * 64}, "sha256", "unknown field"),
    ],
)
def test_new_source_refuses_bad_metadata(metadata, where, message):
    _, problems = new_source("Text.", metadata, {}, today=TODAY)
    assert [problem.where for problem in problems] == [where]
    assert message in problems[0].message


@pytest.mark.parametrize(
    "metadata",
    [
        {"published": "2024"},
        {"published": "2024-03"},
        {"published": "2024-02-29"},
        {"url": "https://example.org/a?b=c"},
        {"url": "HTTP://example.org"},
        {"licence": "CC BY 4.0", "publisher": "Caspian Wire", "author": None},
    ],
)
def test_new_source_accepts_good_metadata(metadata):
    assert new_source("Text.", metadata, {}, today=TODAY)[1] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), (" \n\t", "empty"), ("a\x00b", "NUL"), ("\ud800", "UTF-8")],
)
def test_new_source_refuses_bad_text(text, message):
    _, problems = new_source(text, {"title": "t"}, {}, today=TODAY)
    assert any(message in problem.message for problem in problems)


def test_new_source_names_the_source_it_duplicates():
    digest = hashlib.sha256(b"Text.").hexdigest()
    _, problems = new_source("Text.", {}, {"older": digest, "other": None}, today=TODAY)
    assert len(problems) == 1
    assert "'older'" in problems[0].message


# --- quote records ------------------------------------------------------------------------------


def _record(text="Alpha beta. Gamma.", **changes):
    record = {
        "id": "q",
        "source": "s",
        "segments": ["seg"],
        "selector": [
            {"type": "TextQuoteSelector", "exact": "Gamma.", "prefix": "", "suffix": ""},
            {"type": "TextPositionSelector", "start": 12, "end": 18},
        ],
    }
    return {**record, **changes}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_record(id="Q!"), "slug"),
        (_record(id="taken"), "already used"),
        (_record(source="nope"), "unknown source"),
        (_record(segments=[]), "non-empty"),
        (_record(segments=["seg", "seg"]), "distinct"),
        (_record(segments=["ghost"]), "unknown segment 'ghost'"),
        (_record(selector=[{"type": "TextQuoteSelector", "exact": "Gamma."}]), "Position"),
        (_record(selector="Gamma."), "selector"),
        (
            _record(
                selector=[
                    {"type": "TextQuoteSelector", "exact": "Gamma!"},
                    {"type": "TextPositionSelector", "start": 12, "end": 18},
                ]
            ),
            "exactly",
        ),
        ({**_record(), "extra": 1}, "exactly the keys"),
        ({**_record(), "support": {"seg": "names"}, "extra": 1}, "optionally support"),
        ("not a record", "exactly the keys"),
    ],
)
def test_quote_record_problems(record, message):
    problems = quote_record_problems([record], {"s": "Alpha beta. Gamma."}, {"seg"}, {"taken"})
    assert len(problems) == 1
    assert message in problems[0].message
    assert problems[0].where.startswith("quote #1")


def test_quote_record_problems_accepts_good_and_catches_repeats():
    texts, segments = {"s": "Alpha beta. Gamma."}, {"seg"}
    assert quote_record_problems([_record()], texts, segments, set()) == []
    with_support = _record(support={"seg": "stale, and recomputed when appended"})
    assert quote_record_problems([with_support], texts, segments, set()) == []
    problems = quote_record_problems([_record(), _record()], texts, segments, set())
    assert [(p.where, p.message) for p in problems] == [("quote #2 (q)", "id is already used")]


# --- atomic writes ------------------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "file.txt"
    atomic_write_text(target, "first\r\n")
    assert target.read_bytes() == b"first\r\n"
    os.chmod(target, 0o600)
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_failed_atomic_write_leaves_the_target_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    target.write_bytes(b"before")

    def refuse(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"after")
    assert target.read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_transaction_rolls_back_everything(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"original")
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError), Transaction() as transaction:
        transaction.make_folder(tmp_path / "new" / "deeper")
        transaction.write_text(tmp_path / "new" / "deeper" / "a.txt", "a")
        transaction.write_text(kept, "changed")
        assert kept.read_bytes() == b"changed"
        raise RuntimeError("a later step failed")
    assert snapshot(tmp_path) == before


def test_transaction_refuses_to_overwrite_a_new_file(tmp_path):
    (tmp_path / "taken.txt").write_text("mine")
    with pytest.raises(FileExistsError), Transaction() as transaction:
        transaction.write_text(tmp_path / "fresh.txt", "fresh")
        transaction.write_text(tmp_path / "taken.txt", "theirs", new=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.txt"]
    assert (tmp_path / "taken.txt").read_text() == "mine"


# --- plan_ingest and commit_ingest --------------------------------------------------------------


def test_plan_then_commit_with_accepted_quotes(real_data):
    text = ANALYSIS.read_bytes().decode("utf-8")
    before = snapshot(real_data)
    plan = plan_ingest(real_data, text, {"title": "Middle Corridor analysis"}, today=TODAY)
    assert plan.ok and plan.source_id == "middle-corridor-analysis"
    assert snapshot(real_data) == before  # planning writes nothing
    assert plan.review()["source"] == plan.source_id
    assert all(p["accept"] is False for p in plan.review()["proposals"])
    assert commit_ingest(real_data, plan, [0, 2]) == []
    sources = real_data / "sources"
    assert (sources / "middle-corridor-analysis.txt").read_bytes() == ANALYSIS.read_bytes()
    meta = json.loads((sources / "middle-corridor-analysis.json").read_text(encoding="utf-8"))
    assert meta == plan.metadata
    lines = (real_data / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines[-2:]] == [
        plan.proposals[0].quote,
        plan.proposals[2].quote,
    ]
    atlas = load_atlas(real_data)
    assert atlas.problems == [] and atlas.notices == []
    assert "middle-corridor-analysis" in atlas.sources


@pytest.mark.parametrize("accepted", [[99], [-1], [0, 0]])
def test_commit_refuses_bad_indices(real_data, accepted):
    plan = plan_ingest(real_data, WIRE.read_text(encoding="utf-8"), {}, today=TODAY)
    before = snapshot(real_data)
    assert commit_ingest(real_data, plan, accepted) != []
    assert snapshot(real_data) == before


def test_commit_rechecks_a_stale_plan(real_data):
    text = WIRE.read_text(encoding="utf-8")
    first = plan_ingest(real_data, text, {"title": "A"}, today=TODAY)
    second = plan_ingest(real_data, text, {"title": "B"}, today=TODAY)
    assert commit_ingest(real_data, first, []) == []
    before = snapshot(real_data)
    problems = commit_ingest(real_data, second, [0])
    assert any("'a'" in problem.message for problem in problems)
    assert snapshot(real_data) == before


def test_plan_refuses_a_duplicate_and_proposes_nothing(real_data):
    text = (real_data / "sources/eurasianet-2024-kazakhstan-azerbaijan-trade-ties.txt").read_text(
        encoding="utf-8"
    )
    plan = plan_ingest(real_data, text, {"title": "Again"}, today=TODAY)
    assert not plan.ok and plan.proposals == ()
    assert "eurasianet-2024-kazakhstan-azerbaijan-trade-ties" in str(plan.problems[0])
    assert commit_ingest(real_data, plan, []) == list(plan.problems)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_quote_does_not_split_its_line(real_data, separator):
    text = f"Trains passed Lanzhou.{separator}Ferries left Kuryk for Alat."
    plan = plan_ingest(real_data, text, {"title": "Separators"}, today=TODAY)
    assert [p.exact for p in plan.proposals] == [
        "Ferries left Kuryk for Alat.",
        "Trains passed Lanzhou.",
    ]
    assert separator in plan.proposals[0].quote["selector"][0]["prefix"]
    assert commit_ingest(real_data, plan, [0, 1]) == []
    records, problems = read_json_lines(real_data, "quotes.jsonl")
    assert problems == []
    assert [record for _, record in records[-2:]] == [p.quote for p in plan.proposals]
    assert load_atlas(real_data).problems == []


def test_json_line_escapes_only_what_splits_lines():
    record = {"exact": "Xi’an\u2028Baku\x85 \u2029<b>{{ }}</b>", "n": 1}
    line = json_line(record)
    assert len(line.splitlines()) == 1
    assert json.loads(line) == record
    assert line == json.dumps(record, ensure_ascii=False).replace("\u2028", "\\u2028").replace(
        "\x85", "\\u0085"
    ).replace("\u2029", "\\u2029")
    plain = {"id": "q", "exact": "Xi’an – Türkiye"}
    assert json_line(plain) == json.dumps(plain, ensure_ascii=False)


def test_source_files_are_nfc_and_nfd_distinct(real_data):
    """Byte-for-byte: an NFD text is a different source from its NFC twin."""
    nfc = "Ürümqi to Khorgos."
    nfd = unicodedata.normalize("NFD", nfc)
    first = plan_ingest(real_data, nfc, {}, filename="a.txt", today=TODAY)
    assert commit_ingest(real_data, first, []) == []
    second = plan_ingest(real_data, nfd, {}, filename="a.txt", today=TODAY)
    assert second.ok and second.source_id == "a-2"
    assert commit_ingest(real_data, second, [0]) == []
    assert (real_data / "sources/a-2.txt").read_bytes() == nfd.encode("utf-8")
    assert load_atlas(real_data).problems == []
