"""Discounting: turning a rate stated per year into the rate per month (or week, day, ...).

Lifetime value adds up profit that arrives over months or years; money that arrives later is
worth less today, by a discount rate. Businesses state that rate per year, the models count
months: the conversion is by compounding, ``(1 + annual) ** (1 / periods_per_year) - 1``, not by
division (10 % a year is 0.797 % a month, not 0.833 %).

:func:`annual_to_period_rate` is also importable from :mod:`cxtools.ltv.simple` and
:mod:`cxtools.ltv`, where it used to live.
"""

from __future__ import annotations

from typing import Any

from cxtools.core import vocabulary
from cxtools.core.checks import UNSET, check_rate, renamed

__all__ = ["PERIODS_PER_YEAR", "annual_to_period_rate"]

#: Periods in a year, per time unit (a month is a twelfth of an average Gregorian year).
PERIODS_PER_YEAR: dict[str, float] = {"day": 365.25, "week": 52.1775, "month": 12.0, "quarter": 4.0, "year": 1.0}


def annual_to_period_rate(annual_rate: float, *, time_unit: str = "month", period: Any = UNSET) -> float:
    """Convert an annual rate to the equivalent compound rate per ``time_unit``.

    ``(1 + annual_rate) ** (1 / periods_per_year) - 1``: a 10 % annual discount
    rate is 0.797 % per month, not 10/12 = 0.833 %.

    Parameters
    ----------
    annual_rate : float
        Rate per year as a fraction (0.10 for 10 %), above -1 and at most 1 (100 %): a
        value such as 10 is taken for a percentage typed as a number and refused.
    time_unit : {"day", "week", "month", "quarter", "year"}, default "month"
        The period of the rate returned. ``period`` is its old name (FutureWarning).

    Returns
    -------
    float
        The rate per ``time_unit``.

    Raises
    ------
    CxParameterError
        A rate of -100 % or less, above 100 %, not finite, or an unknown time unit.

    References
    ----------
    Berger, P. D., & Nasr, N. I. (1998). Customer lifetime value: marketing models and
    applications. *Journal of Interactive Marketing*, 12(1), 17-30 (discounting per period).

    Examples
    --------
    >>> round(annual_to_period_rate(0.10, time_unit="month"), 6)
    0.007974
    >>> annual_to_period_rate(10)
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: annual_to_period_rate: annual_rate must be a rate such as 0.1 for 10 %, got 10 (that is 1000 %); did you mean 0.1?
    """
    func = "annual_to_period_rate"
    unit = renamed("period", period, "time_unit", time_unit, func=func, default="month")
    unit = vocabulary.time_unit(unit, func=func)
    rate = check_rate(annual_rate, func=func, name="annual_rate", upper=1)
    return float((1.0 + rate) ** (1.0 / PERIODS_PER_YEAR[unit]) - 1.0)
