"""The client portfolio matrix and the CX scorecard: where to invest, and the whole picture on one page.

**Portfolio matrix.** Customers are placed on two axes, each cut into three bands: how
attractive the customer is (lifetime value or margin) and how strong the relationship is
(satisfaction, NPS group or a loyalty score). The nine cells follow the nine-box logic of the
GE-McKinsey matrix (attractiveness x strength): the three cells where both are high, or one
is high and the other medium, call for **invest** (grow and strengthen); the diagonal
(high/low, medium/medium, low/high) for **invest selectively**; the three cells where both are
low, or one is low and the other medium, for **protect income** (keep serving them well at
low cost, do not over-invest). Per cell the matrix shows customers, value at stake,
satisfaction and churn.

**Close the loop.** :func:`callback_list` lists high-value customers with a weak relationship
(e.g. valuable detractors) for the team to call back first -- pseudonymised, and written as a
separate file for internal use by :func:`write_callback_list`; it never belongs in a
stakeholder report.

**CX scorecard.** :func:`scorecard` puts the four layers' headline indicators on one page:
satisfaction (NPS, CSAT), behaviour (retention, spend), operations (waits, repeat contacts,
first-contact resolution) and people (eNPS), each with its latest value, trend over periods,
target and status.

References
----------
Hax, A. C., & Majluf, N. S. (1983). The use of the industry attractiveness-business strength
matrix in strategic planning. *Interfaces*, 13(2), 54-71. Kaplan, R. S., & Norton, D. P.
(1992). The balanced scorecard -- measures that drive performance. *Harvard Business Review*,
70(1), 71-79.

The sentences and stakeholder tables are in :mod:`cxtools.narrative.portfolio`, the figures in
:mod:`cxtools.plots.portfolio`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import (
    check_choice,
    numeric_column,
    require_columns,
    require_rows,
)
from cxtools.core.results import Result
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.data.privacy import pseudonymise

__all__ = [
    "BANDS",
    "STRATEGIES",
    "strategy",
    "PortfolioMatrix",
    "portfolio_matrix",
    "callback_list",
    "write_callback_list",
    "Scorecard",
    "scorecard",
]

#: Bands of each axis, low to high.
BANDS: tuple[str, str, str] = ("low", "medium", "high")
#: The practice's three strategies.
STRATEGIES: tuple[str, str, str] = ("protect income", "invest selectively", "invest")

def strategy(attractiveness: str, relationship: str) -> str:
    """The recommended strategy of a cell (GE-McKinsey nine-box logic).

    Examples
    --------
    >>> strategy("high", "high"), strategy("high", "low"), strategy("medium", "low")
    ('invest', 'invest selectively', 'protect income')
    """
    score = BANDS.index(check_choice("attractiveness", attractiveness, BANDS, func="strategy")) + \
        BANDS.index(check_choice("relationship", relationship, BANDS, func="strategy"))
    return STRATEGIES[0] if score <= 1 else STRATEGIES[1] if score == 2 else STRATEGIES[2]


def _bands(values: pd.Series, cuts: str | Sequence[float], axis: str) -> tuple[pd.Series, tuple[float, float]]:
    if isinstance(cuts, str):
        check_choice(f"{axis}_cuts", cuts, ["terciles"], func="portfolio_matrix")
        present = values.dropna()
        lo, hi = (float(q) for q in present.quantile([1 / 3, 2 / 3]))
    else:
        try:
            lo, hi = (float(c) for c in cuts)
        except (TypeError, ValueError):
            raise CxParameterError(f"portfolio_matrix: {axis}_cuts must be 'terciles' or two numbers "
                                   f"(low/medium and medium/high), got {cuts!r}") from None
        if not lo <= hi:
            raise CxParameterError(f"portfolio_matrix: {axis}_cuts must be increasing, got {cuts!r}")
    band = pd.Series(np.select([values <= lo, values <= hi], ["low", "medium"], "high"), index=values.index)
    return band.where(values.notna()), (lo, hi)


@dataclass(frozen=True)
class PortfolioMatrix(Result):
    """Customers on attractiveness x relationship strength, with a strategy per cell.

    Attributes
    ----------
    customers : DataFrame
        Input rows with ``attractiveness_band``, ``relationship_band`` and ``strategy`` added.
    cells : DataFrame
        One row per cell (9): ``attractiveness``, ``relationship``, ``strategy``, ``customers``,
        ``share``, ``value``, ``value_share``, ``relationship_mean``, ``churn`` (when given).
    value, relationship : str
        The axis columns.
    cuts : dict
        ``{"value": (low, high), "relationship": (low, high)}``: the band limits used.
    currency : str
    """

    customers: pd.DataFrame
    cells: pd.DataFrame
    value: str
    relationship: str
    cuts: dict
    currency: str = "RUB"

    def to_frame(self) -> pd.DataFrame:
        return self.cells.copy()

    def cell(self, a: str, r: str) -> pd.Series:
        """The row of :attr:`cells` for value band ``a`` and relationship band ``r``."""
        c = self.cells
        return c[(c["attractiveness"] == a) & (c["relationship"] == r)].iloc[0]


def portfolio_matrix(
    data: pd.DataFrame,
    *,
    value: str,
    relationship: str,
    churn: str | None = None,
    value_cuts: str | Sequence[float] = "terciles",
    relationship_cuts: str | Sequence[float] = "terciles",
    currency: str = "RUB",
) -> PortfolioMatrix:
    """Place customers in the 3x3 portfolio matrix and summarise each cell.

    Parameters
    ----------
    data : DataFrame
        One row per customer with ``value`` (CLV or margin) and ``relationship`` (satisfaction,
        a loyalty score, or an NPS-like score; higher = stronger).
    value, relationship : str
        Axis columns.
    churn : str, optional
        0/1 column (churned) for the churn rate per cell.
    value_cuts, relationship_cuts : "terciles" or (float, float)
        Band limits: values up to the first are "low", up to the second "medium", above "high".
        Terciles by default.
    currency : str, default "RUB"

    Returns
    -------
    PortfolioMatrix

    Raises
    ------
    CxDataError
        If no customer has both axes.

    Examples
    --------
    >>> df = pd.DataFrame({"clv": [100, 200, 300, 400, 500, 600], "sat": [9, 3, 7, 2, 10, 5]})
    >>> m = portfolio_matrix(df, value="clv", relationship="sat", value_cuts=(250, 450), relationship_cuts=(4, 8))
    >>> m.customers[["clv", "sat", "attractiveness_band", "relationship_band", "strategy"]]
       clv  sat attractiveness_band relationship_band            strategy
    0  100    9                 low              high  invest selectively
    1  200    3                 low               low      protect income
    2  300    7              medium            medium  invest selectively
    3  400    2              medium               low      protect income
    4  500   10                high              high              invest
    5  600    5                high            medium              invest
    """
    func = "portfolio_matrix"
    require_rows(data, func=func, what="customers")
    require_columns(data, [value, relationship] + ([churn] if churn else []), func=func, what="customers")
    v = numeric_column(data, value, func=func, what="customers")
    r = numeric_column(data, relationship, func=func, what="customers")
    both = v.notna() & r.notna()
    if not both.any():
        raise CxDataError(f"{func}: no customer has both {value!r} and {relationship!r}")
    a_band, a_cuts = _bands(v[both], value_cuts, "value")
    r_band, r_cuts = _bands(r[both], relationship_cuts, "relationship")
    out = data.loc[both].copy()
    out["attractiveness_band"] = a_band
    out["relationship_band"] = r_band
    out["strategy"] = [strategy(a, b) for a, b in zip(a_band, r_band)]
    rows = []
    total_n, total_v = len(out), float(v[both].sum())
    churned = numeric_column(data, churn, func=func, what="customers", low=0, high=1)[both] if churn else None
    for a in reversed(BANDS):
        for b in BANDS:
            mask = (a_band == a) & (r_band == b)
            row = {"attractiveness": a, "relationship": b, "strategy": strategy(a, b), "customers": int(mask.sum()),
                   "share": mask.sum() / total_n, "value": float(v[both][mask].sum()),
                   "value_share": float(v[both][mask].sum()) / total_v if total_v else np.nan,
                   "relationship_mean": float(r[both][mask].mean()) if mask.any() else np.nan}
            if churned is not None:
                row["churn"] = float(churned[mask].mean()) if mask.any() else np.nan
            rows.append(row)
    return PortfolioMatrix(out, pd.DataFrame(rows), value, relationship,
                           {"value": a_cuts, "relationship": r_cuts}, currency)


def callback_list(matrix: PortfolioMatrix, *, customer: str = "customer_id",
                  cells: Sequence[tuple[str, str]] = (("high", "low"), ("high", "medium"), ("medium", "low")),
                  salt: str | None = None, limit: int | None = None, exclude: str | None = None) -> pd.DataFrame:
    """Customers to call back first: valuable ones with a weak relationship ("close the loop").

    Ordered by the cells given (most urgent first), then by value at stake. Customer ids
    are pseudonymised (:func:`cxtools.data.privacy.pseudonymise`); the team resolves them in the
    CRM. For internal use only: write it with :func:`write_callback_list`, never show it in
    a stakeholder report.

    Parameters
    ----------
    matrix : PortfolioMatrix
    customer : str, default "customer_id"
    cells : list of (value band, relationship band)
        The cells to call, most urgent first.
    salt : str, optional
        Pseudonym salt (default: ``CXTOOLS_PSEUDONYM_SALT`` or the public one).
    limit : int, optional
        Longest list.
    exclude : str, optional
        A 0/1 column of customers not to call (e.g. ``"churned"``: they have left).

    Returns
    -------
    DataFrame
        ``priority``, ``customer`` (pseudonym), ``value``, ``relationship``, ``cell``.
    """
    require_columns(matrix.customers, [customer], func="callback_list", what="customers")
    c = matrix.customers
    if exclude is not None:
        require_columns(c, [exclude], func="callback_list", what="customers")
        c = c[~numeric_column(c, exclude, func="callback_list", what="customers", low=0, high=1).fillna(0).astype(bool)]
    parts = []
    for rank, (a, b) in enumerate(cells):
        chosen = c[(c["attractiveness_band"] == a) & (c["relationship_band"] == b)]
        parts.append(chosen.assign(_rank=rank, cell=f"{a} value / {b} relationship"))
    chosen = pd.concat(parts) if parts else c.iloc[:0].assign(_rank=0, cell="")
    chosen = chosen.sort_values(["_rank", matrix.value], ascending=[True, False], kind="stable")
    if limit is not None:
        chosen = chosen.head(int(limit))
    kwargs = {"salt": salt} if salt is not None else {}
    return pd.DataFrame({
        "priority": np.arange(1, len(chosen) + 1),
        "customer": pseudonymise(chosen[customer].astype(str), **kwargs).to_numpy(),
        "value": chosen[matrix.value].to_numpy(),
        "relationship": chosen[matrix.relationship].to_numpy(),
        "cell": chosen["cell"].to_numpy(),
    })


def write_callback_list(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the call-back list as CSV for the team (readable only by the file's owner)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    # created readable by the owner only, so the list is never readable by others, not even briefly
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        table.to_csv(fh, index=False)
    try:
        os.chmod(out, 0o600)  # a file that existed before keeps its mode under O_CREAT
    except OSError:  # pragma: no cover - file systems without permissions
        pass
    return out


# ----------------------------------------------------------------------------------------
# scorecard
# ----------------------------------------------------------------------------------------
LAYERS: tuple[str, ...] = ("satisfaction", "behaviour", "operations", "people")


@dataclass(frozen=True)
class Scorecard(Result):
    """The CX scorecard: one row per indicator with its latest value, trend, target and status.

    Attributes
    ----------
    table : DataFrame
        ``layer``, ``indicator``, ``unit``, ``latest_period``, ``latest``, ``previous``,
        ``change``, ``trend`` (slope per period over all periods), ``target``, ``direction``
        ("higher" or "lower" is better), ``status`` ("on target", "close", "off target",
        "no target").
    history : DataFrame
        The input, tidy: ``layer``, ``indicator``, ``period``, ``value``.
    links : DataFrame or None
        Measured links between layers, shown beside the indicators.
    """

    table: pd.DataFrame
    history: pd.DataFrame
    links: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def scorecard(history: pd.DataFrame, *, targets: Mapping[str, float] | None = None,
              directions: Mapping[str, str] | None = None, units: Mapping[str, str] | None = None,
              tolerance: float = 0.05, links: pd.DataFrame | None = None) -> Scorecard:
    """Build the scorecard from a tidy history of indicators.

    Parameters
    ----------
    history : DataFrame
        Columns ``layer`` (one of satisfaction, behaviour, operations, people), ``indicator``,
        ``period`` (sortable: a wave, a month) and ``value``.
    targets : mapping, optional
        Indicator -> target value (from the data description).
    directions : mapping, optional
        Indicator -> "higher" or "lower" (which way is better; default "higher").
    units : mapping, optional
        Indicator -> "share" (a fraction, shown as %) or anything else (shown as a number).
    tolerance : float, default 0.05
        "close" when within this fraction of the target (relative, also for shares: a monthly
        churn target of 2 % is missed "closely" up to 2.1 %, not up to 7 %).
    links : DataFrame, optional
        Measured links between layers to show beside the indicators.

    Returns
    -------
    Scorecard

    Examples
    --------
    >>> h = pd.DataFrame({"layer": ["satisfaction"] * 3, "indicator": ["NPS"] * 3,
    ...                   "period": ["2025Q4", "2026Q1", "2026Q2"], "value": [20.0, 24.0, 31.0]})
    >>> card = scorecard(h, targets={"NPS": 30})
    >>> card.table[["indicator", "latest", "change", "trend", "status"]]
      indicator  latest  change  trend     status
    0       NPS    31.0     7.0    5.5  on target
    """
    func = "scorecard"
    require_columns(history, ["layer", "indicator", "period", "value"], func=func, what="indicator history")
    bad_layers = sorted(set(history["layer"]) - set(LAYERS))
    if bad_layers:
        check_choice("layer", bad_layers[0], LAYERS, func=func)
    targets, directions, units = dict(targets or {}), dict(directions or {}), dict(units or {})
    for name, d in directions.items():
        check_choice(f"direction of {name!r}", d, ["higher", "lower"], func=func)
    h = history.copy()
    h["value"] = numeric_column(h, "value", func=func, what="indicator history")
    rows = []
    for (layer, indicator), g in h.dropna(subset=["value"]).groupby(["layer", "indicator"], sort=False):
        g = g.sort_values("period")
        latest = float(g["value"].iloc[-1])
        previous = float(g["value"].iloc[-2]) if len(g) > 1 else np.nan
        trend = float(np.polyfit(np.arange(len(g)), g["value"].to_numpy(float), 1)[0]) if len(g) > 1 else np.nan
        direction = directions.get(indicator, "higher")
        target = targets.get(indicator, np.nan)
        unit = units.get(indicator, "number")
        if pd.isna(target):
            status = "no target"
        else:
            gap = (latest - target) if direction == "higher" else (target - latest)
            slack = tolerance * abs(target)
            status = "on target" if gap >= 0 else ("close" if gap >= -slack else "off target")
        rows.append({"layer": layer, "indicator": indicator, "unit": unit, "latest_period": g["period"].iloc[-1],
                     "latest": latest, "previous": previous, "change": latest - previous, "trend": trend,
                     "target": target, "direction": direction, "status": status})
    table = pd.DataFrame(rows)
    if not table.empty:
        table["_order"] = table["layer"].map({name: i for i, name in enumerate(LAYERS)})
        table = table.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    return Scorecard(table, h, links)
