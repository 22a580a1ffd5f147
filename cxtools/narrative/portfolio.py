"""The client portfolio and the CX scorecard in words: sentences and stakeholder tables.

The numbers come from :mod:`cxtools.portfolio` (and the value per customer from
:func:`cxtools.layers.customer_value`); here they become what a reader of notebook 05 reads,
in the report language.

Examples
--------
>>> import pandas as pd
>>> from cxtools.portfolio import scorecard
>>> h = pd.DataFrame({"layer": ["satisfaction"] * 2, "indicator": ["NPS"] * 2, "period": ["2026Q1", "2026Q2"],
...                   "value": [20.0, 31.0]})
>>> scorecard_sentence(scorecard(h, targets={"NPS": 30}))
'1 of 1 indicators with a target are on target or close.'
"""

from __future__ import annotations

import pandas as pd

from cxtools.core.i18n import check_lang, gettext, ngettext, pgettext
from cxtools.core.wording import format_money, format_number, format_percent, join_names
from cxtools.narrative.markdown import field
from cxtools.plots.labels import (
    band_name,
    indicator_name,
    item_name,
    layer_name,
    period_name,
    status_name,
    strategy_name,
)

__all__ = [
    "matrix_sentence",
    "matrix_table",
    "scorecard_sentence",
    "scorecard_table",
    "value_sentence",
    "callback_sentence",
    "indicator_name",
    "period_name",
]


def _count(n, lang: str) -> str:
    return f"{int(n):,}" if lang == "en" else format_number(int(n), lang=lang)


def matrix_sentence(matrix, *, lang: str = "en") -> str:
    """How many customers and how much value sit in the cells to invest in, and who to call back first."""
    lang = check_lang(lang, "matrix_sentence")
    by = matrix.cells.groupby("strategy")[["customers", "value"]].sum()
    total = by["value"].sum()
    if "invest" not in by.index or total == 0:
        return gettext("No customer falls into the cells the practice recommends investing in.", lang)
    n = int(by.loc["invest", "customers"])
    return ngettext(
        "{customers} customer ({share} of the value, {value}) sits in the cells to invest in; the high-value "
        "customers with a weak relationship ({callbacks}) are the first to call back.",
        "{customers} customers ({share} of the value, {value}) sit in the cells to invest in; the high-value "
        "customers with a weak relationship ({callbacks}) are the first to call back.", n, lang).format(
        customers=_count(n, lang), share=format_percent(by.loc["invest", "value"] / total, lang=lang),
        value=format_money(by.loc["invest", "value"], currency=matrix.currency, compact=True, lang=lang),
        callbacks=_count(matrix.cell("high", "low")["customers"], lang))


def matrix_table(matrix, *, lang: str = "en") -> pd.DataFrame:
    """The nine cells of a :class:`cxtools.portfolio.PortfolioMatrix` for the report."""
    lang = check_lang(lang, "matrix_table")
    c = matrix.cells
    out = pd.DataFrame({
        gettext("Customer value", lang): [band_name(b, lang=lang) for b in c["attractiveness"]],
        gettext("Relationship", lang): [band_name(b, lang=lang) for b in c["relationship"]],
        gettext("Strategy", lang): [strategy_name(s, lang=lang) for s in c["strategy"]],
        pgettext("portfolio heading", "Customers", lang): c["customers"].map("{:,}".format) if lang == "en"
        else [format_number(n, lang=lang) for n in c["customers"]],
        gettext("Share of customers", lang): [format_percent(x, lang=lang) for x in c["share"]],
        gettext("Value at stake", lang): [format_money(x, currency=matrix.currency, lang=lang) for x in c["value"]],
        gettext("Share of value", lang): [format_percent(x, lang=lang) for x in c["value_share"]],
        gettext("Mean {name}", lang).format(name=item_name(matrix.relationship, lang=lang)):
            [format_number(x, digits=1, lang=lang) if pd.notna(x) else "—" for x in c["relationship_mean"]],
    })
    if "churn" in c:
        out[gettext("Churn", lang)] = [format_percent(x, digits=1, lang=lang) if pd.notna(x) else "—"
                                       for x in c["churn"]]
    return out


def scorecard_sentence(card, *, lang: str = "en") -> str:
    """How many indicators with a target are on target, and which are not."""
    lang = check_lang(lang, "scorecard_sentence")
    t = card.table
    if t.empty:
        return gettext("No indicator could be computed from the data provided.", lang)
    with_target = t[t["status"] != "no target"]
    if with_target.empty:
        return gettext("{n} indicators across {layers} layers; no targets were set.", lang).format(
            n=len(t), layers=t["layer"].nunique())
    off = [indicator_name(i, lang=lang) for i in with_target[with_target["status"] == "off target"]["indicator"]]
    text = gettext("{ok} of {n} indicators with a target are on target or close", lang).format(
        ok=len(with_target) - len(off), n=len(with_target))
    return text + (gettext("; off target: {names}.", lang).format(names=join_names([field(str(x).replace("_", " ")) for x in off], lang=lang)) if off else ".")


def scorecard_table(card, *, lang: str = "en") -> pd.DataFrame:
    """The scorecard for the report: layer, indicator, latest value, period, change, target, status."""
    lang = check_lang(lang, "scorecard_table")
    t = card.table

    def fmt(x, unit, signed=False):
        if pd.isna(x):
            return "—"
        if unit == "share":
            return format_percent(x, digits=1, signed=signed, lang=lang)
        return format_number(x, digits=1, signed=signed, lang=lang)

    return pd.DataFrame({
        pgettext("scorecard heading", "Layer", lang): [layer_name(x, lang=lang) for x in t["layer"]],
        pgettext("scorecard heading", "Indicator", lang): [indicator_name(x, lang=lang) for x in t["indicator"]],
        pgettext("scorecard heading", "Latest", lang): [fmt(x, u) for x, u in zip(t["latest"], t["unit"])],
        pgettext("scorecard heading", "Period", lang): [period_name(x, lang=lang) for x in
                                                        t["latest_period"].astype(str)],
        pgettext("scorecard heading", "Change", lang): [fmt(x, u, signed=True) for x, u in zip(t["change"], t["unit"])],
        pgettext("scorecard heading", "Target", lang): [fmt(x, u) for x, u in zip(t["target"], t["unit"])],
        pgettext("scorecard heading", "Status", lang): [status_name(x, lang=lang) for x in t["status"]],
    })


def value_sentence(value: pd.DataFrame, placed: pd.DataFrame, *, discount_rate: float, describe: str,
                   lang: str = "en") -> str:
    """How the portfolio's value was computed, and how many customers were placed.

    ``value`` is :func:`cxtools.layers.customer_value`; ``describe`` the sentence that follows
    (:func:`matrix_sentence`).
    """
    lang = check_lang(lang, "value_sentence")
    if value.attrs["method"] == "contracts":
        how = gettext("monthly margin x expected remaining lifetime at a monthly churn of {churn}, discounted at "
                      "{rate} a year", lang).format(
            churn=format_percent(value.attrs["monthly_churn"], digits=2, lang=lang),
            rate=format_percent(discount_rate, lang=lang))
    else:
        how = gettext("lifetime value from purchases over the next 52 weeks (BG/NBD and Gamma-Gamma)", lang)
    churned = gettext(" (customers who have left since keep their value and count in the churn column)", lang) \
        if "churned" in placed else ""
    n = len(placed)
    return ngettext("{n} surveyed customer placed; value = {how}{churned}. {describe}",
                    "{n} surveyed customers placed; value = {how}{churned}. {describe}", n, lang).format(
        n=_count(n, lang), how=how, churned=churned, describe=describe)


def callback_sentence(n: int, *, written: bool, lang: str = "en") -> str:
    """What happened to the call-back list (it is never shown in a report)."""
    lang = check_lang(lang, "callback_sentence")
    if written:
        text = ngettext(
            "The call-back list -- {n} valuable current customer with a weak relationship, pseudonymised, most "
            "urgent first -- was written to the internal file callbacks.csv for the service team. It is not part "
            "of this report.",
            "The call-back list -- {n} valuable current customers with a weak relationship, pseudonymised, most "
            "urgent first -- was written to the internal file callbacks.csv for the service team. It is not part "
            "of this report.", n, lang)
    else:
        text = ngettext(
            "{n} valuable current customer with a weak relationship is on the call-back list; the list is written "
            "only for internal use (give the internal_dir parameter) and is never shown in this report.",
            "{n} valuable current customers with a weak relationship are on the call-back list; the list is "
            "written only for internal use (give the internal_dir parameter) and is never shown in this report.",
            n, lang)
    return text.format(n=_count(n, lang))
