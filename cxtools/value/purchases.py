"""The purchases-only route: survey groups as a covariate of a repeat-buying model.

When customers have no contracts there is no date of leaving, only purchases:
:func:`purchase_value_link` fits a Pareto/NBD or BG/NBD model with the survey group as a
time-invariant covariate (Fader & Hardie 2007) and prices moving customers between groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import check_confidence, check_rate, check_share, check_whole_number, require_columns
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.results import TableResult
from cxtools.core.vocabulary import REPEAT_MODEL_NAMES, repeat_model
from cxtools.value._common import DEFAULT_CURRENCY, _clean_ids, _dates, _frame_block, _numeric

__all__ = ["EFFECTS_CONFIDENCE", "PurchaseLink", "purchase_value_link"]

#: Level of the intervals of a :class:`PurchaseLink`'s group effects (matching their 5 % tests).
EFFECTS_CONFIDENCE = 0.95


@dataclass(frozen=True, repr=False)
class PurchaseLink(TableResult):
    """Survey groups as a covariate of a repeat-buying model, and what moving customers is worth.

    Attributes
    ----------
    effects : DataFrame
        One row per covariate coefficient of the model: ``process`` (purchase or
        drop-out), ``term``, ``multiplier`` (exp(coefficient): how the group's rate
        compares with the reference group's), its 95 % interval (``ci_low``,
        ``ci_high``, :data:`EFFECTS_CONFIDENCE`) and ``p_value`` (Wald test).
    table : DataFrame
        One row per share moved: ``share_moved``, ``customers_moved``,
        ``value_per_customer``, ``value``, ``ci_low``, ``ci_high``.
    by, from_group, to_group : object
        The covariate and the groups moved out of and into (the reference level).
    model_name : str
        ``"Pareto/NBD"`` or ``"BG/NBD"``.
    n_customers : int
        Linked respondents with purchases (the rows the model was fitted on).
    n_without_purchases : int
        Linked respondents without a purchase before the as-of date (left out).
    customers_in_from_group : float
        Customers of the base estimated to be in ``from_group``.
    customer_base : int
    spend_per_purchase : float
        Mean spend per purchase day of the respondents.
    margin_share : float or None
        Share of spend kept as profit; None when values are revenue.
    horizon_months : int
    discount_rate : float
        Per year.
    confidence : float
    n_draws, seed : int
    currency : str
    """

    effects: pd.DataFrame
    table: pd.DataFrame
    by: str
    from_group: Any
    to_group: Any
    model_name: str
    n_customers: int
    n_without_purchases: int
    customers_in_from_group: float
    customer_base: int
    spend_per_purchase: float
    margin_share: float | None
    horizon_months: int
    discount_rate: float
    confidence: float
    n_draws: int
    seed: int
    currency: str = DEFAULT_CURRENCY

    def effect(self, process: str) -> pd.Series:
        """The coefficient row of ``from_group`` in ``process`` ("purchase" or "drop-out")."""
        rows = self.effects[(self.effects["process"] == process)
                            & (self.effects["term"] == f"{self.by}[{self.from_group}]")]
        if rows.empty:
            raise CxParameterError(f"PurchaseLink.effect: no {process} coefficient for {self.from_group!r}")
        return rows.iloc[0]

    def __repr__(self) -> str:
        return (f"PurchaseLink({self.model_name}, {self.by}: {self.from_group} -> {self.to_group}, "
                f"{self.n_customers:,} customers; base {self.customer_base:,})\n"
                + _frame_block(self.table.set_index("share_moved"), 0))


def purchase_value_link(
    transactions: pd.DataFrame,
    linked: pd.DataFrame,
    *,
    by: str = "nps_group",
    from_group: Any = "detractor",
    to_group: Any = "passive",
    shares: Sequence[float] = (0.05, 0.10, 0.20, 0.30, 0.50),
    as_of: str | pd.Timestamp,
    model: Literal["paretonbd", "bgnbd"] = "paretonbd",
    customer_base: int | None = None,
    weight: str | None = None,
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int = 60,
    confidence: float = 0.90,
    n_draws: int = 200,
    seed: int = 2026,
    currency: str = DEFAULT_CURRENCY,
    customer_id: str = "customer_id",
) -> PurchaseLink:
    """What moving customers between survey groups is worth when they only buy (no contracts).

    The purchases-only counterpart of :func:`value_of_moving`. The linked respondents'
    purchases up to ``as_of`` are summarised per customer (frequency, recency, age in
    weeks; :func:`cxtools.ltv.rfm.rfm_summary`) and a repeat-buying model is fitted with
    the survey group as a time-invariant covariate of both the purchase and the drop-out
    process (Fader & Hardie 2007), ``to_group`` as the reference level. Moving a customer
    from ``from_group`` to ``to_group`` is worth the change of their expected discounted
    spend over ``horizon_months`` given their own purchase history
    (:func:`cxtools.ltv.covariates.covariate_value_shift`), times ``margin_share`` (or in
    revenue when no share is given). The mean over the respondents in ``from_group`` is
    applied to the group's customers in the base: the group's (weighted) share of the
    respondents times ``customer_base``; the interval comes from draws of the model's
    parameters from their asymptotic normal distribution, so it carries the uncertainty
    of the group effects.

    Parameters
    ----------
    transactions : DataFrame
        ``customer_id``, ``timestamp``, ``amount``; rows with amount <= 0 (refunds,
        zero-value orders) are left out.
    linked : DataFrame
        Linked respondents, one row per customer (:attr:`JoinResult.data`), with ``by``.
    by, from_group, to_group
        The group column and the groups moved out of and into.
    shares : sequence of float
        Shares of ``from_group`` moved, one row each.
    as_of : date-like
        End of the observation window.
    model : {"paretonbd", "bgnbd"}, default "paretonbd"
        The repeat-buying model (:func:`cxtools.core.vocabulary.repeat_model`); the older
        spellings ``"pareto_nbd"`` and ``"bg_nbd"`` still work for one release (FutureWarning).
    customer_base : int, optional
        Customers to apply the result to (default: customers with a purchase in
        ``transactions``).
    weight : str, optional
        Survey design weights for the group's share.
    margin_share : float, optional
        Share of spend kept as profit; None for revenue.
    discount_rate : float, default 0.10
        Per year.
    horizon_months : int, default 60
    confidence : float, default 0.90
    n_draws : int, default 200
        Parameter draws for the interval (>= 50).
    seed : int, default 2026
    currency : str, default DEFAULT_CURRENCY
    customer_id : str, default "customer_id"

    Returns
    -------
    PurchaseLink

    Raises
    ------
    CxDataError
        Fewer than 30 linked respondents with purchases, or a group without them.

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). Incorporating time-invariant covariates into
    the Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/
    Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers.
    *Management Science*, 33(1), 1-24.

    Examples
    --------
    >>> from cxtools.data.samples import make_sample_data
    >>> from cxtools.value import link_survey_to_customers
    >>> d = make_sample_data(1500, seed=7, dirty=False)
    >>> joined = link_survey_to_customers(d.survey, d.customers, None, as_of="2026-06-30")
    >>> link = purchase_value_link(d.transactions, joined.data, as_of="2026-06-30", n_draws=50,
    ...                            shares=[0.1], margin_share=0.3)
    >>> row = link.table.iloc[0]
    >>> bool(row["ci_low"] <= row["value"] <= row["ci_high"])
    True
    """
    from cxtools.ltv.covariates import BetaGeoCovariateModel, ParetoNBDCovariateModel, covariate_value_shift
    from cxtools.ltv.rfm import rfm_summary

    func = "purchase_value_link"
    model = repeat_model(model, func=func, name="model")  # type: ignore[assignment]  # one of the same names
    if margin_share is not None:
        margin_share = check_share(margin_share, func=func, name="margin_share")
    check_rate(discount_rate, func=func, name="discount_rate", upper=1)
    horizon_months = check_whole_number(horizon_months, func=func, name="horizon_months")
    n_draws = check_whole_number(n_draws, func=func, name="n_draws", minimum=50)
    confidence = check_confidence(confidence, func=func)
    shares = [check_share(float(s), func=func, name="each share in shares") for s in np.atleast_1d(shares)]
    require_columns(transactions, [customer_id, "timestamp", "amount"], func=func, what="transactions")
    require_columns(linked, [customer_id, by] + ([weight] if weight else []), func=func, what="linked respondents")
    as_of = pd.Timestamp(as_of)
    tx = pd.DataFrame({"customer_id": _clean_ids(transactions[customer_id]).to_numpy(),
                       "timestamp": _dates(transactions["timestamp"]).to_numpy(),
                       "amount": _numeric(transactions, "amount", func, what="transactions").to_numpy()})
    tx = tx[(tx["amount"] > 0) & tx["timestamp"].notna() & (tx["timestamp"] <= as_of) & tx["customer_id"].notna()]
    if customer_base is None:
        customer_base = int(tx["customer_id"].nunique())
    resp = linked.assign(_cid=_clean_ids(linked[customer_id]).to_numpy())
    resp = resp[resp[by].notna()]
    mine = tx[tx["customer_id"].isin(set(resp["_cid"]))]
    if mine.empty:
        raise CxDataError(f"{func}: none of the {len(resp):,} linked respondents has a purchase up to {as_of.date()}")
    rfm = rfm_summary(mine, amount="amount", observation_end=as_of, time_unit="week")
    days = mine.assign(day=mine["timestamp"].dt.normalize()).groupby(["customer_id", "day"])["amount"].sum()
    spend = float(days.mean())
    rows = resp.set_index("_cid")[[by] + ([weight] if weight else [])]
    fit_data = rfm.join(rows, how="inner")
    fit_data[by] = fit_data[by].astype(str)
    n_without = int(len(resp) - len(fit_data))
    if len(fit_data) < 30:
        raise CxDataError(f"{func}: only {len(fit_data)} linked respondents have purchases; at least 30 are needed")
    for label in (from_group, to_group):
        if not (fit_data[by] == str(label)).any():
            raise CxDataError(f"{func}: no linked respondent with purchases is in group {label!r} of {by!r}")
    cls = ParetoNBDCovariateModel if model == "paretonbd" else BetaGeoCovariateModel
    fitted = cls(time_unit="week").fit(fit_data, covariates=[by], reference={by: str(to_group)})
    margin = margin_share if margin_share is not None else 1.0
    shift = covariate_value_shift(fitted, fit_data, covariate=by, from_level=str(from_group), to_level=str(to_group),
                                  spend=spend, horizon=float(horizon_months), time_unit="month", margin=margin,
                                  discount_rate=discount_rate, discount_period="year", confidence=confidence,
                                  n_draws=n_draws, seed=seed)
    w = fit_data[weight].astype(float) if weight else pd.Series(1.0, index=fit_data.index)
    in_from = customer_base * float(w[fit_data[by] == str(from_group)].sum() / w.sum())
    per, lo, hi = shift.per_customer, shift.lower / shift.n_customers, shift.upper / shift.n_customers
    table = pd.DataFrame([{"share_moved": s, "customers_moved": s * in_from, "value_per_customer": per,
                           "value": s * in_from * per, "ci_low": s * in_from * lo, "ci_high": s * in_from * hi}
                          for s in shares])
    # the group effects' intervals at the level of their tests (two-sided 5 %), not the money interval's
    summ = fitted.summary(confidence=EFFECTS_CONFIDENCE)
    pct = f"{EFFECTS_CONFIDENCE:.0%}"
    coef = summ[summ["p_value"].notna()]
    process = [("purchase" if str(k).startswith("purchase") else "drop-out" + (" " + str(k).split(":")[0].split()[-1]
                if str(k).startswith("dropout ") and model == "bgnbd" else "")) for k in coef.index]
    effects = pd.DataFrame({
        "process": process,
        "term": [str(k).split(": ", 1)[1] for k in coef.index],
        "multiplier": coef["multiplier"].to_numpy(),
        "ci_low": np.exp(coef[f"lower_{pct}"].to_numpy()),
        "ci_high": np.exp(coef[f"upper_{pct}"].to_numpy()),
        "p_value": coef["p_value"].to_numpy(),
    })
    return PurchaseLink(effects=effects, table=table, by=by, from_group=from_group, to_group=to_group,
                        model_name=REPEAT_MODEL_NAMES[model], n_customers=len(fit_data),
                        n_without_purchases=n_without, customers_in_from_group=in_from,
                        customer_base=int(customer_base), spend_per_purchase=spend, margin_share=margin_share,
                        horizon_months=horizon_months, discount_rate=float(discount_rate), confidence=confidence,
                        n_draws=n_draws, seed=int(seed), currency=currency)

