"""Plots for simple LTV, survival curves, cohort retention and the sBG model.

Every function takes ``ax=None`` (then draws on ``plt.gca()``), returns the Axes
and never calls ``plt.show()``. Labels are in plain words with units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cxtools._util import axes_or_current as _axes
from cxtools.errors import CxDataError, CxParameterError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from cxtools.ltv.sbg import ShiftedBetaGeometric
    from cxtools.ltv.survival import KaplanMeierResult

__all__ = ["plot_survival", "plot_cohort_heatmap", "plot_sbg_projection", "plot_segment_ltv"]


def plot_survival(result: "KaplanMeierResult", ax=None, *, ci: bool = True) -> "Axes":
    """Kaplan-Meier curves: share of customers still active by time since start.

    Parameters
    ----------
    result : KaplanMeierResult
        From :func:`cxtools.ltv.survival.kaplan_meier`.
    ax : matplotlib Axes, optional
    ci : bool, default True
        Shade the pointwise confidence band.

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
    """
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
        name = str(label) if result.by else "all customers"
        line = ax.step(times, surv, where="post", label=name)[0]
        if ci and len(g):
            lo = extend(g["lower"].to_numpy())
            hi = extend(g["upper"].to_numpy())
            ax.fill_between(times, lo, hi, step="post", alpha=0.2, color=line.get_color(), linewidth=0)
    ax.set_xlabel(f"Time since start ({result.unit}s)")
    ax.set_ylabel("Share of customers still active")
    ax.set_ylim(0, 1.02)
    ax.set_title("How long customers stay (Kaplan-Meier"
                 + (f", shaded: {1 - result.alpha:.0%} confidence band)" if ci else ")"))
    # the legend's title names the grouping column once, in words; entries are its levels
    ax.legend(loc="best", title=str(result.by).replace("_", " ") if result.by else None)
    return ax


def plot_cohort_heatmap(table: pd.DataFrame, ax=None, *, annotate: bool | None = None) -> "Axes":
    """Heat map of a cohort retention table (cohorts down, months since start across).

    Empty cells (not yet observable) are left blank.

    Parameters
    ----------
    table : DataFrame
        From :func:`cxtools.ltv.survival.cohort_retention` (integer columns are used;
        a ``customers`` column is ignored).
    ax : matplotlib Axes, optional
    annotate : bool, optional
        Write percentages in cells; default only when the table is small.

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
    cols = [c for c in table.columns if isinstance(c, int | np.integer)]
    if not cols:
        raise CxDataError("table has no integer 'months since start' columns; expected the output of cohort_retention")
    values = table[cols].to_numpy(dtype=float)
    ax = _axes(ax)
    masked = np.ma.masked_invalid(values)
    im = ax.imshow(masked, aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
    ax.figure.colorbar(im, ax=ax, label="Share still active")
    n_rows, n_cols = values.shape
    step_x = max(1, n_cols // 12)
    step_y = max(1, n_rows // 20)
    ax.set_xticks(range(0, n_cols, step_x), [str(c) for c in cols[::step_x]])
    ax.set_yticks(range(0, n_rows, step_y), [str(i) for i in table.index[::step_y]])
    if annotate is None:
        annotate = n_rows * n_cols <= 150
    if annotate:
        for i in range(n_rows):
            for j in range(n_cols):
                if np.isfinite(values[i, j]):
                    ax.text(j, i, f"{values[i, j]:.0%}", ha="center", va="center", fontsize=7,
                            color="white" if values[i, j] < 0.6 else "black")
    ax.set_xlabel("Months since start")
    ax.set_ylabel(f"Cohort ({table.index.name or 'start'})")
    ax.set_title("Share of each cohort still active (blank = not observed yet)")
    return ax


def plot_sbg_projection(model: "ShiftedBetaGeometric", actual=None, ax=None, *, periods: int | None = None,
                        calibration_periods: int | None = None, label: str | None = None) -> "Axes":
    """Projected survival of a fitted sBG model, optionally against actual survival.

    Parameters
    ----------
    model : ShiftedBetaGeometric
        Fitted model.
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
    >>> from cxtools.ltv.sbg import ShiftedBetaGeometric
    >>> m = ShiftedBetaGeometric(period="year").fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> plot_sbg_projection(m, [1, .631, .468, .382, .326, .289, .262, .241]).get_xlabel()
    'Periods since start (year)'
    """
    if not getattr(model, "fitted_", False):
        raise CxParameterError("the sBG model is not fitted yet; call .fit(...) first")
    ax = _axes(ax)
    if periods is None:
        periods = max(2 * int(model.n_periods_), 12)
    t = np.arange(0, periods + 1)
    name = label or "sBG model"
    line = ax.plot(t, model.survival(t), "--", label=f"{name}: projected")[0]
    if actual is not None:
        a = np.asarray(actual, dtype=float)
        x = np.asarray(actual.index, dtype=float) if isinstance(actual, pd.Series) else np.arange(len(a))
        style = "o-" if len(a) <= 25 else "-"  # markers only where they stay readable
        ax.plot(x, a, style, color=line.get_color(), label=f"{name}: actual")
    if calibration_periods is not None:
        ax.axvline(calibration_periods, color="grey", linestyle=":", linewidth=1)
        ax.text(calibration_periods, 0.98, " end of fitting data", va="top", fontsize=8, color="grey")
    ax.set_xlabel(f"Periods since start ({model.period})")
    ax.set_ylabel("Share of cohort still active")
    ax.set_ylim(0, 1.02)
    ax.set_title("Contract renewals: shifted-beta-geometric projection")
    ax.legend(loc="best")
    return ax


def plot_segment_ltv(table: pd.DataFrame, ax=None, *, ltv: str = "ltv", currency: str = "rub") -> "Axes":
    """Horizontal bar chart of lifetime value per segment.

    Parameters
    ----------
    table : DataFrame
        From :func:`cxtools.ltv.simple.segment_ltv` (segments in the index).
    ax : matplotlib Axes, optional
    ltv : str, default "ltv"
    currency : str, default "rub"

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
    ax = _axes(ax)
    values = table[ltv].astype(float)
    bars = ax.barh([str(i) for i in table.index], values)
    for bar, v in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {v:,.0f}", va="center")
    ax.set_xlabel(f"Lifetime value per customer ({currency})")
    ax.set_ylabel(table.index.name or "Segment")
    ax.set_title("What a customer is worth, by segment")
    ax.margins(x=0.15)
    return ax
