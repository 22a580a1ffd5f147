"""The one vocabulary of cxtools: the values a parameter may take, the same in every module and notebook.

A notebook parameter, a function argument and the data description use these names, so a value
that works in one place works in all of them. Older spellings are still accepted for one release
with a :class:`FutureWarning` (``"bg_nbd"`` for ``"bgnbd"``, ``"M"`` for ``"month"``, ``"rub"``
for ``"RUB"``).

- time units: ``day``, ``week``, ``month``, ``quarter``, ``year`` (:data:`TIME_UNITS`)
- repeat-buying models: ``bgnbd`` (BG/NBD), ``paretonbd`` (Pareto/NBD) (:data:`REPEAT_MODELS`)
- currencies: ISO 4217 codes in capitals, ``RUB``, ``USD``, ``EUR`` ... (:func:`currency_code`)
- interval levels: ``confidence`` (a share such as 0.95) everywhere; ``alpha`` only ever means a
  significance level (:data:`DEFAULT_CONFIDENCE`, :data:`DEFAULT_ALPHA`)
- report languages: ``en``, ``ru`` (:data:`cxtools.core.i18n.LANGUAGES`)

Examples
--------
>>> time_unit("M")
'month'
>>> repeat_model("paretonbd")
'paretonbd'
>>> currency_code("rub")
'RUB'
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from cxtools.core.checks import check_choice
from cxtools.core.errors import CxParameterError

__all__ = [
    "TIME_UNITS",
    "DAYS_PER_UNIT",
    "REPEAT_MODELS",
    "REPEAT_MODEL_NAMES",
    "DEFAULT_CONFIDENCE",
    "DEFAULT_ALPHA",
    "RATING_PREFIX",
    "time_unit",
    "repeat_model",
    "currency_code",
]

#: Time units, shortest first.
TIME_UNITS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")

#: Days in one unit: a month is a twelfth of the mean Gregorian year (365.25 / 12 days).
DAYS_PER_UNIT: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 365.25 / 12.0,
                                   "quarter": 365.25 / 4.0, "year": 365.25}

_TIME_UNIT_ALIASES = {"d": "day", "w": "week", "m": "month", "q": "quarter", "y": "year",
                      "days": "day", "weeks": "week", "months": "month", "quarters": "quarter",
                      "years": "year"}

#: Repeat-buying models for purchases (non-contractual settings).
REPEAT_MODELS: tuple[str, ...] = ("bgnbd", "paretonbd")

#: How a model is named in a report.
REPEAT_MODEL_NAMES: dict[str, str] = {"bgnbd": "BG/NBD", "paretonbd": "Pareto/NBD"}

_REPEAT_MODEL_ALIASES = {"bg_nbd": "bgnbd", "bg/nbd": "bgnbd", "pareto_nbd": "paretonbd",
                         "pareto/nbd": "paretonbd"}

#: The level of every confidence interval unless a caller asks for another.
DEFAULT_CONFIDENCE = 0.95

#: The significance level of every test unless a caller asks for another.
DEFAULT_ALPHA = 0.05

#: Prefix of performance-rating columns (``rating_price``); the attribute label is the rest of the name.
RATING_PREFIX = "rating_"


def _old_spelling(name: str, old: Any, new: str, func: str) -> None:
    warnings.warn(f"{func}: {name} {old!r} is now written {new!r}; {old!r} will stop working in the next "
                  "release", FutureWarning, stacklevel=3)


def time_unit(value: Any, *, func: str = "time_unit", name: str = "time_unit") -> str:
    """The time unit ``value`` in the one vocabulary (``day`` ... ``year``).

    ``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"`` and plurals are older spellings: accepted with a
    FutureWarning.

    Raises
    ------
    CxParameterError
        For anything else, naming the allowed values.

    Examples
    --------
    >>> time_unit("week")
    'week'
    """
    if isinstance(value, str) and value in TIME_UNITS:
        return value
    if isinstance(value, str) and value.lower() in _TIME_UNIT_ALIASES:
        new = _TIME_UNIT_ALIASES[value.lower()]
        _old_spelling(name, value, new, func)
        return new
    return check_choice(name, value, list(TIME_UNITS), func=func)


def repeat_model(value: Any, *, func: str = "repeat_model", name: str = "repeat_model") -> str:
    """The repeat-buying model ``value`` in the one vocabulary (``bgnbd`` or ``paretonbd``).

    Examples
    --------
    >>> repeat_model("bgnbd")
    'bgnbd'
    """
    if isinstance(value, str) and value in REPEAT_MODELS:
        return value
    if isinstance(value, str) and value.lower() in _REPEAT_MODEL_ALIASES:
        new = _REPEAT_MODEL_ALIASES[value.lower()]
        _old_spelling(name, value, new, func)
        return new
    return check_choice(name, value, list(REPEAT_MODELS), func=func)


_ISO_4217 = re.compile(r"^[A-Z]{3}$")


def currency_code(value: Any, *, func: str = "currency", name: str = "currency") -> str:
    """An ISO 4217 currency code in capitals (``"rub"`` is read as ``"RUB"``).

    Raises
    ------
    CxParameterError
        When ``value`` is not three letters.

    Examples
    --------
    >>> currency_code("usd")
    'USD'
    """
    if isinstance(value, str) and _ISO_4217.match(value.strip().upper()):
        return value.strip().upper()
    raise CxParameterError(f"{func}: {name} must be an ISO 4217 currency code such as 'RUB', 'USD' or 'EUR', "
                           f"got {value!r}")
