"""Tests of cxtools.ltv.tracking (Fader, Hardie & Lee 2005, Figures 2-4; the figures: tests/plots/test_plots_repeat.py).

Actual counts are checked against the calibration/holdout summary (built by DuckDB in
cxtools.ltv.rfm, and the CDNOW summary file distributed with lifetimes); expected counts
against numerical integration of the individual-level expectations over the mixing
distributions (no hypergeometric functions), summed over the customers' first-purchase days.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy import integrate, special  # noqa: E402

from cxtools.core.errors import CxDataError, CxParameterError  # noqa: E402
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel, holdout_comparison, holdout_errors  # noqa: E402
from cxtools.ltv.rfm import calibration_holdout_summary  # noqa: E402
from cxtools.ltv.tracking import TrackingResult, holdout_by_frequency, repeat_tracking  # noqa: E402

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


def _bgnbd_expected(params, t):
    # FHL 2005 eq. (7): E[X(t) | lambda, p] = (1 - exp(-lambda p t)) / p; the lambda-average
    # is the Gamma Laplace transform, the p-average by adaptive quadrature
    r, alpha, a, b = params
    lb = special.betaln(a, b)

    def f(p):
        return -math.expm1(-r * math.log1p(p * t / alpha)) / p * math.exp(
            (a - 1) * math.log(p) + (b - 1) * math.log1p(-p) - lb)

    return integrate.quad(f, 0, 1, limit=200, epsabs=1e-12, epsrel=1e-10)[0]


def _paretonbd_expected(params, t):
    # E[X(t) | lambda, mu] = lambda / mu (1 - exp(-mu t)), averaged over Gamma(r, alpha), Gamma(s, beta)
    r, alpha, s, beta = params
    lg = s * math.log(beta) - special.gammaln(s)

    def f(mu):
        return -math.expm1(-mu * t) / mu * math.exp(lg + (s - 1) * math.log(mu) - beta * mu)

    return r / alpha * integrate.quad(f, 0, np.inf, limit=200, epsabs=1e-12, epsrel=1e-10)[0]


def test_actual_counts_match_the_summaries(tracks, cal):
    f = tracks["bg"].frame
    assert len(f) == 78 and tracks["bg"].calibration_periods == 39 and tracks["bg"].n_customers == 2357
    summary_file = pd.read_csv(CDNOW / "cdnow_summary.csv")
    assert f.loc[38, "actual_cumulative"] == cal["frequency_cal"].sum() == summary_file["frequency"].sum() == 2457
    assert f["actual"].sum() == cal["frequency_cal"].sum() + cal["frequency_holdout"].sum() == 4339
    assert f.loc[f["holdout"], "actual"].sum() == cal["frequency_holdout"].sum() == 1882
    assert str(f.loc[38, "period_end"].date()) == "1997-09-30" and str(f.loc[77, "period_end"].date()) == "1998-06-30"
    np.testing.assert_allclose(f["actual"].cumsum(), f["actual_cumulative"])


@pytest.mark.parametrize("key, brute", [("bg", _bgnbd_expected), ("pn", _paretonbd_expected)])
def test_expected_counts_match_integration(log, models, tracks, key, brute):
    params = models[key].params_.to_numpy()
    first = pd.to_datetime(log.groupby("customer_id")["date"].min())
    origin = first.min()
    births = (first - origin).dt.days.value_counts()
    f = tracks[key].frame
    for k in (0, 11, 38, 77):  # weeks 1, 12, 39, 78
        last = (f.loc[k, "period_end"] - origin).days
        want = sum(n * brute(params, (last - d) / 7.0) for d, n in births.items() if last > d)
        assert f.loc[k, "expected_cumulative"] == pytest.approx(want, rel=1e-7)
    np.testing.assert_allclose(f["expected"].cumsum(), f["expected_cumulative"], rtol=1e-12)


def test_published_new_customer_expectation_underlies_tracking(models):
    # FHL 2005 spreadsheet: E[X(78)] = 1.8576 for the CDNOW BG/NBD estimates; a cohort of one
    # customer born on day 0 and tracked for 78 weeks + 1 day expects exactly that
    log = pd.DataFrame({"customer_id": ["a"], "date": ["1997-01-01"]})
    track = repeat_tracking(log, models["bg"], timestamp="date", calibration_end="1997-01-01",
                            observation_end="1998-07-01")
    assert track.frame["expected_cumulative"].iloc[-1] == pytest.approx(1.8576, abs=5e-4)
    assert track.frame["actual_cumulative"].iloc[-1] == 0


def test_holdout_by_frequency(models, cal):
    table = holdout_by_frequency(models["bg"], cal)
    ref = holdout_comparison(models["bg"], cal)
    assert list(table.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    np.testing.assert_array_equal(table["expected"].to_numpy(), ref["predicted"].to_numpy())
    np.testing.assert_array_equal(table["actual"].to_numpy(), ref["actual"].to_numpy())
    np.testing.assert_allclose(table["error"], table["expected"] - table["actual"])
    # group means weighted by group sizes give the totals of holdout_errors
    overall = holdout_errors(models["bg"], cal)
    assert table.attrs["overall"] == overall
    assert float((table["customers"] * table["expected"]).sum()) == pytest.approx(overall.predicted_total)
    assert float((table["customers"] * table["actual"]).sum()) == overall.actual_total == 1882


def test_result_interface(tracks):
    t = tracks["bg"]
    assert isinstance(t, TrackingResult)
    rt = t.report_table()
    assert list(rt["Window"]) == ["Calibration", "Holdout"]
    assert rt["Actual repeat transactions"].tolist() == [2457.0, 1882.0]
    assert "39-week holdout" in t.describe() and "BG/NBD" in repr(t)
    assert t.to_frame() is not t.frame


def test_bad_input(log, models):
    with pytest.raises(CxDataError, match="lack a 'timestamp' column"):
        repeat_tracking(log, models["bg"], calibration_end="1997-09-30")
    bad = log.copy()
    bad.loc[3, "date"] = "not a date"
    with pytest.raises(CxDataError, match="unreadable"):
        repeat_tracking(bad, models["bg"], **KW)
    with pytest.raises(CxParameterError, match="must be before"):
        repeat_tracking(log, models["bg"], timestamp="date", calibration_end="1998-09-30",
                        observation_end="1998-06-30")


@pytest.mark.parametrize("cal_end, end", [("1997-09-27", "1998-06-30"), ("1997-06-03", "1998-02-11")])
def test_windows_not_aligned_to_weeks_keep_the_summary_totals(log, cal_end, end):
    cal = calibration_holdout_summary(log, timestamp="date", calibration_end=cal_end, observation_end=end)
    track = repeat_tracking(log, BetaGeoModel(time_unit="week").fit(cal), timestamp="date",
                            calibration_end=cal_end, observation_end=end)
    f = track.frame
    assert f.loc[~f["holdout"], "actual"].sum() == cal["frequency_cal"].sum()
    assert f.loc[f["holdout"], "actual"].sum() == cal["frequency_holdout"].sum()
    assert str(f.loc[~f["holdout"], "period_end"].iloc[-1].date()) == cal_end
    assert str(f["period_end"].iloc[-1].date()) == end
    assert track.n_customers == len(cal)
    # only the first and the last period may be shorter than a week
    gaps = np.diff(f["period_end"].to_numpy()).astype("timedelta64[D]").astype(int)
    assert (gaps[:-1] == 7).all() and 1 <= gaps[-1] <= 7


def test_exclude_leaves_rows_out(log, models):
    flagged = log.assign(refund=False)
    flagged.loc[flagged.index[5:40], "refund"] = True
    a = repeat_tracking(flagged, models["bg"], exclude="refund", **KW)
    b = repeat_tracking(flagged[~flagged["refund"]], models["bg"], **KW)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    with pytest.raises(CxDataError, match="boolean"):
        repeat_tracking(flagged.assign(refund="no"), models["bg"], exclude="refund", **KW)
