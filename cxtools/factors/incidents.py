"""Herzberg's critical-incident method: which categories make the good and the bad stories?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import check_alpha, require_columns, rows_preview
from cxtools.core.errors import CxDataError
from cxtools.core.stats import holm as _holm
from cxtools.factors._common import FactorResult, _fmt_list, _frame, _names_by

__all__ = ["CriticalIncidentsResult", "critical_incidents"]


@dataclass(frozen=True, repr=False)
class CriticalIncidentsResult(FactorResult):
    """Critical-incident analysis: one row per category.

    Attributes
    ----------
    table : DataFrame
        ``category``, ``n_positive``, ``n_negative``, ``share_of_positive``,
        ``share_of_negative``, ``difference`` (positive minus negative share), ``z``,
        ``p_value``, ``p_adjusted`` (Holm), ``over_represented`` (``"positive"``,
        ``"negative"`` or ``"neither"``) and ``reading`` (motivator / hygiene factor /
        no clear side).
    n_positive, n_negative : int
        Good and bad stories.
    alpha : float
        Significance level of the Holm-adjusted tests.
    """

    table: pd.DataFrame
    n_positive: int
    n_negative: int
    alpha: float

    def __repr__(self) -> str:
        t = self.table
        pos = t.loc[t["over_represented"] == "positive", "category"].tolist()
        neg = t.loc[t["over_represented"] == "negative", "category"].tolist()
        return (f"CriticalIncidentsResult(n_positive={self.n_positive}, n_negative={self.n_negative}, "
                f"mostly positive=[{_fmt_list(pos)}], mostly negative=[{_fmt_list(neg)}])")

    def by_side(self) -> dict[str, list[str]]:
        """Categories over-represented among ``"negative"`` and ``"positive"`` stories, and ``"neither"``."""
        return _names_by(self.table, "over_represented", ("negative", "positive", "neither"), names="category")


def critical_incidents(
    data: pd.DataFrame,
    *,
    valence: str = "valence",
    category: str = "category",
    positive: str = "positive",
    negative: str = "negative",
    alpha: float = 0.05,
) -> CriticalIncidentsResult:
    """Herzberg's critical-incident method: which categories make the good and the bad stories?

    Each incident is a story a customer told about an exceptionally good
    (positive) or bad (negative) experience, coded into a category. Herzberg
    found that the sources of good stories (motivators) differ from those of
    bad stories (hygiene factors). Per category, the share it takes of all
    positive incidents is compared with the share it takes of all negative
    incidents by the pooled two-proportion z test; p-values are Holm-adjusted
    across categories. A category is over-represented on one side when the
    adjusted p-value is below ``alpha``.

    Parameters
    ----------
    data : DataFrame
        One row per incident.
    valence : str, default "valence"
        Column telling whether the incident was positive or negative.
    category : str, default "category"
        Column with the coded category.
    positive, negative : str
        The two values of ``valence`` (compared case-insensitively, spaces trimmed).
    alpha : float, default 0.05

    Returns
    -------
    CriticalIncidentsResult

    Raises
    ------
    CxDataError
        Unknown valence values, empty categories (rows named), or only one side.

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*.
    Wiley, ch. 7.
    Flanagan, J. C. (1954). The critical incident technique. *Psychological
    Bulletin* 51(4), 327-358.
    Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed., Wiley, sec. 3.1
    (two-proportion z test).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"valence": ["negative"] * 60 + ["positive"] * 60,
    ...                    "category": ["price"] * 45 + ["trust"] * 15 + ["price"] * 10 + ["trust"] * 50})
    >>> critical_incidents(df).table[["category", "over_represented"]].values.tolist()
    [['price', 'negative'], ['trust', 'positive']]
    """
    where = "critical_incidents"
    data = _frame(data, where)
    check_alpha(alpha, func=where)
    require_columns(data, [valence, category], func=where)
    val = data[valence].astype("string").str.strip().str.lower()
    pos, neg = str(positive).strip().lower(), str(negative).strip().lower()
    bad = ~(val.isin([pos, neg]).fillna(False)).to_numpy(dtype=bool)
    if bad.any():
        raise CxDataError(
            f"{where}: column {valence!r} must be {positive!r} or {negative!r}; rows {rows_preview(data.index[bad])} "
            f"hold {list(data[valence][bad].head(3))}"
        )
    cat = data[category]
    bad = (cat.isna() | (cat.astype("string").str.strip() == "")).to_numpy(dtype=bool)
    if bad.any():
        raise CxDataError(f"{where}: column {category!r} is empty at rows {rows_preview(data.index[bad])}")
    counts = pd.crosstab(cat.astype(str), val.astype(str)).reindex(columns=[pos, neg], fill_value=0)
    n_pos, n_neg = int(counts[pos].sum()), int(counts[neg].sum())
    if n_pos == 0 or n_neg == 0:
        side = positive if n_pos == 0 else negative
        raise CxDataError(f"{where}: there are no {side!r} incidents; both sides are needed for the comparison")
    if len(counts) < 2:
        raise CxDataError(f"{where}: only one category ({list(counts.index)}); nothing to compare")
    a, b = counts[pos].to_numpy(float), counts[neg].to_numpy(float)
    p1, p2 = a / n_pos, b / n_neg
    pooled = (a + b) / (n_pos + n_neg)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_pos + 1 / n_neg))
    zval = (p1 - p2) / se
    pval = 2 * stats.norm.sf(np.abs(zval))
    padj = _holm(pval)
    over = np.where(padj < alpha, np.where(zval > 0, "positive", "negative"), "neither")
    reading = pd.Series(over).map(
        {"positive": "motivator (source of satisfaction)", "negative": "hygiene factor (source of dissatisfaction)",
         "neither": "no clear side"}
    )
    table = pd.DataFrame(
        {
            "category": counts.index.astype(str),
            "n_positive": a.astype(int),
            "n_negative": b.astype(int),
            "share_of_positive": p1,
            "share_of_negative": p2,
            "difference": p1 - p2,
            "z": zval,
            "p_value": pval,
            "p_adjusted": padj,
            "over_represented": over,
            "reading": reading.to_numpy(),
        }
    )
    return CriticalIncidentsResult(table=table, n_positive=n_pos, n_negative=n_neg, alpha=alpha)
