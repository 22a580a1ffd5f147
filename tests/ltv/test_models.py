"""Tests of cxtools.ltv.models against published CDNOW results and independent integrals.

Sources of the reference numbers:
- BG/NBD: Fader, Hardie & Lee (2005), Marketing Science 24(2), section 4: r = 0.243,
  alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4; their spreadsheet: E[Y(39) | x=2,
  t_x=30.43, T=38.86] = 1.226 and E[X(t)] at t = 0.1429 ... 78 weeks.
- Pareto/NBD: Fader & Hardie (2005), "Implementing the Pareto/NBD model in MATLAB" (note
  008): r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67, LL = -9595.0; BTYD walkthrough
  (Dziurzynski, Wadsworth & McCarthy 2014): P(alive | 26, 30.86, 31) = 0.9979 and
  E[Y(52) | 26, 30.86, 31] = 25.46; BTYD manual: E[X(t)] for t = 0..9.
- Gamma-Gamma: Fader & Hardie (2013), "The Gamma-Gamma model of monetary value" (note
  025): p = 6.25, q = 3.74, gamma = 15.44.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats

from cxtools.core.errors import CxConvergenceError, CxDataError, CxParameterError
from cxtools.ltv.models import (
    BetaGeoModel,
    GammaGammaModel,
    HoldoutErrors,
    ParetoNBDModel,
    customer_lifetime_value,
    holdout_comparison,
    holdout_errors,
)

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_summary.csv", index_col="customer_id")


@pytest.fixture(scope="module")
def bg(cdnow) -> BetaGeoModel:
    return BetaGeoModel(time_unit="week").fit(cdnow)


@pytest.fixture(scope="module")
def pn(cdnow) -> ParetoNBDModel:
    return ParetoNBDModel(time_unit="week").fit(cdnow)


@pytest.fixture(scope="module")
def gg(cdnow) -> GammaGammaModel:
    return GammaGammaModel().fit(cdnow[cdnow["frequency"] > 0])


# ----------------------------------------------------------------------------- BG/NBD
def test_bgnbd_reproduces_fader_hardie_lee_2005(bg):
    np.testing.assert_allclose(bg.params_.to_numpy(), [0.243, 4.414, 0.793, 2.426], atol=5e-4)
    assert bg.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    assert bg.converged_ and bg.n_customers_ == 2357
    assert list(bg.params_.index) == ["r", "alpha", "a", "b"]
    assert (bg.standard_errors_ > 0).all()


def test_bgnbd_predictions_match_fhl_spreadsheet(bg):
    one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    assert float(bg.expected_purchases(39, one).iloc[0]) == pytest.approx(1.226, abs=5e-4)
    times = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00])
    np.testing.assert_allclose(bg.expected_purchases_new_customer(times),
                               [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576], atol=5e-4)
    assert float(bg.probability_alive((0, 0, 10)).iloc[0]) == 1.0


def _bgnbd_lik_by_integration(params, x, tx, T):
    # individual likelihood (FHL 2005 eq. 3) averaged over p ~ Beta(a, b) by quadrature and
    # over lambda ~ Gamma(r, alpha) by quadrature: no hypergeometric or beta-function algebra
    r, alpha, a, b = params

    def over_lambda(tau):
        def f(lam):
            return lam**x * np.exp(-lam * tau) * stats.gamma.pdf(lam, r, scale=1 / alpha)

        return integrate.quad(f, 0, np.inf, epsabs=1e-15, epsrel=1e-11, limit=200)[0]

    def over_p(g):
        return integrate.quad(lambda p: g(p) * stats.beta.pdf(p, a, b), 0, 1, epsabs=1e-15, epsrel=1e-11)[0]

    val = over_p(lambda p: (1 - p) ** x) * over_lambda(T)
    if x > 0:
        val += over_p(lambda p: p * (1 - p) ** (x - 1)) * over_lambda(tx)
    return np.log(val)


@pytest.mark.parametrize(("x", "tx", "T"), [(0, 0.0, 30.0), (2, 30.43, 38.86), (7, 5.0, 20.0)])
def test_bgnbd_likelihood_equals_direct_integration(bg, x, tx, T):
    params = np.array([0.9, 3.0, 1.3, 2.2])
    ll = bg._loglik(params, np.array([float(x)]), np.array([tx]), np.array([T]))
    assert ll[0] == pytest.approx(_bgnbd_lik_by_integration(params, x, tx, T), abs=1e-6)


# ----------------------------------------------------------------------------- Pareto/NBD
def test_paretonbd_reproduces_fader_hardie_note_008(pn, cdnow):
    np.testing.assert_allclose(pn.params_.to_numpy(), [0.55, 10.58, 0.61, 11.67], atol=5e-3)
    assert pn.log_likelihood_ == pytest.approx(-9595.0, abs=0.05)
    # three-decimal values quoted by lifetimes' tests: equal within 1e-3 relative
    np.testing.assert_allclose(pn.params_.to_numpy(), [0.553, 10.578, 0.606, 11.669], rtol=1e-3)
    # our maximum is at least as high as the published and BTYD points
    x, tx, T = (cdnow[c].to_numpy() for c in ("frequency", "recency", "T"))
    for published in ([0.553, 10.578, 0.606, 11.669], [0.5534, 10.5802, 0.6061, 11.6562]):
        assert pn.log_likelihood_ >= pn._loglik(np.array(published), x, tx, T).sum() - 1e-9


def test_paretonbd_predictions_match_btyd():
    m = ParetoNBDModel()
    m.params_ = pd.Series([0.5534, 10.5802, 0.6061, 11.6562], index=["r", "alpha", "s", "beta"])
    assert float(m.probability_alive((26.0, 30.86, 31.0)).iloc[0]) == pytest.approx(0.9979, abs=1e-4)
    m.params_ = pd.Series([0.553, 10.578, 0.606, 11.669], index=["r", "alpha", "s", "beta"])
    assert float(m.expected_purchases(52, (26.0, 30.86, 31.0)).iloc[0]) == pytest.approx(25.46, abs=0.01)
    # E[X(t)] = E[lambda] E[(1 - exp(-mu t)) / mu] (Schmittlein et al. 1987), by quadrature
    r, alpha, s, beta = m.params_
    for t in (1.0, 9.0, 78.0):
        want = r / alpha * integrate.quad(lambda mu, t=t: -np.expm1(-mu * t) / mu * stats.gamma.pdf(mu, s, scale=1 / beta),
                                          0, np.inf, epsabs=1e-13)[0]
        assert m.expected_purchases_new_customer(t) == pytest.approx(want, rel=1e-8)


def _pnbd_lik_by_integration(params, x, tx, T):
    # alive at T, or died at tau in (t_x, T]: integrate the death time numerically
    # (Fader & Hardie 2005 note 009, eq. 2 before the 2F1 solution)
    r, alpha, s, beta = params
    c = np.exp(special.gammaln(r + x) - special.gammaln(r)) * alpha**r
    alive = (alpha + T) ** -(r + x) * (beta / (beta + T)) ** s
    died = integrate.quad(lambda tau: (alpha + tau) ** -(r + x) * s * beta**s * (beta + tau) ** -(s + 1),
                          tx, T, epsabs=1e-16, epsrel=1e-12)[0]
    return np.log(c * (alive + died))


@pytest.mark.parametrize("params", [[0.9, 3.0, 1.2, 8.0], [0.9, 8.0, 1.2, 3.0]])  # both 2F1 branches
@pytest.mark.parametrize(("x", "tx", "T"), [(0, 0.0, 30.0), (3, 12.0, 40.0)])
def test_paretonbd_likelihood_equals_direct_integration(params, x, tx, T):
    m = ParetoNBDModel()
    ll = m._loglik(np.array(params), np.array([float(x)]), np.array([tx]), np.array([T]))[0]
    assert ll == pytest.approx(_pnbd_lik_by_integration(params, x, tx, T), abs=1e-5)


@pytest.mark.parametrize("model_cls", [BetaGeoModel, ParetoNBDModel])
def test_large_frequency_and_long_history_stay_finite(model_cls, cdnow):
    m = model_cls().fit(cdnow)
    x = np.array([0.0, 50.0, 500.0, 5000.0, 5000.0])
    tx = np.array([0.0, 100.0, 900.0, 9000.0, 5.0])
    T = np.array([10.0, 1000.0, 1000.0, 10000.0, 10000.0])
    pa = m.probability_alive((x, tx, T)).to_numpy()
    ey = m.expected_purchases(52, (x, tx, T)).to_numpy()
    assert np.all(np.isfinite(pa)) and np.all((pa >= 0) & (pa <= 1))
    assert np.all(np.isfinite(ey)) and np.all(ey >= 0)
    assert pa[-1] < 1e-6  # 5000 purchases, then silent for 9995 weeks: gone
    # fitting such data gives no NaN either
    big = pd.DataFrame({"frequency": np.r_[cdnow["frequency"], x[1:4]],
                        "recency": np.r_[cdnow["recency"], tx[1:4]], "T": np.r_[cdnow["T"], T[1:4]]})
    fitted = model_cls().fit(big)
    assert np.all(np.isfinite(fitted.params_)) and np.isfinite(fitted.log_likelihood_)


# ----------------------------------------------------------------------------- Gamma-Gamma
def test_gamma_gamma_reproduces_fader_hardie_2013(gg, cdnow):
    # the shipped mean spends are rounded to cents, which moves gamma by ~0.008: equal to
    # the published values within 0.01, and our maximum is at least as high as theirs
    np.testing.assert_allclose(gg.params_.to_numpy(), [6.25, 3.74, 15.44], atol=0.01)
    assert gg.n_customers_ == 946
    rep = cdnow[cdnow["frequency"] > 0]
    fun, _ = gg._objective((rep["frequency"].to_numpy(), rep["monetary_value"].to_numpy(), np.ones(946)))
    assert gg.log_likelihood_ >= -fun(np.log([6.25, 3.74, 15.44]))


def test_gamma_gamma_likelihood_and_spend_by_integration(gg):
    p, q, g = 6.25, 3.74, 15.44
    x, m = 3.0, 42.0
    # the mean of x Gamma(p, nu) purchases is Gamma(p x, rate x nu); nu ~ Gamma(q, rate g)
    dens, _ = integrate.quad(lambda nu: stats.gamma.pdf(m, p * x, scale=1 / (x * nu))
                             * stats.gamma.pdf(nu, q, scale=1 / g), 0, np.inf, epsabs=1e-14)
    fun, _ = gg._objective((np.array([x]), np.array([m]), np.array([1.0])))
    assert -fun(np.log([p, q, g])) == pytest.approx(np.log(dens), abs=1e-7)
    # E(Z | zbar, x) = E(p / nu | zbar, x), posterior of nu is Gamma(p x + q, rate g + x zbar)
    post = stats.gamma(p * x + q, scale=1 / (g + x * m))
    want, _ = integrate.quad(lambda nu: p / nu * post.pdf(nu), 0, np.inf)
    gg2 = GammaGammaModel()
    gg2.params_ = pd.Series([p, q, g], index=["p", "q", "gamma"])
    got = gg2.expected_spend(pd.DataFrame({"frequency": [x], "monetary_value": [m]})).iloc[0]
    assert got == pytest.approx(want, rel=1e-8)


@pytest.mark.filterwarnings("ignore")  # statsmodels: maxiter=0 convergence and df bookkeeping notes
def test_gamma_gamma_standard_errors_match_statsmodels(gg, cdnow):
    from statsmodels.base.model import GenericLikelihoodModel

    rep = cdnow[cdnow["frequency"] > 0]
    x, m = rep["frequency"].to_numpy(), rep["monetary_value"].to_numpy()
    fun, _ = gg._objective((x, m, np.ones_like(x)))

    class GG(GenericLikelihoodModel):
        def loglike(self, params):
            return -fun(np.log(params))

    import warnings

    with warnings.catch_warnings():  # maxiter=0 on purpose: we only want the Hessian at our optimum
        warnings.simplefilter("ignore")
        res = GG(m, np.ones_like(m)).fit(start_params=gg.params_.to_numpy(), method="nm", maxiter=0, disp=0)
    np.testing.assert_allclose(gg.standard_errors_.to_numpy(), res.bse, rtol=2e-3)


# ----------------------------------------------------------------------------- fitting behaviour
def test_weights_give_the_same_fit_as_repeated_rows(cdnow):
    grouped = cdnow.groupby(["frequency", "recency", "T"]).size().rename("n").reset_index()
    a = BetaGeoModel().fit(cdnow)
    b = BetaGeoModel().fit(grouped, weights=grouped["n"])
    np.testing.assert_allclose(a.params_, b.params_, rtol=1e-6)
    assert a.log_likelihood_ == pytest.approx(b.log_likelihood_, abs=1e-6)
    assert b.n_customers_ == 2357 and b.n_distinct_ == len(grouped)


def test_calibration_columns_and_arrays_are_accepted(cdnow):
    cal = cdnow.rename(columns={"frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal"})
    a = BetaGeoModel().fit(cal)
    b = BetaGeoModel().fit((cdnow["frequency"], cdnow["recency"], cdnow["T"]))
    np.testing.assert_allclose(a.params_, b.params_)


def test_time_unit_mismatch_is_caught(cdnow):
    s = cdnow.copy()
    s.attrs["time_unit"] = "D"
    with pytest.raises(CxParameterError, match="time_unit"):
        BetaGeoModel(time_unit="week").fit(s)
    with pytest.raises(CxParameterError, match="time_unit"):
        BetaGeoModel(time_unit="fortnight")


def test_non_convergence_raises_with_reason_and_advice():
    # nobody ever returns: the purchase rate runs to zero, the parameters are not identified
    s = pd.DataFrame({"frequency": 0.0, "recency": 0.0, "T": np.linspace(5, 50, 200)})
    with pytest.raises(CxConvergenceError, match="Try|try") as err:
        BetaGeoModel().fit(s)
    assert "BG/NBD" in str(err.value)


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"frequency": [1.0, 2.0], "recency": [5.0, 12.0], "T": [10.0, 11.0]}), "cannot exceed T"),
        (pd.DataFrame({"frequency": [1.5], "recency": [5.0], "T": [10.0]}), "whole number"),
        (pd.DataFrame({"frequency": [0.0], "recency": [3.0], "T": [10.0]}), "recency must be 0"),
        (pd.DataFrame({"frequency": [np.nan], "recency": [3.0], "T": [10.0]}), "missing"),
        (pd.DataFrame({"frequency": [1.0], "recency": [3.0]}), "'T'"),
    ],
)
def test_bad_summaries_are_rejected_with_rows(frame, match):
    with pytest.raises(CxDataError, match=match):
        BetaGeoModel().fit(frame)


def test_gamma_gamma_input_checks(cdnow):
    with pytest.raises(CxDataError, match="repeat purchases only"):
        GammaGammaModel().fit(cdnow)
    bad = pd.DataFrame({"frequency": [1.0, 2.0], "monetary_value": [10.0, -5.0]}, index=["a", "b"])
    with pytest.raises(CxDataError, match="'b'"):
        GammaGammaModel().fit(bad)
    with pytest.raises(CxParameterError, match="not fitted"):
        GammaGammaModel().expected_spend(bad)


def test_summary_table_and_repr(bg):
    tab = bg.summary()
    assert list(tab.columns) == ["estimate", "standard_error", "lower_95%", "upper_95%"]
    assert (tab["lower_95%"] < tab["estimate"]).all() and (tab["estimate"] < tab["upper_95%"]).all()
    assert "r=0.2426" in repr(bg) and "time_unit='week'" in repr(bg)


# ----------------------------------------------------------------------------- CLV
def test_clv_without_discounting_is_margin_spend_purchases(bg, gg, cdnow):
    head = cdnow.head(50)
    clv = customer_lifetime_value(bg, gg, head, horizon=39, time_unit="week", margin=1.0,
                                  discount_rate=0.0, confidence=None)
    np.testing.assert_allclose(clv["expected_purchases"], bg.expected_purchases(39, head))
    np.testing.assert_allclose(clv["clv"], clv["expected_purchases"] * clv["expected_spend"], rtol=1e-12)
    np.testing.assert_allclose(clv["expected_spend"], gg.expected_spend(head))


def test_clv_units_and_discount_periods_are_consistent(pn, gg, cdnow):
    head = cdnow.head(30)
    kw = dict(margin=0.3, confidence=None, n_steps=52)
    weeks = customer_lifetime_value(pn, gg, head, horizon=52, time_unit="week", discount_rate=0.15,
                                    discount_period="year", **kw)
    days = customer_lifetime_value(pn, gg, head, horizon=364, time_unit="day", discount_rate=0.15,
                                   discount_period="year", **kw)
    np.testing.assert_allclose(weeks["clv"], days["clv"], rtol=1e-12)
    monthly = customer_lifetime_value(pn, gg, head, horizon=52, time_unit="week",
                                      discount_rate=1.15 ** (1 / 12) - 1, discount_period="month", **kw)
    np.testing.assert_allclose(weeks["clv"], monthly["clv"], rtol=1e-12)
    # discounting lowers value; a single step discounts every purchase at mid-horizon
    flat = customer_lifetime_value(pn, gg, head, horizon=52, time_unit="week", discount_rate=0.0, **kw)
    assert (weeks["clv"] < flat["clv"]).all()
    one = customer_lifetime_value(pn, gg, head, horizon=52, time_unit="week", discount_rate=0.15,
                                  n_steps=1, margin=0.3, confidence=None)
    np.testing.assert_allclose(one["clv"], flat["clv"] / 1.15 ** (26 / 52.178571), rtol=1e-9)


def test_clv_interval_brackets_estimate_and_narrows_with_more_data(bg, gg, cdnow):
    head = cdnow.head(40)
    clv = customer_lifetime_value(bg, gg, head, horizon=52, time_unit="week", margin=0.3,
                                  discount_rate=0.1, n_draws=100, seed=1)
    assert (clv["clv_lower"] <= clv["clv"]).all() and (clv["clv"] <= clv["clv_upper"]).all()
    assert (clv["clv_upper"] > clv["clv_lower"]).all()
    again = customer_lifetime_value(bg, gg, head, horizon=52, time_unit="week", margin=0.3,
                                    discount_rate=0.1, n_draws=100, seed=1)
    pd.testing.assert_frame_equal(clv, again)  # seeded
    small = cdnow.sample(400, random_state=0)
    bg_small = BetaGeoModel().fit(small)
    gg_small = GammaGammaModel().fit(small[small["frequency"] > 0])
    wide = customer_lifetime_value(bg_small, gg_small, head, horizon=52, time_unit="week", margin=0.3,
                                   discount_rate=0.1, n_draws=100, seed=1)
    assert ((wide["clv_upper"] - wide["clv_lower"]).median()
            > (clv["clv_upper"] - clv["clv_lower"]).median())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"margin": 30}, "margin"),
        ({"discount_period": "fortnight"}, "discount_period"),
        ({"horizon": -1}, "horizon"),
        ({"interval": 90}, "interval"),
        ({"time_unit": "fortnight"}, "time_unit"),
    ],
)
def test_clv_parameter_errors(bg, gg, cdnow, kwargs, match):
    base = dict(horizon=52, time_unit="week", margin=0.3, discount_rate=0.1, confidence=None)
    base.update(kwargs)
    with pytest.raises(CxParameterError, match=match):
        customer_lifetime_value(bg, gg, cdnow.head(3), **base)


# ----------------------------------------------------------------------------- validation
def test_holdout_comparison_and_errors_on_cdnow():
    from cxtools.ltv.rfm import calibration_holdout_summary

    log = pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})
    cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
                                      observation_end="1998-06-30")
    bg = BetaGeoModel().fit(cal)
    table = holdout_comparison(bg, cal)
    assert list(table.index) == list(range(8)) and table["customers"].sum() == 2357
    assert table["predicted"].is_monotonic_increasing and table["actual"].is_monotonic_increasing
    err = holdout_errors(bg, cal)
    assert isinstance(err, HoldoutErrors)
    assert err.actual_total == 1882
    assert err.predicted_total == pytest.approx(table["predicted"].mul(table["customers"]).sum())
    assert 0.5 < err.correlation < 0.8
    assert list(err.to_frame().columns)[:3] == ["n_customers", "actual_total", "predicted_total"]


# ----------------------------------------------------------------------------- planted truth
@pytest.mark.slow
def test_recovers_planted_truth_of_sample_data():
    import cxtools.data.samples as samples
    from cxtools.ltv.rfm import rfm_summary

    data = samples.make_sample_data(30000, seed=11)
    truth = data.truth["transactions"]
    s = rfm_summary(data.transactions, amount="amount", exclude="is_refund",
                    observation_end="2026-06-30", time_unit="week")
    bg = BetaGeoModel(time_unit="week").fit(s)
    for name, value in truth["bgnbd"].items():
        est, se = bg.params_[name], bg.standard_errors_[name]
        assert abs(est - value) < 4 * se + 0.05 * value, (name, est, se, value)
    gg = GammaGammaModel().fit(s[s["frequency"] > 0])
    assert gg.population_mean_spend() == pytest.approx(truth["mean_spend_rub"], rel=0.1)


# ----------------------------------------------------------------------------- large data path
def _simulate_bgnbd(n, params, seed):
    """BG/NBD customers (Fader, Hardie & Lee 2005, section 2), times rounded to whole days."""
    rng = np.random.default_rng(seed)
    T = rng.integers(180, 547, n) / 7.0
    lam = rng.gamma(params["r"], 1.0 / params["alpha"], n)
    drop = rng.beta(params["a"], params["b"], n)
    x, tx, t = np.zeros(n), np.zeros(n), np.zeros(n)
    active = np.arange(n)
    while active.size:
        t[active] += rng.exponential(1.0, active.size) / lam[active]
        active = active[t[active] <= T[active]]
        x[active] += 1
        tx[active] = np.floor(t[active] * 7.0) / 7.0
        active = active[rng.random(active.size) >= drop[active]]
    return pd.DataFrame({"frequency": x, "recency": tx, "T": T})


@pytest.mark.slow
@pytest.mark.parametrize("model_cls", [BetaGeoModel, ParetoNBDModel])
def test_subsample_warm_start_reaches_the_same_maximum(model_cls, monkeypatch):
    truth = {"r": 0.3, "alpha": 5.0, "a": 0.8, "b": 2.5}
    s = _simulate_bgnbd(250_000, truth, seed=3)
    fast = model_cls().fit(s)
    assert fast.optimizer_message_.startswith("converged: Newton")
    monkeypatch.setattr(model_cls, "_warm_start", lambda self, *a, **k: None)
    cold = model_cls().fit(s)
    np.testing.assert_allclose(fast.params_, cold.params_, rtol=2e-5)
    assert fast.log_likelihood_ >= cold.log_likelihood_ - 1e-6
    if model_cls is BetaGeoModel:
        for k, v in truth.items():
            assert abs(fast.params_[k] - v) < 4 * fast.standard_errors_[k], k


@pytest.mark.slow
def test_gamma_gamma_warm_start_reaches_the_same_maximum(monkeypatch):
    rng = np.random.default_rng(4)
    n = 200_000
    x = rng.integers(1, 30, n).astype(float)
    nu = rng.gamma(3.74, 1 / 15.44, n)
    m = np.round(rng.gamma(6.25 * x, 1 / (x * nu)), 2)  # mean of x Gamma(p, nu) spends
    s = pd.DataFrame({"frequency": x, "monetary_value": m})
    fast = GammaGammaModel().fit(s)
    assert fast.optimizer_message_.startswith("converged: Newton")
    monkeypatch.setattr(GammaGammaModel, "_warm_start", lambda self, *a, **k: None)
    cold = GammaGammaModel().fit(s)
    np.testing.assert_allclose(fast.params_, cold.params_, rtol=1e-6)
    for k, v in {"p": 6.25, "q": 3.74, "gamma": 15.44}.items():
        assert abs(fast.params_[k] - v) < 4 * fast.standard_errors_[k], k
