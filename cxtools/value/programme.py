"""What a CX programme is worth: lower churn times higher spend, over the customer base."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxtools.core.checks import check_rate, check_share, check_whole_number
from cxtools.core.errors import CxParameterError
from cxtools.core.results import TableResult
from cxtools.core.wording import format_money, format_number
from cxtools.ltv.discounting import annual_to_period_rate
from cxtools.value._common import DEFAULT_CURRENCY
from cxtools.value.groups import _paid_months

__all__ = ["ProgrammeEffect", "programme_effect"]


@dataclass(frozen=True, repr=False)
class ProgrammeEffect(TableResult):
    """The money a CX programme brings: lower churn x higher spend, over the customer base.

    Attributes
    ----------
    customers : int
        Customers the programme reaches.
    ltv_before, ltv_after : float
        Lifetime value per customer without and with the programme.
    retention_factor : float
        ``A(r_after) / A(r_before)``: how much longer (discounted) customers stay.
    spend_factor : float
        ``1 + spend_uplift``.
    total_factor : float
        ``retention_factor * spend_factor`` = ``ltv_after / ltv_before``.
    gain : float
        ``customers * (ltv_after - ltv_before)``.
    components : DataFrame
        The gain split into lower churn alone, higher spend alone and both together
        (the interaction), which add up to ``gain``.
    inputs : dict
        The assumptions used.
    currency : str
        Currency of the amounts (ISO code or label).
    """

    _frame = "components"
    customers: int
    ltv_before: float
    ltv_after: float
    retention_factor: float
    spend_factor: float
    total_factor: float
    gain: float
    components: pd.DataFrame = field(repr=False)
    inputs: dict = field(default_factory=dict)
    currency: str = DEFAULT_CURRENCY

    def __repr__(self) -> str:
        sign = "+" if self.gain > 0 else ""
        return (f"ProgrammeEffect: {self.customers:,} customers x LTV {format_number(self.ltv_before)} -> "
                f"{format_money(self.ltv_after, currency=self.currency)} = "
                f"{sign}{format_money(self.gain, currency=self.currency)}; LTV x{self.retention_factor:.3f} from lower "
                f"churn, x{self.spend_factor:.3f} from higher spend, together x{self.total_factor:.3f}")


def programme_effect(
    *,
    customers: int,
    monthly_value: float,
    monthly_churn: float,
    churn_reduction: float = 0.0,
    spend_uplift: float = 0.0,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    currency: str = DEFAULT_CURRENCY,
) -> ProgrammeEffect:
    """Economic effect of a CX programme: lower churn and higher sales, multiplied.

    A customer's lifetime value is value per month times the discounted expected months
    paid, ``LTV = m * A(r)`` with ``A(r) = sum_{t=1}^{H} (r / (1+d))^t`` (Gupta & Lehmann
    2003). A programme that cuts monthly churn by a relative ``churn_reduction``
    (``c' = c * (1 - churn_reduction)``, ``r' = 1 - c'``) and lifts value per month by
    ``spend_uplift`` (``m' = m * (1 + spend_uplift)``) multiplies lifetime value by the
    product of the two effects, ``(1 + spend_uplift) * A(r') / A(r)``; the gain over the
    base is ``customers * m * (A(r') (1 + u) - A(r))``. Its parts: lower churn alone
    ``m (A(r') - A(r))``, higher spend alone ``m u A(r)``, and the interaction
    ``m u (A(r') - A(r))`` -- the reason the two together are worth more than their sum.

    Parameters
    ----------
    customers : int
        Customers the programme reaches.
    monthly_value : float
        Value (margin) per customer per month today, in ``currency``.
    monthly_churn : float
        Share of customers leaving per month today (0-1).
    churn_reduction : float, default 0
        Relative cut in monthly churn (0.2 = a fifth fewer leavers). From a Cox hazard
        ratio ``HR`` (which acts on the hazard, so retention ``r`` becomes ``r ** HR``) it is
        ``1 - (1 - r ** HR) / c``, close to ``1 - HR`` when monthly churn ``c`` is small.
    spend_uplift : float, default 0
        Relative increase in value per month (0.05 = 5 % more).
    discount_rate : float, default 0.10
        Per year; converted to a monthly compound rate.
    horizon_months : int or None, default 60
        Months counted; None for no limit.
    currency : str, default DEFAULT_CURRENCY
        Currency of the amounts (ISO code or label), for the result's text.

    Returns
    -------
    ProgrammeEffect

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.
    Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
    (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2),
    164-174.

    Examples
    --------
    >>> eff = programme_effect(customers=10_000, monthly_value=100, monthly_churn=0.02,
    ...                        churn_reduction=0.25, spend_uplift=0.05, discount_rate=0.0,
    ...                        horizon_months=None)
    >>> round(eff.ltv_before), round(eff.ltv_after), round(eff.total_factor, 4)
    (4900, 6895, 1.4071)
    >>> eff.to_frame()["gain"].round(0).tolist()
    [16666667.0, 2450000.0, 833333.0, 19950000.0]

    By hand: ``A(0.98) = 0.98 / 0.02 = 49`` months, ``A(0.985) = 0.985 / 0.015 = 65.67``;
    ``1.05 * 65.67 / 49 = 1.4071``.
    """
    func = "programme_effect"
    customers = check_whole_number(customers, func=func, name="customers")
    if isinstance(monthly_value, bool) or not isinstance(monthly_value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(monthly_value):
        raise CxParameterError(f"{func}: monthly_value must be an amount in {currency}, got {monthly_value!r}")
    c0 = check_share(monthly_churn, func=func, name="monthly_churn", allow_one=False)
    rho = check_share(churn_reduction, func=func, name="churn_reduction")
    u = check_rate(spend_uplift, func=func, name="spend_uplift")
    d = annual_to_period_rate(check_rate(discount_rate, func=func, name="discount_rate", upper=1), time_unit="month")
    if horizon_months is not None:
        horizon_months = check_whole_number(horizon_months, func=func, name="horizon_months")
    if horizon_months is None and c0 == 0 and d == 0:
        raise CxParameterError(f"{func}: with no churn, no discounting and no horizon the value is infinite; "
                               "set horizon_months or a discount rate")
    m = float(monthly_value)
    r0, r1 = 1.0 - c0, 1.0 - c0 * (1.0 - rho)
    a0, a1 = float(_paid_months(r0, d, horizon_months)), float(_paid_months(r1, d, horizon_months))
    before, after = m * a0, m * (1 + u) * a1
    parts = {
        "lower churn alone": m * (a1 - a0),
        "higher spend alone": m * u * a0,
        "both together (interaction)": m * u * (a1 - a0),
    }
    parts["total"] = sum(parts.values())
    components = pd.DataFrame({"component": list(parts), "gain_per_customer": list(parts.values())})
    components["gain"] = components["gain_per_customer"] * customers
    inputs = {"customers": customers, "monthly_value": m, "monthly_churn": c0, "churn_reduction": rho,
              "spend_uplift": u, "discount_rate_per_year": float(discount_rate), "discount_rate_per_month": d,
              "horizon_months": horizon_months}
    return ProgrammeEffect(customers=customers, ltv_before=before, ltv_after=after, retention_factor=a1 / a0,
                           spend_factor=1 + u, total_factor=after / before, gain=customers * (after - before),
                           components=components, inputs=inputs, currency=currency)
