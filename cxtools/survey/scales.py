"""Answer scales: CSAT and CES top-box shares, Likert item summaries and distributions."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import UNSET, check_confidence, numeric_column, renamed, require_columns, require_rows
from cxtools.core.errors import CxParameterError
from cxtools.core.stats import mean_interval
from cxtools.core.stats import kish as _kish
from cxtools.core.stats import wilson as _wilson
from cxtools.core.util import as_list as _as_list
from cxtools.survey._common import _groups, _weight_column

__all__ = ["csat", "ces", "likert_summary", "likert_distribution"]


def _box_summary(
    values: pd.Series,
    w: pd.Series,
    boxes: Mapping[str, Sequence[float]],
    ci: float,
) -> dict[str, Any]:
    z = stats.norm.ppf(0.5 + ci / 2)
    answered = values.notna().to_numpy()
    x = values.to_numpy()[answered]
    ww = w.to_numpy()[answered]
    n = int(answered.sum())
    n_eff = _kish(ww) if n and ww.sum() > 0 else 0.0
    mean, m_low, m_high = mean_interval(x, ww, confidence=ci) if n_eff > 0 else (np.nan, np.nan, np.nan)
    row: dict[str, Any] = {
        "n": n,
        "n_missing": int((~answered).sum()),
        "n_eff": n_eff,
        "mean": mean,
        "mean_ci_low": m_low,
        "mean_ci_high": m_high,
    }
    for name, levels in boxes.items():
        share = float(ww[np.isin(x, list(levels))].sum() / ww.sum()) if n_eff > 0 else np.nan
        low, high = _wilson(share, n_eff, z)
        row.update({f"{name}_share": share, f"{name}_ci_low": low, f"{name}_ci_high": high})
    return row


def _check_scale(scale: tuple[int, int], func: str) -> tuple[int, int]:
    try:
        lo, hi = (int(scale[0]), int(scale[1]))
    except (TypeError, ValueError, IndexError):
        raise CxParameterError(f"{func}: scale must be (lowest, highest), got {scale!r}") from None
    if hi <= lo:
        raise CxParameterError(f"{func}: scale must be (lowest, highest) with lowest < highest, got {scale!r}")
    return lo, hi


def _scale_metric(
    data, *, func, items, by, weight, scale, boxes, ci
) -> pd.DataFrame:
    by_cols = _as_list(by)
    require_columns(data, [*items, *by_cols], func=func)
    require_rows(data, func=func)
    ci = check_confidence(ci, func=func)
    lo, hi = _check_scale(scale, func)
    for name, levels in boxes.items():
        outside = [v for v in levels if not lo <= v <= hi]
        if outside:
            raise CxParameterError(f"{func}: {name} levels {outside} are outside the scale {lo}-{hi}")
    w = _weight_column(data, weight, func)
    rows = []
    for item in items:
        values = numeric_column(data, item, func=func, low=lo, high=hi, integer=True)
        for key, pos in _groups(data, by_cols):
            row = {"item": item} if len(items) > 1 or func == "likert_summary" else {}
            row.update(dict(zip(by_cols, key)))
            row.update(_box_summary(values.iloc[pos], w.iloc[pos], boxes, ci))
            rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["confidence"] = ci
    return out


def csat(
    data: pd.DataFrame,
    *,
    score: str = "csat",
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    scale: tuple[int, int] = (1, 5),
    top_box: Sequence[int] = (4, 5),
    confidence: float = 0.95,
    ci: Any = UNSET,
) -> pd.DataFrame:
    """Customer satisfaction (CSAT): top-two-box share with a Wilson interval, and the mean.

    CSAT is usually reported as the share of "satisfied" or "very satisfied" answers
    (4 or 5 on a 1-5 scale). The share gets a Wilson score interval (Wilson 1927), which
    keeps its coverage near nominal even for shares close to 0 or 1; the mean gets a t
    interval. With weights, both use Kish's effective sample size.

    Parameters
    ----------
    data : DataFrame
    score : str, default "csat"
        Column with the satisfaction answers.
    by : str or list of str, optional
        Grouping column(s).
    weight : str, optional
        Column of respondent weights.
    scale : (int, int), default (1, 5)
        Lowest and highest answer; anything else is an error.
    top_box : sequence of int, default (4, 5)
        The answers counted as satisfied.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        One row per group: ``n``, ``n_missing``, ``n_eff``, ``mean``, ``mean_ci_low``,
        ``mean_ci_high``, ``top_box_share``, ``top_box_ci_low``, ``top_box_ci_high``
        (shares 0-1).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA*, 22(158), 209-212.

    Agresti, A., & Coull, B. A. (1998). Approximate is better than "exact" for interval
    estimation of binomial proportions. *The American Statistician*, 52(2), 119-126.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"csat": [5, 4, 4, 3, 1, 5, 2, 4]})
    >>> out = csat(df)
    >>> out[["n", "mean", "top_box_share"]]
       n   mean  top_box_share
    0  8  3.500          0.625
    >>> out[["top_box_ci_low", "top_box_ci_high"]].round(3)
       top_box_ci_low  top_box_ci_high
    0           0.306            0.863
    """
    ci = renamed("ci", ci, "confidence", confidence, func="csat", default=0.95)
    return _scale_metric(
        data, func="csat", items=[score], by=by, weight=weight, scale=scale,
        boxes={"top_box": tuple(top_box)}, ci=ci,
    )


def ces(
    data: pd.DataFrame,
    *,
    score: str = "ces",
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    scale: tuple[int, int] = (1, 7),
    easy: Sequence[int] = (5, 6, 7),
    confidence: float = 0.95,
    ci: Any = UNSET,
) -> pd.DataFrame:
    """Customer effort score (CES): mean and the share who found it easy, with intervals.

    On the CES 2.0 item ("The company made it easy for me to handle my issue", 1 =
    strongly disagree ... 7 = strongly agree) higher is easier; answers 5-7 count as
    "easy" (Dixon, Toman & DeLisi 2013). The share gets a Wilson interval, the mean a t
    interval; weights work as in :func:`csat`.

    Parameters
    ----------
    data : DataFrame
    score : str, default "ces"
    by : str or list of str, optional
    weight : str, optional
    scale : (int, int), default (1, 7)
    easy : sequence of int, default (5, 6, 7)
        The answers counted as easy.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        One row per group: ``n``, ``n_missing``, ``n_eff``, ``mean``, ``mean_ci_low``,
        ``mean_ci_high``, ``easy_share``, ``easy_ci_low``, ``easy_ci_high``.

    References
    ----------
    Dixon, M., Toman, N., & DeLisi, R. (2013). *The Effortless Experience*. Portfolio,
    ch. 6 and appendix (CES 2.0).

    Wilson, E. B. (1927). *JASA*, 22(158), 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> ces(pd.DataFrame({"ces": [7, 6, 5, 2, 4, 7]}))[["n", "mean", "easy_share"]]
       n      mean  easy_share
    0  6  5.166667    0.666667
    """
    ci = renamed("ci", ci, "confidence", confidence, func="ces", default=0.95)
    return _scale_metric(
        data, func="ces", items=[score], by=by, weight=weight, scale=scale,
        boxes={"easy": tuple(easy)}, ci=ci,
    )


def likert_summary(
    data: pd.DataFrame,
    *,
    items: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    scale: tuple[int, int] = (1, 5),
    top_box: Sequence[int] | None = None,
    bottom_box: Sequence[int] | None = None,
    confidence: float = 0.95,
    ci: Any = UNSET,
) -> pd.DataFrame:
    """Mean, top-box and bottom-box shares of Likert items, with intervals.

    Parameters
    ----------
    data : DataFrame
    items : str or list of str
        Item columns, all answered on ``scale``.
    by : str or list of str, optional
    weight : str, optional
    scale : (int, int), default (1, 5)
    top_box, bottom_box : sequence of int, optional
        Answers counted as agreeing / disagreeing; default the top two and bottom two.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        One row per item (and group): ``item``, group columns, ``n``, ``n_missing``,
        ``n_eff``, ``mean``, ``mean_ci_low``, ``mean_ci_high``, ``top_box_share`` and
        ``bottom_box_share`` with Wilson ``_ci_low`` / ``_ci_high``. For the full
        answer distribution use :func:`likert_distribution`.

    References
    ----------
    Likert, R. (1932). A technique for the measurement of attitudes. *Archives of
    Psychology*, 140.

    Wilson, E. B. (1927). *JASA*, 22(158), 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"loyalty_1": [5, 4, 3, 2, 1], "loyalty_2": [5, 5, 4, 4, 3]})
    >>> likert_summary(df, items=["loyalty_1", "loyalty_2"])[["item", "mean", "top_box_share", "bottom_box_share"]]
            item  mean  top_box_share  bottom_box_share
    0  loyalty_1   3.0            0.4               0.4
    1  loyalty_2   4.2            0.8               0.0
    """
    ci = renamed("ci", ci, "confidence", confidence, func="likert_summary", default=0.95)
    lo, hi = _check_scale(scale, "likert_summary")
    top = tuple(top_box) if top_box is not None else (hi - 1, hi)
    bottom = tuple(bottom_box) if bottom_box is not None else (lo, lo + 1)
    return _scale_metric(
        data, func="likert_summary", items=_as_list(items), by=by, weight=weight,
        scale=scale, boxes={"top_box": top, "bottom_box": bottom}, ci=ci,
    )


def likert_distribution(
    data: pd.DataFrame,
    *,
    items: str | Sequence[str],
    weight: str | None = None,
    scale: tuple[int, int] = (1, 5),
) -> pd.DataFrame:
    """Share of answers at each scale point, one row per item (missing answers left out).

    Parameters
    ----------
    data : DataFrame
    items : str or list of str
    weight : str, optional
    scale : (int, int), default (1, 5)

    Returns
    -------
    DataFrame
        Index: item; columns: the scale points (ints); values: (weighted) shares 0-1 that
        add up to 1 per item; plus ``n`` (answers).

    References
    ----------
    Likert, R. (1932). A technique for the measurement of attitudes. *Archives of
    Psychology* 140, 1-55 (the response distribution per item). With weights, shares
    are weighted shares.

    Examples
    --------
    >>> import pandas as pd
    >>> likert_distribution(pd.DataFrame({"q": [1, 2, 2, 5]}), items="q")
           1    2    3    4     5  n
    item
    q   0.25  0.5  0.0  0.0  0.25  4
    """
    func = "likert_distribution"
    items = _as_list(items)
    require_columns(data, items, func=func)
    lo, hi = _check_scale(scale, func)
    w = _weight_column(data, weight, func).to_numpy()
    levels = list(range(lo, hi + 1))
    rows = {}
    for item in items:
        x = numeric_column(data, item, func=func, low=lo, high=hi, integer=True).to_numpy()
        ok = ~np.isnan(x)
        total = w[ok].sum()
        shares = [float(w[ok & (x == lv)].sum() / total) if total > 0 else np.nan for lv in levels]
        rows[item] = [*shares, int(ok.sum())]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=[*levels, "n"])
    out.index.name = "item"
    out.attrs.update({"cxtools": "likert_distribution", "scale": (lo, hi)})
    return out
