"""Findings text of the lifetime-value analysis: built from the results, nothing else.

The comparison of BG/NBD and Pareto/NBD is checked against the models fitted here directly
(P(alive) of Fader, Hardie & Lee 2005, eq. 11, is 1 for a customer without repeat purchases,
so BG/NBD's share of active customers exceeds Pareto/NBD's on CDNOW, where half the customers
bought once).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxParameterError
from cxtools.narrative.ltv import RepeatModelComparison, business_summary, compare_repeat_models
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel, holdout_errors
from cxtools.ltv.rfm import calibration_holdout_summary, rfm_summary
from cxtools.ltv.survival import kaplan_meier, logrank_test, naive_lifetime

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"


@pytest.fixture(scope="module")
def cdnow_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    log = pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})
    rfm = rfm_summary(log, timestamp="date", observation_end="1998-06-30")
    cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
                                      observation_end="1998-06-30")
    return rfm, cal


@pytest.fixture(scope="module")
def comparison(cdnow_log) -> RepeatModelComparison:
    rfm, cal = cdnow_log
    return compare_repeat_models(rfm, cal)


def test_comparison_numbers_are_the_models_own(cdnow_log, comparison):
    rfm, cal = cdnow_log
    for cls in (BetaGeoModel, ParetoNBDModel):
        alive = cls().fit(rfm).probability_alive(rfm)
        row = comparison.table.loc[cls._label]
        assert row["share_active"] == pytest.approx(alive.mean())
        assert row["share_probably_active"] == pytest.approx((alive >= 0.5).mean())
        assert row["holdout_mae"] == pytest.approx(holdout_errors(cls().fit(cal), cal).mae)
    assert comparison.better == comparison.table["holdout_mae"].idxmin()
    assert comparison.one_time_buyers == pytest.approx((rfm["frequency"] == 0).mean())


def test_bgnbd_counts_one_time_buyers_as_active_and_the_comparison_says_so(comparison):
    t = comparison.table
    assert t.loc["BG/NBD", "share_active"] - t.loc["Pareto/NBD", "share_active"] > 0.2
    assert comparison.disagree
    text = comparison.describe()
    assert "disagree on how many customers are still active" in text
    assert f"{t.loc['BG/NBD', 'share_active']:.0%}" in text and f"{t.loc['Pareto/NBD', 'share_active']:.0%}" in text
    assert "bought only once" in text


def test_describe_names_the_better_model_only_when_clearly_better():
    t = pd.DataFrame({"share_active": [0.82, 0.32], "share_probably_active": [0.9, 0.3],
                      "holdout_mae": [0.61, 0.48], "holdout_total_error_pct": [25.0, -3.0],
                      "holdout_correlation": [0.5, 0.6]}, index=["BG/NBD", "Pareto/NBD"])
    clear = RepeatModelComparison(t, "Pareto/NBD", 0.5, 0.15, 0.6)
    assert "Pareto/NBD predicts the holdout period better (mean absolute error 0.480 against 0.610" in \
        clear.describe()
    tied = RepeatModelComparison(t.assign(holdout_mae=[0.50, 0.49]), "Pareto/NBD", 0.5, 0.15, 0.6)
    assert "about equally well" in tied.describe() and "report both" in tied.describe()
    agree = RepeatModelComparison(t.assign(share_active=[0.50, 0.45]), "Pareto/NBD", 0.05, 0.15, 0.6)
    assert not agree.disagree and agree.describe().startswith("BG/NBD and Pareto/NBD agree")
    assert "Holdout error per customer (purchases)" in clear.report_table().columns


@pytest.fixture(scope="module")
def contracts() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    n = 400
    plan = np.repeat(["basic", "plus"], n // 2)
    life = rng.exponential(np.where(plan == "basic", 15.0, 40.0))
    observed = np.minimum(life, 36.0)
    return pd.DataFrame({"months": observed, "ended": life < 36.0, "plan": plan})


def test_business_summary_is_built_from_the_results(contracts):
    km = kaplan_meier(contracts, duration="months", event="ended", by="plan", horizon=36)
    naive = naive_lifetime(contracts, duration="months", event="ended", by="plan")
    lr = logrank_test(contracts, duration="months", event="ended", by="plan")
    text = business_summary(km=km, naive=naive, logrank=lr, new_customer_value=pd.Series({"basic": 1500.0,
                            "plus": 4200.0}), active_base_value=2.5e6, experience_gain=310_000.0,
                            churn_reduction_points=2, spend_uplift_pct=5, currency="EUR")
    rmst = km.summary["rmst"]
    assert f"restricted mean over the first 36 months is {rmst['basic']:.0f} months" in text
    assert f"for plan basic against {rmst['plus']:.0f} for plan plus" in text
    assert f"says {naive.loc['basic', 'mean_closed']:.0f} months for plan basic" in text
    assert "A new customer is worth 1,500 to €4,200 today" in text
    assert "€2.5 mln" in text.replace("\xa0", " ") or "2.5 mln €" in text.replace("\xa0", " ")
    assert "telecom" not in text and "internet" not in text and "rub" not in text


def test_business_summary_says_when_segments_do_not_differ(contracts):
    same = contracts.assign(plan=np.tile(["a", "b"], len(contracts) // 2))
    km = kaplan_meier(same, duration="months", event="ended", by="plan", horizon=36)
    lr = logrank_test(same, duration="months", event="ended", by="plan")
    assert lr.p_value > 0.05
    text = business_summary(km=km, logrank=lr)
    assert "do not differ measurably" in text and "Segments differ" not in text


def test_business_summary_with_purchases_only_and_with_nothing(comparison):
    text = business_summary(repeat_models=comparison, purchase_clv_total=388_000, purchase_clv_horizon="52 weeks")
    assert text.startswith("- Customers buying without a contract: ")
    assert "388,000 rub of profit over the next 52 weeks" in text
    assert business_summary() == "No contract or purchase data were analysed, so there is no finding to report."
    with pytest.raises(CxParameterError, match="churn_reduction_points"):
        business_summary(experience_gain=1.0)
