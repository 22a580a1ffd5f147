"""Names of the data's items, the scorecard's indicators and the portfolio's bands in a report language.

Shared by the figures (:mod:`cxtools.plots`) and the report text (:mod:`cxtools.narrative`),
which sits above them, so that an axis and the sentence beside it name a thing alike.

Examples
--------
>>> item_name("overall_satisfaction"), item_name("q_7", lang="ru")
('overall satisfaction', 'q 7')
>>> indicator_name("Overall satisfaction (1-5)", lang="ru").endswith(" (1-5)")
True
"""

from __future__ import annotations

import functools
import re

from cxtools.core.i18n import check_lang, pgettext

__all__ = ["item_name", "indicator_name", "period_name", "band_name", "strategy_name", "status_name", "layer_name"]


@functools.lru_cache(maxsize=None)
def _items(lang: str) -> dict[str, str]:
    """Survey items under their usual column names (other names stay as they are, with spaces)."""
    if lang == "en":
        return {}
    return {"overall_satisfaction": pgettext("survey item", "overall satisfaction", lang),
            "satisfaction": pgettext("survey item", "satisfaction", lang),
            "nps": pgettext("survey item", "likelihood to recommend", lang),
            "recommend": pgettext("survey item", "likelihood to recommend", lang),
            "csat": pgettext("survey item", "CSAT", lang),
            "ces": pgettext("survey item", "CES", lang)}


def item_name(column: str, *, lang: str = "en") -> str:
    """A survey item's name for a sentence: in English the column with spaces; in another language
    the usual items in its words (``overall_satisfaction`` -> "overall satisfaction" translated), other
    names as they are."""
    lang = check_lang(lang, "item_name")
    return _items(lang).get(str(column), str(column).replace("_", " "))


@functools.lru_cache(maxsize=None)
def _indicators(lang: str) -> dict[str, str]:
    return {"NPS": pgettext("scorecard indicator", "NPS", lang),
            "Monthly churn": pgettext("scorecard indicator", "Monthly churn", lang),
            "One-off spend per buyer": pgettext("scorecard indicator", "One-off spend per buyer", lang),
            "Average wait (minutes)": pgettext("scorecard indicator", "Average wait (minutes)", lang),
            "Repeat contacts per customer": pgettext("scorecard indicator", "Repeat contacts per customer", lang),
            "First-contact resolution": pgettext("scorecard indicator", "First-contact resolution", lang),
            "eNPS": pgettext("scorecard indicator", "eNPS", lang),
            "Engagement (mean of items)": pgettext("scorecard indicator", "Engagement (mean of items)", lang),
            "Overall satisfaction": pgettext("scorecard indicator", "Overall satisfaction", lang)}


def indicator_name(indicator: str, *, lang: str = "en") -> str:
    """A scorecard indicator's name in the report language (a scale in brackets is kept)."""
    names = _indicators(check_lang(lang, "indicator_name"))
    scale = re.fullmatch(r"(.+?) (\([^()]*\))", indicator)
    if indicator not in names and scale and scale.group(1) in names:
        return f"{names[scale.group(1)]} {scale.group(2)}"
    return names.get(indicator, indicator)


def period_name(period: str, *, lang: str = "en") -> str:
    """A scorecard period (``"12 months to 2026-06"``, ``"to 2026-06"``, ``"2026Q2"``) in the report language.

    Examples
    --------
    >>> period_name("12 months to 2026-06"), period_name("2026Q2", lang="ru")
    ('12 months to 2026-06', '2026Q2')
    """
    lang = check_lang(lang, "period_name")
    text = str(period)
    found = re.fullmatch(r"(\d+) months to (.+)", text)
    if found:
        return pgettext("scorecard period", "{n} months to {end}", lang).format(n=found.group(1), end=found.group(2))
    found = re.fullmatch(r"to (.+)", text)
    if found:
        return pgettext("scorecard period", "to {end}", lang).format(end=found.group(1))
    return text


def band_name(band: str, *, lang: str = "en") -> str:
    """A portfolio band (low, medium, high) in the report language."""
    return {"low": pgettext("portfolio band", "low", lang), "medium": pgettext("portfolio band", "medium", lang),
            "high": pgettext("portfolio band", "high", lang)}.get(band, band)


def strategy_name(strategy: str, *, lang: str = "en") -> str:
    """A portfolio strategy in the report language."""
    return {"protect income": pgettext("portfolio strategy", "protect income", lang),
            "invest selectively": pgettext("portfolio strategy", "invest selectively", lang),
            "invest": pgettext("portfolio strategy", "invest", lang)}.get(strategy, strategy)


def status_name(status: str, *, lang: str = "en") -> str:
    """A scorecard status in the report language."""
    return {"on target": pgettext("scorecard status", "on target", lang),
            "close": pgettext("scorecard status", "close", lang),
            "off target": pgettext("scorecard status", "off target", lang),
            "no target": pgettext("scorecard status", "no target", lang)}.get(status, status)


def layer_name(layer: str, *, lang: str = "en") -> str:
    """A CX layer (satisfaction, behaviour, operations, people) in the report language."""
    return {"satisfaction": pgettext("layer", "satisfaction", lang),
            "behaviour": pgettext("layer", "behaviour", lang),
            "operations": pgettext("layer", "operations", lang),
            "people": pgettext("layer", "people", lang)}.get(layer, layer)
