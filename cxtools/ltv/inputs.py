"""The inputs of the lifetime-value analysis.

- :func:`spend_summary` -- the per-customer summary the spend model needs, without
  zero-value orders, and how many were left out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxtools.errors import CxDataError

__all__ = ["spend_summary"]


def spend_summary(transactions: pd.DataFrame, *, observation_end: Any, amount: str = "amount",
                  exclude: str | None = None, time_unit: str = "W") -> tuple[pd.DataFrame, int]:
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
    keep = transactions[amount] != 0
    if exclude is not None:
        keep &= ~transactions[exclude].astype(bool)
        n_zero = int(((transactions[amount] == 0) & ~transactions[exclude].astype(bool)).sum())
    else:
        n_zero = int((transactions[amount] == 0).sum())
    summary = rfm_summary(transactions[keep], amount=amount, exclude=exclude, observation_end=observation_end,
                          time_unit=time_unit)
    return summary, n_zero
