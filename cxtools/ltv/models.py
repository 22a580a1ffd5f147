"""Repeat-buying models for non-contractual customers and customer lifetime value.

- :class:`BetaGeoModel` -- BG/NBD (Fader, Hardie & Lee 2005a): purchases follow a
  Poisson process while the customer is "alive"; after every purchase the
  customer drops out with probability p.
- :class:`ParetoNBDModel` -- Pareto/NBD (Schmittlein, Morrison & Colombo 1987):
  as above, but dropout can happen at any time (exponential lifetime).
- :class:`GammaGammaModel` -- spend per purchase (Fader, Hardie & Lee 2005b;
  Fader & Hardie 2013).
- :func:`customer_lifetime_value` -- margin x expected spend x discounted
  expected purchases, with intervals from the parameters' uncertainty.

The models take the per-customer summary of :func:`cxtools.ltv.rfm.rfm_summary`
(lifetimes' definitions): ``frequency`` = number of *repeat* purchase days,
``recency`` = age at the last purchase, ``T`` = age at the end of observation,
all durations in the model's ``time_unit``. Example: bought on days 0, 17 and
213, observed to day 272, in weeks: frequency 2, recency 30.43, T 38.86.

Fitting is maximum likelihood in log-space (``gammaln``/``betaln``,
``logaddexp``, hypergeometric functions in forms whose series have positive
terms), so long histories and high frequencies neither overflow nor give NaN.
Customers with the same (frequency, recency, T) are fitted once with a count, so
a million customers cost only as much as their distinct summaries.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy import optimize, special

from cxtools.core import vocabulary
from cxtools.core.checks import UNSET, check_confidence, renamed
from cxtools.core.vocabulary import DAYS_PER_UNIT, DEFAULT_CONFIDENCE
from cxtools.core.errors import (
    CxConvergenceError,
    CxConvergenceWarning,
    CxDataError,
    CxDataWarning,
    CxParameterError,
)

__all__ = [
    "BetaGeoModel",
    "ParetoNBDModel",
    "GammaGammaModel",
    "customer_lifetime_value",
    "holdout_comparison",
    "holdout_errors",
    "HoldoutErrors",
    "load_model",
]

#: Length of the periods a discount rate can be stated for, in days (the time units of the one vocabulary).
DISCOUNT_PERIOD_DAYS: dict[str, float] = DAYS_PER_UNIT


# ----------------------------------------------------------------------------- input handling
def _check_time_unit(time_unit: str, func: str = "time_unit") -> str:
    """``time_unit`` in the one vocabulary (``"week"``; the old ``"W"`` with a FutureWarning)."""
    return vocabulary.time_unit(time_unit, func=func)


def _stored_time_unit(time_unit: Any) -> Any:
    """A time unit read from a saved model or a summary's attrs: old letters ("W") read as the new names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            return vocabulary.time_unit(time_unit)
        except CxParameterError:
            return time_unit


def _column(summary: pd.DataFrame, name: str) -> str:
    """Accept lifetimes' plain names and the ``_cal`` names of a calibration summary."""
    for cand in (name, f"{name}_cal"):
        if cand in summary.columns:
            return cand
    raise CxDataError(
        f"the summary lacks a {name!r} column (or {name + '_cal'!r}); it has {list(summary.columns)}. "
        "Build it with cxtools.ltv.rfm_summary()"
    )


def _bad_rows(index: pd.Index, mask: np.ndarray) -> str:
    labels = list(index[np.flatnonzero(mask)[:5]])
    return f"{int(mask.sum())} rows (first: {labels})"


def _as_summary(summary: Any, cols: tuple[str, ...]) -> tuple[pd.Index, list[np.ndarray]]:
    """Return index and float arrays of the requested summary columns."""
    if isinstance(summary, pd.DataFrame):
        index = summary.index
        arrays = []
        for c in cols:
            col = _column(summary, c)
            series = summary[col]
            if pd.api.types.is_float_dtype(series.dtype) and isinstance(series.dtype, np.dtype):
                values = series.to_numpy(dtype=float)  # plain numpy floats: no parsing needed
            else:
                values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            bad = ~np.isfinite(values)
            if bad.any():
                raise CxDataError(
                    f"column {col!r} has missing or non-numeric values in {_bad_rows(index, bad)}; "
                    "expected a number for every customer"
                )
            arrays.append(values)
        return index, arrays
    if isinstance(summary, (tuple, list)) and len(summary) == len(cols):
        arrays = [np.atleast_1d(np.asarray(a, dtype=float)) for a in summary]
        arrays = list(np.broadcast_arrays(*arrays))
        index = pd.RangeIndex(arrays[0].size)
        arrays = [a.ravel() for a in arrays]
        for name, values in zip(cols, arrays):
            bad = ~np.isfinite(values)
            if bad.any():
                raise CxDataError(f"{name} has missing or infinite values in {_bad_rows(index, bad)}")
        return index, arrays
    raise CxParameterError(
        f"expected a summary DataFrame with columns {list(cols)} (see rfm_summary) or a tuple of "
        f"{len(cols)} arrays ({', '.join(cols)}), not {type(summary).__name__}"
    )


def _check_frt(index: pd.Index, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> None:
    checks = [
        (x < 0, "frequency must be >= 0"),
        (np.abs(x - np.round(x)) > 1e-9, "frequency must be a whole number of repeat purchases"),
        (tx < 0, "recency must be >= 0"),
        (T < 0, "T (customer age at the end of observation) must be >= 0"),
        (tx > T * (1 + 1e-12) + 1e-12, "recency (age at last purchase) cannot exceed T (age now)"),
        ((x == 0) & (tx != 0), "recency must be 0 for customers without repeat purchases (frequency 0)"),
    ]
    for mask, what in checks:
        if mask.any():
            raise CxDataError(f"{what}; violated in {_bad_rows(index, mask)}")


def _check_weights(weights: Any, n: int, index: pd.Index) -> np.ndarray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=float).ravel()
    if w.size != n:
        raise CxParameterError(f"weights has {w.size} values but the summary has {n} rows")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise CxDataError(f"weights must be finite and >= 0; violated in {_bad_rows(index, bad)}")
    return w


def _unique_rows(cols: list[np.ndarray], w: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Collapse identical rows into one row with the summed weight (hash-based, O(n))."""
    key = np.zeros(cols[0].size, dtype=np.int64)
    for c in cols:
        codes, uniq = pd.factorize(c)
        key = key * len(uniq) + codes
    codes, _ = pd.factorize(key)
    first = np.full(codes.max() + 1, -1, dtype=np.int64)
    order = np.arange(codes.size)[::-1]
    first[codes[order]] = order
    weights = np.bincount(codes, weights=w)
    keep = weights > 0
    return [c[first][keep] for c in cols], weights[keep]


class _Indexed:
    """Distinct summary rows plus codes into their distinct x, t_x, T values and (x, t) pairs.

    Terms that depend on x alone (gamma functions), on T or t_x alone (logs), or on
    (x, t) pairs (hypergeometric functions) are computed once per distinct value.
    """

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> None:
        self.x, self.tx, self.T, self.w = x, tx, T, w
        self.wsum = float(w.sum())
        self.ix, self.ux = pd.factorize(x)
        self.iT, self.uT = pd.factorize(T)
        self.itx, self.utx = pd.factorize(tx)
        self.wx = np.bincount(self.ix, weights=w, minlength=self.ux.size)
        self.ixt, self.pair_tx = self._pairs(self.ix, self.itx, self.ux, self.utx)
        self.ixT, self.pair_T = self._pairs(self.ix, self.iT, self.ux, self.uT)

    @staticmethod
    def _pairs(i1, i2, u1, u2):
        codes, uniq = pd.factorize(i1.astype(np.int64) * len(u2) + i2)
        return codes, (u1[uniq // len(u2)], u2[uniq % len(u2)])


# ----------------------------------------------------------------------------- numerics
def _log1mexp(d: np.ndarray) -> np.ndarray:
    """log(1 - exp(d)) for d <= 0; expm1 keeps it accurate near 0 (Maechler 2012)."""
    with np.errstate(divide="ignore"):
        return np.log(-np.expm1(np.minimum(d, 0.0)))


def _log_hyp2f1_c_a_plus_1(a: np.ndarray, b: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log 2F1(a, b; a + 1; z) for 0 <= z < 1, a > 0, b > 0.

    Euler's transformation 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)
    turns it into (1 - z)^(1 - b) 2F1(1, a + 1 - b; a + 1; z), whose series has
    positive terms bounded by those of 1 / (1 - z), so it neither overflows nor
    cancels for large a (large frequency) (Abramowitz & Stegun 1964, 15.3.3).
    """
    f = special.hyp2f1(1.0, a + 1.0 - b, a + 1.0, z)
    return (1.0 - b) * np.log1p(-z) + np.log(f)


def _numeric_grad(fun: Callable[[np.ndarray], float], theta: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        g[i] = (fun(theta + e) - fun(theta - e)) / (2 * h)
    return g


def _newton_polish(fg, theta, H, *, xtol: float, max_iter: int = 50):
    """Quasi-Newton steps from a good start and Hessian, with Armijo backtracking.

    ``H`` (Hessian of the mean negative log-likelihood, from a subsample or the full data
    at the start) is refined by BFGS updates, so convergence is superlinear. Stops when
    the Newton step in log-parameters is below ``xtol``. Returns (theta, iterations), or
    (None, iterations) to ask the caller for a full quasi-Newton search instead.
    """
    f, g = fg(theta)
    if f >= 1e299:
        return None, 0
    H = (H + H.T) / 2
    for it in range(max_iter):
        step = -np.linalg.solve(H, g)
        # stop on the size of the Newton step in log-parameters (relative parameter change):
        # it measures closeness to the maximum whatever the curvature of each parameter
        if np.max(np.abs(step)) < xtol:
            return theta + step, it
        slope = float(g @ step)
        if slope >= 0:
            return None, it
        if -slope < 1e-13 * max(1.0, abs(f)):
            # the predicted gain is below what the log-likelihood can resolve: take the step
            return theta + step, it
        t = 1.0
        while t > 1e-6:
            new = theta + t * step
            if np.all(np.abs(new) < 15.0):
                f_new, g_new = fg(new)
                if f_new <= f + 1e-4 * t * slope:
                    break
            t /= 2
        else:
            # no decrease within rounding: accept if we are already at the noise floor
            return (theta, it) if np.max(np.abs(step)) < 1e3 * xtol else (None, it)
        sk, yk = new - theta, g_new - g
        sy = float(sk @ yk)
        if sy > 0:  # BFGS update of the Hessian
            Hs = H @ sk
            H = H + np.outer(yk, yk) / sy - np.outer(Hs, Hs) / float(sk @ Hs)
        theta, f, g = new, f_new, g_new
    return None, max_iter


def _hessian_from_fun(fun: Callable[[np.ndarray], float], theta: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Second differences of the (summed) negative log-likelihood: 1 + 2k + k(k-1)/2 evaluations."""
    k = theta.size
    f0 = fun(theta)
    E = np.eye(k) * h
    fp = np.array([fun(theta + E[i]) for i in range(k)])
    fm = np.array([fun(theta - E[i]) for i in range(k)])
    H = np.diag((fp - 2 * f0 + fm) / h**2)
    for i in range(k):
        for j in range(i):
            H[i, j] = H[j, i] = (fun(theta + E[i] + E[j]) - fp[i] - fp[j] + f0) / h**2
    return H


def _hessian_from_grad(grad: Callable[[np.ndarray], np.ndarray], theta: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Forward differences of the analytic gradient: k + 1 evaluations."""
    k = theta.size
    g0 = grad(theta)
    H = np.empty((k, k))
    for i in range(k):
        e = np.zeros(k)
        e[i] = h
        H[i] = (grad(theta + e) - g0) / h
    return (H + H.T) / 2


# ----------------------------------------------------------------------------- base class
class _MaxLikelihoodModel:
    """Shared fitting machinery: optimise in log-parameters, standard errors from the Hessian."""

    _param_names: tuple[str, ...] = ()
    _label = ""
    n_customers_: int
    n_distinct_: int

    def __init__(self, *, time_unit: str = "week") -> None:
        self.time_unit = _check_time_unit(time_unit, type(self).__name__)

    # subclasses give _objective(data) -> (fun, fun_grad) of the summed negative log-likelihood
    # in log-parameters, and _start(data) -> starting log-parameters
    def _objective(self, data: Any) -> tuple[Callable, Callable]:
        raise NotImplementedError

    def _start(self, data: Any) -> np.ndarray:
        raise NotImplementedError

    #: Newton step (in log-parameters) at which polishing stops; looser for numeric gradients
    _polish_xtol = 1e-9

    def _optimise(self, data: Any, total_weight: float, warm: tuple | None = None) -> None:
        fun, fun_grad = self._objective(data)
        scale = 1.0 / total_weight  # optimise the mean log-likelihood: tolerances independent of n

        def fg(theta: np.ndarray) -> tuple[float, np.ndarray]:
            v, gr = fun_grad(theta)
            if not np.isfinite(v) or not np.all(np.isfinite(gr)):
                return 1e300, np.zeros_like(theta)
            return v * scale, gr * scale

        def grad(theta: np.ndarray) -> np.ndarray:
            return fun_grad(theta)[1]

        theta = None
        if warm is not None:
            theta, nit = _newton_polish(fg, warm[0], warm[1], xtol=self._polish_xtol)
            message = "converged: Newton steps from a subsample fit"
        if theta is None:
            theta0 = self._start(data)
            res = optimize.minimize(
                fg, theta0, jac=True, method="L-BFGS-B", bounds=[(-15.0, 15.0)] * theta0.size,
                options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-9},
            )
            theta, nit, message = res.x, res.nit, str(res.message)
        fval, gval = fg(theta)
        gnorm = float(np.max(np.abs(gval)))

        # the few fields the messages below use
        outcome = SimpleNamespace(fun=fval, message=message, nit=nit)
        at_bound = np.isclose(np.abs(theta), 15.0)
        names = np.array(self._param_names)
        if not np.isfinite(outcome.fun) or outcome.fun >= 1e299 or not np.all(np.isfinite(theta)):
            raise CxConvergenceError(
                f"{self._label}: the log-likelihood is not finite at any parameters tried "
                f"({outcome.message}). Check the summary (frequency, recency, T in {self.time_unit!r}) "
                "for extreme values or a wrong time unit."
            )
        if at_bound.any():
            raise CxConvergenceError(
                f"{self._label}: parameter(s) {list(names[at_bound])} ran to the edge of the search "
                f"range (exp(+-15)); the data do not identify them ({outcome.message}). Typical causes: "
                "almost nobody drops out or almost nobody returns in this window, or durations in "
                "the wrong time unit. Try a longer observation window, check time_unit, or use the "
                "other repeat-buying model."
            )
        if gnorm > 1e-4:
            raise CxConvergenceError(
                f"{self._label}: the optimiser stopped before the maximum ({outcome.message}; largest "
                f"gradient {gnorm:.2g} per customer after {outcome.nit} iterations). Try rescaling time "
                "(time_unit='week' instead of 'day'), removing corrupt rows, or the other model."
            )
        self.converged_ = True
        self.optimizer_message_ = str(message)
        self.n_iterations_ = int(outcome.nit)
        self._theta = theta
        self.log_likelihood_ = float(-fun(theta))
        self.params_ = pd.Series(np.exp(theta), index=list(self._param_names), name="estimate")
        # observed information of the log-parameters; standard errors by the delta method
        H = self._hessian(fun, grad, theta)
        try:
            cov = np.linalg.inv(H)
            ok = bool(np.all(np.linalg.eigvalsh(H) > 0))
        except np.linalg.LinAlgError:
            ok = False
        if not ok:
            warnings.warn(
                f"{self._label}: the information matrix is not positive definite; standard errors "
                "and CLV intervals are not available (parameters are weakly identified).",
                CxConvergenceWarning,
                stacklevel=3,
            )
            cov = np.full((theta.size, theta.size), np.nan)
        self.log_param_covariance_ = pd.DataFrame(cov, index=self.params_.index, columns=self.params_.index)
        self.standard_errors_ = pd.Series(
            self.params_.to_numpy() * np.sqrt(np.diag(cov)), index=self.params_.index, name="standard_error"
        )

    def _hessian(self, fun, grad, theta):
        return _hessian_from_grad(grad, theta)

    def _warm_start(self, cols: list[np.ndarray], w: np.ndarray, build: Callable,
                    n_sample: int = 20_000) -> tuple | None:
        """Start values and Hessian from a fit to a weighted random subsample, when the data are large.

        Only a starting point: the full data are then fitted to convergence, in far fewer
        iterations than from a cold start.
        """
        if w.size <= 3 * n_sample:
            return None
        rng = np.random.default_rng(20050101)
        counts = rng.multinomial(n_sample, w / w.sum()).astype(float)
        keep = counts > 0
        sub = build([c[keep] for c in cols], counts[keep])
        fun, fun_grad = self._objective(sub)
        theta = self._start(sub)
        res = optimize.minimize(lambda th: tuple(v / n_sample for v in fun_grad(th)), theta, jac=True,
                                method="L-BFGS-B", bounds=[(-15.0, 15.0)] * theta.size,
                                options={"maxiter": 500, "ftol": 1e-8, "gtol": 1e-5})
        start = res.x
        if not np.all(np.isfinite(start)) or np.any(np.abs(start) > 14.0):
            return None
        H = self._hessian(fun, lambda th: fun_grad(th)[1], start) / n_sample
        if not np.all(np.isfinite(H)) or np.any(np.linalg.eigvalsh((H + H.T) / 2) <= 0):
            return None
        return start, H

    def _per_customer(self, name: str, compute: Callable[..., np.ndarray], columns: tuple, *lead: Any) -> pd.Series:
        """``compute(params, *lead, *customer columns)`` as a Series named ``name``, indexed like the summary.

        ``columns`` is ``(index, column, column, ...)`` as the model's summary reader returns it.
        """
        index, *cols = columns
        return pd.Series(compute(self.params_.to_numpy(), *lead, *cols), index=index, name=name)

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise CxParameterError(f"{self._label} is not fitted yet: call .fit(summary) first")

    def summary(self, *, confidence: float = 0.95, level: Any = UNSET) -> pd.DataFrame:
        """Table of the estimates with standard errors and confidence intervals.

        Intervals are symmetric on the log scale (the parameters are positive).
        ``level`` is the old name of ``confidence`` (FutureWarning).
        """
        self._check_fitted()
        level = check_confidence(renamed("level", level, "confidence", confidence, func="summary", default=0.95),
                                 func="summary")
        z = special.ndtri(0.5 + level / 2)
        se_log = np.sqrt(np.diag(self.log_param_covariance_.to_numpy()))
        pct = f"{level:.0%}"
        return pd.DataFrame(
            {
                "estimate": self.params_,
                "standard_error": self.standard_errors_,
                f"lower_{pct}": self.params_ * np.exp(-z * se_log),
                f"upper_{pct}": self.params_ * np.exp(z * se_log),
            }
        ).rename_axis("parameter")

    def _draw_params(self, n_draws: int, rng: np.random.Generator) -> np.ndarray:
        """Parameter draws from the asymptotic normal distribution of the log-parameters."""
        cov = self.log_param_covariance_.to_numpy()
        if not np.all(np.isfinite(cov)):
            raise CxParameterError(
                f"{self._label}: no covariance of the estimates, so no intervals; use confidence=None"
            )
        return np.exp(rng.multivariate_normal(self._theta, cov, size=n_draws))

    @classmethod
    def from_params(cls, *, time_unit: str = "week", log_param_covariance: Any = None, **params: float):
        """A model with known parameters (e.g. published estimates), for predictions without fitting.

        Parameters
        ----------
        time_unit : {"week", "day", "month", "quarter", "year"}, default "week"
            Unit the rate parameters refer to (ignored by the Gamma-Gamma model); the old letters
            ``"W"``, ``"D"``, ``"M"``, ``"Y"`` still work, with a FutureWarning.
        log_param_covariance : array-like, optional
            Covariance of the log-parameters, for intervals (e.g. from another fit);
            without it, standard errors are NaN and predictions have no intervals.
        **params : float
            Every parameter of the model by name, each > 0 (BG/NBD: ``r, alpha, a, b``;
            Pareto/NBD: ``r, alpha, s, beta``; Gamma-Gamma: ``p, q, gamma``).

        Examples
        --------
        Fader, Hardie & Lee's (2005) CDNOW estimates:

        >>> bg = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")
        >>> one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
        >>> round(float(bg.expected_purchases(39, one).iloc[0]), 2)
        1.23
        """
        names = list(cls._param_names)
        unknown = [k for k in params if k not in names]
        missing = [k for k in names if k not in params]
        if unknown or missing:
            raise CxParameterError(f"{cls.__name__}.from_params: give exactly the parameters {names}; "
                                   f"missing {missing}, unknown {unknown}")
        values = np.array([params[k] for k in names], dtype=float)
        if not np.all(np.isfinite(values)) or np.any(values <= 0):
            raise CxParameterError(f"{cls.__name__}.from_params: every parameter must be a positive number, "
                                   f"got {dict(zip(names, values.tolist()))}")
        model = cls.__new__(cls)
        model.time_unit = _check_time_unit(time_unit, "from_params") if cls is not GammaGammaModel else "week"
        model._theta = np.log(values)
        model.params_ = pd.Series(values, index=names, name="estimate")
        if log_param_covariance is None:
            cov = np.full((values.size, values.size), np.nan)
        else:
            cov = np.asarray(log_param_covariance, dtype=float)
            if cov.shape != (values.size, values.size):
                raise CxParameterError(f"{cls.__name__}.from_params: log_param_covariance must be "
                                       f"{values.size} x {values.size}, got shape {cov.shape}")
        model.log_param_covariance_ = pd.DataFrame(cov, index=names, columns=names)
        model.standard_errors_ = pd.Series(values * np.sqrt(np.diag(cov)), index=names, name="standard_error")
        model.log_likelihood_ = math.nan
        model.n_customers_ = 0
        model.n_distinct_ = 0
        model.converged_ = False
        model.optimizer_message_ = "parameters given, not fitted"
        return model

    # --- saving and loading: a small JSON file (parameters, covariance, fit metadata)
    _FORMAT = "cxtools.ltv.model/1"

    def to_dict(self) -> dict:
        """The fitted model as a JSON-serialisable dict (see :meth:`save`)."""
        self._check_fitted()
        names = list(self.params_.index)
        cov = self.log_param_covariance_.to_numpy()
        return {
            "format": self._FORMAT,
            "model": type(self).__name__,
            "time_unit": self.time_unit,
            "params": {k: float(v) for k, v in self.params_.items()},
            "log_param_covariance": [[None if not np.isfinite(v) else float(v) for v in row] for row in cov],
            "param_names": names,
            "log_likelihood": float(self.log_likelihood_),
            "n_customers": int(self.n_customers_),
            "n_distinct": int(getattr(self, "n_distinct_", self.n_customers_)),
            "converged": bool(self.converged_),
            "n_iterations": int(self.n_iterations_),
            "optimizer_message": str(self.optimizer_message_),
        }

    def save(self, path) -> None:
        """Write the fitted model to a small JSON file: parameters, covariance of the
        log-parameters and fit metadata; :meth:`load` restores it for predictions,
        intervals and :func:`cxtools.ltv.scoring.score_customers`.

        Examples
        --------
        >>> import pandas as pd, tempfile, os
        >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
        >>> bg = BetaGeoModel(time_unit="week").fit(cdnow)
        >>> path = os.path.join(tempfile.mkdtemp(), "bgnbd.json")
        >>> bg.save(path)
        >>> BetaGeoModel.load(path).params_.equals(bg.params_)
        True
        """
        import json

        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.to_dict(), fh, indent=2)
            fh.write("\n")

    @classmethod
    def from_dict(cls, data: dict):
        """Rebuild a fitted model from :meth:`to_dict` output."""
        if not isinstance(data, dict) or data.get("format") != cls._FORMAT:
            raise CxParameterError(
                f"not a saved cxtools model (expected format {cls._FORMAT!r}, got "
                f"{data.get('format') if isinstance(data, dict) else type(data).__name__!r})"
            )
        kinds = {c.__name__: c for c in (BetaGeoModel, ParetoNBDModel, GammaGammaModel)}
        kind = kinds.get(str(data.get("model")))
        if kind is None or (cls is not _MaxLikelihoodModel and not issubclass(kind, cls)):
            raise CxParameterError(f"the file holds a {data.get('model')!r}, not a {cls.__name__}")
        names = list(kind._param_names)
        if list(data.get("param_names", [])) != names or sorted(data.get("params", {})) != sorted(names):
            raise CxParameterError(f"a saved {kind.__name__} needs parameters {names}, got {data.get('param_names')}")
        model = kind() if kind is GammaGammaModel else kind(time_unit=_stored_time_unit(data["time_unit"]))  # type: ignore[call-arg]  # only GammaGammaModel has no time unit
        model.params_ = pd.Series([float(data["params"][k]) for k in names], index=names, name="estimate")
        model._theta = np.log(model.params_.to_numpy())
        cov = np.array([[np.nan if v is None else v for v in row] for row in data["log_param_covariance"]],
                       dtype=float)
        if cov.shape != (len(names), len(names)):
            raise CxParameterError(f"log_param_covariance must be {len(names)} x {len(names)}, got {cov.shape}")
        model.log_param_covariance_ = pd.DataFrame(cov, index=names, columns=names)
        model.standard_errors_ = pd.Series(model.params_.to_numpy() * np.sqrt(np.diag(cov)), index=names,
                                           name="standard_error")
        model.log_likelihood_ = float(data["log_likelihood"])
        model.n_customers_ = int(data["n_customers"])
        model.n_distinct_ = int(data["n_distinct"])
        model.converged_ = bool(data["converged"])
        model.n_iterations_ = int(data["n_iterations"])
        model.optimizer_message_ = str(data["optimizer_message"])
        return model

    @classmethod
    def load(cls, path):
        """Read a model written by :meth:`save` (any of the three classes when called on
        ``cxtools.ltv.models.load_model``)."""
        import json

        with open(path, encoding="utf-8") as fh:
            try:
                data = json.load(fh)
            except json.JSONDecodeError as exc:
                raise CxParameterError(f"{path}: not a JSON model file ({exc})") from exc
        return cls.from_dict(data)

    def __repr__(self) -> str:
        if not hasattr(self, "params_"):
            return f"{type(self).__name__}(time_unit={self.time_unit!r}, not fitted)"
        ps = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return (
            f"{type(self).__name__}({ps}; log-likelihood {self.log_likelihood_:.2f}, "
            f"{self.n_customers_} customers, time_unit={self.time_unit!r})"
        )


class _RepeatBuyingModel(_MaxLikelihoodModel):
    """BG/NBD and Pareto/NBD share input handling and predictions' interface."""

    # each model gives _expected(params, t, x, tx, T) and _unconditional(params, t)
    _expected: Callable[..., np.ndarray]
    _unconditional: Callable[..., np.ndarray]

    def fit(self, summary: Any, *, weights: Any = None):
        """Fit by maximum likelihood.

        Parameters
        ----------
        summary : DataFrame or tuple of arrays
            Columns ``frequency``, ``recency``, ``T`` (or the ``_cal`` columns
            of :func:`~cxtools.ltv.rfm.calibration_holdout_summary`), durations
            in ``time_unit``; or a tuple ``(frequency, recency, T)``.
        weights : array-like, optional
            Number of customers each row stands for (default 1 each).

        Returns
        -------
        self
        """
        index, (x, tx, T) = _as_summary(summary, ("frequency", "recency", "T"))
        self._check_unit_attr(summary)
        _check_frt(index, x, tx, T)
        w = _check_weights(weights, x.size, index)
        (x, tx, T), w = _unique_rows([x, tx, T], w)
        if w.sum() <= 0:
            raise CxDataError("all weights are zero; nothing to fit")
        self.n_customers_ = int(round(w.sum()))
        self.n_distinct_ = int(w.size)
        warm = self._warm_start([x, tx, T], w, lambda cols, c: _Indexed(cols[0], cols[1], cols[2], c))
        self._optimise(_Indexed(x, tx, T, w), float(w.sum()), warm=warm)
        return self

    def _check_unit_attr(self, summary: Any) -> None:
        unit = getattr(summary, "attrs", {}).get("time_unit") if isinstance(summary, pd.DataFrame) else None
        if unit is not None and _stored_time_unit(unit) != self.time_unit:
            raise CxParameterError(
                f"the summary is in time_unit={unit!r} but the model was built with "
                f"time_unit={self.time_unit!r}; make them match"
            )

    def _p_alive(self, params, x, tx, T):
        """P(alive | x, t_x, T) from the subclass's log odds of having dropped out."""
        return special.expit(-self._log_alive_odds(params, x, tx, T))

    def _frt(self, summary: Any) -> tuple[pd.Index, np.ndarray, np.ndarray, np.ndarray]:
        self._check_fitted()
        index, (x, tx, T) = _as_summary(summary, ("frequency", "recency", "T"))
        _check_frt(index, x, tx, T)
        return index, x, tx, T

    def expected_purchases(self, t: float, summary: Any) -> pd.Series:
        """Expected number of purchases in the next ``t`` time units, per customer.

        Parameters
        ----------
        t : float
            Horizon in the model's ``time_unit``.
        summary : DataFrame or tuple of arrays
            ``frequency``, ``recency``, ``T`` per customer.

        Returns
        -------
        Series
            Indexed like ``summary``.
        """
        t = self._check_t(t)
        return self._per_customer("expected_purchases", self._expected, self._frt(summary), t)

    def probability_alive(self, summary: Any) -> pd.Series:
        """Probability that each customer is still active at the end of observation."""
        return self._per_customer("probability_alive", self._p_alive, self._frt(summary))

    def expected_purchases_new_customer(self, t: Any) -> np.ndarray:
        """Expected repeat purchases of a newly acquired customer by time ``t`` (in ``time_unit``)."""
        self._check_fitted()
        t = np.asarray(t, dtype=float)
        if np.any(t < 0) or not np.all(np.isfinite(t)):
            raise CxParameterError("t must be finite and >= 0")
        return self._unconditional(self.params_.to_numpy(), t)

    @staticmethod
    def _check_t(t: float) -> float:
        try:
            t = float(t)
        except (TypeError, ValueError) as exc:
            raise CxParameterError(f"t must be a number of time units, not {t!r}") from exc
        if not np.isfinite(t) or t < 0:
            raise CxParameterError(f"t must be finite and >= 0, got {t}")
        return t


# ----------------------------------------------------------------------------- BG/NBD
class BetaGeoModel(_RepeatBuyingModel):
    """BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005).

    While alive, a customer buys at Poisson rate lambda ~ Gamma(r, alpha); after
    each purchase they drop out with probability p ~ Beta(a, b). Parameters
    ``r, alpha, a, b``; ``alpha`` is in the model's ``time_unit``.

    Parameters
    ----------
    time_unit : {"week", "day", "month", "quarter", "year"}
        Unit of ``recency``, ``T`` and every horizon passed to predictions.

    Attributes
    ----------
    params_ : Series
        Estimates of r, alpha, a, b.
    standard_errors_ : Series
        Asymptotic standard errors (inverse observed information, delta method).
    log_likelihood_ : float
        Maximised log-likelihood (summed over customers).
    n_customers_, n_distinct_ : int
        Customers fitted and distinct (frequency, recency, T) rows.
    converged_ : bool
        True after a successful fit (failures raise CxConvergenceError).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way: An alternative to the Pareto/NBD model. Marketing Science
    24(2), 275-284: likelihood eq. (6), P(alive) eq. (11), E[Y(t)|x, t_x, T]
    eq. (10), CDNOW estimates r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
    LL = -9582.4 (section 4).

    Examples
    --------
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> bg = BetaGeoModel(time_unit="week").fit(cdnow)
    >>> bg.params_.round(3).to_dict()
    {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
    >>> round(bg.log_likelihood_, 1)
    -9582.4
    >>> one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    >>> round(float(bg.expected_purchases(39, one).iloc[0]), 3)
    1.226
    """

    _param_names = ("r", "alpha", "a", "b")
    _label = "BG/NBD"

    def _start(self, d: _Indexed) -> np.ndarray:
        rate = max(np.sum(d.w * d.x) / np.sum(d.w * d.T), 1e-6)
        return np.log([1.0, 1.0 / rate, 1.0, 1.0])

    def _objective(self, d: _Indexed):
        ux, has = d.ux, d.ux > 0
        # sums over customers per distinct T (the "alive at T" branch needs nothing else)
        WT = np.bincount(d.iT, weights=d.w, minlength=d.uT.size)
        WXT = np.bincount(d.iT, weights=d.w * d.x, minlength=d.uT.size)
        # rows with repeat purchases also have the "dropped out after t_x" branch
        rep = d.x > 0
        xp, wp, ixp, iTp, itxp = d.x[rep], d.w[rep], d.ix[rep], d.iT[rep], d.itx[rep]

        def fun_grad(theta):
            r, alpha, a, b = p = np.exp(theta)
            # eq. (6) in logs: A(x) + L1 + softplus(L2 - L1), L1 = -(r+x) log(alpha+T),
            # L2 = log(a/(b+x-1)) - (r+x) log(alpha+t_x)
            bx1 = np.where(has, b + ux - 1.0, 1.0)
            Ax = special.gammaln(r + ux) - special.gammaln(r) + special.betaln(a, b + ux) - special.betaln(a, b)
            with np.errstate(divide="ignore"):
                cx = np.where(has, np.log(a) - np.log(bx1), -np.inf)
            laT_u = np.log(alpha + d.uT)
            rWT = r * WT + WXT
            D = np.log(alpha + d.utx)[itxp] - laT_u[iTp]  # log((alpha+t_x)/(alpha+T)) <= 0
            rx = r + xp
            z = cx[ixp] - rx * D  # L2 - L1
            ll = (np.dot(d.wx, Ax) + d.wsum * r * np.log(alpha) - np.dot(laT_u, rWT)
                  - np.dot(wp, special.log_expit(-z)))
            ww2 = wp * special.expit(z)  # weight of the "dropped out right after t_x" branch
            psab, psabx = special.digamma(a + b), special.digamma(a + b + ux)
            dr = (np.dot(d.wx, special.digamma(r + ux) - special.digamma(r)) + d.wsum * np.log(alpha)
                  - np.dot(laT_u, WT) - np.dot(ww2, D))
            inv_T = 1.0 / (alpha + d.uT)
            dal = (d.wsum * r / alpha - np.dot(inv_T, rWT)
                   - np.dot(ww2 * rx, (1.0 / (alpha + d.utx))[itxp] - inv_T[iTp]))
            W2x = np.bincount(ixp, weights=ww2, minlength=ux.size)
            da = np.dot(d.wx, psab - psabx) + np.sum(W2x[has]) / a
            db = (np.dot(d.wx, psab + special.digamma(b + ux) - special.digamma(b) - psabx)
                  - np.sum(W2x[has] / bx1[has]))
            return -float(ll), -np.array([dr, dal, da, db]) * p  # chain rule for log-parameters

        def fun(theta):
            return fun_grad(theta)[0]

        return fun, fun_grad

    @staticmethod
    def _loglik(params, x, tx, T):
        """Per-customer log-likelihood, eq. (6), in logs."""
        r, alpha, a, b = params
        has = x > 0
        bx1 = np.where(has, b + x - 1.0, 1.0)
        A = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
             + special.betaln(a, b + x) - special.betaln(a, b))
        with np.errstate(divide="ignore"):
            L2 = np.where(has, np.log(a) - np.log(bx1) - (r + x) * np.log(alpha + tx), -np.inf)
        return A + np.logaddexp(-(r + x) * np.log(alpha + T), L2)

    @staticmethod
    def _log_alive_odds(params, x, tx, T):
        r, alpha, a, b = params
        bx1 = np.where(x > 0, b + x - 1.0, 1.0)
        # log of [a / (b + x - 1)] ((alpha + T) / (alpha + t_x))^(r + x): odds of having dropped out
        return np.where(
            x > 0,
            np.log(a) - np.log(bx1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)),
            -np.inf,
        )

    def _expected(self, params, t, x, tx, T):
        r, alpha, a, b = params
        # Pfaff's transformation absorbs ((alpha+T)/(alpha+T+t))^(r+x) into the 2F1, so no overflow
        # (Abramowitz & Stegun 15.3.4): E = (a+b+x-1)/(a-1) [1 - 2F1(r+x, a-1; a+b+x-1; -t/(alpha+T))]
        f = special.hyp2f1(r + x, a - 1.0, a + b + x - 1.0, -t / (alpha + T))
        if abs(a - 1.0) < 1e-9:  # removable singularity: nudge a
            return self._expected(np.array([r, alpha, a + 1e-7, b]), t, x, tx, T)
        e = (a + b + x - 1.0) / (a - 1.0) * (1.0 - f)
        return e * self._p_alive(params, x, tx, T)

    def _unconditional(self, params, t):
        r, alpha, a, b = params
        # E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))], eq. (9);
        # Pfaff's transformation gives 2F1(r, a-1; a+b-1; -t/alpha)
        return (a + b - 1.0) / (a - 1.0) * (1.0 - special.hyp2f1(r, a - 1.0, a + b - 1.0, -t / alpha))


# ----------------------------------------------------------------------------- Pareto/NBD
class ParetoNBDModel(_RepeatBuyingModel):
    """Pareto/NBD model of repeat purchases (Schmittlein, Morrison & Colombo 1987).

    While alive, a customer buys at Poisson rate lambda ~ Gamma(r, alpha); the
    lifetime is exponential with rate mu ~ Gamma(s, beta). Parameters
    ``r, alpha, s, beta``; ``alpha`` and ``beta`` are in the model's ``time_unit``.

    Parameters
    ----------
    time_unit : {"week", "day", "month", "quarter", "year"}
        Unit of ``recency``, ``T`` and every horizon passed to predictions.

    Attributes
    ----------
    params_, standard_errors_, log_likelihood_, n_customers_, n_distinct_, converged_
        As in :class:`BetaGeoModel`.

    References
    ----------
    Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your
    customers: Who are they and what will they do next? Management Science
    33(1), 1-24.
    Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD
    model and related expressions, eqs. (17)-(22) (likelihood, P(alive),
    conditional expectation); and "Implementing the Pareto/NBD model in MATLAB"
    (note 008): CDNOW estimates r = 0.553, alpha = 10.578, s = 0.606,
    beta = 11.669, LL = -9595.0.

    Examples
    --------
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> pn = ParetoNBDModel(time_unit="week").fit(cdnow)
    >>> pn.params_.round(2).to_dict()
    {'r': 0.55, 'alpha': 10.58, 's': 0.61, 'beta': 11.67}
    >>> round(pn.log_likelihood_, 1)
    -9595.0
    """

    _param_names = ("r", "alpha", "s", "beta")
    _label = "Pareto/NBD"
    _polish_xtol = 1e-8

    def _start(self, d: _Indexed) -> np.ndarray:
        rate = max(np.sum(d.w * d.x) / np.sum(d.w * d.T), 1e-6)
        return np.log([1.0, 1.0 / rate, 1.0, float(np.average(d.T, weights=d.w))])

    @staticmethod
    def _log_term(params, x, t):
        """log of 2F1(r+s+x, b2; r+s+x+1; z(t)) / (max(alpha, beta) + t)^(r+s+x), eq. (18)."""
        r, alpha, s, beta = params
        c = r + s + x
        if alpha >= beta:
            big, diff, b2 = alpha, alpha - beta, s + 1.0
        else:
            big, diff, b2 = beta, beta - alpha, r + x
        return _log_hyp2f1_c_a_plus_1(c, b2, diff / (big + t)) - c * np.log(big + t)

    @classmethod
    def _log_A0(cls, params, x, tx, T):
        """log A0 of Fader & Hardie (2005) eq. (18): difference of the t_x and T terms, in logs."""
        l_tx = cls._log_term(params, x, tx)
        return l_tx + _log1mexp(cls._log_term(params, x, T) - l_tx)

    def _loglik(self, params, x, tx, T):
        r, alpha, s, beta = params
        head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        term1 = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
        term2 = np.log(s) - np.log(r + s + x) + self._log_A0(params, x, tx, T)
        return head + np.logaddexp(term1, term2)

    def _objective(self, d: _Indexed):
        ux = d.ux

        xT, uT_p = d.pair_T

        def fun(theta):
            r, alpha, s, beta = p = np.exp(theta)
            head = np.dot(d.wx, special.gammaln(r + ux) - special.gammaln(r)) + d.wsum * (
                r * np.log(alpha) + s * np.log(beta))
            # terms of (x, T) pairs, of (x, t_x) pairs and of x, then one pass over the rows
            term1 = -(r + xT) * np.log(alpha + uT_p) - s * np.log(beta + uT_p)
            l_T = self._log_term(p, xT, uT_p)
            l_tx = self._log_term(p, *d.pair_tx)[d.ixt]
            c2 = (np.log(s) - np.log(r + s + ux))[d.ix]
            term2 = c2 + l_tx + _log1mexp(l_T[d.ixT] - l_tx)
            return -float(head + np.dot(d.w, np.logaddexp(term1[d.ixT], term2)))

        def fun_grad(theta):
            # the 2F1 has no closed-form derivatives in its parameters: central differences
            # (accurate to ~1e-10 per customer, enough to locate the maximum to ~1e-7)
            return fun(theta), _numeric_grad(fun, theta, h=1e-5)

        return fun, fun_grad

    def _hessian(self, fun, grad, theta):
        return _hessian_from_fun(fun, theta)

    def _log_alive_odds(self, params, x, tx, T):
        r, alpha, s, beta = params
        return (np.log(s) - np.log(r + s + x) + (r + x) * np.log(alpha + T) + s * np.log(beta + T)
                + self._log_A0(params, x, tx, T))

    def _expected(self, params, t, x, tx, T):
        r, alpha, s, beta = params
        # (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive), eq. (22)
        if abs(s - 1.0) < 1e-9:
            rate = (r + x) / (alpha + T) * (beta + T) * np.log1p(t / (beta + T))
        else:
            rate = ((r + x) * (beta + T) / ((alpha + T) * (s - 1.0))
                    * -np.expm1(-(s - 1.0) * np.log1p(t / (beta + T))))
        return rate * self._p_alive(params, x, tx, T)

    def _unconditional(self, params, t):
        r, alpha, s, beta = params
        # E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)], Schmittlein et al. (1987)
        return r * beta / (alpha * (s - 1.0)) * -np.expm1(-(s - 1.0) * np.log1p(t / beta))


# ----------------------------------------------------------------------------- Gamma-Gamma
class GammaGammaModel(_MaxLikelihoodModel):
    """Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Fader & Hardie 2013).

    A customer's purchases are Gamma(p, nu) distributed around their mean p/nu;
    nu ~ Gamma(q, gamma) across customers. Fitted on customers with at least one
    repeat purchase, using the mean repeat spend ``monetary_value`` and the
    number of repeat purchases ``frequency``. Assumes spend is independent of
    purchase frequency (check the correlation first).

    Attributes
    ----------
    params_, standard_errors_, log_likelihood_, n_customers_, converged_
        As in :class:`BetaGeoModel` (parameters p, q, gamma; gamma is in
        currency units).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using
    iso-value curves for customer base analysis. Journal of Marketing Research
    42(4), 415-430, section "Adding monetary value".
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary
    value, eqs. (3) and (5); CDNOW estimates p = 6.25, q = 3.74, gamma = 15.44.

    Examples
    --------
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> gg = GammaGammaModel().fit(cdnow[cdnow["frequency"] > 0])
    >>> gg.params_.round(2).to_dict()
    {'p': 6.25, 'q': 3.74, 'gamma': 15.44}
    """

    _param_names = ("p", "q", "gamma")
    _label = "Gamma-Gamma"

    def __init__(self) -> None:
        self.time_unit = "week"  # spend does not depend on time; kept for a uniform interface

    def __repr__(self) -> str:
        if not hasattr(self, "params_"):
            return "GammaGammaModel(not fitted)"
        ps = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"GammaGammaModel({ps}; log-likelihood {self.log_likelihood_:.2f}, {self.n_customers_} customers)"

    @staticmethod
    def _xm(summary: Any, *, fitting: bool) -> tuple[pd.Index, np.ndarray, np.ndarray]:
        index, (x, m) = _as_summary(summary, ("frequency", "monetary_value"))
        bad = (x < 0) | (np.abs(x - np.round(x)) > 1e-9)
        if bad.any():
            raise CxDataError(f"frequency must be a whole number >= 0; violated in {_bad_rows(index, bad)}")
        if fitting:
            none = x == 0
            if none.any():
                raise CxDataError(
                    f"the Gamma-Gamma model is fitted on customers with repeat purchases only; "
                    f"frequency is 0 in {_bad_rows(index, none)}. Pass summary[summary['frequency'] > 0]"
                )
        # zero-value repeat purchases are left out of fitting by fit() (counted); a negative mean
        # spend (refunds larger than purchases) is an error in either case
        bad = m < 0
        if bad.any():
            raise CxDataError(
                f"monetary_value must be >= 0 (mean spend of the repeat purchases); violated in "
                f"{_bad_rows(index, bad)}. Exclude refunds from the log"
            )
        return index, x, m

    def fit(self, summary: Any, *, weights: Any = None) -> "GammaGammaModel":
        """Fit by maximum likelihood on customers with ``frequency > 0``.

        Parameters
        ----------
        summary : DataFrame or tuple of arrays
            ``frequency`` and ``monetary_value`` (mean spend of repeat purchases)
            per customer, or a tuple ``(frequency, monetary_value)``.
        weights : array-like, optional
            Number of customers each row stands for.

        Returns
        -------
        self
        """
        index, x, m = self._xm(summary, fitting=True)
        w = _check_weights(weights, x.size, index)
        zero = m == 0  # only zero-value orders: no information on spend, and log(0) in the likelihood
        self.n_excluded_ = int(round(w[zero].sum()))
        if zero.any():
            if zero.all():
                raise CxDataError("every customer's repeat purchases are zero-value orders; the spend "
                                  "model needs customers with a positive mean spend")
            warnings.warn(
                f"{self._label}: {self.n_excluded_:,} customer(s) whose repeat purchases are all zero-value "
                f"orders are left out of the spend model (e.g. {_bad_rows(index, zero)}); "
                f"{int(round(w[~zero].sum())):,} remain",
                CxDataWarning,
                stacklevel=2,
            )
            x, m, w = x[~zero], m[~zero], w[~zero]
        (x, m), w = _unique_rows([x, m], w)
        self.n_customers_ = int(round(w.sum()))
        self.n_distinct_ = int(w.size)
        warm = self._warm_start([x, m], w, lambda cols, c: (cols[0], cols[1], c))
        self._optimise((x, m, w), float(w.sum()), warm=warm)
        return self

    def _start(self, data: tuple) -> np.ndarray:
        x, m, w = data
        mean = float(np.average(m, weights=w))
        return np.log([2.0, 3.0, mean * 2.0 / 2.0])

    def _objective(self, data: tuple):
        x, m, w = data
        lx, lm = np.log(x), np.log(m)

        def fun_grad(theta):
            # log of eq. (3), Fader & Hardie (2013), and its derivatives
            p, q, g = par = np.exp(theta)
            px = p * x
            lgmx = np.log(g + m * x)
            ll = (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(g)
                  + (px - 1.0) * lm + px * lx - (px + q) * lgmx)
            dig = special.digamma(px + q)
            dp = x * (dig - special.digamma(px) + lm + lx - lgmx)
            dq = dig - special.digamma(q) + np.log(g) - lgmx
            dg = q / g - (px + q) / (g + m * x)
            return -float(np.dot(w, ll)), -np.array([np.dot(w, d) for d in (dp, dq, dg)]) * par

        def fun(theta):
            return fun_grad(theta)[0]

        return fun, fun_grad

    def expected_spend(self, summary: Any) -> pd.Series:
        """Expected spend per future purchase, per customer.

        E(Z | zbar, x) = (gamma + x zbar) p / (p x + q - 1) (Fader & Hardie 2013,
        eq. 5): a weighted mean of the customer's own mean and the population
        mean p gamma / (q - 1). Customers without repeat purchases get the
        population mean. Needs q > 1.
        """
        self._check_fitted()
        index, x, m = self._xm(summary, fitting=False)
        p, q, g = self.params_.to_numpy()
        if q <= 1:
            raise CxParameterError(
                f"Gamma-Gamma q = {q:.3g} <= 1: the mean spend is infinite under the fitted model; "
                "spend is too heavy-tailed for this model (trim extreme orders or model spend directly)"
            )
        return pd.Series(self._spend(self.params_.to_numpy(), x, m), index=index, name="expected_spend")

    @staticmethod
    def _spend(params, x, m):
        p, q, g = params
        # the posterior mean exists only when p x + q > 1 (for new customers: q > 1); otherwise
        # the expected spend is infinite, which an interval's upper bound then shows honestly
        denom = p * x + q - 1.0
        with np.errstate(divide="ignore"):
            return np.where(denom > 0, (g + x * m) * p / np.where(denom > 0, denom, 1.0), np.inf)

    def population_mean_spend(self) -> float:
        """Mean spend per purchase across customers, p gamma / (q - 1)."""
        self._check_fitted()
        p, q, g = self.params_.to_numpy()
        return float(p * g / (q - 1.0)) if q > 1 else math.inf


# ----------------------------------------------------------------------------- CLV
def _horizon_and_rate(model_time_unit: str, horizon: Any, time_unit: str, discount_rate: Any,
                      discount_period: str) -> tuple[float, float]:
    """The CLV horizon in the model's time unit and the continuous discount rate per model time unit.

    ``horizon`` is in ``time_unit``; ``discount_rate`` is per ``discount_period`` (0.1 = 10 %).
    """
    time_unit = _check_time_unit(time_unit, "customer_lifetime_value")
    if not (isinstance(horizon, (int, float)) and math.isfinite(horizon) and horizon > 0):
        raise CxParameterError(f"horizon must be a positive number of {time_unit!r} units, got {horizon!r}")
    if not (math.isfinite(discount_rate) and discount_rate > -1):
        raise CxParameterError(f"discount_rate must be > -1 (0.1 = 10 % per period), got {discount_rate!r}")
    discount_period = vocabulary.time_unit(discount_period, func="customer_lifetime_value", name="discount_period")
    model_days = DAYS_PER_UNIT[model_time_unit]
    h = horizon * DAYS_PER_UNIT[time_unit] / model_days  # horizon in the model's unit
    # continuous discount rate per model time unit
    delta = math.log1p(discount_rate) * model_days / DISCOUNT_PERIOD_DAYS[discount_period]
    return h, delta


def _discounted_steps(cum: np.ndarray, grid: np.ndarray, delta: float) -> np.ndarray:
    """Sum over steps of the expected purchases in the step (``cum``'s rows at ``grid``) times the
    discount factor at the step's midpoint."""
    mids = (grid[1:] + grid[:-1]) / 2
    return np.sum(np.diff(cum, axis=0) * np.exp(-delta * mids)[:, None], axis=0)


def _discounted_purchases(model: _RepeatBuyingModel, params, x, tx, T, horizon, delta, n_steps):
    """Discounted expected purchases over (0, horizon] per customer, and the undiscounted total."""
    grid = np.linspace(0.0, horizon, n_steps + 1)
    cum = np.vstack([model._expected(params, t, x, tx, T) if t > 0 else np.zeros_like(x) for t in grid])
    return _discounted_steps(cum, grid, delta), cum[-1]


def customer_lifetime_value(
    transaction_model: BetaGeoModel | ParetoNBDModel,
    spend_model: GammaGammaModel,
    summary: pd.DataFrame,
    *,
    horizon: float,
    time_unit: str,
    margin: float,
    discount_rate: float,
    discount_period: str = "year",
    confidence: float | None = DEFAULT_CONFIDENCE,
    n_draws: int = 200,
    n_steps: int = 24,
    seed: int = 2026,
    interval: Any = UNSET,
) -> pd.DataFrame:
    """Customer lifetime value over a horizon, with intervals from parameter uncertainty.

    CLV = margin x E(spend per purchase) x sum over steps of
    E(purchases in the step) / (1 + discount_rate)^(midpoint / discount_period).
    The horizon is cut into ``n_steps`` equal steps; each step's expected
    purchases come from the transaction model's conditional expectation.

    Intervals: parameter vectors of both models are drawn from the asymptotic
    normal distribution of their log-parameters (inverse observed information)
    and the CLV recomputed for each draw; the interval is the central
    ``interval`` share of the draws. It reflects estimation uncertainty of
    the population parameters, not a single customer's purchase randomness.

    Parameters
    ----------
    transaction_model : BetaGeoModel or ParetoNBDModel
        Fitted; its ``time_unit`` is the unit of ``summary``.
    spend_model : GammaGammaModel
        Fitted.
    summary : DataFrame
        ``frequency``, ``recency``, ``T`` (in the transaction model's time unit)
        and ``monetary_value`` per customer.
    horizon : float
        Length of the future window, in ``time_unit``.
    time_unit : {"week", "day", "month", "quarter", "year"}
        Unit of ``horizon`` (converted to the model's unit if they differ).
    margin : float
        Profit share of revenue, between 0 and 1 (e.g. 0.3).
    discount_rate : float
        Discount rate per ``discount_period`` (0.1 = 10 % a year).
    discount_period : {"year", "month", "week", "day"}
        Period the discount rate is stated for.
    confidence : float or None, default 0.95
        Level of the interval (0.9 = 5th to 95th percentile); None for none.
        ``interval`` is its old name (FutureWarning).
    n_draws : int
        Parameter draws for the interval.
    n_steps : int
        Steps the horizon is cut into for discounting.
    seed : int
        Seed of the random draws.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``expected_purchases`` (undiscounted, over the
        horizon), ``expected_spend``, ``clv`` and, with an interval,
        ``clv_lower`` and ``clv_upper``.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using
    iso-value curves for customer base analysis. Journal of Marketing Research
    42(4), 415-430 (CLV = margin x spend x discounted expected transactions).

    Examples
    --------
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> bg = BetaGeoModel(time_unit="week").fit(cdnow)
    >>> gg = GammaGammaModel().fit(cdnow[cdnow["frequency"] > 0])
    >>> clv = customer_lifetime_value(bg, gg, cdnow.head(3), horizon=52, time_unit="week",
    ...                               margin=0.3, discount_rate=0.15, n_draws=50)
    >>> list(clv.columns)
    ['expected_purchases', 'expected_spend', 'clv', 'clv_lower', 'clv_upper']
    >>> bool((clv["clv_lower"] <= clv["clv"]).all() and (clv["clv"] <= clv["clv_upper"]).all())
    True
    """
    if not isinstance(transaction_model, _RepeatBuyingModel):
        raise CxParameterError("transaction_model must be a fitted BetaGeoModel or ParetoNBDModel")
    if not isinstance(spend_model, GammaGammaModel):
        raise CxParameterError("spend_model must be a fitted GammaGammaModel")
    transaction_model._check_fitted()
    spend_model._check_fitted()
    h, delta = _horizon_and_rate(transaction_model.time_unit, horizon, time_unit, discount_rate, discount_period)
    if not (0 <= margin <= 1):
        raise CxParameterError(f"margin is a share of revenue between 0 and 1, got {margin!r}")
    interval = renamed("interval", interval, "confidence", confidence, func="customer_lifetime_value",
                       default=DEFAULT_CONFIDENCE)
    if interval is not None:
        interval = check_confidence(interval, func="customer_lifetime_value")
    if int(n_steps) < 1:
        raise CxParameterError("n_steps must be >= 1")

    index, x, tx, T = transaction_model._frt(summary)
    _, xg, m = spend_model._xm(summary, fitting=False)
    (ux, utx, uT), _ = _unique_rows([x, tx, T], np.ones(x.size))
    # map each customer to its distinct (x, t_x, T) row
    key = pd.MultiIndex.from_arrays([ux, utx, uT])
    pos = key.get_indexer(pd.MultiIndex.from_arrays([x, tx, T]))

    params = transaction_model.params_.to_numpy()
    det, total = _discounted_purchases(transaction_model, params, ux, utx, uT, h, delta, int(n_steps))
    spend = spend_model.expected_spend(summary).to_numpy()
    out = pd.DataFrame(
        {"expected_purchases": total[pos], "expected_spend": spend, "clv": margin * spend * det[pos]},
        index=index,
    )
    if interval is not None:
        rng = np.random.default_rng(seed)
        tdraws = transaction_model._draw_params(n_draws, rng)
        sdraws = spend_model._draw_params(n_draws, rng)
        sims = np.empty((n_draws, x.size))
        for k in range(n_draws):
            d, _ = _discounted_purchases(transaction_model, tdraws[k], ux, utx, uT, h, delta, int(n_steps))
            sp = GammaGammaModel._spend(sdraws[k], xg, m)
            sims[k] = margin * sp * d[pos]
        lo, hi = (1 - interval) / 2, (1 + interval) / 2
        out["clv_lower"] = np.quantile(sims, lo, axis=0)
        out["clv_upper"] = np.quantile(sims, hi, axis=0)
    out.attrs.update({"horizon": horizon, "time_unit": time_unit, "margin": margin,
                      "discount_rate": discount_rate, "discount_period": discount_period})
    return out


# ----------------------------------------------------------------------------- validation
def _check_repeat_model(model: Any) -> None:
    """Refuse anything but a fitted BG/NBD or Pareto/NBD model."""
    if not isinstance(model, (BetaGeoModel, ParetoNBDModel)):
        raise CxParameterError("model must be a fitted BetaGeoModel or ParetoNBDModel")
    model._check_fitted()


def holdout_comparison(
    model: BetaGeoModel | ParetoNBDModel,
    calibration_summary: pd.DataFrame,
    *,
    max_frequency: int = 7,
) -> pd.DataFrame:
    """Mean actual vs predicted holdout purchases, by calibration-period frequency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted on the calibration columns.
    calibration_summary : DataFrame
        Output of :func:`~cxtools.ltv.rfm.calibration_holdout_summary`.
    max_frequency : int
        Frequencies above this are pooled into one group labelled ``max_frequency``
        (shown as "7+").

    Returns
    -------
    DataFrame
        Index ``frequency_cal``; columns ``customers``, ``actual``, ``predicted``
        (mean purchases per customer in the holdout period).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way, Figure 4 (conditional expectations by calibration frequency).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> table = holdout_comparison(BetaGeoModel().fit(cal), cal)
    >>> int(table.loc[0, "customers"]), round(float(table.loc[0, "actual"]), 3)
    (1411, 0.237)
    """
    cs = calibration_summary
    _check_holdout_columns(cs)
    dur = cs["duration_holdout"].to_numpy(dtype=float)
    if not np.allclose(dur, dur[0]):
        raise CxDataError("duration_holdout differs between customers; expected one holdout period")
    _check_holdout_has_purchases(cs, "holdout_comparison")
    pred = model.expected_purchases(float(dur[0]), cs).to_numpy()
    freq = np.minimum(cs[_column(cs, "frequency")].to_numpy(dtype=float), max_frequency)
    frame = pd.DataFrame({"frequency_cal": freq.astype(int), "actual": cs["frequency_holdout"].to_numpy(float),
                          "predicted": pred})
    out = frame.groupby("frequency_cal").agg(
        customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    return out


def _check_holdout_columns(cs: pd.DataFrame) -> None:
    """Refuse a summary without the holdout columns of calibration_holdout_summary()."""
    for col in ("frequency_holdout", "duration_holdout"):
        if col not in cs.columns:
            raise CxDataError(
                f"the calibration summary lacks {col!r}; build it with calibration_holdout_summary()"
            )


def _check_holdout_has_purchases(cs: pd.DataFrame, func: str) -> None:
    """Refuse a holdout period without a single purchase: it lies after the data (or outside them)."""
    if len(cs) and float(np.nansum(cs["frequency_holdout"].to_numpy(dtype=float))) == 0:
        dur = float(cs["duration_holdout"].iloc[0])
        raise CxDataError(
            f"{func}: no customer bought anything in the holdout period ({dur:g} time units after the "
            "calibration end), so there is nothing to check the model against: the holdout starts after "
            "the last transaction. Choose a calibration end inside the data, e.g. two thirds of the way "
            "from the first to the last purchase day"
        )


@dataclass(frozen=True)
class HoldoutErrors:
    """Error figures of a repeat-buying model on a holdout period.

    Attributes
    ----------
    n_customers : int
    actual_total, predicted_total : float
        Holdout purchases, actual and predicted, summed over customers.
    total_error_pct : float
        100 x (predicted - actual) / actual, for the total.
    mae, rmse : float
        Mean absolute and root mean squared error per customer.
    correlation : float
        Pearson correlation of predicted and actual purchases per customer.
    """

    n_customers: int
    actual_total: float
    predicted_total: float
    total_error_pct: float
    mae: float
    rmse: float
    correlation: float

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the figures."""
        return pd.DataFrame([self.__dict__])

    def __repr__(self) -> str:
        return (
            f"HoldoutErrors(n_customers={self.n_customers}, actual_total={self.actual_total:.1f}, "
            f"predicted_total={self.predicted_total:.1f} ({self.total_error_pct:+.1f} %), "
            f"mae={self.mae:.3f}, rmse={self.rmse:.3f}, correlation={self.correlation:.3f})"
        )


def holdout_errors(model: BetaGeoModel | ParetoNBDModel, calibration_summary: pd.DataFrame) -> HoldoutErrors:
    """Compare predicted with actual holdout purchases per customer.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted on the calibration columns.
    calibration_summary : DataFrame
        Output of :func:`~cxtools.ltv.rfm.calibration_holdout_summary`.

    Returns
    -------
    HoldoutErrors

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way, section 4 (holdout validation on CDNOW).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> bg = BetaGeoModel(time_unit="week").fit(cal)
    >>> err = holdout_errors(bg, cal)
    >>> err.n_customers, err.actual_total
    (2357, 1882.0)
    >>> round(err.predicted_total)
    1653
    """
    _check_holdout_columns(calibration_summary)
    _check_holdout_has_purchases(calibration_summary, "holdout_errors")
    dur = calibration_summary["duration_holdout"].to_numpy(dtype=float)
    pred = model.expected_purchases(float(dur[0]), calibration_summary).to_numpy()
    act = calibration_summary["frequency_holdout"].to_numpy(dtype=float)
    return HoldoutErrors(
        n_customers=int(act.size),
        actual_total=float(act.sum()),
        predicted_total=float(pred.sum()),
        total_error_pct=float(100 * (pred.sum() - act.sum()) / act.sum()) if act.sum() > 0 else math.nan,
        mae=float(np.mean(np.abs(pred - act))),
        rmse=float(np.sqrt(np.mean((pred - act) ** 2))),
        correlation=float(np.corrcoef(pred, act)[0, 1]) if act.std() > 0 else math.nan,
    )


def load_model(path) -> BetaGeoModel | ParetoNBDModel | GammaGammaModel:
    """Read a fitted model saved with ``model.save(path)``, whichever class it is.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> gg = GammaGammaModel().fit(cdnow[cdnow["frequency"] > 0])
    >>> path = os.path.join(tempfile.mkdtemp(), "gg.json")
    >>> gg.save(path)
    >>> load_model(path)
    GammaGammaModel(p=6.2..., q=3.7..., gamma=15.4...; log-likelihood -4055.92, 946 customers)
    """
    return _MaxLikelihoodModel.load(path)
