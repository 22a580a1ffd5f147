"""Tests of cxtools.ltv.covariates (Fader & Hardie 2007, note 019).

- With no covariate effect (two identical copies of CDNOW as two groups) the fit equals
  the plain BG/NBD / Pareto/NBD fit (FHL 2005; Fader & Hardie 2005 note 008).
- The maximised log-likelihood equals the sum of the plain models' per-customer
  likelihoods evaluated at each customer's own parameters (an independent code path).
- Effects planted in data simulated from the individual-level model are recovered
  within their intervals; a covariate of pure noise is rarely significant.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.ltv.covariates import (
    BetaGeoCovariateModel,
    ParetoNBDCovariateModel,
    ValueShift,
    covariate_lifetime_value,
    covariate_value_shift,
)
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow" / "cdnow_summary.csv"


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW, index_col="customer_id")


def simulate(n, *, model, params, effects, seed, weeks=78.0, noise=False):
    """Customers with a two-level group (and optionally a noise coin) from the model with covariates.

    effects: coefficients of group "B" on log alpha (purchase, sign -), log a / log b (BG/NBD) or
    log beta (Pareto/NBD, sign -), as in Fader & Hardie (2007).
    """
    rng = np.random.default_rng(seed)
    g = rng.random(n) < 0.5
    T = rng.integers(int(weeks * 7 / 2), int(weeks * 7) + 1, n) / 7.0
    alpha = params[1] * np.exp(-effects["purchase"] * g)
    lam = rng.gamma(params[0], 1.0 / alpha)
    x, tx = np.zeros(n), np.zeros(n)
    if model == "bgnbd":
        a = params[2] * np.exp(effects["a"] * g)
        b = params[3] * np.exp(effects["b"] * g)
        drop = rng.beta(a, b)
        t = np.zeros(n)
        active = np.arange(n)
        while active.size:
            t[active] += rng.exponential(1.0, active.size) / lam[active]
            active = active[t[active] <= T[active]]
            x[active] += 1
            tx[active] = t[active]
            active = active[rng.random(active.size) >= drop[active]]
    else:
        beta = params[3] * np.exp(-effects["dropout"] * g)
        mu = rng.gamma(params[2], 1.0 / beta)
        end = np.minimum(rng.exponential(1.0, n) / mu, T)
        t = np.zeros(n)
        active = np.arange(n)
        while active.size:
            t[active] += rng.exponential(1.0, active.size) / lam[active]
            active = active[t[active] <= end[active]]
            x[active] += 1
            tx[active] = t[active]
    out = pd.DataFrame({"frequency": x, "recency": tx, "T": T, "group": np.where(g, "B", "A")})
    if noise:
        out["coin"] = np.where(rng.random(n) < 0.5, "heads", "tails")
    return out


# ----------------------------------------------------------------------------- no effect = plain model
@pytest.mark.parametrize("cls, plain", [(BetaGeoCovariateModel, BetaGeoModel),
                                        (ParetoNBDCovariateModel, ParetoNBDModel)])
def test_identical_groups_give_the_plain_model(cdnow, cls, plain):
    base = plain(time_unit="week").fit(cdnow)
    two = pd.concat([cdnow.assign(group="A"), cdnow.assign(group="B")], ignore_index=True)
    m = cls(time_unit="week").fit(two, covariates=["group"])
    assert m.n_profiles_ == 2 and m.n_customers_ == 2 * 2357
    assert m.log_likelihood_ == pytest.approx(2 * base.log_likelihood_, abs=1e-6)
    np.testing.assert_allclose(m.params_.iloc[:4].to_numpy(), base.params_.to_numpy(), rtol=1e-5)
    np.testing.assert_allclose(m.params_.iloc[4:].to_numpy(), 0.0, atol=1e-5)
    # r is shared by two identical halves: its information doubles (the Schur complement of each
    # half is the plain model's), so its standard error is the plain one over sqrt(2)
    assert m.standard_errors_["r"] * np.sqrt(2) == pytest.approx(base.standard_errors_["r"], rel=2e-3)
    # and group B's log-parameters (baseline + sign x coefficient) are as precise as group A's
    V = m.theta_covariance_.to_numpy()
    for k, (j, _, sign, _) in enumerate(m._links, start=4):
        assert V[j, j] + V[k, k] + 2 * sign * V[j, k] == pytest.approx(V[j, j], rel=1e-3)
    pred = m.expected_purchases(39, two.head(5))
    np.testing.assert_allclose(pred.to_numpy(), base.expected_purchases(39, cdnow.head(5)).to_numpy(), rtol=1e-4)


def test_no_covariates_equals_plain_model(cdnow):
    base = BetaGeoModel(time_unit="week").fit(cdnow)
    m = BetaGeoCovariateModel(time_unit="week").fit(cdnow, covariates=[])
    assert m.log_likelihood_ == pytest.approx(base.log_likelihood_, abs=1e-8)
    assert m.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)


@pytest.mark.parametrize("cls", [BetaGeoCovariateModel, ParetoNBDCovariateModel])
def test_likelihood_equals_per_customer_plain_likelihood(cdnow, cls):
    data = cdnow.assign(cohort=np.where(cdnow["T"] > 35, "early", "late"),
                        size=np.where(cdnow["monetary_value"] > 30, "big", "small"))
    m = cls(time_unit="week").fit(data, covariates=["cohort", "size"], dropout_covariates=["cohort"])
    est = m.params_
    late = (data["cohort"] == "late").to_numpy(float)
    small = (data["size"] == "small").to_numpy(float)
    x, tx, T = (data[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    alpha = est["alpha0"] * np.exp(-(est["purchase: cohort[late]"] * late + est["purchase: size[small]"] * small))
    if cls is BetaGeoCovariateModel:
        a = est["a0"] * np.exp(est["dropout a: cohort[late]"] * late)
        b = est["b0"] * np.exp(est["dropout b: cohort[late]"] * late)
        ll = BetaGeoModel._loglik((est["r"], alpha, a, b), x, tx, T)
    else:
        beta = est["beta0"] * np.exp(-est["dropout: cohort[late]"] * late)
        pm = ParetoNBDModel()
        ll = np.array([pm._loglik(np.array([est["r"], al, est["s"], be]), x[i:i + 1], tx[i:i + 1], T[i:i + 1])[0]
                       for i, (al, be) in enumerate(zip(alpha, beta))])
    assert m.log_likelihood_ == pytest.approx(float(ll.sum()), abs=1e-6)
    # and the fit is at least as good as the plain model's
    plain = (BetaGeoModel if cls is BetaGeoCovariateModel else ParetoNBDModel)(time_unit="week").fit(cdnow)
    assert m.log_likelihood_ >= plain.log_likelihood_ - 1e-6


# ----------------------------------------------------------------------------- recovery
def test_bgnbd_planted_effects_are_recovered():
    truth = {"purchase": 0.6, "a": 0.7, "b": -0.5}
    data = simulate(30_000, model="bgnbd", params=(0.25, 4.0, 0.8, 2.5), effects=truth, seed=3)
    m = BetaGeoCovariateModel(time_unit="week").fit(data, covariates=["group"])
    table = m.summary(confidence=0.99)
    for name, key in (("purchase: group[B]", "purchase"), ("dropout a: group[B]", "a"),
                      ("dropout b: group[B]", "b")):
        assert table.loc[name, "lower_99%"] < truth[key] < table.loc[name, "upper_99%"], name
    for name, val in (("r", 0.25), ("alpha0", 4.0), ("a0", 0.8), ("b0", 2.5)):
        assert table.loc[name, "lower_99%"] < val < table.loc[name, "upper_99%"], name
    assert table.loc["purchase: group[B]", "p_value"] < 1e-6


def test_paretonbd_planted_effects_are_recovered():
    truth = {"purchase": -0.5, "dropout": 0.8}
    data = simulate(20_000, model="paretonbd", params=(0.55, 10.0, 0.6, 12.0), effects=truth, seed=5)
    m = ParetoNBDCovariateModel(time_unit="week").fit(data, covariates=["group"])
    table = m.summary(confidence=0.99)
    assert table.loc["purchase: group[B]", "lower_99%"] < -0.5 < table.loc["purchase: group[B]", "upper_99%"]
    assert table.loc["dropout: group[B]", "lower_99%"] < 0.8 < table.loc["dropout: group[B]", "upper_99%"]
    assert table.loc["purchase: group[B]", "p_value"] < 1e-4


def test_sign_of_the_purchase_link_matters():
    # a planted positive purchase effect must come out positive: flipping the sign in the link
    # (alpha0 exp(+gamma x)) or dropping the covariate from alpha would fail this
    data = simulate(10_000, model="bgnbd", params=(0.25, 4.0, 0.8, 2.5),
                    effects={"purchase": 0.8, "a": 0.0, "b": 0.0}, seed=11)
    m = BetaGeoCovariateModel(time_unit="week").fit(data, covariates=["group"], dropout_covariates=[])
    assert m.params_["purchase: group[B]"] == pytest.approx(0.8, abs=0.15)
    rate = m.expected_purchases_new_customer(52, pd.DataFrame({"group": ["A", "B"]}))
    assert rate.iloc[1] > rate.iloc[0] * 1.5


def test_noise_covariate_is_rarely_significant():
    significant = 0
    for seed in range(20):
        data = simulate(2_000, model="bgnbd", params=(0.25, 4.0, 0.8, 2.5),
                        effects={"purchase": 0.0, "a": 0.0, "b": 0.0}, seed=100 + seed, noise=True)
        m = BetaGeoCovariateModel(time_unit="week").fit(data, covariates=["coin"], dropout_covariates=[])
        significant += m.summary().loc["purchase: coin[tails]", "p_value"] < 0.05
    # 5 % expected; P(more than 4 of 20 | 5 %) = 0.003
    assert significant <= 4


# ----------------------------------------------------------------------------- predictions and value
@pytest.fixture(scope="module")
def fitted():
    data = simulate(8_000, model="bgnbd", params=(0.25, 4.0, 0.8, 2.5),
                    effects={"purchase": 0.5, "a": 0.5, "b": -0.3}, seed=21)
    return data, BetaGeoCovariateModel(time_unit="week").fit(data, covariates=["group"])


def test_predictions_per_profile_use_the_profile_parameters(fitted):
    data, m = fitted
    est = m.params_
    rows = data.groupby("group").head(3)
    got = m.expected_purchases(26, rows).to_numpy()
    alive = m.probability_alive(rows).to_numpy()
    for i, (_, row) in enumerate(rows.iterrows()):
        gB = float(row["group"] == "B")
        p = np.array([est["r"], est["alpha0"] * np.exp(-est["purchase: group[B]"] * gB),
                      est["a0"] * np.exp(est["dropout a: group[B]"] * gB),
                      est["b0"] * np.exp(est["dropout b: group[B]"] * gB)])
        one = (np.array([row["frequency"]]), np.array([row["recency"]]), np.array([row["T"]]))
        assert got[i] == pytest.approx(BetaGeoModel()._expected(p, 26.0, *one)[0], rel=1e-12)
        assert alive[i] == pytest.approx(BetaGeoModel()._p_alive(p, *one)[0], rel=1e-12)


def test_clv_and_value_shift(fitted):
    data, m = fitted
    new = pd.DataFrame({"group": ["A", "B"]}, index=["A", "B"])
    clv = covariate_lifetime_value(m, new, spend=40.0, horizon=52, time_unit="week", margin=0.25,
                                   discount_rate=0.0, n_draws=100, n_steps=52)
    # undiscounted: margin x spend x E[X(52)]
    e52 = m.expected_purchases_new_customer(52, new)
    np.testing.assert_allclose(clv["clv"].to_numpy(), 0.25 * 40 * e52.to_numpy(), rtol=1e-10)
    assert (clv["clv_lower"] < clv["clv"]).all() and (clv["clv"] < clv["clv_upper"]).all()
    existing = covariate_lifetime_value(m, data.head(20), spend=40.0, horizon=52, time_unit="week", margin=0.25,
                                        discount_rate=0.0, confidence=None, n_steps=4)
    np.testing.assert_allclose(existing["clv"].to_numpy(),
                               10 * m.expected_purchases(52, data.head(20)).to_numpy(), rtol=1e-10)
    some = data.head(600)
    shift = covariate_value_shift(m, some, covariate="group", from_level="A", to_level="B", spend=40.0,
                                  horizon=52, time_unit="week", margin=0.25, discount_rate=0.1, n_draws=60)
    assert isinstance(shift, ValueShift)
    movers = some[some["group"] == "A"]
    assert shift.n_customers == len(movers)
    kw = dict(spend=40.0, horizon=52, time_unit="week", margin=0.25, discount_rate=0.1, confidence=None)
    want = (covariate_lifetime_value(m, movers.assign(group="B"), **kw)["clv"].sum()
            - covariate_lifetime_value(m, movers, **kw)["clv"].sum())
    assert shift.total == pytest.approx(want, rel=1e-10)
    assert shift.lower < shift.total < shift.upper
    assert "group = A to B" in shift.describe() and "52 weeks" in shift.describe()
    assert list(shift.report_table().columns)[0] == "Move"


def test_bad_input_is_reported(cdnow):
    with pytest.raises(CxDataError, match="not in the data"):
        BetaGeoCovariateModel().fit(cdnow, covariates=["segment"])
    with pytest.raises(CxDataError, match="single value"):
        BetaGeoCovariateModel().fit(cdnow.assign(z=0.0), covariates=["z"])
    with pytest.raises(CxDataError, match="missing"):
        BetaGeoCovariateModel().fit(cdnow.assign(g=["a", "b", None] * 785 + ["a", "b"]), covariates=["g"])
    m = BetaGeoCovariateModel().fit(cdnow.assign(g=["a", "b"] * 1178 + ["a"]), covariates=["g"])
    with pytest.raises(CxDataError, match="levels not seen"):
        m.probability_alive(cdnow.head(2).assign(g=["c", "a"]))
    with pytest.raises(CxParameterError, match="not fitted"):
        BetaGeoCovariateModel().probability_alive(cdnow)
