"""Importance-performance analysis (Martilla & James 1977) with stated or derived importance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import check_choice
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.stats import mean_interval
from cxtools.factors._common import FactorResult, _fmt_list, _frame, _label, _names_by, _numeric, _put_estimates, _rating_columns, _z

__all__ = ["QUADRANTS", "ImportancePerformanceResult", "importance_performance"]

#: Martilla & James' quadrants by (important, performs well).
QUADRANTS = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


@dataclass(frozen=True, repr=False)
class ImportancePerformanceResult(FactorResult):
    """Importance-performance analysis: one row per attribute.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``performance`` (mean rating) with ``performance_ci_low/high``,
        ``importance`` with ``importance_ci_low/high``, ``quadrant``, ``gap`` with
        ``gap_ci_low/high`` (see :func:`importance_performance`).
    importance_kind : str
        ``"stated"`` or the kind of derived importance.
    performance_crosshair, importance_crosshair : float
        Where the grid is split.
    gap_meaning : str
        What ``gap`` measures.
    scale : (float, float)
        The rating scale.
    n : int
        Respondents.
    confidence : float
        Level of the intervals.
    """

    table: pd.DataFrame
    importance_kind: str
    performance_crosshair: float
    importance_crosshair: float
    gap_meaning: str
    scale: tuple[float, float]
    n: int
    confidence: float = 0.95

    def __repr__(self) -> str:
        g = _names_by(self.table, "quadrant", QUADRANTS.values())
        return (
            f"ImportancePerformanceResult(n={self.n}, importance={self.importance_kind!r}, "
            + ", ".join(f"{q}=[{_fmt_list(v)}]" for q, v in g.items())
            + ")"
        )


def importance_performance(
    data: pd.DataFrame,
    *,
    attributes: Sequence[str] | None = None,
    overall: str | None = "overall_satisfaction",
    importance: str = "derived",
    derived_method: str = "correlation",
    importance_prefix: str = "importance_",
    crosshairs: str = "means",
    scale: tuple[float, float] = (1, 5),
    confidence: float = 0.95,
    n_boot: int = 500,
    seed: int = 0,
) -> ImportancePerformanceResult:
    """Importance-performance analysis: where to concentrate, where we may overdo it.

    Performance is the mean rating of each attribute (t interval). Importance is

    - ``"stated"``: the mean of the ``importance_<attribute>`` column (t interval);
    - ``"derived"`` with ``derived_method="correlation"``: Pearson correlation of the
      rating with ``overall`` (Fisher-z interval);
    - ``"derived"`` with ``derived_method="relative_weights"``: each attribute's share of
      the explained variance (:func:`cxtools.survey.relative_weights`: the exact LMG
      decomposition for up to 12 attributes, Johnson's (2000) weights beyond; bootstrap
      percentile interval).

    Crosshairs split the grid into Martilla & James' quadrants: "Concentrate
    here" (important, low performance), "Keep up the good work", "Low
    priority", "Possible overkill". ``crosshairs="means"`` puts them at the
    mean over attributes; ``"midpoint"`` at the scale midpoint (for derived
    importance, which has no scale, the importance crosshair is then still the mean).

    The **gap** is, for stated importance, performance minus importance per
    respondent (negative = the attribute delivers less than customers say it
    matters; paired t interval); for derived importance, performance minus the
    performance crosshair (t interval).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    attributes : list of str, optional
        Rating columns; default every ``rating_*`` column.
    overall : str, optional
        Overall satisfaction column, needed for derived importance.
    importance : {"derived", "stated"}
    derived_method : {"correlation", "relative_weights"}
    importance_prefix : str, default "importance_"
        Stated importance of ``rating_price`` is read from ``importance_price``.
    crosshairs : {"means", "midpoint"}
    scale : (float, float), default (1, 5)
        Rating scale; ratings (and stated importances) outside it are an error.
    confidence : float, default 0.95
    n_boot, seed : int
        Bootstrap resamples and seed (relative weights only).

    Returns
    -------
    ImportancePerformanceResult

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis.
    *Journal of Marketing* 41(1), 77-79.
    Johnson, J. W. (2000). A heuristic method for estimating the relative weight
    of predictor variables in multiple regression. *Multivariate Behavioral
    Research* 35(1), 1-19.
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation
    deduced from a small sample. *Metron* 1, 3-32.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(4)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 4, 300),
    ...                    "rating_brand": rng.integers(3, 6, 300)})
    >>> df["overall_satisfaction"] = 2 * df.rating_price + rng.normal(0, 1, 300)
    >>> importance_performance(df).table[["attribute", "quadrant"]].values.tolist()
    [['price', 'Concentrate here'], ['brand', 'Possible overkill']]
    """
    where = "importance_performance"
    data = _frame(data, where)
    z = _z(confidence, where)
    check_choice("importance", importance, ["derived", "stated"], func=where)
    check_choice("derived_method", derived_method, ["correlation", "relative_weights"], func=where)
    check_choice("crosshairs", crosshairs, ["means", "midpoint"], func=where)
    lo_s, hi_s = float(scale[0]), float(scale[1])
    if not lo_s < hi_s:
        raise CxParameterError(f"{where}: scale must be (lowest, highest), got {scale!r}")
    cols = _rating_columns(data, attributes, where)
    labels = [_label(c) for c in cols]
    ratings = _numeric(data, cols, where, low=lo_s, high=hi_s)
    n = len(ratings)

    perf = [mean_interval(ratings[c].to_numpy(), confidence=confidence) for c in cols]
    table = pd.DataFrame({"attribute": labels})
    _put_estimates(table, "performance", perf)
    stated = None
    if importance == "stated":
        imp_cols = [importance_prefix + lab for lab in labels]
        stated = _numeric(data, imp_cols, where, low=lo_s, high=hi_s)
        imp = [mean_interval(stated[c].to_numpy(), confidence=confidence) for c in imp_cols]
        kind = "stated"
    else:
        if overall is None:
            raise CxParameterError(f"{where}: derived importance needs the overall satisfaction column (overall=...)")
        y = _numeric(data, [overall], where)[overall]
        if y.std() == 0:
            raise CxDataError(f"{where}: {overall!r} has the same value in every row; nothing to derive from")
        if derived_method == "correlation":
            imp = []
            for c in cols:
                if ratings[c].std() == 0:
                    raise CxDataError(f"{where}: every respondent gave {c!r} the same rating; no correlation")
                r = float(np.corrcoef(ratings[c], y)[0, 1])
                half = z / np.sqrt(n - 3) if n > 3 else np.nan
                imp.append((r, float(np.tanh(np.arctanh(r) - half)), float(np.tanh(np.arctanh(r) + half))))
            kind = "derived (correlation with overall)"
        else:
            from cxtools.survey import relative_weights

            rw = relative_weights(
                ratings.assign(__overall__=y), drivers=cols, outcome="__overall__",
                n_boot=n_boot, confidence=confidence, seed=seed,
            ).table.set_index("driver").loc[cols]
            imp = list(zip(rw["raw_weight"], rw["ci_low"], rw["ci_high"]))
            kind = "derived (relative weights)"
    _put_estimates(table, "importance", imp)

    midpoint = (lo_s + hi_s) / 2
    p_cross = midpoint if crosshairs == "midpoint" else float(table["performance"].mean())
    i_cross = midpoint if (crosshairs == "midpoint" and importance == "stated") else float(table["importance"].mean())
    table["quadrant"] = [
        QUADRANTS[(bool(i >= i_cross), bool(p >= p_cross))] for i, p in zip(table["importance"], table["performance"])
    ]
    if stated is not None:
        gaps = [mean_interval((ratings[c] - stated[importance_prefix + lab]).to_numpy(), confidence=confidence)
                for c, lab in zip(cols, labels)]
        gap_meaning = "performance minus stated importance (paired, per respondent)"
    else:
        gaps = [mean_interval(ratings[c].to_numpy() - p_cross, confidence=confidence) for c in cols]
        gap_meaning = "performance minus the performance crosshair"
    _put_estimates(table, "gap", gaps)
    return ImportancePerformanceResult(
        table=table, importance_kind=kind, performance_crosshair=p_cross, importance_crosshair=i_cross,
        gap_meaning=gap_meaning, scale=(lo_s, hi_s), n=n, confidence=confidence,
    )


