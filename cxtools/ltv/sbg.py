"""Contractual retention: the shifted-beta-geometric (sBG) model.

In a contractual business (subscriptions renewed every period) each customer has
their own, constant, probability ``theta`` of leaving at each renewal; across
customers ``theta`` follows a beta(alpha, beta) distribution. Because the
customers most likely to leave go first, the *cohort's* retention rate rises
over time, which a single constant churn rate cannot reproduce (Fader & Hardie
2007). The model gives survival and retention projections and, with a margin and
a discount rate, the discounted expected lifetime value of a new customer (DEL)
and the discounted expected *residual* lifetime value of an existing one (DERL,
Fader & Hardie 2010).

Notation (Fader & Hardie 2007): ``T`` is the period in which a customer leaves
(``T = 1``: did not renew at the end of period 1);

- ``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)`` (eq. 5),
- ``S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta)`` (eq. 6),
- retention rate ``r_t = S(t) / S(t-1) = (beta + t - 1) / (alpha + beta + t - 1)`` (eq. 8).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from cxtools.core.checks import UNSET, check_confidence, renamed
from cxtools.ltv.inputs import _event_flags, _unit_label
from cxtools.core.errors import (
    CxConvergenceError,
    CxDataError,
    CxEmptyDataError,
    CxParameterError,
)

__all__ = ["ShiftedBetaGeometricModel"]

_LOG_BOUND = 12.0  # alpha, beta kept within exp(+-12); reaching it means the data cannot pin them down


class ShiftedBetaGeometricModel:
    """Shifted-beta-geometric model of contract renewals (Fader & Hardie 2007).

    Fit it either to a cohort's survivor counts (``fit(survivors)``) or to
    individual subscription records with censoring (``fit(durations=...,
    churned=...)``). Called ``ShiftedBetaGeometric`` before; that name still works for
    one release (FutureWarning), as do ``period=`` (now ``time_unit=``) and ``se_``
    (now ``standard_errors_``).

    Parameters
    ----------
    time_unit : str, default "period"
        Name of the renewal period ("month", "year"), used in labels.

    Attributes
    ----------
    params_ : pandas.Series
        Maximum-likelihood ``alpha`` and ``beta``.
    standard_errors_ : pandas.Series
        Standard errors from the inverse of the observed information (numerical
        Hessian of the log-likelihood at the optimum).
    cov_ : DataFrame
        Covariance matrix of the estimates.
    log_likelihood_ : float
        Maximised log-likelihood.
    n_customers_ : float
        Customers in the data (cohort size).
    n_periods_ : int
        Longest observed span in periods.
    n_churned_ : float
        Customers observed to leave.
    data_kind_ : str
        ``"survivors"`` or ``"durations"``.
    fitted_ : bool

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention.
    *Journal of Interactive Marketing*, 21(1), 76-90.
    Fader, P. S., & Hardie, B. G. S. (2010). Customer-base valuation in a contractual
    setting: the perils of ignoring heterogeneity. *Marketing Science*, 29(1), 85-93.

    Examples
    --------
    The "regular" customers of Fader & Hardie (2007), 1000 at the start:

    >>> m = ShiftedBetaGeometricModel(time_unit="year").fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> m.params_.round(3).to_dict()
    {'alpha': 0.704, 'beta': 1.182}
    >>> m.survival([8, 12]).round(3).tolist()
    [0.22, 0.17]
    """

    def __init__(self, *, time_unit: str = "period", period: Any = UNSET):
        self.time_unit = _unit_label(renamed("period", period, "time_unit", time_unit,
                                             func="ShiftedBetaGeometricModel", default="period"),
                                     func="ShiftedBetaGeometricModel")
        self.fitted_ = False

    @property
    def period(self) -> str:
        """Old name of :attr:`time_unit`."""
        warnings.warn("ShiftedBetaGeometricModel.period is now called time_unit; period will stop working in "
                      "the next release", FutureWarning, stacklevel=2)
        return self.time_unit

    @property
    def se_(self) -> pd.Series:
        """Old name of :attr:`standard_errors_`."""
        warnings.warn("ShiftedBetaGeometricModel.se_ is now called standard_errors_; se_ will stop working in "
                      "the next release", FutureWarning, stacklevel=2)
        return self.standard_errors_

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        survivors=None,
        *,
        cohort_size: float | None = None,
        durations=None,
        churned=None,
        discretise: bool = False,
    ) -> "ShiftedBetaGeometricModel":
        """Fit alpha and beta by maximum likelihood.

        Parameters
        ----------
        survivors : array-like, optional
            Number of customers of one cohort still active at the start (element 0,
            the cohort size) and at the end of periods 1, 2, ..., n. Must not increase.
            If these are shares or percentages (element 0 is 1 or 100), give
            ``cohort_size`` and they are scaled to counts.
        cohort_size : float, optional
            Number of customers the shares refer to (Fader & Hardie 2007 use 1000).
        durations : array-like, optional
            Individual records instead of a cohort table: number of periods each
            customer has been observed. For a customer who left, the period in which
            they left (``T``, >= 1); for one still active, the periods completed.
        churned : array-like of bool, optional
            With ``durations``: True if the customer left, False if still active.
        discretise : bool, default False
            With ``durations``: accept fractional durations (e.g. months from dates)
            and turn them into whole periods: a customer who left after ``d`` periods
            left in period ``max(1, ceil(d))``; one still active after ``d`` periods
            has completed ``floor(d)``. Without it, fractional durations are an error.

        Returns
        -------
        self

        Raises
        ------
        CxDataError
            Increasing survivor counts, negative or fractional durations, ...
        CxConvergenceError
            The optimiser failed or the estimates run off to 0 or infinity (the data
            cannot pin down alpha and beta, e.g. nobody left); the message says what
            to try.

        Notes
        -----
        Log-likelihood (Fader & Hardie 2007, eq. B1), with ``n_t`` survivors at the end
        of period ``t``: ``LL = sum_{t=1}^{n} (n_{t-1} - n_t) ln P(T=t) + n_n ln S(n)``;
        for individual records, ``ln P(T=t_i)`` for leavers and ``ln S(t_i)`` for
        active customers.
        """
        if survivors is not None and durations is not None:
            raise CxParameterError(
                "ShiftedBetaGeometricModel: "
                "give either survivors (a cohort table) or durations/churned, not both"
            )
        if survivors is None and durations is None:
            raise CxParameterError(
                "ShiftedBetaGeometricModel: "
                "give survivors (cohort survivor counts) or durations= with churned="
            )
        if survivors is not None:
            churn_t, churn_w, alive_t, alive_w, n = self._from_survivors(survivors, cohort_size)
            kind = "survivors"
        else:
            if churned is None:
                raise CxParameterError(
                    "ShiftedBetaGeometricModel: "
                    "durations= needs churned= (True if the customer left, False if still active)"
                )
            churn_t, churn_w, alive_t, alive_w, n = self._from_durations(durations, churned, discretise)
            kind = "durations"
        if churn_w.sum() <= 0:
            raise CxConvergenceError(
                "ShiftedBetaGeometricModel: "
                "cannot fit the sBG model: no customer left in the data, so churn cannot be estimated "
                "(the likelihood keeps rising as beta grows). Try: a longer history, more cohorts pooled "
                "together, or report the observed retention instead."
            )

        def negll(logp):
            a, b = np.exp(logp)
            return -_log_likelihood(a, b, churn_t, churn_w, alive_t, alive_w)

        bounds = [(-_LOG_BOUND, _LOG_BOUND)] * 2
        best = None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in ([0.0, 0.0], [np.log(0.5), np.log(2.0)], [np.log(2.0), np.log(10.0)]):
                res = optimize.minimize(negll, np.array(start), method="L-BFGS-B", bounds=bounds,
                                        options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 2000})
                if np.all(np.isfinite(res.x)) and np.isfinite(res.fun) and (best is None or res.fun < best.fun):
                    best = res
            if best is None:
                raise CxConvergenceError(
                    "ShiftedBetaGeometricModel: "
                    "sBG fit failed: the log-likelihood could not be evaluated at any starting point. "
                    "Check the survivor counts / durations for extreme values."
                )
            # L-BFGS-B's line search can stop a hair short on a flat optimum; polish with Nelder-Mead
            polish = optimize.minimize(negll, best.x, method="Nelder-Mead", bounds=bounds,
                                       options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000})
            if np.isfinite(polish.fun) and polish.fun <= best.fun:
                best = polish
        # alpha, beta -> infinity (same mean churn) is the homogeneous geometric model; if that limit
        # fits at least as well, the maximum is at infinity.
        ll_geometric = _geometric_log_likelihood(churn_t, churn_w, alive_t, alive_w)
        at_bound = np.abs(best.x) >= _LOG_BOUND - 1e-3
        if -best.fun <= ll_geometric + 1e-9 * abs(ll_geometric) or (at_bound.all() and best.x[0] > 0):
            raise CxConvergenceError(
                "ShiftedBetaGeometricModel: "
                "sBG fit did not converge to a finite estimate: alpha and beta run off to infinity, "
                f"because a single constant churn rate fits as well (log-likelihood {ll_geometric:.2f} vs "
                f"{-best.fun:.2f}): retention does not rise over time in these data, so there is no "
                "detectable difference between customers to estimate. Try: a constant retention rate "
                "(segment_ltv with retention=), a longer history, or pooling segments/cohorts."
            )
        if at_bound.any():
            which = "alpha" if at_bound[0] else "beta"
            direction = "infinity" if best.x[0 if which == "alpha" else 1] > 0 else "zero"
            raise CxConvergenceError(
                f"ShiftedBetaGeometricModel: "
                f"sBG fit did not converge to a finite estimate: {which} runs off to {direction}, so the "
                "data cannot pin down the spread of churn probabilities between customers (a constant "
                "churn rate fits almost as well). Try: a longer history, pooling segments/cohorts, or a "
                "constant retention rate (segment_ltv with retention=)."
            )
        grad = optimize.approx_fprime(best.x, negll, 1e-7)
        if not np.all(np.isfinite(grad)) or np.max(np.abs(grad)) > 1e-2 * max(1.0, np.sqrt(n)):
            raise CxConvergenceError(
                f"ShiftedBetaGeometricModel: "
                f"sBG optimiser stopped without reaching a maximum (gradient {np.round(grad, 4).tolist()}; "
                f"{best.message}). Try: check that survivor counts fall over time, use more periods of "
                "data, or pool cohorts."
            )
        alpha, beta = (float(v) for v in np.exp(best.x))
        # alpha, beta -> infinity (same mean churn) is the homogeneous geometric model; if that limit
        # fits at least as well, the maximum is at infinity and the estimates are arbitrary points
        # on a flat ridge.
        ll_geometric = _geometric_log_likelihood(churn_t, churn_w, alive_t, alive_w)
        if -best.fun <= ll_geometric + 1e-9 * abs(ll_geometric):
            raise CxConvergenceError(
                "ShiftedBetaGeometricModel: "
                "sBG fit did not converge to a finite estimate: alpha and beta run off to infinity, "
                f"because a single constant churn rate fits at least as well (log-likelihood "
                f"{ll_geometric:.2f} vs {-best.fun:.2f}) -- retention does not rise over time in these data, "
                "so there is no heterogeneity to estimate. Try: a constant retention rate "
                "(segment_ltv with retention=), a longer history, or pooling cohorts."
            )

        from statsmodels.tools.numdiff import approx_hess

        def negll_nat(p):
            return -_log_likelihood(p[0], p[1], churn_t, churn_w, alive_t, alive_w)

        hess = approx_hess(np.array([alpha, beta]), negll_nat)
        try:
            eig = np.linalg.eigvalsh(hess)
            if not np.all(np.isfinite(hess)) or eig.min() <= 0:
                raise np.linalg.LinAlgError("not positive definite")
            cov = np.linalg.inv(hess)
        except np.linalg.LinAlgError:
            raise CxConvergenceError(
                "ShiftedBetaGeometricModel: "
                "sBG fit: the information matrix at the estimate is not positive definite, so the data "
                "do not pin down alpha and beta separately (standard errors undefined). Try: more periods "
                "of history or pooling cohorts."
            ) from None
        names = ["alpha", "beta"]
        self.params_ = pd.Series([alpha, beta], index=names, name="estimate")
        self.cov_ = pd.DataFrame(cov, index=names, columns=names)
        self.standard_errors_ = pd.Series(np.sqrt(np.diag(cov)), index=names, name="standard_error")
        self.log_likelihood_ = float(-best.fun)
        self.n_customers_ = float(n)
        self.n_periods_ = int(max(np.max(churn_t, initial=0), np.max(alive_t, initial=0)))
        self.n_churned_ = float(churn_w.sum())
        self.data_kind_ = kind
        self.fitted_ = True
        return self

    @staticmethod
    def _from_survivors(survivors, cohort_size):
        s = np.asarray(survivors, dtype=float).ravel()
        if s.size < 2:
            raise CxEmptyDataError(
                "ShiftedBetaGeometricModel: "
                "survivors needs the cohort size and at least one later count (periods 0 and 1)"
            )
        if not np.all(np.isfinite(s)) or np.any(s < 0):
            bad = np.flatnonzero(~np.isfinite(s) | (s < 0)).tolist()
            raise CxDataError(f"ShiftedBetaGeometricModel: survivors: missing or negative values at periods {bad[:5]}")
        if s[0] <= 0:
            raise CxDataError("ShiftedBetaGeometricModel: survivors: the cohort size (element 0) must be positive")
        rising = np.flatnonzero(np.diff(s) > 0) + 1
        if rising.size:
            raise CxDataError(
                f"ShiftedBetaGeometricModel: "
                f"survivors: counts rise at periods {rising[:5].tolist()}; a cohort can only shrink "
                "(expected non-increasing counts, one cohort only)"
            )
        if cohort_size is not None:
            if not (np.isfinite(cohort_size) and cohort_size > 0):
                raise CxParameterError(
                    f"ShiftedBetaGeometricModel: "
                    f"cohort_size must be a positive number of customers; got {cohort_size!r}"
                )
            s = s / s[0] * float(cohort_size)
        elif np.any(s != np.round(s)):
            raise CxDataError(
                "ShiftedBetaGeometricModel: "
                "survivors are not whole numbers of customers; if they are shares or percentages, "
                "pass cohort_size= (the number of customers they refer to)"
            )
        n = s[0]
        t = np.arange(1, s.size)
        churn_w = s[:-1] - s[1:]
        return t, churn_w, np.array([s.size - 1]), np.array([s[-1]]), n

    @staticmethod
    def _from_durations(durations, churned, discretise):
        d = np.asarray(pd.to_numeric(pd.Series(np.asarray(durations).ravel()), errors="coerce"), dtype=float)
        c_raw = pd.Series(np.asarray(churned).ravel())
        if d.size == 0:
            raise CxEmptyDataError("ShiftedBetaGeometricModel: durations is empty; expected one value per customer")
        if c_raw.size != d.size:
            raise CxParameterError(
                f"ShiftedBetaGeometricModel: "
                f"durations ({d.size} values) and churned ({c_raw.size}) differ in length"
            )
        c, ok = _event_flags(c_raw)
        if not ok.all():
            raise CxDataError(
                f"ShiftedBetaGeometricModel: "
                f"churned: positions {np.flatnonzero(~ok)[:5].tolist()} are not True/False or 1/0"
            )
        bad = ~np.isfinite(d) | (d < 0)
        if bad.any():
            raise CxDataError(
                f"ShiftedBetaGeometricModel: "
                f"durations: missing, non-numeric or negative values at positions {np.flatnonzero(bad)[:5].tolist()}"
            )
        if discretise:
            t = np.where(c, np.maximum(1.0, np.ceil(d)), np.floor(d))
        else:
            frac = d != np.round(d)
            if frac.any():
                raise CxDataError(
                    f"ShiftedBetaGeometricModel: "
                    f"durations: fractional values at positions {np.flatnonzero(frac)[:5].tolist()} "
                    f"(e.g. {d[frac][:3].tolist()}); the sBG model counts whole renewal periods. "
                    "Pass discretise=True to count a leaver's partial period as the period they left "
                    "in and an active customer's completed periods only."
                )
            t = d
            zero = c & (t < 1)
            if zero.any():
                raise CxDataError(
                    f"ShiftedBetaGeometricModel: "
                    f"durations: customers who left must have left in period 1 or later; positions "
                    f"{np.flatnonzero(zero)[:5].tolist()} have 0"
                )
        # customers with the same (period, churned) contribute identical terms: aggregate them
        churn_t, churn_w = np.unique(t[c], return_counts=True)
        alive_t, alive_w = np.unique(t[~c], return_counts=True)
        return churn_t, churn_w.astype(float), alive_t, alive_w.astype(float), float(d.size)

    @classmethod
    def from_params(cls, alpha: float, beta: float, *, time_unit: str = "period",
                    period: Any = UNSET) -> "ShiftedBetaGeometricModel":
        """A model with given alpha and beta (e.g. published estimates), for projections.

        Examples
        --------
        >>> ShiftedBetaGeometricModel.from_params(0.704, 1.182).retention([1, 2]).round(3).tolist()
        [0.627, 0.756]
        """
        for name, v in (("alpha", alpha), ("beta", beta)):
            if not (np.isfinite(v) and v > 0):
                raise CxParameterError(f"ShiftedBetaGeometricModel: {name} must be a positive number; got {v!r}")
        m = cls(time_unit=renamed("period", period, "time_unit", time_unit, func="from_params", default="period"))
        m.params_ = pd.Series([float(alpha), float(beta)], index=["alpha", "beta"], name="estimate")
        m.standard_errors_ = pd.Series([np.nan, np.nan], index=["alpha", "beta"], name="standard_error")
        m.cov_ = None
        m.log_likelihood_ = np.nan
        m.n_customers_ = np.nan
        m.n_periods_ = 0
        m.n_churned_ = np.nan
        m.data_kind_ = "given"
        m.fitted_ = True
        return m

    # -------------------------------------------------------------- reporting
    def _check(self):
        if not self.fitted_:
            raise CxParameterError("ShiftedBetaGeometricModel: the sBG model is not fitted yet; call .fit(...) first")
        return float(self.params_["alpha"]), float(self.params_["beta"])

    def __repr__(self) -> str:
        name = type(self).__name__
        if not self.fitted_:
            return f"{name}(time_unit={self.time_unit!r}, not fitted)"
        a, b = self._check()
        if self.data_kind_ == "given":
            return f"{name}(alpha={a:.3f}, beta={b:.3f}, given, time_unit={self.time_unit!r})"
        sa, sb = self.standard_errors_
        return (
            f"{name}(alpha={a:.3f} (SE {sa:.3f}), beta={b:.3f} (SE {sb:.3f}), "
            f"{self.n_customers_:,.0f} customers, {self.n_churned_:,.0f} left, "
            f"{self.n_periods_} {self.time_unit}s, log-likelihood {self.log_likelihood_:.2f})"
        )

    def to_frame(self, *, confidence: float = 0.95, alpha_level: Any = UNSET) -> pd.DataFrame:
        """The parameter table of :meth:`summary` (``alpha_level=0.05`` is the old ``confidence=0.95``)."""
        if alpha_level is not UNSET:
            if isinstance(alpha_level, bool) or not isinstance(alpha_level, (int, float)) or not 0 < alpha_level < 1:
                raise CxParameterError(
                    f"ShiftedBetaGeometricModel: "
                    f"to_frame: alpha_level must be between 0 and 1, got {alpha_level!r}"
                )
            alpha_level = 1.0 - alpha_level
        return self.summary(confidence=renamed("alpha_level", alpha_level, "confidence", confidence,
                                               func="to_frame", default=0.95))

    def summary(self, *, confidence: float = 0.95) -> pd.DataFrame:
        """Parameter table: estimate, standard error and Wald confidence interval.

        alpha and beta are positive, so the interval is built on the log scale (delta
        method: ``se(log a) = se(a) / a``) and mapped back, ``a * exp(+-z se(a) / a)``; it
        never crosses zero, unlike ``a +- z se(a)`` when the standard error is large
        (Meeker & Escobar 1998, section 8.3).

        References
        ----------
        Meeker, W. Q., & Escobar, L. A. (1998). *Statistical Methods for Reliability
        Data*. Wiley, section 8.3 (intervals for positive parameters).

        Examples
        --------
        >>> m = ShiftedBetaGeometricModel().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> m.summary().round(3)
                   estimate  standard_error  lower_95%  upper_95%
        parameter
        alpha         0.704           0.066      0.587      0.845
        beta          1.182           0.152      0.918      1.522
        """
        self._check()
        from scipy import stats

        confidence = check_confidence(confidence, func="summary")
        z = stats.norm.ppf(0.5 + confidence / 2)
        pct = f"{confidence:.0%}"
        out = pd.DataFrame({"estimate": self.params_, "standard_error": self.standard_errors_})
        spread = np.exp(z * out["standard_error"] / out["estimate"])
        out[f"lower_{pct}"] = out["estimate"] / spread
        out[f"upper_{pct}"] = out["estimate"] * spread
        return out.rename_axis("parameter")

    # ------------------------------------------------------------ predictions
    def survival(self, t) -> np.ndarray:
        """Share of a new cohort still active after ``t`` periods, ``S(t)`` (eq. 6).

        Examples
        --------
        >>> ShiftedBetaGeometricModel.from_params(1.0, 1.0).survival([0, 1, 3]).tolist()
        [1.0, 0.5, 0.25]
        """
        a, b = self._check()
        t = _nonneg(t, "t")
        return np.exp(special.betaln(a, b + t) - special.betaln(a, b))

    def churn_probability(self, t) -> np.ndarray:
        """Probability that a new customer leaves in period ``t`` (t >= 1), eq. 5.

        Examples
        --------
        >>> ShiftedBetaGeometricModel.from_params(1.0, 1.0).churn_probability([1, 2]).round(3).tolist()
        [0.5, 0.167]
        """
        a, b = self._check()
        t = _nonneg(t, "t")
        if np.any(t < 1):
            raise CxParameterError("ShiftedBetaGeometricModel: churn_probability is defined for periods t >= 1")
        return np.exp(special.betaln(a + 1, b + t - 1) - special.betaln(a, b))

    def retention(self, t) -> np.ndarray:
        """Retention rate of the cohort in period ``t``, ``S(t) / S(t-1)`` (eq. 8); rises with t.

        Examples
        --------
        >>> ShiftedBetaGeometricModel.from_params(1.0, 1.0).retention([1, 2, 3]).round(3).tolist()
        [0.5, 0.667, 0.75]
        """
        a, b = self._check()
        t = _nonneg(t, "t")
        if np.any(t < 1):
            raise CxParameterError("ShiftedBetaGeometricModel: retention is defined for periods t >= 1")
        return (b + t - 1) / (a + b + t - 1)

    def expected_lifetime(self, horizon: float | None = None) -> float:
        """Expected number of periods a new customer pays for, ``sum_{t>=0} S(t)``.

        Equals ``(alpha + beta - 1) / (alpha - 1)`` when ``alpha > 1``; when
        ``alpha <= 1`` the tail is so heavy that the mean is infinite and a
        ``horizon`` is needed: then ``sum_{t=0}^{horizon-1} S(t)``, the expected
        periods paid within the first ``horizon``.

        Parameters
        ----------
        horizon : int, optional
            Number of periods to count.

        Examples
        --------
        >>> round(ShiftedBetaGeometricModel.from_params(3.0, 4.0).expected_lifetime(), 3)
        3.0
        >>> round(ShiftedBetaGeometricModel.from_params(0.704, 1.182).expected_lifetime(horizon=10), 3)
        4.039
        """
        a, b = self._check()
        if horizon is None:
            if a <= 1:
                raise CxParameterError(
                    f"ShiftedBetaGeometricModel: "
                    f"expected lifetime is infinite for alpha = {a:.3f} <= 1 (a few customers effectively "
                    "never leave); pass horizon= (periods) or use a discount rate (discounted_expected_lifetime)"
                )
            return (a + b - 1) / (a - 1)
        if not (np.isfinite(horizon) and horizon >= 0 and float(horizon) == int(horizon)):
            raise CxParameterError(
                f"ShiftedBetaGeometricModel: "
                f"horizon must be a whole number of periods >= 0; got {horizon!r}"
            )
        return float(self.survival(np.arange(int(horizon))).sum())

    def discounted_expected_lifetime(self, *, margin: float = 1.0, discount_rate: float) -> float:
        """DEL: discounted expected lifetime value of a customer about to start.

        ``DEL = m * sum_{t>=0} S(t) / (1+d)^t = m * 2F1(1, beta; alpha + beta; 1/(1+d))``
        (Fader & Hardie 2010, eq. 4): the margin ``m`` is paid at the start of every
        period the customer is active, the first undiscounted.

        Parameters
        ----------
        margin : float, default 1
            Margin per period (rub); 1 gives the discounted expected number of periods.
        discount_rate : float
            Discount rate per period (> 0, or 0 when alpha > 1).

        Examples
        --------
        >>> m = ShiftedBetaGeometricModel.from_params(0.704, 1.182)
        >>> round(m.discounted_expected_lifetime(discount_rate=0.1), 2)
        3.7
        """
        a, b = self._check()
        d = _rate(discount_rate, a)
        if d == 0:
            return float(margin) * self.expected_lifetime()
        return float(margin) * float(special.hyp2f1(1.0, b, a + b, 1.0 / (1.0 + d)))

    def derl(self, *, margin: float = 1.0, discount_rate: float, renewals_so_far=0):
        """DERL: discounted expected residual lifetime value of an existing customer.

        For a customer who has made ``n - 1`` renewals (is in period ``n``), valued just
        before the next renewal decision (Fader & Hardie 2010, eq. 6):

        ``DERL = m * (beta + n - 1) / (alpha + beta + n - 1) * 2F1(1, beta + n; alpha + beta + n; 1/(1+d))``
        ``     = m * sum_{t>=n} [S(t) / S(n-1)] / (1+d)^(t-n)``.

        The longer a customer has stayed, the higher their DERL: survivors are the
        customers with low churn probabilities.

        Parameters
        ----------
        margin : float, default 1
            Margin per period (rub).
        discount_rate : float
            Discount rate per period.
        renewals_so_far : int or array of int, default 0
            Renewals each customer has made (``n - 1``); 0 = in the first period.

        Returns
        -------
        float or ndarray

        Examples
        --------
        >>> m = ShiftedBetaGeometricModel.from_params(0.704, 1.182)
        >>> m.derl(discount_rate=0.1, renewals_so_far=[0, 4]).round(2).tolist()
        [2.96, 5.89]
        """
        a, b = self._check()
        d = _rate(discount_rate, a)
        k = _nonneg(renewals_so_far, "renewals_so_far")
        if np.any(k != np.round(k)):
            raise CxParameterError("ShiftedBetaGeometricModel: renewals_so_far must be whole numbers")
        n = k + 1
        if d == 0:
            # undiscounted: sum_{t>=n} S(t)/S(n-1) = E[T - n + 1 | T >= n] - ... finite only if alpha > 1
            value = (b + n - 1) / (a - 1)
        else:
            value = (b + n - 1) / (a + b + n - 1) * special.hyp2f1(1.0, b + n, a + b + n, 1.0 / (1.0 + d))
        value = float(margin) * value
        return float(value) if np.ndim(renewals_so_far) == 0 else value


def _log_likelihood(a, b, churn_t, churn_w, alive_t, alive_w) -> float:
    if not (np.isfinite(a) and np.isfinite(b) and a > 0 and b > 0):
        return -np.inf
    base = special.betaln(a, b)
    ll = np.sum(churn_w * (special.betaln(a + 1, b + churn_t - 1) - base))
    ll += np.sum(alive_w * (special.betaln(a, b + alive_t) - base))
    return float(ll)


def _geometric_log_likelihood(churn_t, churn_w, alive_t, alive_w) -> float:
    """Maximised log-likelihood of the homogeneous model (everyone has the same churn p)."""
    leavers = float(np.sum(churn_w))
    trials = float(np.sum(churn_w * churn_t) + np.sum(alive_w * alive_t))
    p = leavers / trials
    if p >= 1.0:
        return 0.0
    return leavers * np.log(p) + (trials - leavers) * np.log1p(-p)


def _nonneg(t, name) -> np.ndarray:
    arr = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise CxParameterError(f"ShiftedBetaGeometricModel: {name} must be numbers of periods >= 0; got {t!r}")
    return arr


def _rate(discount_rate, alpha) -> float:
    try:
        d = float(discount_rate)
    except (TypeError, ValueError):
        raise CxParameterError(
            f"ShiftedBetaGeometricModel: "
            f"discount_rate must be a number per period; got {discount_rate!r}"
        ) from None
    if not np.isfinite(d) or d < 0:
        raise CxParameterError(
            f"ShiftedBetaGeometricModel: "
            f"discount_rate must be a fraction >= 0 per period; got {discount_rate!r}"
        )
    if d == 0 and alpha <= 1:
        raise CxParameterError(
            f"ShiftedBetaGeometricModel: "
            f"with alpha = {alpha:.3f} <= 1 the undiscounted lifetime value is infinite; use a discount rate > 0"
        )
    return d


def __getattr__(name: str):
    if name == "ShiftedBetaGeometric":
        warnings.warn("ShiftedBetaGeometric is now called ShiftedBetaGeometricModel; the old name will stop "
                      "working in the next release", FutureWarning, stacklevel=2)
        return ShiftedBetaGeometricModel
    raise AttributeError(f"module 'cxtools.ltv.sbg' has no attribute {name!r}")
