"""What the survey modules share: respondent weights, groups, the two-sided test result, and
the few language-neutral pieces (p-value phrasing, headings) their result tables use.
"""

from __future__ import annotations

from typing import Any, ClassVar, Mapping

import numpy as np
import pandas as pd

from cxtools.core.checks import numeric_column, require_columns, rows_preview
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.i18n import check_lang, gettext
from cxtools.core.results import Result
from cxtools.core.wording import format_p_value, p_phrase

__all__: list[str] = []


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


class _TestResult(Result):
    """What a result with a two-sided test shares: ``significant`` and a one-row ``to_frame``."""

    __slots__ = ()
    # given by each result (a dataclass)
    p_value: float
    confidence: float
    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero (two-sided test at level ``1 - confidence``)."""
        return bool(self.p_value < 1 - self.confidence)

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the fields (plus ``significant``)."""
        row = {k: getattr(self, k) for k in self.__dataclass_fields__}
        row["significant"] = self.significant
        return pd.DataFrame([row])


def _p_words(p: float, lang: str) -> str:
    """``p = 0.039`` in the report language (a decimal comma in Russian)."""
    text = p_phrase(p)
    return text.replace(".", ",") if lang == "ru" else text


def _p_cell(p: float, lang: str) -> str:
    """A p-value for a table cell in the report language."""
    text = format_p_value(p)
    return text.replace(".", ",") if lang == "ru" else text


def _heading(name: Any, lang: str) -> str:
    """A column name as a heading: words, first letter upper (English lowers the rest, as before)."""
    text = str(name).replace("_", " ")
    return text.capitalize() if lang == "en" else text[:1].upper() + text[1:]


def _result_of(result: Any, kind: str, plot: str) -> bool:
    """True when ``result`` is the output of ``kind``; False for raw survey data (old call)."""
    if not isinstance(result, pd.DataFrame):
        raise CxParameterError(f"{plot}: expected the result of {kind}(...), got {type(result).__name__}")
    return result.attrs.get("cxtools") == kind


def words(table: Mapping[str, str], lang: str, func: str) -> dict[str, str]:
    """A table of English messages (``{key: N_("...")}``) in ``lang``, after checking ``lang``."""
    check_lang(lang, func)
    return {key: gettext(text, lang) for key, text in table.items()}
