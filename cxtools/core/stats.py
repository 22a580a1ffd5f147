"""Small statistical building blocks shared by the survey and factor analyses.

One implementation each of what :mod:`cxtools.survey` and :mod:`cxtools.factors` both need:
Kish's effective sample size, the (weighted) mean with its t interval, the Wilson interval
of a share and Holm's step-down adjustment. Private: the public entry points are the
analysis functions that use them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def normal_quantile(confidence: float) -> float:
    """Two-sided normal critical value for ``confidence`` (1.96 for 0.95)."""
    from scipy import stats

    return float(stats.norm.ppf(0.5 + confidence / 2))


def kish(w: Any) -> float:
    """Kish's effective sample size ``(sum w)^2 / sum w^2`` (0 when all weights are 0).

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7 (eq. 11.7.6).

    Examples
    --------
    >>> kish(np.array([1.0, 1.0, 1.0, 3.0]))
    3.0
    """
    w = np.asarray(w, dtype="float64")
    s, s2 = w.sum(), (w * w).sum()
    return float(s * s / s2) if s2 > 0 else 0.0


def mean_interval(x: Any, w: Any = None, *, confidence: float = 0.95) -> tuple[float, float, float]:
    """(Weighted) mean with a t interval on ``n_eff - 1`` degrees of freedom.

    The variance is the weighted variance with the usual ``n / (n - 1)`` correction and the
    standard error uses Kish's effective sample size, so with equal weights (``w=None``)
    this is exactly the textbook t interval ``mean +/- t_{n-1} s / sqrt(n)``. Fewer than
    two values give a NaN interval; no values give NaN throughout.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.

    Examples
    --------
    >>> [round(v, 3) for v in mean_interval([1, 2, 3, 4, 5])]  # 3 +/- 2.776 * sqrt(2.5 / 5)
    [3.0, 1.037, 4.963]
    """
    from scipy import stats

    x = np.asarray(x, dtype="float64")
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan
    w = np.ones(n) if w is None else np.asarray(w, dtype="float64")
    mean = float(np.average(x, weights=w))
    if n < 2:
        return mean, np.nan, np.nan
    n_eff = kish(w)
    var = float(np.average((x - mean) ** 2, weights=w)) * n / (n - 1)
    se = math.sqrt(var / n_eff)
    t = float(stats.t.ppf(0.5 + confidence / 2, df=max(n_eff - 1, 1.0)))
    return mean, mean - t * se, mean + t * se


def wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """Wilson score interval for a share ``p`` from ``n`` (effective) answers.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA*, 22(158), 209-212.
    """
    if not n > 0 or np.isnan(p):
        return np.nan, np.nan
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0))
    return float(max(centre - half, 0.0)), float(min(centre + half, 1.0))


def holm(pvalues: Any) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values (missing p-values stay missing).

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = len(ok)
    if m:
        order = ok[np.argsort(p[ok], kind="stable")]
        adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
        out[order] = np.minimum(adjusted, 1.0)
    return out
