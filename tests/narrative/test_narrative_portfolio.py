"""The portfolio matrix and the CX scorecard in words: sentences and report tables."""

from __future__ import annotations

import pandas as pd

from cxtools import portfolio
from cxtools.narrative.portfolio import scorecard_sentence, scorecard_table


def _history():
    periods = ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    rows = []
    for layer, ind, values in [("satisfaction", "NPS", [18, 22, 25, 31]),
                               ("behaviour", "Monthly churn", [0.021, 0.02, 0.022, 0.024]),
                               ("operations", "Average wait (min)", [6.1, 5.8, 5.2, 5.4]),
                               ("people", "eNPS", [10, 12, 9, 14])]:
        rows += [{"layer": layer, "indicator": ind, "period": p, "value": v} for p, v in zip(periods, values)]
    return pd.DataFrame(rows)


def test_scorecard_sentence_and_table_name_what_is_off_target():
    strict = portfolio.scorecard(_history(), targets={"Average wait (min)": 5.0},
                                 directions={"Average wait (min)": "lower"}, tolerance=0.05)
    assert "off target: Average wait (min)" in scorecard_sentence(strict)
    near = portfolio.scorecard(_history(), targets={"Monthly churn": 0.023}, directions={"Monthly churn": "lower"},
                               units={"Monthly churn": "share"}, tolerance=0.05)
    table = scorecard_table(near).set_index("Indicator")
    assert table.loc["Monthly churn", "Latest"] == "2.4%" and table.loc["Monthly churn", "Change"] == "+0.2%"
    assert table.loc["NPS", "Target"] == "—" and table.loc["NPS", "Change"] == "+6.0"
