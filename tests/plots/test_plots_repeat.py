"""The repeat-buying figures (cxtools.plots.repeat) draw the numbers of the results they are given.

Tracking against Fader, Hardie & Lee (2005), Figures 2-4, on the CDNOW sample; the heat maps on the
CDNOW summary distributed with lifetimes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxtools.core.errors import CxParameterError  # noqa: E402
from cxtools.ltv.matrices import frequency_recency_matrix, probability_alive_matrix  # noqa: E402
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel  # noqa: E402
from cxtools.ltv.rfm import calibration_holdout_summary  # noqa: E402
from cxtools.ltv.tracking import holdout_by_frequency, repeat_tracking  # noqa: E402
from cxtools.plots.repeat import (  # noqa: E402
    plot_frequency_recency_matrix,
    plot_holdout_by_frequency,
    plot_probability_alive_matrix,
    plot_repeat_tracking,
)

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"
KW = dict(timestamp="date", calibration_end="1997-09-30", observation_end="1998-06-30")


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})


@pytest.fixture(scope="module")
def cal(log) -> pd.DataFrame:
    return calibration_holdout_summary(log, **KW)


@pytest.fixture(scope="module")
def models(cal):
    return {"bg": BetaGeoModel(time_unit="week").fit(cal), "pn": ParetoNBDModel(time_unit="week").fit(cal)}


@pytest.fixture(scope="module")
def tracks(log, models):
    return {k: repeat_tracking(log, m, **KW) for k, m in models.items()}


@pytest.fixture(scope="module")
def bg():
    cdnow = pd.read_csv(CDNOW / "cdnow_summary.csv", index_col="customer_id")
    return BetaGeoModel(time_unit="week").fit(cdnow)


@pytest.mark.parametrize("cumulative", [False, True])
def test_tracking_plot_shows_the_computed_series(tracks, cumulative):
    fig, ax = plt.subplots()
    plot_repeat_tracking(tracks["bg"], cumulative=cumulative, ax=ax)
    plot_repeat_tracking(tracks["pn"], cumulative=cumulative, show_actual=False, ax=ax)
    col = "_cumulative" if cumulative else ""
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 78]
    assert [ln.get_label() for ln in lines] == ["Actual", "Expected (BG/NBD)", "Expected (Pareto/NBD)"]
    np.testing.assert_array_equal(lines[0].get_ydata(), tracks["bg"].frame[f"actual{col}"])
    np.testing.assert_array_equal(lines[1].get_ydata(), tracks["bg"].frame[f"expected{col}"])
    np.testing.assert_array_equal(lines[2].get_ydata(), tracks["pn"].frame[f"expected{col}"])
    np.testing.assert_array_equal(lines[0].get_xdata(), np.arange(1, 79))
    plt.close(fig)


def test_holdout_by_frequency_plot_shows_the_table(models, cal):
    table = holdout_by_frequency(models["bg"], cal)
    fig, ax = plt.subplots()
    plot_holdout_by_frequency(table, ax=ax)
    actual, expected = ax.get_lines()[:2]
    np.testing.assert_array_equal(actual.get_ydata(), table["actual"].to_numpy())
    np.testing.assert_array_equal(expected.get_ydata(), table["expected"].to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == list(table.index)
    plt.close(fig)


def test_tracking_plot_refuses_anything_but_a_tracking_result(log):
    with pytest.raises(CxParameterError, match="TrackingResult"):
        plot_repeat_tracking(log)


def test_plots_return_axes_with_plain_labels(bg):
    fig, ax = plt.subplots()
    out = plot_probability_alive_matrix(probability_alive_matrix(bg, T=38.86, max_frequency=20), ax=ax)
    assert out is ax and "weeks" in ax.get_ylabel()
    fig2, ax2 = plt.subplots()
    out2 = plot_frequency_recency_matrix(frequency_recency_matrix(bg, t=52, T=38.86), ax=ax2)
    assert out2 is ax2 and "52 weeks" in ax2.get_title()
    plt.close("all")
