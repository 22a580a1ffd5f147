"""Input checks shared by every module: one implementation, one wording per error.

Every analysis function checks its inputs with these helpers, so a user sees the same
message shape everywhere::

    <function>: <what> lacks the column(s) ['nps']; it has ['id', 'score']; did you mean 'score'?
    <function>: column 'nps' of <what> has 2 value(s) that are not whole numbers from 0 to 10: ...
    <function>: method must be one of ['wilson', 'wald'], got 'wilsn'; did you mean 'wilson'?

The helpers take the calling function's name (``func=``) and, where it helps, the name of
the table (``what=``, e.g. ``"survey"``), and raise the exceptions of :mod:`cxtools.core.errors`.
No heavy imports at module level: pandas and numpy are imported by the callers anyway,
but ``import cxtools`` must not pay for them.
"""

from __future__ import annotations

import difflib
import math
import warnings
from typing import Any, Iterable, Sequence

from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError

__all__ = [
    "UNSET",
    "rows_preview",
    "require_frame",
    "require_columns",
    "require_rows",
    "numeric_column",
    "check_choice",
    "check_confidence",
    "check_alpha",
    "check_share",
    "check_rate",
    "check_whole_number",
    "renamed",
]


class _Unset:
    """Marker for "argument not given" (None is a valid value for many options)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<unset>"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


def did_you_mean(value: Any, options: Iterable[Any]) -> str:
    """The one wording of a hint for a mistyped name: ``"; did you mean 'x'?"`` or ``""``.

    Examples
    --------
    >>> did_you_mean("wilsn", ["wilson", "wald"])
    "; did you mean 'wilson'?"
    >>> did_you_mean("zzz", ["wilson", "wald"])
    ''
    """
    hint = difflib.get_close_matches(str(value), [str(o) for o in options], n=1)
    return f"; did you mean {hint[0]!r}?" if hint else ""


_did_you_mean = did_you_mean


def rows_preview(index: Iterable[Any], limit: int = 5) -> str:
    """Row labels for an error message: the first ``limit`` and how many more.

    Examples
    --------
    >>> rows_preview([3, 7, 12, 15, 20, 21, 40])
    '3, 7, 12, 15, 20 and 2 more'
    >>> rows_preview(["a"])
    "'a'"
    """
    labels = list(index)
    shown = ", ".join(repr(i) if isinstance(i, str) else str(i) for i in labels[:limit])
    more = f" and {len(labels) - limit} more" if len(labels) > limit else ""
    return shown + more


def require_frame(data: Any, *, func: str, what: str = "data") -> None:
    """Raise :class:`CxParameterError` unless ``data`` is a pandas DataFrame."""
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise CxParameterError(f"{func}: {what} must be a pandas DataFrame, got {type(data).__name__}")


def require_columns(data: Any, columns: Iterable[Any], *, func: str, what: str = "data") -> None:
    """Raise :class:`CxSchemaError` naming the missing columns and what the table has.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"score": [9]}), ["scor"], func="nps", what="survey")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxSchemaError: nps: survey lacks the column(s) ['scor']; it has ['score']; did you mean 'score'?
    """
    require_frame(data, func=func, what=what)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        hint = _did_you_mean(missing[0], data.columns) if len(missing) == 1 else ""
        shown = list(map(str, data.columns[:30]))
        more = f" and {len(data.columns) - 30} more" if len(data.columns) > 30 else ""
        raise CxSchemaError(f"{func}: {what} lacks the column(s) {missing}; it has {shown}{more}{hint}")


def require_rows(data: Any, *, func: str, what: str = "data") -> None:
    """Raise :class:`CxEmptyDataError` when the table has no rows."""
    if len(data) == 0:
        raise CxEmptyDataError(f"{func}: {what} has no rows")


def numeric_column(
    data: Any,
    column: str,
    *,
    func: str,
    what: str = "data",
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
    allow_missing: bool = True,
    coerce_text: bool = False,
    low_open: bool = False,
    high_open: bool = False,
) -> Any:
    """``data[column]`` as float after checking type, completeness and range.

    Parameters
    ----------
    data : DataFrame
    column : str
    func, what : str
        Calling function and table name, for the message.
    low, high : float, optional
        Allowed range (inclusive).
    integer : bool, default False
        Values must be whole numbers (rating scales).
    allow_missing : bool, default True
        Whether empty cells may stay NaN; otherwise they are an error naming the rows.
    coerce_text : bool, default False
        Accept a text column whose every value reads as a number (``"4"``); cells that do
        not read are an error naming the rows. Booleans always count as 0/1 then.
    low_open, high_open : bool, default False
        Exclude the bound itself (``low < x`` instead of ``low <= x``; likewise ``high``).

    Returns
    -------
    Series of float64, with the caller's index.

    Raises
    ------
    CxSchemaError
        If the column is missing.
    CxDataError
        If it does not hold numbers, has missing values (``allow_missing=False``), or values
        outside ``low``..``high`` or not whole (``integer=True``), naming rows and values.

    Examples
    --------
    >>> import pandas as pd
    >>> numeric_column(pd.DataFrame({"nps": [9, 11]}), "nps", func="nps", low=0, high=10, integer=True)
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxDataError: nps: column 'nps' of data has 1 value(s) that are not whole numbers from 0 to 10: values [11.0] in rows 1
    """
    import numpy as np
    import pandas as pd

    require_columns(data, [column], func=func, what=what)
    raw = data[column]
    if isinstance(raw.dtype, pd.CategoricalDtype):
        ok_type = False
    elif pd.api.types.is_bool_dtype(raw.dtype):
        ok_type = coerce_text
    else:
        ok_type = pd.api.types.is_numeric_dtype(raw.dtype) or bool(raw.isna().all())
    if ok_type:
        values = raw.astype("float64")
    elif coerce_text and not isinstance(raw.dtype, pd.CategoricalDtype):
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = values.isna() & raw.notna()
        if bad.any():
            raise CxDataError(
                f"{func}: column {column!r} of {what} must hold numbers; rows {rows_preview(data.index[bad])} "
                f"hold {list(raw[bad].head(3))}"
            )
    else:
        raise CxDataError(
            f"{func}: column {column!r} of {what} must hold numbers, but has dtype {raw.dtype} "
            f"(first values: {raw[raw.notna()].head(3).tolist()}); convert it with pd.to_numeric first"
        )
    present = values.notna()
    if not allow_missing and not present.all():
        raise CxDataError(
            f"{func}: column {column!r} of {what} has {int((~present).sum())} missing value(s) in rows "
            f"{rows_preview(data.index[~present])}; fill or remove them first (nothing is dropped silently)"
        )
    finite = np.isfinite(values.where(present, 0.0))
    problems = present & ~finite
    if low is not None:
        problems |= present & ((values <= low) if low_open else (values < low))
    if high is not None:
        problems |= present & ((values >= high) if high_open else (values > high))
    if integer:
        problems |= present & finite & (values != np.round(values.where(finite, 0.0)))
    if problems.any():
        expected = ["whole numbers" if integer else "finite numbers"]
        if low is not None and high is not None and (low_open or high_open):
            expected.append(f"in the range {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}")
        elif low is not None and high is not None:
            expected.append(f"from {low:g} to {high:g}")
        elif low is not None:
            expected.append(f"above {low:g}" if low_open else f"of at least {low:g}")
        elif high is not None:
            expected.append(f"below {high:g}" if high_open else f"of at most {high:g}")
        bad = values[problems]
        raise CxDataError(
            f"{func}: column {column!r} of {what} has {int(problems.sum())} value(s) that are not "
            f"{' '.join(expected)}: values {sorted(set(bad.tolist()))[:10]} in rows {rows_preview(bad.index)}"
        )
    return values


def check_choice(name: str, value: Any, options: Sequence[Any], *, func: str) -> Any:
    """Return ``value`` if it is one of ``options``; else a :class:`CxParameterError` with a hint.

    Examples
    --------
    >>> check_choice("method", "wilsn", ["wilson", "wald"], func="nps")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: nps: method must be one of ['wilson', 'wald'], got 'wilsn'; did you mean 'wilson'?
    """
    try:
        ok = value in options
    except TypeError:
        ok = False
    if not ok:
        raise CxParameterError(
            f"{func}: {name} must be one of {list(options)}, got {value!r}{_did_you_mean(value, options)}"
        )
    return value


def _is_number(value: Any) -> bool:
    import numbers

    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_confidence(confidence: Any, *, func: str, name: str = "confidence") -> float:
    """A confidence level strictly between 0 and 1 (e.g. 0.95), as float.

    Examples
    --------
    >>> check_confidence(0.9, func="nps")
    0.9
    >>> check_confidence(95, func="nps")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: nps: confidence must be between 0 and 1 (e.g. 0.95), got 95; did you mean 0.95?
    """
    if not _is_number(confidence) or not 0 < float(confidence) < 1:
        hint = ""
        if _is_number(confidence) and 1 < float(confidence) < 100:
            hint = f"; did you mean {float(confidence) / 100:g}?"
        raise CxParameterError(f"{func}: {name} must be between 0 and 1 (e.g. 0.95), got {confidence!r}{hint}")
    return float(confidence)


def check_alpha(alpha: Any, *, func: str, name: str = "alpha") -> float:
    """A significance threshold strictly between 0 and 1 (e.g. 0.05), as float."""
    if not _is_number(alpha) or not 0 < float(alpha) < 1:
        raise CxParameterError(f"{func}: {name} must be a significance level between 0 and 1 (e.g. 0.05), "
                               f"got {alpha!r}")
    return float(alpha)


def check_share(value: Any, *, func: str, name: str, allow_one: bool = True) -> float:
    """A share between 0 and 1 (1 excluded when ``allow_one`` is False), as float."""
    if not _is_number(value) or not 0.0 <= float(value) <= 1.0 or (float(value) == 1.0 and not allow_one):
        raise CxParameterError(f"{func}: {name} must be a number between 0 and 1, got {value!r}")
    return float(value)


def check_rate(value: Any, *, func: str, name: str, upper: float | None = None) -> float:
    """A finite rate above -100 % (and at most ``upper`` when given), as float.

    A rate given in percent (``10`` for 10 %) is the usual slip: with ``upper`` set, a
    value above it is refused with the hint to divide by 100.

    Examples
    --------
    >>> check_rate(10, func="discounted_ltv", name="discount_rate", upper=1)
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: discounted_ltv: discount_rate must be a rate such as 0.1 for 10 %, got 10 (that is 1000 %); did you mean 0.1?
    """
    if not _is_number(value) or not math.isfinite(float(value)) or float(value) <= -1:
        raise CxParameterError(f"{func}: {name} must be a finite rate above -100%, got {value!r}")
    if upper is not None and float(value) > upper:
        raise CxParameterError(
            f"{func}: {name} must be a rate such as 0.1 for 10 %, got {value!r} "
            f"(that is {float(value) * 100:g} %); did you mean {float(value) / 100:g}?"
        )
    return float(value)


def check_whole_number(value: Any, *, func: str, name: str, minimum: int = 1) -> int:
    """A whole number of at least ``minimum``, as int (booleans are refused)."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise CxParameterError(f"{func}: {name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def renamed(old: str, old_value: Any, new: str, new_value: Any, *, func: str, default: Any = UNSET) -> Any:
    """Resolve a renamed keyword: the old name works for one release with a FutureWarning.

    ``old_value`` is :data:`UNSET` unless the caller used the old name. Giving both names
    is an error. ``default`` is the new keyword's default, used to tell whether the
    caller also set the new name.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed("ci", 0.9, "confidence", 0.95, func="nps", default=0.95)
    0.9
    >>> str(caught[0].message)
    "nps: the argument 'ci' is now called 'confidence'; 'ci' will stop working in the next release"
    """
    if old_value is UNSET:
        return new_value
    if default is not UNSET and new_value is not UNSET and new_value != default:
        raise CxParameterError(f"{func}: give either {new!r} or its old name {old!r}, not both")
    warnings.warn(
        f"{func}: the argument {old!r} is now called {new!r}; {old!r} will stop working in the next release",
        FutureWarning,
        stacklevel=3,
    )
    return old_value


def parse_date(value: Any, *, message: str, missing: str | None = None) -> Any:
    """``value`` as a pandas Timestamp, else :class:`CxParameterError` with ``message``.

    ``missing``, when given, is the message for a value pandas reads as "no date" (None,
    NaN, NaT); otherwise ``message`` serves for it too.

    Examples
    --------
    >>> parse_date("2026-06-30", message="as_of is not a date")
    Timestamp('2026-06-30 00:00:00')
    >>> parse_date("soon", message="f: as_of 'soon' is not a date")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: f: as_of 'soon' is not a date
    """
    import pandas as pd

    try:
        out = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise CxParameterError(message) from None
    if pd.isna(out):
        raise CxParameterError(missing or message)
    return out
