"""Tracking a repeat-buying model over calibration and holdout periods.

:func:`repeat_tracking` counts repeat transactions per period in a transaction log
and sets beside them what a fitted BG/NBD or Pareto/NBD model expects for the same
customers, born when they were (the figure Fader & Hardie show first);
:func:`holdout_by_frequency` compares actual with expected holdout transactions by
the number of calibration repeat purchases. The plots are in
:mod:`cxtools.plots.repeat`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxtools.core.errors import CxEmptyDataError, CxParameterError
from cxtools.core.vocabulary import DAYS_PER_UNIT, TIME_UNITS
from cxtools.ltv.models import (BetaGeoModel, ParetoNBDModel, _check_repeat_model, holdout_comparison,
                                holdout_errors)
from cxtools.ltv.inputs import _purchase_days
from cxtools.ltv.rfm import _date

__all__ = ["repeat_tracking", "TrackingResult", "holdout_by_frequency"]



def _day(value: Any, what: str) -> pd.Timestamp:
    ts = _date(value, what)
    return ts.tz_localize(None).normalize() if ts.tzinfo else ts.normalize()


@dataclass(frozen=True)
class TrackingResult:
    """Actual and expected repeat transactions per period.

    Attributes
    ----------
    frame : DataFrame
        One row per period: ``period`` (1, 2, ...), ``period_end`` (last day),
        ``holdout`` (True after the calibration end), ``actual``, ``expected``,
        ``actual_cumulative``, ``expected_cumulative``.
    model : str
        Model label ("BG/NBD" or "Pareto/NBD").
    time_unit : str
        Length of a period (the model's time unit).
    calibration_periods : int
        Number of periods in the calibration window.
    n_customers : int
        Customers tracked (first purchase on or before the calibration end).
    """

    frame: pd.DataFrame
    model: str
    time_unit: str
    calibration_periods: int
    n_customers: int

    def to_frame(self) -> pd.DataFrame:
        """The per-period table."""
        return self.frame.copy()

    def _totals(self) -> pd.DataFrame:
        f = self.frame
        rows = []
        for name, part in (("calibration", f[~f["holdout"]]), ("holdout", f[f["holdout"]])):
            act, exp = float(part["actual"].sum()), float(part["expected"].sum())
            rows.append({"window": name, "periods": len(part), "actual": act, "expected": exp,
                         "error_pct": 100 * (exp - act) / act if act > 0 else math.nan})
        return pd.DataFrame(rows).set_index("window")

    def describe(self) -> str:
        """One plain sentence on the holdout fit."""
        t = self._totals().loc["holdout"]
        unit = self.time_unit if self.time_unit in TIME_UNITS else "period"
        return (f"Over the {int(t['periods'])}-{unit} holdout the {self.model} model expected "
                f"{t['expected']:,.0f} repeat transactions from {self.n_customers:,} customers; "
                f"{t['actual']:,.0f} happened ({t['error_pct']:+.1f} %).")

    def report_table(self) -> pd.DataFrame:
        """Stakeholder table: actual vs expected repeat transactions in calibration and holdout."""
        t = self._totals()
        return pd.DataFrame({
            "Window": ["Calibration", "Holdout"],
            "Periods": t["periods"].to_numpy(),
            "Actual repeat transactions": t["actual"].round(0).to_numpy(),
            f"Expected ({self.model})": t["expected"].round(1).to_numpy(),
            "Error (%)": t["error_pct"].round(1).to_numpy(),
        })

    def _repr_html_(self) -> str:
        return self.report_table().to_html(index=False)

    def __repr__(self) -> str:
        t = self._totals()
        return (f"TrackingResult({self.model}, {self.n_customers} customers, {len(self.frame)} periods of "
                f"1 {self.time_unit}; calibration actual {t.loc['calibration', 'actual']:.0f} vs expected "
                f"{t.loc['calibration', 'expected']:.1f}, holdout actual {t.loc['holdout', 'actual']:.0f} vs "
                f"expected {t.loc['holdout', 'expected']:.1f})")


def repeat_tracking(
    transactions: pd.DataFrame,
    model: BetaGeoModel | ParetoNBDModel,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    exclude: str | None = None,
) -> TrackingResult:
    """Repeat transactions per period, actual vs expected, across calibration and holdout.

    Actual: repeat purchase days (every purchase day of a customer after the
    first, as in :func:`~cxtools.ltv.rfm.rfm_summary`) of the customers whose
    first purchase is on or before ``calibration_end``, counted per period of
    one model time unit, aligned so that a period ends on ``calibration_end``
    (the first and the last period may be shorter), so the calibration and
    holdout totals equal those of
    :func:`~cxtools.ltv.rfm.calibration_holdout_summary`. Expected: for
    each customer born on day d, E[X(t)] of a new customer (the model's
    unconditional expectation) with t the time from d to the period's last
    day, summed over customers; incremental values are differences of the
    cumulative ones.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase, with ``customer`` and ``timestamp`` columns.
    model : BetaGeoModel or ParetoNBDModel
        Fitted on the calibration summary of the same log (its ``time_unit``
        is the period length).
    calibration_end : date-like
        Last day of the calibration period.
    observation_end : date-like, optional
        Last day tracked (default: the last purchase day).
    customer, timestamp : str
        Column names.
    exclude : str, optional
        Boolean column marking rows to leave out (e.g. refunds), as in
        :func:`~cxtools.ltv.rfm.rfm_summary`.

    Returns
    -------
    TrackingResult

    Raises
    ------
    CxDataError
        Missing customer ids or unreadable timestamps (rows named).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figures 2 and 3 (weekly and
    cumulative repeat transactions, CDNOW, 39 + 39 weeks).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> bg = BetaGeoModel(time_unit="week").fit(cal)
    >>> track = repeat_tracking(log, bg, timestamp="date", calibration_end="1997-09-30",
    ...                         observation_end="1998-06-30")
    >>> track.calibration_periods, len(track.frame)
    (39, 78)
    >>> print(track.report_table().to_string(index=False))
         Window  Periods  Actual repeat transactions  Expected (BG/NBD)  Error (%)
    Calibration       39                      2457.0             2494.0        1.5
        Holdout       39                      1882.0             1666.7      -11.4
    """
    _check_repeat_model(model)
    if hasattr(transactions, "to_pandas") and not isinstance(transactions, pd.DataFrame):
        # an engine table: only the columns the daily counts need come back
        transactions = transactions.to_pandas()[[c for c in (customer, timestamp, exclude) if c]]
    transactions, days = _purchase_days(transactions, customer=customer, timestamp=timestamp, exclude=exclude)
    cal_end = _day(calibration_end, "calibration_end")
    end = _day(observation_end, "observation_end") if observation_end is not None else days.max().normalize()
    if cal_end >= end:
        raise CxParameterError(f"calibration_end ({cal_end.date()}) must be before observation_end ({end.date()})")
    log = pd.DataFrame({"c": transactions[customer].to_numpy(), "d": days.dt.normalize().to_numpy()})
    log = log[log["d"] <= end].drop_duplicates()
    first = log.groupby("c", sort=False)["d"].min()
    first = first[first <= cal_end]
    if first.empty:
        raise CxEmptyDataError(f"no customer made a first purchase on or before calibration_end={cal_end.date()}")
    origin = first.min()
    log = log[log["c"].isin(first.index)]
    repeat_day = (log["d"] - origin).dt.days.to_numpy()[(log["d"].to_numpy() != first.loc[log["c"]].to_numpy())]

    unit_days = DAYS_PER_UNIT[model.time_unit]
    n_days = int((end - origin).days) + 1
    cal_day = int((cal_end - origin).days)
    # periods of one time unit, aligned so that one ends on the calibration end; the first
    # and the last may be shorter. ``last`` = each period's last day, counted from the origin.
    back = cal_day - np.floor(unit_days * np.arange(0, cal_day / unit_days + 1)).astype(int)
    fwd = cal_day + np.floor(unit_days * np.arange(1, (n_days - 1 - cal_day) / unit_days + 1)).astype(int)
    last = np.concatenate([back[back >= 0][::-1], fwd[fwd <= n_days - 1]])
    if last[-1] < n_days - 1:
        last = np.append(last, n_days - 1)
    n_periods = last.size
    actual_cum = np.searchsorted(np.sort(repeat_day), last, side="right").astype(float)
    birth = (first - origin).dt.days.to_numpy()
    ub, nb = np.unique(birth, return_counts=True)
    elapsed = np.maximum(last[:, None] - ub[None, :], 0) / unit_days  # periods x birth days
    ex = model._unconditional(model.params_.to_numpy(), elapsed.ravel()).reshape(elapsed.shape)
    expected_cum = ex @ nb.astype(float)
    frame = pd.DataFrame({
        "period": np.arange(1, n_periods + 1),
        "period_end": origin + pd.to_timedelta(last, unit="D"),
        "holdout": last > cal_day,
        "actual": np.diff(actual_cum, prepend=0.0),
        "expected": np.diff(expected_cum, prepend=0.0),
        "actual_cumulative": actual_cum,
        "expected_cumulative": expected_cum,
    })
    return TrackingResult(frame=frame, model=model._label, time_unit=model.time_unit,
                          calibration_periods=int((~frame["holdout"]).sum()), n_customers=int(first.size))


def holdout_by_frequency(
    model: BetaGeoModel | ParetoNBDModel,
    calibration_summary: pd.DataFrame,
    *,
    max_frequency: int = 7,
) -> pd.DataFrame:
    """Actual vs expected holdout transactions per customer, by calibration repeat purchases.

    Customers are grouped by their calibration repeat purchases (0, 1, ...,
    ``max_frequency`` and more); per group the mean actual holdout transactions
    and the mean conditional expectation E[Y(t) | x, t_x, T] over the holdout
    length (:func:`~cxtools.ltv.models.holdout_comparison`), with the error.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted on the calibration columns.
    calibration_summary : DataFrame
        Output of :func:`~cxtools.ltv.rfm.calibration_holdout_summary`.
    max_frequency : int
        Highest group; larger frequencies are pooled into it ("7+").

    Returns
    -------
    DataFrame
        Index ``group`` ("0", "1", ..., "7+"); columns ``frequency_cal``,
        ``customers``, ``actual``, ``expected``, ``error`` (expected - actual),
        ``error_pct``. ``attrs["overall"]`` holds the
        :class:`~cxtools.ltv.models.HoldoutErrors` of all customers, ``attrs["model"]``
        the model label.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figure 4.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> table = holdout_by_frequency(BetaGeoModel(time_unit="week").fit(cal), cal)
    >>> list(table.index)
    ['0', '1', '2', '3', '4', '5', '6', '7+']
    >>> int(table["customers"].sum())
    2357
    """
    _check_repeat_model(model)
    if int(max_frequency) < 1:
        raise CxParameterError(f"max_frequency must be >= 1, got {max_frequency!r}")
    table = holdout_comparison(model, calibration_summary, max_frequency=int(max_frequency))
    out = table.rename(columns={"predicted": "expected"})
    out["error"] = out["expected"] - out["actual"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["error_pct"] = np.where(out["actual"] > 0, 100 * out["error"] / out["actual"], np.nan)
    labels = [str(i) for i in out.index]
    if len(labels) and out.index.max() == int(max_frequency):
        labels[-1] = f"{int(max_frequency)}+"
    out = out.reset_index().set_index(pd.Index(labels, name="group"))
    out.attrs["overall"] = holdout_errors(model, calibration_summary)
    out.attrs["model"] = model._label
    out.attrs["duration_holdout"] = float(calibration_summary["duration_holdout"].iloc[0])
    out.attrs["time_unit"] = model.time_unit
    return out
