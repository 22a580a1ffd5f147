"""Repeat-buying models: known parameters, CLV intervals, refused holdouts, zero-value orders.

Reference numbers: Fader, Hardie & Lee (2005), Marketing Science 24(2), section 4 (BG/NBD on
CDNOW: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426; E[Y(39) | 2, 30.43, 38.86] = 1.226);
Fader & Hardie (2013), note 025 (Gamma-Gamma: p = 6.25, q = 3.74, gamma = 15.44). The CLV
interval is checked against a simulation written here from the papers' formulas (BG/NBD eq. 10,
Gamma-Gamma eq. 5), not from the package's code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from cxtools.core.errors import CxDataError, CxDataWarning, CxParameterError
from cxtools.ltv.models import (
    BetaGeoModel,
    GammaGammaModel,
    ParetoNBDModel,
    customer_lifetime_value,
    holdout_comparison,
    holdout_errors,
)
from cxtools.ltv.rfm import calibration_holdout_summary

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_summary.csv", index_col="customer_id")


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})


@pytest.fixture(scope="module")
def bg(cdnow) -> BetaGeoModel:
    return BetaGeoModel(time_unit="week").fit(cdnow)


@pytest.fixture(scope="module")
def gg(cdnow) -> GammaGammaModel:
    return GammaGammaModel().fit(cdnow[cdnow["frequency"] > 0])


# ----------------------------------------------------------------------------- from_params
def test_from_params_reproduces_the_published_bgnbd_prediction():
    bg = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")
    one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    assert float(bg.expected_purchases(39, one).iloc[0]) == pytest.approx(1.226, abs=5e-4)
    assert bg.time_unit == "week" and np.isnan(bg.standard_errors_).all()


@pytest.mark.parametrize("cls", [BetaGeoModel, ParetoNBDModel])
def test_from_params_predicts_like_the_fitted_model(cls, cdnow):
    fitted = cls(time_unit="week").fit(cdnow)
    given = cls.from_params(time_unit="week", **fitted.params_.to_dict())
    head = cdnow.head(20)
    np.testing.assert_allclose(given.expected_purchases(26, head), fitted.expected_purchases(26, head))
    np.testing.assert_allclose(given.probability_alive(head), fitted.probability_alive(head))


def test_from_params_gamma_gamma_and_intervals_from_a_given_covariance(gg, cdnow):
    given = GammaGammaModel.from_params(**gg.params_.to_dict())
    buyers = cdnow[cdnow["frequency"] > 0].head(10)
    np.testing.assert_allclose(given.expected_spend(buyers), gg.expected_spend(buyers))
    with_cov = GammaGammaModel.from_params(log_param_covariance=gg.log_param_covariance_, **gg.params_.to_dict())
    np.testing.assert_allclose(with_cov.standard_errors_, gg.standard_errors_)


def test_from_params_refuses_missing_unknown_and_non_positive_values():
    with pytest.raises(CxParameterError, match=r"missing \['b'\]"):
        BetaGeoModel.from_params(r=1, alpha=1, a=1)
    with pytest.raises(CxParameterError, match=r"unknown \['s'\]"):
        BetaGeoModel.from_params(r=1, alpha=1, a=1, b=1, s=1)
    with pytest.raises(CxParameterError, match="positive"):
        ParetoNBDModel.from_params(r=1, alpha=1, s=0, beta=1)
    with pytest.raises(CxParameterError, match="time_unit"):
        BetaGeoModel.from_params(r=1, alpha=1, a=1, b=1, time_unit="fortnight")


# ----------------------------------------------------------------------------- renamed keywords
def test_summary_confidence_and_its_old_name_level(bg):
    new = bg.summary(confidence=0.9)
    assert list(new.columns) == ["estimate", "standard_error", "lower_90%", "upper_90%"]
    with pytest.warns(FutureWarning, match="'level' is now called 'confidence'"):
        old = bg.summary(level=0.9)
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(CxParameterError, match="did you mean 0.9"):
        bg.summary(confidence=90)


def test_clv_interval_keyword_is_now_confidence(bg, gg, cdnow):
    kw = dict(horizon=26, time_unit="week", margin=0.3, discount_rate=0.1, n_draws=30, seed=1)
    new = customer_lifetime_value(bg, gg, cdnow.head(5), confidence=0.8, **kw)
    with pytest.warns(FutureWarning, match="'interval' is now called 'confidence'"):
        old = customer_lifetime_value(bg, gg, cdnow.head(5), interval=0.8, **kw)
    pd.testing.assert_frame_equal(old, new)


# ----------------------------------------------------------------------------- CLV intervals
def _bgnbd_conditional(params, t, x, tx, T):
    """E[Y(t) | x, t_x, T], Fader, Hardie & Lee (2005), eq. (10), written out independently."""
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    body = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    alive = 1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return head * body / alive


def _gg_spend(params, x, m):
    """E(Z | zbar, x), Fader & Hardie (2013), eq. (5)."""
    p, q, g = params
    return (g + x * m) * p / (p * x + q - 1)


def _simulated_quantiles(bg, gg, rows, *, horizon, margin, n_draws, level, seed):
    rng = np.random.default_rng(seed)
    t_draws = np.exp(rng.multivariate_normal(np.log(bg.params_.to_numpy()), bg.log_param_covariance_, n_draws))
    s_draws = np.exp(rng.multivariate_normal(np.log(gg.params_.to_numpy()), gg.log_param_covariance_, n_draws))
    x, tx, T, m = (rows[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    sims = np.array([margin * _gg_spend(sp, x, m) * _bgnbd_conditional(tp, horizon, x, tx, T)
                     for tp, sp in zip(t_draws, s_draws)])
    return np.quantile(sims, [(1 - level) / 2, (1 + level) / 2], axis=0)


def test_clv_interval_matches_an_independent_simulation_of_both_models(bg, gg, cdnow):
    rows = cdnow[cdnow["frequency"] > 0].iloc[[0, 5, 40]]
    clv = customer_lifetime_value(bg, gg, rows, horizon=39, time_unit="week", margin=0.3, discount_rate=0.0,
                                  confidence=0.9, n_draws=3000, n_steps=1, seed=11)
    lo, hi = _simulated_quantiles(bg, gg, rows, horizon=39, margin=0.3, n_draws=3000, level=0.9, seed=99)
    np.testing.assert_allclose(clv["clv_lower"], lo, rtol=0.03)
    np.testing.assert_allclose(clv["clv_upper"], hi, rtol=0.03)
    # the point estimate is margin x spend x purchases, by the same formulas
    x, tx, T, m = (rows[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    point = 0.3 * _gg_spend(gg.params_, x, m) * _bgnbd_conditional(bg.params_.to_numpy(), 39, x, tx, T)
    np.testing.assert_allclose(clv["clv"], point, rtol=1e-6)


def test_clv_interval_carries_the_spend_models_uncertainty(bg, cdnow):
    """Purchase model held fixed (no covariance): the interval comes from the spend model alone."""
    fixed = BetaGeoModel.from_params(time_unit="week", log_param_covariance=np.zeros((4, 4)), **bg.params_.to_dict())
    buyers = cdnow[cdnow["frequency"] > 0]
    full = GammaGammaModel().fit(buyers)
    small = GammaGammaModel().fit(buyers.sample(80, random_state=3))
    rows = buyers.head(5)
    kw = dict(horizon=39, time_unit="week", margin=0.3, discount_rate=0.1, confidence=0.9, n_draws=400, seed=5)
    wide = customer_lifetime_value(fixed, small, rows, **kw)
    narrow = customer_lifetime_value(fixed, full, rows, **kw)
    rel = lambda c: (c["clv_upper"] - c["clv_lower"]) / c["clv"]  # noqa: E731
    assert (rel(narrow) > 0).all()  # spend uncertainty alone gives an interval
    assert (rel(wide) > 2 * rel(narrow)).all()


# ----------------------------------------------------------------------------- holdout checks
def test_a_holdout_after_the_last_transaction_is_refused(log):
    last = pd.Timestamp(log["date"].max())
    # the summary refuses it first ...
    with pytest.raises(CxParameterError, match="on or after the last purchase day"):
        calibration_holdout_summary(log, timestamp="date", calibration_end=last + pd.Timedelta(days=10),
                                    observation_end=last + pd.Timedelta(days=400))
    # ... and a summary built elsewhere with an empty holdout is refused by the checks
    cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
                                      observation_end="1998-06-30").assign(frequency_holdout=0.0)
    model = BetaGeoModel().fit(cal)
    with pytest.raises(CxDataError, match="holdout starts after the last transaction"):
        holdout_errors(model, cal)
    with pytest.raises(CxDataError, match="holdout starts after the last transaction"):
        holdout_comparison(model, cal)


def test_a_holdout_inside_the_data_is_accepted(log):
    cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
                                      observation_end="1998-06-30")
    assert holdout_errors(BetaGeoModel().fit(cal), cal).actual_total == 1882.0


# ----------------------------------------------------------------------------- zero-value orders
def test_zero_value_repeat_buyers_are_left_out_of_the_spend_model_and_counted(cdnow):
    buyers = cdnow[cdnow["frequency"] > 0].copy()
    zeros = buyers.head(7).copy()
    zeros["monetary_value"] = 0.0
    zeros.index = [f"zero{i}" for i in range(7)]
    with pytest.warns(CxDataWarning, match="7 customer"):
        gg = GammaGammaModel().fit(pd.concat([buyers, zeros]))
    assert gg.n_excluded_ == 7 and gg.n_customers_ == len(buyers)
    np.testing.assert_allclose(gg.params_, GammaGammaModel().fit(buyers).params_, rtol=1e-6)
    # a zero-value repeat buyer still gets a (shrunk) expected spend, by eq. (5)
    spend = gg.expected_spend(zeros.head(1))
    assert float(spend.iloc[0]) == pytest.approx(_gg_spend(gg.params_.to_numpy(), 1.0 * zeros["frequency"].iloc[0], 0.0))
    with pytest.raises(CxDataError, match="every customer"):
        GammaGammaModel().fit(zeros)
