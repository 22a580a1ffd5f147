"""The types a notebook's ``parameters`` cell declares: choices and ranges the runner checks.

A parameters cell imports the types it uses from here and annotates each parameter with one::

    from cxtools.report.parameter_types import Confidence, Language, RepeatModel
    lang: Language = ""  # report language, en or ru; empty: the data description's
    repeat_model: RepeatModel = "bgnbd"  # purchases: bgnbd (BG/NBD) or paretonbd (Pareto/NBD)
    confidence: Confidence = 0.95  # level of every confidence interval

``cxtools run`` reads the annotation (:mod:`cxtools.report.parameters`) and refuses a value
outside the type before any kernel starts, naming the allowed values; ``cxtools list`` shows
them. The same parameter has the same type in every notebook. A plain name is also what
papermill's own reader of the cell understands (``papermill --help-notebook``), which a
``Literal[...]`` or ``Field(...)`` written in the cell is not.

Each type is a ``typing.Annotated`` or ``typing.Literal`` that pydantic validates.

Examples
--------
>>> from pydantic import TypeAdapter
>>> TypeAdapter(RepeatModel).validate_python("paretonbd")
'paretonbd'
>>> TypeAdapter(Share).validate_python(0.25)
0.25
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Annotated, Callable, Literal

from pydantic import AfterValidator, Field

from cxtools.core.vocabulary import REPEAT_MODELS

__all__ = [
    "Described",
    "Language",
    "RepeatModel",
    "Share",
    "Confidence",
    "SignificanceLevel",
    "PercentagePoints",
    "PositiveInt",
    "PositiveFloat",
    "NonNegativeFloat",
    "Date",
    "ImportanceMethod",
    "Relationship",
    "Cuts",
    "Targets",
    "PARAMETER_TYPES",
]


@dataclass(frozen=True)
class Described:
    """What a type accepts, in words for an error message (metadata of an ``Annotated`` type).

    ``hint``, when given, turns the refused value into a sentence that helps (or ``""``).
    """

    text: str
    hint: Callable[[object], str] | None = None


def _fraction_hint(raw: object) -> str:
    """A per-cent figure given for a fraction: say what it would mean."""
    try:
        value = float(str(raw).strip())
    except ValueError:
        return ""
    if 1 < value <= 100:
        return f"; it is a fraction: {value:g} means {value * 100:g} %. For {value:g} % write {value / 100:g}"
    return ""


def _date_or_empty(value: str) -> str:
    if value.strip():
        try:
            _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("not a date") from None
    return value


def _cuts(value: str) -> str:
    text = value.strip()
    if text == "terciles":
        return value
    parts = [p.strip() for p in text.split(",")]
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise ValueError("not cuts") from None
    if not low < high:
        raise ValueError("not increasing")
    return value


#: Report language; empty: the data description's language.
Language = Literal["", "en", "ru"]
#: Repeat-buying model for purchases (:data:`cxtools.core.vocabulary.REPEAT_MODELS`).
RepeatModel = Literal[REPEAT_MODELS]  # type: ignore[valid-type]  # the choices live in the vocabulary
#: A fraction from 0 to 1: a margin, a discount rate per year, an uplift (0.05 for 5 %).
Share = Annotated[float, Field(ge=0, le=1), Described("a fraction from 0 to 1 (0.05 for 5 %)", _fraction_hint)]
#: The level of an interval, above 0.5 and below 1.
Confidence = Annotated[float, Field(gt=0.5, lt=1), Described("an interval level above 0.5 and below 1, such as 0.95")]
#: The significance level of a test, above 0 and at most 0.5.
SignificanceLevel = Annotated[float, Field(gt=0, le=0.5),
                              Described("a significance level above 0 and at most 0.5, such as 0.05")]
#: Percentage points, 0 to 100.
PercentagePoints = Annotated[float, Field(ge=0, le=100), Described("percentage points from 0 to 100, such as 2")]
#: A whole number of at least 1.
PositiveInt = Annotated[int, Field(ge=1), Described("a whole number of at least 1")]
#: A number above 0.
PositiveFloat = Annotated[float, Field(gt=0), Described("a number above 0")]
#: A number of at least 0.
NonNegativeFloat = Annotated[float, Field(ge=0), Described("a number of at least 0")]
#: A day written YYYY-MM-DD; empty: not given.
Date = Annotated[str, AfterValidator(_date_or_empty), Described("a date such as 2026-06-30, or empty")]
#: How importance is derived when the survey does not ask it.
ImportanceMethod = Literal["relative_weights", "correlation"]
#: The relationship axis of the client portfolio.
Relationship = Literal["overall_satisfaction", "recommend"]
#: Band limits: ``terciles``, or two increasing numbers ``low,high``.
Cuts = Annotated[str, AfterValidator(_cuts), Described("terciles, or two increasing numbers low,high such as 100,500")]
#: Targets by indicator key, such as ``{nps: 30, monthly_churn: 0.02}`` (YAML or JSON).
Targets = dict[str, float]

#: Every type a parameters cell may name, by name.
PARAMETER_TYPES: dict[str, object] = {name: globals()[name] for name in __all__
                                      if name not in ("Described", "PARAMETER_TYPES")}
