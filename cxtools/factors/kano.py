"""Kano questionnaire evaluation: categories, Fong's test and Better/Worse coefficients.

- :func:`kano_categories` -- Kano questionnaire evaluation (Kano et al. 1984;
  Berger et al. 1993) with Fong's (1996) test and Better/Worse coefficients;
- :func:`kano_category` -- the category of one pair of answers (:data:`KANO_TABLE`);
- :func:`fong_test` -- is the most frequent category really ahead of the runner-up?

The answer vocabulary (English and Russian labels, codes 1-5) is data, in
:mod:`cxtools.core.kano`; :func:`normalise_kano_answers` is re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import check_alpha, require_columns, rows_preview
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.kano import KANO_ANSWERS as _KANO_ANSWERS
from cxtools.core.kano import normalise_kano_answers
from cxtools.core.results import Result
from cxtools.factors._common import FactorResult, WordsMoved, _frame, _names_by

__all__ = ["KANO_TABLE", "KANO_CATEGORY_NAMES", "FongTest", "KanoResult", "kano_category", "fong_test",
           "kano_categories", "normalise_kano_answers"]

#: Kano evaluation table (Berger et al. 1993, Table 2): rows = answer to the functional
#: question, columns = answer to the dysfunctional question.
KANO_TABLE = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(_KANO_ANSWERS, name="functional"),
    columns=pd.Index(_KANO_ANSWERS, name="dysfunctional"),
)

#: Plain-language names of the Kano categories.
KANO_CATEGORY_NAMES = {
    "A": "attractive (excitement, motivator)",
    "O": "one-dimensional (performance)",
    "M": "must-be (basic, hygiene)",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
_KANO_FACTOR = {"A": "motivator", "O": "performance", "M": "hygiene", "I": "unclear", "R": "unclear", "Q": "unclear"}
_KANO_CATS = ("A", "O", "M", "I", "R", "Q")


def kano_category(functional: str, dysfunctional: str) -> str:
    """Kano category (A, O, M, I, R or Q) of one pair of canonical answers.

    Answers are the canonical labels ``like``, ``expect``, ``neutral``,
    ``tolerate``, ``dislike`` (use :func:`normalise_kano_answers` to
    get them from questionnaire text or codes).

    Parameters
    ----------
    functional : str
        Answer to "how do you feel if the attribute is well provided?".
    dysfunctional : str
        Answer to "how do you feel if it is poorly provided?".

    Returns
    -------
    str
        One letter: A (attractive), O (one-dimensional), M (must-be), I (indifferent),
        R (reverse) or Q (questionable).

    Raises
    ------
    CxDataError
        An answer is not one of the five canonical labels.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding
    customer-defined quality. *Center for Quality Management Journal* 2(4), 3-36,
    Table 2 (the Kano evaluation table).

    Examples
    --------
    >>> kano_category("like", "dislike"), kano_category("expect", "dislike"), kano_category("like", "neutral")
    ('O', 'M', 'A')
    """
    try:
        return str(KANO_TABLE.loc[functional, dysfunctional])
    except KeyError:
        raise CxDataError(
            f"kano_category: answers must be one of {list(_KANO_ANSWERS)}, got "
            f"functional={functional!r}, dysfunctional={dysfunctional!r}"
        ) from None


@dataclass(frozen=True)
class FongTest(WordsMoved, Result):
    """Result of Fong's test of the two most frequent Kano categories.

    Attributes
    ----------
    first, second : str
        The most frequent category and the runner-up.
    count_first, count_second : int
        Their counts.
    n : int
        Answers for the attribute.
    critical_difference : float
        Fong's Q.
    significant : bool
        Whether ``count_first - count_second`` exceeds Q.
    """

    first: str
    second: str
    count_first: int
    count_second: int
    n: int
    critical_difference: float
    significant: bool

    def to_frame(self) -> pd.DataFrame:
        """One-row table."""
        return pd.DataFrame([self.__dict__])


def fong_test(count_first: int, count_second: int, n: int, *, first: str = "1st", second: str = "2nd",
              alpha: float = 0.10) -> FongTest:
    """Fong's test: is the most frequent Kano category really ahead of the runner-up?

    The difference ``|a - b|`` of the two largest category counts is significant
    when it exceeds ``Q = z * sqrt((a + b) * (2n - a - b) / (2n))`` with ``n`` the
    number of answers and ``z`` the two-sided normal quantile for ``alpha``
    (``alpha = 0.10`` gives Fong's 1.65).

    Parameters
    ----------
    count_first, count_second : int
        Counts of the most frequent and the second most frequent category.
    n : int
        Number of answers for the attribute.
    first, second : str
        Names of the two categories (for the result's display).
    alpha : float, default 0.10
        Significance level (Fong used 0.10).

    Returns
    -------
    FongTest
        ``difference``, ``critical_difference`` and ``significant``.

    References
    ----------
    Fong, D. (1996). Using the self-stated importance questionnaire to interpret
    Kano's model. *Center for Quality Management Journal* 5(3), 21-24.

    Examples
    --------
    >>> t = fong_test(60, 30, 100)
    >>> round(t.critical_difference, 2), t.significant
    (11.57, True)
    """
    check_alpha(alpha, func="fong_test")
    a, b, n = int(count_first), int(count_second), int(n)
    if n <= 0 or a < 0 or b < 0 or a + b > n:
        raise CxParameterError(f"fong_test: need 0 <= a, b and a + b <= n > 0, got a={a}, b={b}, n={n}")
    z = float(stats.norm.isf(alpha / 2))
    q = z * np.sqrt((a + b) * (2 * n - a - b) / (2 * n))
    return FongTest(first, second, a, b, n, float(q), bool(abs(a - b) > q))


@dataclass(frozen=True, repr=False)
class KanoResult(FactorResult):
    """Kano evaluation: one row per attribute.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``n``, counts ``A O M I R Q``, shares ``share_A`` ...
        ``share_Q``, ``dominant``, ``runner_up``, ``fong_q`` (critical difference),
        ``fong_significant``, ``category`` (the dominant category when Fong's test says
        it is ahead, otherwise ``"A/O"``-style mixed), ``factor`` (hygiene / performance
        / motivator / unclear), ``better`` and ``worse`` (Berger's coefficients;
        ``worse`` is negative by convention).
    answers : DataFrame
        The per-answer categories.
    alpha : float
        Level of Fong's test.
    """

    table: pd.DataFrame
    answers: pd.DataFrame = field(compare=False)
    alpha: float = 0.10

    def __repr__(self) -> str:
        parts = [f"{r.attribute}={r.category} (better {r.better:.2f}, worse {r.worse:.2f})"
                 for r in self.table.itertuples()]
        return f"KanoResult(n_answers={len(self.answers)}, {', '.join(parts)})"

    def by_factor(self) -> dict[str, list[str]]:
        """Attributes grouped by factor type (hygiene, performance, motivator, unclear)."""
        return _names_by(self.table, "factor", ("hygiene", "performance", "motivator", "unclear"))


def kano_categories(
    data: pd.DataFrame,
    *,
    attribute: str = "attribute",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    alpha: float = 0.10,
) -> KanoResult:
    """Evaluate a Kano questionnaire: category shares, dominant category, Better/Worse.

    Every pair of answers (functional = "if the attribute is well provided",
    dysfunctional = "if it is poorly provided") is mapped through the Kano
    evaluation table :data:`KANO_TABLE` to A (attractive), O (one-dimensional),
    M (must-be), I (indifferent), R (reverse) or Q (questionable). Per attribute:

    - category counts and shares;
    - the dominant category and the runner-up, with Fong's (1996) test of
      whether the dominant one is significantly ahead (:func:`fong_test`);
    - Better ``= (A + O) / (A + O + M + I)`` and Worse
      ``= -(O + M) / (A + O + M + I)`` (Berger et al. 1993).

    Answers may be English or Russian questionnaire labels or codes 1-5; they are
    normalised with :func:`normalise_kano_answers`.

    Parameters
    ----------
    data : DataFrame
        Long format: one row per respondent x attribute.
    attribute, functional, dysfunctional : str
        Column names.
    alpha : float, default 0.10
        Level of Fong's test (0.10 reproduces Fong's constant 1.65).

    Returns
    -------
    KanoResult

    Raises
    ------
    CxDataError
        Answers that are missing or not recognisable (rows named).

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and
    must-be quality. *Journal of the Japanese Society for Quality Control* 14(2), 39-48.
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined
    quality. *Center for Quality Management Journal* 2(4), 3-36.
    Fong, D. (1996). Using the self-stated importance questionnaire to interpret
    Kano's model. *Center for Quality Management Journal* 5(3), 21-24.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"attribute": ["price"] * 4,
    ...                    "functional": ["expect", "expect", "neutral", "like"],
    ...                    "dysfunctional": ["dislike", "dislike", "dislike", "dislike"]})
    >>> res = kano_categories(df)
    >>> r = res.table.iloc[0]
    >>> r["dominant"], int(r["M"]), int(r["O"]), float(r["better"]), float(r["worse"])
    ('M', 3, 1, 0.25, -1.0)
    """
    where = "kano_categories"
    data = _frame(data, where)
    check_alpha(alpha, func=where)
    require_columns(data, [attribute, functional, dysfunctional], func=where)
    answers = pd.DataFrame({"attribute": data[attribute]}, index=data.index)
    bad_attr = data[attribute].isna().to_numpy()
    if bad_attr.any():
        raise CxDataError(f"{where}: column {attribute!r} is empty at rows {rows_preview(data.index[bad_attr])}")
    for col, name in ((functional, "functional"), (dysfunctional, "dysfunctional")):
        raw = data[col]
        try:
            norm = normalise_kano_answers(raw)
        except CxDataError as exc:
            raise CxDataError(f"{where}: {exc}") from exc
        norm = pd.Series(norm, index=data.index)
        bad = (norm.isna() | ~norm.isin(_KANO_ANSWERS)).to_numpy()
        if bad.any():
            raise CxDataError(
                f"{where}: column {col!r} has answers that are not Kano answers at rows "
                f"{rows_preview(data.index[bad])}: {list(raw[bad].head(3))}; expected one of {list(_KANO_ANSWERS)} "
                "(English or Russian labels, or codes 1-5)"
            )
        answers[name] = norm.astype(str)
    lookup = {(f, d): KANO_TABLE.loc[f, d] for f in _KANO_ANSWERS for d in _KANO_ANSWERS}
    answers["category"] = [lookup[(f, d)] for f, d in zip(answers["functional"], answers["dysfunctional"])]

    counts = (
        pd.crosstab(answers["attribute"], answers["category"])
        .reindex(columns=list(_KANO_CATS), fill_value=0)
        .astype(int)
    )
    counts = counts.reindex(pd.unique(answers["attribute"]))
    rows = []
    for att, c in counts.iterrows():
        n = int(c.sum())
        # stable order: ties broken by the A, O, M, I, R, Q order
        ranked = sorted(_KANO_CATS, key=lambda k: (-c[k], _KANO_CATS.index(k)))
        first, second = ranked[0], ranked[1]
        ft = fong_test(c[first], c[second], n, first=first, second=second, alpha=alpha)
        aomi = c["A"] + c["O"] + c["M"] + c["I"]
        row = {"attribute": att, "n": n}
        row.update({k: int(c[k]) for k in _KANO_CATS})
        row.update({f"share_{k}": c[k] / n for k in _KANO_CATS})
        row.update(
            {
                "dominant": first,
                "runner_up": second,
                "fong_q": ft.critical_difference,
                "fong_significant": ft.significant,
                "category": first if ft.significant else f"{first}/{second}",
                "factor": _KANO_FACTOR[first] if ft.significant else "unclear",
                "better": (c["A"] + c["O"]) / aomi if aomi else np.nan,
                "worse": -(c["O"] + c["M"]) / aomi if aomi else np.nan,
            }
        )
        rows.append(row)
    table = pd.DataFrame(rows)
    return KanoResult(table=table, answers=answers, alpha=alpha)
