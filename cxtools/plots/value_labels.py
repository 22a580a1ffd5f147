"""Names the CX-value figures and report share: groups, bands, model terms, operations measures.

Each name is looked up in the report's language through :mod:`cxtools.core.i18n`; the figures
(:mod:`cxtools.plots.value`) and the report text (:mod:`cxtools.narrative.value`) both use them, so
a group reads the same in a chart's legend and in the sentence beside it.

Examples
--------
>>> group_label("detractor", "en"), group_noun("detractor", lang="en"), group_noun("7-8 (high)", plural=False, lang="en")
('detractor', 'detractors', 'a customer rating 7-8 (high)')
"""

from __future__ import annotations

from typing import Any

from cxtools.core.i18n import check_lang, gettext, pgettext
from cxtools.core.wording import p_phrase
from cxtools.ltv.survival import TERM_LABELS
from cxtools.value.chain import DRIVER_LABELS

__all__ = ["NPS_GROUPS", "check_value_lang", "group_label", "group_noun", "term_name", "driver_name",
           "interval_level", "interval_name", "p_text"]

#: The NPS groups of :func:`cxtools.survey.nps_category`.
NPS_GROUPS = ("detractor", "passive", "promoter")

#: The words of the satisfaction bands' labels (:data:`cxtools.value.SATISFACTION_BANDS`).
BAND_WORDS = ("(low)", "(medium)", "(high)", "(very high)")


def check_value_lang(lang: object, func: str) -> str:
    """``lang`` when it is a report language (``en``, ``ru``), else an error naming the choices."""
    return check_lang(lang, func)


def _nps_group(label: str, lang: str) -> str:
    return {
        "detractor": pgettext("NPS groups", "detractor", lang),
        "passive": pgettext("NPS groups", "passive", lang),
        "promoter": pgettext("NPS groups", "promoter", lang),
    }[label]


def _band_word(word: str, lang: str) -> str:
    return {
        "(low)": pgettext("satisfaction band", "(low)", lang),
        "(medium)": pgettext("satisfaction band", "(medium)", lang),
        "(high)": pgettext("satisfaction band", "(high)", lang),
        "(very high)": pgettext("satisfaction band", "(very high)", lang),
    }[word]


def group_label(label: Any, lang: str) -> str:
    """A group's label as shown in tables and figures ('detractor', '9-10 (very high)'), in the language.

    Examples
    --------
    >>> group_label("9-10 (very high)", "en")
    '9-10 (very high)'
    """
    text = str(label)
    if text in NPS_GROUPS:
        return _nps_group(text, lang)
    for word in BAND_WORDS:
        text = text.replace(word, _band_word(word, lang))
    return text


def group_noun(label: Any, *, plural: bool = True, lang: str = "en") -> str:
    """A group in a sentence: 'detractors' / 'a detractor'; a band such as '1-4 (low)': 'customers rating 1-4 (low)'.

    In Russian the group's name in quotes, the same for one customer or many.
    """
    text = str(label)
    shown = group_label(label, lang)
    if text in NPS_GROUPS:
        template = (pgettext("NPS group, many", "{group}s", lang) if plural
                    else pgettext("NPS group, one", "a {group}", lang))
    elif text.replace(" ", "").isalpha():
        template = (pgettext("named group, many", "{group}s", lang) if plural
                    else pgettext("named group, one", "a {group}", lang))
    else:
        template = (pgettext("band of scores, many", "customers rating {group}", lang) if plural
                    else pgettext("band of scores, one", "a customer rating {group}", lang))
    return template.format(group=shown)


def term_name(column: str, lang: str) -> str:
    """A column's plain name with its unit ('Tenure at the survey (per month)')."""
    if lang == "en":
        return TERM_LABELS.get(column, column.replace("_", " "))
    known = {
        "overall_satisfaction": pgettext("value term", "Overall satisfaction (per point, 1-10)", lang),
        "nps": pgettext("value term", "Likelihood to recommend (per point, 0-10)", lang),
        "tenure_months": pgettext("value term", "Tenure at the survey (per month)", lang),
        "n_products": pgettext("value term", "Products held (per product)", lang),
        "nps_group": pgettext("value term", "NPS group", lang),
        "satisfaction_band": pgettext("value term", "Satisfaction band", lang),
    }
    return known.get(column, column)


def driver_name(column: str, lang: str) -> tuple[str, str]:
    """An operations column's (name, unit) in the language (:data:`cxtools.value.DRIVER_LABELS`)."""
    known = {
        "avg_wait_minutes": (pgettext("operations measure", "Waiting time", lang),
                             pgettext("operations unit", "minute of waiting", lang)),
        "n_contacts": (pgettext("operations measure", "Support contacts", lang),
                       pgettext("operations unit", "contact", lang)),
        "n_repeat_contacts": (pgettext("operations measure", "Repeat contacts", lang),
                              pgettext("operations unit", "repeat contact", lang)),
        "n_complaints": (pgettext("operations measure", "Complaints", lang),
                         pgettext("operations unit", "complaint", lang)),
        "first_contact_resolution": (pgettext("operations measure", "First-contact resolution", lang),
                                     pgettext("operations unit", "0 -> 100% resolved at first contact", lang)),
    }
    if column in known and column in DRIVER_LABELS:
        return known[column]
    return column, pgettext("operations unit", "unit of {column}", lang).format(column=column)


def interval_level(confidence: float, lang: str, *, plural: bool = False) -> str:
    """An interval's level as an adjective ('95%'; Russian has one form for one interval, one for several)."""
    template = (pgettext("interval level, many", "{pct}%", lang) if plural
                else pgettext("interval level, one", "{pct}%", lang))
    return template.format(pct=f"{confidence * 100:.0f}")


def interval_name(confidence: float, lang: str) -> str:
    """'95% interval' in the language."""
    return gettext("{conf} interval", lang).format(conf=interval_level(confidence, lang))


def p_text(p: float, lang: str) -> str:
    """'p = 0.039' / 'p < 0.001' in the language's number format."""
    return p_phrase(p, lang=lang)
