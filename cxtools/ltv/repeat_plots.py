"""Plots for the repeat-buying models of :mod:`cxtools.ltv.models`.

Every function takes ``ax=None`` (then the current Axes), returns the Axes and
never calls ``plt.show()``.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from cxtools._util import axes_or_current
from cxtools.errors import CxParameterError
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel, holdout_comparison

__all__ = ["plot_calibration_holdout", "plot_frequency_recency_matrix", "plot_probability_alive_matrix",
           "plot_repeat_tracking", "plot_holdout_by_frequency"]

_UNIT_WORDS = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}


def _unit(model: Any) -> str:
    return _UNIT_WORDS.get(getattr(model, "time_unit", ""), "time units")


def _check_model(model: Any) -> None:
    if not isinstance(model, (BetaGeoModel, ParetoNBDModel)):
        raise CxParameterError("model must be a fitted BetaGeoModel or ParetoNBDModel")
    model._check_fitted()


def plot_calibration_holdout(
    model: BetaGeoModel | ParetoNBDModel,
    calibration_summary: pd.DataFrame,
    *,
    max_frequency: int = 7,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Actual vs predicted purchases in the holdout period, by calibration frequency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted on the calibration columns of ``calibration_summary``.
    calibration_summary : DataFrame
        Output of :func:`~cxtools.ltv.rfm.calibration_holdout_summary`.
    max_frequency : int
        Higher calibration frequencies are pooled ("7+").
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figure 4.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> ax = plot_calibration_holdout(BetaGeoModel().fit(cal), cal)
    >>> ax.get_xlabel()
    'Repeat purchases in the calibration period'
    """
    _check_model(model)
    table = holdout_comparison(model, calibration_summary, max_frequency=max_frequency)
    ax = axes_or_current(ax)
    labels = [str(i) for i in table.index]
    if len(labels) and table.index.max() == max_frequency:
        labels[-1] = f"{max_frequency}+"
    pos = np.arange(len(table))
    ax.plot(pos, table["actual"], marker="o", label="Actual")
    ax.plot(pos, table["predicted"], marker="s", linestyle="--", label=f"Predicted ({model._label})")
    ax.set_xticks(pos, labels)
    dur = float(calibration_summary["duration_holdout"].iloc[0])
    ax.set_xlabel("Repeat purchases in the calibration period")
    ax.set_ylabel(f"Mean purchases per customer in the {dur:.0f}-{_unit(model)[:-1]} holdout")
    ax.set_title("Does the model predict the holdout period?")
    ax.legend()
    return ax


def _grid(model, max_frequency, max_recency, T):
    if T is None:
        raise CxParameterError("give T, the customer age (in the model's time unit) for the matrix")
    T = float(T)
    if max_recency is None:
        max_recency = T
    if max_frequency is None:
        max_frequency = 40
    if max_recency > T or max_recency <= 0 or max_frequency < 1:
        raise CxParameterError("need 0 < max_recency <= T and max_frequency >= 1")
    freq = np.arange(0, int(max_frequency) + 1, dtype=float)
    rec = np.linspace(0, max_recency, 60)
    X, R = np.meshgrid(freq, rec)
    valid = ~((X == 0) & (R > 0))  # one-time buyers have recency 0 by definition
    R = np.where(X == 0, 0.0, R)
    return freq, rec, X, R, valid, T


def _matrix_plot(Z, freq, rec, ax, title, cbar_label, unit):
    ax = axes_or_current(ax)
    mesh = ax.pcolormesh(freq, rec, Z, shading="nearest", cmap="viridis")
    ax.figure.colorbar(mesh, ax=ax, label=cbar_label)
    ax.set_xlabel("Repeat purchases so far (frequency)")
    ax.set_ylabel(f"Customer age at last purchase ({unit}, recency)")
    ax.set_title(title)
    return ax


def plot_frequency_recency_matrix(
    model: BetaGeoModel | ParetoNBDModel,
    *,
    t: float = 1.0,
    T: float | None = None,
    max_frequency: int | None = None,
    max_recency: float | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Expected purchases in the next ``t`` time units for every frequency and recency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted.
    t : float
        Horizon in the model's ``time_unit``.
    T : float
        Customer age at the end of observation (same unit), the same for all cells.
    max_frequency : int, optional
        Largest frequency shown (default 40).
    max_recency : float, optional
        Largest recency shown (default ``T``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using
    iso-value curves for customer base analysis. JMR 42(4), 415-430, Figure 3.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> ax = plot_frequency_recency_matrix(BetaGeoModel().fit(cdnow), t=39, T=38.86)
    >>> ax.get_title()
    'Expected purchases in the next 39 weeks'
    """
    _check_model(model)
    freq, rec, X, R, valid, T = _grid(model, max_frequency, max_recency, T)
    Z = model.expected_purchases(t, (X.ravel(), R.ravel(), np.full(X.size, T))).to_numpy().reshape(X.shape)
    Z = np.where(valid, Z, np.nan)
    unit = _unit(model)
    return _matrix_plot(Z, freq, rec, ax, f"Expected purchases in the next {t:g} {unit}",
                        "Expected purchases", unit)


def plot_probability_alive_matrix(
    model: BetaGeoModel | ParetoNBDModel,
    *,
    T: float | None = None,
    max_frequency: int | None = None,
    max_recency: float | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Probability that a customer is still active, for every frequency and recency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted.
    T : float
        Customer age at the end of observation (model's ``time_unit``).
    max_frequency, max_recency, ax
        As in :func:`plot_frequency_recency_matrix`.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way, eq. (11).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> ax = plot_probability_alive_matrix(BetaGeoModel().fit(cdnow), T=38.86)
    >>> ax.get_title()
    'Probability the customer is still active (age 38.86 weeks)'
    """
    _check_model(model)
    freq, rec, X, R, valid, T = _grid(model, max_frequency, max_recency, T)
    Z = model.probability_alive((X.ravel(), R.ravel(), np.full(X.size, T))).to_numpy().reshape(X.shape)
    Z = np.where(valid, Z, np.nan)
    unit = _unit(model)
    ax = _matrix_plot(Z, freq, rec, ax, f"Probability the customer is still active (age {T:g} {unit})",
                      "Probability still active", unit)
    return ax


def plot_repeat_tracking(
    result: Any,
    *,
    cumulative: bool = False,
    show_actual: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Repeat transactions per period, actual vs expected, with the calibration end marked.

    Parameters
    ----------
    result : TrackingResult
        Output of :func:`~cxtools.ltv.tracking.repeat_tracking`.
    cumulative : bool
        Cumulative totals instead of transactions per period.
    show_actual : bool
        Draw the actual line (set False to add a second model's expectation to
        an Axes that already shows it).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figures 2 and 3.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> from cxtools.ltv.tracking import repeat_tracking
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> track = repeat_tracking(log, BetaGeoModel().fit(cal), timestamp="date",
    ...                         calibration_end="1997-09-30", observation_end="1998-06-30")
    >>> ax = plot_repeat_tracking(track, cumulative=True)
    >>> ax.get_ylabel()
    'Cumulative repeat transactions'
    """
    from cxtools.ltv.tracking import TrackingResult

    if not isinstance(result, TrackingResult):
        raise CxParameterError("result must be the TrackingResult of cxtools.ltv.repeat_tracking()")
    f = result.frame
    ax = plt.gca() if ax is None else ax
    col = "_cumulative" if cumulative else ""
    unit = _UNIT_WORDS.get(result.time_unit, "periods")
    if show_actual:
        ax.plot(f["period"], f[f"actual{col}"], color="black", label="Actual")
    ax.plot(f["period"], f[f"expected{col}"], linestyle="--", label=f"Expected ({result.model})")
    ax.axvline(result.calibration_periods + 0.5, color="grey", linestyle=":", linewidth=1)
    ax.annotate("end of calibration", xy=(result.calibration_periods + 0.5, 0.98), xycoords=("data", "axes fraction"),
                ha="right", va="top", fontsize="small", color="grey", rotation=90)
    ax.set_xlabel(f"{unit[:-1].capitalize()} since the first customer's first purchase")
    ax.set_ylabel("Cumulative repeat transactions" if cumulative else f"Repeat transactions per {unit[:-1]}")
    ax.set_title(f"Repeat transactions of {result.n_customers:,} customers: actual vs model")
    ax.legend()
    return ax


def plot_holdout_by_frequency(table: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Mean holdout transactions per customer, actual vs expected, by calibration repeat purchases.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`~cxtools.ltv.tracking.holdout_by_frequency`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figure 4.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> from cxtools.ltv.tracking import holdout_by_frequency
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> ax = plot_holdout_by_frequency(holdout_by_frequency(BetaGeoModel().fit(cal), cal))
    >>> [t.get_text() for t in ax.get_xticklabels()][-1]
    '7+'
    """
    needed = {"actual", "expected"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise CxParameterError("table must be the DataFrame of cxtools.ltv.holdout_by_frequency()")
    ax = plt.gca() if ax is None else ax
    pos = np.arange(len(table))
    model = table.attrs.get("model", "model")
    ax.plot(pos, table["actual"].to_numpy(), marker="o", color="black", label="Actual")
    ax.plot(pos, table["expected"].to_numpy(), marker="s", linestyle="--", label=f"Expected ({model})")
    ax.set_xticks(pos, [str(i) for i in table.index])
    ax.set_xlabel("Repeat purchases in the calibration period")
    dur, unit = table.attrs.get("duration_holdout"), _UNIT_WORDS.get(table.attrs.get("time_unit", ""), "")
    what = f"the {dur:.0f}-{unit[:-1]} holdout" if dur and unit else "the holdout"
    ax.set_ylabel(f"Transactions per customer in {what}")
    ax.set_title("Holdout transactions by calibration frequency: actual vs expected")
    ax.legend()
    return ax
