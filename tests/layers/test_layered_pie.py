"""The layered pie: scorecard history per wave and quarter, targets, customer value, findings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtools import layers
from cxtools.data.description import SurveyRoles
from cxtools.data.description import EmployeeRoles
from cxtools.core.errors import CxDataError, CxParameterError


def test_quarterly_churn_is_leavers_over_months_at_risk_in_each_full_quarter():
    subs = pd.DataFrame({
        "customer_id": ["A", "B", "C", "D"],
        "start_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-15", "2025-07-01"]),
        "end_date": pd.to_datetime(["2025-03-01", None, "2025-08-10", None]),
    })
    h = layers.scorecard_history(subscriptions=subs, as_of="2025-09-30")
    churn = h[h["key"] == "monthly_churn"].set_index("period")["value"]
    assert list(churn.index) == ["2025Q1", "2025Q2", "2025Q3"]
    month = 365.25 / 12
    # Q1: A 59 days (leaves 1 Mar), B 90, C 45 (from 15 Feb): one leaver
    q1 = 1 - np.exp(-1 / ((59 + 90 + 45) / month))
    # Q3: B 92, C 40 (leaves 10 Aug), D 92: one leaver
    q3 = 1 - np.exp(-1 / ((92 + 40 + 92) / month))
    assert churn["2025Q1"] == pytest.approx(q1) and churn["2025Q2"] == 0 and churn["2025Q3"] == pytest.approx(q3)
    # a quarter that has not ended by as_of is left out
    assert "2025Q3" not in set(layers.scorecard_history(subscriptions=subs, as_of="2025-09-29")["period"])


def test_spend_per_buyer_nets_refunds_and_counts_buyers():
    tx = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
                       "timestamp": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-01", "2025-04-02"]),
                       "amount": [100.0, -40.0, 300.0, 50.0]})
    h = layers.scorecard_history(transactions=tx, as_of="2025-06-30")
    spend = h.set_index("period")["value"]
    assert spend["2025Q1"] == pytest.approx((100 - 40 + 300) / 2) and spend["2025Q2"] == pytest.approx(50)
    assert set(h["direction"]) == {"higher"} and set(h["layer"]) == {"behaviour"}


def test_survey_and_employee_indicators_per_wave():
    survey = pd.DataFrame({"wave": ["W1"] * 4 + ["W2"] * 2, "nps": [10, 9, 3, 7, 10, 0],
                           "overall_satisfaction": [8, 9, 4, 6, 10, 2]})
    roles = SurveyRoles(overall_satisfaction="overall_satisfaction", recommend="nps", wave="wave",
                        scales={"overall_satisfaction": (1, 10)})
    emp = pd.DataFrame({"wave": ["H1", "H1", "H2"], "enps": [9, 5, 10], "engagement_1": [4, 2, 5],
                        "engagement_2": [5, np.nan, 5]})
    h = layers.scorecard_history(survey=survey, survey_roles=roles, employees=emp,
                                 employee_roles=EmployeeRoles(enps="enps", wave="wave"),
                                 engagement_items=["engagement_1", "engagement_2"], as_of="2026-01-01")
    v = h.set_index(["key", "period"])["value"]
    assert v["nps", "W1"] == pytest.approx(25.0) and v["nps", "W2"] == pytest.approx(0.0)
    assert v["satisfaction", "W1"] == pytest.approx(6.75)
    assert v["enps", "H1"] == pytest.approx(0.0) and v["enps", "H2"] == pytest.approx(100.0)
    assert v["engagement", "H1"] == pytest.approx((4.5 + 2) / 2)  # each person's mean of answered items
    assert "Overall satisfaction (1-10)" in set(h["indicator"])


def test_targets_from_parameter_win_over_the_description():
    h = pd.DataFrame({"key": ["nps", "monthly_churn"], "indicator": ["NPS", "Monthly churn"],
                      "unit": ["points", "share"], "direction": ["higher", "lower"]})
    from cxtools.data.description import Target

    t, d, u = layers.scorecard_targets(h, targets={"NPS": 40}, described={"nps": Target(30.0),
                                                                           "monthly_churn": Target(0.02, "lower")})
    assert t == {"NPS": 40.0, "Monthly churn": 0.02} and d["Monthly churn"] == "lower"
    assert u == {"NPS": "number", "Monthly churn": "share"}
    with pytest.raises(CxParameterError, match="not indicators"):
        layers.scorecard_targets(h, targets='{"csat": 4}')
    with pytest.raises(CxParameterError, match="JSON object"):
        layers.scorecard_targets(h, targets="nps=30")


def test_customer_value_needs_a_margin_and_some_leavers():
    subs = pd.DataFrame({"customer_id": ["A", "B"], "start_date": pd.to_datetime(["2024-01-01"] * 2),
                         "end_date": pd.to_datetime([None, "2025-01-01"]), "monthly_revenue": [100.0, 200.0]})
    with pytest.raises(CxDataError, match="margin_share"):
        layers.customer_value(subscriptions=subs, as_of="2026-01-01")
    v = layers.customer_value(subscriptions=subs, as_of="2026-01-01", margin_share=0.3, discount_rate=0.0)
    r = 1 - v.attrs["monthly_churn"]
    assert v["value"].tolist() == pytest.approx([30 * r / (1 - r), 60 * r / (1 - r)])
    with pytest.raises(CxDataError, match="no contract has ended"):
        layers.customer_value(subscriptions=subs.assign(end_date=pd.NaT), as_of="2026-01-01", margin_share=0.3)
