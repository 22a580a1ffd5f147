"""Customer lifetime from history, with right-censoring handled properly.

Many customers in a subscription history are still active on the day the data
were pulled: their lifetime is only known to be *at least* as long as observed
(right-censored). Averaging only the closed relationships keeps the short ones
and drops the long ones, so it underestimates lifetime; treating the open ones
as if they had ended also underestimates it. Kaplan-Meier survival curves use
every customer for as long as they were observed.

Functions
---------
subscription_durations
    Duration (in months, weeks, days or years) and an event flag from start/end dates.
naive_lifetime
    The biased averages, shown next to the honest estimate.
kaplan_meier
    Kaplan-Meier survival by group with confidence bands, median lifetime with CI
    and restricted mean lifetime (RMST) with its standard error.
logrank_test
    Do the survival curves of the groups differ?
churn_hazard_ratios
    Hazard ratios of churn (Cox proportional-hazards model), adjusted for other columns.
constant_churn_rate
    The churn rate per period under a constant hazard, when a curve cannot be modelled.
cohort_retention
    Share of each start-month cohort still active k months later, empty where a
    cohort has not been observed that long.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import (
    UNSET,
    check_choice,
    check_confidence,
    numeric_column,
    renamed,
    require_columns,
    require_rows,
    rows_preview,
)
from cxtools.core.results import Result
from cxtools.core.util import as_list as _as_list
from cxtools.core.errors import CxConvergenceError, CxDataError, CxDataWarning, CxParameterError
import cxtools.ltv
from cxtools.core import vocabulary
from cxtools.core.vocabulary import DAYS_PER_UNIT
from cxtools.ltv.inputs import _event_flags, _unit_label
from cxtools.core.wording import format_interval, format_p_value, p_phrase

__all__ = [
    "subscription_durations",
    "naive_lifetime",
    "kaplan_meier",
    "KaplanMeierResult",
    "logrank_test",
    "LogRankResult",
    "churn_hazard_ratios",
    "CoxResult",
    "constant_churn_rate",
    "cohort_retention",
]



def _rows(index, mask) -> str:
    return rows_preview(pd.Index(index)[np.asarray(mask)])


def _require_columns(data: pd.DataFrame, columns: Sequence[str], *, func: str, what: str = "data") -> None:
    require_columns(data, columns, func=func, what=what)
    require_rows(data, func=func, what=what)


def _parse_dates(data: pd.DataFrame, column: str, *, allow_missing: bool, what: str, func: str) -> pd.Series:
    raw = data[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed, missing = raw, raw.isna()
    else:
        parsed = pd.to_datetime(raw, errors="coerce", format="ISO8601")
        missing = raw.isna() | (raw.astype("str").str.strip() == "")
    bad = parsed.isna() & ~missing
    if bad.any():
        raise CxDataError(
            f"{func}: column {column!r} of subscriptions ({what}) cannot be read as dates in rows "
            f"{_rows(data.index, bad)} "
            f"(values {list(raw[bad].head(5))}); expected ISO dates YYYY-MM-DD"
        )
    if not allow_missing and missing.any():
        raise CxDataError(f"{func}: column {column!r} of subscriptions ({what}) has missing dates in rows "
                          f"{_rows(data.index, missing)}")
    return parsed


def subscription_durations(
    subscriptions: pd.DataFrame,
    *,
    as_of,
    start: str = "start_date",
    end: str = "end_date",
    time_unit: Literal["day", "week", "month", "quarter", "year"] = "month",
    unit: Any = UNSET,
) -> pd.DataFrame:
    """Duration and event flag of each relationship, from start and end dates.

    A relationship with an end date on or before ``as_of`` ended (``event=True``)
    after ``end - start``. One with no end date, or an end date after ``as_of``
    (a termination not yet effective on that day), was still active: it is
    right-censored at ``as_of - start`` (``event=False``).

    Parameters
    ----------
    subscriptions : DataFrame
        One row per contract.
    as_of : date-like
        End of the observation window (``"2026-06-30"`` for the sample data).
    start, end : str
        Columns with the start and (possibly empty) end dates.
    time_unit : {"day", "week", "month", "quarter", "year"}, default "month"
        Unit of the durations; a month is 365.25 / 12 = 30.44 days. ``unit`` is its old
        name (FutureWarning).

    Returns
    -------
    DataFrame
        A copy of ``subscriptions`` (same index) with two added columns:
        ``duration_<time_unit>s`` (float) and ``event`` (bool, True = relationship ended).

    Raises
    ------
    CxDataError
        Unreadable or missing start dates, ends before starts, starts after ``as_of``.

    References
    ----------
    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis: Techniques for
    Censored and Truncated Data* (2nd ed.), section 3.2 (right censoring).

    Examples
    --------
    >>> import pandas as pd
    >>> subs = pd.DataFrame({"start_date": ["2025-01-01", "2025-06-30"],
    ...                      "end_date": ["2025-12-31", None]})
    >>> out = subscription_durations(subs, as_of="2026-06-30")
    >>> out[["duration_months", "event"]].round(2)
       duration_months  event
    0            11.96   True
    1            11.99  False
    """
    func = "subscription_durations"
    unit = renamed("unit", unit, "time_unit", time_unit, func=func, default="month")
    _require_columns(subscriptions, [start, end], func=func, what="subscriptions")
    unit = vocabulary.time_unit(unit, func=func)
    try:
        as_of_ts = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise CxParameterError(f"{func}: as_of must be a date such as '2026-06-30', got {as_of!r}") from None
    if pd.isna(as_of_ts):
        raise CxParameterError(f"{func}: as_of must be a date such as '2026-06-30', got a missing value")
    s = _parse_dates(subscriptions, start, allow_missing=False, what="contract start date", func=func)
    e = _parse_dates(subscriptions, end, allow_missing=True, what="contract end date", func=func)
    late = (s > as_of_ts).to_numpy()
    if late.any():
        raise CxDataError(
            f"{func}: column {start!r} of subscriptions: rows {_rows(subscriptions.index, late)} start after "
            f"as_of={as_of_ts.date()}; expected every contract to start inside the observation window"
        )
    backwards = (e.notna() & (e < s)).to_numpy()
    if backwards.any():
        raise CxDataError(
            f"{func}: columns {start!r}/{end!r} of subscriptions: rows {_rows(subscriptions.index, backwards)} "
            "end before they start; expected end_date >= start_date"
        )
    event = (e.notna() & (e <= as_of_ts)).to_numpy()
    stop = e.where(pd.Series(event, index=e.index), as_of_ts)
    days = (stop - s).dt.total_seconds().to_numpy() / 86400.0
    out = subscriptions.copy()
    out[f"duration_{unit}s"] = days / DAYS_PER_UNIT[unit]
    out["event"] = event
    return out


def _duration_event(data: pd.DataFrame, duration: str, event: str, func: str) -> tuple[np.ndarray, np.ndarray]:
    _require_columns(data, [duration, event], func=func)
    t = numeric_column(data, duration, func=func, low=0, allow_missing=False, coerce_text=True).to_numpy()
    ev = data[event]
    e, ok = _event_flags(ev)
    if not ok.all():
        raise CxDataError(
            f"{func}: column {event!r} must be True/False or 1/0 (1 = the relationship ended); "
            f"rows {_rows(data.index, ~ok)} hold {list(ev[~ok].head(5))}"
        )
    return t, e


def _groups(data: pd.DataFrame, by: str | None, func: str):
    if by is None:
        yield "all", np.ones(len(data), dtype=bool)
        return
    require_columns(data, [by], func=func)
    g = data[by]
    if g.isna().any():
        raise CxDataError(f"{func}: column {by!r} has missing group labels in rows {_rows(data.index, g.isna())}")
    for label in sorted(g.unique(), key=lambda v: (str(type(v)), v)):
        yield label, (g == label).to_numpy()


def naive_lifetime(data: pd.DataFrame, *, duration: str, event: str, by: str | None = None) -> pd.DataFrame:
    """The two tempting but biased averages of customer lifetime.

    - ``mean_closed``: the mean duration of relationships that have ended. It
      leaves out every customer still active -- and those are, on average, the
      long-lived ones -- so it is biased downwards.
    - ``mean_all_as_if_closed``: the mean over everybody, pretending the active
      ones left on the observation date. Also biased downwards.

    Compare them with :func:`kaplan_meier` (median and RMST), which use the
    censored customers correctly.

    Parameters
    ----------
    data : DataFrame
        One row per relationship, e.g. from :func:`subscription_durations`.
    duration : str
        Column with the observed time (in any unit; results are in that unit).
    event : str
        Column, True/1 if the relationship ended, False/0 if still active (censored).
    by : str, optional
        Column to group by.

    Returns
    -------
    DataFrame
        One row per group: ``customers``, ``closed``, ``still_active``,
        ``share_still_active``, ``mean_closed``, ``mean_all_as_if_closed``.

    References
    ----------
    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis* (2nd ed.),
    section 1.1 and chapter 3 (why censored observations cannot be dropped).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [2, 4, 10, 12], "ended": [1, 1, 0, 0]})
    >>> naive_lifetime(df, duration="months", event="ended")[["mean_closed", "mean_all_as_if_closed"]]
           mean_closed  mean_all_as_if_closed
    group
    all            3.0                    7.0
    """
    t, e = _duration_event(data, duration, event, "naive_lifetime")
    rows = []
    for label, mask in _groups(data, by, "naive_lifetime"):
        tt, ee = t[mask], e[mask]
        rows.append(
            {
                "group": label,
                "customers": int(mask.sum()),
                "closed": int(ee.sum()),
                "still_active": int((~ee).sum()),
                "share_still_active": float((~ee).mean()),
                "mean_closed": float(tt[ee].mean()) if ee.any() else np.nan,
                "mean_all_as_if_closed": float(tt.mean()),
            }
        )
    return pd.DataFrame(rows).set_index("group").rename_axis(by or "group")


def _rmst(times: np.ndarray, surv: np.ndarray, n_risk: np.ndarray, n_events: np.ndarray, tau: float):
    """RMST up to tau and its Greenwood-type standard error.

    ``times`` are the distinct event times with KM survival ``surv`` just after each.
    """
    keep = times <= tau
    t, s, n, d = times[keep], surv[keep], n_risk[keep], n_events[keep]
    # S is 1 on [0, t1), s_j on [t_j, t_{j+1}), last s on [t_k, tau]
    knots = np.concatenate([[0.0], t, [tau]])
    levels = np.concatenate([[1.0], s])
    widths = np.diff(knots)
    rmst = float(np.sum(levels * widths))
    # A_j = integral of S from t_j to tau
    area_after = np.cumsum((levels * widths)[::-1])[::-1][1:]  # area from t_j to tau for each j
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(n > d, area_after**2 * d / (n * (n - d)), 0.0)
    var = float(np.sum(terms))
    return rmst, float(np.sqrt(var))


@dataclass(frozen=True)
class KaplanMeierResult(Result):
    """Kaplan-Meier survival curves and lifetime summaries, per group.

    Attributes
    ----------
    table : DataFrame
        Survival curve at every distinct event time, per group: ``group``, ``time``,
        ``at_risk``, ``events``, ``survival``, ``se`` (Greenwood), ``lower``,
        ``upper`` (pointwise log-log confidence band).
    summary : DataFrame
        One row per group: ``customers``, ``events``, ``censored``, ``last_time`` (longest
        observed time), ``median``,
        ``median_lower``, ``median_upper`` (NaN = not reached in the data),
        ``rmst``, ``rmst_se``, ``rmst_lower``, ``rmst_upper``, ``horizon``.
    horizon : float
        Upper limit of the restricted mean.
    confidence : float
        Level of the bands and intervals (0.95).
    time_unit : str
        Time unit of durations.
    by : str or None
        Grouping column.
    """

    table: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    horizon: float
    confidence: float
    time_unit: str
    by: str | None

    @property
    def alpha(self) -> float:
        """``1 - confidence`` (old attribute; use :attr:`confidence`)."""
        warnings.warn("KaplanMeierResult.alpha is replaced by confidence (= 1 - alpha); alpha will stop "
                      "working in the next release", FutureWarning, stacklevel=2)
        return 1.0 - self.confidence

    @property
    def unit(self) -> str:
        """Old name of :attr:`time_unit`."""
        warnings.warn("KaplanMeierResult.unit is now called time_unit; unit will stop working in the next "
                      "release", FutureWarning, stacklevel=2)
        return self.time_unit

    def __repr__(self) -> str:
        lines = [
            f"KaplanMeierResult(by={self.by!r}, time_unit={self.time_unit!r}, horizon={self.horizon:g} "
            f"{self.time_unit}s, {self.confidence:.0%} CI)"
        ]
        for label, row in self.summary.iterrows():
            med = "not reached" if np.isnan(row["median"]) else f"{row['median']:.1f}"
            lines.append(
                f"  {label}: n={int(row['customers'])}, median {med}, "
                f"RMST {row['rmst']:.1f} (SE {row['rmst_se']:.1f}) {self.time_unit}s"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The per-group summary table."""
        return self.summary.copy()

    def describe(self) -> str:
        """The restricted mean lifetime per group in one plain sentence.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"months": [3, 5, 5, 8, 10, 12], "ended": [1, 1, 0, 1, 0, 1]})
        >>> kaplan_meier(df, duration="months", event="ended", horizon=12).describe()
        'Within the first 12 months, customers stay 8.4 months on average (95% interval 5.5 to 11.4; Kaplan-Meier restricted mean, 6 customers).'
        """
        s = self.summary
        conf = f"{self.confidence:.0%}"
        parts = []
        for label, row in s.iterrows():
            who = "customers" if self.by is None else f"{str(self.by).replace('_', ' ')} {label}"
            parts.append(f"{who} stay {row['rmst']:.1f} {self.time_unit}s on average ({conf} interval "
                         f"{format_interval(row['rmst_lower'], row['rmst_upper'], digits=1)}")
        n = int(s["customers"].sum())
        return (f"Within the first {self.horizon:g} {self.time_unit}s, " + "), ".join(parts)
                + f"; Kaplan-Meier restricted mean, {n:,} customers).")

    def report_table(self) -> pd.DataFrame:
        """Per group: customers, left, median and restricted mean lifetime with intervals, as text."""
        s = self.summary
        conf = f"{self.confidence:.0%}"
        u = self.time_unit
        median = ["not reached" if not np.isfinite(m) else f"{m:.1f}" for m in s["median"]]
        return pd.DataFrame(
            {
                "Customers": s["customers"].to_numpy(),
                "Left": s["events"].to_numpy(),
                f"Median lifetime ({u}s)": median,
                f"Average {u}s within the first {self.horizon:g}": s["rmst"].round(1).to_numpy(),
                f"{conf} interval": [format_interval(lo, hi, digits=1)
                                     for lo, hi in zip(s["rmst_lower"], s["rmst_upper"])],
            },
            index=pd.Index(s.index, name=str(self.by).replace("_", " ") if self.by else "group"),
        )

    def survival_at(self, times) -> pd.DataFrame:
        """Survival probability at given times, one column per group.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"t": [1, 2, 3, 4], "e": [1, 1, 0, 1]})
        >>> kaplan_meier(df, duration="t", event="e").survival_at([0, 2.5]).round(3)["all"].tolist()
        [1.0, 0.5]
        """
        times = np.atleast_1d(np.asarray(times, dtype=float))
        out = {}
        for label in self.summary.index:
            g = self.table[self.table["group"] == label]
            idx = np.searchsorted(g["time"].to_numpy(), times, side="right") - 1
            s = g["survival"].to_numpy()
            out[label] = np.where(idx >= 0, s[np.clip(idx, 0, None)], 1.0) if len(s) else np.ones(len(times))
        return pd.DataFrame(out, index=pd.Index(times, name=f"time_{self.time_unit}s"))

    def plot(self, *args, ax=None, band: bool = True, lang: str = "en", ci: Any = UNSET):
        """Step plot of the survival curves: now :func:`cxtools.plots.ltv.plot_survival` (``plot_survival(result)``).

        Kept for one release, with a FutureWarning: results no longer draw themselves (figures
        live a layer above the analysis). It reaches the figure through the one-release aliases of
        :mod:`cxtools.ltv`.
        """
        warnings.warn("KaplanMeierResult.plot is now cxtools.plots.ltv.plot_survival(result, ...); the method will "
                      "stop working in the next release", FutureWarning, stacklevel=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            plot_survival = cxtools.ltv.plot_survival
        return plot_survival(self, *args, ax=ax, band=band, lang=lang, ci=ci)


def kaplan_meier(
    data: pd.DataFrame,
    *,
    duration: str,
    event: str,
    by: str | None = None,
    confidence: float = 0.95,
    horizon: float | None = None,
    time_unit: str = "month",
    alpha: Any = UNSET,
    unit: Any = UNSET,
) -> KaplanMeierResult:
    """Kaplan-Meier estimate of the share of customers still active over time.

    Uses statsmodels' :class:`~statsmodels.duration.survfunc.SurvfuncRight` per
    group. Adds what an analyst reports:

    - a pointwise confidence band on the log(-log) scale,
      ``exp(-exp(log(-log S) +/- z * se / (S |log S|)))`` (Klein & Moeschberger 2003,
      eq. 4.3.2), which stays inside [0, 1];
    - the median lifetime with its confidence interval (Brookmeyer & Crowley 1982,
      statsmodels' ``quantile_ci``); NaN when fewer than half have left;
    - the restricted mean survival time, RMST = the area under the curve up to
      ``horizon`` ("expected months of the first ``horizon`` months a customer stays"),
      with the standard error of Klein & Moeschberger (2003, eq. 4.5.1-4.5.2):
      ``Var = sum_{t_j <= tau} A_j^2 d_j / (n_j (n_j - d_j))``, ``A_j`` the area
      under the curve from ``t_j`` to ``tau``.

    Parameters
    ----------
    data : DataFrame
        One row per relationship (e.g. from :func:`subscription_durations`).
    duration : str
        Column with the observed time (>= 0).
    event : str
        Column, True/1 if the relationship ended, False/0 if censored.
    by : str, optional
        Column to group by (e.g. ``"n_products"``).
    confidence : float, default 0.95
        Level of the confidence bands and intervals. The old ``alpha`` (0.05 for 95 %)
        still works for one release, with a FutureWarning.
    horizon : float, optional
        Upper limit of the RMST. Default: the smallest of the groups' largest
        observed times, so that RMSTs are comparable across groups. A horizon beyond a
        group's longest observed time gives a :class:`~cxtools.core.errors.CxDataWarning`.
    time_unit : str, default "month"
        Time unit of ``duration`` (used in labels); ``unit`` is its old name.

    Returns
    -------
    KaplanMeierResult

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete
    observations. *JASA*, 53(282), 457-481.
    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis* (2nd ed.),
    sections 4.2-4.5.
    Royston, P., & Parmar, M. K. B. (2013). Restricted mean survival time.
    *BMC Medical Research Methodology*, 13, 152.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [3, 5, 5, 8, 10, 12], "ended": [1, 1, 0, 1, 0, 1]})
    >>> km = kaplan_meier(df, duration="months", event="ended", horizon=12)
    >>> km.table[["time", "at_risk", "events", "survival"]].round(4)
       time  at_risk  events  survival
    0   3.0        6       1    0.8333
    1   5.0        5       1    0.6667
    2   8.0        3       1    0.4444
    3  12.0        1       1    0.0000
    >>> round(float(km.summary.loc["all", "rmst"]), 3)
    8.444
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    func = "kaplan_meier"
    if alpha is not UNSET:  # the old keyword was 1 - confidence
        if isinstance(alpha, bool) or not isinstance(alpha, float | int) or not 0 < alpha < 1:
            raise CxParameterError(f"{func}: alpha must be between 0 and 1 (0.05 for 95 % intervals), got {alpha!r}")
        alpha = 1.0 - alpha
    confidence = check_confidence(renamed("alpha", alpha, "confidence", confidence, func=func, default=0.95),
                                  func=func)
    alpha = 1.0 - confidence
    unit = _unit_label(renamed("unit", unit, "time_unit", time_unit, func=func, default="month"), func=func)
    t, e = _duration_event(data, duration, event, func)
    groups = list(_groups(data, by, func))
    if horizon is None:
        horizon = float(min(t[m].max() for _, m in groups))
    elif not (np.isfinite(horizon) and horizon > 0):
        raise CxParameterError(f"{func}: horizon must be a positive time in {unit}s, got {horizon!r}")
    horizon = float(horizon)
    z = stats.norm.ppf(1 - alpha / 2)
    tables, rows = [], []
    for label, mask in groups:
        tt, ee = t[mask], e[mask]
        row = {"group": label, "customers": int(mask.sum()), "events": int(ee.sum()),
               "censored": int((~ee).sum()), "last_time": float(tt.max())}
        if ee.any():
            sf = SurvfuncRight(tt, ee.astype(float))
            times = np.asarray(sf.surv_times, dtype=float)
            s = np.asarray(sf.surv_prob, dtype=float)
            se = np.asarray(sf.surv_prob_se, dtype=float)
            n_risk = np.asarray(sf.n_risk, dtype=float)
            n_ev = np.asarray(sf.n_events, dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                log_s = np.log(s)
                theta = np.log(-log_s)
                se_theta = se / (s * np.abs(log_s))
                lower = np.exp(-np.exp(theta + z * se_theta))
                upper = np.exp(-np.exp(theta - z * se_theta))
            # S == 1 (no events yet) or S == 0 (everyone gone): band collapses to the estimate
            lower = np.where(np.isfinite(lower), lower, s)
            upper = np.where(np.isfinite(upper), upper, s)
            med = sf.quantile(0.5)
            with np.errstate(divide="ignore", invalid="ignore"):  # statsmodels' cloglog at S = 0 or 1
                med_lo, med_hi = sf.quantile_ci(0.5, alpha=alpha)
            row.update(median=_nan_if_none(med), median_lower=_nan_if_none(med_lo),
                       median_upper=_nan_if_none(med_hi))
            rmst, rmst_se = _rmst(times, s, n_risk, n_ev, horizon)
        else:
            times = np.array([])
            s = se = lower = upper = n_risk = n_ev = np.array([])
            row.update(median=np.nan, median_lower=np.nan, median_upper=np.nan)
            rmst, rmst_se = horizon, 0.0
        if horizon > tt.max():
            warnings.warn(
                f"kaplan_meier: horizon {horizon:g} {unit}s is beyond the longest observed time in group "
                f"{label!r} ({tt.max():g} {unit}s); its restricted mean assumes the curve stays flat "
                "after that. Choose a horizon within the observed times of every group.",
                CxDataWarning,
                stacklevel=2,
            )
        row.update(rmst=rmst, rmst_se=rmst_se, rmst_lower=rmst - z * rmst_se,
                   rmst_upper=rmst + z * rmst_se, horizon=horizon)
        rows.append(row)
        tables.append(pd.DataFrame({"group": [label] * len(times), "time": times,
                                    "at_risk": n_risk.astype(int), "events": n_ev.astype(int),
                                    "survival": s, "se": se, "lower": lower, "upper": upper}))
    table = pd.concat(tables, ignore_index=True)
    summary = pd.DataFrame(rows).set_index("group").rename_axis(by or "group")
    return KaplanMeierResult(table=table, summary=summary, horizon=horizon, confidence=confidence,
                             time_unit=unit, by=by)


def _nan_if_none(v) -> float:
    if v is None:
        return np.nan
    v = float(v)
    return v if np.isfinite(v) else np.nan


@dataclass(frozen=True)
class LogRankResult(Result):
    """Log-rank test that the groups' survival curves are equal.

    Attributes
    ----------
    statistic : float
        Chi-square statistic.
    df : int
        Degrees of freedom (groups - 1).
    p_value : float
    groups : tuple
        Group labels compared.
    n : int
        Number of relationships.
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple
    n: int

    def __repr__(self) -> str:
        p = "p < 0.0001" if self.p_value < 1e-4 else f"p={self.p_value:.3g}"
        return (f"LogRankResult(chi2={self.statistic:.2f}, df={self.df}, {p}, "
                f"groups={list(self.groups)}, n={self.n})")

    def describe(self) -> str:
        """The test in one plain sentence, p-value as '< 0.001' when it is that small.

        Examples
        --------
        >>> LogRankResult(151.58, 2, 1.2e-33, (1, 2, 3), 4000).describe()
        'Log-rank test over 3 groups (4,000 customers): chi-square 151.6 on 2 degrees of freedom, p < 0.001; the survival curves differ by more than chance would explain.'
        """
        verdict = ("the survival curves differ by more than chance would explain" if self.p_value < 0.05
                   else "the differences between the curves could be chance")
        return (f"Log-rank test over {len(self.groups)} groups ({self.n:,} customers): chi-square "
                f"{self.statistic:.1f} on {self.df} degrees of freedom, {p_phrase(self.p_value)}; {verdict}.")

    def to_frame(self) -> pd.DataFrame:
        """One-row table."""
        return pd.DataFrame([{"statistic": self.statistic, "df": self.df, "p_value": self.p_value,
                              "groups": ", ".join(map(str, self.groups)), "n": self.n}])


def logrank_test(data: pd.DataFrame, *, duration: str, event: str, by: str) -> LogRankResult:
    """Log-rank test: do customers in different groups stay for different times?

    Wraps statsmodels' :func:`~statsmodels.duration.survfunc.survdiff` (unweighted
    log-rank, Mantel 1966).

    Parameters
    ----------
    data : DataFrame
        One row per relationship.
    duration, event : str
        Observed time and ended flag (see :func:`kaplan_meier`).
    by : str
        Column with the groups (at least two).

    Returns
    -------
    LogRankResult

    References
    ----------
    Mantel, N. (1966). Evaluation of survival data and two new rank order statistics
    arising in its consideration. *Cancer Chemotherapy Reports*, 50(3), 163-170.
    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis* (2nd ed.), section 7.3.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"t": [1, 2, 3, 4, 5, 6, 7, 8], "e": [1] * 8,
    ...                    "g": ["a", "a", "a", "b", "a", "b", "b", "b"]})
    >>> round(logrank_test(df, duration="t", event="e", by="g").p_value, 3)
    0.027
    """
    from statsmodels.duration.survfunc import survdiff

    t, e = _duration_event(data, duration, event, "logrank_test")
    labels = [label for label, _ in _groups(data, by, "logrank_test")]
    if len(labels) < 2:
        raise CxDataError(f"logrank_test: column {by!r} has only one group ({labels}); the log-rank test needs "
                          "two or more")
    if not e.any():
        raise CxDataError(f"logrank_test: column {event!r} says no relationship has ended, so survival curves "
                          "cannot be compared")
    from scipy import stats

    stat, _ = survdiff(t, e.astype(float), data[by].to_numpy())
    labels = [v.item() if isinstance(v, np.generic) else v for v in labels]
    # survdiff's p is 1 - cdf, which rounds to exactly 0 for large statistics; the upper tail
    # (sf) keeps the real, tiny p-value (a p of 0 is never true and breaks log-scale reporting)
    p = stats.chi2.sf(float(stat), len(labels) - 1)
    return LogRankResult(float(stat), len(labels) - 1, float(p), tuple(labels), int(len(t)))


_COHORT_FREQ = {"start month": "M", "start quarter": "Q", "start year": "Y"}


def cohort_retention(
    subscriptions: pd.DataFrame,
    *,
    as_of,
    start: str = "start_date",
    end: str = "end_date",
    cohort: Literal["start month", "start quarter", "start year"] = "start month",
    periods: int = 24,
) -> pd.DataFrame:
    """Share of each start cohort still active 0, 1, 2, ... months after starting.

    A customer counts as retained at month *k* if their contract had not ended by
    ``start + k`` calendar months. A cell is left empty (NaN) unless *every* member
    of the cohort had been observed for *k* months by ``as_of`` -- i.e. unless the
    cohort's last possible start date plus *k* months is on or before ``as_of``;
    so censoring never shows up as false churn.

    Parameters
    ----------
    subscriptions : DataFrame
        One row per contract.
    as_of : date-like
        End of the observation window.
    start, end : str
        Start date and (possibly empty) end date columns.
    cohort : {"start month", "start quarter", "start year"}, default "start month"
        How to group customers by start date.
    periods : int, default 24
        Last month since start to tabulate.

    Returns
    -------
    DataFrame
        Index: cohort label (e.g. ``"2024-03"``), named after ``cohort``; columns:
        ``customers`` (cohort size) then integers 0..``periods`` (months since start)
        holding the share still active; NaN where not yet observable.

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention.
    *Journal of Interactive Marketing*, 21(1), 76-90 (cohort survivor tables).

    Examples
    --------
    >>> import pandas as pd
    >>> subs = pd.DataFrame({"start_date": ["2026-01-05", "2026-01-20", "2026-05-10"],
    ...                      "end_date": ["2026-03-01", None, None]})
    >>> cohort_retention(subs, as_of="2026-06-30", periods=3)
                 customers    0    1    2    3
    start month
    2026-01              2  1.0  1.0  0.5  0.5
    2026-05              1  1.0  1.0  NaN  NaN
    """
    func = "cohort_retention"
    _require_columns(subscriptions, [start, end], func=func, what="subscriptions")
    check_choice("cohort", cohort, list(_COHORT_FREQ), func=func)
    if isinstance(periods, bool) or not (isinstance(periods, int | np.integer) and periods >= 0):
        raise CxParameterError(f"{func}: periods must be a whole number of months >= 0, got {periods!r}")
    # validates dates, ends before starts, starts after as_of
    subscription_durations(subscriptions, as_of=as_of, start=start, end=end)
    as_of_ts = pd.Timestamp(as_of)
    s = _parse_dates(subscriptions, start, allow_missing=False, what="contract start date", func=func)
    e = _parse_dates(subscriptions, end, allow_missing=True, what="contract end date", func=func)
    e = e.where(e <= as_of_ts)  # ends after as_of are not known yet on as_of
    key = s.dt.to_period(_COHORT_FREQ[cohort])
    labels = sorted(key.unique())
    sizes = key.value_counts()
    result = pd.DataFrame(index=pd.Index([str(p) for p in labels], name=cohort))
    result["customers"] = [int(sizes[p]) for p in labels]
    last_start = pd.Series([p.end_time.normalize() for p in labels], index=result.index)
    for k in range(periods + 1):
        at_k = s + pd.DateOffset(months=k)
        retained = (e.isna() | (e > at_k)).astype(float)
        share = retained.groupby(key.astype(str)).mean().reindex(result.index)
        observable = (last_start + pd.DateOffset(months=k)) <= as_of_ts
        result[k] = share.where(observable.to_numpy())
    return result


# ----------------------------------------------------------------------------------------
# churn hazard ratios (Cox model) and a constant churn rate
# ----------------------------------------------------------------------------------------
#: Plain-language names of columns that appear in linked survey data and in model terms.
TERM_LABELS: dict[str, str] = {
    "overall_satisfaction": "Overall satisfaction (per point, 1-10)",
    "tenure_months": "Tenure at the survey (per month)",
    "n_products": "Products held (per product)",
    "nps_group": "NPS group",
    "satisfaction_band": "Satisfaction band",
    "nps": "Likelihood to recommend (per point, 0-10)",
}


def _term_label(term: str, reference: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """'nps_group[detractor]' -> 'NPS group: detractor vs passive'; columns by ``labels``, then TERM_LABELS."""
    names = {**TERM_LABELS, **dict(labels or {})}
    if term.endswith("]") and "[" in term:
        col, level = term[:-1].split("[", 1)
        name = names.get(col, col.replace("_", " "))
        ref = reference.get(col)
        return f"{name}: {level} vs {ref}" if ref is not None else f"{name}: {level}"
    return names.get(term, term.replace("_", " "))


def _event01(data: pd.DataFrame, col: str, func: str) -> pd.Series:
    """Churn indicator as 0/1 floats; accepts bool or 0/1 numbers."""
    values = numeric_column(data, col, func=func, allow_missing=False, coerce_text=True)
    bad = ~values.isin([0.0, 1.0])
    if bad.any():
        raise CxDataError(
            f"{func}: column {col!r} must be True/False or 1/0 (1 = the customer churned); "
            f"rows {rows_preview(data.index[bad])} hold {list(data[col][bad].head(3))}"
        )
    return values


@dataclass(frozen=True, repr=False)
class CoxResult(Result):
    """Churn hazard ratios from a Cox proportional-hazards model.

    A hazard ratio of 0.8 for ``overall_satisfaction`` means each extra point of
    satisfaction goes with 20 % fewer customers leaving per month, other terms equal; for
    a group term (``nps_group[promoter]``) it compares the group with the reference group.

    Attributes
    ----------
    table : DataFrame
        One row per term: ``coef`` (log hazard ratio), ``std_err``, ``hazard_ratio``,
        ``ci_low``, ``ci_high`` (of the hazard ratio) and ``p_value`` (Wald).
    n : int
        Customers in the model.
    n_events : int
        Customers who churned.
    log_likelihood : float
        Log partial likelihood at the estimate.
    ties : str
        How tied churn times were handled ("efron" or "breslow").
    confidence : float
        Confidence level of the intervals.
    reference : dict
        Reference level of each categorical term.
    predictors, adjust_for : tuple of str
        Columns of interest and control columns.
    labels : dict
        Plain-language name (with unit) of a column, for reports; see :data:`TERM_LABELS`.
    """

    table: pd.DataFrame
    n: int
    n_events: int
    log_likelihood: float
    ties: str
    confidence: float
    reference: dict = field(default_factory=dict)
    predictors: tuple = ()
    adjust_for: tuple = ()
    labels: dict = field(default_factory=dict)

    def hazard_ratio(self, term: str) -> float:
        """Hazard ratio of one term (a row label of :attr:`table`)."""
        if term not in self.table.index:
            raise CxParameterError(f"CoxResult: no term {term!r}; terms are {list(self.table.index)}")
        return float(self.table.loc[term, "hazard_ratio"])

    def to_frame(self) -> pd.DataFrame:
        """The table of terms."""
        return self.table.copy()

    def report_table(self) -> pd.DataFrame:
        """The hazard ratios for a report: plain term names, interval as text, p as '< 0.001'.

        Examples
        --------
        >>> import pandas as pd
        >>> table = pd.DataFrame({"coef": [0.64], "std_err": [0.1], "hazard_ratio": [1.9], "ci_low": [1.37],
        ...                       "ci_high": [2.63], "p_value": [1e-5]},
        ...                      index=pd.Index(["nps_group[detractor]"], name="term"))
        >>> CoxResult(table, 100, 40, -150.0, "efron", 0.95, {"nps_group": "passive"}).report_table()
                                         Hazard ratio of churn 95% interval  p-value
        Term
        NPS group: detractor vs passive                   1.90 1.37 to 2.63  < 0.001
        """
        t = self.table
        return pd.DataFrame(
            {
                "Hazard ratio of churn": [f"{x:.2f}" for x in t["hazard_ratio"]],
                f"{self.confidence:.0%} interval": [format_interval(lo, hi, digits=2)
                                                 for lo, hi in zip(t["ci_low"], t["ci_high"])],
                "p-value": [format_p_value(float(p)) for p in t["p_value"]],
            },
            index=pd.Index([_term_label(x, self.reference, self.labels) for x in t.index], name="Term"),
        )

    def describe(self) -> str:
        """The first predictor's hazard ratio in one plain sentence.

        Examples
        --------
        >>> import pandas as pd
        >>> table = pd.DataFrame({"coef": [-0.22], "std_err": [0.03], "hazard_ratio": [0.80], "ci_low": [0.76],
        ...                       "ci_high": [0.85], "p_value": [1e-9]},
        ...                      index=pd.Index(["overall_satisfaction"], name="term"))
        >>> CoxResult(table, 900, 300, -1800.0, "efron", 0.95, predictors=("overall_satisfaction",)).describe()
        'Churn hazard ratio of overall satisfaction (per point, 1-10): 0.80 (95% interval 0.76 to 0.85, p < 0.001; Cox model, 900 customers, 300 left).'
        """
        term = self.table.index[0]
        row = self.table.loc[term]
        return (f"Churn hazard ratio of {_term_label(term, self.reference, self.labels)[0].lower()}"
                f"{_term_label(term, self.reference, self.labels)[1:]}: {row['hazard_ratio']:.2f} "
                f"({self.confidence:.0%} interval {format_interval(row['ci_low'], row['ci_high'], digits=2)}, "
                f"{p_phrase(float(row['p_value']))}; Cox model, {self.n:,} customers, {self.n_events:,} left).")

    def __repr__(self) -> str:
        ref = ", ".join(f"{k} vs {v!r}" for k, v in self.reference.items())
        head = (f"CoxResult: churn hazard ratios, {self.n:,} customers, {self.n_events:,} churned "
                f"({self.ties} ties, {self.confidence:.0%} CI)")
        if ref:
            head += f"; groups compared with: {ref}"
        shown = self.table[["hazard_ratio", "ci_low", "ci_high", "p_value"]]
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            return head + "\n" + shown.round(3).to_string()


def _design(data: pd.DataFrame, columns: list[str], reference: Mapping[str, Any], func: str
            ) -> tuple[pd.DataFrame, dict]:
    """Numeric design matrix: numbers as they are, text/categories as 0/1 columns."""
    parts: dict[str, np.ndarray] = {}
    refs: dict[str, Any] = {}
    for col in columns:
        raw = data[col]
        categorical = isinstance(raw.dtype, pd.CategoricalDtype) or not (
            pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw))
        if not categorical:
            parts[col] = numeric_column(data, col, func=func, allow_missing=False).to_numpy()
            continue
        if raw.isna().any():
            raise CxDataError(f"{func}: column {col!r} has missing values in rows {rows_preview(data.index[raw.isna()])}; "
                              "fill or remove them first (nothing is dropped silently)")
        if isinstance(raw.dtype, pd.CategoricalDtype):
            levels = [c for c in raw.cat.categories if (raw == c).any()]
        else:
            levels = sorted(raw.unique().tolist(), key=str)
        ref = reference.get(col, levels[0])
        if ref not in levels:
            raise CxParameterError(f"{func}: reference level {ref!r} for {col!r} is not in the data; "
                                   f"levels are {levels}")
        refs[col] = ref
        for level in levels:
            if level != ref:
                parts[f"{col}[{level}]"] = (raw == level).to_numpy(dtype=float)
    X = pd.DataFrame(parts, index=data.index)
    const = [c for c in X.columns if X[c].nunique() < 2]
    if const:
        raise CxDataError(f"{func}: term(s) {const} take a single value in every row, so their effect "
                          "cannot be estimated; remove them")
    return X, refs


def churn_hazard_ratios(
    data: pd.DataFrame,
    *,
    predictors: str | Sequence[str],
    duration: str = "months_at_risk",
    event: str = "churned",
    adjust_for: str | Sequence[str] | None = ("tenure_months", "n_products"),
    reference: Mapping[str, Any] | None = None,
    ties: Literal["efron", "breslow"] = "efron",
    confidence: float = 0.95,
    labels: Mapping[str, str] | None = None,
) -> CoxResult:
    """Hazard ratios of churn for groups or scores, from a Cox proportional-hazards model.

    The hazard (the monthly rate of leaving among customers still there) is modelled as
    ``h(t | x) = h0(t) exp(x' beta)`` with an unspecified baseline ``h0`` (Cox 1972);
    ``exp(beta)`` are the hazard ratios. Fitted by maximum partial likelihood with
    statsmodels' ``PHReg``; ties by Efron's (1977) method by default.

    Numeric columns enter as they are (hazard ratio per unit: per point of
    satisfaction, per month of tenure, per product); text or categorical columns
    (``nps_group``) become one indicator per level against a reference level.

    Parameters
    ----------
    data : DataFrame
        One row per customer, e.g. :attr:`JoinResult.data`.
    predictors : str or list of str
        Columns whose effect is of interest (``"nps_group"``, ``"overall_satisfaction"``).
    duration : str, default "months_at_risk"
        Time at risk (months since the survey response), > 0.
    event : str, default "churned"
        True/1 when the customer left, False/0 when still a customer (censored).
    adjust_for : str or list of str, optional
        Control columns, by default tenure at the response and number of products.
    reference : dict, optional
        Reference level per categorical column, e.g. ``{"nps_group": "passive"}``;
        default the first level (category order, else sorted).
    ties : {"efron", "breslow"}, default "efron"
        Handling of tied churn times.
    confidence : float, default 0.95
        Level of the Wald intervals.
    labels : dict, optional
        Plain-language names (with units) of columns for the report table, added to
        :data:`TERM_LABELS`.

    Returns
    -------
    CoxResult

    Raises
    ------
    CxSchemaError
        A named column is missing.
    CxDataError
        Missing or non-numeric values, durations <= 0, event not 0/1, a term constant
        in every row, or no churn at all (rows named).
    CxConvergenceError
        The partial likelihood has no finite maximum (typically a group in which nobody
        churned) or the optimiser stopped early.

    References
    ----------
    Cox, D. R. (1972). Regression models and life-tables. *Journal of the Royal
    Statistical Society B*, 34(2), 187-220.
    Efron, B. (1977). The efficiency of Cox's likelihood function for censored data.
    *JASA*, 72(359), 557-565.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business
    Review*, 81(12), 46-54 (promoters stay and buy more).

    Examples
    --------
    The leukaemia remission data of Gehan (1965): weeks in remission under placebo
    (``placebo = 1``) against 6-MP; the published Efron estimate is a hazard ratio of
    4.82 (log hazard ratio 1.572, standard error 0.412).

    >>> import pandas as pd
    >>> weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
    ...          1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
    >>> relapsed = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] + [1] * 21
    >>> gehan = pd.DataFrame({"weeks": weeks, "relapsed": relapsed, "placebo": [0] * 21 + [1] * 21})
    >>> cox = churn_hazard_ratios(gehan, predictors="placebo", duration="weeks", event="relapsed",
    ...                           adjust_for=None)
    >>> cox.table[["coef", "std_err", "hazard_ratio"]].round(3)
             coef  std_err  hazard_ratio
    term
    placebo  1.572    0.412         4.817
    """
    from statsmodels.duration.hazard_regression import PHReg

    func = "churn_hazard_ratios"
    preds = _as_list(predictors)
    controls = [c for c in _as_list(adjust_for) if c not in preds]
    if not preds:
        raise CxParameterError(f"{func}: give at least one predictor column")
    check_choice("ties", ties, ["efron", "breslow"], func=func)
    confidence = check_confidence(confidence, func=func)
    _require_columns(data, [duration, event, *preds, *controls], func=func)
    t = numeric_column(data, duration, func=func, allow_missing=False)
    bad = t <= 0
    if bad.any():
        raise CxDataError(f"{func}: {duration!r} must be a positive time; rows {rows_preview(data.index[bad])} "
                          f"hold {list(t[bad].head(3))}")
    e = _event01(data, event, func)
    if e.sum() == 0:
        raise CxDataError(f"{func}: nobody churned ({event!r} is 0 in every row); hazard ratios need churn events")
    X, refs = _design(data, preds + controls, dict(reference or {}), func)
    for col in refs:  # a level with no churn at all has a hazard ratio of 0: say so before fitting
        quiet = [lvl for lvl, n_ev in e.groupby(data[col].astype(str), observed=True).sum().items() if n_ev == 0]
        if quiet:
            raise CxConvergenceError(
                f"{func}: nobody churned in level(s) {quiet} of {col!r}, so the hazard ratio runs off to 0; "
                "merge sparse groups or leave the column out"
            )

    model = PHReg(t.to_numpy(), X.to_numpy(), status=e.to_numpy(), ties=ties)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = model.fit()
        except np.linalg.LinAlgError as exc:  # pragma: no cover - guarded by the constant-term check
            raise CxConvergenceError(f"{func}: the model could not be fitted ({exc}); check for terms that "
                                     "duplicate each other") from exc
    not_converged = any("converge" in str(w.message).lower() for w in caught)
    params = np.asarray(res.params, dtype=float)
    bse = np.asarray(res.bse, dtype=float)
    grad = np.asarray(model.score(params), dtype=float)
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(bse))) or np.any(np.abs(params) > 20):
        worst = X.columns[int(np.nanargmax(np.abs(np.nan_to_num(params, nan=np.inf))))]
        raise CxConvergenceError(
            f"{func}: the hazard ratio of {worst!r} runs off to 0 or infinity (typically nobody, or "
            "everybody, in that group churned); merge sparse groups or choose another reference"
        )
    if not_converged or np.max(np.abs(grad)) > 1e-4 * max(1.0, float(e.sum())):
        raise CxConvergenceError(f"{func}: the optimiser stopped before the maximum (largest score "
                                 f"{np.max(np.abs(grad)):.2g}); rescale large numeric columns")
    z = stats.norm.ppf(0.5 + confidence / 2)
    table = pd.DataFrame(
        {
            "coef": params,
            "std_err": bse,
            "hazard_ratio": np.exp(params),
            "ci_low": np.exp(params - z * bse),
            "ci_high": np.exp(params + z * bse),
            "p_value": 2 * stats.norm.sf(np.abs(params / bse)),
        },
        index=pd.Index(X.columns, name="term"),
    )
    return CoxResult(table=table, n=int(len(t)), n_events=int(e.sum()), log_likelihood=float(res.llf),
                     ties=ties, confidence=confidence, reference=refs, predictors=tuple(preds),
                     adjust_for=tuple(controls), labels=dict(labels or {}))


def constant_churn_rate(data: pd.DataFrame, *, duration: str, event: str, by: str | None = None) -> pd.DataFrame:
    """Churn per period under a constant hazard: ``1 - exp(-leavers / time at risk)``.

    The maximum-likelihood hazard of an exponential lifetime with right-censoring is
    ``h = d / T`` (leavers over the total time customers were observed, Klein &
    Moeschberger 2003, section 3.5). The share leaving per period is ``1 - exp(-h)``,
    which is always below 1 -- unlike ``d / T`` itself, which exceeds 1 when contracts
    are shorter than one period (ten customers who all leave after half a month give
    ``d / T = 2`` per month, but a churn of ``1 - exp(-2) = 86 %``). For small rates the
    two agree (``h = 0.02`` gives 1.98 %).

    Parameters
    ----------
    data : DataFrame
        One row per relationship, e.g. from :func:`subscription_durations`.
    duration, event : str
        Observed time (in the period of the rate) and ended flag.
    by : str, optional
        Column to group by.

    Returns
    -------
    DataFrame
        One row per group: ``customers``, ``churned``, ``time_at_risk``, ``hazard``
        (leavers per unit of time at risk) and ``churn_rate`` (share leaving per period).

    References
    ----------
    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis* (2nd ed.), section 3.5
    (the exponential model's likelihood with censoring).

    Examples
    --------
    >>> import pandas as pd
    >>> short = pd.DataFrame({"months": [0.5] * 10, "ended": [True] * 10})
    >>> constant_churn_rate(short, duration="months", event="ended").round(4)
           customers  churned  time_at_risk  hazard  churn_rate
    group
    all           10       10           5.0     2.0      0.8647
    """
    func = "constant_churn_rate"
    t, e = _duration_event(data, duration, event, func)
    rows = []
    for label, mask in _groups(data, by, func):
        exposure = float(t[mask].sum())
        d = int(e[mask].sum())
        if exposure <= 0:
            raise CxDataError(f"{func}: group {label!r} has no time at risk (every duration is 0)")
        rows.append({"group": label, "customers": int(mask.sum()), "churned": d, "time_at_risk": exposure,
                     "hazard": d / exposure, "churn_rate": -math.expm1(-d / exposure)})
    return pd.DataFrame(rows).set_index("group").rename_axis(by or "group")
