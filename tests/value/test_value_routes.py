"""The survey-to-value link on any satisfaction scale, without contracts, and its two routes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.ltv.covariates import ParetoNBDCovariateModel, covariate_value_shift
from cxtools.ltv.rfm import rfm_summary
from cxtools.ltv.survival import CoxResult
from cxtools.narrative.value import ROUTES, describe_join, key_findings, purchase_case
from cxtools.value import (
    SATISFACTION_BANDS,
    JoinResult,
    link_survey_to_customers,
    purchase_value_link,
    satisfaction_band,
)


# ------------------------------------------------------------------ bands on any scale
def test_bands_on_1_10_are_the_published_ones():
    got = satisfaction_band(pd.Series(range(1, 11)))
    for label, lo, hi in SATISFACTION_BANDS:
        assert (got[(np.arange(1, 11) >= lo) & (np.arange(1, 11) <= hi)] == label).all()


@pytest.mark.parametrize("scale, expected", [
    ((1, 5), ["1-2 (low)", "1-2 (low)", "3 (medium)", "4 (high)", "5 (very high)"]),
    ((1, 7), ["1-3 (low)"] * 3 + ["4 (medium)", "5 (high)", "6-7 (very high)", "6-7 (very high)"]),
    ((0, 10), ["0-3 (low)"] * 4 + ["4-5 (medium)"] * 2 + ["6-7 (high)"] * 2 + ["8-10 (very high)"] * 3),
])
def test_bands_follow_the_relative_position_on_other_scales(scale, expected):
    assert satisfaction_band(pd.Series(range(scale[0], scale[1] + 1)), scale=scale).tolist() == expected


def test_an_answer_outside_the_scale_is_refused_with_its_row():
    with pytest.raises(CxDataError, match=r"from 1 to 5; rows 2 hold \[7\]"):
        satisfaction_band(pd.Series([1, 5, 7]), scale=(1, 5))


# ------------------------------------------------------------------ link without contracts
def test_link_without_contracts_accounts_for_every_respondent():
    survey = pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4", "R5"],
                           "customer_id": ["C1", "C2", None, "C9", "C1"],
                           "response_date": ["2025-03-01", "2025-03-02", "2025-03-01", "2025-03-01", "2025-04-01"],
                           "nps": [9, 3, 7, 8, 6]})
    customers = pd.DataFrame({"customer_id": ["C1", "C2"]})
    joined = link_survey_to_customers(survey, customers, None, as_of="2026-06-30")
    assert not joined.contracts
    assert joined.data["customer_id"].tolist() == ["C1", "C2"]
    assert joined.data["nps_group"].astype(str).tolist() == ["promoter", "detractor"]
    cov = joined.coverage.set_index("status")["respondents"]
    assert cov.sum() == len(survey) and cov["linked"] == 2
    assert cov["no customer id"] == 1 and cov["customer id not found among customers"] == 1
    assert cov["repeat response from the same customer"] == 1
    assert "no contract on file" not in cov.index
    assert describe_join(joined).startswith("2 of 5 survey respondents (40.0%) were linked to a customer;")


# ------------------------------------------------------------------ the purchases route
def _pareto_nbd_log(n: int = 3000, seed: int = 5, dropout_factor: float = 2.0):
    """Simulated Pareto/NBD purchases (Schmittlein et al. 1987): detractors drop out ``dropout_factor`` times as fast."""
    rng = np.random.default_rng(seed)
    group = np.where(rng.random(n) < 0.4, "detractor", "passive")
    lam = rng.gamma(0.8, 1 / 6.0, n)  # purchases per week, mean 0.13
    mu = rng.gamma(1.0, 1 / 30.0, n) * np.where(group == "detractor", dropout_factor, 1.0)
    start = pd.Timestamp("2024-01-01")
    T = 78.0
    life = np.minimum(rng.exponential(1 / mu), T)
    rows = []
    for i in range(n):
        t = 0.0
        times = [0.0]
        while True:
            t += rng.exponential(1 / lam[i])
            if t > life[i]:
                break
            times.append(t)
        rows += [(f"C{i:05d}", start + pd.Timedelta(days=7 * x), float(rng.gamma(4, 10))) for x in times]
    tx = pd.DataFrame(rows, columns=["customer_id", "timestamp", "amount"])
    linked = pd.DataFrame({"customer_id": [f"C{i:05d}" for i in range(n)], "nps_group": group})
    return tx, linked, start + pd.Timedelta(weeks=T)


@pytest.fixture(scope="module")
def planted():
    tx, linked, end = _pareto_nbd_log()
    link = purchase_value_link(tx, linked, as_of=end, shares=[0.1, 0.5], margin_share=0.3, n_draws=100,
                               customer_base=10_000, currency="EUR")
    return tx, linked, end, link


def test_planted_dropout_effect_is_recovered(planted):
    *_, link = planted
    drop = link.effect("drop-out")
    assert drop["ci_low"] < 2.0 < drop["ci_high"] and drop["p_value"] < 0.05
    buy = link.effect("purchase")
    assert buy["ci_low"] < 1.0 < buy["ci_high"]  # no purchase effect was planted
    assert (link.table["value"] > 0).all() and (link.table["ci_low"] > 0).all()


def test_value_is_the_model_shift_scaled_to_the_base(planted):
    tx, linked, end, link = planted
    # independent recomputation through the covariate model's own API
    rfm = rfm_summary(tx, amount="amount", observation_end=end, time_unit="week")
    data = rfm.join(linked.set_index("customer_id"))
    model = ParetoNBDCovariateModel(time_unit="week").fit(data, covariates=["nps_group"], reference={"nps_group": "passive"})
    days = tx.assign(day=tx["timestamp"].dt.normalize()).groupby(["customer_id", "day"])["amount"].sum()
    shift = covariate_value_shift(model, data, covariate="nps_group", from_level="detractor", to_level="passive",
                                  spend=float(days.mean()), horizon=60, time_unit="month", margin=0.3, discount_rate=0.10,
                                  n_draws=100, seed=2026, confidence=0.9)
    in_from = 10_000 * (linked["nps_group"] == "detractor").mean()
    row = link.table.set_index("share_moved").loc[0.5]
    assert row["value"] == pytest.approx(0.5 * in_from * shift.per_customer, rel=1e-9)
    assert row["ci_low"] == pytest.approx(0.5 * in_from * shift.lower / shift.n_customers, rel=1e-9)
    assert link.n_customers == len(data) and link.n_without_purchases == 0


def test_purchase_case_makes_claims_only_where_significant(planted):
    *_, link = planted
    text = purchase_case(link, share_moved=0.1)
    assert "Detractors drop out" in text and "times as fast as passives" in text
    assert "do not buy measurably" in text
    assert text.endswith(ROUTES["transactions"])
    assert "EUR" in text or "€" in text


def test_too_few_buyers_is_an_error_naming_the_count():
    tx, linked, end = _pareto_nbd_log(n=20)
    with pytest.raises(CxDataError, match="only 20 linked respondents have purchases"):
        purchase_value_link(tx, linked, as_of=end, n_draws=50)


@pytest.mark.parametrize("old, new", [("pareto_nbd", "paretonbd"), ("bg_nbd", "bgnbd")])
def test_the_model_is_named_in_the_one_vocabulary(old, new):
    tx, linked, end = _pareto_nbd_log(n=20)
    with pytest.raises(CxDataError, match="only 20"):
        purchase_value_link(tx, linked, as_of=end, n_draws=50, model=new)
    with pytest.warns(FutureWarning, match=f"model {old!r} is now written {new!r}"), \
            pytest.raises(CxDataError, match="only 20"):
        purchase_value_link(tx, linked, as_of=end, n_draws=50, model=old)
    with pytest.raises(CxParameterError, match="model must be one of"):
        purchase_value_link(tx, linked, as_of=end, n_draws=50, model="pareto")


# ------------------------------------------------------------------ findings
def _cox(term: str, hr: float, p: float) -> CoxResult:
    cols = ["coef", "std_err", "hazard_ratio", "ci_low", "ci_high", "p_value"]
    table = pd.DataFrame([[np.log(hr), 0.1, hr, hr * 0.8, hr * 1.25, p]], columns=cols,
                         index=pd.Index([term], name="term"))
    return CoxResult(table, 900, 300, -1.0, "efron", 0.95, {}, (term,), ())


def test_findings_claim_a_link_only_when_significant():
    cov = pd.DataFrame({"status": ["linked", "no customer id"], "respondents": [90, 10], "share": [0.9, 0.1]})
    joined = JoinResult(pd.DataFrame(), cov, pd.DataFrame(), pd.Timestamp("2026-06-30"))
    strong = key_findings(joined=joined, per_point=_cox("overall_satisfaction", 0.80, 1e-6), route="contracts")
    weak = key_findings(joined=joined, per_point=_cox("overall_satisfaction", 0.95, 0.40), route="contracts")
    assert "20% fewer customers leaving per month" in strong
    assert "do not show that overall satisfaction and staying are linked" in weak
    assert strong.startswith("## Key findings") and strong.count("\n- ") == 3
    assert "(the contract route)" in strong


def test_russian_findings_use_no_english_words(planted):
    import re

    tx, linked, end, link = planted
    cov = pd.DataFrame({"status": ["linked"], "respondents": [len(linked)], "share": [1.0]})
    joined = JoinResult(pd.DataFrame(), cov, pd.DataFrame(), pd.Timestamp(end))
    text = key_findings(joined=joined, purchases=link, share_moved=0.1, route="transactions", lang="ru",
                        per_point=_cox("overall_satisfaction", 0.80, 1e-6))
    assert text.startswith("## Главные выводы")
    latin = set(re.findall(r"[A-Za-z]{2,}", text))
    assert latin <= {"EUR"}, latin  # the currency code is a unit
    assert "в 2," in text or "в 1," in text  # the drop-out effect is claimed (planted, significant)
    assert "(путь через покупки)" in text
