"""What a repeat-buying model says about every frequency and recency: the matrices behind the heat maps.

:func:`frequency_recency_matrix` (expected purchases in the next ``t`` time units) and
:func:`probability_alive_matrix` (probability that the customer is still active) evaluate a
fitted BG/NBD or Pareto/NBD model on a grid of frequency x recency at one customer age
``T`` and return a :class:`RepeatMatrix`, which
:func:`cxtools.plots.repeat.plot_frequency_recency_matrix` and
:func:`~cxtools.plots.repeat.plot_probability_alive_matrix` draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxtools.core.results import Result
from cxtools.core.errors import CxParameterError

__all__ = ["RepeatMatrix", "frequency_recency_matrix", "probability_alive_matrix"]

_QUANTITIES = ("expected_purchases", "probability_alive")


@dataclass(frozen=True, eq=False)
class RepeatMatrix(Result):
    """A model quantity on a grid of frequency (columns) and recency (rows) at one customer age.

    Attributes
    ----------
    quantity : str
        ``"expected_purchases"`` (in the next ``t`` time units) or ``"probability_alive"``.
    frequency : ndarray
        Repeat purchases so far, 0, 1, ..., ``max_frequency``.
    recency : ndarray
        Customer age at the last purchase, 60 points from 0 to ``max_recency``.
    values : ndarray
        ``values[i, j]`` at ``recency[i]`` and ``frequency[j]``; NaN where no customer can be
        (no repeat purchase but a recency above 0).
    T : float
        Customer age at the end of observation, the same for every cell.
    t : float or None
        Horizon of the expected purchases (None for the probability alive).
    time_unit : str
        The model's time unit ("D", "W", "M" or "Y").
    model : str
        Model label ("BG/NBD" or "Pareto/NBD").
    """

    quantity: str
    frequency: np.ndarray
    recency: np.ndarray
    values: np.ndarray
    T: float
    t: float | None
    time_unit: str
    model: str

    def to_frame(self) -> pd.DataFrame:
        """The grid: recency down (index), frequency across (columns)."""
        return pd.DataFrame(self.values, index=pd.Index(self.recency, name="recency"),
                            columns=pd.Index(self.frequency.astype(int), name="frequency"))

    def describe(self) -> str:
        """One plain sentence: what the grid holds and its range."""
        what = (f"expected purchases in the next {self.t:g} time units" if self.quantity == "expected_purchases"
                else "probability that the customer is still active")
        return (f"{self.model}: {what} at age {self.T:g}, from {np.nanmin(self.values):.2f} to "
                f"{np.nanmax(self.values):.2f} over {self.frequency.size} frequencies and {self.recency.size} "
                "recencies.")

    def __repr__(self) -> str:
        return (f"RepeatMatrix({self.quantity}, {self.model}, T={self.T:g}, {self.recency.size} recencies x "
                f"{self.frequency.size} frequencies)")


def _matrix(model: Any, quantity: str, *, t: float | None, T: Any, max_frequency: Any,
            max_recency: Any) -> RepeatMatrix:
    """Evaluate ``model``'s ``quantity`` on the frequency x recency grid at age ``T``."""
    from cxtools.ltv.models import _check_repeat_model

    _check_repeat_model(model)
    if T is None:
        raise CxParameterError("give T, the customer age (in the model's time unit) for the matrix")
    T = float(T)
    max_recency = T if max_recency is None else max_recency
    max_frequency = 40 if max_frequency is None else max_frequency
    if max_recency > T or max_recency <= 0 or max_frequency < 1:
        raise CxParameterError("need 0 < max_recency <= T and max_frequency >= 1")
    freq = np.arange(0, int(max_frequency) + 1, dtype=float)
    rec = np.linspace(0, max_recency, 60)
    X, R = np.meshgrid(freq, rec)
    valid = ~((X == 0) & (R > 0))  # one-time buyers have recency 0 by definition
    R = np.where(X == 0, 0.0, R)
    grid = (X.ravel(), R.ravel(), np.full(X.size, T))
    flat = (model.expected_purchases(t, grid) if quantity == "expected_purchases"
            else model.probability_alive(grid))
    Z = np.where(valid, flat.to_numpy().reshape(X.shape), np.nan)
    return RepeatMatrix(quantity=quantity, frequency=freq, recency=rec, values=Z, T=T,
                        t=None if t is None else float(t), time_unit=getattr(model, "time_unit", ""),
                        model=model._label)


def frequency_recency_matrix(model: Any, *, t: float = 1.0, T: float | None = None,
                             max_frequency: int | None = None, max_recency: float | None = None) -> RepeatMatrix:
    """Expected purchases in the next ``t`` time units for every frequency and recency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted.
    t : float
        Horizon in the model's ``time_unit``.
    T : float
        Customer age at the end of observation (same unit), the same for all cells.
    max_frequency : int, optional
        Largest frequency (default 40).
    max_recency : float, optional
        Largest recency (default ``T``).

    Returns
    -------
    RepeatMatrix

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using
    iso-value curves for customer base analysis. JMR 42(4), 415-430, Figure 3.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.models import BetaGeoModel
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> m = frequency_recency_matrix(BetaGeoModel().fit(cdnow), t=39, T=38.86, max_frequency=10)
    >>> m.values.shape
    (60, 11)
    """
    return _matrix(model, "expected_purchases", t=t, T=T, max_frequency=max_frequency, max_recency=max_recency)


def probability_alive_matrix(model: Any, *, T: float | None = None, max_frequency: int | None = None,
                             max_recency: float | None = None) -> RepeatMatrix:
    """Probability that a customer is still active, for every frequency and recency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted.
    T : float
        Customer age at the end of observation (model's ``time_unit``).
    max_frequency, max_recency
        As in :func:`frequency_recency_matrix`.

    Returns
    -------
    RepeatMatrix

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way, eq. (11).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.models import BetaGeoModel
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> m = probability_alive_matrix(BetaGeoModel().fit(cdnow), T=38.86)
    >>> float(m.values[0, 0])  # no repeat purchase: BG/NBD counts the customer as active
    1.0
    """
    return _matrix(model, "probability_alive", t=None, T=T, max_frequency=max_frequency, max_recency=max_recency)
