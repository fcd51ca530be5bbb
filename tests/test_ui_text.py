import re

import pytest

from components.mapping.legend import legend_html
from components.ui.text import md_link, md_literal


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
