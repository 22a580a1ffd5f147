"""Helpers the factor analyses share: rating columns, boxes, and the base of their results."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import check_confidence, numeric_column, require_columns, require_frame, require_rows
from cxtools.core.errors import CxParameterError, CxSchemaError
from cxtools.core.results import TableResult
from cxtools.core.stats import normal_quantile
from cxtools.core.vocabulary import RATING_PREFIX


#: What each classification means in Herzberg's terms.
FACTOR_TYPES = {
    "basic": "hygiene",
    "performance": "performance",
    "excitement": "motivator",
    "no clear effect": "unclear",
    "contradicts the model": "unclear",
}


#: Penalty-reward categories in the order results list them.
_PRCA_CATEGORIES = ("basic", "performance", "excitement", "no clear effect", "contradicts the model")

# --------------------------------------------------------------------------- helpers


def _label(column: str, prefix: str = RATING_PREFIX) -> str:
    return column[len(prefix):] if column.startswith(prefix) and len(column) > len(prefix) else column


def _display(label: Any) -> str:
    """An attribute label as a reader sees it: ``"good_deal"`` -> ``"good deal"``."""
    return str(label).replace("_", " ")


def _frame(data: Any, where: str) -> pd.DataFrame:
    require_frame(data, func=where)
    require_rows(data, func=where)
    return data


def _rating_columns(data: pd.DataFrame, attributes: Sequence[str] | None, where: str) -> list[str]:
    if attributes is None or len(attributes) == 0:
        cols = [c for c in data.columns if isinstance(c, str) and c.startswith(RATING_PREFIX)]
        if not cols:
            raise CxSchemaError(
                f"{where}: no attribute columns given and no column starts with {RATING_PREFIX!r}; "
                f"columns are {list(data.columns)[:12]}"
            )
        return cols
    if isinstance(attributes, str):
        attributes = [attributes]
    cols = []
    for a in attributes:
        if a in data.columns:
            cols.append(a)
        elif RATING_PREFIX + str(a) in data.columns:
            cols.append(RATING_PREFIX + str(a))
        else:
            raise CxSchemaError(
                f"{where}: attribute column {a!r} (or {RATING_PREFIX + str(a)!r}) is not in the table; "
                f"columns are {list(data.columns)[:12]}"
            )
    if len(set(cols)) != len(cols):
        raise CxParameterError(f"{where}: attributes {list(attributes)} name the same column twice")
    return cols


def _numeric(
    data: pd.DataFrame, columns: Iterable[str], where: str, *, low: float | None = None, high: float | None = None
) -> pd.DataFrame:
    """``data[columns]`` as float: no missing values, numbers (or text that reads as numbers) in range."""
    columns = list(columns)
    require_columns(data, columns, func=where)
    return pd.DataFrame(
        {c: numeric_column(data, c, func=where, low=low, high=high, allow_missing=False, coerce_text=True)
         for c in columns},
        index=data.index,
    )


def _boxes(value: Any, name: str) -> tuple[float, ...]:
    try:
        out = tuple(float(v) for v in (value if np.iterable(value) else [value]))
    except (TypeError, ValueError):
        raise CxParameterError(f"{name} must be a rating value or a list of them, got {value!r}") from None
    if not out:
        raise CxParameterError(f"{name} must name at least one rating value")
    return out


def _names_by(table: pd.DataFrame, column: str, values: Iterable[str], *, names: str = "attribute"
              ) -> dict[str, list[str]]:
    """``{value: [names of the rows whose column holds value]}`` for each of ``values``, in their order."""
    return {v: table.loc[table[column] == v, names].tolist() for v in values}


def _put_estimates(table: pd.DataFrame, name: str, estimates: Sequence[tuple[float, float, float]]) -> None:
    """Columns ``name``, ``name_ci_low`` and ``name_ci_high`` of ``table`` from (estimate, low, high) triples."""
    for i, suffix in enumerate(("", "_ci_low", "_ci_high")):
        table[name + suffix] = [e[i] for e in estimates]


def _z(confidence: float, where: str) -> float:
    return normal_quantile(check_confidence(confidence, func=where))


def _fmt_list(items: Sequence[str]) -> str:
    """Attributes inside a repr: ``a, b`` or ``none``."""
    return ", ".join(items) if items else "none"


def _moved_to_narrative(result: Any, method: str, function: str) -> Any:
    """The :mod:`cxtools.narrative.factors` function that replaced a result method (kept for one release).

    The words of a result (its sentence, its stakeholder table) live in the narrative layer; the
    old method still works, with a FutureWarning, and is looked up by name (an alias, not an
    import of a layer above: it goes with the next release).
    """
    import importlib
    import warnings

    warnings.warn(
        f"{type(result).__name__}.{method}() is now cxtools.narrative.factors.{function}(result, ...); "
        f"the method will stop working in the next release",
        FutureWarning,
        stacklevel=3,
    )
    return getattr(importlib.import_module("cxtools.narrative.factors"), function)


class WordsMoved:
    """One-release aliases of the result methods whose words moved to :mod:`cxtools.narrative.factors`."""

    __slots__ = ()

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Deprecated: :func:`cxtools.narrative.factors.report_table`."""
        return _moved_to_narrative(self, "report_table", "report_table")(self, lang=lang)

    def describe(self) -> str:
        """Deprecated: :func:`cxtools.narrative.factors.describe`."""
        return _moved_to_narrative(self, "describe", "describe")(self)

    def _repr_html_(self) -> str:
        # the numbers, as Jupyter shows a table; the words are the narrative layer's
        return self.to_frame().to_html(index=False, escape=True, na_rep="")  # type: ignore[attr-defined]


class FactorResult(WordsMoved, TableResult):
    """Base of the factor analyses' results: the numbers are one ``table`` (``to_frame()`` copies it).

    A result holds numbers only. Its sentence and its stakeholder table are written by
    :func:`cxtools.narrative.factors.describe` and :func:`cxtools.narrative.factors.report_table`;
    the methods ``describe()`` and ``report_table()`` are their one-release aliases.
    """

    __slots__ = ()
