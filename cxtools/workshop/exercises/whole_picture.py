"""Exercises of notebook 05 (the whole picture): eNPS, unit correlation, portfolio cells, churn.

Each expected answer is computed from the data the self-check is given, with the package's
own functions, so the check works on every group's data set. Without the data an exercise
needs, the expected answer raises :class:`~cxtools.core.errors.CxDataError` and the self-check
says the data set cannot check it.
"""

from __future__ import annotations

import pandas as pd

from cxtools.core.errors import CxDataError
from cxtools.workshop.registry import exercise

__all__ = ["enps_by_hand", "unit_correlation", "customers_to_invest_in", "monthly_churn"]


def _need(value, what: str):
    if value is None or (hasattr(value, "__len__") and len(value) == 0):
        raise CxDataError(f"this exercise needs {what}, which this data set does not provide")
    return value


@exercise("05-enps", "What is the eNPS of the latest employee wave, in points (-100 to 100)?",
          tolerance=0.005,
          hints=("Promoters answer 9-10, detractors 0-6; eNPS = 100 x (share of promoters - share of detractors).",
                 "Use only the latest wave, and leave out employees who skipped the question."))
def enps_by_hand(employees: pd.DataFrame | None = None, score: str | None = "enps", wave: str | None = None):
    """eNPS of the latest wave: 100 x (promoters - detractors) / answers (Reichheld 2003)."""
    from cxtools.people import enps

    data = _need(employees, "an employee survey")
    if score is None or score not in data:
        raise CxDataError("this exercise needs an eNPS item in the employee survey")
    if wave is not None and wave in data:
        data = data[data[wave] == sorted(data[wave].dropna().unique())[-1]]
    return float(enps(data, score=score, method="wald")["enps"].iloc[0])


@exercise("05-unit-correlation", "Across units, what is Pearson's correlation between engagement and customers' "
          "satisfaction?", tolerance=0.005,
          hints=("The unit table has one row per unit, with an engagement and a satisfaction column.",
                 "Correlate the two columns of the unit table (units with both known), not customers' answers."))
def unit_correlation(units: pd.DataFrame | None = None):
    """Pearson's r of the unit table's engagement and satisfaction columns."""
    table = _need(units, "the unit table (employee survey linked to customers)")
    if not {"engagement", "satisfaction"} <= set(table.columns):
        raise CxDataError("this exercise needs units with both engagement and customers' satisfaction")
    both = table[["engagement", "satisfaction"]].astype(float).dropna()
    return float(both["engagement"].corr(both["satisfaction"]))


@exercise("05-invest", "How many of the placed customers sit in the cells whose strategy is 'invest'?", tolerance=0,
          hints=("Each axis is cut into terciles; 'invest' is where both bands are high, or one high and the other "
                 "medium.",
                 "Count the customers of the three 'invest' cells: high/high, high/medium and medium/high."))
def customers_to_invest_in(placed: pd.DataFrame | None = None, value: str = "value",
                           relationship: str | None = None) -> int:
    """Customers in the three 'invest' cells of the terciles portfolio matrix."""
    from cxtools.portfolio import portfolio_matrix

    data = _need(placed, "customers with both a value and a survey answer")
    if relationship is None:
        raise CxDataError("this exercise needs a relationship item in the survey")
    m = portfolio_matrix(data, value=value, relationship=relationship)
    return int((m.customers["strategy"] == "invest").sum())


@exercise("05-monthly-churn", "What is the monthly churn rate of the contracts (constant hazard), as a share?",
          tolerance=0.01,
          hints=("Churn per month = 1 - exp(-leavers / months at risk), counting every contract's months up to "
                 "its end or the as-of date.",
                 "Contracts still open on the as-of date count their months at risk but are not leavers."))
def monthly_churn(subscriptions: pd.DataFrame | None = None, as_of=None) -> float:
    """1 - exp(-d / T) over all contracts (Klein & Moeschberger 2003, section 3.5)."""
    from cxtools.ltv.survival import constant_churn_rate, subscription_durations

    subs = _need(subscriptions, "contracts (subscriptions)")
    dur = subscription_durations(subs, as_of=as_of, time_unit="month")
    return float(constant_churn_rate(dur, duration="duration_months", event="event")["churn_rate"].iloc[0])
