"""Text for the reader built safely from values of the data.

Sentences of a report are Markdown shown with ``IPython.display.Markdown``: raw HTML in it is
passed to the page, and ``*``, ``_``, `````, ``[``, ``|``, ``$`` change how it looks. A name from
the data (an attribute, a segment, a unit, an incident category, a column) is untrusted: it goes
into a sentence only through :func:`field` / :func:`fill`, which show it as the very characters
it has. Tables go through :func:`shown`, a pandas Styler that escapes cells, index and columns.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["field", "fill", "shown"]

# Markdown's punctuation that can change what a text looks like ("[" and "]" for links).
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~])")


def field(value: Any) -> str:
    """``value`` as Markdown that reads as its own characters: HTML escaped, Markdown punctuation
    backslash-escaped, ``$`` as an entity (never a formula), line breaks as spaces.

    Examples
    --------
    >>> field("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> field('say "hi"'), field("it's")
    ('say "hi"', "it's")
    >>> field("price_value"), field("Price & value"), field("Tariff A")
    ('price\\\\_value', 'Price &amp; value', 'Tariff A')
    >>> field("US$5 *now*")
    'US&#36;5 \\\\*now\\\\*'
    """
    text = " ".join(str(value).splitlines())
    text = _MARKDOWN.sub(r"\\\1", text)  # first, so the entities below keep their "#"
    text = html.escape(text, quote=False)  # quotes are plain text once no tag can open
    return text.replace("$", "&#36;")


def fill(template: str, /, **fields: Any) -> str:
    """``template.format(**fields)`` with every field passed through :func:`field`.

    The template is the project's own wording (Markdown allowed); only the fields come from data.

    Examples
    --------
    >>> fill("**{name}** is a must-be.", name="<b>Wi-Fi</b>")
    '**&lt;b&gt;Wi-Fi&lt;/b&gt;** is a must-be.'
    """
    return template.format(**{name: field(value) for name, value in fields.items()})


def shown(frame, *, index: bool = False, precision: int | None = None, thousands: str | None = None,
          decimal: str = ".", na_rep: str | None = None):
    """A Styler of ``frame`` for a report: cells, index and column names HTML-escaped, the index
    hidden unless ``index``; numbers formatted as in :meth:`pandas.io.formats.style.Styler.format`.

    Examples
    --------
    >>> import pandas as pd
    >>> page = shown(pd.DataFrame({"<b>c</b>": ["<script>x</script>"]}, index=["<i>i</i>"]), index=True).to_html()
    >>> "<script>" in page or "<b>" in page or "<i>" in page
    False
    >>> "&lt;script&gt;" in page and "&lt;b&gt;" in page and "&lt;i&gt;" in page
    True
    """
    styler = frame.style
    if not index:
        styler = styler.hide(axis="index")
    styler = styler.format(precision=precision, thousands=thousands, decimal=decimal, na_rep=na_rep,
                           escape="html")
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    return styler
