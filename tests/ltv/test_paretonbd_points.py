"""Pareto/NBD predictions at many (x, t_x, T) points against a direct numerical integration.

The closed forms in :class:`cxtools.ltv.models.ParetoNBDModel` (Fader, Hardie & Lee 2005,
"A note on deriving the Pareto/NBD model and related expressions", eqs. 18 and 19, through the
Gaussian hypergeometric function) are checked against an independent computation: the
posterior expectations of the individual-level quantities over the gamma mixing distributions of
the purchase rate lambda ~ Gamma(r, alpha) and the dropout rate mu ~ Gamma(s, beta), integrated
numerically (Schmittlein, Morrison & Colombo 1987):

    L(lambda, mu | x, t_x, T) = lambda^x e^{-(lambda+mu) T}
                                + lambda^x mu / (lambda+mu) (e^{-(lambda+mu) t_x} - e^{-(lambda+mu) T})
    P(alive | x, t_x, T)      = E[lambda^x e^{-(lambda+mu) T}] / E[L]
    E[X(t) | x, t_x, T]       = E[lambda^x e^{-(lambda+mu) T} (lambda/mu)(1 - e^{-mu t})] / E[L]

The points are chosen so that t_x is far from T as well as close to it (a P(alive) written with
``beta + t_x`` in place of ``beta + T`` agrees with the truth only where the two are close).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxtools.ltv.models import ParetoNBDModel

# Fader, Hardie & Lee (2005) CDNOW estimates (weeks)
PARAMS = dict(r=0.5533, alpha=10.5776, s=0.6061, beta=11.6562)

POINTS = [  # (x, t_x, T): long silence, recent buyers, no repeat purchase, heavy buyers
    (2, 10.0, 38.0),
    (0, 0.0, 38.0),
    (1, 2.0, 39.0),
    (5, 30.0, 38.0),
    (3, 37.5, 38.0),
    (10, 20.0, 52.0),
    (7, 5.0, 30.0),
]


def _expectations(x: int, tx: float, T: float, t: float) -> tuple[float, float]:
    """P(alive) and E[X(t)] by Gauss-Legendre quadrature over (log lambda, log mu), in log space."""
    r, alpha, s, beta = PARAMS["r"], PARAMS["alpha"], PARAMS["s"], PARAMS["beta"]
    nodes, weights = np.polynomial.legendre.leggauss(400)
    lo, hi = -40.0, 4.0  # log-rates: from e^-40 (prior mass there is negligible) to e^4 per week
    u = (hi - lo) / 2 * nodes + (hi + lo) / 2
    w = (hi - lo) / 2 * weights
    lam, mu = np.exp(u)[:, None], np.exp(u)[None, :]
    # log of the mixing densities times the Jacobian of u = log(rate)
    log_prior = (stats.gamma(r, scale=1 / alpha).logpdf(lam) + np.log(lam)
                 + stats.gamma(s, scale=1 / beta).logpdf(mu) + np.log(mu))
    log_alive = x * np.log(lam) - (lam + mu) * T
    # lambda^x mu/(lambda+mu) (e^{-(lambda+mu) t_x} - e^{-(lambda+mu) T}), kept in logs
    log_dead = (x * np.log(lam) + np.log(mu) - np.log(lam + mu) - (lam + mu) * tx
                + np.log(-np.expm1(-(lam + mu) * (T - tx)))) if T > tx else np.full_like(log_alive, -np.inf)
    ww = np.log(w)[:, None] + np.log(w)[None, :] + log_prior
    shift = np.max(ww + np.logaddexp(log_alive, log_dead))

    def integral(log_f):
        return float(np.sum(np.exp(ww + log_f - shift)))

    total = integral(np.logaddexp(log_alive, log_dead))
    p_alive = integral(log_alive) / total
    expected = integral(log_alive + np.log(lam) - np.log(mu) + np.log(-np.expm1(-mu * t))) / total
    return p_alive, expected


@pytest.fixture(scope="module")
def model() -> ParetoNBDModel:
    return ParetoNBDModel.from_params(time_unit="week", **PARAMS)


@pytest.mark.parametrize("x,tx,T", POINTS)
def test_paretonbd_probability_alive_and_expected_purchases_equal_direct_integration(model, x, tx, T):
    summary = pd.DataFrame({"frequency": [x], "recency": [tx], "T": [T]})
    p_alive, expected = _expectations(x, tx, T, t=39.0)
    assert float(model.probability_alive(summary).iloc[0]) == pytest.approx(p_alive, rel=1e-5, abs=1e-8)
    assert float(model.expected_purchases(39.0, summary).iloc[0]) == pytest.approx(expected, rel=1e-5)


def test_paretonbd_probability_alive_falls_with_the_silence_since_the_last_purchase(model):
    summary = pd.DataFrame({"frequency": [2, 2, 2], "recency": [36.0, 20.0, 5.0], "T": [38.0] * 3})
    p = model.probability_alive(summary).to_numpy()
    assert np.all(np.diff(p) < 0)
