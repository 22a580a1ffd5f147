"""The inputs of the lifetime-value analysis, read through the data description.

- :func:`load_purchases` -- the transaction log of a data folder, whether or not it has a
  transaction id column (each row is then one purchase).
- :func:`spend_summary` -- the per-customer summary the spend model needs, without
  zero-value orders, and how many were left out.
"""

from __future__ import annotations

import inspect
from typing import Any

import pandas as pd

from cxtools.errors import CxDataError

__all__ = ["load_purchases", "spend_summary"]


def load_purchases(description, *, as_of: Any = None):
    """Load the ``transactions`` source of a data description; a transaction id is optional.

    When the file has no ``transaction_id`` column and the installed loader requires one,
    each row is numbered as its own purchase (``row 2``, ``row 3``, ... by its line in a
    file with a header) and loaded again; every other check of the loader applies unchanged.
    The result is kept in the description's cache, so :func:`cxtools.description.data_span`
    and :func:`~cxtools.description.default_as_of` see the same rows. (A bridge: loaders that
    number the rows themselves never reach this path.)

    Parameters
    ----------
    description : cxtools.description.DataDescription
    as_of : date-like, optional
        End of the observation window (later purchases are rejected rows).

    Returns
    -------
    cxtools.io.LoadResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxtools.description import load_description
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "transactions.csv").write_text("customer_id,timestamp,amount\\n"
    ...                                              "C1,2024-01-02,10\\nC1,2024-02-01,0\\n")
    >>> load_purchases(load_description(folder), as_of="2024-06-30").data["amount"].tolist()
    [10.0, 0.0]
    """
    from cxtools import io

    try:
        return description.load("transactions", as_of=as_of)
    except CxDataError as err:
        if "transaction_id" not in str(err):
            raise
    kwargs = description.loader_kwargs("transactions")
    frame = description._prepare("transactions", description.source_object("transactions"), kwargs)
    frame.attrs = {}
    frame.insert(0, "transaction_id", [f"row {i + 2}" for i in range(len(frame))])
    params = inspect.signature(io.load_transactions).parameters
    rest = {k: v for k, v in kwargs.items()
            if k in params and k not in ("sep", "encoding", "sheet", "thousands", "date_format")}
    if as_of is None:
        as_of = description.as_of
    if as_of is not None:
        rest["as_of"] = as_of
    result = io.load_transactions(frame, **rest)
    # later description.load("transactions") calls (data_span, default_as_of) get this result
    description._cache[("transactions", None if as_of is None else str(as_of))] = result
    return result


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
