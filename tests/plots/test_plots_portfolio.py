"""Figures of the client portfolio matrix and the CX scorecard."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxtools import portfolio  # noqa: E402
from cxtools.plots import portfolio as plots  # noqa: E402


@pytest.fixture
def customers():
    rng = np.random.default_rng(3)
    n = 900
    return pd.DataFrame({"customer_id": [f"C{i:05d}" for i in range(n)], "clv": rng.gamma(2.0, 5000.0, n),
                         "satisfaction": rng.integers(1, 11, n), "churned": rng.integers(0, 2, n)})


def _history():
    periods = ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    rows = []
    for layer, ind, values in [("satisfaction", "NPS", [18, 22, 25, 31]),
                               ("behaviour", "Monthly churn", [0.021, 0.02, 0.022, 0.024]),
                               ("operations", "Average wait (min)", [6.1, 5.8, 5.2, 5.4]),
                               ("people", "eNPS", [10, 12, 9, 14])]:
        rows += [{"layer": layer, "indicator": ind, "period": p, "value": v} for p, v in zip(periods, values)]
    return pd.DataFrame(rows)


def test_plot_portfolio_shows_the_value_of_each_cell(customers):
    m = portfolio.portfolio_matrix(customers, value="clv", relationship="satisfaction")
    fig, ax = plt.subplots()
    assert plots.plot_portfolio(m, ax=ax) is ax
    mesh = ax.collections[0].get_array().reshape(3, 3)
    expected = m.cells.pivot(index="attractiveness", columns="relationship", values="value").reindex(
        index=["high", "medium", "low"], columns=["low", "medium", "high"]).to_numpy()
    assert np.allclose(mesh, expected)
    texts = [t.get_text() for t in ax.texts]
    assert f"{m.cell('high', 'low')['customers']:,} customers" in texts[0]  # row high, column low (row-major)
    plt.close(fig)


def test_scorecard_plot_draws_every_indicator():
    card = portfolio.scorecard(_history(), targets={"NPS": 30})
    fig, ax = plt.subplots()
    plots.plot_scorecard(card, ax=ax)
    assert len(ax.lines) == 4
    nps_line = ax.lines[0]
    y = nps_line.get_ydata()
    assert np.allclose((y - y.min()) / np.ptp(y), (np.array([18, 22, 25, 31]) - 18) / 13)
    plt.close(fig)
