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
cohort_retention
    Share of each start-month cohort still active k months later, empty where a
    cohort has not been observed that long.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.errors import CxDataError, CxDataWarning, CxEmptyDataError, CxParameterError, CxSchemaError

__all__ = [
    "subscription_durations",
    "naive_lifetime",
    "kaplan_meier",
    "KaplanMeierResult",
    "logrank_test",
    "LogRankResult",
    "cohort_retention",
]

#: Length of one unit in days (a month is an average Gregorian month).
DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 365.25 / 12.0, "year": 365.25}


def _rows(index, mask, k: int = 5) -> list:
    return list(pd.Index(index)[np.asarray(mask)][:k])


def _require_columns(data: pd.DataFrame, columns: dict[str, str], table: str = "data") -> None:
    if not isinstance(data, pd.DataFrame):
        raise CxParameterError(f"{table} must be a pandas DataFrame; got {type(data).__name__}")
    missing = {c: what for c, what in columns.items() if c not in data.columns}
    if missing:
        desc = ", ".join(f"{c!r} ({w})" for c, w in missing.items())
        raise CxSchemaError(f"{table} lacks column(s) {desc}; columns are {list(data.columns)}")
    if len(data) == 0:
        raise CxEmptyDataError(f"{table} has no rows")


def _parse_dates(data: pd.DataFrame, column: str, *, allow_missing: bool, what: str) -> pd.Series:
    raw = data[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed, missing = raw, raw.isna()
    else:
        parsed = pd.to_datetime(raw, errors="coerce", format="ISO8601")
        missing = raw.isna() | (raw.astype("str").str.strip() == "")
    bad = parsed.isna() & ~missing
    if bad.any():
        raise CxDataError(
            f"column {column!r} ({what}): cannot read dates in rows {_rows(data.index, bad)} "
            f"(values {list(raw[bad].head(5))}); expected ISO dates YYYY-MM-DD"
        )
    if not allow_missing and missing.any():
        raise CxDataError(f"column {column!r} ({what}): missing dates in rows {_rows(data.index, missing)}")
    return parsed


def subscription_durations(
    subscriptions: pd.DataFrame,
    *,
    as_of,
    start: str = "start_date",
    end: str = "end_date",
    unit: Literal["day", "week", "month", "year"] = "month",
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
    unit : {"day", "week", "month", "year"}, default "month"
        Unit of the durations; a month is 365.25 / 12 = 30.44 days.

    Returns
    -------
    DataFrame
        A copy of ``subscriptions`` (same index) with two added columns:
        ``duration_<unit>s`` (float) and ``event`` (bool, True = relationship ended).

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
    _require_columns(subscriptions, {start: "contract start date", end: "contract end date"}, "subscriptions")
    if unit not in DAYS_PER_UNIT:
        raise CxParameterError(f"unit must be one of {list(DAYS_PER_UNIT)}; got {unit!r}")
    try:
        as_of_ts = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise CxParameterError(f"as_of must be a date such as '2026-06-30'; got {as_of!r}") from None
    if pd.isna(as_of_ts):
        raise CxParameterError("as_of must be a date such as '2026-06-30'; got a missing value")
    s = _parse_dates(subscriptions, start, allow_missing=False, what="contract start date")
    e = _parse_dates(subscriptions, end, allow_missing=True, what="contract end date")
    late = (s > as_of_ts).to_numpy()
    if late.any():
        raise CxDataError(
            f"column {start!r}: rows {_rows(subscriptions.index, late)} start after as_of={as_of_ts.date()}; "
            "expected every contract to start inside the observation window"
        )
    backwards = (e.notna() & (e < s)).to_numpy()
    if backwards.any():
        raise CxDataError(
            f"columns {start!r}/{end!r}: rows {_rows(subscriptions.index, backwards)} end before they start; "
            "expected end_date >= start_date"
        )
    event = (e.notna() & (e <= as_of_ts)).to_numpy()
    stop = e.where(pd.Series(event, index=e.index), as_of_ts)
    days = (stop - s).dt.total_seconds().to_numpy() / 86400.0
    out = subscriptions.copy()
    out[f"duration_{unit}s"] = days / DAYS_PER_UNIT[unit]
    out["event"] = event
    return out


def _duration_event(data: pd.DataFrame, duration: str, event: str) -> tuple[np.ndarray, np.ndarray]:
    _require_columns(data, {duration: "time observed", event: "True/1 if the relationship ended"})
    t = pd.to_numeric(data[duration], errors="coerce")
    bad = t.isna().to_numpy()
    if bad.any():
        raise CxDataError(
            f"column {duration!r}: missing or non-numeric durations in rows {_rows(data.index, bad)}"
        )
    t = t.to_numpy(dtype=float)
    neg = (t < 0) | ~np.isfinite(t)
    if neg.any():
        raise CxDataError(
            f"column {duration!r}: negative or infinite durations in rows {_rows(data.index, neg)}; expected >= 0"
        )
    ev = data[event]
    if ev.dtype == bool:
        e = ev.to_numpy(dtype=bool)
    else:
        num = pd.to_numeric(ev, errors="coerce")
        ok = num.isin([0, 1]).to_numpy()
        if not ok.all():
            raise CxDataError(
                f"column {event!r}: rows {_rows(data.index, ~ok)} are not True/False or 1/0 "
                f"(values {list(ev[~ok].head(5))})"
            )
        e = num.to_numpy(dtype=float).astype(bool)
    return t, e


def _groups(data: pd.DataFrame, by: str | None):
    if by is None:
        yield "all", np.ones(len(data), dtype=bool)
        return
    if by not in data.columns:
        raise CxSchemaError(f"data has no column {by!r} to group by; columns are {list(data.columns)}")
    g = data[by]
    if g.isna().any():
        raise CxDataError(f"column {by!r}: missing group labels in rows {_rows(data.index, g.isna())}")
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
    t, e = _duration_event(data, duration, event)
    rows = []
    for label, mask in _groups(data, by):
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
class KaplanMeierResult:
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
    alpha : float
        1 - confidence level.
    unit : str
        Time unit of durations.
    by : str or None
        Grouping column.
    """

    table: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    horizon: float
    alpha: float
    unit: str
    by: str | None

    def __repr__(self) -> str:
        lines = [
            f"KaplanMeierResult(by={self.by!r}, unit={self.unit!r}, horizon={self.horizon:g} {self.unit}s, "
            f"{1 - self.alpha:.0%} CI)"
        ]
        for label, row in self.summary.iterrows():
            med = "not reached" if np.isnan(row["median"]) else f"{row['median']:.1f}"
            lines.append(
                f"  {label}: n={int(row['customers'])}, median {med}, "
                f"RMST {row['rmst']:.1f} (SE {row['rmst_se']:.1f}) {self.unit}s"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The per-group summary table."""
        return self.summary.copy()

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
        return pd.DataFrame(out, index=pd.Index(times, name=f"time_{self.unit}s"))

    def plot(self, ax=None, *, ci: bool = True):
        """Step plot of the survival curves; see :func:`cxtools.ltv.plots.plot_survival`."""
        from cxtools.ltv.plots import plot_survival

        return plot_survival(self, ax=ax, ci=ci)


def kaplan_meier(
    data: pd.DataFrame,
    *,
    duration: str,
    event: str,
    by: str | None = None,
    alpha: float = 0.05,
    horizon: float | None = None,
    unit: str = "month",
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
    alpha : float, default 0.05
        For (1 - alpha) confidence bands and intervals.
    horizon : float, optional
        Upper limit of the RMST. Default: the smallest of the groups' largest
        observed times, so that RMSTs are comparable across groups. A horizon beyond a
        group's longest observed time gives a :class:`~cxtools.errors.CxDataWarning`.
    unit : str, default "month"
        Time unit of ``duration`` (used in labels).

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

    if not (isinstance(alpha, float | int) and 0 < alpha < 1):
        raise CxParameterError(f"alpha must be between 0 and 1 (0.05 for 95 % intervals); got {alpha!r}")
    t, e = _duration_event(data, duration, event)
    groups = list(_groups(data, by))
    if horizon is None:
        horizon = float(min(t[m].max() for _, m in groups))
    elif not (np.isfinite(horizon) and horizon > 0):
        raise CxParameterError(f"horizon must be a positive time in {unit}s; got {horizon!r}")
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
            times = np.array([]); s = se = lower = upper = n_risk = n_ev = np.array([])
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
    return KaplanMeierResult(table=table, summary=summary, horizon=horizon, alpha=float(alpha),
                             unit=unit, by=by)


def _nan_if_none(v) -> float:
    if v is None:
        return np.nan
    v = float(v)
    return v if np.isfinite(v) else np.nan


@dataclass(frozen=True)
class LogRankResult:
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
        p = "< 0.001" if self.p_value < 0.001 else f"= {self.p_value:.3f}"
        verdict = ("the survival curves differ by more than chance would explain" if self.p_value < 0.05
                   else "the differences between the curves could be chance")
        return (f"Log-rank test over {len(self.groups)} groups ({self.n:,} customers): chi-square "
                f"{self.statistic:.1f} on {self.df} degrees of freedom, p {p}; {verdict}.")

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

    t, e = _duration_event(data, duration, event)
    labels = [label for label, _ in _groups(data, by)]
    if len(labels) < 2:
        raise CxDataError(f"column {by!r} has only one group ({labels}); the log-rank test needs two or more")
    if not e.any():
        raise CxDataError(f"column {event!r}: no relationship has ended, so survival curves cannot be compared")
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
    _require_columns(subscriptions, {start: "contract start date", end: "contract end date"}, "subscriptions")
    if cohort not in _COHORT_FREQ:
        raise CxParameterError(f"cohort must be one of {list(_COHORT_FREQ)}; got {cohort!r}")
    if not (isinstance(periods, int | np.integer) and periods >= 0):
        raise CxParameterError(f"periods must be a whole number of months >= 0; got {periods!r}")
    # validates dates, ends before starts, starts after as_of
    subscription_durations(subscriptions, as_of=as_of, start=start, end=end)
    as_of_ts = pd.Timestamp(as_of)
    s = _parse_dates(subscriptions, start, allow_missing=False, what="contract start date")
    e = _parse_dates(subscriptions, end, allow_missing=True, what="contract end date")
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
