"""The inputs of the lifetime-value analysis.

- :func:`spend_summary` -- the per-customer summary the spend model needs, without
  zero-value orders, and how many were left out.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxtools.core import vocabulary
from cxtools.core.errors import CxDataError, CxParameterError

__all__ = ["spend_summary"]


def _unit_label(time_unit: Any, *, func: str) -> Any:
    """A time unit that only labels durations: a unit of the one vocabulary (old letters with a
    FutureWarning) is written in full; any other label ("period", "contract year") is kept as given.

    Examples
    --------
    >>> _unit_label("month", func="f"), _unit_label("period", func="f")
    ('month', 'period')
    """
    if isinstance(time_unit, str) and (time_unit in vocabulary.TIME_UNITS
                                       or time_unit.lower() in vocabulary._TIME_UNIT_ALIASES):
        return vocabulary.time_unit(time_unit, func=func)
    return time_unit


def spend_summary(transactions: pd.DataFrame, *, observation_end: Any, amount: str = "amount",
                  exclude: str | None = None, time_unit: str = "week") -> tuple[pd.DataFrame, int]:
    """Per-customer summary for the spend model without zero-value orders, and how many were left out.

    A zero-value order (a free sample, a fully discounted order) is a purchase but says
    nothing about how much a customer spends; the Gamma-Gamma spend model needs positive
    amounts (Fader, Hardie & Lee 2005, "RFM and CLV", section 4). Refunds (``exclude``)
    are left out as well.

    Returns
    -------
    (DataFrame, int)
        :func:`~cxtools.ltv.rfm.rfm_summary` of the positive orders, and the number of
        zero-value orders left out.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "amount": [10.0, 0.0, 30.0, 5.0],
    ...                    "timestamp": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-01"])})
    >>> summary, n_zero = spend_summary(tx, observation_end="2024-02-01")
    >>> n_zero, float(summary.loc["a", "frequency"]), float(summary.loc["a", "monetary_value"])
    (1, 1.0, 30.0)
    """
    from cxtools.ltv.rfm import rfm_summary

    if amount not in transactions.columns:
        raise CxDataError(f"spend_summary: no column {amount!r}; columns: {list(transactions.columns)}")
    if hasattr(transactions, "count_where"):  # an engine table (Spark, a warehouse): counted and summarised there
        refund = f" AND NOT {exclude}" if exclude is not None else ""
        n_zero = transactions.count_where(f"{amount} = 0{refund}")
        return rfm_summary(transactions.where(f"{amount} <> 0{refund}"), amount=amount, exclude=exclude,
                           observation_end=observation_end, time_unit=time_unit), n_zero
    keep = transactions[amount] != 0
    if exclude is not None:
        keep &= ~transactions[exclude].astype(bool)
        n_zero = int(((transactions[amount] == 0) & ~transactions[exclude].astype(bool)).sum())
    else:
        n_zero = int((transactions[amount] == 0).sum())
    summary = rfm_summary(transactions[keep], amount=amount, exclude=exclude, observation_end=observation_end,
                          time_unit=time_unit)
    return summary, n_zero


def _purchase_days(transactions: Any, *, customer: str, timestamp: str,
                   exclude: str | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """A transaction log checked for the repeat-buying summaries: the kept rows and their timestamps.

    The log must be a DataFrame with ``customer`` and ``timestamp`` (and ``exclude``, a boolean
    column without gaps, True = leave the row out); every kept row needs a customer and a
    readable timestamp (time zones are dropped). Used by
    :func:`cxtools.ltv.tracking.repeat_tracking` and :func:`cxtools.ltv.bgbb.bgbb_summary`.
    """
    if not isinstance(transactions, pd.DataFrame):
        raise CxParameterError(f"transactions must be a DataFrame, not {type(transactions).__name__}")
    for col in (customer, timestamp) + ((exclude,) if exclude else ()):
        if col not in transactions.columns:
            raise CxDataError(f"the transactions lack a {col!r} column; they have {list(transactions.columns)}")
    if exclude:
        flag = transactions[exclude]
        if not pd.api.types.is_bool_dtype(flag) or flag.isna().any():
            raise CxDataError(f"exclude column {exclude!r} must be boolean (True = leave the row out) without gaps")
        transactions = transactions[~flag.to_numpy(dtype=bool)]
    days = pd.to_datetime(transactions[timestamp], errors="coerce")
    if getattr(days.dt, "tz", None) is not None:
        days = days.dt.tz_localize(None)
    bad = days.isna().to_numpy() | transactions[customer].isna().to_numpy()
    if bad.any():
        rows = list(transactions.index[np.flatnonzero(bad)[:5]])
        raise CxDataError(
            f"{int(bad.sum())} transactions have a missing customer or an unreadable {timestamp!r} "
            f"(first rows: {rows}); expected a customer id and a date on every row"
        )
    return transactions, days


def _event_flags(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """An ended/churned column as booleans: True/False or 1/0. Returns the flags and the mask of valid rows."""
    if values.dtype == bool:
        return values.to_numpy(dtype=bool), np.ones(len(values), dtype=bool)
    num = pd.to_numeric(values, errors="coerce")
    ok = num.isin([0, 1]).to_numpy()
    return num.to_numpy(dtype=float) == 1, ok
