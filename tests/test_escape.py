import html

import folium
import pytest

from components.mapping.escape import inert

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "{# comment #}",
    "`${alert(1)}`",
    "back\\slash and \\`",
    "\"quoted\" & 'single'",
    "Xi’an–Baku ![](http://example.org/x.png) :red[red] $x$",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_inert_text_has_no_character_a_template_or_browser_acts_on(text):
    escaped = inert(text)
    assert not set(escaped) & set("<>{}`$\\\"'")


@pytest.mark.parametrize("text", HOSTILE)
def test_inert_text_reads_back_as_the_original(text):
    assert html.unescape(inert(text)) == text


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (12, "12"), ("plain", "plain")])
def test_inert_converts_non_text(value, expected):
    assert inert(value) == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_folium_renders_inert_text_without_evaluating_it(text):
    fmap = folium.Map(tiles=None)
    folium.Marker([40, 50], tooltip=inert(text)).add_to(fmap)
    rendered = fmap.get_root().render()
    assert inert(text) in rendered
    assert text not in rendered  # the raw payload never reaches the page
