"""The service-profit chain measured: operations -> satisfaction -> churn -> lifetime value.

Heskett et al. (1994): the operations behind the experience shape satisfaction, satisfaction
shapes whether customers stay, and staying is money. :func:`operations_chain` estimates each
link separately, so a reader sees where the chain is strong and where it breaks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import check_confidence, require_columns
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.i18n import N_
from cxtools.core.results import TableResult
from cxtools.core.util import as_list as _as_list
from cxtools.core.wording import format_money
from cxtools.ltv.discounting import annual_to_period_rate
from cxtools.ltv.survival import CoxResult, churn_hazard_ratios
from cxtools.value._common import DEFAULT_CURRENCY, _frame_block, _numeric
from cxtools.value.groups import _paid_months, value_by_group

__all__ = ["DRIVER_LABELS", "MEANINGS", "ValueChain", "link_meaning", "operations_chain"]

#: Plain-language names (with units) of the operations columns of the sample data.
DRIVER_LABELS: dict[str, tuple[str, str]] = {
    "avg_wait_minutes": ("Waiting time", "minute of waiting"),
    "n_contacts": ("Support contacts", "contact"),
    "n_repeat_contacts": ("Repeat contacts", "repeat contact"),
    "n_complaints": ("Complaints", "complaint"),
    "first_contact_resolution": ("First-contact resolution", "0 -> 100% resolved at first contact"),
}


#: What a link's estimate is, in words and units, by (source kind, target kind); ``{unit}`` is the
#: driver's unit (:data:`DRIVER_LABELS`), ``{cur}`` the currency. English, as kept in
#: :attr:`ValueChain.links`; translated where shown (:mod:`cxtools.narrative.value`).
MEANINGS: dict[tuple[str, str], str] = {
    ("driver", "satisfaction"): N_("satisfaction points per {unit}"),
    ("driver", "churn"): N_("churn hazard ratio per {unit} (total effect)"),
    ("satisfaction", "churn"): N_("churn hazard ratio per point of satisfaction"),
    ("satisfaction", "lifetime value"): N_("{cur} of lifetime value per customer per point of satisfaction"),
    ("driver", "lifetime value"): N_("{cur} of lifetime value per customer per {unit}, through satisfaction"),
}


def meaning_key(source: str, target: str, satisfaction: str) -> tuple[str, str]:
    """The key of :data:`MEANINGS` for the link ``source -> target``."""
    if source == satisfaction:
        return ("satisfaction", "churn" if target == "churn" else "lifetime value")
    return ("driver", target if target in ("churn", "lifetime value") else "satisfaction")


def link_meaning(source: str, target: str, satisfaction: str, currency: str) -> str:
    """What a :class:`ValueChain` link's estimate is, in English words and units.

    Examples
    --------
    >>> link_meaning("avg_wait_minutes", "overall_satisfaction", "overall_satisfaction", "EUR")
    'satisfaction points per minute of waiting'
    """
    unit = DRIVER_LABELS.get(source, (source, f"unit of {source}"))[1]
    return MEANINGS[meaning_key(source, target, satisfaction)].format(unit=unit, cur=currency)


@dataclass(frozen=True, repr=False)
class ValueChain(TableResult):
    """Estimated links of the chain operations -> satisfaction -> churn -> lifetime value.

    Attributes
    ----------
    links : DataFrame
        One row per link: ``source``, ``target``, ``estimate``, ``ci_low``, ``ci_high``,
        ``p_value`` and ``meaning`` (what the estimate is, in words and units). Links:
        each driver -> satisfaction (regression coefficient, satisfaction points per unit,
        heteroscedasticity-robust HC3 interval), each driver -> churn (hazard ratio per
        unit, Cox model, total effect), satisfaction -> churn (hazard ratio per point),
        satisfaction -> lifetime value (money per customer per point) and each driver ->
        lifetime value through satisfaction (money per customer per unit).
    satisfaction_r2 : float
        Share of the variance in satisfaction explained by the drivers.
    cox_satisfaction, cox_drivers : CoxResult
        The two churn models.
    baseline : dict
        Monthly churn, value per month and lifetime value per customer today.
    drivers : tuple of str
        Operations columns used.
    satisfaction : str
        Satisfaction column.
    confidence : float
        Level of the intervals.
    currency : str
        Currency of the amounts (ISO code or label).
    """

    _frame = "links"
    links: pd.DataFrame
    satisfaction_r2: float
    cox_satisfaction: CoxResult
    cox_drivers: CoxResult
    baseline: dict
    drivers: tuple
    satisfaction: str
    confidence: float
    currency: str = DEFAULT_CURRENCY

    def link(self, source: str, target: str) -> pd.Series:
        """One link (row of :attr:`links`)."""
        rows = self.links[(self.links["source"] == source) & (self.links["target"] == target)]
        if rows.empty:
            raise CxParameterError(f"ValueChain: no link {source!r} -> {target!r}")
        return rows.iloc[0]

    def __repr__(self) -> str:
        b = self.baseline
        head = (f"ValueChain: {len(self.drivers)} operations drivers -> {self.satisfaction} -> churn -> LTV "
                f"(n = {self.cox_satisfaction.n:,}; today {b['monthly_churn']:.2%} churn a month, "
                f"LTV {format_money(b['ltv'], currency=self.currency)}; drivers explain "
                f"{self.satisfaction_r2:.0%} of satisfaction)")
        shown = self.links.set_index(["source", "target"])[["estimate", "ci_low", "ci_high", "p_value"]]
        return head + "\n" + _frame_block(shown, 3)


def operations_chain(
    data: pd.DataFrame,
    *,
    drivers: Sequence[str] = ("avg_wait_minutes", "n_repeat_contacts", "n_complaints"),
    satisfaction: str = "overall_satisfaction",
    duration: str = "months_at_risk",
    event: str = "churned",
    adjust_for: str | Sequence[str] | None = ("tenure_months", "n_products"),
    margin: str = "monthly_margin",
    revenue: str | None = "monthly_revenue",
    extra_spend: str | None = "extra_spend",
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    confidence: float = 0.95,
    seed: int = 2026,
    currency: str = DEFAULT_CURRENCY,
) -> ValueChain:
    """Measure the service-profit chain: operations -> satisfaction -> churn -> money.

    Heskett et al. (1994) describe how operations shape satisfaction, satisfaction shapes
    loyalty and loyalty shapes profit. Each link is estimated separately, so a reader
    sees where the chain is strong and where it breaks:

    1. **operations -> satisfaction**: linear regression of satisfaction on all drivers
       together (points of satisfaction per unit of each driver, HC3 robust intervals;
       MacKinnon & White 1985);
    2. **operations -> churn**: Cox model of churn on all drivers, adjusted for
       ``adjust_for`` (hazard ratio per unit; the total effect, through satisfaction or
       not);
    3. **satisfaction -> churn**: Cox model of churn on satisfaction, adjusted for
       ``adjust_for`` (hazard ratio per point; Cox 1972);
    4. **satisfaction -> lifetime value**: with today's monthly churn hazard ``h`` and
       value per month ``m`` (:func:`value_by_group` over everyone), one more point
       of satisfaction multiplies the hazard by ``HR`` and is worth
       ``LTV(h * HR) - LTV(h)`` per customer (interval from the HR's interval);
    5. **driver -> lifetime value via satisfaction**: a unit of the driver moves
       satisfaction by ``b`` points, so the hazard by ``HR ** b``; worth
       ``LTV(h * HR**b) - LTV(h)``, interval by simulation from the two estimates'
       normal approximations (seeded).

    Parameters
    ----------
    data : DataFrame
        Linked respondents with operations columns (``link_survey_to_customers(...,
        operations=...)``).
    drivers : sequence of str
        Operations columns. Missing values are an error (e.g. first-contact resolution
        is empty for customers without contacts: fill it deliberately first).
    satisfaction : str, default "overall_satisfaction"
        Satisfaction score column.
    duration, event, adjust_for
        As in :func:`churn_hazard_ratios`.
    margin, revenue, extra_spend, margin_share, discount_rate, horizon_months
        As in :func:`value_by_group`.
    confidence : float, default 0.95
        Level of all intervals.
    seed : int, default 2026
        Seed of the simulation for the driver -> value intervals.
    currency : str, default DEFAULT_CURRENCY
        Currency of the amounts (ISO code or label), for the links' meaning and the chart.

    Returns
    -------
    ValueChain

    References
    ----------
    Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
    (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2),
    164-174.
    Cox, D. R. (1972). Regression models and life-tables. *JRSS B*, 34(2), 187-220.
    MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent covariance
    matrix estimators with improved finite sample properties. *Journal of
    Econometrics*, 29(3), 305-325.
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.

    Examples
    --------
    >>> from cxtools.data.samples import make_sample_data
    >>> from cxtools.value import link_survey_to_customers
    >>> d = make_sample_data(2000, seed=7)
    >>> joined = link_survey_to_customers(d.survey, d.customers, d.subscriptions,
    ...                                   transactions=d.transactions, operations=d.operations)
    >>> chain = operations_chain(joined.data)
    >>> chain.link("overall_satisfaction", "churn")["estimate"] < 1  # happier customers stay
    np.True_
    >>> chain.link("n_repeat_contacts", "overall_satisfaction")["estimate"] < 0
    np.True_
    """
    import statsmodels.api as sm

    func = "operations_chain"
    drivers = _as_list(drivers)
    if not drivers:
        raise CxParameterError(f"{func}: give at least one driver column")
    confidence = check_confidence(confidence, func=func)
    controls = _as_list(adjust_for)
    require_columns(data, [*drivers, satisfaction, duration, event, *controls], func=func)
    X = pd.DataFrame({c: _numeric(data, c, func) for c in drivers}, index=data.index)
    y = _numeric(data, satisfaction, func)
    const = [c for c in drivers if X[c].nunique() < 2]
    if const:
        raise CxDataError(f"{func}: driver(s) {const} take a single value in every row; remove them")
    ols = sm.OLS(y.to_numpy(), sm.add_constant(X.to_numpy(), has_constant="add")).fit(cov_type="HC3")
    z = stats.norm.ppf(0.5 + confidence / 2)
    b, se = np.asarray(ols.params)[1:], np.asarray(ols.bse)[1:]

    cox_sat = churn_hazard_ratios(data, predictors=satisfaction, duration=duration, event=event,
                                  adjust_for=controls, confidence=confidence)
    cox_drv = churn_hazard_ratios(data, predictors=drivers, duration=duration, event=event,
                                  adjust_for=controls, confidence=confidence,
                                  labels={c: f"{lab} (per {unit})" for c, (lab, unit) in DRIVER_LABELS.items()})
    base = value_by_group(data, by=None, duration=duration, event=event, margin=margin, revenue=revenue,
                          extra_spend=extra_spend, margin_share=margin_share, discount_rate=discount_rate,
                          horizon_months=horizon_months).iloc[0]
    d = annual_to_period_rate(float(discount_rate), time_unit="month")
    h0 = -math.log1p(-float(base["monthly_churn"]))
    m = float(base["value_per_month"])

    def ltv_gain(log_hr: np.ndarray | float) -> np.ndarray:
        r1 = np.exp(-h0 * np.exp(log_hr))
        return m * (_paid_months(r1, d, horizon_months) - _paid_months(math.exp(-h0), d, horizon_months))

    rows = []
    for k, col in enumerate(drivers):
        rows.append({"source": col, "target": satisfaction, "estimate": b[k], "ci_low": b[k] - z * se[k],
                     "ci_high": b[k] + z * se[k], "p_value": 2 * stats.norm.sf(abs(b[k] / se[k]))})
    for col in drivers:
        r = cox_drv.table.loc[col]
        rows.append({"source": col, "target": "churn", "estimate": r["hazard_ratio"], "ci_low": r["ci_low"],
                     "ci_high": r["ci_high"], "p_value": r["p_value"]})
    rs = cox_sat.table.loc[satisfaction]
    rows.append({"source": satisfaction, "target": "churn", "estimate": rs["hazard_ratio"], "ci_low": rs["ci_low"],
                 "ci_high": rs["ci_high"], "p_value": rs["p_value"]})
    beta, beta_se = float(rs["coef"]), float(rs["std_err"])
    per_point = ltv_gain(beta)
    lo_hi = sorted([float(ltv_gain(beta - z * beta_se)), float(ltv_gain(beta + z * beta_se))])
    rows.append({"source": satisfaction, "target": "lifetime value", "estimate": float(per_point),
                 "ci_low": lo_hi[0], "ci_high": lo_hi[1], "p_value": rs["p_value"]})
    rng = np.random.default_rng(seed)
    beta_draws = rng.normal(beta, beta_se, 4000)
    for k, col in enumerate(drivers):
        draws = ltv_gain(rng.normal(b[k], se[k], 4000) * beta_draws)
        lo, hi = np.quantile(draws, [0.5 - confidence / 2, 0.5 + confidence / 2])
        p = 2 * min((draws <= 0).mean(), (draws >= 0).mean())
        rows.append({"source": col, "target": "lifetime value", "estimate": float(ltv_gain(b[k] * beta)),
                     "ci_low": lo, "ci_high": hi, "p_value": max(p, 1 / 4000)})
    links = pd.DataFrame(rows)
    links["meaning"] = [link_meaning(a, b_, satisfaction, currency) for a, b_ in zip(links["source"], links["target"])]
    baseline = {"monthly_churn": float(base["monthly_churn"]), "value_per_month": m, "ltv": float(base["ltv"]),
                "customers": int(base["customers"])}
    return ValueChain(links=links, satisfaction_r2=float(ols.rsquared), cox_satisfaction=cox_sat,
                      cox_drivers=cox_drv, baseline=baseline, drivers=tuple(drivers), satisfaction=satisfaction,
                      confidence=confidence, currency=currency)
