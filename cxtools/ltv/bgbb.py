"""Discrete-time repeat behaviour: the beta-geometric/beta-Bernoulli (BG/BB) model.

For businesses where a customer has one opportunity to act per period (a yearly
donation, an annual event, a renewal window): while "alive", a customer acts in
each period with probability p ~ Beta(alpha, beta); at the start of every period
they drop out for good with probability theta ~ Beta(gamma, delta) (Fader, Hardie
& Shang 2010). The data per customer are the number of repeat transactions ``x``
in ``n`` opportunities after the first, and the period of the last one ``t_x``
(0 if none). Customers with the same (x, t_x, n) are fitted once with a count.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from cxtools.core.checks import UNSET
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.ltv.inputs import _purchase_days
from cxtools.ltv.models import (
    _bad_rows,
    _check_weights,
    _MaxLikelihoodModel,
    _unique_rows,
)

__all__ = ["BetaGeoBetaBinomModel", "bgbb_summary"]

_PERIODS = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day"}

_COLS = ("frequency", "recency", "n_periods")


def _bgbb_input(summary: Any, weights: Any) -> tuple[pd.Index, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Arrays x, t_x, n and weights from a DataFrame (or a tuple of arrays), checked."""
    if isinstance(summary, pd.DataFrame):
        missing = [c for c in _COLS if c not in summary.columns]
        if missing:
            raise CxDataError(
                f"the BG/BB summary lacks column(s) {missing}; it has {list(summary.columns)}. Expected "
                "frequency (repeat transactions), recency (period of the last one, 0 if none) and "
                "n_periods (opportunities after the first transaction) per customer"
            )
        index = summary.index
        arrays = []
        for c in _COLS:
            v = pd.to_numeric(summary[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            bad = ~np.isfinite(v)
            if bad.any():
                raise CxDataError(f"column {c!r} has missing or non-numeric values in {_bad_rows(index, bad)}")
            arrays.append(v)
        if isinstance(weights, str):
            if weights not in summary.columns:
                raise CxDataError(f"weights column {weights!r} is not in the summary ({list(summary.columns)})")
            weights = pd.to_numeric(summary[weights], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    elif isinstance(summary, (tuple, list)) and len(summary) == 3:
        arrays = [a.ravel() for a in np.broadcast_arrays(*[np.atleast_1d(np.asarray(a, float)) for a in summary])]
        index = pd.RangeIndex(arrays[0].size)
    else:
        raise CxParameterError(
            f"expected a DataFrame with columns {list(_COLS)} or a tuple (frequency, recency, n_periods), "
            f"not {type(summary).__name__}"
        )
    x, tx, n = arrays
    checks = [
        ((x < 0) | (np.abs(x - np.round(x)) > 1e-9), "frequency must be a whole number >= 0"),
        ((n < 0) | (np.abs(n - np.round(n)) > 1e-9), "n_periods must be a whole number >= 0"),
        ((tx < 0) | (np.abs(tx - np.round(tx)) > 1e-9), "recency must be a whole number of periods >= 0"),
        (tx > n, "recency cannot exceed n_periods"),
        (x > tx, "frequency cannot exceed recency (at most one transaction per period)"),
        ((x > 0) & (tx == 0), "recency must be >= 1 for customers with repeat transactions"),
        ((x == 0) & (tx != 0), "recency must be 0 for customers without repeat transactions"),
    ]
    for mask, what in checks:
        if mask.any():
            raise CxDataError(f"{what}; violated in {_bad_rows(index, mask)}")
    w = _check_weights(weights, x.size, index)
    return index, np.round(x), np.round(tx), np.round(n), w


def _log_beta_ratio(a, b, da, db):
    """log B(a + da, b + db) - log B(a, b)."""
    return special.betaln(a + da, b + db) - special.betaln(a, b)


class BetaGeoBetaBinomModel(_MaxLikelihoodModel):
    """BG/BB model of discrete-time repeat transactions (Fader, Hardie & Shang 2010).

    In each of ``n`` opportunities after the first transaction, an alive customer
    transacts with probability p ~ Beta(alpha, beta); before each opportunity
    they become inactive for good with probability theta ~ Beta(gamma, delta).
    Parameters ``alpha, beta, gamma, delta``, fitted by maximum likelihood.

    Attributes
    ----------
    params_ : Series
        Estimates of alpha, beta, gamma, delta.
    standard_errors_ : Series
        Asymptotic standard errors (inverse observed information, delta method).
    log_likelihood_ : float
        Maximised log-likelihood.
    n_customers_, n_distinct_ : int
        Customers fitted and distinct (frequency, recency, n_periods) rows.

    Notes
    -----
    Input columns: ``frequency`` = x, repeat transactions (0..n); ``recency`` =
    t_x, the opportunity of the last repeat transaction (0 if none, else 1..n);
    ``n_periods`` = n, opportunities after the first transaction. A donor who
    first gave in 1995 and gave again in 1997 and 1999, observed to 2001, has
    x = 2, t_x = 4, n = 6. Predictions are per opportunity (period).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in
    a discrete-time noncontractual setting. Marketing Science 29(6), 1086-1108:
    likelihood eq. (5), E[X(n)] eq. (7), P(alive) eq. (11), conditional
    expectation eq. (13); estimates on the 1995 donor cohort (11,104 donors, 6
    opportunities): alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783,
    LL = -33,225.6.

    Examples
    --------
    >>> import pandas as pd
    >>> donors = pd.read_csv("data/donations/donations_1995_cohort.csv")
    >>> int(donors["customers"].sum())
    11104
    >>> bgbb = BetaGeoBetaBinomModel().fit(donors, weights="customers")
    >>> bgbb.params_.round(3).to_dict()
    {'alpha': 1.204, 'beta': 0.75, 'gamma': 0.657, 'delta': 2.783}
    >>> round(bgbb.log_likelihood_, 1)
    -33225.6
    >>> one = pd.DataFrame({"frequency": [3], "recency": [4], "n_periods": [6]})
    >>> round(float(bgbb.probability_alive(one).iloc[0]), 3)
    0.44
    >>> round(float(bgbb.expected_purchases(5, one).iloc[0]), 3)
    1.035
    """

    _param_names = ("alpha", "beta", "gamma", "delta")
    _label = "BG/BB"

    def __init__(self) -> None:
        self.time_unit = "period"  # one opportunity per period; the length is the user's

    def __repr__(self) -> str:
        if not hasattr(self, "params_"):
            return "BetaGeoBetaBinomModel(not fitted)"
        ps = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return (f"BetaGeoBetaBinomModel({ps}; log-likelihood {self.log_likelihood_:.2f}, "
                f"{self.n_customers_} customers)")

    # ------------------------------------------------------------------ fitting
    def fit(self, summary: Any, *, weights: Any = None) -> "BetaGeoBetaBinomModel":
        """Fit by maximum likelihood.

        Parameters
        ----------
        summary : DataFrame or tuple of arrays
            Columns ``frequency``, ``recency``, ``n_periods`` (see Notes of the
            class), or a tuple of three arrays.
        weights : str or array-like, optional
            Number of customers each row stands for: a column of ``summary``
            (e.g. ``"customers"`` for a count table) or an array. Default 1 each.

        Returns
        -------
        self
        """
        index, x, tx, n, w = _bgbb_input(summary, weights)
        (x, tx, n), w = _unique_rows([x, tx, n], w)
        if w.sum() <= 0:
            raise CxDataError("all weights are zero; nothing to fit")
        self.n_customers_ = int(round(w.sum()))
        self.n_distinct_ = int(w.size)
        self._optimise((x, tx, n, w), float(w.sum()))
        return self

    def _start(self, data: tuple) -> np.ndarray:
        return np.zeros(4)

    @staticmethod
    def _loglik(params, x, tx, n):
        """Per-customer log-likelihood, Fader, Hardie & Shang (2010) eq. (5), in logs."""
        al, be, ga, de = params
        # alive through all n opportunities
        first = _log_beta_ratio(al, be, x, n - x) + _log_beta_ratio(ga, de, 0.0, n)
        # inactive from opportunity t_x + i + 1 on, i = 0 .. n - t_x - 1
        m = int(np.max(n - tx)) if x.size else 0
        terms = [first]
        for i in range(m):
            ok = i < n - tx
            t = _log_beta_ratio(al, be, x, tx - x + i) + _log_beta_ratio(ga, de, 1.0, tx + i)
            terms.append(np.where(ok, t, -np.inf))
        return special.logsumexp(np.vstack(terms), axis=0)

    @staticmethod
    def _loglik_grad(params, x, tx, n):
        """Per-customer log-likelihood (eq. 5) and its gradient in (alpha, beta, gamma, delta).

        Every term of eq. (5) is a product of two beta-function ratios, whose log-derivatives are
        differences of digammas; the gradient of the log of the sum weights them by their shares.
        """
        al, be, ga, de = params
        dg = special.digamma
        pab, pgd, pa, pb, pg, pd_ = dg(al + be), dg(ga + de), dg(al), dg(be), dg(ga), dg(de)

        def term(y, dg_, dd_):
            # log[B(al+x, be+y)/B(al,be) B(ga+dg_, de+dd_)/B(ga,de)] and its 4 partial derivatives
            v = _log_beta_ratio(al, be, x, y) + _log_beta_ratio(ga, de, dg_, dd_)
            sab = dg(al + be + x + y)
            sgd = dg(ga + de + dg_ + dd_)
            grad = np.stack([dg(al + x) - sab - pa + pab, dg(be + y) - sab - pb + pab,
                             dg(ga + dg_) - sgd - pg + pgd, dg(de + dd_) - sgd - pd_ + pgd])
            return v, grad

        v0, g0 = term(n - x, 0.0, n)
        vals, grads = [v0], [g0]
        m = int(np.max(n - tx)) if x.size else 0
        for i in range(m):
            v, g = term(np.maximum(tx - x + i, 0.0), 1.0, tx + i)
            vals.append(np.where(i < n - tx, v, -np.inf))
            grads.append(g)
        V = np.vstack(vals)
        ll = special.logsumexp(V, axis=0)
        share = np.exp(V - ll)  # each term's share of the likelihood (0 where absent)
        grad = sum(share[k] * grads[k] for k in range(len(grads)))
        return ll, grad

    def _objective(self, data: tuple):
        x, tx, n, w = data

        def fun_grad(theta):
            p = np.exp(theta)
            ll, g = self._loglik_grad(p, x, tx, n)
            return -float(np.dot(w, ll)), -(g @ w) * p  # chain rule for log-parameters

        def fun(theta):
            return fun_grad(theta)[0]

        return fun, fun_grad

    def summary(self, *, confidence: float = 0.95, level: Any = UNSET) -> pd.DataFrame:
        """Estimates with standard errors and intervals (symmetric on the log scale)."""
        return super().summary(confidence=confidence, level=level)

    # ------------------------------------------------------------------ predictions
    def _xtn(self, summary: Any):
        self._check_fitted()
        index, x, tx, n, _ = _bgbb_input(summary, None)
        return index, x, tx, n

    def _p_alive(self, params, x, tx, n):
        al, be, ga, de = params
        # alive at opportunity n + 1: eq. (11)
        num = _log_beta_ratio(al, be, x, n - x) + _log_beta_ratio(ga, de, 0.0, n + 1)
        return np.exp(num - self._loglik(params, x, tx, n))

    def _expected(self, params, n_star, x, tx, n):
        al, be, ga, de = params
        if abs(ga - 1.0) < 1e-9:  # removable singularity of delta / (gamma - 1): nudge gamma
            return self._expected(np.array([al, be, ga + 1e-7, de]), n_star, x, tx, n)
        # eq. (13): 1/L B(a+x+1, b+n-x)/B(a,b) delta/(gamma-1) G(g+d)/G(1+d)
        #           [G(1+d+n)/G(g+d+n) - G(1+d+n+n*)/G(g+d+n+n*)]
        lead = _log_beta_ratio(al, be, x + 1.0, n - x) - self._loglik(params, x, tx, n)
        lg = special.gammaln(ga + de) - special.gammaln(1.0 + de)
        u = special.gammaln(1.0 + de + n) - special.gammaln(ga + de + n)
        v = special.gammaln(1.0 + de + n + n_star) - special.gammaln(ga + de + n + n_star)
        # G(..n)/G(..n) - G(..n+n*)/G(..n+n*) = e^u (1 - e^(v-u)); its sign is that of 1 - gamma
        return de / (ga - 1.0) * np.exp(lead + lg + u) * -np.expm1(v - u)

    def _unconditional(self, params, n):
        al, be, ga, de = params
        if abs(ga - 1.0) < 1e-9:
            return self._unconditional(np.array([al, be, ga + 1e-7, de]), n)
        # eq. (7): alpha/(alpha+beta) delta/(gamma-1) [1 - G(g+d)/G(g+d+n) G(1+d+n)/G(1+d)]
        d = (special.gammaln(ga + de) - special.gammaln(ga + de + n)
             + special.gammaln(1.0 + de + n) - special.gammaln(1.0 + de))
        return al / (al + be) * de / (ga - 1.0) * -np.expm1(d)

    @staticmethod
    def _check_periods(n_periods: Any) -> float:
        try:
            k = float(n_periods)
        except (TypeError, ValueError) as exc:
            raise CxParameterError(f"n_periods must be a whole number of periods, not {n_periods!r}") from exc
        if not math.isfinite(k) or k < 0 or k != round(k):
            raise CxParameterError(f"n_periods must be a whole number >= 0, got {n_periods!r}")
        return k

    def probability_alive(self, summary: Any) -> pd.Series:
        """Probability that each customer is still active at the next opportunity (eq. 11).

        Parameters
        ----------
        summary : DataFrame or tuple of arrays
            ``frequency``, ``recency``, ``n_periods`` per customer.

        Returns
        -------
        Series
            Indexed like ``summary``.
        """
        return self._per_customer("probability_alive", self._p_alive, self._xtn(summary))

    def expected_purchases(self, n_periods: int, summary: Any) -> pd.Series:
        """Expected transactions in the next ``n_periods`` opportunities, per customer (eq. 13).

        Parameters
        ----------
        n_periods : int
            Number of future opportunities.
        summary : DataFrame or tuple of arrays
            ``frequency``, ``recency``, ``n_periods`` per customer.

        Returns
        -------
        Series
            Indexed like ``summary``.
        """
        k = self._check_periods(n_periods)
        return self._per_customer("expected_purchases", self._expected, self._xtn(summary), k)

    def expected_purchases_new_customer(self, n_periods: Any) -> np.ndarray:
        """Expected repeat transactions of a new customer in ``n_periods`` opportunities (eq. 7)."""
        self._check_fitted()
        n = np.asarray(n_periods, dtype=float)
        if np.any(n < 0) or not np.all(np.isfinite(n)):
            raise CxParameterError("n_periods must be finite and >= 0")
        return self._unconditional(self.params_.to_numpy(), n)


def bgbb_summary(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    period: str = "Y",
    observation_end: Any = None,
) -> pd.DataFrame:
    """Per-customer (frequency, recency, n_periods) for the BG/BB model from a transaction log.

    Time is cut into calendar periods (years by default); a customer's first
    period with a transaction is their period 0, every later period up to the
    one containing ``observation_end`` is an opportunity. ``frequency`` counts
    the opportunities with at least one transaction, ``recency`` is the last
    of them (0 if none), ``n_periods`` the number of opportunities.

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction with ``customer`` and ``timestamp`` columns.
    customer, timestamp : str
        Column names.
    period : {"Y", "Q", "M", "W", "D"}
        Length of one opportunity: year, quarter, month, week or day.
    observation_end : date-like, optional
        Last day observed (default: the last transaction). Transactions after
        it are ignored.

    Returns
    -------
    DataFrame
        Index ``customer``; columns ``frequency``, ``recency``, ``n_periods``.

    Raises
    ------
    CxDataError
        Missing customer ids or unreadable timestamps (rows named).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in
    a discrete-time noncontractual setting. Marketing Science 29(6), 1086-1108,
    section 2 (the (x, t_x, n) summary).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b"],
    ...                     "timestamp": ["1995-03-01", "1995-11-20", "1997-05-02", "1999-12-24", "1998-01-10"]})
    >>> bgbb_summary(log, period="Y", observation_end="2001-12-31")
                 frequency  recency  n_periods
    customer_id
    a                  2.0      4.0        6.0
    b                  0.0      0.0        3.0
    """
    if period not in _PERIODS:
        raise CxParameterError(f"period={period!r}; use one of {sorted(_PERIODS)} ({_PERIODS})")
    transactions, ts = _purchase_days(transactions, customer=customer, timestamp=timestamp)
    end = pd.Timestamp(observation_end) if observation_end is not None else ts.max()
    keep = (ts <= end).to_numpy()
    freq = {"W": "W", "D": "D", "M": "M", "Q": "Q", "Y": "Y"}[period]
    per = ts[keep].dt.to_period(freq)
    ordinal = np.asarray(per.array.asi8, dtype=np.int64)
    frame = pd.DataFrame({"c": transactions[customer].to_numpy()[keep], "p": ordinal}).drop_duplicates()
    end_ord = pd.Timestamp(end).to_period(freq).ordinal
    g = frame.groupby("c", sort=True)["p"]
    first, last, count = g.min(), g.max(), g.size()
    out = pd.DataFrame({
        "frequency": (count - 1).astype(float),
        "recency": np.where(count > 1, last - first, 0).astype(float),
        "n_periods": (end_ord - first).astype(float),
    })
    out.index.name = customer
    return out
