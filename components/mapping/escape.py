"""The one function every untrusted string passes through before it reaches the map.

folium renders each element as a Jinja template twice (so ``{{ ... }}`` would be evaluated on the
server) and Leaflet inserts tooltips, popups and layer names as HTML (so tags would run in the
browser). Escaping HTML is not enough: backticks, ``$``, braces and backslashes also break or
reach into folium's templates and JavaScript strings. A ``{{ ... }}`` evaluated there could run
code on the server, a stray ``{%`` stops the page with a template error, and a single backtick
can end the map's script so that no layer is drawn. Every such character therefore leaves as an
HTML entity (``tests/test_escape.py`` renders the result through folium to prove it inert).
"""

from __future__ import annotations

import html

_TEMPLATE_CHARACTERS = str.maketrans(
    {
        "`": "&#96;",
        "$": "&#36;",
        "{": "&#123;",
        "}": "&#125;",
        "\\": "&#92;",
    }
)


def inert(text: object) -> str:
    r"""Return ``text`` as HTML that displays literally and that no template or script evaluates.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str`` first (``None`` becomes an empty string).

    Returns
    -------
    str
        The text with ``& < > " '`` and the template characters `` ` $ { } \ `` replaced by
        HTML character references, which the browser shows as the original characters.

    Examples
    --------
    >>> inert("<b>{{ 7*7 }}</b>")
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True).translate(_TEMPLATE_CHARACTERS)
