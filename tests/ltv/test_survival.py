"""Tests for cxtools.ltv.survival.

References used as independent checks: hand calculation of the Kaplan-Meier
product-limit estimate and Greenwood's variance (Klein & Moeschberger 2003,
sections 4.2 and 4.5); statsmodels' SurvfuncRight and survdiff; numerical
integration of the survival curve for RMST; a hand-written two-group log-rank
statistic (Mantel 1966); simulated censored lifetimes with known truth.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError
from cxtools.ltv.survival import (
    cohort_retention,
    kaplan_meier,
    logrank_test,
    naive_lifetime,
    subscription_durations,
)


@pytest.fixture
def small():
    return pd.DataFrame({"months": [3, 5, 5, 8, 10, 12], "ended": [1, 1, 0, 1, 0, 1]})


def test_kaplan_meier_hand_computed(small):
    km = kaplan_meier(small, duration="months", event="ended", horizon=12)
    tab = km.table
    # product-limit: 5/6, then x 4/5, then x 2/3, then x 0/1
    expected = [5 / 6, 5 / 6 * 4 / 5, 5 / 6 * 4 / 5 * 2 / 3, 0.0]
    np.testing.assert_allclose(tab["survival"], expected)
    assert tab["at_risk"].tolist() == [6, 5, 3, 1]
    # Greenwood: S^2 * sum d / (n (n - d))
    g = np.cumsum([1 / (6 * 5), 1 / (5 * 4), 1 / (3 * 2)])
    np.testing.assert_allclose(tab["se"].iloc[:3], np.array(expected[:3]) * np.sqrt(g))
    # log-log band at the first time, by hand
    s, se = expected[0], tab["se"].iloc[0]
    z = stats.norm.ppf(0.975)
    v = se / (s * abs(np.log(s)))
    assert tab["lower"].iloc[0] == pytest.approx(s ** np.exp(z * v))
    assert tab["upper"].iloc[0] == pytest.approx(s ** np.exp(-z * v))
    assert ((tab["lower"] <= tab["survival"]) & (tab["survival"] <= tab["upper"])).all()
    # RMST: 3*1 + 2*5/6 + 3*2/3 + 4*4/9 = 8.444...
    assert km.summary.loc["all", "rmst"] == pytest.approx(3 + 2 * 5 / 6 + 3 * 2 / 3 + 4 * 4 / 9)
    # median: first time S <= 0.5 is 8
    assert km.summary.loc["all", "median"] == 8
    assert km.to_frame().loc["all", "customers"] == 6
    assert "median 8.0" in repr(km)


def test_kaplan_meier_matches_statsmodels():
    rng = np.random.default_rng(1)
    n = 400
    t = np.round(rng.exponential(20, n), 1)
    e = rng.random(n) < 0.6
    g = rng.choice(["a", "b"], n)
    df = pd.DataFrame({"t": t, "e": e, "g": g})
    km = kaplan_meier(df, duration="t", event="e", by="g")
    for label in ["a", "b"]:
        m = g == label
        sf = SurvfuncRight(t[m], e[m].astype(float))
        tab = km.table[km.table.group == label]
        np.testing.assert_allclose(tab["time"], sf.surv_times)
        np.testing.assert_allclose(tab["survival"], sf.surv_prob)
        np.testing.assert_allclose(tab["se"], sf.surv_prob_se)
        assert km.summary.loc[label, "median"] == pytest.approx(sf.quantile(0.5))
        lo, hi = sf.quantile_ci(0.5)
        assert km.summary.loc[label, "median_lower"] == pytest.approx(lo)
        assert km.summary.loc[label, "median_upper"] == pytest.approx(hi)
    assert km.summary.index.name == "g"
    # default horizon: smallest of the groups' largest times
    assert km.horizon == min(t[g == "a"].max(), t[g == "b"].max())


def test_rmst_matches_numerical_integration():
    rng = np.random.default_rng(7)
    n = 300
    df = pd.DataFrame({"t": rng.weibull(1.3, n) * 30, "e": rng.random(n) < 0.7})
    tau = 40.0
    km = kaplan_meier(df, duration="t", event="e", horizon=tau)
    grid = np.linspace(0, tau, 400001)
    s = km.survival_at(grid)["all"].to_numpy()
    numeric = np.sum(s[:-1] * np.diff(grid))  # left Riemann sum of a right-continuous step
    assert km.summary.loc["all", "rmst"] == pytest.approx(numeric, rel=1e-4)


def test_rmst_se_reduces_to_sample_mean_without_censoring():
    # with no censoring and horizon = last time, RMST is the sample mean and its
    # Greenwood-type variance is sum (x - mean)^2 / n^2
    x = np.array([2.0, 3.5, 4.0, 7.0, 9.5, 11.0, 15.0, 20.0])
    km = kaplan_meier(pd.DataFrame({"t": x, "e": 1}), duration="t", event="e", horizon=x.max())
    assert km.summary.loc["all", "rmst"] == pytest.approx(x.mean())
    assert km.summary.loc["all", "rmst_se"] == pytest.approx(np.std(x) / np.sqrt(len(x)))


def test_naive_mean_is_biased_but_kaplan_meier_is_not():
    # exponential lifetimes (mean 36 months), customers joining evenly over 7.5 years,
    # observed until the end of the window: about half still active
    rng = np.random.default_rng(2026)
    n = 4000
    life = rng.exponential(36.0, n)
    joined_months_ago = rng.uniform(0, 90, n)
    observed = np.minimum(life, joined_months_ago)
    df = pd.DataFrame({"months": observed, "ended": life <= joined_months_ago})
    naive = naive_lifetime(df, duration="months", event="ended").loc["all"]
    tau = 60.0
    km = kaplan_meier(df, duration="months", event="ended", horizon=tau).summary.loc["all"]
    true_rmst = 36.0 * (1 - np.exp(-tau / 36.0))
    true_median = 36.0 * np.log(2)
    assert abs(km["rmst"] - true_rmst) < 3 * km["rmst_se"]
    assert abs(km["median"] - true_median) < 3.0
    assert km["median_lower"] <= true_median <= km["median_upper"]
    # the naive means are far below the true mean lifetime of 36 months
    assert naive["share_still_active"] > 0.3
    assert naive["mean_closed"] < 0.75 * 36.0
    assert naive["mean_all_as_if_closed"] < 0.8 * 36.0
    assert naive["customers"] == n == naive["closed"] + naive["still_active"]


def _logrank_by_hand(t, e, g):
    """Two-group log-rank chi-square: (O - E)^2 / V over distinct event times."""
    times = np.unique(t[e])
    o_minus_e, var = 0.0, 0.0
    for tj in times:
        at_risk = t >= tj
        n = at_risk.sum()
        n1 = (at_risk & (g == 1)).sum()
        d = ((t == tj) & e).sum()
        d1 = ((t == tj) & e & (g == 1)).sum()
        o_minus_e += d1 - d * n1 / n
        if n > 1:
            var += d * (n1 / n) * (1 - n1 / n) * (n - d) / (n - 1)
    chi2 = o_minus_e**2 / var
    return chi2, stats.chi2.sf(chi2, 1)


def test_logrank_against_hand_computation_and_survdiff():
    rng = np.random.default_rng(3)
    n = 150
    g = rng.integers(0, 2, n)
    t = np.round(rng.exponential(np.where(g == 1, 30, 20)), 0) + 1
    e = rng.random(n) < 0.75
    df = pd.DataFrame({"t": t, "e": e, "g": g})
    res = logrank_test(df, duration="t", event="e", by="g")
    chi2, p = _logrank_by_hand(t, e, g)
    assert res.statistic == pytest.approx(chi2, rel=1e-8)
    assert res.p_value == pytest.approx(p, rel=1e-8)
    sm_chi2, sm_p = survdiff(t, e.astype(float), g)
    assert res.p_value == pytest.approx(sm_p) and res.statistic == pytest.approx(sm_chi2)
    assert res.df == 1 and res.n == n and res.groups == (0, 1)
    assert res.to_frame().loc[0, "p_value"] == res.p_value


def test_logrank_three_groups_matches_survdiff():
    rng = np.random.default_rng(4)
    n = 300
    g = rng.choice([1, 2, 3], n)
    t = rng.exponential(g * 10.0)
    e = rng.random(n) < 0.8
    res = logrank_test(pd.DataFrame({"t": t, "e": e, "g": g}), duration="t", event="e", by="g")
    sm_chi2, sm_p = survdiff(t, e.astype(float), g)
    assert res.df == 2
    assert res.statistic == pytest.approx(sm_chi2) and res.p_value == pytest.approx(sm_p)


def test_subscription_durations_events_and_censoring():
    subs = pd.DataFrame(
        {
            "start_date": ["2026-01-01", "2026-01-01", "2026-03-01", "2025-06-30"],
            "end_date": ["2026-01-31", None, "2026-12-31", ""],
        },
        index=[10, 11, 12, 13],
    )
    out = subscription_durations(subs, as_of="2026-06-30", time_unit="day")
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out["event"].tolist() == [True, False, False, False]
    # end after as_of: still active on as_of, censored there
    assert out["duration_days"].tolist() == [30, 180, 121, 365]
    months = subscription_durations(subs, as_of="2026-06-30")["duration_months"]
    assert months.iloc[3] == pytest.approx(365 / (365.25 / 12))


def test_subscription_durations_errors_name_rows():
    ok = {"start_date": ["2026-01-01", "2026-02-01"], "end_date": [None, None]}
    with pytest.raises(CxDataError, match=r"rows 1 end before they start"):
        subscription_durations(pd.DataFrame({**ok, "end_date": [None, "2026-01-15"]}), as_of="2026-06-30")
    with pytest.raises(CxDataError, match=r"subscription_durations: column 'start_date' of subscriptions \(contract start date\) cannot be read as dates in rows 0 \(values \['yesterday'\]\)"):
        subscription_durations(pd.DataFrame({**ok, "start_date": ["yesterday", "2026-02-01"]}), as_of="2026-06-30")
    with pytest.raises(CxDataError, match="start after as_of"):
        subscription_durations(pd.DataFrame(ok), as_of="2026-01-15")
    with pytest.raises(CxDataError, match="missing dates"):
        subscription_durations(pd.DataFrame({**ok, "start_date": [None, "2026-02-01"]}), as_of="2026-06-30")
    with pytest.raises(CxSchemaError, match="'end_date'"):
        subscription_durations(pd.DataFrame({"start_date": ["2026-01-01"]}), as_of="2026-06-30")
    with pytest.raises(CxEmptyDataError):
        subscription_durations(pd.DataFrame({"start_date": [], "end_date": []}), as_of="2026-06-30")
    with pytest.raises(CxParameterError, match="time_unit must be one of .* got 'decade'"):
        subscription_durations(pd.DataFrame(ok), as_of="2026-06-30", time_unit="decade")


def test_kaplan_meier_input_errors(small):
    with pytest.raises(CxDataError, match=r"'ended' must be True/False or 1/0.*rows 2 hold \['maybe'\]"):
        kaplan_meier(small.assign(ended=[1, 1, "maybe", 1, 0, 1]), duration="months", event="ended")
    with pytest.raises(CxDataError, match=r"'months' of data has 1 value\(s\) that are not finite numbers of at least 0: values \[-1.0\] in rows 0"):
        kaplan_meier(small.assign(months=[-1, 5, 5, 8, 10, 12]), duration="months", event="ended")
    with pytest.raises(CxDataError, match=r"'months' of data has 1 missing value\(s\) in rows 1"):
        kaplan_meier(small.assign(months=[3, None, 5, 8, 10, 12]), duration="months", event="ended")
    with pytest.raises(CxSchemaError, match="'segment'"):
        kaplan_meier(small, duration="months", event="ended", by="segment")
    with pytest.raises(CxParameterError, match="confidence must be between 0 and 1.*did you mean 0.05"):
        kaplan_meier(small, duration="months", event="ended", confidence=5)
    with pytest.raises(CxParameterError, match="alpha must be between 0 and 1"):
        kaplan_meier(small, duration="months", event="ended", alpha=5)
    with pytest.raises(CxDataError, match="only one group"):
        logrank_test(small.assign(g="x"), duration="months", event="ended", by="g")


def test_horizon_beyond_the_data_warns(small):
    from cxtools.core.errors import CxDataWarning

    with pytest.warns(CxDataWarning, match="beyond the longest observed time"):
        kaplan_meier(small, duration="months", event="ended", horizon=20)


def test_median_not_reached_is_nan_not_error():
    df = pd.DataFrame({"t": [1, 2, 3, 4, 5, 6], "e": [1, 0, 0, 0, 0, 0]})
    km = kaplan_meier(df, duration="t", event="e")
    assert np.isnan(km.summary.loc["all", "median"])
    assert "not reached" in repr(km)


def test_cohort_retention_censoring_left_empty():
    subs = pd.DataFrame(
        {
            "start_date": ["2025-01-10", "2025-01-25", "2025-01-31", "2026-04-02", "2026-04-20"],
            "end_date": ["2025-02-15", "2025-06-30", None, "2026-05-10", None],
        }
    )
    tab = cohort_retention(subs, as_of="2026-06-30", periods=18)
    assert tab.index.tolist() == ["2025-01", "2026-04"]
    assert tab["customers"].tolist() == [3, 2]
    jan = tab.loc["2025-01"]
    # 2025-01-10 + 1 month = 2025-02-10 < end 2025-02-15: still active at month 1, gone at month 2
    assert jan[1] == 1.0 and jan[2] == pytest.approx(2 / 3)
    # 2025-01-25 ends 2025-06-30: gone from month 6 (2025-07-25 > end) -- active at 5 (2025-06-25)
    assert jan[5] == pytest.approx(2 / 3) and jan[6] == pytest.approx(1 / 3)
    # 2025-01-31 + 17 months = 2026-06-30 (observable), + 18 months is after as_of
    assert jan[17] == pytest.approx(1 / 3) and np.isnan(jan[18])
    apr = tab.loc["2026-04"]
    # April 2026 cohort: observable up to month 2 only (2026-04-30 + 2 months = 2026-06-30)
    # 2026-04-02 + 1 month = 2026-05-02, before its end on 2026-05-10
    assert apr[1] == 1.0 and apr[2] == 0.5
    assert apr[[k for k in range(3, 19)]].isna().all()
    # retention never rises along a row
    values = tab.drop(columns="customers").to_numpy(dtype=float)
    diffs = np.diff(values, axis=1)
    assert np.all(diffs[np.isfinite(diffs)] <= 0)


def test_cohort_retention_by_quarter_and_errors():
    subs = pd.DataFrame({"start_date": ["2025-01-10", "2025-03-25"], "end_date": [None, "2025-05-01"]})
    tab = cohort_retention(subs, as_of="2026-06-30", cohort="start quarter", periods=3)
    assert tab.index.name == "start quarter" and tab.index.tolist() == ["2025Q1"]
    assert tab.loc["2025Q1", 2] == 0.5
    with pytest.raises(CxParameterError, match="cohort"):
        cohort_retention(subs, as_of="2026-06-30", cohort="signup week")
    with pytest.raises(CxParameterError, match="periods"):
        cohort_retention(subs, as_of="2026-06-30", periods=-1)


def test_sample_data_lifetimes_recover_planted_truth():
    """Integration: the sample generator plants sBG lifetimes (a = 3, b per number of
    products, mean 36 / 60 / 84 months); with the survey link switched off,
    P(lifetime > t months) = B(a, b + t) / B(a, b) exactly."""
    from scipy.special import betaln

    from cxtools.data.samples import make_sample_data

    data = make_sample_data(8000, seed=11, satisfaction_churn_link=0.0)
    truth = data.truth["churn"]
    durations = subscription_durations(data.subscriptions, as_of=data.truth["as_of"])
    km = kaplan_meier(durations, duration="duration_months", event="event", by="n_products", horizon=60)
    a = truth["sbg_a"]
    for k in (1, 2, 3):
        b = truth["sbg_b"][str(k)]
        tab = km.table[km.table.group == k]
        for t in (12, 24, 48):
            i = np.searchsorted(tab["time"].to_numpy(), t, side="right") - 1
            planted = np.exp(betaln(a, b + t) - betaln(a, b))
            assert abs(tab["survival"].iloc[i] - planted) < 3.5 * tab["se"].iloc[i] + 0.005
    rmst = km.summary["rmst"]
    assert rmst.loc[1] < rmst.loc[2] < rmst.loc[3]
    assert logrank_test(durations, duration="duration_months", event="event", by="n_products").p_value < 1e-6
    naive = naive_lifetime(durations, duration="duration_months", event="event", by="n_products")
    for k, mean in truth["mean_lifetime_months"].items():
        assert naive.loc[int(k), "mean_closed"] < 0.6 * mean


def test_logrank_p_value_is_never_rounded_to_zero():
    # a very large difference: survdiff's 1 - cdf gives exactly 0; the upper tail keeps the true p
    rng = np.random.default_rng(5)
    g = np.repeat([0, 1], 400)
    t = rng.exponential(np.where(g == 1, 60.0, 5.0))
    df = pd.DataFrame({"t": t, "e": True, "g": g})
    res = logrank_test(df, duration="t", event="e", by="g")
    _, sm_p = survdiff(t, np.ones(len(t)), g)
    assert sm_p == 0.0
    assert 0 < res.p_value < 1e-30
    assert res.p_value == pytest.approx(stats.chi2.sf(res.statistic, 1), rel=1e-12)
    assert "p < 0.001" in res.describe() and "differ by more than chance" in res.describe()


def test_old_keyword_and_attribute_names_warn(small):
    new = kaplan_meier(small, duration="months", event="ended", confidence=0.9, time_unit="week")
    with pytest.warns(FutureWarning, match="'alpha' is now called 'confidence'"):
        old = kaplan_meier(small, duration="months", event="ended", alpha=0.1, time_unit="week")
    pd.testing.assert_frame_equal(old.table, new.table)
    assert old.confidence == pytest.approx(0.9)
    with pytest.warns(FutureWarning, match="'unit' is now called 'time_unit'"):
        assert kaplan_meier(small, duration="months", event="ended", unit="week").time_unit == "week"
    with pytest.warns(FutureWarning, match="alpha is replaced by confidence"):
        assert new.alpha == pytest.approx(0.1)
    with pytest.warns(FutureWarning, match="unit is now called time_unit"):
        assert new.unit == "week"
    subs = pd.DataFrame({"start_date": ["2026-01-01"], "end_date": ["2026-01-31"]})
    with pytest.warns(FutureWarning, match="'unit' is now called 'time_unit'"):
        assert "duration_days" in subscription_durations(subs, as_of="2026-06-30", unit="day")


def test_kaplan_meier_report_table_and_describe_use_the_summary(small):
    km = kaplan_meier(small, duration="months", event="ended", horizon=12)
    row = km.summary.loc["all"]
    table = km.report_table()
    assert table.loc["all", "Average months within the first 12"] == round(row["rmst"], 1)
    assert table.loc["all", "95% interval"] == f"{row['rmst_lower']:.1f} to {row['rmst_upper']:.1f}"
    assert f"{row['rmst']:.1f} months on average" in km.describe()
    assert "<table" in km._repr_html_()


def test_constant_churn_rate_never_exceeds_one_per_period():
    """Regression: contracts shorter than a month gave leavers / months = 2 'per month'."""
    from cxtools.ltv.survival import constant_churn_rate

    short = pd.DataFrame({"months": [0.5] * 10 + [0.2] * 5, "ended": [True] * 15, "g": ["a"] * 10 + ["b"] * 5})
    out = constant_churn_rate(short, duration="months", event="ended", by="g")
    assert (out["churn_rate"] < 1).all() and (out["churn_rate"] > 0).all()
    # exponential model: hazard = leavers / time at risk, churn per period = 1 - exp(-hazard)
    assert out.loc["a", "hazard"] == pytest.approx(10 / 5.0)
    assert out.loc["a", "churn_rate"] == pytest.approx(1 - np.exp(-2.0))
    assert out.loc["b", "churn_rate"] == pytest.approx(1 - np.exp(-5.0))
    # a small rate is close to leavers / months
    slow = pd.DataFrame({"months": [50.0, 50.0], "ended": [True, False]})
    assert constant_churn_rate(slow, duration="months", event="ended")["churn_rate"].iloc[0] == pytest.approx(
        1 - np.exp(-0.01))
