"""The simple view of customer lifetime value: profit per period x lifetime.

This is LTV exactly as CX practitioners compute it on a whiteboard: a customer
who brings ``m`` rub of profit per month and stays ``L`` months is worth
``m x L``. Optionally the future profit is discounted, in one of the standard
closed forms (Berger & Nasr 1998; Gupta & Lehmann 2003), with the timing
convention stated in the result.

Functions
---------
segment_ltv
    LTV per segment from margin and either lifetime or retention.
ltv_uplift
    Money difference and ratio between two segments ("what is moving a customer
    from group A to group B worth?").
experience_scenarios
    LTV when churn falls by *x* points and spend rises by *y* % (both at once),
    over a grid of *x* and *y*.
annual_to_period_rate
    Convert an annual discount (or churn) rate to a per-month rate, explicitly
    (lives in :mod:`cxtools.ltv.discounting`; importable from here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Literal

import numpy as np
import pandas as pd

from cxtools.core.checks import UNSET, check_choice, numeric_column, renamed, require_columns, require_frame, require_rows
from cxtools.core.results import Result
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.ltv.discounting import annual_to_period_rate
from cxtools.ltv.inputs import _unit_label
from cxtools.core.wording import format_money

__all__ = [
    "segment_ltv",
    "ltv_uplift",
    "LTVUplift",
    "experience_scenarios",
    "annual_to_period_rate",
]

def _numeric_column(data: pd.DataFrame, column: str, *, low: float | None = None, high: float | None = None,
                    low_open: bool = False, high_open: bool = False) -> np.ndarray:
    return numeric_column(data, column, func="segment_ltv", what="segments", low=low, high=high,
                          low_open=low_open, high_open=high_open, allow_missing=False,
                          coerce_text=True).to_numpy()


def segment_ltv(
    segments: pd.DataFrame,
    *,
    margin: str = "margin",
    lifetime: str | None = None,
    retention: str | None = None,
    discount_rate: float = 0.0,
    time_unit: str = "month",
    timing: Literal["end", "start"] = "end",
    period: Any = UNSET,
) -> pd.DataFrame:
    """Lifetime value per segment: profit per period x expected lifetime.

    Give either ``lifetime`` (expected lifetime in periods) or ``retention``
    (the share of customers who stay from one period to the next, constant).

    Without discounting:

    - lifetime ``L``: ``LTV = m * L`` (the practitioner's formula);
    - retention ``r``: the expected number of paid periods is ``r / (1 - r)``
      with ``timing="end"`` and ``1 / (1 - r)`` with ``timing="start"``, and
      ``LTV = m * expected lifetime``.

    With a discount rate ``d`` per period (Gupta & Lehmann 2003, eq. 2;
    Berger & Nasr 1998, case 1):

    - ``timing="end"``: the margin of period *t* arrives at the end of the period
      and only if the customer is still there, ``LTV = sum_{t>=1} m r^t / (1+d)^t
      = m * r / (1 + d - r)`` (Gupta & Lehmann's form, no margin at acquisition);
    - ``timing="start"``: the margin is paid at the start of every period the
      customer is active, the first one for sure, ``LTV = sum_{t>=0} m r^t / (1+d)^t
      = m * (1 + d) / (1 + d - r)``;
    - a fixed lifetime of ``L`` periods is an annuity: ``m * (1 - (1+d)^-L) / d``
      (``"end"``) or that times ``(1 + d)`` (``"start"``); for whole ``L`` this is
      exactly ``sum_{t=1}^{L} m / (1+d)^t`` resp. ``sum_{t=0}^{L-1} m / (1+d)^t``.

    With ``d = 0`` and a lifetime column, both timings give ``m * L``.

    Parameters
    ----------
    segments : DataFrame
        One row per segment; the index labels the segments (kept in the result).
    margin : str, default "margin"
        Column with profit per customer per ``time_unit`` (money).
    lifetime : str, optional
        Column with the expected lifetime in ``time_unit`` units (> 0).
    retention : str, optional
        Column with the retention rate per ``time_unit`` (0 <= r < 1).
    discount_rate : float, default 0.0
        Discount rate per ``time_unit`` as a fraction (use
        :func:`annual_to_period_rate` to convert an annual rate).
    time_unit : str, default "month"
        The time unit of margin, lifetime, retention and discount rate; it appears
        in the result's column names. ``period`` is its old name (FutureWarning).
    timing : {"end", "start"}, default "end"
        When in each period the margin arrives (see above).

    Returns
    -------
    DataFrame
        Same index as ``segments``; columns ``margin_per_<period>``,
        ``retention_per_<time_unit>`` (if given), ``expected_lifetime_<time_unit>s``,
        ``discount_rate_per_<time_unit>``, ``ltv`` and ``formula`` (the formula used,
        with its timing convention).

    Raises
    ------
    CxSchemaError
        A named column is missing.
    CxDataError
        Missing, non-numeric or out-of-range values (rows are named).
    CxParameterError
        Neither or both of ``lifetime`` / ``retention``, a bad ``timing`` or rate.

    References
    ----------
    Berger, P. D., & Nasr, N. I. (1998). Customer lifetime value: marketing models
    and applications. *Journal of Interactive Marketing*, 12(1), 17-30 (case 1).
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of
    Interactive Marketing*, 17(1), 9-24 (eq. 2, the margin multiple r/(1+i-r)).

    Examples
    --------
    The telecom example: internet only (50 rub/month profit, 3 years) against
    internet plus digital TV (100 rub/month, 5 years).

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"margin": [50, 100], "lifetime": [36, 60]},
    ...                    index=["internet", "internet+tv"])
    >>> segment_ltv(seg, lifetime="lifetime")["ltv"].tolist()
    [1800.0, 6000.0]
    >>> seg = pd.DataFrame({"margin": [100.0], "retention": [0.8]})
    >>> round(float(segment_ltv(seg, retention="retention", discount_rate=0.1)["ltv"].iloc[0]), 2)
    266.67
    """
    func = "segment_ltv"
    period = renamed("period", period, "time_unit", time_unit, func=func, default="month")
    require_frame(segments, func=func, what="segments")
    require_rows(segments, func=func, what="segments")
    if (lifetime is None) == (retention is None):
        raise CxParameterError(
            f"{func}: give exactly one of lifetime= (expected lifetime in periods) or retention= "
            "(share staying per period)"
        )
    check_choice("timing", timing, ["end", "start"], func=func)
    if not isinstance(period, str) or not period:
        raise CxParameterError(f"{func}: time_unit must be a non-empty name of the time unit, e.g. 'month', "
                               f"got {period!r}")
    period = _unit_label(period, func=func)
    try:
        d = float(discount_rate)
    except (TypeError, ValueError):
        raise CxParameterError(f"{func}: discount_rate must be a number (fraction per {period}), "
                               f"got {discount_rate!r}") from None
    if not np.isfinite(d) or d < 0:
        raise CxParameterError(f"{func}: discount_rate must be a finite fraction >= 0 per {period}, "
                               f"got {discount_rate!r}")

    m = _numeric_column(segments, margin)
    out = pd.DataFrame(index=segments.index.copy())
    out[f"margin_per_{period}"] = m
    if lifetime is not None:
        L = _numeric_column(segments, lifetime, low=0, low_open=True)
        if d == 0:
            ltv = m * L
            formula = "m * L"
        else:
            annuity = (1.0 - (1.0 + d) ** (-L)) / d
            if timing == "end":
                ltv = m * annuity
                formula = "m * (1 - (1+d)^-L) / d (margin at period end)"
            else:
                ltv = m * (1.0 + d) * annuity
                formula = "m * (1+d) * (1 - (1+d)^-L) / d (margin at period start)"
        expected = L
    else:
        assert retention is not None  # exactly one of lifetime / retention, checked above
        r = _numeric_column(segments, retention, low=0, high=1, high_open=True)
        out[f"retention_per_{period}"] = r
        if timing == "end":
            expected = r / (1.0 - r)
            ltv = m * r / (1.0 + d - r)
            formula = "m * r / (1+d-r) (margin at period end; Gupta & Lehmann 2003)"
        else:
            expected = 1.0 / (1.0 - r)
            ltv = m * (1.0 + d) / (1.0 + d - r)
            formula = "m * (1+d) / (1+d-r) (margin at period start; Berger & Nasr 1998)"
    out[f"expected_lifetime_{period}s"] = expected
    out[f"discount_rate_per_{period}"] = d
    out["ltv"] = ltv
    out["formula"] = formula
    return out


@dataclass(frozen=True)
class LTVUplift(Result):
    """What moving a customer from one segment to another is worth.

    Attributes
    ----------
    from_segment, to_segment : object
        Segment labels.
    ltv_from, ltv_to : float
        Lifetime value in each segment.
    difference : float
        ``ltv_to - ltv_from`` (money per customer moved).
    ratio : float
        ``ltv_to / ltv_from`` (inf if ``ltv_from`` is 0).
    currency : str
        Currency of the money amounts: an ISO code ("RUB", "EUR") or a label ("rub"),
        printed by :func:`cxtools.core.wording.format_money`.
    """

    from_segment: object
    to_segment: object
    ltv_from: float
    ltv_to: float
    difference: float
    ratio: float
    currency: str = "rub"

    def __repr__(self) -> str:
        money = lambda x: format_money(x, currency=self.currency)  # noqa: E731
        sign = "+" if self.difference > 0 else ""
        return (
            f"LTVUplift({self.from_segment} -> {self.to_segment}: "
            f"{money(self.ltv_from)} -> {money(self.ltv_to)}, "
            f"{sign}{money(self.difference)} per customer, {self.ratio:.2f}x)"
        )

    def describe(self) -> str:
        """The uplift in one plain sentence, for a report.

        Examples
        --------
        >>> LTVUplift("internet only", "internet + TV", 1800.0, 6000.0, 4200.0, 6000 / 1800).describe()
        'A customer moved from internet only to internet + TV is worth 4,200 rub more: 6,000 rub instead of 1,800 rub, 3.3 times as much.'
        """
        more = "more" if self.difference >= 0 else "less"
        return (f"A customer moved from {self.from_segment} to {self.to_segment} is worth "
                f"{format_money(abs(self.difference), currency=self.currency)} {more}: "
                f"{format_money(self.ltv_to, currency=self.currency)} instead of "
                f"{format_money(self.ltv_from, currency=self.currency)}, {self.ratio:.1f} times as much.")

    def to_frame(self) -> pd.DataFrame:
        """One-row table with the same fields."""
        return pd.DataFrame(
            [
                {
                    "from_segment": self.from_segment,
                    "to_segment": self.to_segment,
                    "ltv_from": self.ltv_from,
                    "ltv_to": self.ltv_to,
                    "difference": self.difference,
                    "ratio": self.ratio,
                    "currency": self.currency,
                }
            ]
        )


def ltv_uplift(table: pd.DataFrame, from_segment, to_segment, *, ltv: str = "ltv",
               currency: str = "rub") -> LTVUplift:
    """Difference and ratio of lifetime value between two segments.

    Parameters
    ----------
    table : DataFrame
        Usually the result of :func:`segment_ltv`; segments in the index.
    from_segment, to_segment : index labels
        The segment a customer starts in and the one they move to.
    ltv : str, default "ltv"
        Column with lifetime value.
    currency : str, default "rub"
        Currency of the amounts (ISO code or label), used when the result is printed.

    Returns
    -------
    LTVUplift

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of
    Interactive Marketing*, 17(1), 9-24.

    Examples
    --------
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"margin": [50, 100], "lifetime": [36, 60]},
    ...                    index=["internet", "internet+tv"])
    >>> ltv_uplift(segment_ltv(seg, lifetime="lifetime"), "internet", "internet+tv")
    LTVUplift(internet -> internet+tv: 1,800 rub -> 6,000 rub, +4,200 rub per customer, 3.33x)
    """
    func = "ltv_uplift"
    require_columns(table, [ltv], func=func, what="table")
    for label in (from_segment, to_segment):
        check_choice("segment", label, list(table.index), func=func)
    a = table.loc[from_segment, ltv]
    b = table.loc[to_segment, ltv]
    if isinstance(a, pd.Series) or isinstance(b, pd.Series):
        raise CxDataError(f"{func}: segment labels must be unique in the table's index; "
                          f"{from_segment!r} or {to_segment!r} occurs more than once")
    a, b = float(a), float(b)
    ratio = b / a if a != 0 else math.inf
    return LTVUplift(from_segment, to_segment, a, b, b - a, ratio, currency)


def experience_scenarios(
    *,
    margin: float,
    annual_churn: float,
    churn_reduction_points: Iterable[float] = (0.0,),
    spend_uplift_pct: Iterable[float] = (0.0,),
    annual_discount_rate: float = 0.0,
    horizon_months: float | None = None,
    timing: Literal["end", "start"] = "start",
) -> pd.DataFrame:
    """LTV per customer when a better experience cuts churn and lifts spend.

    Monthly retention is derived from annual churn ``c`` as
    ``r = (1 - c) ** (1/12)``; a churn reduction of ``x`` points gives
    ``c' = c - x / 100``; a spend uplift of ``y`` % gives ``m' = m * (1 + y/100)``.
    Both effects multiply: ``LTV' = m' * A(r')`` where ``A`` is the (discounted)
    expected number of paid months of :func:`segment_ltv` with retention, or, if
    ``horizon_months`` is given, the same sum cut off after that many months:
    ``A = sum_{t=0}^{H-1} r^t / (1+d)^t`` (``timing="start"``) or
    ``sum_{t=1}^{H} r^t / (1+d)^t`` (``"end"``).

    Parameters
    ----------
    margin : float
        Profit per customer per month today (money).
    annual_churn : float
        Share of customers lost per year today (0 < c < 1).
    churn_reduction_points : iterable of float
        Reductions of annual churn in percentage points (2 = from 20 % to 18 %).
    spend_uplift_pct : iterable of float
        Increases of monthly margin in per cent.
    annual_discount_rate : float, default 0
        Converted to a monthly rate with :func:`annual_to_period_rate`.
    horizon_months : float, optional
        Count only the first ``horizon_months`` months of the relationship.
    timing : {"start", "end"}, default "start"
        Margin paid at the start (first month for sure) or end of each month.

    Returns
    -------
    DataFrame
        One row per (churn reduction, spend uplift) pair: ``churn_reduction_points``,
        ``spend_uplift_pct``, ``annual_churn``, ``monthly_retention``,
        ``margin_per_month``, ``ltv``, ``ltv_uplift`` (money vs. today) and
        ``ltv_uplift_pct``.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of
    Interactive Marketing*, 17(1), 9-24 (margin multiple; how retention and margin
    improvements compound).

    Examples
    --------
    >>> t = experience_scenarios(margin=100, annual_churn=0.2, churn_reduction_points=[0, 5],
    ...                          spend_uplift_pct=[0, 10])
    >>> t[["churn_reduction_points", "spend_uplift_pct", "ltv"]].round(0)
       churn_reduction_points  spend_uplift_pct     ltv
    0                     0.0               0.0  5428.0
    1                     0.0              10.0  5971.0
    2                     5.0               0.0  7434.0
    3                     5.0              10.0  8177.0
    """
    func = "experience_scenarios"
    check_choice("timing", timing, ["end", "start"], func=func)
    if not (np.isfinite(margin) and margin >= 0):
        raise CxParameterError(f"{func}: margin must be a finite amount >= 0 per month, got {margin!r}")
    if not (0 < annual_churn < 1):
        raise CxParameterError(f"{func}: annual_churn must be a share strictly between 0 and 1, got {annual_churn!r}")
    d = annual_to_period_rate(annual_discount_rate, time_unit="month")
    if d < 0:
        raise CxParameterError(f"{func}: annual_discount_rate must be >= 0, got {annual_discount_rate!r}")
    if horizon_months is not None and not (np.isfinite(horizon_months) and horizon_months > 0):
        raise CxParameterError(f"{func}: horizon_months must be a positive number of months, got {horizon_months!r}")
    xs = [float(x) for x in churn_reduction_points]
    ys = [float(y) for y in spend_uplift_pct]
    if not xs or not ys:
        raise CxParameterError(f"{func}: churn_reduction_points and spend_uplift_pct need at least one value each")
    for x in xs:
        if not (annual_churn - x / 100 > 0) or not np.isfinite(x):
            raise CxParameterError(
                f"{func}: a churn reduction of {x} points would take annual churn {annual_churn:.1%} to zero or below; "
                "use reductions smaller than the current churn"
            )
        if annual_churn - x / 100 >= 1:
            raise CxParameterError(f"{func}: a churn change of {x} points takes annual churn to 100 % or more")
    for y in ys:
        if not np.isfinite(y) or y <= -100:
            raise CxParameterError(f"{func}: spend_uplift_pct must be above -100, got {y}")

    def paid_months(r: float) -> float:
        q = r / (1.0 + d)
        if horizon_months is None:
            return (1.0 / (1.0 - q)) if timing == "start" else q / (1.0 - q)
        n = float(horizon_months)
        geometric = (1.0 - q**n) / (1.0 - q)
        return geometric if timing == "start" else q * geometric

    base_r = (1.0 - annual_churn) ** (1.0 / 12.0)
    base = margin * paid_months(base_r)
    rows = []
    for x in xs:
        c = annual_churn - x / 100.0
        r = (1.0 - c) ** (1.0 / 12.0)
        for y in ys:
            m = margin * (1.0 + y / 100.0)
            value = m * paid_months(r)
            rows.append(
                {
                    "churn_reduction_points": x,
                    "spend_uplift_pct": y,
                    "annual_churn": c,
                    "monthly_retention": r,
                    "margin_per_month": m,
                    "ltv": value,
                    "ltv_uplift": value - base,
                    "ltv_uplift_pct": 100.0 * (value / base - 1.0) if base > 0 else math.nan,
                }
            )
    return pd.DataFrame(rows)
