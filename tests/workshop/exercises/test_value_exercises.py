"""The workshop exercises of 04: expected answers computed independently, hints never give the number."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cxtools.workshop.exercises  # noqa: F401  (registers the exercises)
from cxtools import workshop
from cxtools.data.samples import make_sample_data
from cxtools.value import churn_hazard_ratios, link_survey_to_customers, operations_chain, value_by_group

IDS = ["04-group-hazard-ratio", "04-churn-cut", "04-value-of-moving", "04-wait-pays", "04-ltv-ratio"]


@pytest.fixture(scope="module")
def linked():
    d = make_sample_data(1500, seed=23, dirty=False)
    joined = link_survey_to_customers(d.survey, d.customers, d.subscriptions, transactions=d.transactions,
                                      operations=d.operations, as_of="2026-06-30")
    return joined.data.dropna(subset=["overall_satisfaction", "nps_group"]), d


OPTS = dict(margin_share=None, discount_rate=0.10, horizon_months=60, currency="RUB", revenue="monthly_revenue",
            extra_spend="extra_spend")
ADJ = ["tenure_months", "n_products"]


def test_every_exercise_is_registered_with_two_hints():
    for ex in IDS:
        assert ex in workshop.EXERCISES
        assert len(workshop.EXERCISES[ex].hints) == 2


def test_group_hazard_ratio_is_exp_of_the_cox_coefficient(linked):
    data, _ = linked
    from statsmodels.duration.hazard_regression import PHReg

    # independent: statsmodels' PHReg on hand-made indicators (passive as reference), Efron ties
    X = pd.DataFrame({"det": (data["nps_group"] == "detractor").astype(float),
                      "pro": (data["nps_group"] == "promoter").astype(float),
                      "tenure": data["tenure_months"].astype(float), "prod": data["n_products"].astype(float)})
    fit = PHReg(data["months_at_risk"].to_numpy(float), X.to_numpy(), status=data["churned"].astype(int).to_numpy(),
                ties="efron").fit()
    expected = math.exp(fit.params[0])
    kw = dict(data=data, by="nps_group", from_group="detractor", to_group="passive", adjust_for=ADJ)
    assert workshop.check("04-group-hazard-ratio", expected, display=False, **kw).passed
    assert not workshop.check("04-group-hazard-ratio", 1 / expected, display=False, **kw).passed


def test_churn_cut_uses_retention_to_the_power_of_the_hazard_ratio(linked):
    data, _ = linked
    hr = churn_hazard_ratios(data, predictors="overall_satisfaction", adjust_for=ADJ).hazard_ratio("overall_satisfaction")
    c = 1 - math.exp(-data["churned"].sum() / data["months_at_risk"].sum())
    kw = dict(data=data, score="overall_satisfaction", adjust_for=ADJ, gain=0.5)
    right = 1 - (1 - c) ** (hr ** 0.5)
    assert workshop.check("04-churn-cut", right, display=False, **kw).passed
    # the common slip: multiplying the churn share by HR ** gain instead of the hazard
    assert not workshop.check("04-churn-cut", c * hr ** 0.5 * 1.05, display=False, **kw).passed
    assert not workshop.check("04-churn-cut", c, display=False, **kw).passed


def test_value_of_moving_point_matches_the_formula(linked):
    data, _ = linked
    ltv = value_by_group(data, by="nps_group", **OPTS)["ltv"]
    w = data["weight"].to_numpy(float)
    in_from = 2000 * w[(data["nps_group"] == "detractor").to_numpy()].sum() / w.sum()
    right = 0.1 * in_from * (ltv["passive"] - ltv["detractor"])
    kw = dict(data=data, by="nps_group", from_group="detractor", to_group="passive", share=0.1, customer_base=2000,
              weight="weight", value_options=OPTS)
    assert workshop.check("04-value-of-moving", right, display=False, **kw).passed
    # the usual slips: counting the respondents instead of the base, or moving the whole group
    respondents_only = 0.1 * w[(data["nps_group"] == "detractor").to_numpy()].sum() / w.sum() * len(data) * (
        ltv["passive"] - ltv["detractor"])
    assert not workshop.check("04-value-of-moving", respondents_only, display=False, **kw).passed
    assert not workshop.check("04-value-of-moving", right * 10, display=False, **kw).passed
    # the weights count: with a planted weight on detractors the answer moves and the check follows it
    heavy = data.assign(weight=np.where(data["nps_group"] == "detractor", 3.0, 1.0))
    assert not workshop.check("04-value-of-moving", right, display=False, **{**kw, "data": heavy}).passed


def test_wait_pays_compares_the_chain_with_the_cost(linked):
    data, _ = linked
    drivers = ["avg_wait_minutes", "n_contacts", "n_repeat_contacts", "n_complaints"]
    chain = operations_chain(data, drivers=drivers, adjust_for=ADJ, seed=1, **OPTS)
    per_minute = -float(chain.link("avg_wait_minutes", "lifetime value")["estimate"])
    kw = dict(data=data, drivers=drivers, adjust_for=ADJ, seed=1, value_options=OPTS)
    assert workshop.check("04-wait-pays", True, display=False, cost=per_minute * 0.5, **kw).passed
    assert workshop.check("04-wait-pays", False, display=False, cost=per_minute * 2 + 1, **kw).passed
    assert not workshop.check("04-wait-pays", True, display=False, cost=per_minute * 2 + 1, **kw).passed


def test_ltv_ratio_and_hints_never_reveal_the_number(linked):
    data, _ = linked
    ltv = value_by_group(data, by="nps_group", **OPTS)["ltv"]
    kw = dict(data=data, by="nps_group", from_group="detractor", to_group="passive", value_options=OPTS)
    right = ltv["passive"] / ltv["detractor"]
    assert workshop.check("04-ltv-ratio", right, display=False, **kw).passed
    wrong = workshop.check("04-ltv-ratio", 1 / right, display=False, **kw)
    assert not wrong.passed and f"{right:.2f}" not in wrong.message and f"{right:.1f}" not in wrong.message
    assert "Not answered" in workshop.check("04-ltv-ratio", None, display=False, **kw).message


def test_an_exercise_the_data_cannot_answer_says_so(linked):
    data, _ = linked
    result = workshop.check("04-wait-pays", True, display=False, data=data, drivers=["n_contacts"], adjust_for=ADJ,
                            cost=1.0, value_options=OPTS)
    assert not result.passed and "cannot check" in result.message
