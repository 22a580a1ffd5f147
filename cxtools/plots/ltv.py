"""Plots for simple LTV, survival curves, cohort retention and the sBG model (figures of :mod:`cxtools.ltv`).

Every function is ``plot_x(result, *, ax=None, ...) -> Axes``: it takes the result it
draws (a :class:`~cxtools.ltv.survival.KaplanMeierResult`, the table of
:func:`~cxtools.ltv.survival.cohort_retention` or :func:`~cxtools.ltv.simple.segment_ltv`,
a fitted :class:`~cxtools.ltv.sbg.ShiftedBetaGeometricModel`), draws on ``ax`` (default the
current Axes), returns the Axes and never calls ``plt.show()``. Labels are in plain words
with units, in English (``lang="en"``) or Russian (``lang="ru"``, from the ``ltv`` catalogue). Options after the result
are keyword-only; giving them by position still works for one release, with a FutureWarning.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxtools.core.checks import UNSET, numeric_column, renamed
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.i18n import LANGUAGES, check_lang, gettext, pgettext
from cxtools.core.util import axes_or_current as _axes
from cxtools.core.wording import format_money, format_percent
from cxtools.ltv.sbg import ShiftedBetaGeometricModel
from cxtools.ltv.survival import KaplanMeierResult

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def _positional(args: tuple, names: list[str], given: dict[str, Any], *, func: str) -> dict[str, Any]:
    """Options passed by position (the old signatures): mapped to their names, with a FutureWarning."""
    if not args:
        return given
    if len(args) > len(names):
        raise TypeError(f"{func}() takes at most {len(names)} option(s) by position, got {len(args)}")
    taken = names[: len(args)]
    warnings.warn(f"{func}: pass {', '.join(taken)} by keyword ({taken[0]}=...); options by position will stop "
                  "working in the next release", FutureWarning, stacklevel=3)
    out = dict(given)
    for name, value in zip(taken, args):
        if out.get(name) is not None:
            raise TypeError(f"{func}() got {name!r} both by position and by keyword")
        out[name] = value
    return out


def _expect(result: Any, kind: type, func: str, what: str) -> None:
    """Refuse anything but the result the plot draws."""
    if not isinstance(result, kind):
        raise CxParameterError(f"{func}: expected {what}, got {type(result).__name__}")


__all__ = ["plot_survival", "plot_cohort_heatmap", "plot_sbg_projection", "plot_segment_ltv"]

def _units(lang: str) -> dict[str, str]:
    """Time units as an axis label names them ("months"; in Russian an abbreviation)."""
    return {"day": pgettext("time unit on an axis", "days", lang),
            "week": pgettext("time unit on an axis", "weeks", lang),
            "month": pgettext("time unit on an axis", "months", lang),
            "quarter": pgettext("time unit on an axis", "quarters", lang),
            "year": pgettext("time unit on an axis", "years", lang)}


def _words(lang: str, func: str) -> dict[str, Any]:
    """The labels of these figures in ``lang``; an unknown language is refused, naming the choices."""
    check_lang(lang, func)
    return {
        "units": _units(lang),
        "everyone": pgettext("legend entry", "all customers", lang),
        "survival_x": gettext("Time since start ({unit})", lang),
        "survival_y": gettext("Share of customers still active", lang),
        "survival_title": gettext("How long customers stay (Kaplan-Meier)", lang),
        "survival_title_band": gettext("How long customers stay (Kaplan-Meier, shaded: {level} confidence band)",
                                       lang),
        "cohort_bar": pgettext("colour bar", "Share still active", lang),
        "cohort_x": gettext("Months since start", lang),
        "cohort_y": gettext("Cohort ({name})", lang),
        "cohort_start": pgettext("cohort", "start", lang),
        "cohort_title": gettext("Share of each cohort still active (blank = not observed yet)", lang),
        "sbg_name": gettext("sBG model", lang),
        "projected": gettext("{name}: projected", lang),
        "actual": gettext("{name}: actual", lang),
        "end_of_fitting": gettext(" end of fitting data", lang),
        "sbg_x": gettext("Periods since start ({unit})", lang),
        "sbg_y": gettext("Share of cohort still active", lang),
        "sbg_title": gettext("Contract renewals: shifted-beta-geometric projection", lang),
        "segment_x": gettext("Lifetime value per customer ({currency})", lang),
        "segment_y": pgettext("axis", "Segment", lang),
        "segment_title": gettext("What a customer is worth, by segment", lang),
    }


def _cohort_name(name: str, lang: str) -> str:
    """The name of the cohort column in ``lang``: the usual ones translated, any other as given."""
    names = {"start month": pgettext("cohort", "start month", lang),
             "start quarter": pgettext("cohort", "start quarter", lang),
             "start year": pgettext("cohort", "start year", lang)}
    return names.get(name, name)


def plot_survival(result: "KaplanMeierResult", *args, ax=None, band: bool = True, lang: str = "en",
                  ci: Any = UNSET) -> "Axes":
    """Kaplan-Meier curves: share of customers still active by time since start.

    Each group's curve is a step function through ``result.table``'s survival at the
    event times, starting at 1 and running on, flat, to the group's longest observed time.

    Parameters
    ----------
    result : KaplanMeierResult
        From :func:`cxtools.ltv.survival.kaplan_meier`.
    ax : matplotlib Axes, optional
    band : bool, default True
        Shade the pointwise confidence band (``ci`` is its old name).
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    Axes

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete
    observations. *JASA*, 53(282), 457-481.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.survival import kaplan_meier
    >>> df = pd.DataFrame({"t": [1, 2, 3, 4], "e": [1, 0, 1, 1]})
    >>> ax = plot_survival(kaplan_meier(df, duration="t", event="e"))
    >>> ax.get_ylabel()
    'Share of customers still active'
    >>> from cxtools.core.i18n import gettext
    >>> ru = plot_survival(kaplan_meier(df, duration="t", event="e"), lang="ru").get_ylabel()
    >>> ru == gettext("Share of customers still active", "ru") != "Share of customers still active"
    True
    """
    ax = _positional(args, ["ax"], {"ax": ax}, func="plot_survival")["ax"]
    ci = renamed("ci", ci, "band", band, func="plot_survival", default=True)
    words = _words(lang, "plot_survival")
    _expect(result, KaplanMeierResult, "plot_survival", "a KaplanMeierResult from kaplan_meier")
    ax = _axes(ax)
    for label in result.summary.index:
        g = result.table[result.table["group"] == label]
        # the curve runs on, flat, to the group's longest observed (possibly censored) time
        last = max(float(result.summary.loc[label, "last_time"]), float(g["time"].max()) if len(g) else 0.0)

        def extend(values, start=1.0):
            values = np.concatenate([[start], values])
            return np.concatenate([values, values[-1:]])

        times = np.concatenate([[0.0], g["time"].to_numpy(), [last]])
        surv = extend(g["survival"].to_numpy())
        name = str(label) if result.by else words["everyone"]
        line = ax.step(times, surv, where="post", label=name)[0]
        if ci and len(g):
            lo = extend(g["lower"].to_numpy())
            hi = extend(g["upper"].to_numpy())
            ax.fill_between(times, lo, hi, step="post", alpha=0.2, color=line.get_color(), linewidth=0)
    unit = words["units"].get(result.time_unit, f"{result.time_unit}s" if lang == "en" else result.time_unit)
    ax.set_xlabel(words["survival_x"].format(unit=unit))
    ax.set_ylabel(words["survival_y"])
    ax.set_ylim(0, 1.02)
    ax.set_title(words["survival_title_band"].format(level=format_percent(result.confidence, lang=lang)) if ci
                 else words["survival_title"])
    # the legend's title names the grouping column once, in words; entries are its levels
    ax.legend(loc="best", title=str(result.by).replace("_", " ") if result.by else None)
    return ax


def plot_cohort_heatmap(result: pd.DataFrame, *args, ax=None, annotate: bool | None = None,
                        lang: str = "en") -> "Axes":
    """Heat map of a cohort retention table (cohorts down, months since start across).

    Drawn with seaborn's ``heatmap``: cell (i, j) is the share of cohort i still active
    j months after starting. Empty cells (not yet observable) are left blank.

    Parameters
    ----------
    result : DataFrame
        The table of :func:`cxtools.ltv.survival.cohort_retention` (its integer columns
        are drawn; the ``customers`` column is not).
    ax : matplotlib Axes, optional
    annotate : bool, optional
        Write percentages in cells; default only when the table is small.
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    Axes

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention. *Journal
    of Interactive Marketing*, 21(1), 76-90 (a cohort's survivors by period, Table 1).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({0: [1.0, 1.0], 1: [0.9, float("nan")]}, index=["2026-01", "2026-02"])
    >>> plot_cohort_heatmap(t).get_xlabel()
    'Months since start'
    """
    import seaborn as sns

    opts = _positional(args, ["ax"], {"ax": ax}, func="plot_cohort_heatmap")
    words = _words(lang, "plot_cohort_heatmap")
    _expect(result, pd.DataFrame, "plot_cohort_heatmap", "the table of cohort_retention")
    cols = [c for c in result.columns if isinstance(c, int | np.integer) and not isinstance(c, bool)]
    if not cols:
        raise CxDataError("plot_cohort_heatmap: the table has no integer 'months since start' columns; expected "
                          "the output of cohort_retention")
    values = result[cols].astype(float)
    values.index = [str(i) for i in result.index]
    ax = _axes(opts["ax"])
    n_rows, n_cols = values.shape
    if annotate is None:
        annotate = n_rows * n_cols <= 150
    step_x = max(1, n_cols // 12)
    step_y = max(1, n_rows // 20)
    sns.heatmap(values, ax=ax, cmap="viridis", vmin=0, vmax=1, mask=values.isna(), annot=annotate, fmt=".0%",
                annot_kws={"fontsize": 7}, xticklabels=step_x, yticklabels=step_y,
                cbar_kws={"label": words["cohort_bar"]})
    ax.set_xlabel(words["cohort_x"])
    name = result.index.name or words["cohort_start"]
    ax.set_ylabel(words["cohort_y"].format(name=_cohort_name(name, lang)))
    ax.set_title(words["cohort_title"])
    return ax


def plot_sbg_projection(model: "ShiftedBetaGeometricModel", *args, actual=None, ax=None, periods: int | None = None,
                        calibration_periods: int | None = None, label: str | None = None,
                        lang: str = "en") -> "Axes":
    """Projected survival of a fitted sBG model, optionally against actual survival.

    The projection is ``model.survival(t)`` at t = 0, 1, ..., ``periods`` (dashed); the
    actual shares are drawn as given (solid).

    Parameters
    ----------
    model : ShiftedBetaGeometricModel
        Fitted model (the result drawn).
    actual : array-like or Series, optional
        Actual share surviving at periods 0, 1, 2, ... (0 = 1.0); a Series is plotted
        against its index (periods), e.g. a column of ``KaplanMeierResult.survival_at``.
    ax : matplotlib Axes, optional
    periods : int, optional
        Project up to this period (default: twice the fitted periods).
    calibration_periods : int, optional
        Draw a vertical line at the end of the data used for fitting.
    label : str, optional
        Legend name of the series.
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    Axes

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention. *Journal
    of Interactive Marketing*, 21(1), 76-90 (projected against actual survival).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.ltv.sbg import ShiftedBetaGeometricModel
    >>> m = ShiftedBetaGeometricModel(time_unit="year").fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> plot_sbg_projection(m, actual=[1, .631, .468, .382, .326, .289, .262, .241]).get_xlabel()
    'Periods since start (year)'
    """
    opts = _positional(args, ["actual", "ax"], {"actual": actual, "ax": ax}, func="plot_sbg_projection")
    actual = opts["actual"]
    words = _words(lang, "plot_sbg_projection")
    _expect(model, ShiftedBetaGeometricModel, "plot_sbg_projection", "a fitted ShiftedBetaGeometricModel")
    if not getattr(model, "fitted_", False):
        raise CxParameterError("the sBG model is not fitted yet; call .fit(...) first")
    ax = _axes(opts["ax"])
    if periods is None:
        periods = max(2 * int(model.n_periods_), 12)
    t = np.arange(0, periods + 1)
    name = label or words["sbg_name"]
    line = ax.plot(t, model.survival(t), "--", label=words["projected"].format(name=name))[0]
    if actual is not None:
        a = np.asarray(actual, dtype=float)
        x = np.asarray(actual.index, dtype=float) if isinstance(actual, pd.Series) else np.arange(len(a))
        style = "o-" if len(a) <= 25 else "-"  # markers only where they stay readable
        ax.plot(x, a, style, color=line.get_color(), label=words["actual"].format(name=name))
    if calibration_periods is not None:
        ax.axvline(calibration_periods, color="grey", linestyle=":", linewidth=1)
        ax.text(calibration_periods, 0.98, words["end_of_fitting"], va="top", fontsize=8, color="grey")
    ax.set_xlabel(words["sbg_x"].format(unit=model.time_unit if lang == "en"
                                        else words["units"].get(model.time_unit, model.time_unit)))
    ax.set_ylabel(words["sbg_y"])
    ax.set_ylim(0, 1.02)
    ax.set_title(words["sbg_title"])
    ax.legend(loc="best")
    return ax


def plot_segment_ltv(result: pd.DataFrame, *args, ax=None, ltv: str = "ltv", currency: str = "rub",
                     lang: str = "en") -> "Axes":
    """Horizontal bar chart of lifetime value per segment.

    One bar per row of the table, as long as its ``ltv`` value, labelled with the amount.

    Parameters
    ----------
    result : DataFrame
        The table of :func:`cxtools.ltv.simple.segment_ltv` (segments in the index).
    ax : matplotlib Axes, optional
    ltv : str, default "ltv"
        Column drawn.
    currency : str, default "rub"
        Currency of the amounts (ISO code or label), for the axis and the bar labels.
    lang : {"en", "ru"}, default "en"
        Language of the labels (and of the amounts' format).

    Returns
    -------
    Axes

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({"ltv": [1800.0, 6000.0]}, index=["internet", "internet+tv"])
    >>> plot_segment_ltv(t).get_xlabel()
    'Lifetime value per customer (rub)'
    """
    opts = _positional(args, ["ax"], {"ax": ax}, func="plot_segment_ltv")
    words = _words(lang, "plot_segment_ltv")
    values = numeric_column(result, ltv, func="plot_segment_ltv", what="table", allow_missing=False)
    ax = _axes(opts["ax"])
    bars = ax.barh([str(i) for i in result.index], values.to_numpy())
    for bar, v in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {format_money(v, currency=currency, lang=lang)}",
                va="center")
    ax.set_xlabel(words["segment_x"].format(currency=_currency_label(currency, lang)))
    ax.set_ylabel(result.index.name or words["segment_y"])
    ax.set_title(words["segment_title"])
    ax.margins(x=0.15)
    return ax


def _currency_label(currency: str, lang: str) -> str:
    """The currency as the amounts show it: the locale's symbol for an ISO code, else the label as given."""
    from babel.numbers import get_currency_symbol, is_currency

    return get_currency_symbol(currency, locale=LANGUAGES[lang]) if lang != "en" and is_currency(currency) else currency
