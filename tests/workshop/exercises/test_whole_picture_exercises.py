"""Self-checks of notebook 05's exercises: right answers pass, wrong ones get a hint, absent data is said."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxtools import workshop
from cxtools.workshop.exercises import whole_picture  # noqa: F401  (registers the exercises)


def test_enps_uses_the_latest_wave_only():
    emp = pd.DataFrame({"enps": [10, 9, 3, 0, 10, 8, 9], "wave": ["A", "A", "A", "A", "B", "B", "B"]})
    # wave B (the latest): two promoters and a passive -> +66.7; both waves pooled: 4 and 2 of 7 -> +28.6
    assert workshop.check("05-enps", 200 / 3, employees=emp, score="enps", wave="wave", display=False).passed
    wrong = workshop.check("05-enps", 100 * (4 / 7 - 2 / 7), employees=emp, score="enps", wave="wave", display=False)
    assert not wrong.passed and "latest wave" in wrong.message
    assert "Not answered yet" in workshop.check("05-enps", None, employees=emp, display=False).message
    absent = workshop.check("05-enps", 10.0, employees=None, display=False)
    assert absent.answered and "cannot check" in absent.message


def test_unit_correlation_and_invest_count():
    units = pd.DataFrame({"engagement": [3.1, 3.5, 3.9, 4.2, 2.8], "satisfaction": [6.5, 7.0, 7.4, 8.1, 6.0]})
    r = float(np.corrcoef(units["engagement"], units["satisfaction"])[0, 1])
    assert workshop.check("05-unit-correlation", r, units=units, display=False).passed
    assert not workshop.check("05-unit-correlation", r * r, units=units, display=False).passed
    rng = np.random.default_rng(1)
    placed = pd.DataFrame({"value": rng.gamma(2, 100, 90), "sat": rng.integers(1, 11, 90)})
    lo_v, hi_v = placed["value"].quantile([1 / 3, 2 / 3])
    lo_s, hi_s = placed["sat"].quantile([1 / 3, 2 / 3])
    v = np.select([placed["value"] <= lo_v, placed["value"] <= hi_v], [0, 1], 2)
    s = np.select([placed["sat"] <= lo_s, placed["sat"] <= hi_s], [0, 1], 2)
    invest = int(((v + s) >= 3).sum())  # high/high, high/medium, medium/high
    assert workshop.check("05-invest", invest, placed=placed, relationship="sat", display=False).passed
    assert not workshop.check("05-invest", invest + 1, placed=placed, relationship="sat", display=False).passed


def test_monthly_churn_counts_open_contracts_as_time_at_risk():
    subs = pd.DataFrame({"customer_id": ["A", "B"], "start_date": pd.to_datetime(["2025-01-01", "2025-01-01"]),
                         "end_date": pd.to_datetime(["2025-07-02", None])})
    months = (181 + 546) / 30.4375  # B open until 2026-07-01
    expected = 1 - np.exp(-1 / months)
    assert workshop.check("05-monthly-churn", expected, subscriptions=subs, as_of="2026-07-01", display=False).passed
    leavers_only = 1 - np.exp(-1 / (181 / 30.4375))
    assert not workshop.check("05-monthly-churn", leavers_only, subscriptions=subs, as_of="2026-07-01",
                              display=False).passed
