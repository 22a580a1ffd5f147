"""Figures of hygiene factors and motivators: penalty-reward map, Kano plot, importance-performance grid,
positive zone and critical incidents.

Each function takes a result of :mod:`cxtools.factors`, draws on ``ax`` (default: the current
Axes) and returns it. ``lang`` is the language of the titles, axis labels, legends and
annotations (attribute names stay as in the data); the words are English message ids in the
gettext catalogues (:mod:`cxtools.core.i18n`), the colours those of :mod:`cxtools.plots.style`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxtools.core.checks import check_choice
from cxtools.core.i18n import LANGUAGES, gettext, pgettext
from cxtools.core.util import axes_or_current
from cxtools.core.wording import format_number
from cxtools.factors import (
    CriticalIncidentsResult,
    ImportancePerformanceResult,
    KanoResult,
    PenaltyRewardResult,
    PositiveZoneResult,
)
from cxtools.factors._common import _PRCA_CATEGORIES, _display
from cxtools.plots import style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_penalty_reward", "plot_kano", "plot_importance_performance", "plot_positive_zone",
           "plot_critical_incidents", "short_number"]


@functools.lru_cache(maxsize=None)
def _figure_words(lang: str) -> dict[str, Any]:
    """The words of the figures (titles, axis labels, legends, annotations) in ``lang``."""
    return {
        # legend of the penalty-reward map, one name per category of _PRCA_CATEGORIES (in its order)
        "prca_category": dict(zip(_PRCA_CATEGORIES, (
            pgettext("figure legend", "basic: hygiene factor", lang),
            pgettext("figure legend", "performance factor", lang),
            pgettext("figure legend", "excitement: motivator", lang),
            pgettext("figure legend", "no clear effect", lang),
            pgettext("figure legend", "not classified: wrong sign", lang)))),
        "prca_hygiene_region": gettext("hygiene region:\ncosts more than it adds", lang),
        "prca_motivator_region": gettext("motivator region:\nadds more than it costs", lang),
        "prca_x": gettext("Penalty: drop in overall satisfaction when rated low (points)", lang),
        "prca_y": gettext("Reward: rise in overall satisfaction when rated high (points)", lang),
        "prca_title": gettext("What costs and what adds satisfaction (penalty-reward contrast)", lang),
        # Kano quadrants: top left, top right, bottom right, bottom left
        "kano_quadrants": (pgettext("figure quadrant", "attractive (motivator)", lang),
                           pgettext("figure quadrant", "one-dimensional (performance)", lang),
                           pgettext("figure quadrant", "must-be (hygiene)", lang),
                           pgettext("figure quadrant", "indifferent", lang)),
        "kano_x": gettext("|Worse|: dissatisfaction when missing (share of customers)", lang),
        "kano_y": gettext("Better: satisfaction when provided (share of customers)", lang),
        "kano_title": gettext("Kano: satisfaction vs dissatisfaction potential", lang),
        # importance-performance quadrants: top left, top right, bottom left, bottom right
        "ipa_quadrants": (pgettext("figure quadrant", "Concentrate here", lang),
                          pgettext("figure quadrant", "Keep up the good work", lang),
                          pgettext("figure quadrant", "Low priority", lang),
                          pgettext("figure quadrant", "Possible overkill", lang)),
        "ipa_x": gettext("Performance: average rating ({scale})", lang),
        "ipa_y_stated": gettext("Importance: average stated importance ({scale})", lang),
        "ipa_y_correlation": gettext("Importance: correlation with overall satisfaction", lang),
        "ipa_y_weights": gettext("Importance: relative weight (share of explained variance)", lang),
        "ipa_title": gettext("Importance-performance grid", lang),
        "factor": {"hygiene": pgettext("figure factor", "hygiene", lang),
                   "performance": pgettext("figure factor", "performance", lang),
                   "motivator": pgettext("figure factor", "motivator", lang),
                   "unclear": pgettext("figure factor", "unclear", lang)},
        "zone_from": gettext(" positive zone (from {threshold})", lang),
        "zone_x": gettext("Average rating ({scale})", lang),
        "zone_title": gettext("Is every factor in its positive zone?", lang),
        "ci_negative": gettext("negative incidents (n={n})", lang),
        "ci_positive": gettext("positive incidents (n={n})", lang),
        "ci_x": gettext("Share of incidents (%)", lang),
        "ci_title": gettext("What the good and the bad stories are about (* = significant difference)", lang),
    }


def _plot_words(lang: str, func: str) -> dict[str, Any]:
    """The figure words of ``lang`` (checked: ``"en"`` or ``"ru"``)."""
    check_choice("lang", lang, list(LANGUAGES), func=func)
    return _figure_words(lang)


def short_number(x: float, lang: str) -> str:
    """A short number on a figure or in a list, ``3.5`` (English) or ``3,5`` (Russian).

    Examples
    --------
    >>> short_number(3.5, "ru"), short_number(5.0, "en")
    ('3,5', '5')
    """
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "ru" else text


def _localise_ticks(ax: Axes, lang: str) -> None:
    """Decimal commas on the numeric axes of a Russian figure (English figures are left alone)."""
    if lang != "ru":
        return
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):
            axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ",")))


def _label_points(ax, xs, ys, labels) -> None:
    """Annotate points, nudging labels up or down so that neighbours do not overlap.

    Call after the axis limits are set: positions are compared as fractions of the axes.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fig_w, fig_h = ax.figure.get_size_inches() * 72 * np.array(ax.get_position().size)
    placed: list[tuple[float, float, float, float]] = []
    pts = sorted(zip(xs, ys, labels), key=lambda p: (-p[1], p[0]))
    for x, y, lab in pts:
        fx, fy = (x - x0) / (x1 - x0), (y - y0) / (y1 - y0)
        w, h = (6.0 * len(_display(lab)) + 6) / fig_w, 12.0 / fig_h
        for dy in (4, -14, 16, -26, 28, -38, 40, -50):
            bx, by = fx + 5 / fig_w, fy + dy / fig_h
            if not any(bx < px + pw and px < bx + w and by < py + ph and py < by + h for px, py, pw, ph in placed):
                break
        placed.append((bx, by, w, h))
        ax.annotate(_display(lab), (x, y), textcoords="offset points", xytext=(5, dy), fontsize=9,
                    arrowprops=None if abs(dy) < 10 else {"arrowstyle": "-", "color": "grey", "lw": 0.5})


@style.styled
def plot_penalty_reward(result: PenaltyRewardResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Penalty vs reward map with the hygiene and motivator regions.

    x = penalty (points of overall satisfaction lost when rated low), y = reward
    (points gained when rated high), with confidence intervals. Below the
    diagonal, attributes cost more when poor than they add when good (hygiene,
    basic); above it they add more than they cost (motivators, excitement).

    Parameters
    ----------
    result : PenaltyRewardResult
        From :func:`cxtools.factors.penalty_reward`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Matzler, K. & Sauerwein, E. (2002). The factor structure of customer satisfaction.
    *International Journal of Service Industry Management* 13(4), 314-332 (the
    penalty/reward map, Fig. 3).

    Examples
    --------
    >>> import numpy as np, pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.factors import penalty_reward
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 300)})
    >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 300)
    >>> plot_penalty_reward(penalty_reward(df)).get_xlabel()
    'Penalty: drop in overall satisfaction when rated low (points)'
    """
    w = _plot_words(lang, "plot_penalty_reward")
    ax = axes_or_current(ax)
    t = result.table
    colours = {"basic": style.HYGIENE, "performance": style.PERFORMANCE, "excitement": style.MOTIVATOR,
               "no clear effect": style.UNCLEAR, "contradicts the model": style.WRONG_SIGN}
    hi = float(np.nanmax(np.r_[t["penalty_ci_high"], t["reward_ci_high"], 0.1])) * 1.1
    lo = min(0.0, float(np.nanmin(np.r_[t["penalty_ci_low"], t["reward_ci_low"]])) * 1.1)
    ax.fill_between([lo, hi], [lo, lo], [lo, hi], color=style.HYGIENE, alpha=style.REGION_ALPHA, lw=0)
    ax.fill_between([lo, hi], [lo, hi], [hi, hi], color=style.MOTIVATOR, alpha=style.REGION_ALPHA, lw=0)
    ax.plot([lo, hi], [lo, hi], color=style.NEUTRAL, lw=1, ls="--")
    ax.text(hi - (hi - lo) * 0.03, lo + (hi - lo) * 0.5, w["prca_hygiene_region"], ha="right",
            va="center", color=style.HYGIENE, fontsize=9)
    ax.text(lo + (hi - lo) * 0.03, hi - (hi - lo) * 0.03, w["prca_motivator_region"], ha="left",
            va="top", color=style.MOTIVATOR, fontsize=9)
    names = w["prca_category"]
    for cat, grp in t.groupby("category", sort=False):
        ax.errorbar(
            grp["penalty"], grp["reward"],
            xerr=[grp["penalty"] - grp["penalty_ci_low"], grp["penalty_ci_high"] - grp["penalty"]],
            yerr=[grp["reward"] - grp["reward_ci_low"], grp["reward_ci_high"] - grp["reward"]],
            fmt="o", color=colours.get(cat, "black"), label=names.get(cat, cat), capsize=2,
        )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    _label_points(ax, t["penalty"], t["reward"], t["attribute"])
    ax.set_xlabel(w["prca_x"])
    ax.set_ylabel(w["prca_y"])
    ax.set_title(w["prca_title"])
    ax.legend(loc="upper right", fontsize=8)
    _localise_ticks(ax, lang)
    return ax


@style.styled
def plot_kano(result: KanoResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Kano satisfaction-dissatisfaction plot (Better vs |Worse|).

    x = |Worse| (how much dissatisfaction the attribute's absence causes), y =
    Better (how much satisfaction its presence creates); lines at 0.5 split the
    plot into must-be (bottom right), one-dimensional (top right), attractive
    (top left) and indifferent (bottom left).

    Parameters
    ----------
    result : KanoResult
        From :func:`cxtools.factors.kano_categories`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality.
    *Center for Quality Management Journal* 2(4), 3-36 (the customer satisfaction
    coefficient plot).

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.factors import kano_categories
    >>> df = pd.DataFrame({"attribute": ["price", "price", "brand", "brand"],
    ...                    "functional": ["expect", "expect", "like", "like"],
    ...                    "dysfunctional": ["dislike", "dislike", "neutral", "neutral"]})
    >>> plot_kano(kano_categories(df)).get_ylabel()
    'Better: satisfaction when provided (share of customers)'
    """
    w = _plot_words(lang, "plot_kano")
    ax = axes_or_current(ax)
    t = result.table
    ax.axhline(0.5, color=style.NEUTRAL, lw=1, ls="--")
    ax.axvline(0.5, color=style.NEUTRAL, lw=1, ls="--")
    for (x, y), txt in zip(((0.25, 0.97), (0.75, 0.97), (0.75, 0.03), (0.25, 0.03)), w["kano_quadrants"]):
        ax.text(x, y, txt, ha="center", va="top" if y > 0.5 else "bottom", color=style.NEUTRAL, fontsize=9,
                transform=ax.transAxes)
    ax.scatter(-t["worse"], t["better"], color=style.PALETTE[0], zorder=3)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _label_points(ax, -t["worse"], t["better"], t["attribute"])
    ax.set_xlabel(w["kano_x"])
    ax.set_ylabel(w["kano_y"])
    ax.set_title(w["kano_title"])
    _localise_ticks(ax, lang)
    return ax


@style.styled
def plot_importance_performance(
    result: ImportancePerformanceResult, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Importance-performance grid with crosshairs and quadrant labels.

    Parameters
    ----------
    result : ImportancePerformanceResult
        From :func:`cxtools.factors.importance_performance`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing* 41(1), 77-79 (the four quadrants, Fig. 1).

    Examples
    --------
    >>> import numpy as np, pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.factors import importance_performance
    >>> rng = np.random.default_rng(4)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 100), "rating_brand": rng.integers(1, 6, 100)})
    >>> df["overall_satisfaction"] = df.rating_price + rng.normal(0, 1, 100)
    >>> plot_importance_performance(importance_performance(df)).get_xlabel()
    'Performance: average rating (1-5)'
    """
    w = _plot_words(lang, "plot_importance_performance")
    ax = axes_or_current(ax)
    t = result.table
    ax.errorbar(
        t["performance"], t["importance"],
        xerr=[t["performance"] - t["performance_ci_low"], t["performance_ci_high"] - t["performance"]],
        yerr=[t["importance"] - t["importance_ci_low"], t["importance_ci_high"] - t["importance"]],
        fmt="o", color=style.PALETTE[0], capsize=2,
    )
    _label_points(ax, t["performance"], t["importance"], t["attribute"])
    ax.axvline(result.performance_crosshair, color=style.NEUTRAL, lw=1, ls="--")
    ax.axhline(result.importance_crosshair, color=style.NEUTRAL, lw=1, ls="--")
    for (x, y), q in zip(((0.02, 0.98), (0.98, 0.98), (0.02, 0.02), (0.98, 0.02)), w["ipa_quadrants"]):
        ax.text(x, y, q, transform=ax.transAxes, ha="left" if x < 0.5 else "right",
                va="top" if y > 0.5 else "bottom", color=style.NEUTRAL, fontsize=9)
    scale = "-".join(short_number(v, lang) for v in result.scale)
    ax.set_xlabel(w["ipa_x"].format(scale=scale))
    if result.importance_kind == "stated":
        ax.set_ylabel(w["ipa_y_stated"].format(scale=scale))
    elif "correlation" in result.importance_kind:
        ax.set_ylabel(w["ipa_y_correlation"])
    else:
        ax.set_ylabel(w["ipa_y_weights"])
    ax.set_title(w["ipa_title"])
    _localise_ticks(ax, lang)
    return ax


@style.styled
def plot_positive_zone(result: PositiveZoneResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Average rating per attribute against the positive-zone threshold.

    Parameters
    ----------
    result : PositiveZoneResult
        From :func:`cxtools.factors.positive_zone`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*. Wiley.

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.factors import positive_zone
    >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_trust": [5, 4, 4, 5]})
    >>> res = positive_zone(df, classification={"price": "hygiene", "trust": "motivator"})
    >>> plot_positive_zone(res).get_xlabel()
    'Average rating (1-5)'
    """
    w = _plot_words(lang, "plot_positive_zone")
    ax = axes_or_current(ax)
    t = result.table.iloc[::-1]
    colours = style.FACTOR_COLOURS
    y = np.arange(len(t))
    ax.barh(y, t["performance"] - result.scale[0], left=result.scale[0],
            color=[colours[f] for f in t["factor"]], alpha=0.75,
            xerr=[t["performance"] - t["ci_low"], t["ci_high"] - t["performance"]], capsize=2)
    ax.set_yticks(y, [f"{_display(a)} ({w['factor'].get(f, f)})" for a, f in zip(t["attribute"], t["factor"])])
    ax.axvline(result.threshold, color="black", ls="--", lw=1)
    ax.axvspan(result.threshold, result.scale[1], color=style.MOTIVATOR, alpha=0.07, lw=0)
    ax.text(result.threshold, len(t) - 0.4, w["zone_from"].format(threshold=short_number(result.threshold, lang)),
            fontsize=9, va="bottom")
    ax.set_xlim(result.scale[0], result.scale[1])
    ax.set_ylim(-0.6, len(t) + 0.2)
    ax.set_xlabel(w["zone_x"].format(scale="-".join(short_number(v, lang) for v in result.scale)))
    ax.set_title(w["zone_title"])
    _localise_ticks(ax, lang)
    return ax


@style.styled
def plot_critical_incidents(result: CriticalIncidentsResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Share of positive and of negative incidents per category, side by side.

    Categories over-represented among negative stories (hygiene factors) and among
    positive stories (motivators) are marked with an asterisk.

    Parameters
    ----------
    result : CriticalIncidentsResult
        From :func:`cxtools.factors.critical_incidents`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Flanagan, J. C. (1954). The critical incident technique. *Psychological Bulletin*
    51(4), 327-358.

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.factors import critical_incidents
    >>> df = pd.DataFrame({"valence": ["negative"] * 60 + ["positive"] * 60,
    ...                    "category": ["price"] * 45 + ["trust"] * 15 + ["price"] * 10 + ["trust"] * 50})
    >>> plot_critical_incidents(critical_incidents(df)).get_xlabel()
    'Share of incidents (%)'
    """
    w = _plot_words(lang, "plot_critical_incidents")
    ax = axes_or_current(ax)
    import seaborn as sns

    t = result.table.sort_values("difference").reset_index(drop=True)
    neg = w["ci_negative"].format(n=result.n_negative if lang == "en" else format_number(result.n_negative, lang=lang))
    pos = w["ci_positive"].format(n=result.n_positive if lang == "en" else format_number(result.n_positive, lang=lang))
    long = pd.concat([
        pd.DataFrame({"category": t["category"], "share": 100 * t["share_of_negative"], "side": neg}),
        pd.DataFrame({"category": t["category"], "share": 100 * t["share_of_positive"], "side": pos}),
    ])
    sns.barplot(data=long, y="category", x="share", hue="side", order=list(t["category"]), hue_order=[neg, pos],
                palette={neg: style.HYGIENE, pos: style.MOTIVATOR}, orient="h", errorbar=None, ax=ax)
    mark = np.where(t["over_represented"] != "neither", " *", "")
    ax.set_yticks(np.arange(len(t)), [f"{_display(c)}{m}" for c, m in zip(t["category"], mark)])
    ax.set_ylabel("")
    ax.set_xlabel(w["ci_x"])
    ax.set_title(w["ci_title"])
    ax.legend(title=None, loc="best", fontsize=8)
    _localise_ticks(ax, lang)
    return ax
