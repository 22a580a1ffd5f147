"""The employee layer: eNPS, unit table, unit associations, the multilevel engagement effect,
and recovery of the planted chain (engagement -> operations -> satisfaction)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from cxtools import people, survey
from cxtools.narrative.people import associations_sentence
from cxtools.core.errors import CxDataError
from cxtools.data.samples import make_sample_data
from cxtools.data.samples import make_unit_data

ITEMS = [f"engagement_{j}" for j in range(1, 6)]
OPS = ["avg_wait_minutes", "n_repeat_contacts"]


def test_enps_is_nps_on_the_employer_question():
    df = pd.DataFrame({"enps": [10, 9, 9, 8, 7, 6, 3, 0, 10, 5], "unit": list("AABBBAABBA")})
    out = people.enps(df, by="unit", method="wald").set_index("unit")
    # A: 10, 9, 6, 3, 5 -> 2 promoters, 3 detractors of 5; B: 9, 8, 7, 0, 10 -> 2 and 1 of 5
    assert out.loc["A", "enps"] == pytest.approx(-20.0) and out.loc["B", "enps"] == pytest.approx(20.0)
    ref = survey.nps(df.rename(columns={"enps": "nps"}), score="nps", by="unit", method="wald").set_index("unit")
    assert np.allclose(out[["ci_low", "ci_high"]], ref[["ci_low", "ci_high"]])


def test_fisher_interval_matches_the_textbook_example():
    # r = 0.5 with n = 50, by hand: atanh(0.5) = 0.5493, se = 1 / sqrt(47) = 0.1459,
    # tanh(0.5493 -/+ 1.96 * 0.1459) = 0.2575 to 0.6833 (Fisher 1921)
    rng = np.random.default_rng(0)
    x = rng.standard_normal(50)
    y = 0.5 * x + rng.standard_normal(50)
    # rescale y so that r is exactly 0.5
    x = (x - x.mean()) / x.std()
    e = y - y.mean() - (y - y.mean()) @ x / (x @ x) * x
    e = e / e.std()
    y = 0.5 * x + np.sqrt(0.75) * e
    res = people.unit_associations(pd.DataFrame({"a": x, "b": y}))
    row = res.table.iloc[0]
    assert row["r"] == pytest.approx(0.5, abs=1e-9)
    assert (round(row["ci_low"], 4), round(row["ci_high"], 4)) == (0.2575, 0.6833)
    assert "not evidence that one causes the other" in associations_sentence(res)


def test_spearman_uses_the_bonett_wright_interval():
    u = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6, 7, 8], "b": [2, 1, 4, 3, 6, 5, 8, 7]})
    row = people.unit_associations(u, method="spearman").table.iloc[0]
    rho = 1 - 6 * 8 / (8 * 63)
    se = np.sqrt((1 + rho ** 2 / 2) / 5)
    assert row["r"] == pytest.approx(rho)
    assert row["ci_low"] == pytest.approx(np.tanh(np.arctanh(rho) - 1.959964 * se), abs=1e-6)


def test_engagement_effect_equals_ols_on_unit_means_in_a_balanced_design():
    # With the same number of customers in every unit and a unit-level predictor, the REML
    # fixed effect and its standard error equal OLS on the unit means (Snijders & Bosker 2012, sec. 4.7).
    rng = np.random.default_rng(4)
    n_units, per_unit = 24, 30
    eng = rng.standard_normal(n_units)
    unit_effect = 0.4 * eng + 0.5 * rng.standard_normal(n_units)
    ids = np.repeat(np.arange(n_units), per_unit)
    y = 7 + unit_effect[ids] + rng.standard_normal(len(ids))
    survey_df = pd.DataFrame({"customer_id": np.arange(len(ids)), "overall_satisfaction": y})
    links = pd.DataFrame({"customer_id": np.arange(len(ids)), "unit_id": ids})
    units = pd.DataFrame({"unit_id": np.arange(n_units), "engagement": eng})
    fit = people.engagement_effect(survey_df, units, customer_units=links)
    means = survey_df.assign(unit_id=ids).groupby("unit_id")["overall_satisfaction"].mean()
    x = (eng - eng.mean()) / eng.std(ddof=1)
    ols = sm.OLS(means.to_numpy(), sm.add_constant(x)).fit()
    assert fit.coefficient == pytest.approx(ols.params[1], rel=1e-4)
    assert (fit.ci_high - fit.coefficient) / 1.959964 == pytest.approx(ols.bse[1], rel=2e-2)
    assert fit.units == n_units and fit.customers == n_units * per_unit


def test_engagement_effect_needs_enough_units():
    df = pd.DataFrame({"customer_id": range(8), "overall_satisfaction": [5] * 8})
    links = pd.DataFrame({"customer_id": range(8), "unit_id": [0, 0, 1, 1, 2, 2, 3, 3]})
    units = pd.DataFrame({"unit_id": range(4), "engagement": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(CxDataError, match="only 4 unit"):
        people.engagement_effect(df, units, customer_units=links)


def _unit_layer(seed: int, link: float):
    data = make_sample_data(4000, seed=seed)
    units = make_unit_data(data, seed=seed, engagement_link=link)
    table = people.unit_table(units.employee_survey, engagement_items=ITEMS, customer_units=units.customer_units,
                                 operations=data.operations, operations_metrics=OPS, survey=data.survey)
    return data, units, table


@pytest.mark.slow
def test_the_planted_chain_is_recovered():
    data, units, table = _unit_layer(2026, 0.6)
    # people answer both waves and are counted once
    assert (table["employees"] == units.employee_survey.groupby("unit_id")["employee_id"].nunique()).all()
    planted = pd.Series(units.truth["unit_engagement"]).reindex(table.index)
    # measured engagement tracks the planted latent engagement
    assert np.corrcoef(planted, table["engagement"])[0, 1] > 0.9
    assoc = people.unit_associations(table, pairs=[("engagement", "satisfaction"),
                                                       ("engagement", "n_repeat_contacts")]).table
    assert assoc.loc[0, "r"] > 0.3 and assoc.loc[0, "p_value"] < 0.05
    assert assoc.loc[1, "r"] < 0
    effect = people.engagement_effect(data.survey, table, customer_units=units.customer_units)
    assert effect.significant and effect.coefficient > 0 and effect.units == 30


@pytest.mark.slow
def test_without_the_link_most_seeds_find_nothing():
    significant = 0
    for seed in range(20):
        data, units, table = _unit_layer(seed, 0.0)
        effect = people.engagement_effect(data.survey, table, customer_units=units.customer_units)
        significant += effect.significant
    assert significant <= 3
