"""Client portfolio matrix, the call-back list and the CX scorecard."""

from __future__ import annotations

import stat

import numpy as np
import pandas as pd
import pytest

from cxtools import portfolio
from cxtools.core.errors import CxParameterError

# GE-McKinsey nine-box (Hax & Majluf 1983): rows attractiveness high..low, columns strength low..high
NINE_BOX = {
    "high": ["invest selectively", "invest", "invest"],
    "medium": ["protect income", "invest selectively", "invest"],
    "low": ["protect income", "protect income", "invest selectively"],
}


def test_strategy_grid_is_the_nine_box():
    for a, row in NINE_BOX.items():
        assert [portfolio.strategy(a, r) for r in ("low", "medium", "high")] == row


@pytest.fixture
def customers():
    rng = np.random.default_rng(3)
    n = 900
    return pd.DataFrame({"customer_id": [f"C{i:05d}" for i in range(n)], "clv": rng.gamma(2.0, 5000.0, n),
                         "satisfaction": rng.integers(1, 11, n), "churned": rng.integers(0, 2, n)})


def test_terciles_cells_add_up_and_summaries_match(customers):
    m = portfolio.portfolio_matrix(customers, value="clv", relationship="satisfaction", churn="churned")
    cells = m.cells
    assert len(cells) == 9 and cells["customers"].sum() == len(customers)
    assert cells["value"].sum() == pytest.approx(customers["clv"].sum())
    lo, hi = customers["clv"].quantile([1 / 3, 2 / 3])
    assert m.cuts["value"] == pytest.approx((lo, hi))
    # each cell's summary equals a direct computation
    c = m.customers
    for row in cells.itertuples():
        mask = (c["attractiveness_band"] == row.attractiveness) & (c["relationship_band"] == row.relationship)
        assert row.customers == mask.sum()
        assert row.churn == pytest.approx(customers.loc[mask[mask].index, "churned"].mean())
        assert row.strategy == NINE_BOX[row.attractiveness][["low", "medium", "high"].index(row.relationship)]
    value_band_sizes = c["attractiveness_band"].value_counts()
    assert (value_band_sizes - 300).abs().max() <= 1


def test_fixed_cuts_and_bad_cuts(customers):
    m = portfolio.portfolio_matrix(customers, value="clv", relationship="satisfaction", relationship_cuts=(6, 8))
    assert set(m.customers.loc[m.customers["satisfaction"] <= 6, "relationship_band"]) == {"low"}
    assert set(m.customers.loc[m.customers["satisfaction"] > 8, "relationship_band"]) == {"high"}
    with pytest.raises(CxParameterError, match="did you mean 'terciles'"):
        portfolio.portfolio_matrix(customers, value="clv", relationship="satisfaction", value_cuts="tercile")
    with pytest.raises(CxParameterError, match="increasing"):
        portfolio.portfolio_matrix(customers, value="clv", relationship="satisfaction", value_cuts=(9, 1))


def test_callback_list_puts_valuable_unhappy_customers_first_and_hides_ids(customers, tmp_path):
    m = portfolio.portfolio_matrix(customers, value="clv", relationship="satisfaction")
    calls = portfolio.callback_list(m, salt="test-salt")
    first = calls[calls["cell"] == "high value / low relationship"]
    assert len(first) == m.cell("high", "low")["customers"]
    assert calls["cell"].iloc[0] == "high value / low relationship"
    assert first["value"].is_monotonic_decreasing
    assert not set(calls["customer"]) & set(customers["customer_id"])
    path = portfolio.write_callback_list(calls, tmp_path / "internal" / "callbacks.csv")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pd.read_csv(path)["priority"].tolist() == list(range(1, len(calls) + 1))


def _history():
    periods = ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    rows = []
    for layer, ind, values in [("satisfaction", "NPS", [18, 22, 25, 31]),
                               ("behaviour", "Monthly churn", [0.021, 0.02, 0.022, 0.024]),
                               ("operations", "Average wait (min)", [6.1, 5.8, 5.2, 5.4]),
                               ("people", "eNPS", [10, 12, 9, 14])]:
        rows += [{"layer": layer, "indicator": ind, "period": p, "value": v} for p, v in zip(periods, values)]
    return pd.DataFrame(rows)


def test_scorecard_statuses_trends_and_directions():
    card = portfolio.scorecard(
        _history(), targets={"NPS": 30, "Monthly churn": 0.02, "Average wait (min)": 5.0},
        directions={"Monthly churn": "lower", "Average wait (min)": "lower"}, units={"Monthly churn": "share"},
        tolerance=0.1)
    t = card.table.set_index("indicator")
    assert t.loc["NPS", "status"] == "on target"
    # relative for shares too: 0.024 misses 0.02 by 20 %, beyond 10 % (an absolute 0.1 would call it close)
    assert t.loc["Monthly churn", "status"] == "off target"
    assert t.loc["Average wait (min)", "status"] == "close"  # 5.4 vs 5.0: within 10 %
    assert t.loc["eNPS", "status"] == "no target"
    assert t.loc["NPS", "trend"] == pytest.approx(np.polyfit(range(4), [18, 22, 25, 31], 1)[0])
    assert list(card.table["layer"]) == ["satisfaction", "behaviour", "operations", "people"]
    strict = portfolio.scorecard(_history(), targets={"Average wait (min)": 5.0},
                                 directions={"Average wait (min)": "lower"}, tolerance=0.05)
    assert strict.table.set_index("indicator").loc["Average wait (min)", "status"] == "off target"
    near = portfolio.scorecard(_history(), targets={"Monthly churn": 0.023}, directions={"Monthly churn": "lower"},
                               units={"Monthly churn": "share"}, tolerance=0.05)
    assert near.table.set_index("indicator").loc["Monthly churn", "status"] == "close"  # 0.024 within 5 % of 0.023


def test_unknown_layer_is_refused():
    with pytest.raises(CxParameterError, match="did you mean 'people'"):
        portfolio.scorecard(pd.DataFrame({"layer": ["peple"], "indicator": ["eNPS"], "period": [1], "value": [1.0]}))
