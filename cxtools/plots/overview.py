"""Figures of the data overview: a first look at customers, contracts, purchases and survey answers.

Each takes the accepted rows of one source (:func:`cxtools.overview.load_sources`), draws on
``ax`` (default: the current Axes) and returns it; its text is in ``lang``.
"""

from __future__ import annotations

import pandas as pd

from cxtools.core.i18n import check_lang, gettext, pgettext
from cxtools.core.util import axes_or_current

__all__ = ["plot_customer_counts", "plot_contract_tenure", "plot_purchases_per_month", "plot_purchase_sizes",
           "plot_answers"]


def plot_customer_counts(customers: pd.DataFrame, column: str, *, ax=None, top: int = 12, lang: str = "en"):
    """Customers per value of ``column`` (segment, region), the ``top`` largest groups, largest on top.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> plot_customer_counts(pd.DataFrame({"segment": ["a", "b", "a"]}), "segment").get_title()
    'Customers by segment'
    """
    lang = check_lang(lang, "plot_customer_counts")
    ax = axes_or_current(ax)
    counts = customers[column].value_counts().head(top)
    ax.barh(counts.index.astype(str)[::-1], counts.to_numpy()[::-1], color="tab:blue")
    if column == "segment":
        title = gettext("Customers by segment", lang)
    elif column == "region":
        title = gettext("Customers by region", lang)
    else:
        title = gettext("Customers by {column}", lang).format(column=column)
    ax.set(title=title, xlabel=pgettext("axis", "customers", lang))
    return ax


def plot_contract_tenure(contracts: pd.DataFrame, *, end, ax=None, bins: int = 30, lang: str = "en"):
    """How long contracts have lasted (months), the ended ones stacked on those still running at ``end``."""
    lang = check_lang(lang, "plot_contract_tenure")
    ax = axes_or_current(ax)
    ended = contracts["end_date"].notna()
    tenure = (contracts["end_date"].fillna(end) - contracts["start_date"]).dt.days / 30.44
    ax.hist([tenure[~ended], tenure[ended]], bins=bins, stacked=True, color=["tab:green", "tab:red"],
            label=[gettext("still running (censored)", lang), pgettext("contract", "ended", lang)])
    ax.set(title=gettext("How long contracts have lasted", lang), xlabel=pgettext("axis", "months", lang),
           ylabel=pgettext("axis", "contracts", lang))
    ax.legend()
    return ax


def plot_purchases_per_month(purchases: pd.DataFrame, *, ax=None, lang: str = "en"):
    """Purchases per calendar month (refunds left out before)."""
    lang = check_lang(lang, "plot_purchases_per_month")
    ax = axes_or_current(ax)
    per_month = purchases.set_index("timestamp")["amount"].resample("MS").size()
    ax.bar(per_month.index, per_month.to_numpy(), width=20, color="tab:blue")
    ax.set(title=gettext("Purchases per month", lang), ylabel=pgettext("axis", "purchases", lang))
    return ax


def plot_purchase_sizes(purchases: pd.DataFrame, *, currency_symbol: str, ax=None, bins: int = 40,
                        lang: str = "en"):
    """The distribution of purchase amounts above zero."""
    lang = check_lang(lang, "plot_purchase_sizes")
    ax = axes_or_current(ax)
    positive = purchases["amount"][purchases["amount"] > 0]
    ax.hist(positive, bins=bins, color="tab:blue")
    ax.set(title=gettext("Size of a purchase", lang),
           xlabel=gettext("amount, {currency}", lang).format(currency=currency_symbol),
           ylabel=pgettext("axis", "purchases", lang))
    return ax


def plot_answers(answers: pd.DataFrame, item: str, *, scale, ax=None, lang: str = "en"):
    """Respondents per answer of one survey item over its whole scale."""
    lang = check_lang(lang, "plot_answers")
    ax = axes_or_current(ax)
    low, high = scale
    counts = answers[item].value_counts().reindex(range(int(low), int(high) + 1), fill_value=0)
    ax.bar(counts.index, counts.to_numpy(), color="tab:purple")
    ax.set(title=f"{item} ({low:g}-{high:g})", xlabel=pgettext("axis", "answer", lang),
           ylabel=pgettext("axis", "respondents", lang), xticks=range(int(low), int(high) + 1))
    return ax
