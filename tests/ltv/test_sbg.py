"""Tests for cxtools.ltv.sbg against Fader & Hardie's published results.

Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention.
Journal of Interactive Marketing, 21(1), 76-90: survivor counts of a cohort of
1000 "regular" and 1000 "high end" customers over 12 years (their Table 1);
fitted on years 1-7 the maximum-likelihood estimates are alpha = 0.704,
beta = 1.182 (regular) and alpha = 0.668, beta = 3.806 (high end).
DEL / DERL closed forms (Fader & Hardie 2010, eqs. 4 and 6) are checked against
direct sums of discounted survival probabilities.
"""

import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxConvergenceError, CxDataError, CxParameterError
from cxtools.ltv.sbg import ShiftedBetaGeometricModel

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


@pytest.mark.parametrize(
    "counts,alpha,beta",
    [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)],
    ids=["regular", "high end"],
)
def test_published_estimates(counts, alpha, beta):
    m = ShiftedBetaGeometricModel(time_unit="year").fit(counts[:8])
    assert round(m.params_["alpha"], 3) == alpha
    assert round(m.params_["beta"], 3) == beta
    assert np.all(np.isfinite(m.params_)) and np.all(m.standard_errors_ > 0)
    assert m.n_customers_ == 1000 and m.n_periods_ == 7
    assert m.n_churned_ == 1000 - counts[7]


@pytest.mark.parametrize("counts", [REGULAR, HIGH_END], ids=["regular", "high end"])
def test_projection_of_years_8_to_12(counts):
    # Fader & Hardie (2007): fitted on 7 years, the model tracks years 8-12 closely
    m = ShiftedBetaGeometricModel(time_unit="year").fit(counts[:8])
    projected = m.survival(np.arange(8, 13))
    actual = np.array(counts[8:]) / 1000
    # (the paper notes a slight under-projection for the high-end cohort)
    assert np.max(np.abs(projected - actual)) < (0.005 if counts is REGULAR else 0.02)
    if counts is REGULAR:
        # a constant retention rate (the last one observed) falls much further behind
        naive = counts[7] / 1000 * (counts[7] / counts[6]) ** np.arange(1, 6)
        assert np.max(np.abs(naive - actual)) > 3 * np.max(np.abs(projected - actual))


def test_same_fit_from_shares_with_cohort_size():
    shares = np.array(REGULAR[:8]) / 10  # percentages
    m = ShiftedBetaGeometricModel().fit(shares, cohort_size=1000)
    assert round(m.params_["alpha"], 3) == 0.704 and round(m.params_["beta"], 3) == 1.182
    with pytest.raises(CxDataError, match="cohort_size"):
        ShiftedBetaGeometricModel().fit(np.array(REGULAR[:8]) / 1000)


def test_individual_records_give_the_same_fit_as_the_cohort_table():
    counts = np.array(REGULAR[:8])
    lost = counts[:-1] - counts[1:]
    durations = np.concatenate([np.repeat(np.arange(1, 8), lost), np.full(counts[-1], 7)])
    churned = np.concatenate([np.ones(lost.sum(), bool), np.zeros(counts[-1], bool)])
    a = ShiftedBetaGeometricModel().fit(counts)
    b = ShiftedBetaGeometricModel().fit(durations=durations, churned=churned)
    np.testing.assert_allclose(b.params_, a.params_, rtol=1e-5)
    np.testing.assert_allclose(b.standard_errors_, a.standard_errors_, rtol=1e-3)
    assert b.log_likelihood_ == pytest.approx(a.log_likelihood_)


def test_recovers_planted_parameters_with_censoring():
    rng = np.random.default_rng(11)
    n, alpha, beta = 20000, 0.9, 2.5
    theta = rng.beta(alpha, beta, n)
    T = rng.geometric(theta)  # period of leaving, >= 1
    observed_for = rng.integers(1, 37, n)  # staggered starts: 1..36 periods of history
    churned = T <= observed_for
    durations = np.where(churned, T, observed_for)
    m = ShiftedBetaGeometricModel(time_unit="month").fit(durations=durations, churned=churned)
    assert abs(m.params_["alpha"] - alpha) < 3 * m.standard_errors_["alpha"]
    assert abs(m.params_["beta"] - beta) < 3 * m.standard_errors_["beta"]


def test_standard_errors_from_independent_finite_difference_hessian():
    from cxtools.ltv.sbg import _log_likelihood

    counts = np.array(HIGH_END[:8], dtype=float)
    m = ShiftedBetaGeometricModel().fit(counts)
    t = np.arange(1, 8)
    w = counts[:-1] - counts[1:]

    def ll(p):
        return _log_likelihood(p[0], p[1], t, w, np.array([7]), np.array([counts[-1]]))

    p0, h = m.params_.to_numpy(), 1e-4
    H = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            H[i, j] = (ll(p0 + ei + ej) - ll(p0 + ei - ej) - ll(p0 - ei + ej) + ll(p0 - ei - ej)) / (4 * h * h)
    se = np.sqrt(np.diag(np.linalg.inv(-H)))
    np.testing.assert_allclose(m.standard_errors_.to_numpy(), se, rtol=1e-3)
    frame = m.summary()
    assert (frame["lower_95%"] < frame["estimate"]).all() and (frame["estimate"] < frame["upper_95%"]).all()


def test_survival_retention_and_churn_are_consistent():
    m = ShiftedBetaGeometricModel.from_params(0.704, 1.182)
    t = np.arange(1, 30)
    s = m.survival(np.arange(0, 30))
    # recursion of eq. 7/8: S(t) = S(t-1) * r_t, P(T=t) = S(t-1) - S(t)
    np.testing.assert_allclose(s[1:], np.cumprod(m.retention(t)))
    np.testing.assert_allclose(m.churn_probability(t), s[:-1] - s[1:])
    assert s[0] == 1.0
    assert np.all(np.diff(m.retention(t)) > 0)  # cohort retention rises over time


def _direct(m, start, d, n=200000):
    t = np.arange(start, start + n)
    return np.sum(m.survival(t) * np.exp(-(t - start) * np.log1p(d)))


@pytest.mark.parametrize("d", [0.1, 0.01])
def test_del_matches_direct_sum(d):
    m = ShiftedBetaGeometricModel.from_params(0.704, 1.182)
    direct = _direct(m, 0, d)
    assert m.discounted_expected_lifetime(discount_rate=d) == pytest.approx(direct, rel=1e-6)
    assert m.discounted_expected_lifetime(margin=100, discount_rate=d) == pytest.approx(100 * direct, rel=1e-6)


@pytest.mark.parametrize("renewals", [0, 1, 4, 10])
@pytest.mark.parametrize("d", [0.1, 0.0079])
def test_derl_matches_direct_sum(renewals, d):
    m = ShiftedBetaGeometricModel.from_params(0.668, 3.806)
    n = renewals + 1
    t = np.arange(n, n + 200000)
    direct = np.sum(m.survival(t) / m.survival(n - 1) * np.exp(-(t - n) * np.log1p(d)))
    assert m.derl(discount_rate=d, renewals_so_far=renewals) == pytest.approx(direct, rel=1e-6)


def test_derl_properties():
    m = ShiftedBetaGeometricModel.from_params(0.704, 1.182)
    d = 0.1
    values = m.derl(margin=50, discount_rate=d, renewals_so_far=np.arange(0, 10))
    assert np.all(np.diff(values) > 0)  # survivors are the loyal ones
    # DEL = first payment + discounted DERL after the first renewal decision
    assert m.discounted_expected_lifetime(discount_rate=d) == pytest.approx(1 + m.derl(discount_rate=d) / (1 + d))


def test_expected_lifetime():
    m = ShiftedBetaGeometricModel.from_params(3.0, 4.0)
    assert m.expected_lifetime() == pytest.approx(np.sum(m.survival(np.arange(0, 200000))), rel=1e-4)
    assert m.expected_lifetime(horizon=5) == pytest.approx(np.sum(m.survival(np.arange(5))))
    assert m.derl(discount_rate=0, renewals_so_far=2) == pytest.approx(
        np.sum(m.survival(np.arange(3, 400000))) / m.survival(2), rel=1e-4
    )
    heavy = ShiftedBetaGeometricModel.from_params(0.7, 1.2)
    with pytest.raises(CxParameterError, match="infinite"):
        heavy.expected_lifetime()
    with pytest.raises(CxParameterError, match="infinite"):
        heavy.discounted_expected_lifetime(discount_rate=0)


def test_no_churn_raises_convergence_error():
    with pytest.raises(CxConvergenceError, match="no customer left.*Try"):
        ShiftedBetaGeometricModel().fit([500, 500, 500, 500])


def test_constant_churn_cannot_identify_heterogeneity():
    # a homogeneous cohort losing exactly 30 % each period: alpha, beta -> infinity
    counts = 100000 * 0.7 ** np.arange(0, 10)
    with pytest.raises(CxConvergenceError, match="constant churn rate fits.*Try"):
        ShiftedBetaGeometricModel().fit(counts, cohort_size=100000)


def test_bad_inputs():
    with pytest.raises(CxDataError, match="rise at periods \\[2\\]"):
        ShiftedBetaGeometricModel().fit([100, 80, 90])
    with pytest.raises(CxDataError, match="fractional"):
        ShiftedBetaGeometricModel().fit(durations=[1.5, 2], churned=[True, False])
    with pytest.raises(CxDataError, match="period 1 or later"):
        ShiftedBetaGeometricModel().fit(durations=[0, 2], churned=[True, False])
    with pytest.raises(CxParameterError, match="churned"):
        ShiftedBetaGeometricModel().fit(durations=[1, 2])
    with pytest.raises(CxParameterError, match="not both"):
        ShiftedBetaGeometricModel().fit([100, 50], durations=[1], churned=[True])
    with pytest.raises(CxParameterError, match="not fitted"):
        ShiftedBetaGeometricModel().survival(3)
    assert "not fitted" in repr(ShiftedBetaGeometricModel())


def test_discretise_fractional_durations():
    m = ShiftedBetaGeometricModel().fit(durations=[0.2, 1.0, 2.5, 3.9, 5.5, 7.2], churned=[1, 1, 1, 0, 1, 0],
                                   discretise=True)
    # leavers in periods 1, 1, 3, 6; still active after 3 and 7 completed periods
    ref = ShiftedBetaGeometricModel().fit(durations=[1, 1, 3, 3, 6, 7], churned=[1, 1, 1, 0, 1, 0])
    np.testing.assert_allclose(m.params_, ref.params_)


def test_repr_is_readable():
    m = ShiftedBetaGeometricModel(time_unit="year").fit(REGULAR[:8])
    text = repr(m)
    assert "alpha=0.704" in text and "beta=1.182" in text and "7 years" in text


def test_sample_data_planted_sbg_recovered():
    """Integration: the sample generator's lifetimes are sBG(a = 3, b = 70) for one-product
    customers (monthly renewals), observed with censoring; the survey link is off here."""
    from cxtools.ltv.survival import subscription_durations
    from cxtools.data.samples import make_sample_data

    data = make_sample_data(8000, seed=5, satisfaction_churn_link=0.0)
    subs = subscription_durations(data.subscriptions, as_of=data.truth["as_of"])
    one = subs[subs["n_products"] == 1]
    m = ShiftedBetaGeometricModel(time_unit="month").fit(
        durations=one["duration_months"], churned=one["event"], discretise=True
    )
    planted = ShiftedBetaGeometricModel.from_params(data.truth["churn"]["sbg_a"], data.truth["churn"]["sbg_b"]["1"])
    t = np.array([6, 12, 24, 48])
    np.testing.assert_allclose(m.survival(t), planted.survival(t), atol=0.03)
    # alpha and beta are strongly correlated; their ratio (mean churn) is well pinned down
    mean_churn = m.params_["alpha"] / m.params_.sum()
    assert mean_churn == pytest.approx(3 / 73, rel=0.1)


def test_intervals_stay_positive_on_the_log_scale():
    # a small cohort: standard errors comparable to the estimates, where a +- z se would go below 0
    m = ShiftedBetaGeometricModel(time_unit="year").fit([100, 63, 47, 38])
    frame = m.summary()
    assert (frame["standard_error"] > 0.5 * frame["estimate"]).any()
    assert (frame["lower_95%"] > 0).all()
    z = 1.959963984540054
    np.testing.assert_allclose(np.log(frame["upper_95%"] / frame["estimate"]), z * frame["standard_error"] / frame["estimate"])
    np.testing.assert_allclose(np.log(frame["estimate"] / frame["lower_95%"]), z * frame["standard_error"] / frame["estimate"])


def test_old_names_keep_working_for_one_release():
    counts = [1000, 631, 468, 382, 326, 289, 262, 241]
    with pytest.warns(FutureWarning, match="ShiftedBetaGeometric is now called ShiftedBetaGeometricModel"):
        from cxtools.ltv.sbg import ShiftedBetaGeometric
    assert ShiftedBetaGeometric is ShiftedBetaGeometricModel
    with pytest.warns(FutureWarning, match="'period' is now called 'time_unit'"):
        m = ShiftedBetaGeometricModel(period="year").fit(counts)
    assert m.time_unit == "year"
    with pytest.warns(FutureWarning, match="se_ is now called standard_errors_"):
        pd.testing.assert_series_equal(m.se_, m.standard_errors_)
    with pytest.warns(FutureWarning, match="'alpha_level' is now called 'confidence'"):
        old = m.to_frame(alpha_level=0.1)
    pd.testing.assert_frame_equal(old, m.summary(confidence=0.9))
    assert list(old.columns) == ["estimate", "standard_error", "lower_90%", "upper_90%"]
