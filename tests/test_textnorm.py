import unicodedata

import pytest

from components.core.textnorm import find_all, normalise, normalise_for_search

NFC_URUMQI = unicodedata.normalize("NFC", "\u00dcr\u00fcmqi")
NFD_URUMQI = unicodedata.normalize("NFD", "\u00dcr\u00fcmqi")


def test_urumqi_fixtures_differ_in_code_points():
    assert (len(NFC_URUMQI), len(NFD_URUMQI)) == (6, 8)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("Xi\u2019an", "xi'an"),
        ("Xi'an", "xi'an"),
        ("Xi\u2018an Xi\u02bcan Xi\u2032an Xi`an Xi\u00b4an", "xi'an xi'an xi'an xi'an xi'an"),
        ("\u201cSilk\u201d \u201eRoad\u201d", '"silk" "road"'),
        (
            "a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h\ufe58i\ufe63j\uff0dk",
            "a-b-c-d-e-f-g-h-i-j-k",
        ),
        ("Xi'an\u2013Baku", "xi'an-baku"),
        ("Middle\u00a0Corridor", "middle corridor"),
        ("Middle \t\n\r\n  Corridor", "middle corridor"),
        ("Mid\u200bdle\u200c Co\u200drri\u2060dor\ufeff", "middle corridor"),
        ("Cor\u00adri\u00addor", "corridor"),
        ("trans-\nCaspian", "trans- caspian"),
        ("trade\u00a0\u200b\n route", "trade route"),
        (NFC_URUMQI, "urumqi"),
        (NFD_URUMQI, "urumqi"),
        ("\u00c7ORLU Stra\u00dfe", "corlu strasse"),
        ("\uff21\uff53\uff54\uff41\uff4e\uff41", "astana"),
        ("  padded  ", " padded "),
        ("", ""),
    ],
)
def test_normalise_text(original, expected):
    assert normalise(original).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("Xi\u2019an", "xian"),
        ("Xi'an", "xian"),
        ("Baku-Tbilisi-Ceyhan", "baku tbilisi ceyhan"),
        ("Baku \u2013 Tbilisi\u2014Ceyhan", "baku tbilisi ceyhan"),
        ("Nagorno-\nKarabakh", "nagorno karabakh"),
        ("\u201cB5+1\u201d", '"b5+1"'),
    ],
)
def test_normalise_for_search_text(original, expected):
    assert normalise_for_search(original).text == expected


@pytest.mark.parametrize(
    "original",
    [
        "Xi\u2019an\u00a0\u2013 \u00dcr\u00fcmqi",
        NFD_URUMQI + " and\u200b\u00ad Stra\u00dfe \n\n end",
        "\u00a0\u200bleading and trailing \u00ad",
        "",
    ],
)
@pytest.mark.parametrize("fold", [normalise, normalise_for_search])
def test_offset_map_is_consistent(original, fold):
    norm = fold(original)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert list(norm.starts) == sorted(norm.starts)
    assert list(norm.ends) == sorted(norm.ends)
    for i in range(len(norm.text)):
        start, end = norm.original_span(i, i + 1)
        assert 0 <= start < end <= len(original)
        # Each normalised character is the normalisation of its original span.
        assert norm.text[i].strip() in fold(original[start:end]).text


@pytest.mark.parametrize(
    ("original", "norm_slice", "verbatim"),
    [
        ("From Xi\u2019an east", (5, 10), "Xi\u2019an"),
        (NFD_URUMQI + " city", (0, 6), NFD_URUMQI),
        (NFD_URUMQI + " city", (0, 1), "U\u0308"),
        ("Stra\u00dfe", (4, 5), "\u00df"),
        ("a \u00a0\n b", (1, 2), " \u00a0\n "),
        ("Cor\u00adridor", (0, 8), "Cor\u00adridor"),
        ("Cor\u00adridor", (0, 3), "Cor"),
        ("x\u200by", (1, 2), "y"),
    ],
)
def test_original_span_returns_verbatim_substring(original, norm_slice, verbatim):
    start, end = normalise(original).original_span(*norm_slice)
    assert original[start:end] == verbatim


@pytest.mark.parametrize(
    ("original", "norm_index", "expected"),
    [("abc", 0, (0, 0)), ("abc", 3, (3, 3)), ("a\u200b", 1, (2, 2))],
)
def test_original_span_empty_slice(original, norm_index, expected):
    assert normalise(original).original_span(norm_index, norm_index) == expected


@pytest.mark.parametrize("bad_slice", [(-1, 2), (2, 1), (0, 4)])
def test_original_span_rejects_bad_slice(bad_slice):
    with pytest.raises(ValueError, match="outside"):
        normalise("abc").original_span(*bad_slice)


@pytest.mark.parametrize(
    ("haystack", "needle", "search", "expected"),
    [
        ("Xi\u2019an", "Xi'an", False, ["Xi\u2019an"]),
        ("Xi'an", "Xi\u2019an", False, ["Xi'an"]),
        ("Xi'an\u2013Baku", "Xi'an-Baku", False, ["Xi'an\u2013Baku"]),
        ("Middle\u00a0\nCorridor", "middle corridor", False, ["Middle\u00a0\nCorridor"]),
        ("Mid\u200bdle Cor\u00adridor", "Middle Corridor", False, ["Mid\u200bdle Cor\u00adridor"]),
        ("to " + NFD_URUMQI + ".", NFC_URUMQI, False, [NFD_URUMQI]),
        ("to " + NFC_URUMQI + ".", NFD_URUMQI, False, [NFC_URUMQI]),
        ("to " + NFC_URUMQI + ".", "Urumqi", False, [NFC_URUMQI]),
        ("Xi'an and XI\u2019AN", "xi'an", False, ["Xi'an", "XI\u2019AN"]),
        ("aaa", "aa", False, ["aa", "aa"]),
        ("Xi'an", "xian", False, []),
        ("Xi'an", "xian", True, ["Xi'an"]),
        ("Xi\u2019an", "xian", True, ["Xi\u2019an"]),
        ("Baku-Tbilisi-Ceyhan", "baku tbilisi", True, ["Baku-Tbilisi"]),
        ("Baku-Tbilisi-Ceyhan", "baku tbilisi", False, []),
        ("Baku\u2013Tbilisi", " baku-tbilisi ", True, ["Baku\u2013Tbilisi"]),
        ("anything", "", False, []),
        ("anything", "\u200b\u00ad", False, []),
        ("anything", " - ", True, []),
    ],
)
def test_find_all(haystack, needle, search, expected):
    spans = find_all(haystack, needle, search=search)
    assert [haystack[start:end] for start, end in spans] == expected


def test_find_all_reports_every_start_position():
    assert find_all("aaa", "aa") == [(0, 2), (1, 3)]
