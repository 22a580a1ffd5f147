"""The employee layer: eNPS, engagement, and how units' people, operations and customers line up.

"$ = CX = processes + people": customer satisfaction rests on the operations customers meet,
and those rest on the employees who run them. This module measures the bottom layer and its
link upwards, at the level where the data meet -- the service unit (branch, store, team):

- :func:`enps` -- employee Net Promoter Score with its interval, overall or per unit
  (the NPS arithmetic and interval of :func:`cxtools.survey.nps`, on the 0-10 question
  "would you recommend us as an employer?");
- :func:`unit_table` -- one row per unit: engagement, eNPS, the unit's operational metrics,
  its customers' satisfaction (and value, when given);
- :func:`unit_associations` -- correlations between those unit-level measures with Fisher-z
  intervals and p-values;
- :func:`engagement_effect` -- a multilevel model of customers' satisfaction with a random
  intercept per unit and the unit's engagement as predictor (statsmodels ``MixedLM``), so the
  interval is honest about the small number of units.

Unit-level associations are not causal: better-run units may attract both engaged staff and
happy customers, and a unit-level correlation says nothing about any one employee or customer
(the ecological fallacy). The notebook says so next to every figure.

The sentences and report tables of these results are in :mod:`cxtools.narrative.people`, the
eNPS figure in :mod:`cxtools.plots.people`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import check_choice, check_confidence, numeric_column, require_columns, require_rows
from cxtools.core.results import Result
from cxtools.core.errors import CxConvergenceError, CxDataError
from cxtools.survey import nps, nps_category

__all__ = [
    "engagement_score",
    "recommend_points",
    "enps",
    "unit_table",
    "UnitAssociations",
    "unit_associations",
    "EngagementEffect",
    "engagement_effect",
]


def engagement_score(data: pd.DataFrame, *, items: Sequence[str], scale: tuple[int, int] = (1, 5)) -> pd.Series:
    """Each employee's engagement: the mean of the answered engagement items, on their scale.

    Parameters
    ----------
    data : DataFrame
        One row per employee response.
    items : list of str
        Engagement item columns (all on ``scale``).
    scale : (int, int), default (1, 5)

    Returns
    -------
    Series
        Mean of the answered items per row (NaN when none is answered).

    Examples
    --------
    >>> df = pd.DataFrame({"e1": [4, 2], "e2": [5, None]})
    >>> engagement_score(df, items=["e1", "e2"]).tolist()
    [4.5, 2.0]
    """
    require_columns(data, items, func="engagement_score", what="employee survey")
    cols = [numeric_column(data, c, func="engagement_score", what="employee survey", low=scale[0], high=scale[1],
                           integer=True) for c in items]
    return pd.concat(cols, axis=1).mean(axis=1, skipna=True).rename("engagement")


def recommend_points(scores: pd.Series) -> pd.Series:
    """Each 0-10 answer's part in an (e)NPS: +100 for a promoter, 0 for a passive, -100 for a
    detractor (the cut-offs of :func:`cxtools.survey.nps_category`); missing answers stay missing.

    The mean over a group is the group's (e)NPS in points.

    Examples
    --------
    >>> recommend_points(pd.Series([10, 8, 3, None])).tolist()
    [100.0, 0.0, -100.0, nan]
    >>> float(recommend_points(pd.Series([10, 9, 8, 3, 10, 6])).mean()).__round__(1)
    16.7
    """
    points = {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}
    return nps_category(scores).astype(object).map(points).astype(float)


def enps(data: pd.DataFrame, *, score: str = "enps", by: str | Sequence[str] | None = None,
         confidence: float = 0.95, method: Literal["wald", "adjusted_wald"] = "adjusted_wald") -> pd.DataFrame:
    """Employee NPS with its interval, overall or per unit.

    The arithmetic and interval are those of :func:`cxtools.survey.nps` (Rocks 2016): the
    share of promoters (9-10) minus the share of detractors (0-6), on -100..100. The
    adjusted-Wald interval is the default because units are small (often 10-30 people).

    Parameters
    ----------
    data : DataFrame
        One row per employee response.
    score : str, default "enps"
        The 0-10 "would you recommend us as an employer" column.
    by : str or list of str, optional
        Grouping column(s), e.g. the unit.
    confidence : float, default 0.95
    method : {"adjusted_wald", "wald"}

    Returns
    -------
    DataFrame
        As :func:`cxtools.survey.nps`, with the score column named ``enps``.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
    Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> df = pd.DataFrame({"enps": [10, 9, 8, 3, 10, 6]})
    >>> round(float(enps(df, method="wald")["enps"].iloc[0]), 1)
    16.7
    """
    confidence = check_confidence(confidence, func="enps")
    out = nps(data, score=score, by=by, confidence=confidence, method=method)
    return out.rename(columns={"nps": "enps"})


def unit_table(
    employees: pd.DataFrame,
    *,
    unit: str = "unit_id",
    engagement_items: Sequence[str],
    enps_score: str | None = "enps",
    customer_units: pd.DataFrame | None = None,
    operations: pd.DataFrame | None = None,
    operations_metrics: Sequence[str] = (),
    survey: pd.DataFrame | None = None,
    satisfaction: str | None = "overall_satisfaction",
    customer: str = "customer_id",
    value: pd.DataFrame | None = None,
    value_column: str | None = None,
    engagement_scale: tuple[int, int] = (1, 5),
    employee: str | None = "employee_id",
) -> pd.DataFrame:
    """One row per unit: its people, its operations and its customers.

    Parameters
    ----------
    employees : DataFrame
        Employee survey, one row per response, with ``unit`` and the engagement items.
    unit : str, default "unit_id"
    engagement_items : list of str
    enps_score : str or None, default "enps"
    customer_units : DataFrame, optional
        ``customer`` -> ``unit``: which unit serves which customer.
    operations : DataFrame, optional
        One row per customer with ``operations_metrics`` (e.g. waiting time, repeat contacts).
    survey : DataFrame, optional
        Customer survey with ``customer`` and ``satisfaction``.
    value : DataFrame, optional
        One row per customer with ``value_column`` (CLV or margin).
    employee : str or None, default "employee_id"
        Employee id column: ``employees`` counts distinct people (an employee answering
        two waves counts once); without it, responses are counted.

    Returns
    -------
    DataFrame
        Index ``unit``; columns ``employees`` (distinct respondents, else responses), ``engagement``,
        ``enps``, ``customers``, the means of ``operations_metrics``, ``respondents`` and
        ``satisfaction`` (customers' mean), ``value`` (mean per customer) -- as available.

    Examples
    --------
    >>> emp = pd.DataFrame({"unit_id": ["A", "A", "B"], "e1": [4, 5, 2], "enps": [9, 10, 3]})
    >>> unit_table(emp, engagement_items=["e1"])[["employees", "engagement", "enps"]]
             employees  engagement   enps
    unit_id
    A                2         4.5  100.0
    B                1         2.0 -100.0
    """
    func = "unit_table"
    require_rows(employees, func=func, what="employee survey")
    require_columns(employees, [unit, *engagement_items], func=func, what="employee survey")
    emp = employees.copy()
    emp["engagement"] = engagement_score(emp, items=list(engagement_items), scale=engagement_scale)
    table = emp.groupby(unit, dropna=True).agg(employees=("engagement", "size"), engagement=("engagement", "mean"))
    if employee is not None and employee in emp.columns:
        table["employees"] = emp.groupby(unit, dropna=True)[employee].nunique()
    if enps_score is not None:
        require_columns(employees, [enps_score], func=func, what="employee survey")
        scores = numeric_column(emp, enps_score, func=func, what="employee survey", low=0, high=10, integer=True)
        table["enps"] = recommend_points(scores).groupby(emp[unit]).mean()
    if customer_units is None:
        return table
    require_columns(customer_units, [customer, unit], func=func, what="customer-to-unit table")
    links = customer_units[[customer, unit]].dropna().drop_duplicates(customer)
    table["customers"] = links.groupby(unit).size().reindex(table.index).fillna(0).astype(int)
    if operations is not None and operations_metrics:
        require_columns(operations, [customer, *operations_metrics], func=func, what="operations")
        ops = operations.merge(links, on=customer, how="inner")
        for m in operations_metrics:
            ops[m] = numeric_column(ops, m, func=func, what="operations")
        table = table.join(ops.groupby(unit)[list(operations_metrics)].mean())
    if survey is not None and satisfaction is not None:
        require_columns(survey, [customer, satisfaction], func=func, what="customer survey")
        sv = survey[[customer, satisfaction]].merge(links, on=customer, how="inner")
        sv[satisfaction] = numeric_column(sv, satisfaction, func=func, what="customer survey")
        grouped = sv.dropna(subset=[satisfaction]).groupby(unit)[satisfaction]
        table["respondents"] = grouped.size().reindex(table.index).fillna(0).astype(int)
        table["satisfaction"] = grouped.mean()
    if value is not None and value_column is not None:
        require_columns(value, [customer, value_column], func=func, what="customer value")
        val = value[[customer, value_column]].merge(links, on=customer, how="inner")
        val[value_column] = numeric_column(val, value_column, func=func, what="customer value")
        table["value"] = val.groupby(unit)[value_column].mean()
    return table


@dataclass(frozen=True)
class UnitAssociations(Result):
    """Pairwise unit-level correlations with Fisher-z intervals.

    Attributes
    ----------
    table : DataFrame
        One row per pair: ``first``, ``second``, ``units``, ``r``, ``ci_low``, ``ci_high``,
        ``p_value``.
    method : str
        "pearson" or "spearman".
    confidence : float
    """

    table: pd.DataFrame
    method: str
    confidence: float

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def unit_associations(units: pd.DataFrame, *, pairs: Sequence[tuple[str, str]] | None = None,
                      method: str = "pearson", confidence: float = 0.95) -> UnitAssociations:
    """Correlations between unit-level measures, with intervals that respect the number of units.

    The interval uses Fisher's z transformation, ``atanh(r) +/- z / sqrt(n - 3)``, for
    Pearson's r; for Spearman's rho the Bonett-Wright (2000) standard error
    ``sqrt((1 + rho^2 / 2) / (n - 3))``. p-values come from scipy (t test for Pearson,
    the same for Spearman's ranks).

    Parameters
    ----------
    units : DataFrame
        One row per unit (e.g. from :func:`unit_table`).
    pairs : list of (str, str), optional
        Column pairs; default every pair of numeric columns except counts.
    method : {"pearson", "spearman"}
    confidence : float, default 0.95

    Returns
    -------
    UnitAssociations

    References
    ----------
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a
    small sample. *Metron*, 1, 3-32. Bonett, D. G., & Wright, T. A. (2000). Sample size
    requirements for estimating Pearson, Kendall and Spearman correlations. *Psychometrika*,
    65(1), 23-28.

    Examples
    --------
    >>> u = pd.DataFrame({"engagement": [3.1, 3.5, 3.9, 4.2, 2.8], "satisfaction": [6.5, 7.0, 7.4, 8.1, 6.0]})
    >>> round(float(unit_associations(u).table["r"].iloc[0]), 3)
    0.992
    """
    from scipy import stats

    check_choice("method", method, ["pearson", "spearman"], func="unit_associations")
    confidence = check_confidence(confidence, func="unit_associations")
    if pairs is None:
        skip = {"employees", "customers", "respondents"}
        cols = [c for c in units.columns if c not in skip and pd.api.types.is_numeric_dtype(units[c])]
        pairs = [(a, b) for i, a in enumerate(cols) for b in cols[i + 1:]]
    z = stats.norm.ppf(0.5 + confidence / 2)
    rows = []
    for a, b in pairs:
        require_columns(units, [a, b], func="unit_associations", what="unit table")
        both = units[[a, b]].astype(float).dropna()
        n = len(both)
        if n < 4:
            raise CxDataError(f"unit_associations: {a!r} and {b!r} are both known for only {n} unit(s); "
                              "at least 4 are needed for an interval")
        if method == "pearson":
            r, p = stats.pearsonr(both[a], both[b])
            se = 1.0 / np.sqrt(n - 3)
        else:
            r, p = stats.spearmanr(both[a], both[b])
            se = np.sqrt((1.0 + r * r / 2.0) / (n - 3))
        lo, hi = np.tanh(np.arctanh(np.clip(r, -0.999999, 0.999999)) + np.array([-z, z]) * se)
        rows.append({"first": a, "second": b, "units": n, "r": float(r), "ci_low": float(lo), "ci_high": float(hi),
                     "p_value": float(p)})
    return UnitAssociations(pd.DataFrame(rows, columns=["first", "second", "units", "r", "ci_low", "ci_high",
                                                        "p_value"]), method, confidence)


@dataclass(frozen=True)
class EngagementEffect(Result):
    """Customers' satisfaction explained by their unit's engagement, with a random effect per unit.

    Attributes
    ----------
    coefficient : float
        Change in customers' mean satisfaction per one standard deviation of unit engagement.
    ci_low, ci_high : float
    p_value : float
    units, customers : int
    unit_variance, residual_variance : float
        Variance of the unit intercepts and of customers within units.
    icc : float
        Share of the satisfaction variance between units (intraclass correlation).
    confidence : float
    outcome, predictor : str
    """

    coefficient: float
    ci_low: float
    ci_high: float
    p_value: float
    units: int
    customers: int
    unit_variance: float
    residual_variance: float
    icc: float
    confidence: float
    outcome: str
    predictor: str

    @property
    def significant(self) -> bool:
        return bool(self.ci_low > 0 or self.ci_high < 0)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{k: getattr(self, k) for k in self.__dataclass_fields__}])


def engagement_effect(survey: pd.DataFrame, units: pd.DataFrame, *, customer_units: pd.DataFrame,
                      outcome: str = "overall_satisfaction", predictor: str = "engagement", unit: str = "unit_id",
                      customer: str = "customer_id", confidence: float = 0.95) -> EngagementEffect:
    """Random-intercept model: customers' satisfaction ~ unit engagement (standardised) + (1 | unit).

    Fitted by REML with statsmodels' ``MixedLM``. The unit-level predictor's standard error
    accounts for customers being clustered in units, so its interval reflects the number of
    units rather than the number of customers (an ordinary regression on customers would be
    far too confident).

    Parameters
    ----------
    survey : DataFrame
        Customer responses with ``customer`` and ``outcome``.
    units : DataFrame
        One row per unit with ``predictor`` (index or column ``unit``).
    customer_units : DataFrame
        ``customer`` -> ``unit``.
    outcome, predictor, unit, customer : str
    confidence : float, default 0.95

    Returns
    -------
    EngagementEffect

    References
    ----------
    Snijders, T. A. B., & Bosker, R. J. (2012). *Multilevel Analysis*, 2nd ed., ch. 4-5 (random
    intercept models, level-two predictors). Seabold, S., & Perktold, J. (2010). statsmodels.
    """
    import warnings

    import statsmodels.formula.api as smf
    from scipy import stats

    func = "engagement_effect"
    confidence = check_confidence(confidence, func=func)
    unit_frame = units.reset_index() if unit not in units.columns else units
    require_columns(unit_frame, [unit, predictor], func=func, what="unit table")
    require_columns(customer_units, [customer, unit], func=func, what="customer-to-unit table")
    require_columns(survey, [customer, outcome], func=func, what="customer survey")
    data = (survey[[customer, outcome]]
            .merge(customer_units[[customer, unit]].drop_duplicates(customer), on=customer, how="inner")
            .merge(unit_frame[[unit, predictor]], on=unit, how="inner"))
    data[outcome] = numeric_column(data, outcome, func=func, what="customer survey")
    data[predictor] = numeric_column(data, predictor, func=func, what="unit table")
    data = data.dropna(subset=[outcome, predictor])
    n_units = data[unit].nunique()
    if n_units < 5:
        raise CxDataError(f"{func}: only {n_units} unit(s) have both customers' answers and {predictor!r}; "
                          "a random-intercept model needs at least 5")
    unit_values = data.drop_duplicates(unit)[predictor]
    sd = float(unit_values.std(ddof=1))
    if not sd > 0:
        raise CxDataError(f"{func}: {predictor!r} is the same in every unit; nothing to relate satisfaction to")
    data = data.assign(_x=(data[predictor] - float(unit_values.mean())) / sd, _y=data[outcome])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("_y ~ _x", data, groups=data[unit]).fit(reml=True)
    if not getattr(fit, "converged", True) or not np.isfinite(fit.bse_fe["_x"]):
        raise CxConvergenceError(f"{func}: the random-intercept model did not converge ({n_units} units, "
                                 f"{len(data)} customers); check that units have several customers each")
    beta = float(fit.fe_params["_x"])
    se = float(fit.bse_fe["_x"])
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = float(2 * stats.norm.sf(abs(beta / se)))
    tau2 = float(fit.cov_re.iloc[0, 0])
    sigma2 = float(fit.scale)
    return EngagementEffect(beta, beta - z * se, beta + z * se, p, int(n_units), int(len(data)), tau2, sigma2,
                            tau2 / (tau2 + sigma2) if tau2 + sigma2 > 0 else float("nan"), confidence, outcome,
                            predictor)

