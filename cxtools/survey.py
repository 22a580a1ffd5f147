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

Plots take the result of the function they show (``plot_nps(nps(...))``), and
:func:`findings` writes the summary a report shows from the results.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Literal, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import UNSET, check_alpha, check_choice, check_confidence, check_whole_number, numeric_column
from cxtools.core.checks import renamed, require_columns
from cxtools.core.checks import require_rows, rows_preview
from cxtools.core.stats import kish as _kish
from cxtools.core.stats import mean_interval, normal_quantile
from cxtools.core.stats import wilson as _wilson
from cxtools.core.results import Findings, Result, renamed_attribute
from cxtools.core.util import as_list as _as_list
from cxtools.core.util import axes_or_current as _axes
from cxtools.core.wording import format_interval, format_number, format_p_value, format_percent, join_names, p_phrase
from cxtools.core.errors import (
    CxConvergenceError,
    CxDataError,
    CxEmptyDataError,
    CxParameterError,
    CxSchemaError,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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
    "effective_sample_size",
    "format_p_value",
    "csat",
    "ces",
    "likert_summary",
    "likert_distribution",
    "rake_weights",
    "raking_margins",
    "item_labels",
    "role_labels",
    "Crosstab",
    "crosstab",
    "CronbachAlpha",
    "cronbach_alpha",
    "RelativeWeights",
    "relative_weights",
    "EXACT_MAX_DRIVERS",
    "plot_likert",
    "plot_nps",
    "plot_nps_trend",
    "plot_drivers",
    "plot_crosstab",
    "report_table",
    "headline_table",
    "findings",
]

#: The three NPS categories, in order (0-6, 7-8, 9-10).
NPS_CATEGORIES: tuple[str, str, str] = ("detractor", "passive", "promoter")

#: Highest answer that makes a detractor (0-6) and a passive (7-8); 9-10 are promoters
#: (Reichheld 2003). The one place the cut-offs live.
NPS_DETRACTOR_MAX: int = 6
NPS_PASSIVE_MAX: int = 8

#: Rocks (2016) adjusted-Wald pseudo-observations added to (detractors, passives, promoters).
_ADJUSTED_WALD_PSEUDO = (0.75, 1.5, 0.75)

#: What results, tables and plots say to a reader: each text in English and in Russian ({...} filled in).
_TEXTS: dict[str, tuple[str, str]] = {
    "ci": ("{level} CI", "{level} ДИ"),
    "interval": ("{level} interval", "{level} интервал"),
    "yes": ("yes", "да"),
    "no": ("no", "нет"),
    "yes_star": ("yes *", "да *"),
    "points": ("points", "пункты"),
    "p": ("p", "p"),
    "significant": ("Significant", "Значимо"),
    "all": ("All respondents", "Все респонденты"),
    "diff_describe": (
        "The NPS of {b} is {size} points {direction} that of {a} ({level} CI {ci}, {p}; {verdict}).",
        "NPS «{b}» {direction} NPS «{a}» на {size} пункта ({level} ДИ: {ci}, {p}; {verdict}).",
    ),
    "higher": ("higher than", "выше, чем"),
    "lower": ("lower than", "ниже, чем"),
    "same": ("different from", "отличается от"),
    "diff_yes": ("a significant difference", "различие значимо"),
    "diff_no": ("not a significant difference", "различие незначимо"),
    "comparison": ("Comparison", "Сравнение"),
    "vs": ("{b} vs {a}", "{b} против {a}"),
    "nps_points": ("NPS (points)", "NPS (пункты)"),
    "difference": ("Difference (points)", "Разница (пункты)"),
    "slope_describe": (
        "Over {n} waves ({first} to {last}) the NPS moves by {slope} points per wave ({level} CI {ci}, "
        "{p}): {verdict}.",
        "За {n} волн (с {first} по {last}) NPS меняется на {slope} пункта за волну ({level} ДИ: {ci}, "
        "{p}): {verdict}.",
    ),
    "rise": ("a real rise", "это реальный рост"),
    "fall": ("a real fall", "это реальное снижение"),
    "no_trend": ("no clear trend", "явной тенденции нет"),
    "waves": ("Waves", "Волны"),
    "wave_span": ("{first} to {last} ({n})", "с {first} по {last} ({n})"),
    "per_wave": ("Change per wave (points)", "Изменение за волну (пункты)"),
    "mix_describe": (
        "The mix of {item} {verdict} by {by} (chi-square {chi2} on {dof} degrees of freedom, {p}, {n} "
        "answers).",
        "Распределение ответов «{item}» {verdict} по столбцу «{by}» (хи-квадрат {chi2} при {dof} степенях "
        "свободы, {p}, ответов: {n}).",
    ),
    "differs": ("differs", "различается"),
    "not_differs": ("does not differ clearly", "не различается явно"),
    "alpha_describe": (
        "Cronbach's alpha of the {k} items is {alpha} ({level} CI {ci}, {n} respondents): {verdict}.",
        "Альфа Кронбаха для {k} вопросов равна {alpha} ({level} ДИ: {ci}, респондентов: {n}): {verdict}.",
    ),
    "alpha_ok": ("the items can be averaged into one score", "вопросы можно объединить в один балл"),
    "alpha_unsure": (
        "too low to be sure the items measure one thing",
        "слишком мало, чтобы быть уверенными, что вопросы измеряют одно и то же",
    ),
    "alpha_low": ("too low to average the items into one score", "слишком мало, чтобы объединять вопросы в один балл"),
    "items": ("Items", "Вопросов"),
    "respondents": ("Respondents", "Респондентов"),
    "alpha": ("Cronbach's alpha", "Альфа Кронбаха"),
    "drivers_describe": (
        "The drivers explain {r2} of the variation in {outcome} (R² {r2n}{interval}, {n} respondents); "
        "the biggest is {top} with {share} of the explained part.",
        "Факторы объясняют {r2} разброса показателя «{outcome}» (R² {r2n}{interval}, респондентов: {n}); "
        "сильнейший — «{top}», {share} объяснённой части.",
    ),
    "r2_interval": (", {level} CI {ci}", ", {level} ДИ: {ci}"),
    "rank": ("Rank", "Место"),
    "driver": ("Driver", "Фактор"),
    "share_explained": ("Share of explained variance (%)", "Доля объяснённой дисперсии (%)"),
    "part_r2": ("Part of R²", "Вклад в R²"),
    "answers": ("Answers", "Ответов"),
    "effective": ("Effective answers", "Эффективное число ответов"),
    "promoters": ("Promoters", "Промоутеры"),
    "detractors": ("Detractors", "Критики"),
    "p_value": ("p-value", "значение p"),
    "p_holm": ("p-value (Holm)", "значение p (поправка Холма)"),
    "wave": ("Wave", "Волна"),
    "change": ("Change from the previous wave", "Изменение к предыдущей волне"),
    "change_sig": ("Significant change", "Значимое изменение"),
    "item": ("Item", "Вопрос"),
    "scale": ("Scale", "Шкала"),
    "average": ("Average", "Среднее"),
    "average_on": ("Average ({low}-{high})", "Среднее ({low}–{high})"),
    "top2": ("Two highest answers", "Два высших ответа"),
    "bottom2": ("Two lowest answers", "Два низших ответа"),
    "agree": ("Agree (two highest answers)", "Согласны (два высших ответа)"),
    "disagree": ("Disagree (two lowest answers)", "Не согласны (два низших ответа)"),
    "measure": ("Measure", "Показатель"),
    "estimate": ("Estimate", "Оценка"),
    "h_nps": ("Net Promoter Score (points, -100 to 100)", "Индекс NPS (пункты, от −100 до 100)"),
    "h_satisfaction": (
        "Overall satisfaction (average, {low}-{high})",
        "Общая удовлетворённость (среднее, {low}–{high})",
    ),
    "h_csat": ("CSAT: satisfied, answers {box} of {low}-{high}", "CSAT: довольны, ответы {box} по шкале {low}–{high}"),
    "h_ces": (
        "CES: found it easy, answers {box} of {low}-{high}",
        "CES: было легко, ответы {box} по шкале {low}–{high}",
    ),
    "nps_categories": ("detractor|passive|promoter", "критик|нейтрал|промоутер"),
    "nps_axis": ("NPS (points, -100 to 100)", "NPS (пункты, от −100 до 100)"),
    "nps_title": (
        "Net Promoter Score by {group} with {level} intervals",
        "NPS по столбцу «{group}» с {level} интервалами",
    ),
    "bracket": ("{diff} points, {p} *", "{diff} п., {p} *"),
    "brackets": (
        "\n* brackets: significant differences (Holm-adjusted)",
        "\n* скобки: значимые различия (поправка Холма)",
    ),
    "no_brackets": ("\nno significant differences", "\nзначимых различий нет"),
    "wave_axis": ("Survey wave", "Волна опроса"),
    "trend_title": ("Net Promoter Score by wave, shaded: {level} interval", "NPS по волнам, заливка: {level} интервал"),
    "ringed": (
        "\n* ringed: significant change from the previous wave",
        "\n* в кольце: значимое изменение к предыдущей волне",
    ),
    "no_ring": (
        "\nno wave differs significantly from the one before",
        "\nни одна волна значимо не отличается от предыдущей",
    ),
    "likert_axis": (
        "Share of respondents (%), disagree to the left, agree to the right",
        "Доля респондентов (%): несогласие слева, согласие справа",
    ),
    "residual": ("Adjusted residual", "Скорректированный остаток"),
    "crosstab_title": (
        "{item} by {by} (chi-square {p})\ncells: share of the column (%); red/blue beyond ±2: more/fewer "
        "answers than chance",
        "{item} по столбцу «{by}» (хи-квадрат: {p})\nв ячейках: доля столбца (%); красный/синий за ±2: "
        "ответов больше/меньше, чем при случайности",
    ),
    "drivers_axis": ("Share of explained variance (%)", "Доля объяснённой дисперсии (%)"),
    "drivers_title": ("What drives {outcome}: {how}, R² = {r2}", "Что определяет «{outcome}»: {how}, R² = {r2}"),
    "exact": ("share of R² (exact LMG)", "доли R² (точный метод LMG)"),
    "johnson": ("relative weights", "относительные веса"),
}

#: The same texts per report language.
_WORDS: dict[str, dict[str, str]] = {lang: {key: texts[i] for key, texts in _TEXTS.items()}
                                     for i, lang in enumerate(("en", "ru"))}


def _words(lang: str, func: str) -> dict[str, str]:
    """The catalogue of ``lang`` (checked against the languages it has)."""
    return _WORDS[check_choice("lang", lang, list(_WORDS), func=func)]


def _p_words(p: float, lang: str) -> str:
    """``p = 0.039`` in the report language (a decimal comma in Russian)."""
    text = p_phrase(p)
    return text.replace(".", ",") if lang == "ru" else text


def _p_cell(p: float, lang: str) -> str:
    """A p-value for a table cell in the report language."""
    text = format_p_value(p)
    return text.replace(".", ",") if lang == "ru" else text


def _decimal_ticks(axis: Any, lang: str) -> None:
    """Tick labels with the report language's decimal mark (English keeps matplotlib's own labels)."""
    if lang != "en":
        from matplotlib.ticker import FuncFormatter

        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}".replace("-", "\u2212").replace(".", ",")))


def _heading(name: Any, lang: str) -> str:
    """A column name as a heading: words, first letter upper (English lowers the rest, as before)."""
    text = str(name).replace("_", " ")
    return text.capitalize() if lang == "en" else text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------------------
# input checks shared by every metric
# ----------------------------------------------------------------------------------------
def _weight_column(data: pd.DataFrame, weight: str | None, func: str) -> pd.Series:
    """Respondent weights (ones when ``weight`` is None); missing or negative weights are errors."""
    if weight is None:
        return pd.Series(1.0, index=data.index)
    require_columns(data, [weight], func=func)
    w = numeric_column(data, weight, func=func, low=0.0)
    if w.isna().any():
        raise CxDataError(
            f"{func}: weight column {weight!r} is missing in rows {rows_preview(w.index[w.isna()])}; "
            "every respondent needs a weight (use 1 for self-weighting respondents)"
        )
    return w


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
def nps_category(scores: pd.Series, *, lang: str = "en") -> pd.Series:
    """Classify 0-10 likelihood-to-recommend answers as detractor, passive or promoter.

    0-6 is a detractor, 7-8 a passive, 9-10 a promoter (Reichheld 2003). Missing answers
    stay missing.

    Parameters
    ----------
    scores : Series of numbers
        Answers on the 0-10 scale; whole numbers only.
    lang : {"en", "ru"}, default "en"
        Language of the category names (for tables and charts a reader sees).

    Returns
    -------
    Series
        Ordered categorical with categories ``("detractor", "passive", "promoter")``
        (in Russian with ``lang="ru"``), same index and name as ``scores``.

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
    >>> nps_category(pd.Series([3, 8, 10]), lang="ru").tolist()
    ['критик', 'нейтрал', 'промоутер']
    """
    categories = _words(lang, "nps_category")["nps_categories"].split("|")
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


class _TestResult(Result):
    """What a result with a two-sided test shares: ``significant`` and a one-row ``to_frame``."""

    __slots__ = ()

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero (two-sided test at level ``1 - confidence``)."""
        return bool(self.p_value < 1 - self.confidence)

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the fields (plus ``significant``)."""
        row = {k: getattr(self, k) for k in self.__dataclass_fields__}
        row["significant"] = self.significant
        return pd.DataFrame([row])


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
        >>> nps_difference(df, by="wave").describe(lang="ru").replace("\xa0", " ")
        'NPS «Q2» ниже, чем NPS «Q1» на 100,0 пункта (95 % ДИ: от -129 до -71, p < 0,001; различие значимо).'
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


def _same_key(a: tuple, b: tuple) -> bool:
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
            n=self.n_waves, first=self.first_wave, last=self.last_wave,
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


# ----------------------------------------------------------------------------------------
# rating scales: CSAT, CES, any Likert item
# ----------------------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------------------
# weighting
# ----------------------------------------------------------------------------------------
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
        codes = values.map(lambda v: lookup.get(v, -1)).to_numpy(dtype=int)
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


# ----------------------------------------------------------------------------------------
# cross-tabs
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Crosstab(Result):
    """A cross-tab of an item by a segment with its tests.

    Attributes
    ----------
    item, by : str
        The answer column (table rows) and the segment column (table columns).
    counts : DataFrame
        Answers per cell (weighted when weights were given).
    column_shares : DataFrame
        Each column adds up to 1.
    adjusted_residuals : DataFrame
        Beyond about +/-2 a cell is over- or under-represented.
    column_tests : DataFrame
        Every pair of columns compared within each row with a two-proportion z-test,
        p-values adjusted for the comparisons made in that row.
    chi2, dof, p_value : float, int, float
        Pearson's chi-square test of independence.
    n, n_eff, n_missing : int, float, int
        Answers in the table, their effective number, rows left out.
    correction : str or None
        Multiple-comparison adjustment of the column tests.
    alpha : float
        Significance level of the column tests.
    """

    item: str
    by: str
    counts: pd.DataFrame
    column_shares: pd.DataFrame
    adjusted_residuals: pd.DataFrame
    column_tests: pd.DataFrame
    chi2: float
    dof: int
    p_value: float
    n: int
    n_eff: float
    n_missing: int
    correction: str | None
    alpha: float

    def __repr__(self) -> str:
        sig = int(self.column_tests["significant"].sum()) if len(self.column_tests) else 0
        return (
            f"Crosstab({self.item!r} by {self.by!r}: {self.counts.shape[0]} x {self.counts.shape[1]}, "
            f"n = {self.n}, chi2 = {self.chi2:.2f} on {self.dof} df, {p_phrase(self.p_value)}; "
            f"{sig} of {len(self.column_tests)} column comparisons significant "
            f"({self.correction or 'no'} correction, alpha = {self.alpha:g}))"
        )

    def to_frame(self) -> pd.DataFrame:
        """Long table, one row per cell: item value, segment, count, column share, adjusted residual."""
        long = self.counts.stack().rename("count").to_frame()
        long["column_share"] = self.column_shares.stack()
        long["adjusted_residual"] = self.adjusted_residuals.stack()
        long.index.names = [self.item, self.by]
        return long.reset_index()

    def describe(self, *, lang: str = "en") -> str:
        """One sentence: does the answer mix differ between segments? In ``lang`` ("en" or "ru").

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"answer": ["yes"] * 30 + ["no"] * 10 + ["yes"] * 12 + ["no"] * 28,
        ...                    "segment": ["A"] * 40 + ["B"] * 40})
        >>> crosstab(df, item="answer", by="segment").describe()
        'The mix of answer differs by segment (chi-square 16.24 on 1 degrees of freedom, p < 0.001, 80 answers).'
        """
        w = _words(lang, "Crosstab.describe")
        return w["mix_describe"].format(
            item=self.item.replace("_", " "), by=self.by.replace("_", " "),
            verdict=w["differs" if self.p_value < self.alpha else "not_differs"],
            chi2=format_number(self.chi2, digits=2, lang=lang), dof=self.dof, p=_p_words(self.p_value, lang),
            n=format_number(self.n, lang=lang))

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Column shares (%) per answer, one column per segment, with the answer as a named column."""
        _words(lang, "Crosstab.report_table")
        shares = (100 * self.column_shares).apply(lambda col: [format_number(x, digits=1, lang=lang) for x in col])
        shares.columns = [f"{c} (%)" for c in shares.columns]
        shares.insert(0, _heading(self.item, lang), [str(i) for i in shares.index])
        return shares.reset_index(drop=True)


def crosstab(
    data: pd.DataFrame,
    *,
    item: str,
    by: str,
    weight: str | None = None,
    correction: str | None = "holm",
    alpha: float = 0.05,
) -> Crosstab:
    """Cross-tabulate an item by a segment: chi-square, adjusted residuals, column tests.

    - Pearson's chi-square test of independence (no continuity correction).
    - Adjusted (standardised) residuals ``(O - E) / sqrt(E (1 - row share)(1 - column share))``
      (Haberman 1973), approximately standard normal under independence.
    - Column-proportion tests, as in the "column letters" of survey tables: for every
      answer and every pair of segments a pooled two-proportion z-test, with the p-values
      of each answer's comparisons adjusted by ``correction`` (any method of
      ``statsmodels.stats.multitest.multipletests``: "holm", "bonferroni", "fdr_bh", ...;
      None for no adjustment).

    With weights, the weighted table is rescaled to add up to Kish's effective sample
    size before testing -- a simple allowance for the design effect of weighting
    (Kish 1965); column shares use the weighted counts. Rows with a missing item or
    segment are left out of the table and counted in ``n_missing``.

    Parameters
    ----------
    data : DataFrame
    item : str
        Column with the answers (any categorical or integer coding).
    by : str
        Column with the segments (table columns).
    weight : str, optional
    correction : str or None, default "holm"
    alpha : float, default 0.05
        Level at which a column comparison is marked significant.

    Returns
    -------
    Crosstab

    Raises
    ------
    CxDataError
        If the table has fewer than two answers or two segments.

    References
    ----------
    Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.). Wiley, section 2.4.5
    (adjusted residuals) and 3.1 (chi-square).

    Haberman, S. J. (1973). The analysis of residuals in cross-classified tables.
    *Biometrics*, 29(1), 205-220.

    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"answer": ["yes"] * 30 + ["no"] * 10 + ["yes"] * 12 + ["no"] * 28,
    ...                    "segment": ["A"] * 40 + ["B"] * 40})
    >>> ct = crosstab(df, item="answer", by="segment")
    >>> round(ct.chi2, 2), ct.dof
    (16.24, 1)
    >>> ct.column_shares.round(2)
    segment     A    B
    answer
    no       0.25  0.7
    yes      0.75  0.3
    """
    func = "crosstab"
    require_columns(data, [item, by], func=func)
    check_alpha(alpha, func=func)
    w = _weight_column(data, weight, func)
    ok = (data[item].notna() & data[by].notna()).to_numpy()
    frame = pd.DataFrame({item: data[item].to_numpy()[ok], by: data[by].to_numpy()[ok], "_w": w.to_numpy()[ok]})
    counts = frame.pivot_table(index=item, columns=by, values="_w", aggfunc="sum", fill_value=0.0, observed=True)
    counts = counts.astype("float64")
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        raise CxDataError(
            f"{func}: need at least two answers in {item!r} and two segments in {by!r}; "
            f"got {list(counts.index)} x {list(counts.columns)}"
        )
    n = int(ok.sum())
    n_eff = _kish(frame["_w"].to_numpy())
    scaled = counts * (n_eff / counts.to_numpy().sum())
    obs = scaled.to_numpy()
    total = obs.sum()
    row_tot = obs.sum(axis=1, keepdims=True)
    col_tot = obs.sum(axis=0, keepdims=True)
    expected = row_tot @ col_tot / total
    if (expected <= 0).any():
        raise CxDataError(f"{func}: an answer or segment has no respondents after weighting")
    chi2 = float(((obs - expected) ** 2 / expected).sum())
    dof = (obs.shape[0] - 1) * (obs.shape[1] - 1)
    p_value = float(stats.chi2.sf(chi2, dof))
    adj = (obs - expected) / np.sqrt(expected * (1 - row_tot / total) * (1 - col_tot / total))
    adjusted = pd.DataFrame(adj, index=counts.index, columns=counts.columns)
    shares = counts / counts.sum(axis=0)

    from statsmodels.stats.multitest import multipletests

    tests = []
    cols = list(counts.columns)
    for r, answer in enumerate(counts.index):
        block = []
        for a, b in itertools.combinations(range(len(cols)), 2):
            n_a, n_b = col_tot[0, a], col_tot[0, b]
            p_a, p_b = obs[r, a] / n_a, obs[r, b] / n_b
            pooled = (obs[r, a] + obs[r, b]) / (n_a + n_b)
            se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
            zval = (p_a - p_b) / se if se > 0 else 0.0
            block.append(
                {item: answer, "column_a": cols[a], "column_b": cols[b], "share_a": p_a, "share_b": p_b,
                 "z": zval, "p_value": float(2 * stats.norm.sf(abs(zval)))}
            )
        if correction is not None and block:
            adjusted_p = multipletests([t["p_value"] for t in block], alpha=alpha, method=correction)[1]
        else:
            adjusted_p = [t["p_value"] for t in block]
        for t, pa in zip(block, adjusted_p):
            t["p_adjusted"] = float(pa)
            t["significant"] = bool(pa < alpha)
        tests.extend(block)
    return Crosstab(
        item=item, by=by, counts=counts, column_shares=shares, adjusted_residuals=adjusted,
        column_tests=pd.DataFrame(tests), chi2=chi2, dof=dof, p_value=p_value, n=n, n_eff=n_eff,
        n_missing=int((~ok).sum()), correction=correction, alpha=alpha,
    )


# ----------------------------------------------------------------------------------------
# reliability
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CronbachAlpha(Result):
    """Cronbach's alpha of a multi-item scale with a Feldt (1965) confidence interval.

    Attributes
    ----------
    alpha : float
        The reliability coefficient (the statistic, not a significance level).
    ci_low, ci_high : float
        Feldt's interval.
    n : int
        Respondents who answered every item.
    n_items : int
        Items in the scale.
    n_dropped : int
        Respondents left out (an item skipped, or zero weight).
    confidence : float
        Level of the interval.
    """

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    n_items: int
    n_dropped: int
    confidence: float = 0.95

    ci = renamed_attribute("ci", "confidence")

    def __repr__(self) -> str:
        return (
            f"CronbachAlpha(alpha = {self.alpha:.3f}, {self.confidence:.0%} CI {self.ci_low:.3f} to "
            f"{self.ci_high:.3f}; {self.n_items} items, n = {self.n}"
            + (f", {self.n_dropped} incomplete rows left out)" if self.n_dropped else ")")
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the fields."""
        return pd.DataFrame([{k: getattr(self, k) for k in self.__dataclass_fields__}])

    def describe(self, *, lang: str = "en") -> str:
        """One sentence: alpha, its interval, and whether the items can be averaged (0.7 or more)."""
        w = _words(lang, "CronbachAlpha.describe")
        verdict = w["alpha_ok" if self.ci_low >= 0.7 else "alpha_unsure" if self.alpha >= 0.7 else "alpha_low"]
        return w["alpha_describe"].format(
            k=self.n_items, alpha=format_number(self.alpha, digits=2, lang=lang),
            level=format_percent(self.confidence, lang=lang),
            ci=format_interval(self.ci_low, self.ci_high, digits=2, lang=lang), n=format_number(self.n, lang=lang),
            verdict=verdict)

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Alpha with its interval, plain headers in ``lang``."""
        w = _words(lang, "CronbachAlpha.report_table")
        return pd.DataFrame({
            w["items"]: [self.n_items],
            w["respondents"]: [self.n],
            w["alpha"]: [format_number(self.alpha, digits=3, lang=lang)],
            w["ci"].format(level=format_percent(self.confidence, lang=lang)):
                [format_interval(self.ci_low, self.ci_high, digits=2, lang=lang)],
        })


def _long_to_wide(
    data: pd.DataFrame, *, respondent: str, item: str, score: str, weight: str | None,
    items: Sequence[str] | None, func: str,
) -> tuple[pd.DataFrame, list[str]]:
    """One row per respondent and a column per item, from one row per respondent x item."""
    require_columns(data, [respondent, item, score] + ([weight] if weight else []), func=func)
    values = numeric_column(data, score, func=func)
    keys = data[[respondent, item]]
    missing_key = keys.isna().any(axis=1)
    if missing_key.any():
        raise CxDataError(f"{func}: {respondent!r} or {item!r} is empty in rows {rows_preview(data.index[missing_key])}")
    twice = keys.duplicated(keep=False)
    if twice.any():
        raise CxDataError(
            f"{func}: rows {rows_preview(data.index[twice])} give the same {item!r} twice for one {respondent!r}; "
            "keep one answer per respondent and item"
        )
    long = pd.DataFrame({"r": data[respondent].to_numpy(), "i": data[item].to_numpy(), "v": values.to_numpy()})
    if items is not None:
        unknown = [i for i in items if i not in set(long["i"])]
        if unknown:
            raise CxSchemaError(f"{func}: items {unknown} do not occur in column {item!r}")
        long = long[long["i"].isin(items)]
    wide = long.pivot(index="r", columns="i", values="v")
    wide.columns = [str(c) for c in wide.columns]
    names = [str(i) for i in items] if items is not None else list(wide.columns)
    if weight:
        w = pd.DataFrame({"r": data[respondent].to_numpy(), "w": numeric_column(data, weight, func=func).to_numpy()})
        varies = w.groupby("r")["w"].nunique(dropna=False) > 1
        if varies.any():
            raise CxDataError(f"{func}: weight {weight!r} differs between the rows of respondent(s) "
                              f"{rows_preview(varies.index[varies])}; a respondent has one weight")
        wide[weight] = w.groupby("r")["w"].first().reindex(wide.index)
    return wide.reset_index(drop=True), names


def cronbach_alpha(
    data: pd.DataFrame,
    *,
    items: Sequence[str] | None = None,
    weight: str | None = None,
    confidence: float = 0.95,
    respondent: str | None = None,
    item: str | None = None,
    score: str | None = None,
    ci: Any = UNSET,
) -> CronbachAlpha:
    """Cronbach's alpha, the internal-consistency reliability of a multi-item scale.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)``
    (Cronbach 1951), with sample variances (ddof = 1). The interval is Feldt's (1965):
    ``(1 - alpha) / (1 - alpha_hat)`` follows an F distribution with ``n - 1`` and
    ``(n - 1)(k - 1)`` degrees of freedom, so the bounds are
    ``1 - (1 - alpha_hat) F_{1-g/2}`` and ``1 - (1 - alpha_hat) F_{g/2}`` with ``g = 1 - confidence``.
    Respondents who skipped any item (or have zero weight) are left out (counted in
    ``n_dropped``). With ``weight``, the item covariances are weighted (alpha only depends on their
    ratio, so integer weights give the same alpha as repeating rows) and ``n`` in the
    interval is Kish's effective sample size.
    As a rule of thumb, alpha of 0.7 or more is acceptable for group comparisons.

    The data may be *wide* (one row per respondent, one column per item: give ``items``)
    or *long* (one row per respondent x item: give ``respondent``, ``item`` and ``score``;
    ``items`` then optionally picks item names, default all). A respondent without an
    answer to some item counts as incomplete, as in wide data.

    Parameters
    ----------
    data : DataFrame
    items : list of str
        Wide data: at least two item columns, all scored in the same direction. Long
        data: the item names to use (default every item).
    weight : str, optional
        Column of respondent weights (in long data, the same on each of a respondent's rows).
    confidence : float, default 0.95
    respondent, item, score : str, optional
        Long data: the columns naming the respondent and the item, and the answer.

    Returns
    -------
    CronbachAlpha
        ``n`` is the number of complete respondents; with weights the interval uses their
        effective number instead.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    *Psychometrika*, 16(3), 297-334.

    Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson
    reliability coefficient twenty. *Psychometrika*, 30(3), 357-370.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5], "q3": [1, 3, 3, 4, 4]})
    >>> a = cronbach_alpha(df, items=["q1", "q2", "q3"])
    >>> round(a.alpha, 4)  # 3/2 * (1 - (2.5 + 2.3 + 1.5) / 17.3)
    0.9538
    >>> a
    CronbachAlpha(alpha = 0.954, 95% CI 0.766 to 0.995; 3 items, n = 5)
    >>> long = df.reset_index(names="id").melt(id_vars="id", var_name="question", value_name="answer")
    >>> round(cronbach_alpha(long, respondent="id", item="question", score="answer").alpha, 4)
    0.9538
    """
    ci = renamed("ci", ci, "confidence", confidence, func="cronbach_alpha", default=0.95)
    func = "cronbach_alpha"
    long_form = [respondent, item, score]
    if any(c is not None for c in long_form):
        if any(c is None for c in long_form):
            raise CxParameterError(f"{func}: long data needs all of respondent=, item= and score=, "
                                   f"got respondent={respondent!r}, item={item!r}, score={score!r}")
        data, items = _long_to_wide(data, respondent=respondent, item=item, score=score, weight=weight,
                                    items=None if items is None else _as_list(items), func=func)
    elif items is None:
        raise CxParameterError(f"{func}: give the item columns (items=[...]) or, for long data, "
                               "respondent=, item= and score=")
    items = _as_list(items)
    if len(items) < 2:
        raise CxParameterError(f"{func}: need at least two items, got {items}")
    require_columns(data, items, func=func)
    ci = check_confidence(ci, func=func)
    x = pd.DataFrame({c: numeric_column(data, c, func=func) for c in items})
    w_all = _weight_column(data, weight, func)
    complete = x.notna().all(axis=1) & (w_all > 0)
    x = x[complete].to_numpy()
    w = w_all[complete].to_numpy()
    n, k = x.shape
    if n < 3:
        raise CxEmptyDataError(f"{func}: need at least 3 respondents who answered all items, got {n}")
    cov = np.cov(x, rowvar=False) if weight is None else np.cov(x, rowvar=False, aweights=w)
    total_var = cov.sum()  # variance of the total score
    if total_var <= 0:
        raise CxDataError(f"{func}: the total score of {items} does not vary, so alpha is undefined")
    alpha = k / (k - 1) * (1 - np.trace(cov) / total_var)
    n_ci = n if weight is None else _kish(w)
    g = 1 - ci
    df1, df2 = n_ci - 1, (n_ci - 1) * (k - 1)
    low = 1 - (1 - alpha) * stats.f.ppf(1 - g / 2, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(g / 2, df1, df2)
    return CronbachAlpha(
        alpha=float(alpha), ci_low=float(low), ci_high=float(high), n=int(n), n_items=k,
        n_dropped=int((~complete).sum()), confidence=ci,
    )


# ----------------------------------------------------------------------------------------
# key driver analysis
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RelativeWeights(Result):
    """How much of an outcome each driver explains (LMG shares or Johnson's weights), with intervals.

    Attributes
    ----------
    outcome : str
        The column explained.
    table : DataFrame
        One row per driver, most important first: ``driver``, ``rank``, ``raw_weight``
        (its part of R²; the raw weights add up to ``r_squared``) with bootstrap
        ``ci_low`` / ``ci_high``, ``share`` (its percentage of the explained variance,
        adding up to 100) with ``share_ci_low`` / ``share_ci_high``.
    r_squared, r_squared_ci_low, r_squared_ci_high : float
        R² of the regression on all drivers and its bootstrap interval.
    n, n_dropped : int
        Complete respondents used, and those left out.
    n_boot : int
        Bootstrap resamples (0: no intervals).
    confidence : float
        Level of the intervals.
    seed : int or None
        Seed of the bootstrap.
    method : str
        ``"exact"`` (Shapley / LMG) or ``"johnson"`` (relative weights).
    """

    outcome: str
    table: pd.DataFrame
    r_squared: float
    r_squared_ci_low: float
    r_squared_ci_high: float
    n: int
    n_dropped: int
    n_boot: int
    confidence: float
    seed: int | None
    method: str = "johnson"

    ci = renamed_attribute("ci", "confidence")

    def __repr__(self) -> str:
        top = ", ".join(
            f"{d} {s:.0f}%" for d, s in zip(self.table["driver"].head(3), self.table["share"].head(3))
        )
        return (
            f"RelativeWeights({self.outcome!r}: R² = {self.r_squared:.3f} "
            f"[{self.confidence:.0%} CI {self.r_squared_ci_low:.3f} to {self.r_squared_ci_high:.3f}], "
            f"n = {self.n}, {len(self.table)} drivers, {self.method}; top: {top})"
        )

    def to_frame(self) -> pd.DataFrame:
        """The per-driver table (a copy)."""
        return self.table.copy()

    def leaders(self) -> list[str]:
        """The drivers whose share cannot be told apart from the top one (overlapping intervals).

        Without bootstrap intervals, only the top driver.
        """
        t = self.table
        if t["share_ci_low"].isna().all():
            return t["driver"].head(1).tolist()
        return t.loc[t["share_ci_high"] >= t["share_ci_low"].iloc[0], "driver"].tolist()

    def describe(self, *, labels: Mapping[str, str] | None = None, lang: str = "en") -> str:
        """One sentence: R² and the biggest driver, in ``lang`` ("en" or "ru").

        ``labels`` ({column: text}) names the outcome and the drivers (default: the column in words).

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> rng = np.random.default_rng(1)
        >>> df = pd.DataFrame(rng.normal(size=(500, 2)), columns=["price", "quality"])
        >>> df["overall"] = 2 * df["price"] + df["quality"] + rng.normal(size=500)
        >>> relative_weights(df, drivers=["price", "quality"], outcome="overall", n_boot=0).describe()
        'The drivers explain 80% of the variation in overall (R² 0.80, 500 respondents); the biggest is price with 78% of the explained part.'
        """
        w = _words(lang, "RelativeWeights.describe")
        top = self.table.iloc[0]
        interval = ("" if np.isnan(self.r_squared_ci_low) else w["r2_interval"].format(
            level=format_percent(self.confidence, lang=lang),
            ci=format_interval(self.r_squared_ci_low, self.r_squared_ci_high, digits=2, lang=lang)))
        return w["drivers_describe"].format(
            r2=format_percent(self.r_squared, lang=lang),
            outcome=(labels or {}).get(self.outcome, self.outcome.replace("_", " ")),
            r2n=format_number(self.r_squared, digits=2, lang=lang), interval=interval,
            n=format_number(self.n, lang=lang), top=(labels or {}).get(top["driver"], _driver_name(top["driver"])),
            share=format_percent(top["share"] / 100, lang=lang))

    def report_table(self, labels: Mapping[str, str] | None = None, *, lang: str = "en") -> pd.DataFrame:
        """Rank, driver, share of explained variance with its interval, plain headers in ``lang``."""
        w = _words(lang, "RelativeWeights.report_table")
        t = self.table
        return pd.DataFrame({
            w["rank"]: t["rank"],
            w["driver"]: [(labels or {}).get(d, _driver_name(d)) for d in t["driver"]],
            w["share_explained"]: [format_number(x, digits=1, lang=lang) for x in t["share"]],
            w["ci"].format(level=format_percent(self.confidence, lang=lang)):
                [format_interval(a, b, digits=1, lang=lang) for a, b in zip(t["share_ci_low"], t["share_ci_high"])],
            w["part_r2"]: [format_number(x, digits=3, lang=lang) for x in t["raw_weight"]],
        })


def _driver_name(column: Any) -> str:
    """A driver column as a reader sees it: ``rating_good_deal`` -> ``good deal``."""
    from cxtools.core.vocabulary import RATING_PREFIX

    return str(column).removeprefix(RATING_PREFIX).replace("_", " ")


def _weighted_corr(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.corrcoef(x, rowvar=False) if np.all(w == w[0]) else _cov_to_corr(np.cov(x, rowvar=False, aweights=w))


def _cov_to_corr(cov: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diag(cov))
    return cov / np.outer(sd, sd)


def _johnson(corr: np.ndarray) -> np.ndarray:
    """Raw relative weights from the full correlation matrix (outcome in the last row/column)."""
    rxx = corr[:-1, :-1]
    rxy = corr[:-1, -1]
    evals, evecs = np.linalg.eigh(rxx)
    evals = np.clip(evals, 0.0, None)
    lam = evecs @ np.diag(np.sqrt(evals)) @ evecs.T  # correlations of X with their orthogonal counterparts Z
    beta = np.linalg.solve(lam, rxy)  # regression of the outcome on Z
    return (lam**2) @ (beta**2)


#: Most drivers for the exact LMG decomposition (2**15 subsets of drivers, one small
#: linear solve each: about 0.1 s, so a 1,000-resample bootstrap takes about two minutes).
EXACT_MAX_DRIVERS = 15

#: Most drivers for which ``method="auto"`` chooses the exact decomposition (2**12 subsets:
#: a 1,000-resample bootstrap takes seconds).
AUTO_EXACT_MAX_DRIVERS = 12


@functools.lru_cache(maxsize=8)
def _subsets(p: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Per subset size, the driver combinations; the size of every bit mask; the Shapley weights."""
    combos = [np.array(list(itertools.combinations(range(p), size))) for size in range(1, p + 1)]
    masks = np.arange(1 << p)
    sizes = np.zeros(1 << p, dtype=int)
    for j in range(p):
        sizes += (masks >> j) & 1
    weight = np.array([math.factorial(k) * math.factorial(p - k - 1) / math.factorial(p) for k in range(p)])
    return combos, sizes, weight


def _subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of the outcome on every subset of drivers, indexed by the subset's bit mask.

    From the correlation matrix (outcome in the last row/column):
    ``R²(S) = r_Sy' R_SS^{-1} r_Sy``; subsets of one size are solved as one batch.
    """
    p = corr.shape[0] - 1
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    r2 = np.zeros(1 << p)
    for combos in _subsets(p)[0]:
        r = rxy[combos]
        block = rxx[combos[:, :, None], combos[:, None, :]]
        beta = np.linalg.solve(block, r[..., None])[..., 0]
        r2[(1 << combos).sum(axis=1)] = (r * beta).sum(axis=1)
    return r2


def _lmg(corr: np.ndarray) -> np.ndarray:
    """Exact Shapley / LMG shares of R² (outcome in the last row/column of ``corr``).

    Driver j gets ``sum over S not containing j of |S|! (p - |S| - 1)! / p! *
    (R²(S + j) - R²(S))``: the average gain in R² from adding j, over all orders.
    """
    p = corr.shape[0] - 1
    r2 = _subset_r2(corr)
    _, sizes, weight = _subsets(p)
    masks = np.arange(1 << p)
    out = np.empty(p)
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        out[j] = float((weight[sizes[without]] * (r2[without | (1 << j)] - r2[without])).sum())
    return out


def relative_weights(
    data: pd.DataFrame,
    *,
    drivers: Sequence[str],
    outcome: str,
    weight: str | None = None,
    method: Literal["auto", "exact", "johnson"] = "auto",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | None = 0,
    ci: Any = UNSET,
) -> RelativeWeights:
    """Key driver analysis: how much of an outcome each attribute rating explains.

    Attribute ratings are usually correlated, so regression coefficients split the
    credit between them erratically. Two ways to share the model's R² fairly:

    - ``method="exact"``: the Shapley-value / LMG decomposition (Lindeman, Merenda & Gold
      1980; Grömping 2006): each driver gets its gain in R² when added to the model,
      averaged over all orders of entry. It is computed from the correlation matrix, one
      small linear solve per subset of drivers (``2**p`` subsets), so it is exact and
      quick up to about 15 drivers.
    - ``method="johnson"``: Johnson's (2000) relative weights, a fast approximation:
      the drivers are replaced by their closest uncorrelated counterparts ``Z`` (via the
      symmetric square root ``Lambda`` of their correlation matrix), the outcome is
      regressed on ``Z`` (``beta``), and driver ``j`` gets ``sum_k Lambda_jk^2 beta_k^2``.
      The weights also add up to R², but they are *not* the LMG shares: the gap has no
      general bound. On a classic 30-row, six-driver data set it reaches 0.008 in R²
      units for one driver; on the five correlated drivers of the package's tests it is
      0.001.
    - ``method="auto"`` (default): exact for up to :data:`AUTO_EXACT_MAX_DRIVERS` (12)
      drivers, Johnson's weights beyond; ``method="exact"`` works up to
      :data:`EXACT_MAX_DRIVERS` (15).

    Intervals are percentiles of ``n_boot`` bootstrap resamples of respondents
    (Tonidandel, LeBreton & Johnson 2009), recomputed with the same method.
    Respondents with a missing driver or outcome are left out (counted in ``n_dropped``).

    Parameters
    ----------
    data : DataFrame
    drivers : list of str
        Attribute rating columns (at least two).
    outcome : str
        Overall satisfaction, likelihood to recommend, ...
    weight : str, optional
        Respondent weights (weighted correlations; resampled along with the rows).
    method : {"auto", "exact", "johnson"}, default "auto"
        Decomposition (see above).
    n_boot : int, default 1000
        Bootstrap resamples; 0 for no intervals.
    confidence : float, default 0.95
    seed : int or None, default 0
        Seed of the bootstrap's random generator.

    Returns
    -------
    RelativeWeights

    Raises
    ------
    CxDataError
        If a driver or the outcome does not vary, or the drivers are perfectly collinear.
    CxParameterError
        If ``method="exact"`` is asked for more than :data:`EXACT_MAX_DRIVERS` drivers.

    References
    ----------
    Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). *Introduction to Bivariate and
    Multivariate Analysis*. Scott, Foresman, p. 119ff (the LMG decomposition).

    Grömping, U. (2006). Relative importance for linear regression in R: the package
    relaimpo. *Journal of Statistical Software*, 17(1) (LMG as the Shapley value of R²).

    Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
    predictor variables in multiple regression. *Multivariate Behavioral Research*,
    35(1), 1-19 (eqs. 1-4).

    Tonidandel, S., LeBreton, J. M., & Johnson, J. W. (2009). Determining the statistical
    significance of relative weights. *Psychological Methods*, 14(4), 387-399.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(500, 3))
    >>> df = pd.DataFrame(x, columns=["price", "quality", "support"])
    >>> df["overall"] = 2 * df["price"] + df["quality"] + rng.normal(size=500)
    >>> rw = relative_weights(df, drivers=["price", "quality", "support"], outcome="overall", n_boot=200)
    >>> rw.table["driver"].tolist(), rw.method
    (['price', 'quality', 'support'], 'exact')
    >>> bool(np.isclose(rw.table["raw_weight"].sum(), rw.r_squared))
    True
    """
    ci = renamed("ci", ci, "confidence", confidence, func="relative_weights", default=0.95)
    func = "relative_weights"
    drivers = _as_list(drivers)
    if len(drivers) < 2:
        raise CxParameterError(f"{func}: need at least two drivers, got {drivers}")
    if outcome in drivers:
        raise CxParameterError(f"{func}: the outcome {outcome!r} is also listed as a driver")
    require_columns(data, [*drivers, outcome], func=func)
    ci = check_confidence(ci, func=func)
    check_choice("method", method, ["auto", "exact", "johnson"], func=func)
    if method == "auto":
        method = "exact" if len(drivers) <= AUTO_EXACT_MAX_DRIVERS else "johnson"
    if method == "exact" and len(drivers) > EXACT_MAX_DRIVERS:
        raise CxParameterError(
            f"{func}: the exact decomposition of {len(drivers)} drivers needs 2**{len(drivers)} regressions; "
            f"use at most {EXACT_MAX_DRIVERS} drivers or method='johnson'"
        )
    decompose = _lmg if method == "exact" else _johnson
    check_whole_number(n_boot, func=func, name="n_boot", minimum=0)
    cols = [*drivers, outcome]
    x = pd.DataFrame({c: numeric_column(data, c, func=func) for c in cols})
    w = _weight_column(data, weight, func)
    complete = x.notna().all(axis=1).to_numpy() & (w.to_numpy() > 0)
    xa = x.to_numpy()[complete]
    wa = w.to_numpy()[complete]
    n = len(xa)
    if n < len(cols) + 2:
        raise CxEmptyDataError(f"{func}: only {n} complete respondents for {len(drivers)} drivers")
    constant = [c for c, sd in zip(cols, xa.std(axis=0)) if sd == 0]
    if constant:
        raise CxDataError(f"{func}: column(s) {constant} do not vary, so they cannot explain anything")
    corr = _weighted_corr(xa, wa)
    if np.linalg.eigvalsh(corr[:-1, :-1]).min() < 1e-10:
        raise CxDataError(f"{func}: the drivers {drivers} are perfectly collinear; drop one of them")
    raw = decompose(corr)
    r2 = float(raw.sum())
    low = high = np.full(len(drivers), np.nan)
    s_low = s_high = low
    r2_low = r2_high = np.nan
    if n_boot:
        rng = np.random.default_rng(seed)
        boots = np.empty((n_boot, len(drivers)))
        for b in range(n_boot):
            idx = rng.integers(0, n, size=n)
            with np.errstate(invalid="ignore", divide="ignore"):
                c = _weighted_corr(xa[idx], wa[idx])
            try:
                boots[b] = decompose(c) if np.isfinite(c).all() else np.nan
            except np.linalg.LinAlgError:  # a resample in which two drivers coincide
                boots[b] = np.nan
        boots = boots[np.isfinite(boots).all(axis=1)]
        g = (1 - ci) / 2
        low, high = np.quantile(boots, [g, 1 - g], axis=0)
        r2b = boots.sum(axis=1)
        shares_b = 100 * boots / r2b[:, None]
        s_low, s_high = np.quantile(shares_b, [g, 1 - g], axis=0)
        r2_low, r2_high = np.quantile(r2b, [g, 1 - g])
    table = pd.DataFrame(
        {
            "driver": drivers,
            "raw_weight": raw,
            "ci_low": low,
            "ci_high": high,
            "share": 100 * raw / r2,
            "share_ci_low": s_low,
            "share_ci_high": s_high,
        }
    ).sort_values("raw_weight", ascending=False, kind="stable", ignore_index=True)
    table.insert(1, "rank", np.arange(1, len(table) + 1))
    return RelativeWeights(
        outcome=outcome, table=table, r_squared=r2, r_squared_ci_low=float(r2_low),
        r_squared_ci_high=float(r2_high), n=int(n), n_dropped=int((~complete).sum()),
        n_boot=int(n_boot), confidence=ci, seed=seed, method=method,
    )


def item_labels(columns: Sequence[str], *, patterns: Sequence[str] = ()) -> dict[str, str]:
    """Readable names of survey items: the shared prefix of a ``prefix*`` pattern dropped, ``_`` as spaces.

    The prefix is kept when dropping it would leave only a number (``item_2`` stays
    ``item 2``), so every label still names its item.

    Examples
    --------
    >>> item_labels(["rating_good_deal", "item_2", "Q1_price"], patterns=["rating_*", "item_*"])
    {'rating_good_deal': 'good deal', 'item_2': 'item 2', 'Q1_price': 'Q1 price'}
    """
    out = {}
    for col in columns:
        text = str(col)
        for prefix in sorted((p[:-1] for p in patterns if p.endswith("*")), key=len, reverse=True):
            rest = text[len(prefix):] if prefix and text.startswith(prefix) else ""
            if rest.strip("_ ") and not rest.strip("_ ").isdigit():
                text = rest
                break
        out[col] = text.replace("_", " ").strip()
    return out


#: How a report names a survey item by its role, where the column name would be a word of another language.
_ROLE_WORDS: dict[str, dict[str, str]] = {
    "ru": {"overall_satisfaction": "общая удовлетворённость", "recommend": "готовность рекомендовать (NPS)",
           "csat": "CSAT", "ces": "CES", "attributes": "оценка: {name}", "importance": "важность: {name}",
           "likert": "утверждение {name}"},
}


def role_labels(roles: Any, columns: Sequence[str], *, lang: str = "en") -> dict[str, str]:
    """Readable names of survey items in the report language, from their roles in the data description.

    In English every item is named as :func:`item_labels` names it (the column in words). In
    Russian an item with a role is named by the role ("общая удовлетворённость",
    "оценка: price" for an attribute rating, "важность: price" for its importance), a Likert
    item whose column name ends in a number by "утверждение" and that number; names from
    the data (attributes, other columns) stay as they are.

    Parameters
    ----------
    roles : SurveyRoles
        ``load_description(...).survey``.
    columns : sequence of str
        The items to name.
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    dict of {column: text}

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> roles = SimpleNamespace(overall_satisfaction="overall", recommend="nps", csat=None, ces=None,
    ...                         attributes=("rating_*",), importance=("importance_*",), likert=("loyalty_2",))
    >>> role_labels(roles, ["overall", "rating_price", "importance_price", "loyalty_2", "other_item"], lang="ru")
    {'overall': 'общая удовлетворённость', 'rating_price': 'оценка: price', 'importance_price': 'важность: price', 'loyalty_2': 'утверждение 2', 'other_item': 'other item'}
    >>> role_labels(roles, ["overall", "rating_price"])
    {'overall': 'overall', 'rating_price': 'rating price'}
    """
    import re

    check_choice("lang", lang, list(_WORDS), func="role_labels")
    out = item_labels(columns)
    if lang not in _ROLE_WORDS:
        return out
    words = _ROLE_WORDS[lang]
    single = {getattr(roles, role, None): role for role in ("overall_satisfaction", "recommend")}
    for role in ("csat", "ces"):
        box = getattr(roles, role, None)
        single[getattr(box, "item", None)] = role
    for col in columns:
        if col in single and col is not None:
            out[col] = words[single[col]]
            continue
        for role in ("attributes", "importance", "likert"):
            patterns = tuple(getattr(roles, role, ()) or ())
            prefixes = [q[:-1] for q in patterns if q.endswith("*") and str(col).startswith(q[:-1])]
            if prefixes or col in patterns:
                name = str(col)[len(max(prefixes, key=len)):] if prefixes else str(col)
                name = name.replace("_", " ").strip() or str(col).replace("_", " ")
                if role == "likert":  # a statement numbered in its column name is named by its number
                    number = re.fullmatch(r"(?:.*\D)?(\d+)", name)
                    out[col] = words[role].format(name=number.group(1)) if number else name
                else:
                    out[col] = words[role].format(name=name)
                break
    return out


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


# ----------------------------------------------------------------------------------------
# findings in plain words
# ----------------------------------------------------------------------------------------
# stakeholder tables
# ----------------------------------------------------------------------------------------
def report_table(
    result: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    scales: tuple[int, int] | Mapping[str, tuple[int, int]] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The stakeholder table of a survey result that is a DataFrame, plain headers in ``lang``.

    Numbers are formatted for reading (thousands separators, one style of percentages, the
    report language's decimal mark); the index is a plain 0..n one, to be hidden when shown.

    Parameters
    ----------
    result : DataFrame
        From :func:`nps` with ``by=`` (one row per group), :func:`nps_pairwise`,
        :func:`nps_trend` (without ``by``) or :func:`likert_summary`.
    labels : dict of {item column: text}, optional
        Readable item names (:func:`likert_summary` only).
    scales : (int, int) or dict of {item column: (int, int)}, optional
        :func:`likert_summary` only. One scale for agreement items (headers "Agree" and
        "Disagree"), or each item's own scale (a "Scale" column).
    lang : {"en", "ru"}, default "en"
        Language of headers and words in the cells.

    Returns
    -------
    DataFrame

    Raises
    ------
    CxParameterError
        If ``result`` is none of the results above.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 3, 10, 6] * 5, "segment": list("AAAABBBB") * 5})
    >>> report_table(nps_pairwise(df, by="segment"), lang="ru").columns.tolist()
    ['Сравнение', 'Разница (пункты)', '95\xa0% интервал', 'значение p', 'значение p (поправка Холма)', 'Значимо']
    >>> report_table(nps(df, by="segment"))["NPS (points)"].tolist()
    ['25.0', '-25.0']
    """
    w = _words(lang, "report_table")
    if not isinstance(result, pd.DataFrame):
        raise CxParameterError(f"report_table: expected a DataFrame result of the survey functions, got "
                               f"{type(result).__name__}")

    def interval(frame: pd.DataFrame, low: str, high: str, **kw) -> list[str]:
        return [format_interval(a, b, lang=lang, **kw) for a, b in zip(frame[low], frame[high])]

    def header(level: float) -> str:
        return w["interval"].format(level=format_percent(level, lang=lang))

    def number(x: float, **kw) -> str:
        return format_number(x, lang=lang, **kw)

    def percent(x: float) -> str:
        return format_percent(x, lang=lang)

    level = result.attrs.get("confidence", 0.95)
    kind = result.attrs.get("cxtools")
    if {"group_a", "group_b", "p_adjusted"} <= set(result.columns):
        return pd.DataFrame({
            w["comparison"]: [w["vs"].format(b=b, a=a) for a, b in zip(result["group_a"], result["group_b"])],
            w["difference"]: [number(d, digits=1, signed=True) for d in result["difference"]],
            header(level): interval(result, "ci_low", "ci_high", digits=1),
            w["p_value"]: [_p_cell(p, lang) for p in result["p_value"]],
            w["p_holm"]: [_p_cell(p, lang) for p in result["p_adjusted"]],
            w["significant"]: [w["yes_star" if s else "no"] for s in result["significant"]],
        })
    if kind == "nps_trend":
        wave = result.attrs["wave"]
        return pd.DataFrame({
            w["wave"]: result[wave].astype(str).to_numpy(),
            w["answers"]: [number(n) for n in result["n"]],
            w["nps_points"]: [number(x, digits=1) for x in result["nps"]],
            header(level): interval(result, "ci_low", "ci_high", digits=1),
            w["change"]: ["-" if pd.isna(c) else number(c, digits=1, signed=True) for c in result["change"]],
            w["p_value"]: ["-" if pd.isna(p) else _p_cell(p, lang) for p in result["change_p_value"]],
            w["change_sig"]: [w["yes_star"] if p < 1 - level else "" for p in result["change_p_value"].fillna(1)],
        })
    if kind == "nps":
        by_cols = result.attrs["by"]
        groups = {_heading(c, lang): result[c].astype(str).to_numpy() for c in by_cols}
        return pd.DataFrame({
            **groups,
            w["answers"]: [number(n) for n in result["n"]],
            w["effective"]: [number(n) for n in result["n_eff"]],
            w["promoters"]: [percent(x) for x in result["promoter_share"]],
            w["detractors"]: [percent(x) for x in result["detractor_share"]],
            w["nps_points"]: [number(x, digits=1) for x in result["nps"]],
            header(level): interval(result, "ci_low", "ci_high", digits=1),
        })
    if {"item", "mean", "top_box_share", "bottom_box_share"} <= set(result.columns):
        items = result["item"]
        table = {w["item"]: [(labels or {}).get(i, i) for i in items]}
        one_scale = scales is not None and not isinstance(scales, Mapping)
        if scales is not None and not one_scale:
            dash = "–" if lang == "ru" else "-"
            table[w["scale"]] = [f"{scales[i][0]}{dash}{scales[i][1]}" for i in items]
        table[w["answers"]] = [number(n) for n in result["n"]]
        average = (w["average_on"].format(low=scales[0], high=scales[1]) if one_scale else w["average"])
        table[average] = [number(x, digits=2) for x in result["mean"]]
        table[header(level)] = interval(result, "mean_ci_low", "mean_ci_high")
        table[w["agree" if one_scale else "top2"]] = [percent(x) for x in result["top_box_share"]]
        table[w["disagree" if one_scale else "bottom2"]] = [percent(x) for x in result["bottom_box_share"]]
        return pd.DataFrame(table)
    raise CxParameterError("report_table: expected the result of nps(..., by=...), nps_pairwise, nps_trend or "
                           f"likert_summary, got a DataFrame with columns {list(result.columns)[:8]}")


def headline_table(
    nps_overall: pd.DataFrame | None = None,
    *,
    satisfaction: pd.DataFrame | None = None,
    satisfaction_scale: tuple[int, int] | None = None,
    csat: pd.DataFrame | None = None,
    csat_answers: tuple[tuple[int, int], Sequence[int]] | None = None,
    ces: pd.DataFrame | None = None,
    ces_answers: tuple[tuple[int, int], Sequence[int]] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The headline measures in one stakeholder table: measure, answers, estimate, interval.

    Parameters
    ----------
    nps_overall : DataFrame, optional
        :func:`nps` without ``by``.
    satisfaction : DataFrame, optional
        :func:`likert_summary` of the overall-satisfaction item alone, on ``satisfaction_scale``.
    csat, ces : DataFrame, optional
        :func:`csat` and :func:`ces` without ``by``; ``csat_answers`` and ``ces_answers`` are
        (scale, answers counted) for the row's name, e.g. ``((1, 5), (4, 5))``.
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    DataFrame
        One row per measure given (none given: no rows).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5})
    >>> headline_table(nps(df), csat=csat(df), csat_answers=((1, 5), (4, 5))).iloc[:, 0].tolist()
    ['Net Promoter Score (points, -100 to 100)', 'CSAT: satisfied, answers 4-5 of 1-5']
    """
    w = _words(lang, "headline_table")
    dash = "–" if lang == "ru" else "-"

    def box(answers: tuple[tuple[int, int], Sequence[int]] | None, key: str) -> str:
        (low, high), levels = answers if answers is not None else ((None, None), ())
        levels = list(levels)
        text = dash.join(map(str, levels[::len(levels) - 1 or 1]))
        return w[key].format(box=text, low=low, high=high)

    rows = []
    if nps_overall is not None:
        r = nps_overall.iloc[0]
        rows.append((w["h_nps"], r["n"], format_number(r["nps"], digits=1, lang=lang),
                     format_interval(r["ci_low"], r["ci_high"], digits=1, lang=lang)))
    if satisfaction is not None:
        r = satisfaction.iloc[0]
        low, high = satisfaction_scale if satisfaction_scale else ("?", "?")
        rows.append((w["h_satisfaction"].format(low=low, high=high), r["n"],
                     format_number(r["mean"], digits=2, lang=lang),
                     format_interval(r["mean_ci_low"], r["mean_ci_high"], lang=lang)))
    for frame, answers, key, col in ((csat, csat_answers, "h_csat", "top_box"), (ces, ces_answers, "h_ces", "easy")):
        if frame is not None:
            r = frame.iloc[0]
            rows.append((box(answers, key), r["n"], format_percent(r[f"{col}_share"], lang=lang),
                         format_interval(r[f"{col}_ci_low"], r[f"{col}_ci_high"], digits=0, percent=True, lang=lang)))
    level = next((f.attrs.get("confidence") for f in (nps_overall, satisfaction, csat, ces)
                  if f is not None and "confidence" in f.attrs), 0.95)
    return pd.DataFrame([(what, format_number(n, lang=lang), est, ci) for what, n, est, ci in rows],
                        columns=[w["measure"], w["answers"], w["estimate"],
                                 w["interval"].format(level=format_percent(level, lang=lang))])


# ----------------------------------------------------------------------------------------
def _share(frame: pd.DataFrame | None, column: str) -> float | None:
    """The first row's share in ``column``, or None when the metric was not computed or is empty."""
    if frame is None or column not in frame or len(frame) == 0:
        return None
    value = float(frame[column].iloc[0])
    return None if np.isnan(value) else value


#: The sentences of :func:`findings`, per report language ({...} filled in from the results).
_FINDINGS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "nps": "- **Overall NPS** is {nps} ({level} CI {ci}) points from {n} answers",
        "satisfied": "are satisfied with their last interaction",
        "easy": "found it easy",
        "and": " and ",
        "box": "- **{kind}:** {share} ({level} CI {ci}) {what}, from {n} answers.",
        "satisfaction": "- **Overall satisfaction** averages {mean}{on} ({level} CI {ci}) from {n} answers.",
        "on": " on {low}-{high}",
        "segments": "- **Segments:** {best} scores {best_nps}, {worst} {worst_nps}; the largest gap ({gap} points) "
                    "{verdict} (Holm-adjusted {p}).",
        "significant": "is statistically significant",
        "noise": "could be sampling noise",
        "trend": "- **Trend:** the NPS moves by {slope} points per wave ({level} CI {ci}); {verdict}",
        "rise": "a real improvement",
        "decline": "a real decline",
        "no_trend": "no clear trend",
        "first_last": ". From {a} to {b} it changed by {diff} points ({p})",
        "some_changes": ", while only {k} of the {m} wave-to-wave changes are significant on its own",
        "no_change": ", while none of the {m} wave-to-wave changes is significant on its own",
        "steady": ": a steady movement rather than a single jump.",
        "weighting": "- **Weighting:** raking to the customer base's mix moves the NPS by {effect} points, ",
        "small_shift": "well inside its interval, so the result does not hinge on the weighting.",
        "large_shift": "a noticeable shift: report both.",
        "reliability": "- **Scale of {k} items:** Cronbach's alpha {alpha} ({level} CI {ci}) ",
        "reliable": "- the items can be averaged into one score.",
        "unreliable": "- too low to average the items into one score.",
        "drivers": "- **Drivers:** the ratings explain {r2} of the variation in {outcome}. The biggest driver is "
                   "{top} ({share} of the explained part)",
        "clearly_ahead": ", clearly ahead of {second} ({share}). ",
        "not_clearly_ahead": ", not clearly ahead of {second} ({share}); {k} attributes are about equally important. ",
        "room": "Of the leading driver(s), {weakest} has the lowest average rating ({mean} of {top}): the most room "
                "to improve where it matters.",
    },
    "ru": {
        "nps": "- **NPS в целом** равен {nps} пунктам ({level} ДИ: {ci}) по {n} ответам",
        "satisfied": "довольны последним обращением",
        "easy": "было легко",
        "and": " и ",
        "box": "- **{kind}:** {share} ({level} ДИ: {ci}) {what}, по {n} ответам.",
        "satisfaction": "- **Общая удовлетворённость** в среднем {mean}{on} ({level} ДИ: {ci}) по {n} ответам.",
        "on": " по шкале {low}–{high}",
        "segments": "- **Сегменты:** у «{best}» {best_nps}, у «{worst}» {worst_nps}; наибольший разрыв ({gap} пунктов) "
                    "{verdict} (с поправкой Холма {p}).",
        "significant": "статистически значим",
        "noise": "может быть случайным",
        "trend": "- **Динамика:** NPS меняется на {slope} пункта за волну ({level} ДИ: {ci}); {verdict}",
        "rise": "это реальный рост",
        "decline": "это реальное снижение",
        "no_trend": "явной тенденции нет",
        "first_last": ". С волны {a} по волну {b} он изменился на {diff} пункта ({p})",
        "some_changes": ", при этом лишь {k} из {m} изменений между соседними волнами значимы сами по себе",
        "no_change": ", при этом ни одно из {m} изменений между соседними волнами не значимо само по себе",
        "steady": ": это устойчивое движение, а не разовый скачок.",
        "weighting": "- **Взвешивание:** подгонка весов под структуру клиентской базы сдвигает NPS на {effect} пункта, ",
        "small_shift": "что далеко внутри его интервала: результат не зависит от взвешивания.",
        "large_shift": "это заметный сдвиг: приводите оба значения.",
        "reliability": "- **Шкала из {k} вопросов:** альфа Кронбаха {alpha} ({level} ДИ: {ci}) ",
        "reliable": "— вопросы можно объединить в один балл.",
        "unreliable": "— слишком мало, чтобы объединять вопросы в один балл.",
        "drivers": "- **Факторы:** оценки объясняют {r2} разброса показателя «{outcome}». Сильнейший фактор — "
                   "«{top}» ({share} объяснённой части)",
        "clearly_ahead": ", явно впереди «{second}» ({share}). ",
        "not_clearly_ahead": ", но не явно впереди «{second}» ({share}); примерно равны по важности факторов: {k}. ",
        "room": "Среди ведущих факторов самая низкая средняя оценка у «{weakest}» ({mean} из {top}): здесь больше "
                "всего возможностей для улучшения там, где это важно.",
    },
}


def findings(
    nps_overall: pd.DataFrame | None = None,
    *,
    satisfaction: pd.DataFrame | None = None,
    satisfaction_scale: tuple[int, int] | None = None,
    csat: pd.DataFrame | None = None,
    ces: pd.DataFrame | None = None,
    nps_by_segment: pd.DataFrame | None = None,
    segment_tests: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    slope: NPSTrendSlope | None = None,
    first_last: NPSDifference | None = None,
    raking_effect: float | None = None,
    reliability: CronbachAlpha | None = None,
    drivers: RelativeWeights | None = None,
    driver_means: pd.Series | None = None,
    labels: Mapping[str, str] | None = None,
    scale_top: float = 5,
    lang: str = "en",
) -> Findings:
    """What customers say, in plain words, written from the survey results.

    Each section appears only when its results are given, and a metric that could not be
    computed (no CES item, say) is left out rather than written as "nan%".

    Parameters
    ----------
    nps_overall : DataFrame, optional
        :func:`nps` without ``by`` (one row); None when the survey has no 0-10
        likelihood-to-recommend item.
    satisfaction : DataFrame, optional
        :func:`likert_summary` of the overall-satisfaction item alone (one row).
    satisfaction_scale : (int, int), optional
        The answer scale of that item, for "average 7.4 on 1-10".
    csat, ces : DataFrame, optional
        :func:`csat` and :func:`ces` without ``by``.
    nps_by_segment, segment_tests : DataFrame, optional
        :func:`nps` by one segment column and :func:`nps_pairwise` on the same column.
    trend, slope, first_last : optional
        :func:`nps_trend`, :func:`nps_trend_slope`, and :func:`nps_difference` of the
        first against the last wave.
    raking_effect : float, optional
        How many points raking moved the NPS (None: not checked).
    reliability : CronbachAlpha, optional
        Of the loyalty (or any multi-item) scale.
    drivers : RelativeWeights, optional
        The key-driver analysis.
    driver_means : Series, optional
        Average rating per driver column, to name the leading driver with the most room
        to improve.
    labels : dict of {column: text}, optional
        Readable driver names (default: the column name in words).
    scale_top : float, default 5
        Top of the driver rating scale, for "average 3.2 of 5".
    lang : {"en", "ru"}, default "en"
        Language of the sentences (numbers, percentages and intervals in its format).

    Returns
    -------
    Findings
        Sections ``"headline"``, ``"segments"``, ``"trend"``, ``"weighting"``,
        ``"reliability"``, ``"drivers"`` (those given) and the headline ``metrics``:
        shares as fractions (``{"value": 0.62, "unit": "fraction"}``) and p-values as
        numbers (``{"value": 0.004, "unit": "p-value"}``), see :func:`cxtools.report.share`.

    Raises
    ------
    CxParameterError
        If ``nps_overall`` is not one row of :func:`nps`, or neither it nor
        ``satisfaction``, ``csat`` or ``ces`` is given.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372 (what the intervals and tests behind the words mean).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5})
    >>> f = findings(nps(df), csat=csat(df))
    >>> f["headline"]
    '- **Overall NPS** is 25 (95% CI -1 to 51) points from 40 answers; 62% are satisfied with their last interaction.'
    >>> f.metrics["csat_top_box"]
    {'value': 0.625, 'unit': 'fraction'}
    >>> "ces_easy" in f.metrics
    False
    >>> findings(csat=csat(df))["headline"]
    '- **CSAT:** 62% (95% CI 47% to 76%) are satisfied with their last interaction, from 40 answers.'
    >>> findings(csat=csat(df), lang="ru")["headline"].replace("\xa0", " ")
    '- **CSAT:** 62 % (95 % ДИ: от 47 % до 76 %) довольны последним обращением, по 40 ответам.'
    """
    from cxtools.report import p_value as p_metric
    from cxtools.report import share as share_metric

    if nps_overall is not None and (not _result_of(nps_overall, "nps", "findings") or len(nps_overall) != 1):
        raise CxParameterError("findings: nps_overall must be the result of nps(...) without by=")
    if nps_overall is None and satisfaction is None and csat is None and ces is None:
        raise CxParameterError("findings: give at least one headline result: nps_overall, satisfaction, csat or ces")
    check_choice("lang", lang, list(_FINDINGS_WORDS), func="findings")

    def name(column: Any) -> str:
        return (labels or {}).get(column, _driver_name(column))

    words = _FINDINGS_WORDS[lang]

    def num(x: float, **kw) -> str:
        return format_number(x, lang=lang, **kw)

    def pct(x: float, **kw) -> str:
        return format_percent(x, lang=lang, **kw)

    def between(low: float, high: float, **kw) -> str:
        return format_interval(low, high, lang=lang, **kw)

    def p_words(p: float) -> str:
        return _p_words(p, lang)

    sections: dict[str, str] = {}
    metrics: dict[str, Any] = {}
    lines = []
    satisfied, easy = _share(csat, "top_box_share"), _share(ces, "easy_share")
    if nps_overall is not None:
        overall = nps_overall.iloc[0]
        metrics.update({
            "n_respondents": int(overall["n"]),
            "n_effective": round(float(overall["n_eff"]), 1),
            "nps": round(float(overall["nps"]), 1),
            "nps_ci_low": round(float(overall["ci_low"]), 1),
            "nps_ci_high": round(float(overall["ci_high"]), 1),
        })
        text = words["nps"].format(nps=num(overall["nps"]), level=pct(nps_overall.attrs["confidence"]),
                                   ci=between(overall["ci_low"], overall["ci_high"], digits=0), n=num(overall["n"]))
        extra = []
        if satisfied is not None:
            extra.append(f"{pct(satisfied)} {words['satisfied']}")
        if easy is not None:
            extra.append(f"{pct(easy)} {words['easy']}")
        lines.append(text + ("; " + words["and"].join(extra) if extra else "") + ".")
    else:
        for frame, value, kind, col in ((csat, satisfied, "CSAT", "top_box"), (ces, easy, "CES", "easy")):
            if value is None:
                continue
            row = frame.iloc[0]
            lines.append(words["box"].format(
                kind=kind, share=pct(value), level=pct(frame.attrs.get("confidence", 0.95)),
                ci=between(row[f"{col}_ci_low"], row[f"{col}_ci_high"], digits=0, percent=True),
                what=words["satisfied" if kind == "CSAT" else "easy"], n=num(row["n"])))
    if satisfied is not None:
        metrics["csat_top_box"] = share_metric(round(satisfied, 4))
    if easy is not None:
        metrics["ces_easy"] = share_metric(round(easy, 4))
    mean_sat = _share(satisfaction, "mean")
    if mean_sat is not None:
        row = satisfaction.iloc[0]
        on = words["on"].format(low=satisfaction_scale[0], high=satisfaction_scale[1]) if satisfaction_scale else ""
        lines.append(words["satisfaction"].format(
            mean=num(mean_sat, digits=2), on=on, level=pct(satisfaction.attrs.get("confidence", 0.95)),
            ci=between(row["mean_ci_low"], row["mean_ci_high"], digits=2), n=num(row["n"])))
        metrics["satisfaction_mean"] = round(mean_sat, 3)
        metrics.setdefault("n_respondents", int(row["n"]))
    if not lines:
        raise CxParameterError("findings: the headline results hold no answers (every item was empty)")
    sections["headline"] = "\n".join(lines)

    if nps_by_segment is not None and segment_tests is not None and len(segment_tests):
        segment = nps_by_segment.attrs["by"][0]
        best = nps_by_segment.loc[nps_by_segment["nps"].idxmax()]
        worst = nps_by_segment.loc[nps_by_segment["nps"].idxmin()]
        gap = segment_tests.loc[segment_tests["p_adjusted"].idxmin()]
        sections["segments"] = words["segments"].format(
            best=best[segment], best_nps=num(best["nps"]), worst=worst[segment], worst_nps=num(worst["nps"]),
            gap=num(abs(gap["difference"])), verdict=words["significant" if gap["significant"] else "noise"],
            p=p_words(gap["p_adjusted"]))
        metrics["nps_by_segment"] = {str(k): round(float(v), 1)
                                     for k, v in zip(nps_by_segment[segment], nps_by_segment["nps"])}
        metrics["nps_segment_gap_p_holm"] = p_metric(float(gap["p_adjusted"]))
        metrics["nps_segment_gap_significant"] = bool(gap["significant"])

    if slope is not None:
        verdict = (words["rise" if slope.slope > 0 else "decline"] if slope.significant else words["no_trend"])
        text = words["trend"].format(slope=num(slope.slope, digits=1, signed=True), level=pct(slope.confidence),
                                     ci=between(slope.ci_low, slope.ci_high, digits=1), verdict=verdict)
        if first_last is not None:
            text += words["first_last"].format(a=first_last.group_a, b=first_last.group_b,
                                               diff=num(first_last.difference, signed=True),
                                               p=p_words(first_last.p_value))
        if trend is not None:
            n_sig = int((trend["change_p_value"] < 1 - trend.attrs["confidence"]).sum())
            n_changes = int(trend["change"].notna().sum())
            text += (words["some_changes" if n_sig else "no_change"].format(k=n_sig, m=n_changes)
                     + (words["steady"] if slope.significant else "."))
        else:
            text += "."
        sections["trend"] = text
        metrics["nps_trend_points_per_wave"] = round(slope.slope, 2)
        metrics["nps_trend_p_value"] = p_metric(float(slope.p_value))
        metrics["nps_trend_significant"] = bool(slope.significant)

    if raking_effect is not None and nps_overall is not None:
        small = abs(raking_effect) < (overall["ci_high"] - overall["ci_low"]) / 4
        sections["weighting"] = (words["weighting"].format(effect=num(raking_effect, digits=1, signed=True))
                                 + words["small_shift" if small else "large_shift"])

    if reliability is not None:
        sections["reliability"] = (
            words["reliability"].format(k=reliability.n_items, alpha=num(reliability.alpha, digits=2),
                                        level=pct(reliability.confidence),
                                        ci=between(reliability.ci_low, reliability.ci_high, digits=2))
            + words["reliable" if reliability.ci_low >= 0.7 else "unreliable"])
        metrics["scale_alpha"] = round(reliability.alpha, 3)

    if drivers is not None:
        t = drivers.table
        top = t.iloc[0]
        leaders = drivers.leaders()
        text = words["drivers"].format(r2=pct(drivers.r_squared), outcome=name(drivers.outcome),
                                       top=name(top["driver"]), share=pct(top["share"] / 100))
        if len(t) > 1:
            runner_up = t.iloc[1]
            clear = bool(top["share_ci_low"] > runner_up["share_ci_high"])  # False without intervals
            text += words["clearly_ahead" if clear else "not_clearly_ahead"].format(
                second=name(runner_up["driver"]), share=pct(runner_up["share"] / 100), k=len(leaders))
        else:
            text += ". "
        if driver_means is not None:
            means = pd.Series(driver_means).reindex(leaders)
            weakest = means.idxmin()
            text += words["room"].format(weakest=name(weakest), mean=num(means[weakest], digits=2),
                                         top=num(scale_top, digits=0 if float(scale_top).is_integer() else 1))
        sections["drivers"] = text.rstrip()
        from cxtools.core.vocabulary import RATING_PREFIX

        metrics["top_driver"] = str(top["driver"]).removeprefix(RATING_PREFIX)
        metrics["drivers_r_squared"] = round(drivers.r_squared, 3)
    return Findings(sections=sections, metrics=metrics)


# ----------------------------------------------------------------------------------------
# plots
# ----------------------------------------------------------------------------------------
def _result_of(result: Any, kind: str, plot: str) -> bool:
    """True when ``result`` is the output of ``kind``; False for raw survey data (old call)."""
    if not isinstance(result, pd.DataFrame):
        raise CxParameterError(f"{plot}: expected the result of {kind}(...), got {type(result).__name__}")
    return result.attrs.get("cxtools") == kind


#: What each plot computed from raw survey answers before it took results: (function, its defaults).
_RAW_ANSWER_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "plot_likert": ("likert_distribution", {"items": None, "weight": None, "scale": (1, 5)}),
    "plot_nps": ("nps", {"score": "nps", "by": "segment", "weight": None, "confidence": 0.95, "method": "wald"}),
    "plot_nps_trend": ("nps_trend", {"score": "nps", "wave": "wave", "by": None, "weight": None, "confidence": 0.95,
                                     "method": "wald"}),
}


def _plot_input(plot: str, result: Any, old: Mapping[str, Any], *, extra: Sequence[str] = ()) -> tuple[Any, dict]:
    """The result a plot draws, and the options it was computed with when the caller passed raw answers.

    The old call form (survey answers plus the options of the function the plot shows) works
    for one release with a FutureWarning; the plot draws the result of that function.
    """
    import warnings

    kind, defaults = _RAW_ANSWER_CALLS[plot]
    unknown = [k for k in old if k not in defaults and k not in ("ci", *extra)]
    if unknown:
        raise TypeError(f"{plot}() got an unexpected keyword argument {unknown[0]!r}")
    if _result_of(result, kind, plot):
        return result, {}
    warnings.warn(
        f"{plot}: passing survey answers is deprecated; pass the result of {kind}(...) instead "
        "(raw answers will stop working in the next release)",
        FutureWarning,
        stacklevel=3,
    )
    opts = {**defaults, **{k: v for k, v in old.items() if k in defaults}}
    if "confidence" in defaults:
        opts["confidence"] = renamed("ci", old.get("ci", UNSET), "confidence", opts["confidence"], func=plot)
    compute = {"likert_distribution": likert_distribution, "nps": nps, "nps_trend": nps_trend}[kind]
    return compute(result, **opts), opts


def plot_likert(
    result: pd.DataFrame,
    *,
    labels: Mapping[int, str] | None = None,
    item_labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    lang: str = "en",
    **old_call: Any,
) -> Axes:
    """Diverging stacked bars of Likert items, the neutral answer centred on zero.

    Disagreeing answers extend to the left, agreeing ones to the right; on an odd scale
    the middle answer is split half and half across zero (Robbins & Heiberger 2011).
    Items are sorted by their share of agreeing answers.

    Parameters
    ----------
    result : DataFrame
        From :func:`likert_distribution`. (Raw answers with ``items=``, ``weight=``,
        ``scale=`` still work for one release, with a FutureWarning.)
    labels : dict of {scale point: text}, optional
        Legend text for the answers, e.g. ``{1: "Strongly disagree", ...}``.
    item_labels : dict of {column: text}, optional
        Readable item names for the y axis.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the axis label.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Robbins, N. B., & Heiberger, R. M. (2011). Plotting Likert and other rating scales.
    *Proceedings of the Survey Research Methods Section, ASA*, 1058-1066.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5, 5], "q2": [4, 4, 5, 3, 2, 1]})
    >>> ax = plot_likert(likert_distribution(df, items=["q1", "q2"]))
    >>> ax.get_xlabel()
    'Share of respondents (%), disagree to the left, agree to the right'
    >>> plot_likert(likert_distribution(df, items=["q1", "q2"]), lang="ru").get_xlabel()
    'Доля респондентов (%): несогласие слева, согласие справа'
    """
    import matplotlib.pyplot as plt

    w = _words(lang, "plot_likert")
    result, _ = _plot_input("plot_likert", result, old_call)
    lo, hi = result.attrs["scale"]
    levels = list(range(lo, hi + 1))
    k = len(levels)
    mid = (k - 1) / 2
    dist = result.assign(_agree=result[[lv for lv in levels if lv - lo > mid]].sum(axis=1)).sort_values("_agree")
    ax = _axes(ax)
    colours = plt.get_cmap("RdBu")(np.linspace(0.1, 0.9, k))
    if k % 2:
        colours[k // 2] = (0.8, 0.8, 0.8, 1.0)  # grey neutral: visible against the white background
    y = np.arange(len(dist))
    shares = 100 * dist[levels].to_numpy()
    # left edge: everything below the middle, plus half the middle answer on odd scales
    below = shares[:, : k // 2].sum(axis=1) + (shares[:, k // 2] / 2 if k % 2 else 0)
    left = -below
    for j, lv in enumerate(levels):
        ax.barh(y, shares[:, j], left=left, color=colours[j], edgecolor="white",
                label=(labels or {}).get(lv, str(lv)))
        left = left + shares[:, j]
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([(item_labels or {}).get(i, i) for i in dist.index])
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(v):.0f}"))
    ax.set_xlabel(w["likert_axis"])
    ax.legend(title=None, ncols=min(k, 7), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return ax


def plot_nps(
    result: pd.DataFrame,
    *,
    pairwise: pd.DataFrame | None = None,
    ax: Axes | None = None,
    lang: str = "en",
    **old_call: Any,
) -> Axes:
    """Bar chart of the NPS per group with confidence-interval whiskers.

    With ``pairwise`` (the result of :func:`nps_pairwise` on the same groups), significant
    differences are drawn as brackets above the bars, labelled with the difference and
    the adjusted p-value.

    Parameters
    ----------
    result : DataFrame
        From :func:`nps` with ``by=`` one column. (Raw answers with the options of
        :func:`nps` still work for one release, with a FutureWarning.)
    pairwise : DataFrame, optional
        From :func:`nps_pairwise`: brackets over pairs of groups that differ significantly.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels and brackets.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372 (intervals and two-sample tests).
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 3, 10, 6], "segment": list("AAAABBBB")})
    >>> plot_nps(nps(df, by="segment"), lang="ru").get_ylabel()
    'NPS (пункты, от −100 до 100)'
    """
    w = _words(lang, "plot_nps")
    raw, (result, opts) = result, _plot_input("plot_nps", result, old_call, extra=("mark_differences",))
    if opts and pairwise is None and old_call.get("mark_differences") is not False and len(result) > 1:
        pairwise = nps_pairwise(raw, **opts)
    by_cols = result.attrs["by"]
    if len(by_cols) != 1:
        raise CxParameterError(f"plot_nps: expected the NPS by one column (nps(..., by='segment')), got by={by_cols}")
    group = by_cols[0]
    level = result.attrs["confidence"]
    ax = _axes(ax)
    x = np.arange(len(result))
    err = np.vstack([result["nps"] - result["ci_low"], result["ci_high"] - result["nps"]])
    ax.bar(x, result["nps"], color="#4C72B0", yerr=err, capsize=4)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([f"{g}\n(n = {n})" for g, n in zip(result[group], result["n"])])
    ax.set_ylabel(w["nps_axis"])
    _decimal_ticks(ax.yaxis, lang)
    ax.set_xlabel(_heading(group, lang))
    title = w["nps_title"].format(group=str(group).replace("_", " "), level=format_percent(level, lang=lang))
    if pairwise is not None and len(result) > 1:
        sig = pairwise[pairwise["significant"]]
        position = {g: i for i, g in enumerate(result[group])}
        top = float(np.nanmax(np.r_[result["ci_high"].to_numpy(dtype=float), 0.0]))
        bottom = float(np.nanmin(np.r_[result["ci_low"].to_numpy(dtype=float), 0.0]))
        step = 0.09 * max(top - bottom, 10.0)
        level_y = top + step / 2
        # shorter brackets first, so that nested pairs stack without crossing
        order = sig.assign(_span=[abs(position[b] - position[a]) for a, b in zip(sig["group_a"], sig["group_b"])])
        for r in order.sort_values("_span", kind="stable").itertuples():
            xa, xb = sorted((position[r.group_a], position[r.group_b]))
            ax.plot([xa, xa, xb, xb], [level_y - step * 0.25, level_y, level_y, level_y - step * 0.25],
                    color="black", linewidth=0.8)
            ax.text((xa + xb) / 2, level_y, w["bracket"].format(diff=f"{abs(r.difference):.0f}",
                                                                p=_p_words(r.p_adjusted, lang)),
                    ha="center", va="bottom", fontsize=8)
            level_y += step
        ax.set_ylim(min(bottom - step / 2, ax.get_ylim()[0]), max(level_y + step / 2, ax.get_ylim()[1]))
        title += w["brackets" if len(sig) else "no_brackets"]
    ax.set_title(title)
    return ax


def plot_nps_trend(
    result: pd.DataFrame,
    *,
    mark_changes: bool = True,
    ax: Axes | None = None,
    lang: str = "en",
    **old_call: Any,
) -> Axes:
    """NPS per survey wave as a line with a shaded confidence band (one line per group).

    A wave whose NPS differs significantly from the previous wave (the z-test of
    :func:`nps_trend`, ``change_p_value < 1 - confidence``) gets an open ring and an asterisk.

    Parameters
    ----------
    result : DataFrame
        From :func:`nps_trend` (with ``by=`` at most one column). (Raw answers with the
        options of :func:`nps_trend` still work for one release, with a FutureWarning.)
    mark_changes : bool, default True
        Mark significant wave-to-wave changes.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels and legend.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 9, 10, 6], "wave": ["2025Q1"] * 4 + ["2025Q2"] * 4})
    >>> plot_nps_trend(nps_trend(df), lang="ru").get_xlabel()
    'Волна опроса'
    """
    w = _words(lang, "plot_nps_trend")
    result, _ = _plot_input("plot_nps_trend", result, old_call)
    wave_col, by_cols, level = result.attrs["wave"], result.attrs["by"], result.attrs["confidence"]
    if len(by_cols) > 1:
        raise CxParameterError(f"plot_nps_trend: expected a trend by at most one column, got by={by_cols}")
    group = by_cols[0] if by_cols else None
    ax = _axes(ax)
    waves = list(pd.unique(result[wave_col]))
    position = {wv: i for i, wv in enumerate(waves)}
    groups = [((), result)] if group is None else [((k,), g) for k, g in result.groupby(group, sort=True, observed=True)]
    n_marked = 0
    for key, g in groups:
        x = g[wave_col].map(position).to_numpy(dtype=float)
        line = ax.plot(x, g["nps"], marker="o", label=str(key[0]) if key else w["all"])[0]
        ax.fill_between(x, g["ci_low"], g["ci_high"], color=line.get_color(), alpha=0.2)
        if mark_changes:
            hit = (g["change_p_value"] < 1 - level).to_numpy(dtype=bool)
            n_marked += int(hit.sum())
            ax.scatter(x[hit], g["nps"].to_numpy(dtype=float)[hit], s=160, facecolors="none",
                       edgecolors=line.get_color(), linewidths=1.5, zorder=3)
            for xi, yi in zip(x[hit], g["nps"].to_numpy(dtype=float)[hit]):
                ax.annotate("*", (xi, yi), textcoords="offset points", xytext=(0, 8), ha="center",
                            fontsize=13, color=line.get_color())
    ax.set_xticks(range(len(waves)))
    ax.set_xticklabels([str(wv) for wv in waves])
    ax.set_xlabel(w["wave_axis"])
    ax.set_ylabel(w["nps_axis"])
    _decimal_ticks(ax.yaxis, lang)
    title = w["trend_title"].format(level=format_percent(level, lang=lang))
    if mark_changes:
        title += w["ringed" if n_marked else "no_ring"]
    ax.set_title(title)
    if group is not None:
        ax.legend(title=_heading(group, lang))
    return ax


def plot_crosstab(result: Crosstab, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Heatmap of a cross-tab: column shares (%) in the cells, coloured by adjusted residual.

    Red cells hold more answers than independence would give, blue ones fewer; beyond
    about +/-2 (the darker shades) the difference is unlikely to be chance (Haberman 1973).

    Parameters
    ----------
    result : Crosstab
        From :func:`crosstab`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title and the colour bar.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Haberman, S. J. (1973). The analysis of residuals in cross-classified tables.
    *Biometrics*, 29(1), 205-220.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"answer": ["yes"] * 30 + ["no"] * 10 + ["yes"] * 12 + ["no"] * 28,
    ...                    "segment": ["A"] * 40 + ["B"] * 40})
    >>> plot_crosstab(crosstab(df, item="answer", by="segment")).get_xlabel()
    'Segment'
    """
    import seaborn as sns

    w = _words(lang, "plot_crosstab")
    if not isinstance(result, Crosstab):
        raise CxParameterError(f"plot_crosstab: expected the result of crosstab, got {type(result).__name__}")
    ax = _axes(ax)
    residuals = result.adjusted_residuals
    limit = max(3.0, float(np.nanmax(np.abs(residuals.to_numpy()))))
    shares = (100 * result.column_shares).round(1)
    annot = shares if lang == "en" else shares.apply(lambda col: [format_number(x, digits=1, lang=lang) for x in col])
    sns.heatmap(residuals, annot=annot.to_numpy(), fmt=".1f" if lang == "en" else "", cmap="RdBu_r",
                vmin=-limit, vmax=limit, center=0, linewidths=0.5, ax=ax,
                cbar_kws={"label": w["residual"]})
    if lang != "en":
        _decimal_ticks(ax.collections[0].colorbar.ax.yaxis, lang)
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel(_heading(result.by, lang))
    ax.set_ylabel(_heading(result.item, lang))
    ax.set_title(w["crosstab_title"].format(item=_heading(result.item, lang), by=result.by.replace("_", " "),
                                            p=_p_words(result.p_value, lang)), fontsize=10)
    return ax


def plot_drivers(result: RelativeWeights, *, labels: Mapping[str, str] | None = None,
                 ax: Axes | None = None, lang: str = "en") -> Axes:
    """Horizontal bars of each driver's share of the explained variance, with intervals.

    Parameters
    ----------
    result : RelativeWeights
        From :func:`relative_weights`.
    labels : dict of {column: text}, optional
        Readable driver (and outcome) names.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title and axis label.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Grömping, U. (2006). Relative importance for linear regression in R: the package
    relaimpo. *Journal of Statistical Software*, 17(1).
    Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
    predictor variables in multiple regression. *Multivariate Behavioral Research*,
    35(1), 1-19.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    >>> df["y"] = df["a"] + rng.normal(size=200)
    >>> ax = plot_drivers(relative_weights(df, drivers=["a", "b", "c"], outcome="y", n_boot=50))
    >>> ax.get_xlabel()
    'Share of explained variance (%)'
    """
    w = _words(lang, "plot_drivers")
    if not isinstance(result, RelativeWeights):
        raise CxParameterError(f"plot_drivers: expected the result of relative_weights, got {type(result).__name__}")
    t = result.table.iloc[::-1]
    ax = _axes(ax)
    y = np.arange(len(t))
    xerr = None
    if t["share_ci_low"].notna().all():
        # a percentile bootstrap interval need not contain the estimate: no whisker on that side then
        xerr = np.clip(np.vstack([t["share"] - t["share_ci_low"], t["share_ci_high"] - t["share"]]), 0, None)
    ax.barh(y, t["share"], xerr=xerr, color="#55A868", capsize=3)
    ax.set_yticks(y)
    ax.set_yticklabels([(labels or {}).get(d, d) for d in t["driver"]])
    ax.set_xlabel(w["drivers_axis"])
    _decimal_ticks(ax.xaxis, lang)
    outcome = (labels or {}).get(result.outcome, result.outcome.replace("_", " "))
    ax.set_title(w["drivers_title"].format(outcome=outcome,
                                           how=w["exact" if result.method == "exact" else "johnson"],
                                           r2=format_number(result.r_squared, digits=2, lang=lang)))
    return ax
