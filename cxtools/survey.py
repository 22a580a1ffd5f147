"""Survey metrics: NPS, CSAT, CES, Likert items, weights, cross-tabs, reliability, drivers.

Research question 3 of cxtools: *what do customers say, does it differ between
segments and waves, and what drives it?*

Every metric comes with an interval. Respondent weights are optional everywhere;
when they are given, shares and means are weighted and intervals use Kish's
effective sample size (:func:`effective_sample_size`) in place of the number of
respondents, the usual first-order allowance for the loss of precision that
unequal weights cause.

Net Promoter Scores are reported on the familiar -100..100 point scale
(percentage of promoters minus percentage of detractors).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.errors import (
    CxConvergenceError,
    CxDataError,
    CxEmptyDataError,
    CxParameterError,
    CxSchemaError,
)

__all__ = [
    "NPS_CATEGORIES",
    "nps_category",
    "nps",
    "NPSDifference",
    "nps_difference",
    "nps_trend",
    "effective_sample_size",
    "csat",
    "ces",
    "likert_summary",
    "likert_distribution",
    "rake_weights",
    "Crosstab",
    "crosstab",
    "CronbachAlpha",
    "cronbach_alpha",
    "RelativeWeights",
    "relative_weights",
    "plot_likert",
    "plot_nps",
    "plot_nps_trend",
    "plot_drivers",
]

#: The three NPS categories, in order (0-6, 7-8, 9-10).
NPS_CATEGORIES: tuple[str, str, str] = ("detractor", "passive", "promoter")

#: Rocks (2016) adjusted-Wald pseudo-observations added to (detractors, passives, promoters).
_ADJUSTED_WALD_PSEUDO = (0.75, 1.5, 0.75)


# ----------------------------------------------------------------------------------------
# input checks shared by every metric
# ----------------------------------------------------------------------------------------
def _as_list(cols: str | Sequence[str] | None) -> list[str]:
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def _require_columns(data: pd.DataFrame, columns: Iterable[str], func: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise CxParameterError(f"{func}: expected a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise CxSchemaError(
            f"{func}: column(s) {missing} not found; the table has columns {list(data.columns)}"
        )


def _rows_preview(index: pd.Index, limit: int = 5) -> str:
    shown = [repr(i) for i in list(index[:limit])]
    more = f" and {len(index) - limit} more" if len(index) > limit else ""
    return ", ".join(shown) + more


def _numeric_column(
    data: pd.DataFrame,
    column: str,
    func: str,
    *,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
) -> pd.Series:
    """Return ``data[column]`` as float (missing stays NaN) after checking type and range."""
    s = data[column]
    if isinstance(s.dtype, pd.CategoricalDtype) or not (
        pd.api.types.is_numeric_dtype(s.dtype) or s.isna().all()
    ) or pd.api.types.is_bool_dtype(s.dtype):
        bad = s[s.notna()]
        raise CxDataError(
            f"{func}: column {column!r} must hold numbers, but has dtype {s.dtype} "
            f"(first values: {bad.head(3).tolist()}); convert it with pd.to_numeric first"
        )
    values = s.astype("float64")
    present = values.notna()
    problems = pd.Series(False, index=values.index)
    if low is not None:
        problems |= present & (values < low)
    if high is not None:
        problems |= present & (values > high)
    if integer:
        problems |= present & (values != np.round(values))
    problems |= present & ~np.isfinite(values.where(present, 0.0))
    if problems.any():
        bad = values[problems]
        expected = []
        if integer:
            expected.append("whole numbers")
        if low is not None and high is not None:
            expected.append(f"from {low:g} to {high:g}")
        raise CxDataError(
            f"{func}: column {column!r} has {int(problems.sum())} value(s) outside the expected "
            f"{' '.join(expected) or 'finite numbers'}: values {sorted(set(bad.tolist()))[:10]} "
            f"in rows {_rows_preview(bad.index)}"
        )
    return values


def _weight_column(data: pd.DataFrame, weight: str | None, func: str) -> pd.Series:
    """Respondent weights (ones when ``weight`` is None); missing or negative weights are errors."""
    if weight is None:
        return pd.Series(1.0, index=data.index)
    _require_columns(data, [weight], func)
    w = _numeric_column(data, weight, func, low=0.0)
    if w.isna().any():
        raise CxDataError(
            f"{func}: weight column {weight!r} is missing in rows {_rows_preview(w.index[w.isna()])}; "
            "every respondent needs a weight (use 1 for self-weighting respondents)"
        )
    return w


def _check_ci(ci: float, func: str) -> float:
    if not (isinstance(ci, (int, float)) and 0 < ci < 1):
        raise CxParameterError(f"{func}: ci must be a confidence level between 0 and 1, got {ci!r}")
    return float(ci)


def _kish(w: np.ndarray) -> float:
    s = w.sum()
    s2 = (w * w).sum()
    return float(s * s / s2) if s2 > 0 else 0.0


def effective_sample_size(weights: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Kish's effective sample size of a set of respondent weights.

    .. math:: n_{eff} = (\\sum_i w_i)^2 / \\sum_i w_i^2

    It equals the number of respondents when all weights are equal and falls as the
    weights become more unequal; an interval computed with ``n_eff`` in place of ``n``
    allows for the precision that weighting costs.

    Parameters
    ----------
    weights : array-like of float
        Non-negative weights, no missing values.

    Returns
    -------
    float

    Raises
    ------
    CxDataError
        If a weight is missing, negative or infinite, or all weights are zero.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. New York: Wiley, section 11.7 (eq. 11.7.6).

    Examples
    --------
    >>> effective_sample_size([1, 1, 1, 1])
    4.0
    >>> round(effective_sample_size([1, 1, 1, 3]), 3)
    3.0
    """
    w = pd.Series(np.asarray(weights, dtype="float64") if not isinstance(weights, pd.Series) else weights)
    frame = pd.DataFrame({"weight": w})
    w = _numeric_column(frame, "weight", "effective_sample_size", low=0.0)
    if w.isna().any():
        raise CxDataError(
            f"effective_sample_size: missing weights in rows {_rows_preview(w.index[w.isna()])}"
        )
    if len(w) == 0 or w.sum() == 0:
        raise CxDataError("effective_sample_size: the weights are empty or all zero")
    return _kish(w.to_numpy())


def _groups(data: pd.DataFrame, by: list[str]):
    """Yield (label tuple, row positions) per group; a missing label forms its own group.

    Positions (not index labels) so that a caller's non-unique index does no harm.
    """
    if not by:
        yield (), np.arange(len(data))
        return
    grouped = data[by].reset_index(drop=True).groupby(by, sort=True, dropna=False, observed=True)
    for key, pos in grouped.indices.items():
        yield (key if isinstance(key, tuple) else (key,)), np.asarray(pos)


# ----------------------------------------------------------------------------------------
# NPS
# ----------------------------------------------------------------------------------------
def nps_category(scores: pd.Series) -> pd.Series:
    """Classify 0-10 likelihood-to-recommend answers as detractor, passive or promoter.

    0-6 is a detractor, 7-8 a passive, 9-10 a promoter (Reichheld 2003). Missing answers
    stay missing.

    Parameters
    ----------
    scores : Series of numbers
        Answers on the 0-10 scale; whole numbers only.

    Returns
    -------
    Series
        Ordered categorical with categories ``("detractor", "passive", "promoter")``,
        same index and name as ``scores``.

    Raises
    ------
    CxDataError
        If a value is not a whole number from 0 to 10 (the message names the values and
        rows), or the series does not hold numbers.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46-54.

    Examples
    --------
    >>> import pandas as pd
    >>> nps_category(pd.Series([0, 6, 7, 8, 9, 10, None])).tolist()
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter', nan]
    """
    if not isinstance(scores, pd.Series):
        raise CxParameterError(f"nps_category: expected a pandas Series, got {type(scores).__name__}")
    name = scores.name if scores.name is not None else "score"
    values = _numeric_column(pd.DataFrame({name: scores}), name, "nps_category", low=0, high=10, integer=True)
    codes = np.select([values <= 6, values <= 8, values <= 10], [0, 1, 2], default=-1)
    codes = np.where(values.isna(), -1, codes)
    dtype = pd.CategoricalDtype(list(NPS_CATEGORIES), ordered=True)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=scores.index, name=scores.name)


def _nps_core(
    counts: np.ndarray, n_eff: np.ndarray | float, z: float, method: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """NPS (as a fraction), its standard error and interval from shares and sample size.

    ``counts`` has shape (..., 3): (detractor, passive, promoter) shares times ``n_eff``
    (i.e. effective counts). Vectorised so the simulation test can use it directly.
    """
    counts = np.asarray(counts, dtype="float64")
    n = np.asarray(n_eff, dtype="float64")
    if method == "adjusted_wald":
        counts = counts + np.asarray(_ADJUSTED_WALD_PSEUDO)
        n = n + sum(_ADJUSTED_WALD_PSEUDO)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_d = counts[..., 0] / n
        p_p = counts[..., 2] / n
        score = p_p - p_d
        # variance of one respondent's -1/0/+1 score: (1-NPS)^2 pP + NPS^2 p0 + (-1-NPS)^2 pD
        var = p_p + p_d - score**2
        se = np.sqrt(np.maximum(var, 0.0) / n)
    low = np.clip(score - z * se, -1.0, 1.0)
    high = np.clip(score + z * se, -1.0, 1.0)
    return score, se, low, high


def _nps_group(values: pd.Series, w: pd.Series, z: float, method: str) -> dict[str, Any]:
    answered = values.notna()
    v = values[answered].to_numpy()
    ww = w[answered].to_numpy()
    cat = np.where(v <= 6, 0, np.where(v <= 8, 1, 2))
    raw = np.bincount(cat, minlength=3)
    wsum = np.bincount(cat, weights=ww, minlength=3)
    total = wsum.sum()
    n = int(answered.sum())
    if n == 0 or total <= 0:
        shares = np.full(3, np.nan)
        n_eff = 0.0
        score = se = low = high = np.nan
    else:
        shares = wsum / total
        n_eff = _kish(ww)
        # the plain NPS is reported unadjusted; the adjusted-Wald shift only moves the interval
        s, se, low, high = _nps_core(shares * n_eff, n_eff, z, method)
        score = shares[2] - shares[0]
    return {
        "n": n,
        "n_missing": int((~answered).sum()),
        "n_eff": n_eff,
        "detractors": int(raw[0]),
        "passives": int(raw[1]),
        "promoters": int(raw[2]),
        "detractor_share": shares[0],
        "passive_share": shares[1],
        "promoter_share": shares[2],
        "nps": 100 * score,
        "se": 100 * float(se),
        "ci_low": 100 * float(low),
        "ci_high": 100 * float(high),
    }


def _check_method(method: str, func: str) -> str:
    if method not in ("wald", "adjusted_wald"):
        raise CxParameterError(f"{func}: method must be 'wald' or 'adjusted_wald', got {method!r}")
    return method


def nps(
    data: pd.DataFrame,
    *,
    score: str = "nps",
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    ci: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
) -> pd.DataFrame:
    """Net Promoter Score with a confidence interval, overall or per group.

    NPS = 100 x (share of promoters - share of detractors), on a -100..100 point scale.
    Its standard error treats each answer as a -1 (detractor), 0 (passive) or +1
    (promoter) score, whose variance follows from the three proportions (Rocks 2016,
    eq. 2): ``var = pP + pD - (pP - pD)^2``, ``se = sqrt(var / n)``. The Wald interval is
    ``NPS +/- z se``; ``method="adjusted_wald"`` first adds 3/4 of a pseudo-respondent to
    detractors and promoters and 3/2 to passives (n + 3), which Rocks (2016) found to
    keep the coverage close to nominal in small samples. Intervals are clipped to
    -100..100.

    With ``weight``, shares are weighted and ``n`` in the standard error is Kish's
    effective sample size. Missing scores are left out and counted in ``n_missing``.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    score : str, default "nps"
        Column with 0-10 likelihood-to-recommend answers.
    by : str or list of str, optional
        Grouping column(s); one output row per group (a missing label forms its own group).
    weight : str, optional
        Column of respondent weights.
    ci : float, default 0.95
        Confidence level.
    method : {"wald", "adjusted_wald"}, default "wald"
        Interval method; use "adjusted_wald" for small groups (say under 100 answers).

    Returns
    -------
    DataFrame
        One row per group: the group columns, ``n`` (answers), ``n_missing``, ``n_eff``,
        counts ``detractors``, ``passives``, ``promoters``, their (weighted) shares
        ``detractor_share``, ``passive_share``, ``promoter_share`` (0-1), ``nps``, ``se``,
        ``ci_low``, ``ci_high`` (points, -100..100).

    Raises
    ------
    CxSchemaError
        If a column is missing.
    CxDataError
        If a score is not a whole number 0-10, or a weight is missing or negative.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372 (Designing and analyzing NPS surveys). Eq. for the
    trinomial variance; adjusted-Wald pseudo-observations (0.75, 1.5, 0.75).

    Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6],
    ...                    "segment": ["A", "A", "A", "A", "B", "B", "B", "B"]})
    >>> nps(df)[["n", "promoters", "detractors", "nps"]]
       n  promoters  detractors   nps
    0  8          4           2  25.0
    >>> nps(df, by="segment")[["segment", "n", "nps"]]
      segment  n   nps
    0       A  4  75.0
    1       B  4 -25.0
    """
    func = "nps"
    by_cols = _as_list(by)
    _require_columns(data, [score, *by_cols], func)
    z = stats.norm.ppf(0.5 + _check_ci(ci, func) / 2)
    _check_method(method, func)
    values = _numeric_column(data, score, func, low=0, high=10, integer=True)
    w = _weight_column(data, weight, func)
    rows = []
    for key, pos in _groups(data, by_cols):
        row = dict(zip(by_cols, key))
        row.update(_nps_group(values.iloc[pos], w.iloc[pos], z, method))
        rows.append(row)
    return pd.DataFrame(rows)
