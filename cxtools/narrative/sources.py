"""What was read from each source, for a reader: rows read, accepted and set aside, and the rejected rows.

One version of these two tables for every report (the data overview and the value report
show the same loaders' records). Headers are plain words in the report language (``lang="en"``
or ``"ru"``); no personal data appear (columns the description declares personal, columns
:mod:`cxtools.data.privacy` recognises by header or content, identifiers pseudonymised, e-mail
addresses and phone numbers masked); values as typed in the file are shown as text only --
show the tables through :func:`escaped`, because a rejected cell may hold ``<script>``.

Examples
--------
>>> source_name("subscriptions"), source_name("units"), source_name("units", lang="ru") != "units"
('contracts', 'units', True)
"""

from __future__ import annotations

import functools
import html
from typing import Any

from cxtools.core.i18n import check_lang, gettext, pgettext
from cxtools.core.wording import format_number, format_percent, rejection_reason
from cxtools.overview import personal_columns
from cxtools.data.privacy import pseudonymise, scrub_text

__all__ = ["MAX_VALUE_LENGTH", "source_name", "rows_table", "rejected_table", "reasons_table", "escaped", "cut"]

#: Longest value shown in a table cell; longer values are cut (with "...").
MAX_VALUE_LENGTH = 60


@functools.lru_cache(maxsize=None)
def _source_names(lang: str) -> dict[str, str]:
    names = {
        "customers": pgettext("data source", "customers", lang),
        "subscriptions": pgettext("data source", "contracts", lang),
        "transactions": pgettext("data source", "transactions", lang),
        "survey": pgettext("data source", "survey", lang),
        "kano": pgettext("data source", "Kano questionnaire", lang),
        "incidents": pgettext("data source", "critical incidents", lang),
        "operations": pgettext("data source", "operations", lang),
        "employees": pgettext("data source", "employee survey", lang),
    }
    if lang != "en":  # English reports name these two by their data names
        names.update(units=pgettext("data source", "units", lang),
                     customer_units=pgettext("data source", "customers assigned to units", lang))
    return names


def source_name(name: str, *, lang: str = "en") -> str:
    """The plain name of a source in the report language (a source it does not know keeps its name)."""
    return _source_names(check_lang(lang, "source_name")).get(name, name)


@functools.lru_cache(maxsize=None)
def _headings(lang: str) -> dict[str, str]:
    return {
        "source": pgettext("sources heading", "Source", lang),
        "read": pgettext("sources heading", "Rows read", lang),
        "accepted": pgettext("sources heading", "Rows accepted", lang),
        "rejected": pgettext("sources heading", "Rows set aside", lang),
        "share": pgettext("sources heading", "Set aside", lang),
        "row": pgettext("sources heading", "Row in file", lang),
        "reason": pgettext("sources heading", "Reason", lang),
        "column": pgettext("sources heading", "Column", lang),
        "value": pgettext("sources heading", "Value as typed", lang),
        "rows": pgettext("sources heading", "Rows", lang),
    }


def cut(text: Any, limit: int = MAX_VALUE_LENGTH) -> str:
    """``text`` as a string of at most ``limit`` characters (cut with "...").

    Examples
    --------
    >>> cut("x" * 70, 10)
    'xxxxxxx...'
    """
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def rows_table(loads, *, lang: str = "en"):
    """Rows read, accepted and set aside per source (a source that could not be read says why).

    Parameters
    ----------
    loads : SourceLoads
        From :func:`cxtools.overview.load_sources`.
    lang : {"en", "ru"}

    Returns
    -------
    DataFrame
        Plain headers in ``lang``; numbers with thousands separators as text.
    """
    import pandas as pd

    lang = check_lang(lang, "rows_table")
    w = _headings(lang)
    rows = []
    for name, res in loads.results.items():
        share = res.n_rejected / res.n_read if res.n_read else 0.0
        rows.append({w["source"]: source_name(name, lang=lang), w["read"]: format_number(res.n_read, lang=lang),
                     w["accepted"]: format_number(res.n_accepted, lang=lang),
                     w["rejected"]: format_number(res.n_rejected, lang=lang),
                     w["share"]: format_percent(share, digits=1, lang=lang)})
    for name, error in loads.errors.items():
        rows.append({w["source"]: source_name(name, lang=lang), w["read"]: gettext("could not be read", lang),
                     w["accepted"]: "", w["rejected"]: "", w["share"]: scrub_text(cut(error, 200))})
    return pd.DataFrame(rows, columns=[w["source"], w["read"], w["accepted"], w["rejected"], w["share"]])


def rejected_table(loads, description, *, lang: str = "en", limit: int | None = 200):
    """The rejected rows of every source: row number, reason, column and the value as typed.

    Personal data never appears: a value in a personal column (declared in the description,
    or recognised by :mod:`cxtools.data.privacy` from its header or content) is replaced by
    ``[redacted]``, identifiers by their pseudonyms, and e-mail addresses and phone numbers
    inside any value are masked. Values are text as typed; show the table through
    :func:`escaped` (a value may be HTML).

    Parameters
    ----------
    loads : SourceLoads
    description : DataDescription
    lang : {"en", "ru"}
    limit : int, optional
        At most this many rows per source (the row counts are in :func:`rows_table`).

    Returns
    -------
    DataFrame
    """
    import pandas as pd

    lang = check_lang(lang, "rejected_table")
    w = _headings(lang)
    redacted = gettext("[redacted]", lang)
    parts = []
    for name, res in loads.results.items():
        if not res.n_rejected:
            continue
        rej = res.rejected if limit is None else res.rejected.head(limit)
        personal = personal_columns(description, name, list(res.rejected.columns) + list(res.data.columns))
        values = []
        for col, value in zip(rej["column"], rej["value"]):
            cols = [c.strip() for c in str(col).split(";")] if isinstance(col, str) else []
            if any(c in personal for c in cols):
                values.append(redacted)
            elif len(cols) == 1 and cols[0] in ("customer_id", "respondent_id") and isinstance(value, str) \
                    and value.strip() and not value.startswith("("):
                values.append(pseudonymise(pd.Series([value])).iloc[0])
            else:
                values.append(scrub_text(cut(value)) if isinstance(value, str) else cut(value))
        parts.append(pd.DataFrame({
            w["source"]: source_name(name, lang=lang),
            w["row"]: [str(int(r)) if isinstance(r, (int, float)) and r == r else str(r) for r in rej["row"]],
            w["reason"]: [scrub_text(cut(rejection_reason(r, lang=lang), 200)) for r in rej["reason"].astype(str)],
            w["column"]: ["" if c is None or (isinstance(c, float) and c != c) else str(c) for c in rej["column"]],
            w["value"]: ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values],
        }))
    if not parts:
        return pd.DataFrame(columns=[w["source"], w["row"], w["reason"], w["column"], w["value"]])
    return pd.concat(parts, ignore_index=True)


def reasons_table(loads, *, lang: str = "en"):
    """Rejected rows per source and reason, most frequent first (a row with two problems counts twice)."""
    import pandas as pd

    lang = check_lang(lang, "reasons_table")
    w = _headings(lang)
    parts = []
    for name, res in loads.results.items():
        if res.n_rejected:
            parts.append(res.summary().assign(source=source_name(name, lang=lang)))
    if not parts:
        return pd.DataFrame(columns=[w["source"], w["reason"], w["rows"]])
    table = pd.concat(parts, ignore_index=True).sort_values("rows", ascending=False, kind="stable")
    return pd.DataFrame({w["source"]: table["source"].to_numpy(),
                         w["reason"]: [rejection_reason(r, lang=lang) for r in table["reason"].astype(str)],
                         w["rows"]: [format_number(n, lang=lang) for n in table["rows"]]})


def escaped(table, *, caption: str | None = None):
    """A Styler that shows ``table`` with every cell HTML-escaped and no 0..n index.

    A pandas Styler does not escape cell text by default, so a rejected value such as
    ``<script>...</script>`` would run in the report; this one escapes it.

    Examples
    --------
    >>> import pandas as pd
    >>> html_text = escaped(pd.DataFrame({"Value": ["<script>alert(1)</script>"]})).to_html()
    >>> "<script>alert" in html_text, "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    (False, True)
    """
    styler = table.style.hide(axis="index").format(escape="html", na_rep="")
    styler = styler.format_index(escape="html", axis=1)
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler.set_properties(**{"text-align": "left"})
