"""Summaries and scores in every time unit: a month is 365.25 / 12 days, a year 365.25.

Fader, Hardie & Lee (2005) define frequency, recency and T in the model's time unit; the
durations here are counted in days from a small log by hand and converted with the mean
Gregorian month (30.4375 days), so a month of 30 days, or a horizon left in the caller's unit
when the model counts in another, changes the numbers by more than the tolerance.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cxtools.ltv.models import BetaGeoModel
from cxtools.ltv.rfm import rfm_summary
from cxtools.ltv.scoring import score_customers

DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}

LOG = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "c", "c"],
    "timestamp": pd.to_datetime(["1997-01-01", "1997-01-18", "1997-08-02", "1997-03-15",
                                 "1997-02-01", "1997-02-01"]),
    "amount": [10.0, 20.0, 30.0, 5.0, 7.0, 8.0],
})
END = "1997-09-30"
# by hand: a bought on 3 days (recency 213 days, T 272), b once (T 199), c twice on one day (T 241)
BY_HAND_DAYS = {"a": (2, 213.0, 272.0), "b": (0, 0.0, 199.0), "c": (0, 0.0, 241.0)}


@pytest.mark.parametrize("unit", ["day", "week", "month", "quarter", "year"])
def test_rfm_summary_counts_recency_and_age_in_its_time_unit(unit):
    summary = rfm_summary(LOG, amount="amount", observation_end=END, time_unit=unit)
    for cid, (freq, recency, age) in BY_HAND_DAYS.items():
        row = summary.loc[cid]
        assert row["frequency"] == freq
        assert row["recency"] == pytest.approx(recency / DAYS[unit], rel=1e-12)
        assert row["T"] == pytest.approx(age / DAYS[unit], rel=1e-12)


@pytest.fixture(scope="module")
def weekly_model() -> BetaGeoModel:
    return BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")


@pytest.mark.parametrize("unit,horizon", [("month", 12), ("year", 1.5), ("day", 90), ("week", 39), ("quarter", 2)])
def test_score_customers_converts_the_horizon_into_the_models_unit(weekly_model, unit, horizon):
    scores = score_customers(LOG, weekly_model, horizon=horizon, time_unit=unit, observation_end=END,
                             confidence=None)
    summary = rfm_summary(LOG, observation_end=END, time_unit="week")
    weeks = horizon * DAYS[unit] / 7.0
    expected = weekly_model.expected_purchases(weeks, summary)
    pd.testing.assert_series_equal(scores["expected_purchases"], expected.reindex(scores.index),
                                   check_names=False, rtol=1e-10)


def test_a_monthly_model_scores_the_same_customers_alike_to_a_weekly_one():
    """The same rates written per month instead of per week give the same expected purchases."""
    per_week = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    months_per_week = 7.0 / DAYS["month"]
    per_month = dict(per_week, alpha=per_week["alpha"] * months_per_week)  # alpha is a time scale
    weekly = BetaGeoModel.from_params(time_unit="week", **per_week)
    monthly = BetaGeoModel.from_params(time_unit="month", **per_month)
    by_week = score_customers(LOG, weekly, horizon=12, time_unit="month", observation_end=END, confidence=None)
    by_month = score_customers(LOG, monthly, horizon=12, time_unit="month", observation_end=END, confidence=None)
    pd.testing.assert_series_equal(by_week["expected_purchases"], by_month["expected_purchases"], rtol=1e-9)
