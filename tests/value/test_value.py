"""Tests of cxtools.value: joining the layers, churn hazard ratios, value of CX (the computation).

Checks against published results (Gehan 1965 leukaemia data: Cox estimates quoted in
Kleinbaum & Klein 2012, Survival Analysis 3rd ed., ch. 3 (Breslow), and R's
``survival::coxph`` (Efron)), independent implementations (a hand-written Cox partial
likelihood, statsmodels' formula interface, cxtools.ltv.simple's LTV formulas) and the
planted truth of :func:`cxtools.data.samples.make_sample_data`.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from cxtools import value as v
from cxtools.value.groups import _paid_months
from cxtools.core.errors import CxConvergenceError, CxDataError, CxParameterError, CxSchemaError
from cxtools.data.samples import make_sample_data


@pytest.fixture(scope="module")
def sample():
    return make_sample_data(4000, seed=2026)


@pytest.fixture(scope="module")
def joined(sample):
    return v.link_survey_to_customers(sample.survey, sample.customers, sample.subscriptions,
                                      transactions=sample.transactions, operations=sample.operations)


# ----------------------------------------------------------------------------------------
# joining
# ----------------------------------------------------------------------------------------
def _toy_tables():
    survey = pd.DataFrame(
        {
            "respondent_id": ["R1", "R2", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"],
            "customer_id": ["C1", "C2", "C2", None, " ", "C404", "C5", "C6", "C6", "C7", "C8", "C9", "C10"],
            "response_date": ["2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01",
                              "2025-03-01", "2025-03-01", "2025-02-01", "2025-05-01", "2025-03-01",
                              "2025-03-01", "not a date", "2026-07-01"],
            "nps": [10, 3, 3, 8, 8, 8, 8, 7, 5, 9, 9, 9, 9],
        },
        index=[f"row{k}" for k in range(13)],
    )
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C5", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]})
    subs = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C6", "C7", "C8", "C8", "C9", "C10"],
            "start_date": ["2024-03-01", "2020-01-01", "2024-01-01", "2025-06-01", "2023-01-01",
                           "2024-01-01", "2024-01-01", "2024-01-01"],
            "end_date": [None, "2025-09-01", "2027-01-01", None, None, None, None, None],
            "plan": ["internet"] * 8,
            "monthly_margin": [50.0] * 8,
        }
    )
    return survey, customers, subs


def test_every_respondent_is_linked_or_has_a_reason():
    survey, customers, subs = _toy_tables()
    res = v.link_survey_to_customers(survey, customers, subs)
    cov = res.coverage.set_index("status")["respondents"]
    assert cov.sum() == len(survey)
    assert cov["linked"] == 3  # R1, R2, R6 (first response of C6)
    assert cov["duplicate respondent id"] == 1
    assert cov["no customer id"] == 2  # empty and blank
    assert cov["customer id not found among customers"] == 1
    assert cov["customer id listed more than once among customers"] == 1
    assert cov["repeat response from the same customer"] == 1
    assert cov["contract started after the response"] == 1
    assert cov["several contracts cover the response date"] == 1
    assert cov["response date missing or not a date"] == 1
    assert cov["response on or after the as-of date"] == 1
    assert cov["no contract on file"] == 0
    # the caller's index is kept, and the unmatched list names the rows
    assert list(res.data.index) == ["row0", "row1", "row7"]
    reasons = res.unmatched.set_index("row")["reason"]
    assert reasons["row2"] == "duplicate respondent id"
    assert reasons["row8"] == "repeat response from the same customer"
    assert "linked" in repr(res) and "no customer id: 2" in repr(res)


def test_time_at_risk_and_censoring_by_hand():
    survey, customers, subs = _toy_tables()
    data = v.link_survey_to_customers(survey, customers, subs).data
    month = v.DAYS_PER_MONTH
    # C1: open contract, censored at the as-of date
    assert data.loc["row0", "months_at_risk"] == pytest.approx(486 / month)  # 2025-03-01 .. 2026-06-30
    assert not data.loc["row0", "churned"]
    assert data.loc["row0", "tenure_months"] == pytest.approx(365 / month)
    # C2: ended 2025-09-01
    assert data.loc["row1", "months_at_risk"] == pytest.approx(184 / month)
    assert data.loc["row1", "churned"]
    # C6: ends after the as-of date -> censored at the as-of date, not churned
    assert data.loc["row7", "months_at_risk"] == pytest.approx(514 / month)  # 2025-02-01 .. 2026-06-30
    assert not data.loc["row7", "churned"]
    assert data["nps_group"].tolist() == ["promoter", "detractor", "passive"]


def test_any_index_labels_on_the_contract_table():
    survey, customers, subs = _toy_tables()
    labelled = subs.set_axis([f"contract-{k}" for k in range(len(subs))])
    a = v.link_survey_to_customers(survey, customers, subs).data
    b = v.link_survey_to_customers(survey, customers, labelled).data
    pd.testing.assert_frame_equal(a, b)


def test_keep_last_uses_the_latest_response():
    survey, customers, subs = _toy_tables()
    data = v.link_survey_to_customers(survey, customers, subs, keep="last").data
    assert "row8" in data.index and "row7" not in data.index


def test_contract_ended_before_response_and_no_contract():
    survey = pd.DataFrame({"respondent_id": ["R1", "R2"], "customer_id": ["C1", "C2"],
                           "response_date": ["2025-03-01", "2025-03-01"]})
    customers = pd.DataFrame({"customer_id": ["C1", "C2"]})
    subs = pd.DataFrame({"customer_id": ["C1"], "start_date": ["2020-01-01"], "end_date": ["2025-03-01"]})
    res = v.link_survey_to_customers(survey, customers, subs)
    assert res.unmatched["reason"].tolist() == ["contract ended on or before the response", "no contract on file"]
    assert res.n_linked == 0 and res.n_respondents == 2


def test_extra_spend_counts_only_purchases_while_at_risk():
    survey, customers, subs = _toy_tables()
    tx = pd.DataFrame({"customer_id": ["C1", "C1", "C1", "C2", "C2"],
                       "timestamp": ["2025-02-28 10:00:00", "2025-03-01 09:00:00", "2026-06-29 12:00:00",
                                     "2025-08-31 23:00:00", "2025-09-02 10:00:00"],
                       "amount": [1000.0, 100.0, 50.0, 20.0, 999.0]})
    data = v.link_survey_to_customers(survey, customers, subs, transactions=tx).data
    assert data.loc["row0", "extra_spend"] == pytest.approx(150.0)
    assert data.loc["row1", "extra_spend"] == pytest.approx(20.0)  # the purchase after leaving is not counted
    assert data.loc["row7", "extra_spend"] == 0.0
    assert data.loc["row0", "extra_spend_per_month"] == pytest.approx(150.0 / data.loc["row0", "months_at_risk"])


def test_join_errors_name_columns_and_rows():
    survey, customers, subs = _toy_tables()
    with pytest.raises(CxSchemaError, match="response_date"):
        v.link_survey_to_customers(survey.drop(columns="response_date"), customers, subs)
    bad = subs.copy()
    bad.loc[3, "start_date"] = "01/06/2025"
    with pytest.raises(CxDataError, match=r"start_date.*rows 3"):
        v.link_survey_to_customers(survey, customers, bad)
    bad = subs.copy()
    bad.loc[1, "end_date"] = "2019-01-01"
    with pytest.raises(CxDataError, match="end before they start in rows 1"):
        v.link_survey_to_customers(survey, customers, bad)
    with pytest.raises(CxParameterError, match="keep"):
        v.link_survey_to_customers(survey, customers, subs, keep="middle")
    with pytest.raises(CxDataError, match="row1"):  # an NPS of 12 is named by the caller's row label
        v.link_survey_to_customers(survey.assign(nps=[10, 12] + [5] * 11), customers, subs)
    ops = pd.DataFrame({"customer_id": ["C1", "C1"], "avg_wait_minutes": [1.0, 2.0]})
    with pytest.raises(CxDataError, match="one row per customer"):
        v.link_survey_to_customers(survey, customers, subs, operations=ops)


def test_sample_data_coverage_matches_the_generator(sample, joined):
    assert joined.n_respondents == len(sample.survey)
    cov = joined.coverage.set_index("status")["respondents"]
    assert cov["no customer id"] == sample.survey["customer_id"].isna().sum()
    assert cov["linked"] + cov.drop("linked").sum() == len(sample.survey)
    # every linked respondent was a customer on the response date, with a positive time at risk
    assert (joined.data["months_at_risk"] > 0).all()
    assert (joined.data["tenure_months"] >= 0).all()
    assert set(sample.operations.columns) - {"customer_id"} <= set(joined.data.columns)


def test_dirty_sample_duplicates_are_reported():
    dirty = make_sample_data(1000, seed=5, dirty=True)
    res = v.link_survey_to_customers(dirty.survey, dirty.customers, dirty.subscriptions)
    cov = res.coverage.set_index("status")["respondents"]
    dup_ids = dirty.survey["respondent_id"].duplicated().sum()
    assert cov["duplicate respondent id"] == dup_ids >= 1
    assert cov.sum() == len(dirty.survey)


def test_satisfaction_band():
    s = pd.Series([1, 4, 5, 6, 7, 8, 9, 10, None], index=list("abcdefghi"))
    out = v.satisfaction_band(s)
    labels = ["1-4 (low)", "5-6 (medium)", "7-8 (high)", "9-10 (very high)"]
    assert out.tolist()[:8] == [label for label in labels for _ in range(2)]
    assert sorted(labels) == labels  # plain-text order is scale order
    assert pd.isna(out["i"]) and list(out.index) == list(s.index)
    with pytest.raises(CxDataError, match=r"'score' must hold whole numbers from 1 to 10; rows 'b' hold \[11\]"):
        v.satisfaction_band(pd.Series([3, 11], index=["a", "b"]))


# ----------------------------------------------------------------------------------------
# Cox model
# ----------------------------------------------------------------------------------------
def _gehan():
    weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
             1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
    relapsed = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] + [1] * 21
    return pd.DataFrame({"weeks": weeks, "relapsed": relapsed, "placebo": [0] * 21 + [1] * 21})


@pytest.mark.parametrize("ties, coef, se", [("breslow", 1.509, 0.410), ("efron", 1.572, 0.412)])
def test_cox_matches_published_gehan_estimates(ties, coef, se):
    # Kleinbaum & Klein (2012) ch. 3 (Breslow: coef 1.509, se 0.410, HR 4.523);
    # R survival::coxph(Surv(time, cens) ~ rx) on the same data (Efron: 1.572, 0.412, HR 4.817).
    res = v.churn_hazard_ratios(_gehan(), predictors="placebo", duration="weeks", event="relapsed",
                                adjust_for=None, ties=ties)
    row = res.table.loc["placebo"]
    assert row["coef"] == pytest.approx(coef, abs=5e-4)
    assert row["std_err"] == pytest.approx(se, abs=5e-4)
    assert row["hazard_ratio"] == pytest.approx(math.exp(coef), rel=1e-3)
    z = stats.norm.ppf(0.975)
    assert row["ci_low"] == pytest.approx(math.exp(row["coef"] - z * row["std_err"]))
    assert res.n == 42 and res.n_events == 30


def _breslow_neg_log_partial_likelihood(beta, t, e, X):
    eta = X @ beta
    total = 0.0
    for time in np.unique(t[e == 1]):
        dying = (t == time) & (e == 1)
        at_risk = t >= time
        total += eta[dying].sum() - dying.sum() * np.log(np.exp(eta[at_risk]).sum())
    return -total


def test_cox_matches_an_independent_partial_likelihood(joined):
    data = joined.data.iloc[:400]
    res = v.churn_hazard_ratios(data, predictors="overall_satisfaction", adjust_for=["n_products"],
                                ties="breslow")
    t = data["months_at_risk"].to_numpy()
    e = data["churned"].to_numpy(dtype=float)
    X = data[["overall_satisfaction", "n_products"]].to_numpy(dtype=float)
    fit = optimize.minimize(_breslow_neg_log_partial_likelihood, np.zeros(2), args=(t, e, X), method="BFGS",
                            options={"gtol": 1e-8})
    assert res.table["coef"].to_numpy() == pytest.approx(fit.x, abs=1e-4)
    assert res.log_likelihood == pytest.approx(-fit.fun, abs=1e-6)


def test_cox_groups_match_statsmodels_formula_interface(joined):
    from statsmodels.duration.hazard_regression import PHReg

    data = joined.data.copy()
    res = v.churn_hazard_ratios(data, predictors="nps_group", reference={"nps_group": "passive"})
    frame = data.assign(group=data["nps_group"].astype(str), churned=data["churned"].astype(float))
    direct = PHReg.from_formula(
        "months_at_risk ~ C(group, Treatment('passive')) + tenure_months + n_products", frame,
        status="churned", ties="efron").fit()
    assert res.table["coef"].to_numpy() == pytest.approx(np.asarray(direct.params), abs=1e-6)
    assert res.table["std_err"].to_numpy() == pytest.approx(np.asarray(direct.bse), abs=1e-6)
    assert list(res.table.index[:2]) == ["nps_group[detractor]", "nps_group[promoter]"]
    # Reichheld's ordering: detractors leave fastest, promoters slowest
    assert res.hazard_ratio("nps_group[detractor]") > 1 > res.hazard_ratio("nps_group[promoter]")
    assert "passive" in repr(res)


@pytest.mark.parametrize("link, tolerance", [(-0.25, 0.08), (-0.5, 0.10)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recovers_the_planted_satisfaction_churn_link(link, tolerance, seed):
    # The generator multiplies the churn hazard after the response by exp(link * (sat - 7)),
    # so the Cox coefficient of overall_satisfaction estimates `link`. Lifetimes also carry
    # unobserved heterogeneity (sBG), which pulls Cox estimates slightly towards 0 (about 7 %
    # over 20 seeds); the tolerance is about 3 standard errors at 4000 customers.
    d = make_sample_data(4000, seed=seed, satisfaction_churn_link=link)
    data = v.link_survey_to_customers(d.survey, d.customers, d.subscriptions).data
    res = v.churn_hazard_ratios(data, predictors="overall_satisfaction")
    row = res.table.loc["overall_satisfaction"]
    assert row["coef"] < 0 and row["p_value"] < 0.001
    assert abs(row["coef"] - link) < tolerance


@pytest.mark.slow
def test_no_link_is_not_significant_in_most_seeds():
    # satisfaction_churn_link = 0: 20 seeds, 2000 customers each, test at the 5 % level.
    # Under the null about 1 of 20 is significant by chance; allow at most 3
    # (P(X >= 4) = 1.6 % for Binomial(20, 0.05)).
    significant = 0
    for seed in range(20):
        d = make_sample_data(2000, seed=seed, satisfaction_churn_link=0.0)
        data = v.link_survey_to_customers(d.survey, d.customers, d.subscriptions).data
        res = v.churn_hazard_ratios(data, predictors="overall_satisfaction")
        significant += res.table.loc["overall_satisfaction", "p_value"] < 0.05
    assert significant <= 3


def test_cox_input_errors(joined):
    data = joined.data.copy()
    with pytest.raises(CxSchemaError, match="no_such_column"):
        v.churn_hazard_ratios(data, predictors="no_such_column")
    holes = data.copy()
    holes["overall_satisfaction"] = holes["overall_satisfaction"].astype(float)
    holes.iloc[[3, 7], holes.columns.get_loc("overall_satisfaction")] = np.nan
    with pytest.raises(CxDataError, match=r"'overall_satisfaction' of data has 2 missing value\(s\) in rows 3, 7"):
        v.churn_hazard_ratios(holes, predictors="overall_satisfaction")
    with pytest.raises(CxDataError, match="nobody churned"):
        v.churn_hazard_ratios(data.assign(churned=False), predictors="overall_satisfaction")
    with pytest.raises(CxDataError, match="single value"):
        v.churn_hazard_ratios(data.assign(const=1.0), predictors="const")
    with pytest.raises(CxDataError, match="positive time"):
        v.churn_hazard_ratios(data.assign(months_at_risk=0.0), predictors="overall_satisfaction")
    with pytest.raises(CxParameterError, match="reference level"):
        v.churn_hazard_ratios(data, predictors="nps_group", reference={"nps_group": "fan"})
    # a group where nobody churned has no finite hazard ratio
    data = data.iloc[:300]
    sep = data.assign(flag=np.where(data["churned"], "a", np.where(np.arange(len(data)) % 2, "a", "b")))
    with pytest.raises(CxConvergenceError, match="flag"):
        v.churn_hazard_ratios(sep, predictors="flag", adjust_for=None)


# ----------------------------------------------------------------------------------------
# value by group, value of moving, programme effect
# ----------------------------------------------------------------------------------------
def test_value_by_group_matches_ltv_simple_formulas(joined):
    from cxtools.ltv.simple import annual_to_period_rate, experience_scenarios, segment_ltv

    table = v.value_by_group(joined.data, by="nps_group", discount_rate=0.12, horizon_months=None)
    d = annual_to_period_rate(0.12, time_unit="month")
    ref = segment_ltv(pd.DataFrame({"margin": table["value_per_month"], "retention": 1 - table["monthly_churn"]}),
                      retention="retention", discount_rate=d, timing="end")
    assert table["ltv"].to_numpy() == pytest.approx(ref["ltv"].to_numpy(), rel=1e-10)
    finite = v.value_by_group(joined.data, by="nps_group", discount_rate=0.12, horizon_months=36)
    for _label, row in finite.iterrows():
        annual_churn = 1 - (1 - row["monthly_churn"]) ** 12
        other = experience_scenarios(margin=row["value_per_month"], annual_churn=annual_churn,
                                     annual_discount_rate=0.12, horizon_months=36, timing="end")
        assert row["ltv"] == pytest.approx(float(other["ltv"].iloc[0]), rel=1e-9)
    # Reichheld (2003): promoters are worth more than detractors
    assert finite.loc["promoter", "ltv"] > finite.loc["detractor", "ltv"]


def test_value_by_group_components_by_hand(joined):
    data = joined.data
    table = v.value_by_group(data, by="nps_group")
    g = data[data["nps_group"] == "detractor"]
    hazard = g["churned"].sum() / g["months_at_risk"].sum()
    assert table.loc["detractor", "monthly_churn"] == pytest.approx(1 - math.exp(-hazard))
    ratio = g["monthly_margin"].sum() / g["monthly_revenue"].sum()
    per_month = g["monthly_margin"].mean() + ratio * g["extra_spend"].sum() / g["months_at_risk"].sum()
    assert table.loc["detractor", "value_per_month"] == pytest.approx(per_month)
    shared = v.value_by_group(data, by="nps_group", margin_share=0.3)
    expected = 0.3 * (g["monthly_revenue"].mean() + g["extra_spend"].sum() / g["months_at_risk"].sum())
    assert shared.loc["detractor", "value_per_month"] == pytest.approx(expected)
    assert list(table.index) == ["detractor", "passive", "promoter"]
    assert table["customers"].sum() == len(data)


def test_value_by_group_errors(joined):
    data = joined.data.copy()
    data["nps_group"] = data["nps_group"].astype(object)
    data.iloc[[0, 5], data.columns.get_loc("nps_group")] = None
    with pytest.raises(CxDataError, match="nps_group.*missing in rows"):
        v.value_by_group(data, by="nps_group")
    with pytest.raises(CxParameterError, match="discount_rate"):
        v.value_by_group(joined.data, by="nps_group", discount_rate=-2)
    with pytest.raises(CxParameterError, match="horizon_months"):
        v.value_by_group(joined.data, by="nps_group", horizon_months=0)
    with pytest.raises(CxParameterError, match="margin_share"):
        v.value_by_group(joined.data, by="nps_group", margin_share=1.5)


def test_value_of_moving_point_estimate_and_seed(joined):
    data = joined.data
    kw = dict(shares=[0.1, 0.2], customer_base=10_000, n_boot=200, discount_rate=0.1, horizon_months=48)
    res = v.value_of_moving(data, **kw)
    table = v.value_by_group(data, by="nps_group", discount_rate=0.1, horizon_months=48)
    share_det = (data["nps_group"] == "detractor").mean()
    gain = table.loc["passive", "ltv"] - table.loc["detractor", "ltv"]
    assert res.table["value"].tolist() == pytest.approx([0.1 * 10_000 * share_det * gain,
                                                         0.2 * 10_000 * share_det * gain])
    assert res.table["customers_moved"].iloc[0] == pytest.approx(0.1 * 10_000 * share_det)
    assert res.ltv_to - res.ltv_from == pytest.approx(gain)
    again = v.value_of_moving(data, **kw)
    pd.testing.assert_frame_equal(res.table, again.table)
    other = v.value_of_moving(data, **{**kw, "seed": 99})
    assert other.table["ci_low"].iloc[0] != res.table["ci_low"].iloc[0]
    assert (res.table["ci_low"] < res.table["value"]).all() and (res.table["value"] < res.table["ci_high"]).all()
    assert "detractor -> passive" in repr(res)


def test_value_of_moving_weights_the_group_share(joined):
    data = joined.data
    res = v.value_of_moving(data, customer_base=10_000, weight="weight", shares=[0.1], n_boot=50)
    w = data["weight"]
    share = w[data["nps_group"] == "detractor"].sum() / w.sum()
    assert res.customers_in_from_group == pytest.approx(10_000 * share)
    unweighted = v.value_of_moving(data, customer_base=10_000, shares=[0.1], n_boot=50)
    assert res.table["value_per_customer"].iloc[0] == pytest.approx(unweighted.table["value_per_customer"].iloc[0])
    bad = data.assign(weight=data["weight"].where(np.arange(len(data)) != 4, -1.0))
    with pytest.raises(CxDataError, match=r"'weight' of data has 1 value\(s\) that are not finite numbers of at least 0: values \[-1.0\]"):
        v.value_of_moving(bad, weight="weight", n_boot=50)


def test_bootstrap_interval_matches_the_binomial_case():
    # Nobody churns, so both groups' LTVs are fixed (margin x 24 months); the only
    # uncertainty is the share of detractors, whose sampling sd is sqrt(p (1-p) / n).
    # The 90 % bootstrap interval must match the Wald interval of that share.
    rng = np.random.default_rng(3)
    n = 1000
    group = np.where(rng.random(n) < 0.3, "detractor", "passive")
    df = pd.DataFrame({"g": group, "months": 10.0, "churned": False,
                       "monthly_margin": np.where(group == "detractor", 50.0, 80.0)})
    res = v.value_of_moving(df, by="g", shares=[1.0], customer_base=n, duration="months", revenue=None,
                            extra_spend=None, discount_rate=0.0, horizon_months=24, n_boot=4000, seed=1)
    p = (group == "detractor").mean()
    half = stats.norm.ppf(0.95) * math.sqrt(p * (1 - p) / n) * n * 30 * 24
    row = res.table.iloc[0]
    assert row["value"] == pytest.approx(p * n * 30 * 24)
    assert row["ci_high"] - row["ci_low"] == pytest.approx(2 * half, rel=0.08)
    assert (row["ci_low"] + row["ci_high"]) / 2 == pytest.approx(row["value"], rel=0.02)


@pytest.mark.slow
def test_bootstrap_interval_coverage():
    # 150 simulated data sets with known hazards (0.04 vs 0.02 a month), censoring at
    # 1-24 months and 40 % detractors; the 90 % interval must cover the true value in
    # about 90 % of them (binomial sd 2.4 points).
    rng = np.random.default_rng(11)
    base, p = 1000, 0.4
    months = _paid_months(np.exp(-np.array([0.04, 0.02])), 0.0, 60)
    truth = base * p * 100 * (months[1] - months[0])
    hits, sims = 0, 150
    for s in range(sims):
        n = 400
        g = np.where(rng.random(n) < p, "detractor", "passive")
        life = rng.exponential(1 / np.where(g == "detractor", 0.04, 0.02))
        censor = rng.uniform(1, 24, n)
        df = pd.DataFrame({"g": g, "months": np.minimum(life, censor), "churned": life < censor,
                           "monthly_margin": 100.0})
        r = v.value_of_moving(df, by="g", shares=[1.0], customer_base=base, duration="months", revenue=None,
                              extra_spend=None, discount_rate=0.0, horizon_months=60, n_boot=200, seed=s)
        hits += r.table["ci_low"].iloc[0] <= truth <= r.table["ci_high"].iloc[0]
    assert 0.83 <= hits / sims <= 0.96


def test_value_of_moving_errors(joined):
    with pytest.raises(CxParameterError, match="fan"):
        v.value_of_moving(joined.data, to_group="fan", n_boot=50)
    with pytest.raises(CxParameterError, match="n_boot"):
        v.value_of_moving(joined.data, n_boot=10)
    with pytest.raises(CxParameterError, match="shares"):
        v.value_of_moving(joined.data, shares=[0.1, 1.2], n_boot=50)
    with pytest.raises(CxParameterError, match="shares"):
        v.value_of_moving(joined.data, shares=["ten percent"], n_boot=50)


def test_programme_effect_matches_experience_scenarios():
    from cxtools.ltv.simple import experience_scenarios

    c0, rho, u = 0.025, 0.2, 0.05
    eff = v.programme_effect(customers=50_000, monthly_value=120.0, monthly_churn=c0, churn_reduction=rho,
                             spend_uplift=u, discount_rate=0.1, horizon_months=48)
    annual_before = 1 - (1 - c0) ** 12
    annual_after = 1 - (1 - c0 * (1 - rho)) ** 12
    ref = experience_scenarios(margin=120.0, annual_churn=annual_before,
                               churn_reduction_points=[0.0, 100 * (annual_before - annual_after)],
                               spend_uplift_pct=[0.0, 100 * u], annual_discount_rate=0.1, horizon_months=48,
                               timing="end")
    assert eff.ltv_before == pytest.approx(float(ref["ltv"].iloc[0]), rel=1e-9)
    assert eff.ltv_after == pytest.approx(float(ref["ltv"].iloc[3]), rel=1e-9)
    # the effect is the product of the two effects
    assert eff.total_factor == pytest.approx(eff.retention_factor * eff.spend_factor)
    parts = eff.to_frame().set_index("component")["gain"]
    assert parts.drop("total").sum() == pytest.approx(eff.gain)
    assert parts["total"] == pytest.approx(50_000 * (eff.ltv_after - eff.ltv_before))
    assert parts["both together (interaction)"] > 0
    assert "x" in repr(eff)


def test_programme_effect_errors():
    with pytest.raises(CxParameterError, match="monthly_churn"):
        v.programme_effect(customers=10, monthly_value=100, monthly_churn=1.0)
    with pytest.raises(CxParameterError, match="customers"):
        v.programme_effect(customers=0, monthly_value=100, monthly_churn=0.02)
    with pytest.raises(CxParameterError, match="infinite"):
        v.programme_effect(customers=10, monthly_value=100, monthly_churn=0.0, discount_rate=0.0,
                           horizon_months=None)


# ----------------------------------------------------------------------------------------
# the chain
# ----------------------------------------------------------------------------------------
def test_operations_chain_recovers_the_planted_directions(joined, sample):
    chain = v.operations_chain(joined.data)
    truth = sample.truth["operations"]
    assert truth["wait_coef_per_minute"] < 0 and truth["repeat_coef_per_contact"] < 0
    for driver in ("avg_wait_minutes", "n_repeat_contacts"):
        link = chain.link(driver, "overall_satisfaction")
        assert link["estimate"] < 0 and link["p_value"] < 0.01
        assert chain.link(driver, "lifetime value")["estimate"] < 0
    # satisfaction -> churn is the same model as churn_hazard_ratios
    direct = v.churn_hazard_ratios(joined.data, predictors="overall_satisfaction")
    assert chain.link("overall_satisfaction", "churn")["estimate"] == pytest.approx(
        direct.hazard_ratio("overall_satisfaction"))
    money = chain.link("overall_satisfaction", "lifetime value")
    assert 0 < money["ci_low"] < money["estimate"] < money["ci_high"]
    # money per point by hand: LTV at hazard h*HR minus LTV at h
    base = v.value_by_group(joined.data, by=None).iloc[0]
    h = -math.log(1 - base["monthly_churn"])
    hr = direct.hazard_ratio("overall_satisfaction")
    d = (1.1) ** (1 / 12) - 1
    expected = base["value_per_month"] * (_paid_months(math.exp(-h * hr), d, 60)
                                          - _paid_months(math.exp(-h), d, 60))
    assert money["estimate"] == pytest.approx(float(expected))
    assert "ValueChain" in repr(chain) and len(chain.to_frame()) == 3 * 3 + 2


def test_operations_chain_refuses_missing_driver_values(joined):
    with pytest.raises(CxDataError, match=r"'first_contact_resolution' of data has \d+ missing value\(s\) in rows"):
        v.operations_chain(joined.data, drivers=["avg_wait_minutes", "first_contact_resolution"])


def test_notebook_04_structure():
    # the parameters, an exercise, no outputs, and a memo that is computed, not typed in
    import json
    import re
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "04_cx_value.ipynb").read_text("utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# 04")
    params = cells[1]
    assert "parameters" in params["metadata"].get("tags", [])
    source = "".join(params["source"])
    # the cell opens with the import of the parameter types (choices and ranges), then one line each
    assert source.startswith("from cxtools.report.parameter_types import (")
    source = source.split(")", 1)[1]
    lines = [ln for ln in source.splitlines() if ln.strip()]
    assert all(re.match(r"^\w+: [^=]+ = .+  # .+", ln) for ln in lines), lines
    names = {ln.split(":")[0] for ln in lines}
    assert {"data_dir", "margin_share", "discount_rate", "horizon_months", "share_moved"} <= names
    import papermill  # what `papermill --help-notebook` documents: every parameter, none lost to its parser

    path = Path(__file__).resolve().parents[2] / "notebooks" / "04_cx_value.ipynb"
    assert set(papermill.inspect_notebook(str(path))) == names
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any("### BEGIN SOLUTION" in c and "### END SOLUTION" in c for c in code)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")
    memo = next(c for c in code if "business_case(" in c)
    assert not re.search(r"\d{2,}", memo)  # no number typed into the business case
    assert not any(re.search(r"^print\((joined|moving|effect|chain|cox\w*)\)", c, re.M) for c in code)


# ----------------------------------------------------------------------------------------
# one name per concept, currency, findings text
# ----------------------------------------------------------------------------------------
def test_cox_lives_next_to_kaplan_meier_and_is_re_exported():
    from cxtools.ltv import survival

    assert v.churn_hazard_ratios is survival.churn_hazard_ratios and v.CoxResult is survival.CoxResult
    from cxtools.core import wording

    with pytest.warns(FutureWarning, match="cxtools.core.wording.format_p_value"):
        assert v.format_p_value is wording.format_p_value


@pytest.mark.parametrize("name, new", [("plot_value_chain", "cxtools.plots.value"),
                                       ("business_case", "cxtools.narrative.value"),
                                       ("ROUTES", "cxtools.narrative.value")])
def test_moved_names_still_work_for_one_release(name, new):
    import importlib

    with pytest.warns(FutureWarning, match=f"cxtools.value.{name} is now {new}.{name}"):
        old = getattr(v, name)
    assert old is getattr(importlib.import_module(new), name)
    with pytest.raises(AttributeError):
        _ = v.no_such_name


def test_group_is_now_by_with_a_future_warning(joined):
    data = joined.data.dropna(subset=["nps"])
    new = v.value_by_group(data, by="nps_group")
    with pytest.warns(FutureWarning, match="'group' is now called 'by'"):
        old = v.value_by_group(data, group="nps_group")
    pd.testing.assert_frame_equal(old, new)
    with pytest.warns(FutureWarning, match="'group' is now called 'by'"):
        moved = v.value_of_moving(data, group="nps_group", shares=[0.1], n_boot=50)
    assert moved.table.equals(v.value_of_moving(data, by="nps_group", shares=[0.1], n_boot=50).table)
    with pytest.raises(CxParameterError, match="not both"):
        v.value_by_group(data, by="nps_group", group="satisfaction_band")


def test_discount_rate_in_percent_is_refused_with_a_hint(joined):
    with pytest.raises(CxParameterError, match="1000 %.*did you mean 0.1"):
        v.value_by_group(joined.data, by=None, discount_rate=10)


def test_notebooks_01_and_04_define_no_functions_and_report_only_the_data():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "notebooks"
    for name in ("01_ltv.ipynb", "04_cx_value.ipynb"):
        cells = json.loads((root / name).read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        assert not any(line.lstrip().startswith(("def ", "class ")) for c in code for line in c.splitlines()), name
        # numbers are formatted by the package (cxtools.core.wording, or result methods built on it), never by a
        # format spec in the notebook's own f-strings
        assert any("cxtools.core.wording" in c or "lang=lang" in c for c in code), name
        if name.startswith("04"):
            assert not re.search(r"""f"[^"]*\{[^}"]*:[^}"]*\}""", "\n".join(code)), name
    cells = json.loads((root / "01_ltv.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    metrics = [c for c in code if "publish_metrics(" in c]
    assert metrics and not any("telecom" in c for c in metrics)
    summary = [c for c in code if "business_summary(" in c]
    assert summary and not any("telecom" in c for c in summary)
