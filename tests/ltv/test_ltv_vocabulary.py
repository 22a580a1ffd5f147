"""cxtools.ltv speaks the one vocabulary: time units by name, 95% intervals, moved names kept for a release."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

from cxtools.core.vocabulary import DAYS_PER_UNIT
from cxtools.ltv.discounting import annual_to_period_rate
from cxtools.ltv.models import BetaGeoModel, customer_lifetime_value
from cxtools.ltv.rfm import rfm_summary
from cxtools.ltv.survival import kaplan_meier, subscription_durations

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})


def test_the_old_letters_still_work_with_a_future_warning(log):
    new = rfm_summary(log, timestamp="date", observation_end="1998-06-30", time_unit="week")
    with pytest.warns(FutureWarning, match="'W' is now written 'week'"):
        old = rfm_summary(log, timestamp="date", observation_end="1998-06-30", time_unit="W")
    pd.testing.assert_frame_equal(old, new)
    assert new.attrs["time_unit"] == old.attrs["time_unit"] == "week"
    with pytest.warns(FutureWarning, match="'D' is now written 'day'"):
        assert BetaGeoModel(time_unit="D").time_unit == "day"


def test_a_summary_marked_with_an_old_letter_still_fits_its_model(log):
    summary = rfm_summary(log, timestamp="date", observation_end="1998-06-30")
    summary.attrs["time_unit"] = "W"  # written before the vocabulary
    assert BetaGeoModel(time_unit="week").fit(summary).time_unit == "week"


def test_a_quarter_is_a_time_unit_everywhere(log):
    q = rfm_summary(log, timestamp="date", observation_end="1998-06-30", time_unit="quarter")
    d = rfm_summary(log, timestamp="date", observation_end="1998-06-30", time_unit="day")
    pd.testing.assert_series_equal(q["T"], d["T"] / DAYS_PER_UNIT["quarter"], check_exact=False)
    assert annual_to_period_rate(0.1, time_unit="quarter") == pytest.approx(1.1 ** 0.25 - 1)
    subs = pd.DataFrame({"start_date": ["2024-01-01", "2024-02-01"], "end_date": ["2024-07-01", None]})
    durations = subscription_durations(subs, as_of="2024-12-31", time_unit="quarter")
    assert "duration_quarters" in durations.columns
    assert kaplan_meier(durations, duration="duration_quarters", event="event", time_unit="quarter").time_unit \
        == "quarter"


def test_intervals_are_95_percent_unless_asked():
    from cxtools.ltv.covariates import covariate_lifetime_value, covariate_value_shift
    from cxtools.ltv.scoring import score_customers

    for func in (customer_lifetime_value, score_customers, covariate_lifetime_value, covariate_value_shift):
        assert inspect.signature(func).parameters["confidence"].default == 0.95, func.__name__


@pytest.mark.parametrize("old, new, name", [
    ("plots", "cxtools.plots.ltv", "plot_survival"),
    ("repeat_plots", "cxtools.plots.repeat", "plot_repeat_tracking"),
    ("findings", "cxtools.narrative.ltv", "business_summary"),
])
def test_moved_modules_answer_at_their_old_names_for_one_release(old, new, name):
    import importlib

    import cxtools.ltv

    with pytest.warns(FutureWarning, match=new):
        module = getattr(cxtools.ltv, old)
    assert module is importlib.import_module(new)
    with pytest.warns(FutureWarning, match=new):
        assert getattr(cxtools.ltv, name) is getattr(module, name)
