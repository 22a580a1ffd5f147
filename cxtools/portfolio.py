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
from cxtools.core.wording import by_language

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
    "indicator_name",
    "period_name",
    "plot_portfolio",
    "plot_scorecard",
]

#: Bands of each axis, low to high.
BANDS: tuple[str, str, str] = ("low", "medium", "high")
#: The practice's three strategies.
STRATEGIES: tuple[str, str, str] = ("protect income", "invest selectively", "invest")

_BANDS = by_language({
    "low": ("low", "низкая"),
    "medium": ("medium", "средняя"),
    "high": ("high", "высокая"),
})

_STRATEGIES = by_language({
    "protect income": ("protect income", "защищать доход"),
    "invest selectively": ("invest selectively", "инвестировать выборочно"),
    "invest": ("invest", "инвестировать"),
})

_LAYERS = by_language({
    "satisfaction": ("satisfaction", "удовлетворённость"),
    "behaviour": ("behaviour", "поведение"),
    "operations": ("operations", "операции"),
    "people": ("people", "сотрудники"),
})

_STATUSES = by_language({
    "on target": ("on target", "цель достигнута"),
    "close": ("close", "близко к цели"),
    "off target": ("off target", "цель не достигнута"),
    "no target": ("no target", "цель не задана"),
})

_INDICATORS = by_language({
    "NPS": ("NPS", "индекс NPS"),
    "Monthly churn": ("Monthly churn", "отток в месяц"),
    "One-off spend per buyer": ("One-off spend per buyer", "разовые траты на покупателя"),
    "Average wait (minutes)": ("Average wait (minutes)", "среднее ожидание (минуты)"),
    "Repeat contacts per customer": ("Repeat contacts per customer", "повторные обращения на клиента"),
    "First-contact resolution": ("First-contact resolution", "решение с первого обращения"),
    "eNPS": ("eNPS", "индекс eNPS"),
    "Engagement (mean of items)": ("Engagement (mean of items)", "вовлечённость (среднее по вопросам)"),
    "Overall satisfaction": ("Overall satisfaction", "общая удовлетворённость"),
})

_WORDS = by_language({
    "none_to_invest": (
        "No customer falls into the cells the practice recommends investing in.",
        "Ни один клиент не попал в клетки, в которые практика рекомендует инвестировать.",
    ),
    "invest": (
        "{customers} customers ({share} of the value, {value}) sit in the cells to invest in; the high-value "
        "customers with a weak relationship ({callbacks}) are the first to call back.",
        "В клетках, куда стоит инвестировать, {customers} клиентов ({share} ценности, {value}); клиенты с высокой"
        " ценностью и слабыми отношениями ({callbacks}) — первые, кому нужно перезвонить.",
    ),
    "value": ("Customer value", "Ценность клиента"),
    "relationship": ("Relationship", "Отношения"),
    "strategy": ("Strategy", "Стратегия"),
    "customers": ("Customers", "Клиентов"),
    "customer_share": ("Share of customers", "Доля клиентов"),
    "at_stake": ("Value at stake", "Ценность под риском"),
    "value_share": ("Share of value", "Доля ценности"),
    "mean": ("Mean {name}", "Среднее: {name}"),
    "churn": ("Churn", "Отток"),
    "n_customers": ("{n} customers", "клиентов: {n}"),
    "x_label": ("Relationship strength ({name})", "Сила отношений ({name})"),
    "y_label": ("Customer value ({name})", "Ценность клиента ({name})"),
    "title": (
        "Client portfolio: value at stake per cell",
        "Клиентский портфель: ценность под риском в каждой клетке",
    ),
    "no_indicator": (
        "No indicator could be computed from the data provided.",
        "По предоставленным данным не удалось рассчитать ни одного показателя.",
    ),
    "no_targets": (
        "{n} indicators across {layers} layers; no targets were set.",
        "Показателей: {n}, слоёв: {layers}; цели не заданы.",
    ),
    "on_target": (
        "{ok} of {n} indicators with a target are on target or close",
        "Из {n} показателей с целью достигают её или близки к ней: {ok}",
    ),
    "off_target": ("; off target: {names}.", "; не достигают цели: {names}."),
    "layer": ("Layer", "Слой"),
    "indicator": ("Indicator", "Показатель"),
    "latest": ("Latest", "Последнее значение"),
    "period": ("Period", "Период"),
    "change": ("Change", "Изменение"),
    "target": ("Target", "Цель"),
    "status": ("Status", "Статус"),
    "card_title": (
        "CX scorecard: trend of each indicator and its status",
        "Карта клиентского опыта: динамика каждого показателя и его статус",
    ),
    "bands": (_BANDS["en"], _BANDS["ru"]),
    "strategies": (_STRATEGIES["en"], _STRATEGIES["ru"]),
    "layers": (_LAYERS["en"], _LAYERS["ru"]),
    "statuses": (_STATUSES["en"], _STATUSES["ru"]),
    "indicators": (_INDICATORS["en"], _INDICATORS["ru"]),
})


def _words(lang: str, func: str) -> dict:
    return _WORDS[check_choice("lang", lang, list(_WORDS), func=func)]


def indicator_name(indicator: str, *, lang: str = "en") -> str:
    """A scorecard indicator's name in the report language.

    Examples
    --------
    >>> indicator_name("Monthly churn", lang="ru"), indicator_name("Overall satisfaction (1-5)", lang="ru")
    ('отток в месяц', 'общая удовлетворённость (1-5)')
    """
    import re

    names = _words(lang, "indicator_name")["indicators"]
    scale = re.fullmatch(r"(.+?) (\([^()]*\))", indicator)
    if indicator not in names and scale and scale.group(1) in names:
        return f"{names[scale.group(1)]} {scale.group(2)}"
    return names.get(indicator, indicator)


def period_name(period: str, *, lang: str = "en") -> str:
    """A scorecard period in the report language (``"12 months to 2026-06"`` -> ``"12 месяцев по 2026-06"``)."""
    import re

    if _words(lang, "period_name") is _WORDS["en"]:
        return str(period)
    text = re.sub(r"^(\d+) months to ", r"\1 месяцев по ", str(period))
    return re.sub(r"^to ", "по ", text)


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

    def describe(self, *, lang: str = "en") -> str:
        from cxtools.core.wording import format_money, format_number, format_percent

        w = _words(lang, "PortfolioMatrix.describe")
        by = self.cells.groupby("strategy")[["customers", "value"]].sum()
        total = by["value"].sum()
        if "invest" not in by.index or total == 0:
            return w["none_to_invest"]
        count = (lambda n: f"{int(n):,}") if lang == "en" else (lambda n: format_number(int(n), lang=lang))
        return w["invest"].format(
            customers=count(by.loc["invest", "customers"]), share=format_percent(by.loc["invest", "value"] / total,
                                                                                 lang=lang),
            value=format_money(by.loc["invest", "value"], currency=self.currency, compact=True, lang=lang),
            callbacks=count(self._cell("high", "low")["customers"]))

    def _cell(self, a: str, r: str) -> pd.Series:
        c = self.cells
        return c[(c["attractiveness"] == a) & (c["relationship"] == r)].iloc[0]

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        from cxtools.overview import item_name
        from cxtools.core.wording import format_money, format_number, format_percent

        w = _words(lang, "PortfolioMatrix.report_table")
        c = self.cells
        out = pd.DataFrame({
            w["value"]: c["attractiveness"].map(w["bands"]),
            w["relationship"]: c["relationship"].map(w["bands"]),
            w["strategy"]: c["strategy"].map(w["strategies"]),
            w["customers"]: c["customers"].map("{:,}".format) if lang == "en"
            else [format_number(n, lang=lang) for n in c["customers"]],
            w["customer_share"]: [format_percent(x, lang=lang) for x in c["share"]],
            w["at_stake"]: [format_money(x, currency=self.currency, lang=lang) for x in c["value"]],
            w["value_share"]: [format_percent(x, lang=lang) for x in c["value_share"]],
            w["mean"].format(name=item_name(self.relationship, lang=lang)):
                [format_number(x, digits=1, lang=lang) if pd.notna(x) else "—" for x in c["relationship_mean"]],
        })
        if "churn" in c:
            out[w["churn"]] = [format_percent(x, digits=1, lang=lang) if pd.notna(x) else "—" for x in c["churn"]]
        return out


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
    from cxtools.data.privacy import pseudonymise

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

    def describe(self, *, lang: str = "en") -> str:
        from cxtools.core.wording import join_names

        w = _words(lang, "Scorecard.describe")
        t = self.table
        if t.empty:
            return w["no_indicator"]
        with_target = t[t["status"] != "no target"]
        off = [indicator_name(i, lang=lang) for i in with_target[with_target["status"] == "off target"]["indicator"]]
        if with_target.empty:
            return w["no_targets"].format(n=len(t), layers=t["layer"].nunique())
        return (w["on_target"].format(ok=len(with_target) - len(off), n=len(with_target))
                + (w["off_target"].format(names=join_names(off, lang=lang)) if off else "."))

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        from cxtools.core.wording import format_number, format_percent

        w = _words(lang, "Scorecard.report_table")
        t = self.table

        def fmt(x, unit, signed=False):
            if pd.isna(x):
                return "—"
            if unit == "share":
                return format_percent(x, digits=1, signed=signed, lang=lang)
            return format_number(x, digits=1, signed=signed, lang=lang)

        return pd.DataFrame({
            w["layer"]: [w["layers"].get(x, x) for x in t["layer"]],
            w["indicator"]: [indicator_name(x, lang=lang) for x in t["indicator"]],
            w["latest"]: [fmt(x, u) for x, u in zip(t["latest"], t["unit"])],
            w["period"]: [period_name(x, lang=lang) for x in t["latest_period"].astype(str)],
            w["change"]: [fmt(x, u, signed=True) for x, u in zip(t["change"], t["unit"])],
            w["target"]: [fmt(x, u) for x, u in zip(t["target"], t["unit"])],
            w["status"]: [w["statuses"].get(x, x) for x in t["status"]],
        })


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


# ----------------------------------------------------------------------------------------
# plots
# ----------------------------------------------------------------------------------------
def plot_portfolio(result: PortfolioMatrix, *, ax=None, currency_label: str | None = None, lang: str = "en"):
    """The 3x3 matrix as a heatmap of value at stake, with customers and strategy in each cell.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    from cxtools.core.util import axes_or_current
    from cxtools.overview import item_name
    from cxtools.core.wording import format_money, format_number

    w = _words(lang, "plot_portfolio")
    ax = axes_or_current(ax)
    cells = result.cells
    value = cells.pivot(index="attractiveness", columns="relationship", values="value").reindex(
        index=list(reversed(BANDS)), columns=list(BANDS))
    labels = cells.set_index(["attractiveness", "relationship"])
    count = (lambda n: f"{n:,}") if lang == "en" else (lambda n: format_number(n, lang=lang))
    annot = np.array([[w["n_customers"].format(n=count(labels.loc[(a, b), 'customers'])) + "\n"
                       f"{format_money(labels.loc[(a, b), 'value'], currency=result.currency, compact=True, lang=lang)}\n"
                       f"{w['strategies'][labels.loc[(a, b), 'strategy']]}" for b in BANDS] for a in reversed(BANDS)])
    sns.heatmap(value, annot=annot, fmt="", cmap="Blues", cbar=False, ax=ax, linewidths=1, linecolor="white",
                annot_kws={"fontsize": 8})
    ax.set_xlabel(w["x_label"].format(name=item_name(result.relationship, lang=lang)))
    ax.set_ylabel(w["y_label"].format(name=currency_label or result.value.replace("_", " ")))
    ax.set_xticklabels([w["bands"][b] for b in BANDS])
    ax.set_yticklabels([w["bands"][b] for b in reversed(BANDS)])
    ax.set_title(w["title"])
    return ax


def plot_scorecard(result: Scorecard, *, ax=None, lang: str = "en"):
    """Each indicator's history as a small line, normalised to its own range, with its status.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from cxtools.core.util import axes_or_current

    w = _words(lang, "plot_scorecard")
    ax = axes_or_current(ax)
    colours = {"on target": "#1a7f37", "close": "#bf8700", "off target": "#cf222e", "no target": "#57606a"}
    t = result.table
    for i, row in enumerate(t.itertuples(index=False)):
        g = result.history[(result.history["indicator"] == row.indicator)
                           & (result.history["layer"] == row.layer)].dropna(subset=["value"]).sort_values("period")
        y = g["value"].to_numpy(float)
        span = np.ptp(y) if len(y) > 1 and np.ptp(y) > 0 else 1.0
        y0 = len(t) - 1 - i
        ax.plot(np.linspace(0, 1, len(y)) if len(y) > 1 else [1.0], y0 + 0.35 * (y - y.min()) / span,
                color=colours[row.status], marker="o", markersize=3)
        ax.text(-0.05, y0 + 0.15, indicator_name(row.indicator, lang=lang), ha="right", va="center", fontsize=9)
        ax.text(1.05, y0 + 0.15, w["statuses"].get(row.status, row.status), ha="left", va="center", fontsize=9,
                color=colours[row.status])
    ax.set_xlim(-0.9, 1.6)
    ax.set_ylim(-0.5, len(t))
    ax.set_axis_off()
    ax.set_title(w["card_title"])
    return ax
