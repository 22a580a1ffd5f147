"""Exercises of notebook 04 (from experience to money): expected answers of the self-checks.

Each function computes the expected answer from the data the notebook passes to
:func:`cxtools.workshop.check`, with the package's own routines, so the check works on
every group's data set and never shows the number.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from cxtools.core.errors import CxDataError
from cxtools.workshop.registry import exercise

__all__ = ["group_hazard_ratio", "churn_cut", "value_of_moving_point", "wait_pays", "ltv_ratio"]


def _need(data, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise CxDataError(f"{what} needs the column(s) {missing}, which these data do not have")


@exercise(
    "04-group-hazard-ratio",
    "How many times as fast do customers of the lower group (detractors) leave as the next group (passives)?",
    tolerance=0.01,
    hints=("Use churn_hazard_ratios with predictors=group_col and reference={group_col: to_group}.",
           "Adjust for the same columns as the notebook (adjust_for=adjust_for) and read the row of from_group "
           "with .hazard_ratio(f\"{group_col}[{from_group}]\")."),
)
def group_hazard_ratio(*, data, by: str, from_group: Any, to_group: Any, adjust_for: Sequence[str] = ()) -> float:
    """Hazard ratio of ``from_group`` against ``to_group`` from a Cox model (Cox 1972)."""
    from cxtools.ltv.survival import churn_hazard_ratios

    _need(data, [by, "months_at_risk", "churned"], "this exercise")
    cox = churn_hazard_ratios(data, predictors=by, reference={by: to_group}, adjust_for=list(adjust_for))
    return cox.hazard_ratio(f"{by}[{from_group}]")


@exercise(
    "04-churn-cut",
    "What is the monthly churn after a programme raises the score by `gain` points?",
    tolerance=1e-4,  # a share of a few per cent: below 1 the tolerance is absolute
    hints=("Today's churn: c = 1 - exp(-events / months at risk); the hazard ratio per point from "
           "churn_hazard_ratios(data, predictors=score, adjust_for=adjust_for).",
           "Retention r = 1 - c becomes r ** (HR ** gain): the ratio multiplies the hazard, not the churn share."),
)
def churn_cut(*, data, score: str, adjust_for: Sequence[str] = (), gain: float) -> float:
    """Monthly churn ``1 - (1 - c) ** (HR ** gain)`` with ``c = 1 - exp(-events / months)``."""
    from cxtools.ltv.survival import churn_hazard_ratios

    _need(data, [score, "months_at_risk", "churned"], "this exercise")
    c = 1 - np.exp(-float(data["churned"].sum()) / float(data["months_at_risk"].sum()))
    hr = churn_hazard_ratios(data, predictors=score, adjust_for=list(adjust_for)).hazard_ratio(score)
    return float(1 - (1 - c) ** (hr ** gain))


@exercise(
    "04-value-of-moving",
    "What is turning a share of the lower group into the next group worth, without the bootstrap?",
    tolerance=0.01,
    hints=("Lifetime value per group from value_by_group(data, by=group_col, **value_options); the lower group's "
           "customers are its (weighted) share of respondents times the active base.",
           "Multiply share x customers in the lower group x (LTV of to_group - LTV of from_group); use the design "
           "weights for the share when there are any."),
)
def value_of_moving_point(*, data, by: str, from_group: Any, to_group: Any, share: float, customer_base: int,
                          weight: str | None = None, value_options: Mapping[str, Any]) -> float:
    """The point value of :func:`cxtools.value.value_of_moving` at one share."""
    from cxtools.value import value_by_group

    if not customer_base:
        raise CxDataError("this data set has no priced customer base (contracts with a margin)")
    ltv = value_by_group(data, by=by, **dict(value_options))["ltv"]
    w = data[weight].astype(float) if weight else np.ones(len(data))
    w = np.asarray(w, dtype=float)
    in_from = customer_base * w[(data[by] == from_group).to_numpy()].sum() / w.sum()
    return float(share * in_from * (ltv[to_group] - ltv[from_group]))


@exercise(
    "04-wait-pays",
    "Does cutting the average waiting time by one minute pay for a cost per customer?",
    hints=("Section 6's chain prices one minute of waiting: chain.link(\"avg_wait_minutes\", \"lifetime value\").",
           "The estimate is the change in lifetime value per minute MORE waiting: a minute less is worth minus that; "
           "compare it with the cost."),
)
def wait_pays(*, data, drivers: Sequence[str], adjust_for: Sequence[str] = (), cost: float, seed: int = 2026,
              value_options: Mapping[str, Any]) -> bool:
    """Whether the lifetime value of one minute less waiting (operations chain) exceeds ``cost``."""
    from cxtools.value import operations_chain

    if "avg_wait_minutes" not in drivers:
        raise CxDataError("these data have no waiting time per customer (operations column avg_wait_minutes)")
    chain = operations_chain(data, drivers=list(drivers), adjust_for=list(adjust_for), seed=seed,
                             **dict(value_options))
    return bool(-float(chain.link("avg_wait_minutes", "lifetime value")["estimate"]) > cost)


@exercise(
    "04-ltv-ratio",
    "How many times is a customer of the upper group worth one of the lower group?",
    tolerance=0.01,
    hints=("Take the ltv column of value_by_group(data, by=group_col, **value_options).",
           "Divide the LTV of to_group by the LTV of from_group (not the other way round)."),
)
def ltv_ratio(*, data, by: str, from_group: Any, to_group: Any, value_options: Mapping[str, Any]) -> float:
    """Lifetime value of ``to_group`` over that of ``from_group`` (Gupta & Lehmann 2003)."""
    from cxtools.value import value_by_group

    _need(data, [by, "months_at_risk", "churned"], "this exercise")
    ltv = value_by_group(data, by=by, **dict(value_options))["ltv"]
    return float(ltv[to_group] / ltv[from_group])
