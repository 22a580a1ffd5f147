"""Figures of the client portfolio matrix and the CX scorecard."""

from __future__ import annotations

import numpy as np

from cxtools.core.i18n import check_lang, gettext, ngettext
from cxtools.core.util import axes_or_current
from cxtools.core.wording import format_money, format_number
from cxtools.plots.labels import band_name, indicator_name, item_name, status_name, strategy_name
from cxtools.portfolio import BANDS

__all__ = ["plot_portfolio", "plot_scorecard"]

#: Colour of each scorecard status.
STATUS_COLOURS = {"on target": "#1a7f37", "close": "#bf8700", "off target": "#cf222e", "no target": "#57606a"}


def plot_portfolio(result, *, ax=None, currency_label: str | None = None, lang: str = "en"):
    """The 3x3 matrix as a heatmap of value at stake, with customers and strategy in each cell.

    Parameters
    ----------
    result : PortfolioMatrix
        From :func:`cxtools.portfolio.portfolio_matrix`.
    ax : matplotlib Axes, optional
    currency_label : str, optional
        What the value axis shows in brackets (default: the value column's name).
    lang : {"en", "ru"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    lang = check_lang(lang, "plot_portfolio")
    ax = axes_or_current(ax)
    cells = result.cells
    value = cells.pivot(index="attractiveness", columns="relationship", values="value").reindex(
        index=list(reversed(BANDS)), columns=list(BANDS))
    labels = cells.set_index(["attractiveness", "relationship"])

    def customers(n):
        return ngettext("{n} customer", "{n} customers", n, lang).format(
            n=f"{n:,}" if lang == "en" else format_number(n, lang=lang))

    annot = np.array([[customers(labels.loc[(a, b), "customers"]) + "\n"
                       f"{format_money(labels.loc[(a, b), 'value'], currency=result.currency, compact=True, lang=lang)}\n"
                       f"{strategy_name(labels.loc[(a, b), 'strategy'], lang=lang)}" for b in BANDS]
                      for a in reversed(BANDS)])
    sns.heatmap(value, annot=annot, fmt="", cmap="Blues", cbar=False, ax=ax, linewidths=1, linecolor="white",
                annot_kws={"fontsize": 8})
    ax.set_xlabel(gettext("Relationship strength ({name})", lang).format(name=item_name(result.relationship,
                                                                                          lang=lang)))
    ax.set_ylabel(gettext("Customer value ({name})", lang).format(
        name=currency_label or result.value.replace("_", " ")))
    ax.set_xticklabels([band_name(b, lang=lang) for b in BANDS])
    ax.set_yticklabels([band_name(b, lang=lang) for b in reversed(BANDS)])
    ax.set_title(gettext("Client portfolio: value at stake per cell", lang))
    return ax


def plot_scorecard(result, *, ax=None, lang: str = "en"):
    """Each indicator's history as a small line, normalised to its own range, with its status.

    Parameters
    ----------
    result : Scorecard
        From :func:`cxtools.portfolio.scorecard`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    lang = check_lang(lang, "plot_scorecard")
    ax = axes_or_current(ax)
    t = result.table
    for i, row in enumerate(t.itertuples(index=False)):
        g = result.history[(result.history["indicator"] == row.indicator)
                           & (result.history["layer"] == row.layer)].dropna(subset=["value"]).sort_values("period")
        y = g["value"].to_numpy(float)
        span = np.ptp(y) if len(y) > 1 and np.ptp(y) > 0 else 1.0
        y0 = len(t) - 1 - i
        ax.plot(np.linspace(0, 1, len(y)) if len(y) > 1 else [1.0], y0 + 0.35 * (y - y.min()) / span,
                color=STATUS_COLOURS[row.status], marker="o", markersize=3)
        ax.text(-0.05, y0 + 0.15, indicator_name(row.indicator, lang=lang), ha="right", va="center", fontsize=9)
        ax.text(1.05, y0 + 0.15, status_name(row.status, lang=lang), ha="left", va="center", fontsize=9,
                color=STATUS_COLOURS[row.status])
    ax.set_xlim(-0.9, 1.6)
    ax.set_ylim(-0.5, len(t))
    ax.set_axis_off()
    ax.set_title(gettext("CX scorecard: trend of each indicator and its status", lang))
    return ax
