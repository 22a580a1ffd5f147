"""Workshop exercises of notebook 01: expected answers against independent computations, and the hints."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cxtools.workshop.exercises  # noqa: F401  (registers the exercises)
from cxtools import workshop
from cxtools.workshop.exercises import ltv as ex
from cxtools.ltv.sbg import ShiftedBetaGeometricModel

ROOT = Path(__file__).resolve().parents[3]
IDS = ["01-naive-lifetime", "01-derl-vs-del", "01-lapsed-regulars", "01-better-repeat-model", "01-churn-cut-value"]


def test_every_exercise_of_01_is_registered_with_two_hints():
    for exercise_id in IDS:
        exercise = workshop.EXERCISES[exercise_id]
        assert len(exercise.hints) >= 2 and exercise.question


def test_naive_lifetime_is_the_mean_of_ended_contracts_only():
    rng = np.random.default_rng(3)
    d = pd.DataFrame({"duration_months": rng.exponential(20, 500), "event": rng.random(500) < 0.6})
    by_hand = d["duration_months"].to_numpy()[d["event"].to_numpy()].sum() / d["event"].sum()
    assert ex.naive_lifetime_answer(d) == pytest.approx(by_hand, rel=1e-12)
    assert workshop.check("01-naive-lifetime", by_hand, durations=d, display=False).passed
    # counting the active customers as if they had left is the classic mistake: it must fail
    wrong = d["duration_months"].mean()
    result = workshop.check("01-naive-lifetime", wrong, durations=d, display=False)
    assert not result.passed and f"{ex.naive_lifetime_answer(d):.1f}" not in result.message


def test_derl_over_del_equals_the_discounted_sums_of_the_survival_curve():
    # Fader & Hardie (2010): DEL = sum_t S(t) / (1+d)^t; a customer who has renewed n times is in
    # period n + 1 and DERL = sum_{t >= n+1} S(t) / S(n) / (1+d)^(t-n-1)
    model = ShiftedBetaGeometricModel.from_params(1.2, 3.5)
    d, n = 0.01, 24
    t = np.arange(0, 20_000)
    s = model.survival(t)
    del_value = np.sum(s / (1 + d) ** t)
    derl = np.sum(s[n + 1:] / s[n] / (1 + d) ** (t[n + 1:] - n - 1))
    assert ex.derl_vs_del_answer(model, discount_rate=d, renewals=n) == pytest.approx(derl / del_value, rel=1e-8)
    assert not workshop.check("01-derl-vs-del", del_value / derl, model=model, discount_rate=d, display=False).passed


def test_lapsed_regulars_sum_clv_of_frequent_but_probably_lost_buyers():
    s = pd.DataFrame({"frequency": [0, 2, 2, 3, 7, 1], "probability_alive": [0.1, 0.29, 0.3, 0.05, 0.9, 0.01],
                      "clv": [5.0, 11.0, 13.0, 17.0, 19.0, 23.0]})
    assert ex.lapsed_regulars_answer(s) == 28.0  # rows 2 and 4 only: 0.3 is not below 0.3, frequency 1 too few
    assert workshop.check("01-lapsed-regulars", 28.0, summary=s, display=False).passed
    assert not workshop.check("01-lapsed-regulars", 41.0, summary=s, display=False).passed


def test_better_repeat_model_agrees_with_compare_repeat_models_on_cdnow():
    from cxtools.narrative.ltv import compare_repeat_models
    from cxtools.ltv.rfm import calibration_holdout_summary, rfm_summary

    log = pd.read_csv(ROOT / "data" / "cdnow" / "cdnow_sample_transactions.csv", dtype={"customer_id": str})
    rfm = rfm_summary(log, timestamp="date", observation_end="1998-06-30")
    cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
                                      observation_end="1998-06-30")
    expected = compare_repeat_models(rfm, cal).better
    assert ex.better_repeat_model_answer(cal) == expected
    other = "BG/NBD" if expected == "Pareto/NBD" else "Pareto/NBD"
    assert workshop.check("01-better-repeat-model", expected.lower(), calibration_summary=cal, display=False).passed
    assert not workshop.check("01-better-repeat-model", other, calibration_summary=cal, display=False).passed


def test_churn_cut_value_equals_the_discounted_retention_difference():
    # Gupta & Lehmann (2003): margin paid at the start of each month, monthly retention (1 - c)^(1/12)
    margin, churn, annual_d, horizon = 73.0, 0.27, 0.12, 48
    d = (1 + annual_d) ** (1 / 12) - 1
    k = np.arange(horizon)
    r0, r1 = (1 - churn) ** (1 / 12), (1 - churn + 0.02) ** (1 / 12)
    by_hand = margin * np.sum((r1 ** k - r0 ** k) / (1 + d) ** k)
    got = ex.churn_cut_value_answer(margin=margin, annual_churn=churn, discount_rate=annual_d, horizon_months=horizon)
    assert got == pytest.approx(by_hand, rel=1e-9)


def test_unanswered_and_unanswerable_exercises_fail_helpfully():
    result = workshop.check("01-lapsed-regulars", None, summary=None, display=False)
    assert not result.passed and not result.answered and result.message.startswith("Not answered yet")
    result = workshop.check("01-lapsed-regulars", 3.0, summary=None, display=False)
    assert not result.passed and "cannot check" in result.message
    result = workshop.check("01-churn-cut-value", 3.0, margin=10.0, annual_churn=0.01, discount_rate=0.1,
                            horizon_months=60, display=False)
    assert not result.passed and "cannot check" in result.message
