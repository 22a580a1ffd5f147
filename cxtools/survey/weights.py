"""Respondent weights: Kish's effective sample size, raking to population margins."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import numeric_column, require_columns, rows_preview
from cxtools.core.errors import CxConvergenceError, CxDataError, CxEmptyDataError, CxParameterError
from cxtools.core.stats import kish as _kish
from cxtools.survey._common import _weight_column

__all__ = ["effective_sample_size", "rake_weights", "raking_margins"]


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
    w = numeric_column(frame, "weight", func="effective_sample_size", low=0.0)
    if w.isna().any():
        raise CxDataError(
            f"effective_sample_size: missing weights in rows {rows_preview(w.index[w.isna()])}"
        )
    if len(w) == 0 or w.sum() == 0:
        raise CxDataError("effective_sample_size: the weights are empty or all zero")
    return _kish(w.to_numpy())


def rake_weights(
    data: pd.DataFrame,
    *,
    margins: Mapping[str, Mapping[Any, float]],
    weight: str | None = None,
    trim: tuple[float, float] | None = None,
    max_iter: int = 100,
    tol: float = 1e-6,
) -> pd.Series:
    """Rake respondent weights so that weighted shares match known population margins.

    Iterative proportional fitting (Deming & Stephan 1940): for each margin in turn,
    multiply the weights of everyone in a category by ``target share / current weighted
    share``; repeat until every weighted share is within ``tol`` of its target. With
    ``trim=(lo, hi)`` the weights are clipped after each pass to ``lo`` .. ``hi`` times
    the mean weight, which limits the loss of precision (see :func:`effective_sample_size`)
    at the price of matching the margins only when the bounds allow it (Kalton &
    Flores-Cervantes 2003, section 3.5). The total weight is kept equal to the total of
    the starting weights (the number of rows when ``weight`` is None).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    margins : dict of {column: {category: target}}
        Population distribution of each raking variable; targets may be shares or counts
        (each margin is rescaled to add up to 1). Shares (every target at most 1) must add
        up to 1 within 0.01, so that a mistyped share is caught rather than rescaled.
    weight : str, optional
        Column of starting (design) weights; default equal weights.
    trim : (float, float), optional
        Lowest and highest allowed weight as multiples of the mean weight, e.g. (0.3, 3).
    max_iter : int, default 100
        Passes over all margins before giving up.
    tol : float, default 1e-6
        Largest allowed absolute difference between a weighted share and its target.

    Returns
    -------
    Series
        The raked weights, named ``"raked_weight"``, with the caller's index.

    Raises
    ------
    CxDataError
        If a raking column has missing values, a category in the data has no target, or a
        category with a positive target has no respondents (or only zero weights).
    CxParameterError
        If targets are negative, or look like shares but do not add up to 1.
    CxConvergenceError
        If the margins are not matched within ``max_iter`` passes (often because the
        trimming bounds are too tight for the targets).

    References
    ----------
    Deming, W. E., & Stephan, F. F. (1940). On a least squares adjustment of a sampled
    frequency table when the expected marginal totals are known. *Annals of Mathematical
    Statistics*, 11(4), 427-444.

    Kalton, G., & Flores-Cervantes, I. (2003). Weighting methods. *Journal of Official
    Statistics*, 19(2), 81-97.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"segment": ["Consumer"] * 2 + ["Small business"] * 2,
    ...                    "region": ["Moscow", "Kazan", "Moscow", "Moscow"]})
    >>> w = rake_weights(df, margins={"segment": {"Consumer": 0.8, "Small business": 0.2},
    ...                               "region": {"Moscow": 0.5, "Kazan": 0.5}})
    >>> w.groupby(df["segment"]).sum().round(3).tolist(), w.groupby(df["region"]).sum().round(3).tolist()
    ([3.2, 0.8], [2.0, 2.0])
    """
    func = "rake_weights"
    if not isinstance(margins, Mapping) or not margins:
        raise CxParameterError(f"{func}: margins must be a non-empty dict {{column: {{category: target}}}}")
    require_columns(data, list(margins), func=func)
    if len(data) == 0:
        raise CxEmptyDataError(f"{func}: the table has no rows")
    if trim is not None:
        if len(trim) != 2 or not (0 <= trim[0] < 1 < trim[1]):
            raise CxParameterError(
                f"{func}: trim must be (lo, hi) multiples of the mean weight with 0 <= lo < 1 < hi, got {trim!r}"
            )
    if max_iter < 1 or tol <= 0:
        raise CxParameterError(f"{func}: need max_iter >= 1 and tol > 0, got {max_iter!r}, {tol!r}")
    base = _weight_column(data, weight, func).to_numpy(dtype="float64")
    total = base.sum()
    if total <= 0:
        raise CxDataError(f"{func}: the starting weights in {weight!r} are all zero")
    plan = []
    for col, targets in margins.items():
        if not isinstance(targets, Mapping) or not targets:
            raise CxParameterError(f"{func}: margins[{col!r}] must be a non-empty dict {{category: target}}")
        cats = list(targets)
        t = np.array([float(targets[c]) for c in cats])
        if (t < 0).any() or not np.isfinite(t).all() or t.sum() <= 0:
            raise CxParameterError(f"{func}: targets for {col!r} must be non-negative numbers, got {dict(targets)}")
        shares_typo = bool(t.max() <= 1 and abs(t.sum() - 1) > 0.01)
        t = t / t.sum()
        values = data[col]
        if values.isna().any():
            raise CxDataError(
                f"{func}: column {col!r} is missing in rows {rows_preview(values.index[values.isna()])}; "
                "give those respondents a category (e.g. 'unknown') with its own target"
            )
        lookup = {c: i for i, c in enumerate(cats)}
        codes = values.map(lambda v, lookup=lookup: lookup.get(v, -1)).to_numpy(dtype=int)
        if (codes < 0).any():
            unknown = sorted(map(str, pd.unique(values[codes < 0])))
            raise CxDataError(
                f"{func}: column {col!r} has categories {unknown[:10]} with no target in margins "
                f"(targets given for {[str(c) for c in cats]}); rows {rows_preview(values.index[codes < 0])}"
            )
        reach = np.bincount(codes, weights=base, minlength=len(cats))
        empty = [str(cats[i]) for i in range(len(cats)) if t[i] > 0 and reach[i] <= 0]
        if empty:
            raise CxDataError(
                f"{func}: column {col!r} has no respondents (with a positive weight) in {empty}, "
                "so their targets cannot be reached; merge them with a neighbouring category"
            )
        if shares_typo:
            # every target looks like a share, but they do not add up to 1: almost always a typo
            raw = {c: targets[c] for c in cats}
            raise CxParameterError(
                f"{func}: targets for {col!r} look like shares but add up to {sum(map(float, raw.values())):.3f}, "
                f"not 1: {raw}; correct them (or give population counts)"
            )
        plan.append((col, codes, t))
    w = base.copy()
    worst = np.inf
    for _ in range(int(max_iter)):
        for _col, codes, t in plan:
            sums = np.bincount(codes, weights=w, minlength=len(t))
            factor = np.divide(t * w.sum(), sums, out=np.zeros_like(t), where=sums > 0)
            w = w * factor[codes]
        if trim is not None:
            mean_w = w.sum() / len(w)
            w = np.clip(w, trim[0] * mean_w, trim[1] * mean_w)
        w = w * (total / w.sum())
        worst = max(
            np.abs(np.bincount(codes, weights=w, minlength=len(t)) / w.sum() - t).max()
            for _col, codes, t in plan
        )
        if worst < tol:
            return pd.Series(w, index=data.index, name="raked_weight")
    hint = (
        "widen the trim bounds, " if trim is not None else ""
    ) + "raise max_iter, or check that the margins are consistent with each other"
    raise CxConvergenceError(
        f"{func}: weighted shares still differ from the targets by up to {worst:.2g} "
        f"(tolerance {tol:g}) after {max_iter} passes; {hint}"
    )


def raking_margins(
    data: pd.DataFrame,
    population: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    max_levels: int = 20,
) -> dict[str, dict[Any, float]]:
    """The population's shares of every grouping column the survey shares with it, for :func:`rake_weights`.

    A column qualifies when both tables hold it, the population has at most ``max_levels``
    distinct values in it (so identifiers and dates are left out) and every answer in the
    survey is one of the population's values (otherwise the margins cannot be matched).
    Nothing about the names is assumed: a survey and a customer list that share
    ``segment`` and ``region`` give those two; ones that share nothing give ``{}``.

    Parameters
    ----------
    data : DataFrame
        Survey answers.
    population : DataFrame
        The population the weights should match, e.g. the customer list.
    columns : sequence of str, optional
        Only these candidates (default: every column of ``data``).
    max_levels : int, default 20

    Returns
    -------
    dict of {column: {value: share}}
        Shares of the population (fractions summing to 1), in ``data``'s column order.

    Examples
    --------
    >>> sv = pd.DataFrame({"segment": ["A", "B", "B"], "region": ["N", "N", "S"], "id": [1, 2, 3]})
    >>> base = pd.DataFrame({"segment": ["A", "A", "B", "B"], "region": ["N", "S", "S", "S"], "id": [1, 2, 3, 4]})
    >>> raking_margins(sv, base, max_levels=3)
    {'segment': {'A': 0.5, 'B': 0.5}, 'region': {'S': 0.75, 'N': 0.25}}
    """
    candidates = list(data.columns) if columns is None else [c for c in columns if c in data.columns]
    margins: dict[str, dict[Any, float]] = {}
    for col in candidates:
        if col not in population.columns:
            continue
        levels = population[col].dropna()
        if len(levels) == 0 or levels.nunique() > max_levels:
            continue
        answered = data[col].dropna()
        if len(answered) == 0 or not answered.isin(set(levels)).all():
            continue
        margins[col] = {k: float(v) for k, v in levels.value_counts(normalize=True).items()}
    return margins
