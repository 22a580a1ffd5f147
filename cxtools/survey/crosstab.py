"""Cross-tabs of an answer by a segment, with the chi-square test and column comparisons."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import check_alpha, require_columns
from cxtools.core.errors import CxDataError
from cxtools.core.i18n import N_, npgettext
from cxtools.core.results import Result
from cxtools.core.stats import kish as _kish
from cxtools.core.wording import format_number, p_phrase
from cxtools.survey._common import _heading, _p_words, _weight_column, words

__all__ = ["Crosstab", "crosstab"]


#: What this module says to a reader (English message ids; translations in the catalogue).
_WORDS: dict[str, str] = {
    "mix_describe": N_(
        "The mix of {item} {verdict} by {by} (chi-square {chi2} on {dof}, {p}, {answers})."
    ),
    "differs": N_("differs"),
    "not_differs": N_("does not differ clearly"),
}


def _words(lang: str, func: str) -> dict[str, str]:
    """The texts of this module in ``lang``."""
    return words(_WORDS, lang, func)


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
        'The mix of answer differs by segment (chi-square 16.24 on 1 degree of freedom, p < 0.001, 80 answers).'
        """
        w = _words(lang, "Crosstab.describe")
        return w["mix_describe"].format(
            item=self.item.replace("_", " "), by=self.by.replace("_", " "),
            verdict=w["differs" if self.p_value < self.alpha else "not_differs"],
            chi2=format_number(self.chi2, digits=2, lang=lang), p=_p_words(self.p_value, lang),
            dof=npgettext("on N degrees of freedom", "{n} degree of freedom", "{n} degrees of freedom", self.dof,
                          lang).format(n=self.dof),
            answers=npgettext("N answers", "{n} answer", "{n} answers", self.n, lang).format(
                n=format_number(self.n, lang=lang)))

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
