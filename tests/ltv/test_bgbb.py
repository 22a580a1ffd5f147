"""Tests of cxtools.ltv.bgbb against Fader, Hardie & Shang (2010) and independent quadrature.

Reference numbers: Fader, Hardie & Shang (2010), Marketing Science 29(6), 1086-1108,
1995 donor cohort (11,104 donors, 6 opportunities): alpha = 1.204, beta = 0.750,
gamma = 0.657, delta = 2.783, LL = -33,225.6. Predictions are checked against
Gauss-Jacobi quadrature of the individual-level model over the Beta mixing
distributions (exact for the polynomial integrands), which uses none of the
beta-function algebra of the closed forms.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.ltv.bgbb import BetaGeoBetaBinomModel

DONATIONS = Path(__file__).resolve().parents[2] / "data" / "donations" / "donations_1995_cohort.csv"


@pytest.fixture(scope="module")
def donors() -> pd.DataFrame:
    return pd.read_csv(DONATIONS)


@pytest.fixture(scope="module")
def model(donors) -> BetaGeoBetaBinomModel:
    return BetaGeoBetaBinomModel().fit(donors, weights="customers")


def _beta_nodes(a, b, n=60):
    """Nodes and normalised weights of Gauss-Jacobi quadrature for p ~ Beta(a, b)."""
    u, w = special.roots_jacobi(n, b - 1.0, a - 1.0)  # weight (1-u)^(b-1) (1+u)^(a-1)
    return (1.0 + u) / 2.0, w / w.sum()


def _individual(p, th, x, tx, n):
    """Individual-level likelihood (FHS 2010 eq. 2) for arrays of p and theta."""
    alive = p**x * (1 - p) ** (n - x) * (1 - th) ** n
    dead = sum(p**x * (1 - p) ** (tx - x + i) * th * (1 - th) ** (tx + i) for i in range(int(n - tx)))
    return alive, alive + dead


def _by_quadrature(params, x, tx, n, n_star):
    al, be, ga, de = params
    p, wp = _beta_nodes(al, be)
    th, wt = _beta_nodes(ga, de)
    P, TH = np.meshgrid(p, th, indexing="ij")
    W = np.outer(wp, wt)
    alive, lik = _individual(P, TH, x, tx, n)
    future = sum(P * (1 - TH) ** k for k in range(1, n_star + 1))  # transactions at n+1 .. n+n*
    L = np.sum(W * lik)
    return np.log(L), np.sum(W * alive * (1 - TH)) / L, np.sum(W * alive * future) / L


def test_reproduces_fader_hardie_shang_2010(donors, model):
    assert int(donors["customers"].sum()) == 11104 and len(donors) == 22
    np.testing.assert_allclose(model.params_.to_numpy(), [1.204, 0.750, 0.657, 2.783], atol=5e-4)
    assert model.log_likelihood_ == pytest.approx(-33225.6, abs=0.05)
    assert model.n_customers_ == 11104 and model.n_distinct_ == 22
    assert (model.standard_errors_ > 0).all()
    table = model.summary(confidence=0.9)
    assert list(table.columns) == ["estimate", "standard_error", "lower_90%", "upper_90%"]
    assert (table["lower_90%"] < table["estimate"]).all() and (table["estimate"] < table["upper_90%"]).all()


def test_likelihood_and_predictions_match_quadrature(donors, model):
    params = model.params_.to_numpy()
    rows = donors[["frequency", "recency", "n_periods"]].to_numpy(dtype=float)
    ll = BetaGeoBetaBinomModel._loglik(params, *rows.T)
    alive = model.probability_alive(donors).to_numpy()
    exp5 = model.expected_purchases(5, donors).to_numpy()
    for k, (x, tx, n) in enumerate(rows.astype(int)):
        q_ll, q_alive, q_exp = _by_quadrature(params, x, tx, n, 5)
        assert ll[k] == pytest.approx(q_ll, abs=1e-9)
        assert alive[k] == pytest.approx(q_alive, rel=1e-8)
        assert exp5[k] == pytest.approx(q_exp, rel=1e-8)
    # unconditional E[X(n)] for a new customer
    uncond = model.expected_purchases_new_customer([1, 6, 11])
    for m, got in zip([1, 6, 11], uncond):
        al, be, ga, de = params
        p, wp = _beta_nodes(al, be)
        th, wt = _beta_nodes(ga, de)
        P, TH = np.meshgrid(p, th, indexing="ij")
        want = np.sum(np.outer(wp, wt) * sum(P * (1 - TH) ** k for k in range(1, m + 1)))
        assert got == pytest.approx(want, rel=1e-9)


def test_weights_equal_expanded_rows(donors, model):
    rows = donors.loc[donors.index.repeat(donors["customers"])].drop(columns="customers")
    expanded = BetaGeoBetaBinomModel().fit(rows)
    np.testing.assert_allclose(expanded.params_, model.params_, rtol=1e-5)
    assert expanded.log_likelihood_ == pytest.approx(model.log_likelihood_, abs=1e-6)
    assert expanded.n_customers_ == 11104


def test_predictions_behave(model):
    one = pd.DataFrame({"frequency": [6, 3, 3, 0], "recency": [6, 6, 3, 0], "n_periods": [6, 6, 6, 6]},
                       index=["a", "b", "c", "d"])
    alive = model.probability_alive(one)
    assert list(alive.index) == ["a", "b", "c", "d"]
    # same frequency, more recent last transaction -> more likely alive, more future transactions
    # (a frequent donor silent for three years is less likely alive than a never-repeater)
    assert alive["b"] > alive["d"] > alive["c"]
    # a transaction in the last period proves the customer alive through n, whatever x
    assert alive["a"] == pytest.approx(alive["b"], rel=1e-12)
    e = model.expected_purchases(10, one)
    assert e["a"] > e["b"] > e["c"] > 0 and e["b"] > e["d"] > 0
    assert (model.expected_purchases(0, one) == 0).all()
    assert (model.expected_purchases(10, one) > model.expected_purchases(5, one)).all()
    assert "alpha=1.204" in repr(model)


def test_bad_input_is_reported():
    with pytest.raises(CxDataError, match="frequency cannot exceed recency"):
        BetaGeoBetaBinomModel().fit(pd.DataFrame({"frequency": [3], "recency": [2], "n_periods": [6]}))
    with pytest.raises(CxDataError, match="recency cannot exceed n_periods"):
        BetaGeoBetaBinomModel().fit(pd.DataFrame({"frequency": [1], "recency": [7], "n_periods": [6]}))
    with pytest.raises(CxDataError, match="lacks column"):
        BetaGeoBetaBinomModel().fit(pd.DataFrame({"frequency": [1]}))
    with pytest.raises(CxDataError, match="weights column"):
        BetaGeoBetaBinomModel().fit(pd.DataFrame({"frequency": [1], "recency": [1], "n_periods": [2]}),
                                    weights="n")
    with pytest.raises(CxParameterError, match="not fitted"):
        BetaGeoBetaBinomModel().probability_alive((1, 1, 2))


def test_bgbb_summary_from_a_log():
    from cxtools.ltv.bgbb import bgbb_summary

    # donor a: first gift 1995 (period 0), gifts in 1997 and 1999 (two gifts in 1999 count once)
    log = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b", "c"],
                        "timestamp": ["1995-06-01", "1997-02-01", "1999-03-01", "1999-09-01", "2001-05-05",
                                      "2002-01-01"]})
    s = bgbb_summary(log, period="Y", observation_end="2001-12-31")
    assert s.loc["a"].tolist() == [2.0, 4.0, 6.0]
    assert s.loc["b"].tolist() == [0.0, 0.0, 0.0]  # first gift in the last year: no opportunity yet
    assert "c" not in s.index  # after the observation end
    q = bgbb_summary(log, period="Q", observation_end="2001-12-31")
    # quarters from 1995Q2: 1997Q1 = 7, 1999Q1 = 15, 1999Q3 = 17; 2001Q4 = 26
    assert q.loc["a"].tolist() == [3.0, 17.0, 26.0]


def test_analytic_gradient_matches_differences(donors):
    m = BetaGeoBetaBinomModel()
    data = tuple(donors[c].to_numpy(float) for c in ("frequency", "recency", "n_periods", "customers"))
    fun, fun_grad = m._objective(data)
    for theta in (np.zeros(4), np.log([1.204, 0.750, 0.657, 2.783]), np.array([0.5, -1.0, 1.0, -0.3])):
        h = 1e-6
        numeric = [(fun(theta + h * e) - fun(theta - h * e)) / (2 * h) for e in np.eye(4)]
        np.testing.assert_allclose(fun_grad(theta)[1], numeric, rtol=1e-6, atol=1e-4)
    # the likelihood with gradient is the same function as the plain one
    ll, _ = BetaGeoBetaBinomModel._loglik_grad(np.array([1.2, 0.75, 0.66, 2.8]), *data[:3])
    np.testing.assert_allclose(ll, BetaGeoBetaBinomModel._loglik(np.array([1.2, 0.75, 0.66, 2.8]), *data[:3]),
                               rtol=1e-14)
