"""BG/NBD and Pareto/NBD with time-invariant covariates (Fader & Hardie 2007).

Customer characteristics (segment, channel, NPS group, satisfaction) shift the
purchase and drop-out processes through the scale or shape of the mixing
distributions:

- purchase rate, both models: alpha_i = alpha0 exp(-gamma1' x_i), so a coefficient
  c multiplies the mean purchase rate r / alpha_i by exp(c);
- Pareto/NBD drop-out: beta_i = beta0 exp(-gamma2' x_i), so c multiplies the mean
  drop-out rate s / beta_i by exp(c);
- BG/NBD drop-out: a_i = a0 exp(gamma2' x_i), b_i = b0 exp(gamma3' x_i) (the
  drop-out probability after a purchase is Beta(a_i, b_i)).

Fitting is maximum likelihood. Customers are grouped into covariate profiles
(distinct covariate rows); within a profile the parameters are those of the plain
model, so the likelihood of a profile is the plain model's likelihood on its
distinct (frequency, recency, T) rows with counts, and its derivatives map to the
coefficients by the chain rule (the profile's log-parameters are linear in the
coefficients). A million customers in a handful of profiles cost little more
than the plain model. Covariates are meant to be categories or coarse scores;
each distinct value of a continuous covariate is its own profile.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import optimize, special

from cxtools.core.errors import (
    CxConvergenceError,
    CxConvergenceWarning,
    CxDataError,
    CxParameterError,
)
from cxtools.core.vocabulary import DEFAULT_CONFIDENCE, TIME_UNITS
from cxtools.ltv.models import (
    BetaGeoModel,
    GammaGammaModel,
    ParetoNBDModel,
    _RepeatBuyingModel,
    _as_summary,
    _bad_rows,
    _check_frt,
    _check_time_unit,
    _check_weights,
    _discounted_steps,
    _horizon_and_rate,
    _Indexed,
    _newton_polish,
    _unique_rows,
)

__all__ = [
    "BetaGeoCovariateModel",
    "ParetoNBDCovariateModel",
    "covariate_lifetime_value",
    "covariate_value_shift",
    "ValueShift",
]

_MAX_PROFILES = 5000


# ----------------------------------------------------------------------------- design
def _row_codes(Z: np.ndarray) -> tuple[np.ndarray, int]:
    """Codes 0..k-1 of the distinct rows of Z (hash-based, O(n) per column)."""
    key = np.zeros(Z.shape[0], dtype=np.int64)
    for j in range(Z.shape[1]):
        codes, uniq = pd.factorize(Z[:, j])
        key, _ = pd.factorize(key * len(uniq) + codes)  # re-coded each step: never overflows
    codes, uniq = pd.factorize(key)
    return codes, len(uniq)


def _groups(codes: np.ndarray, n: int) -> list[np.ndarray]:
    """Row positions of each code 0..n-1 (one sort, not one scan per group)."""
    order = np.argsort(codes, kind="stable")
    return np.split(order, np.cumsum(np.bincount(codes, minlength=n))[:-1])


@dataclass(frozen=True)
class _Encoding:
    """How covariate columns become numeric design columns (kept to encode new data alike)."""

    columns: tuple[str, ...]
    levels: dict = field(default_factory=dict)  # categorical column -> levels (first = reference)

    @classmethod
    def learn(cls, data: pd.DataFrame, columns: Sequence[str], reference: dict | None) -> "_Encoding":
        reference = reference or {}
        levels = {}
        for c in columns:
            s = data[c]
            if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
                if isinstance(s.dtype, pd.CategoricalDtype):
                    lv = [v for v in s.cat.categories if (s == v).any()]
                else:
                    lv = sorted(pd.unique(s.dropna()), key=str)
                if c in reference:
                    if reference[c] not in lv:
                        raise CxParameterError(
                            f"reference level {reference[c]!r} of covariate {c!r} does not occur; levels: {lv}"
                        )
                    lv = [reference[c]] + [v for v in lv if v != reference[c]]
                if len(lv) < 2:
                    raise CxDataError(f"covariate {c!r} has a single level {lv}; it cannot have an effect")
                levels[c] = lv
            else:
                v = pd.to_numeric(s, errors="coerce")
                if v.nunique(dropna=True) < 2:
                    raise CxDataError(
                        f"covariate {c!r} takes a single value ({v.iloc[0] if len(v) else None!r}) in the data; "
                        "a constant cannot have an effect (it is absorbed by the baseline parameters)"
                    )
        return cls(tuple(columns), levels)

    @property
    def names(self) -> list[str]:
        out = []
        for c in self.columns:
            if c in self.levels:
                out += [f"{c}[{v}]" for v in self.levels[c][1:]]
            else:
                out.append(c)
        return out

    def encode(self, data: pd.DataFrame, *, where: str) -> np.ndarray:
        cols = []
        for c in self.columns:
            if c not in data.columns:
                raise CxDataError(f"{where}: covariate column {c!r} is missing; the data have {list(data.columns)}")
            s = data[c]
            if s.isna().any():
                raise CxDataError(f"{where}: covariate {c!r} is missing in {_bad_rows(data.index, s.isna().to_numpy())}")
            if c in self.levels:
                lv = self.levels[c]
                unknown = ~s.isin(lv).to_numpy()
                if unknown.any():
                    raise CxDataError(
                        f"{where}: covariate {c!r} has levels not seen in fitting in {_bad_rows(data.index, unknown)}; "
                        f"known levels: {lv}"
                    )
                for v in lv[1:]:
                    cols.append((s == v).to_numpy(dtype=float))
            else:
                v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                bad = ~np.isfinite(v)
                if bad.any():
                    raise CxDataError(f"{where}: covariate {c!r} is not numeric in {_bad_rows(data.index, bad)}")
                cols.append(v)
        return np.column_stack(cols) if cols else np.zeros((len(data), 0))


# ----------------------------------------------------------------------------- base class
class _CovariateModel:
    """Shared machinery: profiles, chain rule, Newton fitting, predictions per profile."""

    _base_cls: type[_RepeatBuyingModel] = BetaGeoModel
    _base_names: tuple[str, ...] = ()
    # per base parameter: which design ("purchase"/"dropout") shifts its log, and the sign
    _links: tuple[tuple[int, str, float, str], ...] = ()
    _label = ""

    def __init__(self, *, time_unit: str = "week") -> None:
        self.time_unit = _check_time_unit(time_unit, type(self).__name__)

    # ------------------------------------------------------------------ parameters
    def _split(self, theta: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        base = theta[:4]
        coefs, k = [], 4
        for _, design, _, _ in self._links:
            n = self._n_cov[design]
            coefs.append(theta[k:k + n])
            k += n
        return base, coefs

    def _profile_log_params(self, theta: np.ndarray, Xp: np.ndarray, Xd: np.ndarray) -> np.ndarray:
        """Log-parameters of the plain model for each profile row (n_profiles x 4)."""
        base, coefs = self._split(theta)
        out = np.tile(base, (Xp.shape[0], 1))
        for (j, design, sign, _), g in zip(self._links, coefs):
            X = Xp if design == "purchase" else Xd
            out[:, j] += sign * (X @ g)
        return out

    def _jacobian(self, Xp: np.ndarray, Xd: np.ndarray) -> np.ndarray:
        """d(profile log-parameters) / d(theta): n_profiles x 4 x k (linear, so exact)."""
        P = Xp.shape[0]
        k = 4 + sum(self._n_cov[d] for _, d, _, _ in self._links)
        J = np.zeros((P, 4, k))
        J[:, np.arange(4), np.arange(4)] = 1.0
        col = 4
        for j, design, sign, _ in self._links:
            X = Xp if design == "purchase" else Xd
            J[:, j, col:col + X.shape[1]] = sign * X
            col += X.shape[1]
        return J

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        data: pd.DataFrame,
        *,
        covariates: Sequence[str],
        dropout_covariates: Sequence[str] | None = None,
        reference: dict | None = None,
        weights: Any = None,
    ):
        """Fit by maximum likelihood.

        Parameters
        ----------
        data : DataFrame
            One row per customer (or per group of customers with ``weights``):
            ``frequency``, ``recency``, ``T`` (or the ``_cal`` columns of
            :func:`~cxtools.ltv.rfm.calibration_holdout_summary`) in ``time_unit``,
            and the covariate columns.
        covariates : list of str
            Columns that shift the purchase process (and the drop-out process,
            unless ``dropout_covariates`` is given). Numeric columns enter as they
            are; text, category and boolean columns as indicators of each level
            against the first (sorted) level or the one named in ``reference``.
        dropout_covariates : list of str, optional
            Columns that shift the drop-out process (default: ``covariates``;
            ``[]`` for none).
        reference : dict, optional
            Reference level per categorical covariate, e.g. ``{"nps_group": "detractor"}``.
        weights : str or array-like, optional
            Customers each row stands for: a column name or an array.

        Returns
        -------
        self
        """
        if not isinstance(data, pd.DataFrame):
            raise CxParameterError(f"{self._label}: data must be a DataFrame, not {type(data).__name__}")
        cov_p = [covariates] if isinstance(covariates, str) else list(covariates)
        cov_d = cov_p if dropout_covariates is None else (
            [dropout_covariates] if isinstance(dropout_covariates, str) else list(dropout_covariates))
        for c in dict.fromkeys(cov_p + cov_d):
            if c not in data.columns:
                raise CxDataError(f"{self._label}: covariate column {c!r} is not in the data ({list(data.columns)})")
        index, (x, tx, T) = _as_summary(data, ("frequency", "recency", "T"))
        _check_frt(index, x, tx, T)
        if isinstance(weights, str):
            if weights not in data.columns:
                raise CxDataError(f"weights column {weights!r} is not in the data ({list(data.columns)})")
            weights = data[weights].to_numpy(dtype=float)
        w = _check_weights(weights, x.size, index)
        self._enc_p = _Encoding.learn(data, cov_p, reference)
        self._enc_d = _Encoding.learn(data, cov_d, reference)
        Xp = self._enc_p.encode(data, where="fit")
        Xd = self._enc_d.encode(data, where="fit")
        self._n_cov = {"purchase": Xp.shape[1], "dropout": Xd.shape[1]}
        # profiles: distinct covariate rows
        Z = np.column_stack([Xp, Xd])
        prof_codes, n_prof = _row_codes(Z)
        if n_prof > _MAX_PROFILES:
            raise CxDataError(
                f"{self._label}: the covariates form {n_prof} distinct profiles (more than {_MAX_PROFILES}); "
                "group continuous covariates into bands (e.g. satisfaction 1-5, NPS groups) first"
            )
        first = np.zeros(n_prof, dtype=np.int64)
        first[prof_codes[::-1]] = np.arange(x.size)[::-1]
        self._Xp_prof, self._Xd_prof = Xp[first], Xd[first]
        # scale numeric design columns for the optimiser; coefficients are mapped back afterwards
        self._scale = {d: np.where(np.std(X, axis=0) > 0, np.maximum(np.abs(X).max(axis=0), 1e-12), 1.0)
                       for d, X in (("purchase", Xp), ("dropout", Xd))}
        blocks = []
        for rows in _groups(prof_codes, n_prof):
            (ux, utx, uT), uw = _unique_rows([x[rows], tx[rows], T[rows]], w[rows])
            blocks.append(_Indexed(ux, utx, uT, uw) if uw.size else None)
        counts = np.array([b.wsum if b is not None else 0.0 for b in blocks])
        keep = counts > 0
        self._Xp_prof, self._Xd_prof = self._Xp_prof[keep], self._Xd_prof[keep]
        kept = [b for b in blocks if b is not None]
        self.n_customers_ = int(round(w.sum()))
        self.n_distinct_ = int(sum(b.w.size for b in kept))
        self.n_profiles_ = int(len(kept))
        self._fit_blocks(kept, float(w.sum()))
        return self

    def _fit_blocks(self, blocks: list, total: float) -> None:
        base = self._base_cls(time_unit=self.time_unit)
        objs = [base._objective(b) for b in blocks]
        Xp_s = self._Xp_prof / self._scale["purchase"]
        Xd_s = self._Xd_prof / self._scale["dropout"]
        J = self._jacobian(Xp_s, Xd_s)
        scale = 1.0 / total

        def fun_grad(theta):
            lp = self._profile_log_params(theta, Xp_s, Xd_s)
            if np.any(np.abs(lp) > 15.0):
                return 1e300, np.zeros_like(theta)
            f, g = 0.0, np.zeros_like(theta)
            for o, th, Jp in zip(objs, lp, J):
                v, gr = o[1](th)
                f += v
                g += Jp.T @ gr
            if not np.isfinite(f) or not np.all(np.isfinite(g)):
                return 1e300, np.zeros_like(theta)
            return f * scale, g * scale

        def hessian(theta):
            lp = self._profile_log_params(theta, Xp_s, Xd_s)
            H = np.zeros((theta.size, theta.size))
            for o, th, Jp in zip(objs, lp, J):
                Hp = base._hessian(o[0], lambda t, o=o: o[1](t)[1], th)
                H += Jp.T @ Hp @ Jp
            return H

        # start: the plain model on all customers, no covariate effects
        # (fit() of the plain model starts large data from a subsample fit)
        merged = _merge_blocks(blocks)
        pooled = self._base_cls(time_unit=self.time_unit).fit((merged.x, merged.tx, merged.T), weights=merged.w)
        k = 4 + sum(self._n_cov[d] for _, d, _, _ in self._links)
        theta0 = np.concatenate([pooled._theta, np.zeros(k - 4)])
        # starting Hessian without new evaluations: each profile's share of the plain model's
        # information (exact when the profiles do not differ; BFGS updates correct the rest)
        cov0 = pooled.log_param_covariance_.to_numpy()
        H0 = None
        if np.all(np.isfinite(cov0)):
            Hbar = np.linalg.inv(cov0) * scale
            share = np.array([b.wsum for b in blocks]) * scale
            H0 = np.einsum("p,pik,ij,pjl->kl", share, J, Hbar, J)
        if H0 is None or not np.all(np.linalg.eigvalsh((H0 + H0.T) / 2) > 0):
            H0 = hessian(theta0) * scale
        theta = None
        if np.all(np.isfinite(H0)) and np.all(np.linalg.eigvalsh((H0 + H0.T) / 2) > 0):
            theta, nit = _newton_polish(fun_grad, theta0, H0, xtol=1e-8, max_iter=100)
            message = "converged: quasi-Newton steps from the model without covariates"
        if theta is None:
            res = optimize.minimize(fun_grad, theta0, jac=True, method="L-BFGS-B",
                                    options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9})
            theta, nit, message = res.x, res.nit, str(res.message)
        f, g = fun_grad(theta)
        if f >= 1e299 or not np.all(np.isfinite(theta)):
            raise CxConvergenceError(
                f"{self._label}: the log-likelihood is not finite near the estimates ({message}); "
                "a covariate may separate buyers from non-buyers perfectly, or its scale is extreme"
            )
        if np.max(np.abs(g)) > 1e-4:
            raise CxConvergenceError(
                f"{self._label}: the optimiser stopped before the maximum ({message}; largest gradient "
                f"{np.max(np.abs(g)):.2g} per customer). A covariate may be (nearly) collinear with "
                "another or separate the customers perfectly; drop or merge levels"
            )
        # back to the unscaled covariates: theta_unscaled = D theta_scaled
        D = np.concatenate([np.ones(4)] + [1.0 / self._scale[d] for _, d, _, _ in self._links])
        H = hessian(theta)
        try:
            cov_s = np.linalg.inv(H)
            ok = bool(np.all(np.linalg.eigvalsh((H + H.T) / 2) > 0))
        except np.linalg.LinAlgError:
            ok = False
        if not ok:
            warnings.warn(
                f"{self._label}: the information matrix is not positive definite; standard errors and "
                "intervals are not available (a covariate is weakly identified or collinear)",
                CxConvergenceWarning, stacklevel=3)
            cov_s = np.full((theta.size, theta.size), np.nan)
        self._theta = theta * D
        cov = cov_s * np.outer(D, D)
        names = self._param_names()
        self.log_likelihood_ = float(-f * total)
        self.converged_ = True
        self.optimizer_message_ = message
        self.n_iterations_ = int(nit)
        self.theta_covariance_ = pd.DataFrame(cov, index=names, columns=names)
        est = self._theta.copy()
        est[:4] = np.exp(est[:4])
        self.params_ = pd.Series(est, index=names, name="estimate")
        se = np.sqrt(np.diag(cov))
        se[:4] = est[:4] * se[:4]  # delta method for the positive baseline parameters
        self.standard_errors_ = pd.Series(se, index=names, name="standard_error")

    def _param_names(self) -> list[str]:
        names = list(self._base_names)
        for _, design, _, label in self._links:
            enc = self._enc_p if design == "purchase" else self._enc_d
            names += [f"{label}: {n}" for n in enc.names]
        return names

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise CxParameterError(f"{self._label} is not fitted yet: call .fit(data, covariates=...) first")

    def summary(self, *, confidence: float = 0.95) -> pd.DataFrame:
        """Estimates, standard errors, Wald tests and intervals.

        Baseline parameters (positive) get intervals symmetric on the log scale
        and no test; coefficients get z, two-sided p-value, interval and the
        multiplier ``exp(coefficient)`` with its interval.

        Parameters
        ----------
        confidence : float
            Interval level.

        Returns
        -------
        DataFrame
            One row per parameter.
        """
        self._check_fitted()
        if not 0 < confidence < 1:
            raise CxParameterError(f"confidence must be between 0 and 1, got {confidence!r}")
        z = special.ndtri(0.5 + confidence / 2)
        se_t = np.sqrt(np.diag(self.theta_covariance_.to_numpy()))
        est = self._theta
        lo, hi = est - z * se_t, est + z * se_t
        pct = f"{confidence:.0%}"
        coef = np.arange(est.size) >= 4
        stat = np.where(coef, est / se_t, np.nan)
        out = pd.DataFrame({
            "estimate": self.params_,
            "standard_error": self.standard_errors_,
            "z": stat,
            "p_value": np.where(coef, 2 * special.ndtr(-np.abs(stat)), np.nan),
            f"lower_{pct}": np.where(coef, lo, np.exp(lo)),
            f"upper_{pct}": np.where(coef, hi, np.exp(hi)),
            "multiplier": np.where(coef, np.exp(est), np.nan),
        }, index=self.params_.index)
        return out.rename_axis("parameter")

    def __repr__(self) -> str:
        if not hasattr(self, "params_"):
            return f"{type(self).__name__}(time_unit={self.time_unit!r}, not fitted)"
        ps = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return (f"{type(self).__name__}({ps}; log-likelihood {self.log_likelihood_:.2f}, "
                f"{self.n_customers_} customers in {self.n_profiles_} profiles, time_unit={self.time_unit!r})")

    # ------------------------------------------------------------------ predictions
    def _rows(self, data: pd.DataFrame, *, where: str, theta: np.ndarray | None = None,
              need_history: bool = True):
        """Per-row plain-model parameters (n x 4) and the history columns."""
        self._check_fitted()
        if not isinstance(data, pd.DataFrame):
            raise CxParameterError(f"{where}: data must be a DataFrame with the covariate columns")
        Xp = self._enc_p.encode(data, where=where)
        Xd = self._enc_d.encode(data, where=where)
        lp = self._profile_log_params(self._theta if theta is None else theta, Xp, Xd)
        hist = None
        if need_history:
            index, (x, tx, T) = _as_summary(data, ("frequency", "recency", "T"))
            _check_frt(index, x, tx, T)
            hist = (x, tx, T)
        return np.exp(lp), hist

    def _apply(self, fn, params: np.ndarray, *arrays) -> np.ndarray:
        """Evaluate a plain-model formula profile by profile (scalar parameters per profile)."""
        out = np.empty(params.shape[0])
        codes, n_prof = _row_codes(params)
        for rows in _groups(codes, n_prof):
            out[rows] = fn(params[rows][0], *[a[rows] for a in arrays])
        return out

    def expected_purchases(self, t: float, data: pd.DataFrame) -> pd.Series:
        """Expected purchases in the next ``t`` time units, per customer, given their history and covariates.

        Parameters
        ----------
        t : float
            Horizon in the model's ``time_unit``.
        data : DataFrame
            ``frequency``, ``recency``, ``T`` and the covariate columns.

        Returns
        -------
        Series
            Indexed like ``data``.
        """
        t = self._base_cls._check_t(t)
        params, (x, tx, T) = self._rows(data, where="expected_purchases")
        base = self._base_cls(time_unit=self.time_unit)
        val = self._apply(lambda p, x, tx, T: base._expected(p, t, x, tx, T), params, x, tx, T)
        return pd.Series(val, index=data.index, name="expected_purchases")

    def probability_alive(self, data: pd.DataFrame) -> pd.Series:
        """Probability that each customer is still active, given history and covariates.

        Parameters
        ----------
        data : DataFrame
            ``frequency``, ``recency``, ``T`` and the covariate columns.

        Returns
        -------
        Series
            Indexed like ``data``.
        """
        params, (x, tx, T) = self._rows(data, where="probability_alive")
        base = self._base_cls(time_unit=self.time_unit)
        val = self._apply(base._p_alive, params, x, tx, T)
        return pd.Series(val, index=data.index, name="probability_alive")

    def expected_purchases_new_customer(self, t: float, profiles: pd.DataFrame) -> pd.Series:
        """Expected repeat purchases by time ``t`` of a newly acquired customer with each profile.

        Parameters
        ----------
        t : float
            Time since acquisition, in ``time_unit``.
        profiles : DataFrame
            The covariate columns, one row per profile.

        Returns
        -------
        Series
            Indexed like ``profiles``.
        """
        t = self._base_cls._check_t(t)
        params, _ = self._rows(profiles, where="expected_purchases_new_customer", need_history=False)
        base = self._base_cls(time_unit=self.time_unit)
        val = self._apply(lambda p: base._unconditional(p, t), params)
        return pd.Series(val, index=profiles.index, name="expected_purchases")

    def _draw_theta(self, n_draws: int, rng: np.random.Generator) -> np.ndarray:
        cov = self.theta_covariance_.to_numpy()
        if not np.all(np.isfinite(cov)):
            raise CxParameterError(f"{self._label}: no covariance of the estimates, so no intervals")
        draws = rng.multivariate_normal(self._theta, cov, size=n_draws)
        return draws


def _merge_blocks(blocks: list) -> _Indexed:
    x = np.concatenate([b.x for b in blocks])
    tx = np.concatenate([b.tx for b in blocks])
    T = np.concatenate([b.T for b in blocks])
    w = np.concatenate([b.w for b in blocks])
    (x, tx, T), w = _unique_rows([x, tx, T], w)
    return _Indexed(x, tx, T, w)


class BetaGeoCovariateModel(_CovariateModel):
    """BG/NBD with time-invariant covariates (Fader & Hardie 2007).

    Purchase rate lambda_i ~ Gamma(r, alpha_i), alpha_i = alpha0 exp(-gamma1' x_i);
    drop-out probability p_i ~ Beta(a_i, b_i), a_i = a0 exp(gamma2' x_i),
    b_i = b0 exp(gamma3' x_i). A purchase coefficient c multiplies the mean
    purchase rate by exp(c); positive drop-out ``a`` coefficients raise, positive
    ``b`` coefficients lower the mean drop-out probability a / (a + b).

    Parameters
    ----------
    time_unit : {"week", "day", "month", "quarter", "year"}
        Unit of ``recency``, ``T`` and every horizon.

    Attributes
    ----------
    params_ : Series
        ``r``, ``alpha0``, ``a0``, ``b0``, then coefficients named
        ``"purchase: <covariate>"``, ``"dropout a: <covariate>"``,
        ``"dropout b: <covariate>"`` (categorical covariates as ``column[level]``).
    standard_errors_ : Series
        From the inverse observed information (delta method for the baselines).
    theta_covariance_ : DataFrame
        Covariance of (log baselines, coefficients).
    log_likelihood_ : float
    n_customers_, n_distinct_, n_profiles_ : int
        Customers, distinct (profile, frequency, recency, T) rows, covariate profiles.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant
    covariates into the Pareto/NBD and BG/NBD models. Note 019,
    http://www.brucehardie.com/notes/019/.
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, eq. (6).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> cdnow["cohort"] = np.where(cdnow["T"] > 35, "early", "late")  # first purchase in Jan-Feb or later
    >>> m = BetaGeoCovariateModel(time_unit="week").fit(cdnow, covariates=["cohort"])
    >>> list(m.params_.index)
    ['r', 'alpha0', 'a0', 'b0', 'purchase: cohort[late]', 'dropout a: cohort[late]', 'dropout b: cohort[late]']
    >>> m.n_profiles_, m.log_likelihood_ >= -9582.43
    (2, True)
    >>> table = m.summary(confidence=0.95)
    >>> list(table.columns)
    ['estimate', 'standard_error', 'z', 'p_value', 'lower_95%', 'upper_95%', 'multiplier']
    """

    _base_cls = BetaGeoModel
    _base_names = ("r", "alpha0", "a0", "b0")
    _links = ((1, "purchase", -1.0, "purchase"), (2, "dropout", 1.0, "dropout a"),
              (3, "dropout", 1.0, "dropout b"))
    _label = "BG/NBD with covariates"


class ParetoNBDCovariateModel(_CovariateModel):
    """Pareto/NBD with time-invariant covariates (Fader & Hardie 2007).

    Purchase rate lambda_i ~ Gamma(r, alpha_i), alpha_i = alpha0 exp(-gamma1' x_i);
    drop-out rate mu_i ~ Gamma(s, beta_i), beta_i = beta0 exp(-gamma2' x_i). A
    coefficient c multiplies the mean purchase (or drop-out) rate by exp(c).

    Parameters
    ----------
    time_unit : {"week", "day", "month", "quarter", "year"}
        Unit of ``recency``, ``T`` and every horizon.

    Attributes
    ----------
    params_, standard_errors_, theta_covariance_, log_likelihood_, n_customers_, n_profiles_
        As in :class:`BetaGeoCovariateModel`; ``r``, ``alpha0``, ``s``, ``beta0``,
        then ``"purchase: ..."`` and ``"dropout: ..."`` coefficients.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant
    covariates into the Pareto/NBD and BG/NBD models. Note 019,
    http://www.brucehardie.com/notes/019/.
    Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD
    model and related expressions, eq. (18).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> cdnow["cohort"] = np.where(cdnow["T"] > 35, "early", "late")
    >>> m = ParetoNBDCovariateModel(time_unit="week").fit(cdnow, covariates=["cohort"], dropout_covariates=[])
    >>> list(m.params_.index)
    ['r', 'alpha0', 's', 'beta0', 'purchase: cohort[late]']
    """

    _base_cls = ParetoNBDModel
    _base_names = ("r", "alpha0", "s", "beta0")
    _links = ((1, "purchase", -1.0, "purchase"), (3, "dropout", -1.0, "dropout"))
    _label = "Pareto/NBD with covariates"


# ----------------------------------------------------------------------------- value
def _discount(model: _CovariateModel, horizon: float, time_unit: str, discount_rate: float,
              discount_period: str) -> tuple[float, float]:
    return _horizon_and_rate(model.time_unit, horizon, time_unit, discount_rate, discount_period)


def _discounted(model: _CovariateModel, theta, data, h, delta, n_steps, conditional):
    """Discounted expected purchases over (0, h] per row, for log-parameters/coefficients theta."""
    params, hist = model._rows(data, where="lifetime value", theta=theta, need_history=conditional)
    base = model._base_cls(time_unit=model.time_unit)
    grid = np.linspace(0.0, h, n_steps + 1)

    def per_profile(p, *arrays):
        if conditional:
            cum = np.vstack([base._expected(p, t, *arrays) if t > 0 else np.zeros_like(arrays[0])
                             for t in grid])
        else:
            cum = np.vstack([np.broadcast_to(base._unconditional(p, t), arrays[0].shape) for t in grid])
        return _discounted_steps(cum, grid, delta)

    arrays = hist if conditional else (np.zeros(len(data)),)
    return model._apply(per_profile, params, *arrays)


def _spend_values(spend, data, conditional, rng=None, n_draws=0):
    """Expected spend per purchase per row (and draws of it) from a number or a Gamma-Gamma model."""
    n = len(data)
    if isinstance(spend, GammaGammaModel):
        spend._check_fitted()
        if conditional and "monetary_value" in data.columns:
            _, x, m = spend._xm(data, fitting=False)
        else:
            x, m = np.zeros(n), np.zeros(n)
        est = GammaGammaModel._spend(spend.params_.to_numpy(), x, m)
        draws = None
        if n_draws:
            sd = spend._draw_params(n_draws, rng)
            draws = np.vstack([GammaGammaModel._spend(d, x, m) for d in sd])
        return est, draws
    try:
        v = float(spend)
    except (TypeError, ValueError) as exc:
        raise CxParameterError(
            "spend must be the mean spend per purchase (a number) or a fitted GammaGammaModel") from exc
    if not (math.isfinite(v) and v >= 0):
        raise CxParameterError(f"spend must be a finite amount >= 0, got {spend!r}")
    return np.full(n, v), (np.full((n_draws, n), v) if n_draws else None)


def covariate_lifetime_value(
    model: _CovariateModel,
    data: pd.DataFrame,
    *,
    spend: float | GammaGammaModel,
    horizon: float,
    time_unit: str,
    margin: float,
    discount_rate: float,
    discount_period: str = "year",
    confidence: float | None = DEFAULT_CONFIDENCE,
    n_draws: int = 200,
    n_steps: int = 24,
    seed: int = 2026,
) -> pd.DataFrame:
    """Customer lifetime value per customer or per covariate profile, with intervals.

    CLV = margin x spend per purchase x sum over steps of the expected purchases
    in the step discounted to its midpoint. Rows with ``frequency``, ``recency``
    and ``T`` are existing customers (conditional expectation given their
    history); rows with only covariates are new customers of that profile
    (unconditional expectation). Intervals: draws of all parameters and
    coefficients from their asymptotic normal distribution (and of the spend
    model's, if one is given); the central ``confidence`` share of the draws.

    Parameters
    ----------
    model : BetaGeoCovariateModel or ParetoNBDCovariateModel
        Fitted.
    data : DataFrame
        Covariate columns, and ``frequency``/``recency``/``T`` for existing customers.
    spend : float or GammaGammaModel
        Mean spend per purchase, or a fitted Gamma-Gamma model (then
        ``monetary_value`` in ``data`` is used for existing customers).
    horizon : float
        Length of the future window in ``time_unit``.
    time_unit : {"week", "day", "month", "quarter", "year"}
        Unit of ``horizon``.
    margin : float
        Profit share of revenue, 0..1.
    discount_rate : float
        Discount rate per ``discount_period``.
    discount_period : {"year", "month", "week", "day"}
    confidence : float or None
        Interval level (default 0.95); None for none.
    n_draws, n_steps, seed : int
        Parameter draws, discounting steps, seed.

    Returns
    -------
    DataFrame
        Indexed like ``data``: ``expected_spend``, ``clv`` and, with an interval,
        ``clv_lower``, ``clv_upper``.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using
    iso-value curves for customer base analysis. JMR 42(4), 415-430.
    Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant
    covariates into the Pareto/NBD and BG/NBD models (note 019).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> cdnow["cohort"] = np.where(cdnow["T"] > 35, "early", "late")
    >>> m = BetaGeoCovariateModel(time_unit="week").fit(cdnow, covariates=["cohort"])
    >>> new = pd.DataFrame({"cohort": ["early", "late"]}, index=["early", "late"])
    >>> clv = covariate_lifetime_value(m, new, spend=35.0, horizon=52, time_unit="week", margin=0.3,
    ...                                discount_rate=0.1, n_draws=50)
    >>> bool((clv["clv_lower"] < clv["clv"]).all() and (clv["clv"] < clv["clv_upper"]).all())
    True
    """
    if not isinstance(model, _CovariateModel):
        raise CxParameterError("model must be a fitted BetaGeoCovariateModel or ParetoNBDCovariateModel")
    model._check_fitted()
    if not (0 <= margin <= 1):
        raise CxParameterError(f"margin is a share of revenue between 0 and 1, got {margin!r}")
    if confidence is not None and not (0 < confidence < 1):
        raise CxParameterError(f"confidence must be between 0 and 1 or None, got {confidence!r}")
    time_unit = _check_time_unit(time_unit, "covariate_lifetime_value")
    h, delta = _discount(model, horizon, time_unit, discount_rate, discount_period)
    conditional = all(c in data.columns or f"{c}_cal" in data.columns for c in ("frequency", "recency", "T"))
    rng = np.random.default_rng(seed)
    n_d = int(n_draws) if confidence is not None else 0
    sp, sp_draws = _spend_values(spend, data, conditional, rng, n_d)
    det = _discounted(model, model._theta, data, h, delta, int(n_steps), conditional)
    out = pd.DataFrame({"expected_spend": sp, "clv": margin * sp * det}, index=data.index)
    if confidence is not None:
        thetas = model._draw_theta(n_d, rng)
        sims = np.vstack([margin * sp_draws[k] * _discounted(model, thetas[k], data, h, delta,
                                                             int(n_steps), conditional)
                          for k in range(n_d)])
        out["clv_lower"] = np.quantile(sims, (1 - confidence) / 2, axis=0)
        out["clv_upper"] = np.quantile(sims, (1 + confidence) / 2, axis=0)
    out.attrs.update({"horizon": horizon, "time_unit": time_unit, "margin": margin,
                      "discount_rate": discount_rate, "discount_period": discount_period})
    return out


@dataclass(frozen=True)
class ValueShift:
    """Value of moving customers from one level of a covariate to another.

    Attributes
    ----------
    covariate, from_level, to_level : str
    n_customers : int
        Customers currently at ``from_level`` (the ones moved).
    total, per_customer : float
        Change in discounted margin over the horizon, summed and per customer.
    lower, upper : float
        Interval of ``total`` at ``confidence``.
    confidence : float
    horizon : float
    time_unit : str
    currency : str
        Label of the money unit in sentences and tables ("" for none).
    """

    covariate: str
    from_level: Any
    to_level: Any
    n_customers: int
    total: float
    per_customer: float
    lower: float
    upper: float
    confidence: float
    horizon: float
    time_unit: str
    currency: str = ""

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the figures."""
        return pd.DataFrame([self.__dict__])

    def describe(self) -> str:
        """One plain sentence."""
        unit = f"{self.time_unit}s" if self.time_unit in TIME_UNITS else self.time_unit
        cur = f" {self.currency}" if self.currency else ""
        return (f"Moving the {self.n_customers:,} customers with {self.covariate} = {self.from_level} to "
                f"{self.to_level} changes their discounted margin over {self.horizon:g} {unit} "
                f"by {self.total:,.0f}{cur} ({self.confidence:.0%} interval {self.lower:,.0f} to "
                f"{self.upper:,.0f}{cur}), {self.per_customer:,.2f}{cur} per customer.")

    def report_table(self) -> pd.DataFrame:
        """Stakeholder table: the move, customers, value and interval."""
        pct = f"{self.confidence:.0%}"
        cur = f" ({self.currency})" if self.currency else ""
        return pd.DataFrame({
            "Move": [f"{self.covariate}: {self.from_level} -> {self.to_level}"],
            "Customers": [self.n_customers],
            f"Value change{cur}": [round(self.total, 2)],
            f"{pct} interval{cur}": [f"{self.lower:,.0f} to {self.upper:,.0f}"],
            f"Per customer{cur}": [round(self.per_customer, 2)],
        })

    def __repr__(self) -> str:
        return (f"ValueShift({self.covariate}: {self.from_level!r} -> {self.to_level!r}, "
                f"n_customers={self.n_customers}, total={self.total:.2f} "
                f"[{self.lower:.2f}, {self.upper:.2f}], per_customer={self.per_customer:.4g})")


def covariate_value_shift(
    model: _CovariateModel,
    data: pd.DataFrame,
    *,
    covariate: str,
    from_level: Any,
    to_level: Any,
    spend: float | GammaGammaModel,
    horizon: float,
    time_unit: str,
    margin: float,
    discount_rate: float,
    discount_period: str = "year",
    confidence: float = DEFAULT_CONFIDENCE,
    n_draws: int = 200,
    n_steps: int = 24,
    seed: int = 2026,
    currency: str = "",
) -> ValueShift:
    """Money value of moving customers from one covariate level to another (e.g. detractor -> passive).

    For the customers of ``data`` at ``from_level``, the CLV with their own
    history and ``covariate`` set to ``to_level`` minus their CLV as they are
    (see :func:`covariate_lifetime_value`). The interval comes from the same
    parameter draws for both, so it reflects the uncertainty of the difference.
    It assumes the covariate's association with buying is causal; a survey
    link shows association, which the report must say.

    Parameters
    ----------
    model : BetaGeoCovariateModel or ParetoNBDCovariateModel
        Fitted with ``covariate`` among its covariates.
    data : DataFrame
        Customers with ``frequency``, ``recency``, ``T`` and covariates.
    covariate : str
        Categorical covariate to move.
    from_level, to_level
        Levels of ``covariate``.
    spend, horizon, time_unit, margin, discount_rate, discount_period, confidence, n_draws, n_steps, seed
        As in :func:`covariate_lifetime_value`.
    currency : str
        Money unit shown in ``describe()`` and ``report_table()``.

    Returns
    -------
    ValueShift

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant
    covariates into the Pareto/NBD and BG/NBD models (note 019).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> cdnow["cohort"] = np.where(cdnow["T"] > 35, "early", "late")
    >>> m = BetaGeoCovariateModel(time_unit="week").fit(cdnow, covariates=["cohort"])
    >>> shift = covariate_value_shift(m, cdnow, covariate="cohort", from_level="late", to_level="early",
    ...                               spend=35.0, horizon=52, time_unit="week", margin=0.3,
    ...                               discount_rate=0.1, n_draws=50)
    >>> shift.lower <= shift.total <= shift.upper
    True
    """
    if not isinstance(model, _CovariateModel):
        raise CxParameterError("model must be a fitted BetaGeoCovariateModel or ParetoNBDCovariateModel")
    model._check_fitted()
    levels = {**model._enc_p.levels, **model._enc_d.levels}
    if covariate not in levels:
        raise CxParameterError(
            f"covariate {covariate!r} is not a categorical covariate of the model ({sorted(levels)})")
    for lv in (from_level, to_level):
        if lv not in levels[covariate]:
            raise CxParameterError(f"level {lv!r} of {covariate!r} is unknown; levels: {levels[covariate]}")
    if not 0 < confidence < 1:
        raise CxParameterError(f"confidence must be between 0 and 1, got {confidence!r}")
    if not (0 <= margin <= 1):
        raise CxParameterError(f"margin is a share of revenue between 0 and 1, got {margin!r}")
    movers = data[data[covariate] == from_level]
    if movers.empty:
        raise CxDataError(f"no customers with {covariate} = {from_level!r} in the data")
    moved = movers.copy()
    moved[covariate] = to_level
    time_unit = _check_time_unit(time_unit, "covariate_value_shift")
    h, delta = _discount(model, horizon, time_unit, discount_rate, discount_period)
    rng = np.random.default_rng(seed)
    sp, sp_draws = _spend_values(spend, movers, True, rng, int(n_draws))
    base_ = _discounted(model, model._theta, movers, h, delta, int(n_steps), True)
    new_ = _discounted(model, model._theta, moved, h, delta, int(n_steps), True)
    total = float(margin * np.sum(sp * (new_ - base_)))
    thetas = model._draw_theta(int(n_draws), rng)
    sims = np.array([margin * np.sum(sp_draws[k] * (
        _discounted(model, thetas[k], moved, h, delta, int(n_steps), True)
        - _discounted(model, thetas[k], movers, h, delta, int(n_steps), True))) for k in range(int(n_draws))])
    return ValueShift(
        covariate=covariate, from_level=from_level, to_level=to_level, n_customers=int(len(movers)),
        total=total, per_customer=total / len(movers),
        lower=float(np.quantile(sims, (1 - confidence) / 2)), upper=float(np.quantile(sims, (1 + confidence) / 2)),
        confidence=confidence, horizon=float(horizon), time_unit=time_unit, currency=currency,
    )
