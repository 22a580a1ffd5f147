"""Lifetime value by group, and what moving customers from one group to another is worth.

:func:`value_by_group` estimates churn, profit per month and lifetime value per group (NPS group,
satisfaction band; Gupta & Lehmann 2003); :func:`value_of_moving` prices turning a share of one
group into the next, with a customer-level bootstrap interval (Efron & Tibshirani 1993).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import (
    UNSET,
    check_confidence,
    check_rate,
    check_share,
    check_whole_number,
    renamed,
    require_columns,
    require_rows,
    rows_preview,
)
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.results import TableResult
from cxtools.core.wording import format_money, format_number
from cxtools.ltv.discounting import annual_to_period_rate
from cxtools.ltv.survival import _event01 as _event
from cxtools.value._common import DEFAULT_CURRENCY, _frame_block, _group_plural, _numeric

__all__ = ["value_by_group", "ValueOfMoving", "value_of_moving"]


def _paid_months(retention: np.ndarray | float, monthly_discount: float, horizon: int | None,
                 *, discounted: bool = True) -> np.ndarray:
    """sum_{t=1}^{H} (r / (1+d))^t: expected discounted months paid, margin at month end."""
    r = np.asarray(retention, dtype=float)
    q = r / (1.0 + monthly_discount) if discounted else r
    with np.errstate(divide="ignore", invalid="ignore"):
        if horizon is None:
            out = np.where(q < 1, q / (1.0 - q), np.inf)
        else:
            out = np.where(np.isclose(q, 1.0), float(horizon), q * (1.0 - q**horizon) / (1.0 - q))
    return out


@dataclass(frozen=True)
class _Inputs:
    codes: np.ndarray
    labels: list
    duration: np.ndarray
    event: np.ndarray
    contract_value: np.ndarray
    revenue: np.ndarray | None
    extra: np.ndarray | None
    weight: np.ndarray


def _value_inputs(data: pd.DataFrame, *, group: str | None, duration: str, event: str, margin: str,
                  revenue: str | None, extra_spend: str | None, margin_share: float | None, func: str,
                  weight: str | None = None) -> _Inputs:
    cols = [duration, event] + ([weight] if weight is not None else [])
    if margin_share is None:
        cols.append(margin)
        if extra_spend is not None:
            if revenue is None:
                raise CxParameterError(f"{func}: to value one-off spend without margin_share, give revenue= "
                                       "(the contract's margin/revenue ratio is applied to it)")
            cols.append(revenue)
    else:
        if revenue is None:
            raise CxParameterError(f"{func}: margin_share needs revenue= (column of monthly revenue)")
        cols.append(revenue)
    if extra_spend is not None:
        cols.append(extra_spend)
    if group is not None:
        cols.append(group)
    require_columns(data, cols, func=func)
    require_rows(data, func=func)
    t = _numeric(data, duration, func).to_numpy()
    if (t <= 0).any():
        raise CxDataError(f"{func}: {duration!r} must be a positive time; rows {rows_preview(data.index[t <= 0])}")
    e = _event(data, event, func).to_numpy()
    rev = _numeric(data, revenue, func, low=0).to_numpy() if revenue is not None and revenue in cols else None
    if margin_share is None:
        contract = _numeric(data, margin, func).to_numpy()
    else:
        contract = margin_share * rev  # type: ignore[operator]  # margin_share needs revenue, checked above
    extra = _numeric(data, extra_spend, func).to_numpy() if extra_spend is not None else None
    if group is None:
        codes, labels = np.zeros(len(data), dtype=int), ["all"]
    else:
        raw = data[group]
        if raw.isna().any():
            raise CxDataError(f"{func}: group column {group!r} is missing in rows {rows_preview(data.index[raw.isna()])}; "
                              "remove those rows or give them a group first")
        if isinstance(raw.dtype, pd.CategoricalDtype):
            labels = [c for c in raw.cat.categories if (raw == c).any()]
        else:
            labels = sorted(raw.unique().tolist(), key=str)
        codes = pd.Categorical(raw, categories=labels).codes.astype(int)
    w = _numeric(data, weight, func, low=0).to_numpy() if weight is not None else np.ones(len(data))
    if weight is not None and w.sum() == 0:
        raise CxDataError(f"{func}: weights in {weight!r} are all zero")
    return _Inputs(codes, labels, t, e, contract, rev, extra, w)


def _value_options(margin_share: float | None, discount_rate: float, horizon_months: int | None, *,
                   func: str) -> tuple[float | None, float, int | None]:
    """The money options checked: margin share (or None), the MONTHLY discount rate, the horizon (or None)."""
    if margin_share is not None:
        margin_share = check_share(margin_share, func=func, name="margin_share")
    d = annual_to_period_rate(check_rate(discount_rate, func=func, name="discount_rate", upper=1), time_unit="month")
    if horizon_months is not None:
        horizon_months = check_whole_number(horizon_months, func=func, name="horizon_months")
    return margin_share, d, horizon_months


def _group_sums(inp: _Inputs, weights: np.ndarray | None = None) -> np.ndarray:
    """Per-group sums (n, events, months, contract value, revenue, extra, design weight).

    ``weights`` (resample counts) may be a (B, n) matrix of bootstrap counts; the result is
    then (B, G, 7).
    """
    G = len(inp.labels)
    onehot = np.zeros((len(inp.codes), G))
    onehot[np.arange(len(inp.codes)), inp.codes] = 1.0
    zero = np.zeros(len(inp.codes))
    cols = np.stack([np.ones(len(inp.codes)), inp.event, inp.duration, inp.contract_value,
                     inp.revenue if inp.revenue is not None else zero,
                     inp.extra if inp.extra is not None else zero, inp.weight], axis=1)  # (n, 7)
    per = onehot[:, :, None] * cols[:, None, :]  # (n, G, 7)
    if weights is None:
        return per.sum(axis=0)
    return np.tensordot(weights, per, axes=(1, 0))


def _ltv_from_sums(sums: np.ndarray, *, margin_share: float | None, use_extra: bool, monthly_discount: float,
                   horizon: int | None) -> dict[str, np.ndarray]:
    n, d, T, M, R, X = (sums[..., k] for k in range(6))  # column 6 (design weight) is used by the callers
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = d / T
        retention = np.exp(-hazard)
        contract_per_month = M / n
        if use_extra:
            share = margin_share if margin_share is not None else M / R
            extra_per_month = X / T
        else:
            share, extra_per_month = 0.0, np.zeros_like(T)
        value_per_month = contract_per_month + share * extra_per_month
        ltv = value_per_month * _paid_months(retention, monthly_discount, horizon)
    return {"n": n, "events": d, "months": T, "retention": retention, "contract": contract_per_month,
            "extra": extra_per_month, "value": value_per_month, "ltv": ltv}


def value_by_group(
    data: pd.DataFrame,
    *,
    by: str | None = None,
    duration: str = "months_at_risk",
    event: str = "churned",
    margin: str = "monthly_margin",
    revenue: str | None = "monthly_revenue",
    extra_spend: str | None = "extra_spend",
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    currency: str = DEFAULT_CURRENCY,
    group: Any = UNSET,
) -> pd.DataFrame:
    """Churn, spend per month and lifetime value per group (NPS group, satisfaction band).

    Per group, the monthly churn hazard is estimated as churn events divided by months
    at risk (the maximum-likelihood estimate under a constant hazard, which uses the
    censored customers' time correctly), monthly retention is ``r = exp(-hazard)``, and
    lifetime value follows Gupta & Lehmann (2003, eq. 2) with the margin arriving at the
    end of each month the customer is still there, cut at ``horizon_months``::

        LTV = m * sum_{t=1}^{H} (r / (1 + d))^t

    where ``d`` is the monthly discount rate converted from the annual one
    (:func:`cxtools.ltv.simple.annual_to_period_rate`) and ``m`` the value per month:
    the contract's margin per customer plus the margin on one-off purchases (net spend
    while at risk divided by months at risk, valued at the group's contract
    margin/revenue ratio, or at ``margin_share`` when that is given -- then the contract
    margin is ``margin_share`` x revenue too).

    Parameters
    ----------
    data : DataFrame
        One row per customer, e.g. :attr:`JoinResult.data`.
    by : str or None, default None
        Column with the groups; None for one group called ``"all"``. Missing groups are
        an error (drop or label those rows first). ``group`` is its old name
        (FutureWarning).
    duration, event : str
        Months at risk and churned flag.
    margin : str, default "monthly_margin"
        Contract margin per month (money); ignored when ``margin_share`` is given.
    revenue : str or None, default "monthly_revenue"
        Contract revenue per month (money).
    extra_spend : str or None, default "extra_spend"
        Net one-off spend while at risk (money); None to leave one-off purchases out.
    margin_share : float, optional
        Share of revenue kept as margin (0-1), used instead of the margin column.
    discount_rate : float, default 0.10
        Discount rate **per year**; converted to a monthly compound rate.
    horizon_months : int or None, default 60
        Months of future value counted; None for no limit.
    currency : str, default DEFAULT_CURRENCY
        Currency of the money columns (ISO code or label); kept in ``table.attrs`` for
        :func:`cxtools.narrative.value.plain_value_table`.

    Returns
    -------
    DataFrame
        One row per group (index = group labels): ``customers``, ``churned``,
        ``months_at_risk``, ``monthly_churn`` (share leaving per month),
        ``expected_months`` (undiscounted months within the horizon),
        ``contract_margin_per_month``, ``extra_spend_per_month``, ``value_per_month``
        and ``ltv`` (money per customer).

    Raises
    ------
    CxSchemaError, CxDataError, CxParameterError
        Missing columns, bad values (rows named) or bad options.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46-54.

    Examples
    --------
    Two groups with 100 months at risk each, one churn event against two; without
    discounting and horizon, LTV = m r / (1 - r) with r = exp(-events / months):

    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a", "a", "b", "b"], "months": [50.0, 50, 50, 50],
    ...                    "churned": [1, 0, 1, 1], "monthly_margin": [100.0] * 4})
    >>> t = value_by_group(df, by="g", duration="months", revenue=None, extra_spend=None,
    ...                    discount_rate=0.0, horizon_months=None)
    >>> t[["customers", "churned", "monthly_churn", "ltv"]].round(4)
       customers  churned  monthly_churn        ltv
    g
    a          2      1.0         0.0100  9950.0833
    b          2      2.0         0.0198  4950.1667
    """
    func = "value_by_group"
    group = by = renamed("group", group, "by", by, func=func, default=None)
    margin_share, d, horizon_months = _value_options(margin_share, discount_rate, horizon_months, func=func)
    inp = _value_inputs(data, group=group, duration=duration, event=event, margin=margin, revenue=revenue,
                        extra_spend=extra_spend, margin_share=margin_share, func=func)
    out = _ltv_from_sums(_group_sums(inp), margin_share=margin_share, use_extra=extra_spend is not None,
                         monthly_discount=d, horizon=horizon_months)
    table = pd.DataFrame(
        {
            "customers": out["n"].astype(int),
            "churned": out["events"],
            "months_at_risk": out["months"],
            "monthly_churn": 1 - out["retention"],
            "expected_months": _paid_months(out["retention"], 0.0, horizon_months, discounted=False),
            "contract_margin_per_month": out["contract"],
            "extra_spend_per_month": out["extra"],
            "value_per_month": out["value"],
            "ltv": out["ltv"],
        },
        index=pd.Index(inp.labels, name=group if group is not None else "group"),
    )
    table.attrs["currency"] = currency
    table.attrs["horizon_months"] = horizon_months
    return table


@dataclass(frozen=True, repr=False)
class ValueOfMoving(TableResult):
    """What moving a share of customers from one group to another is worth.

    Attributes
    ----------
    table : DataFrame
        One row per share moved: ``share_moved``, ``customers_moved``,
        ``value_per_customer`` (LTV gain per customer moved), ``value`` (in total),
        ``ci_low``, ``ci_high`` (bootstrap percentile interval of ``value``).
    from_group, to_group : object
        The groups.
    ltv_from, ltv_to : float
        Lifetime value per customer in each group.
    customers_in_from_group : float
        Customers in the base estimated to be in ``from_group``.
    customer_base : int
        Customers the result is applied to.
    n_boot : int
        Bootstrap resamples.
    confidence : float
        Level of the intervals.
    seed : int
        Seed of the bootstrap.
    currency : str
        Currency of the amounts (ISO code or label).
    """

    table: pd.DataFrame
    from_group: Any
    to_group: Any
    ltv_from: float
    ltv_to: float
    customers_in_from_group: float
    customer_base: int
    n_boot: int
    confidence: float
    seed: int
    currency: str = DEFAULT_CURRENCY

    def __repr__(self) -> str:
        head = (f"ValueOfMoving: {self.from_group} -> {self.to_group}, LTV {format_number(self.ltv_from)} -> "
                f"{format_money(self.ltv_to, currency=self.currency)} per customer; base {self.customer_base:,} customers, "
                f"{self.customers_in_from_group:,.0f} of them {_group_plural(self.from_group)} "
                f"({self.confidence:.0%} bootstrap CI, {self.n_boot} resamples, seed {self.seed})")
        return head + "\n" + _frame_block(self.table.set_index("share_moved"), 0)


def value_of_moving(
    data: pd.DataFrame,
    *,
    by: str = "nps_group",
    from_group: Any = "detractor",
    to_group: Any = "passive",
    shares: Sequence[float] = (0.05, 0.10, 0.20, 0.30, 0.50),
    customer_base: int | None = None,
    weight: str | None = None,
    duration: str = "months_at_risk",
    event: str = "churned",
    margin: str = "monthly_margin",
    revenue: str | None = "monthly_revenue",
    extra_spend: str | None = "extra_spend",
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    n_boot: int = 500,
    confidence: float = 0.90,
    seed: int = 2026,
    currency: str = DEFAULT_CURRENCY,
    group: Any = UNSET,
) -> ValueOfMoving:
    """Value of turning a share of one group's customers into the next group, with an interval.

    "Turning 10 % of detractors into passives is worth X of lifetime value": with the
    groups' lifetime values from :func:`value_by_group`, moving a share ``s`` of the
    ``N_from`` customers in ``from_group`` is worth ``s * N_from * (LTV_to - LTV_from)``,
    assuming a moved customer then churns and spends like the group they joined. ``N_from``
    is the group's share among the respondents times ``customer_base`` (or the number of
    respondents in the group when no base is given); with ``weight`` the share is
    weighted by the survey's design weights, so an over-sampled segment does not inflate
    it. Churn, spend and LTV per group are unweighted (each customer's own behaviour).

    The interval is a nonparametric bootstrap (Efron & Tibshirani 1993, ch. 13, percentile
    method): customers are resampled with replacement, and the group shares, churn rates,
    spend and LTVs are all re-estimated in every resample, so the interval carries the
    uncertainty of all of them. Seeded: the same ``seed`` gives the same interval.

    Parameters
    ----------
    data : DataFrame
        One row per customer (e.g. :attr:`JoinResult.data`).
    by : str, default "nps_group"
        Column with the groups (``group`` is its old name, FutureWarning).
    from_group, to_group : labels
        Group customers are moved out of and into.
    shares : sequence of float, default (0.05, 0.10, 0.20, 0.30, 0.50)
        Shares of ``from_group`` moved (0-1), one row each in the sensitivity table.
    customer_base : int, optional
        Number of customers to apply the result to (e.g. all active customers).
    weight : str, optional
        Column of survey design weights (>= 0) for the group's share of the base.
    duration, event, margin, revenue, extra_spend, margin_share, discount_rate, horizon_months
        As in :func:`value_by_group`.
    n_boot : int, default 500
        Bootstrap resamples (>= 50).
    confidence : float, default 0.90
        Level of the percentile interval.
    seed : int, default 2026
        Seed of the random generator.
    currency : str, default DEFAULT_CURRENCY
        Currency of the amounts (ISO code or label), for the result's text.

    Returns
    -------
    ValueOfMoving

    Raises
    ------
    CxParameterError
        A group not in the data, shares outside 0-1, too few resamples.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall, ch. 13 (percentile intervals).
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46-54.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"g": ["detractor"] * 200 + ["passive"] * 200,
    ...                    "months": rng.exponential([50] * 200 + [100] * 200).clip(0.1, 24),
    ...                    "monthly_margin": 100.0})
    >>> df["churned"] = df["months"] < 24
    >>> moved = value_of_moving(df, by="g", shares=[0.1, 0.2], customer_base=10_000,
    ...                         duration="months", revenue=None, extra_spend=None, n_boot=200)
    >>> moved.table[["share_moved", "customers_moved"]]
       share_moved  customers_moved
    0          0.1            500.0
    1          0.2           1000.0
    >>> bool(moved.table["ci_low"].iloc[0] < moved.table["value"].iloc[0] < moved.table["ci_high"].iloc[0])
    True
    """
    func = "value_of_moving"
    group = by = renamed("group", group, "by", by, func=func, default="nps_group")
    margin_share, d, horizon_months = _value_options(margin_share, discount_rate, horizon_months, func=func)
    n_boot = check_whole_number(n_boot, func=func, name="n_boot", minimum=50)
    confidence = check_confidence(confidence, func=func)
    try:
        share_values = np.atleast_1d(np.asarray(shares, dtype=float))
    except (TypeError, ValueError) as exc:
        raise CxParameterError(f"{func}: shares must be numbers between 0 and 1, got {shares!r}") from exc
    shares = [check_share(s, func=func, name="each share in shares") for s in share_values]
    if not shares:
        raise CxParameterError(f"{func}: shares needs at least one value")
    if customer_base is not None:
        customer_base = check_whole_number(customer_base, func=func, name="customer_base")
    inp = _value_inputs(data, group=group, duration=duration, event=event, margin=margin, revenue=revenue,
                        extra_spend=extra_spend, margin_share=margin_share, func=func, weight=weight)
    for label in (from_group, to_group):
        if label not in inp.labels:
            raise CxParameterError(f"{func}: group {label!r} has no customers in {group!r}; groups are {inp.labels}")
    if from_group == to_group:
        raise CxParameterError(f"{func}: from_group and to_group are both {from_group!r}")
    a, b = inp.labels.index(from_group), inp.labels.index(to_group)
    n = len(inp.codes)
    base = customer_base if customer_base is not None else n
    kw: dict[str, Any] = dict(margin_share=margin_share, use_extra=extra_spend is not None, monthly_discount=d, horizon=horizon_months)

    def per_customer_and_count(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = _ltv_from_sums(sums, **kw)
        gain = out["ltv"][..., b] - out["ltv"][..., a]
        in_from = base * sums[..., a, 6] / sums[..., 6].sum(axis=-1)
        return gain, in_from

    gain, in_from = per_customer_and_count(_group_sums(inp))
    point = _ltv_from_sums(_group_sums(inp), **kw)
    rng = np.random.default_rng(seed)
    totals = []
    for start in range(0, n_boot, 200):  # blocks keep the count matrix small for large data
        size = min(200, n_boot - start)
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=size).astype(float)
        g, k = per_customer_and_count(_group_sums(inp, counts))
        totals.append(g * k)
    boot = np.concatenate(totals)
    boot = boot[np.isfinite(boot)]  # a resample without one of the two groups has no value
    if len(boot) < 0.95 * n_boot:
        raise CxDataError(f"{func}: {group!r} groups {from_group!r}/{to_group!r} are too small: "
                          f"{n_boot - len(boot)} of {n_boot} resamples lacked one of them")
    lo, hi = np.quantile(boot, [0.5 - confidence / 2, 0.5 + confidence / 2])
    rows = []
    for s in shares:
        rows.append({"share_moved": s, "customers_moved": s * float(in_from), "value_per_customer": float(gain),
                     "value": s * float(gain * in_from), "ci_low": s * lo, "ci_high": s * hi})
    return ValueOfMoving(table=pd.DataFrame(rows), from_group=from_group, to_group=to_group,
                         ltv_from=float(point["ltv"][a]), ltv_to=float(point["ltv"][b]),
                         customers_in_from_group=float(in_from), customer_base=int(base), n_boot=n_boot,
                         confidence=confidence, seed=int(seed), currency=currency)
