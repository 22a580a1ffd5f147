"""Net Promoter Score: categories, the score with its interval, differences, pairwise tests and trends.

Scores are on the familiar -100..100 point scale (percentage of promoters minus percentage of
detractors). With respondent weights, shares are weighted and intervals use Kish's effective
sample size (:func:`cxtools.survey.effective_sample_size`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Literal, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import (
    UNSET,
    check_choice,
    check_confidence,
    numeric_column,
    renamed,
    require_columns,
    require_rows,
)
from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError
from cxtools.core.i18n import N_, check_lang, npgettext, pgettext
from cxtools.core.results import renamed_attribute
from cxtools.core.stats import kish as _kish
from cxtools.core.util import as_list as _as_list
from cxtools.core.wording import format_interval, format_number, format_percent, p_phrase
from cxtools.survey._common import _TestResult, _groups, _p_cell, _p_words, _weight_column, words

__all__ = [
    "NPS_CATEGORIES",
    "NPS_DETRACTOR_MAX",
    "NPS_PASSIVE_MAX",
    "nps_category",
    "nps",
    "NPSDifference",
    "nps_difference",
    "nps_pairwise",
    "nps_trend",
    "NPSTrendSlope",
    "nps_trend_slope",
]


#: What this module says to a reader (English message ids; translations in the catalogue).
_WORDS: dict[str, str] = {
    "ci": N_("{level} CI"),
    "yes": N_("yes"),
    "no": N_("no"),
    "p": N_("p"),
    "significant": N_("Significant"),
    "diff_describe": N_("The NPS of {b} is {size} points {direction} that of {a} ({level} CI {ci}, {p}; {verdict})."),
    "higher": N_("higher than"),
    "lower": N_("lower than"),
    "same": N_("different from"),
    "diff_yes": N_("a significant difference"),
    "diff_no": N_("not a significant difference"),
    "comparison": N_("Comparison"),
    "vs": N_("{b} vs {a}"),
    "nps_points": N_("NPS (points)"),
    "difference": N_("Difference (points)"),
    "slope_describe": N_(
        "Over {waves} ({first} to {last}) the NPS moves by {slope} points per wave ({level} CI {ci}, "
        "{p}): {verdict}."
    ),
    "rise": N_("a real rise"),
    "fall": N_("a real fall"),
    "no_trend": N_("no clear trend"),
    "waves": N_("Waves"),
    "wave_span": N_("{first} to {last} ({n})"),
    "per_wave": N_("Change per wave (points)"),
}


def _words(lang: str, func: str) -> dict[str, str]:
    """The texts of this module in ``lang``."""
    return words(_WORDS, lang, func)


#: The three NPS categories, in order (0-6, 7-8, 9-10).
NPS_CATEGORIES: tuple[str, str, str] = ("detractor", "passive", "promoter")


#: Highest answer that makes a detractor (0-6) and a passive (7-8); 9-10 are promoters
#: (Reichheld 2003). The one place the cut-offs live.
NPS_DETRACTOR_MAX: int = 6


NPS_PASSIVE_MAX: int = 8


#: Rocks (2016) adjusted-Wald pseudo-observations added to (detractors, passives, promoters).
_ADJUSTED_WALD_PSEUDO = (0.75, 1.5, 0.75)


def nps_category(scores: pd.Series, *, lang: Any = UNSET) -> pd.Series:
    """Classify 0-10 likelihood-to-recommend answers as detractor, passive or promoter.

    0-6 is a detractor, 7-8 a passive, 9-10 a promoter (Reichheld 2003). Missing answers
    stay missing. The categories are codes (:data:`NPS_CATEGORIES`); a report names them in
    its language with :func:`cxtools.narrative.survey.nps_category_labels`.

    Parameters
    ----------
    scores : Series of numbers
        Answers on the 0-10 scale; whole numbers only.
    lang : str, optional
        Deprecated: the category names in a report language now come from
        :func:`cxtools.narrative.survey.nps_category_labels` (works for one release, with a
        FutureWarning).

    Returns
    -------
    Series
        Ordered categorical with categories ``("detractor", "passive", "promoter")``, same
        index and name as ``scores``.

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
    categories = list(NPS_CATEGORIES)
    if lang is not UNSET:
        import warnings

        check_lang(lang, "nps_category")
        warnings.warn("nps_category: lang is deprecated; name the categories in a report language with "
                      "cxtools.narrative.survey.nps_category_labels (lang will stop working in the next release)",
                      FutureWarning, stacklevel=2)
        categories = [pgettext("NPS group", "detractor", lang), pgettext("NPS group", "passive", lang),
                      pgettext("NPS group", "promoter", lang)]
    if not isinstance(scores, pd.Series):
        raise CxParameterError(f"nps_category: expected a pandas Series, got {type(scores).__name__}")
    name = scores.name if scores.name is not None else "score"
    values = numeric_column(pd.DataFrame({name: scores}), name, func="nps_category", low=0, high=10, integer=True)
    codes = np.where(values.isna(), -1, _nps_codes(values.fillna(0).to_numpy()))
    dtype = pd.CategoricalDtype(categories, ordered=True)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=scores.index, name=scores.name)


def _nps_codes(values: np.ndarray) -> np.ndarray:
    """0 for a detractor, 1 for a passive, 2 for a promoter (answers already checked 0-10)."""
    return np.where(values <= NPS_DETRACTOR_MAX, 0, np.where(values <= NPS_PASSIVE_MAX, 1, 2))


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
    cat = _nps_codes(v)
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
        s, se, low, high = _nps_core(shares * n_eff, n_eff, z, method)  # type: ignore[assignment]  # scalars for one group
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
    return check_choice("method", method, ["wald", "adjusted_wald"], func=func)


def nps(
    data: pd.DataFrame,
    *,
    score: str = "nps",
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    confidence: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
    ci: Any = UNSET,
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
    confidence : float, default 0.95
        Confidence level.
    method : {"wald", "adjusted_wald"}, default "wald"
        Interval method; use "adjusted_wald" for small groups (say under 100 answers).

    Returns
    -------
    DataFrame
        One row per group: the group columns, ``n`` (answers), ``n_missing``, ``n_eff``,
        counts ``detractors``, ``passives``, ``promoters``, their (weighted) shares
        ``detractor_share``, ``passive_share``, ``promoter_share`` (0-1), ``nps``, ``se``,
        ``ci_low``, ``ci_high`` (points, -100..100). ``se`` is the standard error behind
        the interval (with "adjusted_wald", the one computed from the adjusted counts).

    Raises
    ------
    CxSchemaError
        If a column is missing.
    CxDataError
        If a score is not a whole number 0-10, or a weight is missing or negative.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372: the trinomial variance and the adjusted-Wald
    interval; the pseudo-observations (0.75, 1.5, 0.75) are those of the author's R
    package NPS (``nps_test(test = "adjusted.wald")``).

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
    ci = renamed("ci", ci, "confidence", confidence, func="nps", default=0.95)
    func = "nps"
    by_cols = _as_list(by)
    require_columns(data, [score, *by_cols], func=func)
    require_rows(data, func=func)
    z = stats.norm.ppf(0.5 + check_confidence(ci, func=func) / 2)
    _check_method(method, func)
    values = numeric_column(data, score, func=func, low=0, high=10, integer=True)
    w = _weight_column(data, weight, func)
    rows = []
    for key, pos in _groups(data, by_cols):
        row = dict(zip(by_cols, key))
        row.update(_nps_group(values.iloc[pos], w.iloc[pos], z, method))
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update({"cxtools": "nps", "score": score, "by": by_cols, "confidence": ci, "method": method})
    return out


@dataclass(frozen=True)
class NPSDifference(_TestResult):
    """Difference between the NPS of two groups (or two waves), ``group_b - group_a``.

    All scores in points (-100..100 for an NPS, -200..200 for a difference).

    Attributes
    ----------
    group_a, group_b : object
        The two labels compared; the difference is b minus a.
    nps_a, nps_b : float
        Their NPS (points).
    difference, se, ci_low, ci_high : float
        The difference, its standard error and interval (points).
    z, p_value : float
        The two-sample z statistic and its two-sided p-value.
    n_a, n_b : int
        Answers in each group.
    confidence : float
        Level of the interval.
    method : str
        ``"wald"`` or ``"adjusted_wald"``.
    """

    group_a: Any
    group_b: Any
    nps_a: float
    nps_b: float
    difference: float
    se: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    n_a: int
    n_b: int
    confidence: float = 0.95
    method: str = "wald"

    ci = renamed_attribute("ci", "confidence")

    def __repr__(self) -> str:
        return (
            f"NPSDifference({self.group_b!r} - {self.group_a!r}: {self.difference:+.1f} points "
            f"[{self.confidence:.0%} CI {self.ci_low:+.1f} to {self.ci_high:+.1f}], z = {self.z:.2f}, "
            f"{p_phrase(self.p_value)}; NPS {self.nps_a:.1f} (n = {self.n_a}) vs "
            f"{self.nps_b:.1f} (n = {self.n_b}))"
        )

    def describe(self, *, lang: str = "en") -> str:
        """One sentence: the difference, its interval and p-value, in ``lang`` ("en" or "ru").

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"nps": [10, 9, 9, 8] * 10 + [7, 3, 10, 6] * 10, "wave": ["Q1"] * 40 + ["Q2"] * 40})
        >>> nps_difference(df, by="wave").describe()
        'The NPS of Q2 is 100.0 points lower than that of Q1 (95% CI -129 to -71, p < 0.001; a significant difference).'
        >>> "100,0" in nps_difference(df, by="wave").describe(lang="ru")  # a decimal comma in Russian
        True
        """
        w = _words(lang, "NPSDifference.describe")
        direction = w["higher" if self.difference > 0 else "lower" if self.difference < 0 else "same"]
        return w["diff_describe"].format(
            b=self.group_b, a=self.group_a, size=format_number(abs(self.difference), digits=1, lang=lang),
            direction=direction, level=format_percent(self.confidence, lang=lang),
            ci=format_interval(self.ci_low, self.ci_high, digits=0, lang=lang), p=_p_words(self.p_value, lang),
            verdict=w["diff_yes" if self.significant else "diff_no"])

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The comparison with plain headers in ``lang``."""
        w = _words(lang, "NPSDifference.report_table")
        return pd.DataFrame({
            w["comparison"]: [w["vs"].format(b=self.group_b, a=self.group_a)],
            w["nps_points"]: [w["vs"].format(b=format_number(self.nps_b, digits=1, lang=lang),
                                             a=format_number(self.nps_a, digits=1, lang=lang))],
            w["difference"]: [format_number(self.difference, digits=1, lang=lang)],
            w["ci"].format(level=format_percent(self.confidence, lang=lang)):
                [format_interval(self.ci_low, self.ci_high, digits=1, lang=lang)],
            w["p"]: [_p_cell(self.p_value, lang)],
            w["significant"]: [w["yes" if self.significant else "no"]],
        })


def _nps_parts(values: pd.Series, w: pd.Series, method: str) -> tuple[float, float, float, int]:
    """(raw NPS, NPS used for the interval, its variance per respondent / n, n) as fractions."""
    answered = values.notna()
    v = values[answered].to_numpy()
    ww = w[answered].to_numpy()
    if len(v) == 0 or ww.sum() <= 0:
        raise CxEmptyDataError("no answered scores in one of the groups being compared")
    cat = _nps_codes(v)
    shares = np.bincount(cat, weights=ww, minlength=3) / ww.sum()
    n_eff = _kish(ww)
    adj, se, _, _ = _nps_core(shares * n_eff, n_eff, 0.0, method)
    return float(shares[2] - shares[0]), float(adj), float(se) ** 2, len(v)


def _difference(a, b, label_a, label_b, ci, method) -> NPSDifference:
    raw_a, adj_a, var_a, n_a = a
    raw_b, adj_b, var_b, n_b = b
    se = math.sqrt(var_a + var_b)
    centre = adj_b - adj_a
    z_crit = stats.norm.ppf(0.5 + ci / 2)
    z = centre / se if se > 0 else (0.0 if centre == 0 else math.copysign(math.inf, centre))
    p = float(2 * stats.norm.sf(abs(z)))
    return NPSDifference(
        group_a=label_a,
        group_b=label_b,
        nps_a=100 * raw_a,
        nps_b=100 * raw_b,
        difference=100 * (raw_b - raw_a),
        se=100 * se,
        ci_low=100 * max(centre - z_crit * se, -2.0),
        ci_high=100 * min(centre + z_crit * se, 2.0),
        z=float(z),
        p_value=p,
        n_a=n_a,
        n_b=n_b,
        confidence=ci,
        method=method,
    )


def nps_difference(
    data: pd.DataFrame,
    *,
    score: str = "nps",
    by: str,
    groups: tuple[Any, Any] | None = None,
    weight: str | None = None,
    confidence: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
    ci: Any = UNSET,
) -> NPSDifference:
    """Compare the NPS of two groups or two survey waves with a z-test and interval.

    The two samples are independent, so the standard error of the difference is
    ``sqrt(var_a / n_a + var_b / n_b)`` with each variance from the three proportions
    (Rocks 2016, two-sample Wald test); ``method="adjusted_wald"`` adds the
    pseudo-observations (0.75, 1.5, 0.75) to each group first. With weights, ``n`` is
    Kish's effective sample size.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    score : str, default "nps"
        Column with 0-10 answers.
    by : str
        Column that tells the two groups apart (a segment, or the wave).
    groups : (label_a, label_b), optional
        The two labels to compare, difference = b - a. Needed when ``by`` has more than
        two values; otherwise the two values in sorted order.
    weight : str, optional
        Column of respondent weights.
    confidence : float, default 0.95
        Confidence level.
    method : {"wald", "adjusted_wald"}, default "wald"

    Returns
    -------
    NPSDifference
        ``difference``, ``ci_low``, ``ci_high``, ``se`` in NPS points, ``z``, ``p_value``.

    Raises
    ------
    CxParameterError
        If ``groups`` is needed but not given, or names a label not in ``by``.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372, section 4 (two-sample comparisons).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6],
    ...                    "wave": ["2025Q1"] * 4 + ["2025Q2"] * 4})
    >>> d = nps_difference(df, by="wave")
    >>> d.group_a, d.group_b, round(d.difference, 1)
    ('2025Q1', '2025Q2', -100.0)
    """
    ci = renamed("ci", ci, "confidence", confidence, func="nps_difference", default=0.95)
    func = "nps_difference"
    require_columns(data, [score, by], func=func)
    ci = check_confidence(ci, func=func)
    _check_method(method, func)
    values = numeric_column(data, score, func=func, low=0, high=10, integer=True)
    w = _weight_column(data, weight, func)
    labels = data[by]
    present = list(pd.unique(labels.dropna()))
    if groups is None:
        if len(present) != 2:
            raise CxParameterError(
                f"{func}: column {by!r} has {len(present)} values {sorted(map(str, present))[:10]}; "
                "pass groups=(a, b) to say which two to compare"
            )
        groups = tuple(sorted(present, key=lambda v: (str(type(v)), v)))
    if len(groups) != 2:
        raise CxParameterError(f"{func}: groups must be two labels, got {groups!r}")
    parts = []
    for g in groups:
        mask = (labels == g).fillna(False).to_numpy(dtype=bool)
        if not mask.any():
            raise CxParameterError(f"{func}: no rows with {by} == {g!r}; values present: {present[:10]}")
        try:
            parts.append(_nps_parts(values[mask], w[mask], method))
        except CxEmptyDataError as exc:
            raise CxEmptyDataError(f"{func}: {by} == {g!r} has no answered {score!r} scores") from exc
    return _difference(parts[0], parts[1], groups[0], groups[1], ci, method)


def nps_pairwise(
    data: pd.DataFrame,
    *,
    score: str = "nps",
    by: str,
    weight: str | None = None,
    confidence: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
    correction: Literal["holm", "bonferroni", "none"] = "holm",
    ci: Any = UNSET,
) -> pd.DataFrame:
    """Every pair of groups compared on the NPS, with a multiple-comparison correction.

    Each pair is tested as in :func:`nps_difference` (two-sample z-test, Rocks 2016).
    With k groups there are k(k-1)/2 tests, so the p-values are adjusted (Holm 1979 by
    default) before a difference is called significant.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    score : str, default "nps"
    by : str
        Column with the groups (segment, region, wave).
    weight : str, optional
        Column of respondent weights (intervals use Kish's effective sample size).
    confidence : float, default 0.95
        Confidence level; a difference is significant when its adjusted p-value is below
        ``1 - confidence``.
    method : {"wald", "adjusted_wald"}, default "wald"
    correction : {"holm", "bonferroni", "none"}, default "holm"

    Returns
    -------
    DataFrame
        One row per pair of groups with answered scores (sorted order, difference =
        b - a): ``group_a``,
        ``group_b``, ``nps_a``, ``nps_b``, ``n_a``, ``n_b``, ``difference``, ``ci_low``,
        ``ci_high`` (unadjusted interval), ``p_value``, ``p_adjusted``, ``significant``.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 10, 9, 9, 7, 8, 3, 2, 1, 0, 0, 1] * 10,
    ...                    "segment": list("AAAABBBBCCCC") * 10})
    >>> nps_pairwise(df, by="segment")[["group_a", "group_b", "difference", "significant"]]
      group_a group_b  difference  significant
    0       A       B      -150.0         True
    1       A       C      -200.0         True
    2       B       C       -50.0         True
    """
    ci = renamed("ci", ci, "confidence", confidence, func="nps_pairwise", default=0.95)
    func = "nps_pairwise"
    require_columns(data, [score, by], func=func)
    check_choice("correction", correction, ["holm", "bonferroni", "none"], func=func)
    ci = check_confidence(ci, func=func)
    # groups without a single answered score have no NPS to compare; they are left out
    present = sorted(pd.unique(data.loc[data[score].notna(), by].dropna()), key=lambda v: (str(type(v)), v))
    if len(present) < 2:
        raise CxParameterError(f"{func}: column {by!r} has {len(present)} group(s); need at least two to compare")
    rows = [
        nps_difference(data, score=score, by=by, groups=(a, b), weight=weight, confidence=ci, method=method).to_frame()
        for a, b in itertools.combinations(present, 2)
    ]
    out = pd.concat(rows, ignore_index=True)
    p = out["p_value"].to_numpy(dtype=float)
    if correction == "none":
        adjusted = p
    else:
        from statsmodels.stats.multitest import multipletests

        adjusted = multipletests(p, method=correction)[1]
    out["p_adjusted"] = adjusted
    out["significant"] = out["p_adjusted"] < 1 - ci
    out = out[["group_a", "group_b", "nps_a", "nps_b", "n_a", "n_b", "difference", "ci_low", "ci_high",
               "p_value", "p_adjusted", "significant"]]
    out.attrs.update({"cxtools": "nps_pairwise", "confidence": ci})
    return out


def nps_trend(
    data: pd.DataFrame,
    *,
    score: str = "nps",
    wave: str = "wave",
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    confidence: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
    ci: Any = UNSET,
) -> pd.DataFrame:
    """NPS per survey wave with intervals, and the change from the previous wave.

    Waves are put in sorted order (the category order for an ordered categorical;
    ``"2025Q1" < "2025Q2"`` sorts correctly as text). Each change is tested with the
    two-sample z-test of :func:`nps_difference`.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    score : str, default "nps"
    wave : str, default "wave"
        Column naming the survey wave.
    by : str or list of str, optional
        Further grouping (for example the segment): one trend per group.
    weight : str, optional
    confidence : float, default 0.95
    method : {"wald", "adjusted_wald"}, default "wald"

    Returns
    -------
    DataFrame
        The columns of :func:`nps` for each (group, wave), plus ``change`` (points since the
        previous wave), ``change_ci_low``, ``change_ci_high``, ``change_p_value`` (missing
        for the first wave).

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 2, 8, 10, 10, 9, 6],
    ...                    "wave": ["2025Q1"] * 4 + ["2025Q2"] * 4})
    >>> nps_trend(df)[["wave", "nps", "change"]]
         wave   nps  change
    0  2025Q1  25.0     NaN
    1  2025Q2  50.0    25.0
    """
    ci = renamed("ci", ci, "confidence", confidence, func="nps_trend", default=0.95)
    func = "nps_trend"
    by_cols = _as_list(by)
    require_columns(data, [score, wave, *by_cols], func=func)
    ci = check_confidence(ci, func=func)
    _check_method(method, func)
    per_wave = nps(data, score=score, by=[*by_cols, wave], weight=weight, confidence=ci, method=method)
    values = numeric_column(data, score, func=func, low=0, high=10, integer=True)
    w = _weight_column(data, weight, func)
    labels = data[wave].reset_index(drop=True)
    change = np.full(len(per_wave), np.nan)
    c_low, c_high, c_p = change.copy(), change.copy(), change.copy()
    # per_wave is sorted by group then wave, so consecutive rows of a group are consecutive waves
    group_keys = [tuple(r) for r in per_wave[by_cols].itertuples(index=False)] if by_cols else [()] * len(per_wave)
    positions = dict(_groups(data, by_cols))
    previous, previous_key = None, object()
    for i, key in enumerate(group_keys):
        label = per_wave[wave].iloc[i]
        pos = next(p for k, p in positions.items() if _same_key(k, key))
        mask = (labels.iloc[pos] == label).fillna(False).to_numpy(dtype=bool) if not pd.isna(label) else None
        current = None
        if mask is not None and per_wave["n"].iloc[i] > 0:
            current = _nps_parts(values.iloc[pos][mask], w.iloc[pos][mask], method)
        if current is not None and previous is not None and _same_key(key, previous_key):
            d = _difference(previous, current, None, label, ci, method)
            change[i], c_low[i], c_high[i], c_p[i] = d.difference, d.ci_low, d.ci_high, d.p_value
        if not _same_key(key, previous_key):
            previous = None
        previous, previous_key = (current if current is not None else previous), key
    out = per_wave.assign(change=change, change_ci_low=c_low, change_ci_high=c_high, change_p_value=c_p)
    out.attrs.update({"cxtools": "nps_trend", "score": score, "wave": wave, "by": by_cols, "confidence": ci,
                      "method": method})
    return out


def _same_key(a: tuple, b: object) -> bool:
    """Group keys equal, treating missing labels as equal to each other."""
    if not isinstance(b, tuple) or len(a) != len(b):
        return False
    return all((pd.isna(x) and pd.isna(y)) if (pd.api.types.is_scalar(x) and pd.isna(x)) else x == y for x, y in zip(a, b))


@dataclass(frozen=True)
class NPSTrendSlope(_TestResult):
    """Average change of the NPS per survey wave (points per wave) with its test.

    Attributes
    ----------
    slope, se, ci_low, ci_high : float
        Change per wave, its standard error and interval (points per wave).
    z, p_value : float
        The z statistic of the slope and its two-sided p-value.
    n_waves : int
        Waves with answers.
    first_wave, last_wave : object
        The first and last wave, in sorted order.
    confidence : float
        Level of the interval.
    """

    slope: float
    se: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    n_waves: int
    first_wave: Any
    last_wave: Any
    confidence: float = 0.95

    ci = renamed_attribute("ci", "confidence")

    def __repr__(self) -> str:
        return (
            f"NPSTrendSlope({self.slope:+.2f} points per wave [{self.confidence:.0%} CI {self.ci_low:+.2f} to "
            f"{self.ci_high:+.2f}], z = {self.z:.2f}, {p_phrase(self.p_value)}; {self.n_waves} waves "
            f"{self.first_wave} to {self.last_wave})"
        )

    def describe(self, *, lang: str = "en") -> str:
        """One sentence: the trend per wave, its interval and p-value, in ``lang`` ("en" or "ru")."""
        w = _words(lang, "NPSTrendSlope.describe")
        verdict = w[("rise" if self.slope > 0 else "fall") if self.significant else "no_trend"]
        return w["slope_describe"].format(
            waves=npgettext("over N waves", "{n} wave", "{n} waves", self.n_waves, lang).format(n=self.n_waves),
            first=self.first_wave, last=self.last_wave,
            slope=format_number(self.slope, digits=1, signed=True, lang=lang),
            level=format_percent(self.confidence, lang=lang),
            ci=format_interval(self.ci_low, self.ci_high, digits=1, lang=lang), p=_p_words(self.p_value, lang),
            verdict=verdict)

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The trend with plain headers in ``lang``."""
        w = _words(lang, "NPSTrendSlope.report_table")
        return pd.DataFrame({
            w["waves"]: [w["wave_span"].format(first=self.first_wave, last=self.last_wave, n=self.n_waves)],
            w["per_wave"]: [format_number(self.slope, digits=2, signed=True, lang=lang)],
            w["ci"].format(level=format_percent(self.confidence, lang=lang)):
                [format_interval(self.ci_low, self.ci_high, digits=2, lang=lang)],
            w["p"]: [_p_cell(self.p_value, lang)],
            w["significant"]: [w["yes" if self.significant else "no"]],
        })


def nps_trend_slope(
    data: pd.DataFrame,
    *,
    score: str = "nps",
    wave: str = "wave",
    weight: str | None = None,
    confidence: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
    ci: Any = UNSET,
) -> NPSTrendSlope:
    """Is the NPS going up or down? A linear trend over waves with a z-test.

    Wave-to-wave changes are noisy; the slope of a straight line through all waves uses
    every wave at once. Each wave's NPS is weighted by the inverse of its sampling
    variance (the waves are independent samples with known standard errors from
    :func:`nps`), the fixed-effect meta-regression of Hedges & Olkin (1985, ch. 8):
    ``slope = sum v_i (x_i - xbar)(y_i - ybar) / sum v_i (x_i - xbar)^2`` with
    ``v_i = 1 / se_i^2``, ``xbar``, ``ybar`` the ``v``-weighted means, and
    ``se(slope) = 1 / sqrt(sum v_i (x_i - xbar)^2)``. Waves are numbered 0, 1, 2, ... in
    sorted order, so they should be equally spaced (e.g. quarters).

    Parameters
    ----------
    data : DataFrame
    score : str, default "nps"
    wave : str, default "wave"
    weight : str, optional
    confidence : float, default 0.95
    method : {"wald", "adjusted_wald"}, default "wald"
        Interval method for the per-wave standard errors (see :func:`nps`).

    Returns
    -------
    NPSTrendSlope
        ``slope`` and its interval in NPS points per wave.

    Raises
    ------
    CxDataError
        With fewer than three waves, or a wave whose NPS has no sampling variance.

    References
    ----------
    Hedges, L. V., & Olkin, I. (1985). *Statistical Methods for Meta-Analysis*.
    Academic Press, ch. 8 (weighted least squares with known variances).

    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [0, 7, 9, 10] * 3 + [9, 10, 9, 0] * 3,
    ...                    "wave": ["Q1"] * 4 + ["Q2"] * 4 + ["Q3"] * 4 + ["Q4"] * 4 + ["Q5"] * 4 + ["Q6"] * 4})
    >>> round(nps_trend_slope(df).slope, 1)  # NPS 25 in waves 1-3, 50 in waves 4-6
    6.4
    """
    ci = renamed("ci", ci, "confidence", confidence, func="nps_trend_slope", default=0.95)
    func = "nps_trend_slope"
    ci = check_confidence(ci, func=func)
    per_wave = nps(data, score=score, by=wave, weight=weight, confidence=ci, method=method)
    per_wave = per_wave[per_wave[wave].notna() & (per_wave["n"] > 0)].reset_index(drop=True)
    if len(per_wave) < 3:
        raise CxDataError(f"{func}: need at least three waves with answers in {wave!r}, got {len(per_wave)}")
    if (per_wave["se"] <= 0).any():
        flat = per_wave.loc[per_wave["se"] <= 0, wave].tolist()
        raise CxDataError(
            f"{func}: waves {flat} have no sampling variance (everyone gave the same category); "
            "use method='adjusted_wald'"
        )
    x = np.arange(len(per_wave), dtype=float)
    y = per_wave["nps"].to_numpy(dtype=float)
    v = 1.0 / per_wave["se"].to_numpy(dtype=float) ** 2
    xbar, ybar = np.average(x, weights=v), np.average(y, weights=v)
    sxx = float((v * (x - xbar) ** 2).sum())
    slope = float((v * (x - xbar) * (y - ybar)).sum() / sxx)
    se = 1.0 / math.sqrt(sxx)
    zc = stats.norm.ppf(0.5 + ci / 2)
    zval = slope / se
    return NPSTrendSlope(
        slope=slope, se=se, ci_low=slope - zc * se, ci_high=slope + zc * se, z=zval,
        p_value=float(2 * stats.norm.sf(abs(zval))), n_waves=len(per_wave),
        first_wave=per_wave[wave].iloc[0], last_wave=per_wave[wave].iloc[-1], confidence=ci,
    )
