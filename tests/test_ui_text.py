import re

import pytest

from components.mapping.legend import legend_html
from components.ui.markdown import md_link, md_literal


@pytest.mark.parametrize(
    "text",
    [
        "![x](http://example.org/p.png)",
        "[link](javascript:alert(1))",
        ":red[alarm]",
        "$x^2$",
        "**bold**",
        "<b>tag</b>",
        "# heading",
        "`code`",
    ],
)
def test_md_literal_escapes_every_markdown_mark(text):
    escaped = md_literal(text)
    unescaped = re.sub(r"\\(.)", "", escaped)
    assert not set(unescaped) & set("!()[]:$*<>#`")
    assert re.sub(r"\\(.)", r"\1", escaped) == text


def test_md_literal_keeps_the_words_and_folds_lines():
    assert md_literal("Xi’an\n\n- Baku") == "Xi’an \\- Baku"
    assert md_literal(None) == ""


def test_legend_lists_only_what_it_is_given_and_escapes_names():
    html = legend_html([("<script>x</script>", "#0072B2")], ["sea"])
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "Sea (ferry)" in html and "Pipeline" not in html


def test_md_link_keeps_the_address_whole_and_the_label_literal():
    link = md_link("bp [2023]", "https://example.org/a) ![px](http://tracker.invalid/p.png)")
    label, address = re.fullmatch(r"\[(.*)\]\((.*)\)", link).groups()
    assert label == r"bp \[2023\]"
    assert address == "https://example.org/a%29%20!%5Bpx%5D%28http://tracker.invalid/p.png%29"
    assert "(" not in address and " " not in address


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "", "ftp://x"])
def test_md_link_gives_the_label_alone_for_a_non_web_address(url):
    assert md_link("bp", url) == "bp"


def test_the_legend_is_bounded_and_scrolls_however_long_the_names():
    html = legend_html([("W" * 1_000, "#0072B2")], ["sea", "rail"], faded=True)
    style = re.search(r'<details class="corridor-legend" open style="([^"]*)"', html).group(1)
    assert "max-width:min(260px,40%)" in style and "max-height:40%" in style
    assert "overflow:auto" in style and "overflow-wrap:anywhere" in style


def test_a_long_route_name_is_shortened_in_its_pill():
    from components.ui.filters import PILL_NAME_LENGTH, route_pill

    pill = route_pill("Baku–Tbilisi–Ceyhan " * 20, "#0072B2")
    name = pill.split("] ", 1)[1]
    assert len(name) <= PILL_NAME_LENGTH + 5 and name.endswith("…")  # + escapes of the name
    assert route_pill("BTC", "#0072B2").endswith("] BTC")
