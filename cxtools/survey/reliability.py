"""Reliability of a multi-item scale: Cronbach's alpha with Feldt's interval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import UNSET, check_confidence, numeric_column, renamed, require_columns, rows_preview
from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError
from cxtools.core.i18n import N_, npgettext
from cxtools.core.results import Result, renamed_attribute
from cxtools.core.stats import kish as _kish
from cxtools.core.util import as_list as _as_list
from cxtools.core.wording import format_interval, format_number, format_percent
from cxtools.survey._common import _weight_column, words

__all__ = ["CronbachAlpha", "cronbach_alpha"]


#: What this module says to a reader (English message ids; translations in the catalogue).
_WORDS: dict[str, str] = {
    "ci": N_("{level} CI"),
    "alpha_describe": N_("Cronbach's alpha of the {items} is {alpha} ({level} CI {ci}, {respondents}): {verdict}."),
    "alpha_ok": N_("the items can be averaged into one score"),
    "alpha_unsure": N_("too low to be sure the items measure one thing"),
    "alpha_low": N_("too low to average the items into one score"),
    "items": N_("Items"),
    "respondents": N_("Respondents"),
    "alpha": N_("Cronbach's alpha"),
}


def _words(lang: str, func: str) -> dict[str, str]:
    """The texts of this module in ``lang``."""
    return words(_WORDS, lang, func)


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
            items=npgettext("of N items", "{n} item", "{n} items", self.n_items, lang).format(n=self.n_items),
            alpha=format_number(self.alpha, digits=2, lang=lang),
            level=format_percent(self.confidence, lang=lang),
            ci=format_interval(self.ci_low, self.ci_high, digits=2, lang=lang),
            respondents=npgettext("N respondents", "{n} respondent", "{n} respondents", self.n, lang).format(
                n=format_number(self.n, lang=lang)),
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
        data, items = _long_to_wide(data, respondent=respondent, item=item, score=score, weight=weight,  # type: ignore[arg-type]  # all three given, checked above
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
