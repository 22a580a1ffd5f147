"""Figures of the CX-value analysis: retention after the survey, value by group, value of moving, the chain.

Each ``plot_x(result, *, ax=None, lang="en")`` draws one result of :mod:`cxtools.value` (or of
:mod:`cxtools.ltv.survival`) and returns the Axes; titles, axis labels and legends are in the
report's language (:mod:`cxtools.core.i18n`), numbers in its format (:mod:`cxtools.core.wording`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxtools.core.checks import check_alpha, require_columns, require_frame
from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import gettext, pgettext
from cxtools.core.util import axes_or_current
from cxtools.core.wording import format_money, format_number, format_percent
from cxtools.plots.ltv import plot_survival
from cxtools.ltv.survival import KaplanMeierResult
from cxtools.plots.value_labels import check_value_lang, driver_name, group_label, interval_level, p_text, term_name
from cxtools.value import DEFAULT_CURRENCY, ValueChain, ValueOfMoving

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_value_chain", "plot_retention", "plot_value_by_group", "plot_value_of_moving"]


def _retention_by(lang: str) -> dict[str, str]:
    """What the groups of a retention plot are, per grouping column ("Customers still with us, by ...")."""
    return {"nps_group": pgettext("retention by", "NPS group", lang),
            "satisfaction_band": pgettext("retention by", "overall satisfaction", lang)}


def plot_value_chain(chain: ValueChain, *, ax=None, alpha: float = 0.05, lang: str = "en") -> "Axes":
    """Draw the chain operations -> satisfaction -> churn -> lifetime value with its estimates.

    Boxes for each operations driver, satisfaction, churn and lifetime value; arrows
    carry the estimated link in plain words. Links that are not significant at
    ``alpha`` are drawn grey and dashed.

    Parameters
    ----------
    chain : ValueChain
        From :func:`cxtools.value.operations_chain`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    alpha : float, default 0.05
        Significance level for solid arrows.
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Heskett, J. L., et al. (1994). Putting the service-profit chain to work. *Harvard
    Business Review*, 72(2), 164-174 (the chain as a figure).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.data.samples import make_sample_data
    >>> d = make_sample_data(1000, seed=3)
    >>> from cxtools.value import link_survey_to_customers, operations_chain
    >>> j = link_survey_to_customers(d.survey, d.customers, d.subscriptions, operations=d.operations,
    ...                              transactions=d.transactions)
    >>> ax = plot_value_chain(operations_chain(j.data))
    >>> ax.get_title()
    'From operations to money: the estimated chain'
    """
    if not isinstance(chain, ValueChain):
        raise CxParameterError(f"plot_value_chain: expected a ValueChain from operations_chain, got "
                               f"{type(chain).__name__}")
    alpha = check_alpha(alpha, func="plot_value_chain")
    lang = check_value_lang(lang, "plot_value_chain")
    cur = chain.currency
    ax = axes_or_current(ax)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    box = dict(boxstyle="round,pad=0.4", facecolor="#eef3f8", edgecolor="#4a6a8a")
    n = len(chain.drivers)
    ys = np.linspace(0.80, 0.28, n) if n > 1 else np.array([0.5])
    x_drv, x_sat, x_churn, x_val = 0.08, 0.42, 0.68, 0.92
    sat = chain.satisfaction

    def node(x, y, text, size=10):
        return ax.text(x, y, text, ha="center", va="center", fontsize=size, bbox=box)

    def arrow(source, target, text, p, text_xy):
        # edge to edge: coordinates are fractions of the two boxes
        ok = bool(p < alpha)
        ax.annotate("", xy=(0.0, 0.5), xycoords=target, xytext=(1.0, 0.5), textcoords=source,
                    arrowprops=dict(arrowstyle="-|>", color="#1f4e79" if ok else "#9a9a9a", lw=1.8 if ok else 1.0,
                                    linestyle="-" if ok else "--", shrinkA=4, shrinkB=4))
        ax.text(*text_xy, text, ha="center", va="center", fontsize=8, color="black" if ok else "#707070",
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.9))

    # the four layers of the service-profit chain, named above their column of boxes
    for x, layer in zip([x_drv, x_sat, x_churn, x_val], gettext("OPERATIONS|SATISFACTION|BEHAVIOUR|MONEY", lang).split("|")):
        ax.text(x, 0.98, layer, ha="center", va="top", fontsize=10, fontweight="bold", color="#4a6a8a")
    sat_box = node(x_sat, 0.5, gettext("Overall satisfaction\n(points, 1-10)", lang))
    churn_box = node(x_churn, 0.5, gettext("Churn\n(share leaving\nper month)", lang))
    value_box = node(x_val, 0.5, gettext("Lifetime value\n({cur} per customer)", lang).format(cur=cur))
    for y, col in zip(ys, chain.drivers):
        name = driver_name(col, lang)
        row = chain.link(col, sat)
        money = chain.link(col, "lifetime value")
        ok = bool(money["p_value"] < alpha)
        # what the lever is worth, end to end, under its box
        drv = node(x_drv, y, name[0], 9)
        ax.text(x_drv, y - 0.075, gettext("{money} {cur} LTV\nper {unit}", lang).format(
                    money=format_number(money["estimate"], signed=True, lang=lang), cur=cur, unit=name[1]), ha="center", va="top",
                fontsize=7.5, color="#1f4e79" if ok else "#808080", style="normal" if ok else "italic")
        arrow(drv, sat_box, gettext("{x} points\nper {unit}", lang).format(
                   x=format_number(row["estimate"], digits=2, signed=True, lang=lang), unit=name[1]), row["p_value"], (0.25, 0.5 + 0.6 * (y - 0.5)))
    hr = chain.link(sat, "churn")
    arrow(sat_box, churn_box, gettext("churn rate x{x}\nper extra point", lang).format(
        x=format_number(hr["estimate"], digits=2, lang=lang)), hr["p_value"],
          (0.555, 0.63))
    money = chain.link(sat, "lifetime value")
    arrow(churn_box, value_box, gettext("{money} {cur} LTV\nper extra point", lang).format(
        money=format_number(money["estimate"], signed=True, lang=lang), cur=cur), money["p_value"], (0.80, 0.63))
    b = chain.baseline
    ax.text(0.5, 0.0, gettext(
        "Today: {churn} of customers leave per month; lifetime value {ltv} per customer (n = {n}).\nSolid arrows: "
        "significant at {alpha}; grey dashed: not significant. Under each lever: its value per customer through "
        "satisfaction.", lang).format(
        churn=format_percent(b["monthly_churn"], digits=1, lang=lang), ltv=format_money(b["ltv"], currency=cur, lang=lang),
        n=format_number(b["customers"], lang=lang), alpha=format_percent(alpha, lang=lang)),
            ha="center", va="bottom", fontsize=8, color="#505050")
    ax.set_title(gettext("From operations to money: the estimated chain", lang))
    return ax


def plot_retention(km: "KaplanMeierResult", *, ax=None, logrank: Any = None, lang: str = "en") -> "Axes":
    """Share of customers still with us after their survey answer, per group (Kaplan-Meier).

    The curves of :func:`cxtools.plots.ltv.plot_survival` with the report's labels: months
    since the survey response, the groups named in the report's language and, when
    ``logrank`` is given, its p-value in the title.

    Parameters
    ----------
    km : KaplanMeierResult
        :func:`cxtools.ltv.survival.kaplan_meier` on the months since the response.
    ax : matplotlib Axes, optional
    logrank : LogrankResult, optional
        :func:`cxtools.ltv.survival.logrank_test` of the same groups.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels and legend.

    Returns
    -------
    matplotlib Axes
        The curves, one per group.

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete observations.
    *Journal of the American Statistical Association*, 53(282), 457-481 (the curves drawn).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.ltv.survival import kaplan_meier
    >>> df = pd.DataFrame({"months": [3, 5, 5, 8, 10, 12], "churned": [1, 1, 0, 1, 0, 1],
    ...                    "nps_group": ["detractor", "passive"] * 3})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_retention(kaplan_meier(df, duration="months", event="churned", by="nps_group"), ax=ax)
    >>> ax.get_xlabel(), ax.get_legend().get_texts()[0].get_text()
    ('Months since the survey response', 'detractor')
    """
    if not isinstance(km, KaplanMeierResult):
        raise CxParameterError(f"plot_retention: expected a KaplanMeierResult, got {type(km).__name__}")
    lang = check_value_lang(lang, "plot_retention")
    ax = plot_survival(km, ax=axes_or_current(ax))
    by = str(km.by) if km.by else ""
    what = _retention_by(lang).get(by, by.replace("_", " "))
    ax.set_xlabel(gettext("Months since the survey response", lang))
    ax.set_ylabel(pgettext("retention figure", "Share of customers still active", lang))
    ax.set_ylim(max(0.0, np.floor(km.table["lower"].min() * 10) / 10), 1.02)
    title = gettext("Customers still with us, by {what}\n(log-rank test {p})", lang).format(
        what=what, p=p_text(float(logrank.p_value), lang) if logrank is not None else "")
    ax.set_title(title if logrank is not None else title.split("\n")[0])
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, [group_label(x, lang) for x in labels], fontsize=8, loc="lower left",
              title=term_name(by, lang) if by else None)
    return ax


def plot_value_by_group(table: pd.DataFrame, *, ax=None, horizon_months: int | None = None,
                        lang: str = "en") -> "Axes":
    """Bars of lifetime value per customer by group, each labelled with its amount.

    Parameters
    ----------
    table : DataFrame
        From :func:`cxtools.value.value_by_group` (its currency is taken from the table).
    ax : matplotlib Axes, optional
    horizon_months : int, optional
        The horizon the values were computed over, named in the axis label (default: the
        one :func:`cxtools.value.value_by_group` used).
    lang : {"en", "ru"}, default "en"
        Language of the labels; the amounts in the language's money format.

    Returns
    -------
    matplotlib Axes
        One bar per group.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*,
    17(1), 9-24 (the lifetime value drawn).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"nps_group": ["detractor", "detractor", "passive", "passive"],
    ...                    "months": [50.0] * 4, "churned": [1, 1, 1, 0], "monthly_margin": [100.0] * 4})
    >>> from cxtools.value import value_by_group
    >>> t = value_by_group(df, by="nps_group", duration="months", revenue=None, extra_spend=None, currency="EUR")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> plot_value_by_group(t, ax=ax).get_title()
    'Lifetime value by group'
    """
    require_frame(table, func="plot_value_by_group", what="table")
    require_columns(table, ["ltv"], func="plot_value_by_group", what="table")
    lang = check_value_lang(lang, "plot_value_by_group")
    cur = table.attrs.get("currency", DEFAULT_CURRENCY)
    horizon = horizon_months if horizon_months is not None else table.attrs.get("horizon_months")
    ax = axes_or_current(ax)
    ax.bar([group_label(i, lang) for i in table.index], table["ltv"], color="#4a78a8")
    ax.set_ylabel(gettext("Lifetime value per customer, {cur}\n({h} months, discounted)", lang).format(cur=cur, h=horizon))
    ax.set_xlabel(term_name(str(table.index.name), lang) if table.index.name else "")
    for i, value in enumerate(table["ltv"]):
        ax.text(i, value, format_money(value, currency=cur, lang=lang), ha="center", va="bottom", fontsize=9)
    ax.set_title(gettext("Lifetime value by group", lang))
    return ax


def plot_value_of_moving(moving: ValueOfMoving, *, ax=None, lang: str = "en") -> "Axes":
    """Lifetime value gained against the share of the lower group moved up, with bootstrap intervals.

    Parameters
    ----------
    moving : ValueOfMoving
        From :func:`cxtools.value.value_of_moving`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title and axis labels.

    Returns
    -------
    matplotlib Axes
        One point per share moved, with its interval as a bar.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall, ch. 13 (percentile intervals).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"share_moved": [0.1, 0.2], "customers_moved": [10.0, 20.0],
    ...                       "value_per_customer": [900.0, 900.0], "value": [9000.0, 18000.0],
    ...                       "ci_low": [4000.0, 8000.0], "ci_high": [14000.0, 28000.0]})
    >>> from cxtools.value import ValueOfMoving
    >>> moved = ValueOfMoving(table, "detractor", "passive", 1000.0, 1900.0, 100.0, 1000, 200, 0.9, 1, "EUR")
    >>> plot_value_of_moving(moved).get_ylabel()
    'Lifetime value gained (thousand EUR)'
    """
    if not isinstance(moving, ValueOfMoving):
        raise CxParameterError(f"plot_value_of_moving: expected a ValueOfMoving, got {type(moving).__name__}")
    lang = check_value_lang(lang, "plot_value_of_moving")
    t, cur = moving.table, moving.currency
    scale, unit = ((1e6, gettext("mln {cur}", lang).format(cur=cur)) if t["ci_high"].abs().max() >= 1e6
                   else (1e3, gettext("thousand {cur}", lang).format(cur=cur)))
    ax = axes_or_current(ax)
    ax.errorbar(t["share_moved"] * 100, t["value"] / scale,
                yerr=[(t["value"] - t["ci_low"]) / scale, (t["ci_high"] - t["value"]) / scale],
                fmt="o-", capsize=4, color="#4a78a8")
    src = group_label(moving.from_group, lang)
    ax.set_xlabel(gettext("Share of the group {src} moved up (%)", lang).format(src=src))
    ax.set_ylabel(gettext("Lifetime value gained ({unit})", lang).format(unit=unit))
    ax.set_title(gettext("Value of moving {src} to {dst}\n(bars: {conf} bootstrap interval)", lang).format(
        src=src, dst=group_label(moving.to_group, lang), conf=interval_level(moving.confidence, lang)))
    return ax
