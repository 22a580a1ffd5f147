"""The positive zone: is every factor's average rating high enough? Hygiene gaps first, then motivators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from cxtools.core.errors import CxParameterError
from cxtools.core.stats import mean_interval
from cxtools.factors._common import FactorResult, _moved_to_narrative, _boxes, _fmt_list, _frame, _label, _numeric, _rating_columns, _z
from cxtools.factors.kano import KanoResult
from cxtools.factors.penalty_reward import ImpactAsymmetryResult, PenaltyRewardResult

__all__ = ["PRIORITY", "PositiveZoneResult", "positive_zone"]

#: Action priority of an attribute below the zone, by factor type (1 = most urgent).
PRIORITY = {"hygiene": 1, "motivator": 2, "performance": 3, "unclear": 4}


def _factor_types(classification: Any, labels: Sequence[str]) -> dict[str, str]:
    if isinstance(classification, (PenaltyRewardResult, KanoResult)):
        t = classification.table
        mapping = dict(zip(t["attribute"], t["factor"]))
    elif isinstance(classification, ImpactAsymmetryResult):
        t = classification.table
        conv = {"dissatisfier": "hygiene", "satisfier": "motivator", "hybrid": "performance"}
        mapping = {a: conv[c] for a, c in zip(t["attribute"], t["category"])}
    elif isinstance(classification, Mapping):
        conv = {"basic": "hygiene", "must-be": "hygiene", "m": "hygiene", "hygiene": "hygiene",
                "excitement": "motivator", "attractive": "motivator", "a": "motivator", "motivator": "motivator",
                "performance": "performance", "one-dimensional": "performance", "o": "performance",
                "unclear": "unclear", "no clear effect": "unclear", "i": "unclear", "indifferent": "unclear"}
        mapping = {}
        for k, v in classification.items():
            key = str(v).strip().lower()
            if key not in conv:
                raise CxParameterError(
                    f"positive_zone: factor type {v!r} for {k!r} not understood; use hygiene/basic, "
                    "performance or motivator/excitement"
                )
            mapping[_label(str(k))] = conv[key]
    else:
        raise CxParameterError(
            "positive_zone: classification must be a PenaltyRewardResult, KanoResult, ImpactAsymmetryResult "
            f"or a mapping attribute -> factor type, got {type(classification).__name__}"
        )
    missing = [lab for lab in labels if lab not in mapping]
    if missing:
        raise CxParameterError(f"positive_zone: no factor type for attribute(s) {missing}")
    return {lab: mapping[lab] for lab in labels}


@dataclass(frozen=True, repr=False)
class PositiveZoneResult(FactorResult):
    """Positive-zone check: one row per attribute, ordered by action priority.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``factor``, ``performance`` with ``ci_low``/``ci_high``,
        ``share_low`` (share of respondents in the low box), ``threshold``, ``in_zone``,
        ``clearly_below`` (whole interval below the threshold), ``priority`` (1 =
        hygiene below the zone, 2 = motivator below, 3 = performance factor below, 4 =
        unclear below, ``NA`` in the zone). The action list in words is
        :func:`cxtools.narrative.factors.action_plan`.
    threshold : float
        Lowest mean rating that counts as the positive zone.
    scale : (float, float)
        The rating scale.
    confidence : float
        Level of the intervals.
    """

    table: pd.DataFrame
    threshold: float
    scale: tuple[float, float]
    confidence: float = 0.95

    def __repr__(self) -> str:
        below = self.table.loc[~self.table["in_zone"], "attribute"].tolist()
        inside = self.table.loc[self.table["in_zone"], "attribute"].tolist()
        return (f"PositiveZoneResult(threshold={self.threshold:g}, below=[{_fmt_list(below)}], "
                f"in zone=[{_fmt_list(inside)}])")

    def action_plan(self, *, lang: str = "en") -> str:
        """Deprecated: :func:`cxtools.narrative.factors.action_plan`."""
        return _moved_to_narrative(self, "action_plan", "action_plan")(self, lang=lang)

    def actions(self) -> list[str]:
        """Deprecated: :func:`cxtools.narrative.factors.zone_actions`."""
        return _moved_to_narrative(self, "actions", "zone_actions")(self)


def positive_zone(
    data: pd.DataFrame,
    *,
    classification: Any,
    attributes: Sequence[str] | None = None,
    threshold: float = 3.5,
    low: Sequence[float] = (1, 2),
    scale: tuple[float, float] = (1, 5),
    confidence: float = 0.95,
) -> PositiveZoneResult:
    """Is every factor in its positive zone? Flag hygiene gaps first, then motivators.

    Herzberg's point carried over to customers: both kinds of factor must sit in
    their positive zone. A hygiene factor below the zone costs customers no
    matter how good the motivators are (the best warmth does not sell at three
    times the price); a motivator below the zone leaves satisfaction on the
    table (the best price and quality do not sell without trust). An attribute
    is *in the zone* when its mean rating is at least ``threshold``.

    Priority of the attributes below the zone: 1 hygiene (basic) factors, 2
    motivators (excitement), 3 performance factors, 4 attributes with no clear
    effect; within a priority, the lowest mean rating comes first.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    classification : PenaltyRewardResult, KanoResult, ImpactAsymmetryResult or mapping
        Which attributes are hygiene factors / performance / motivators; a mapping
        is ``{"price": "hygiene", "brand": "motivator", ...}`` (Kano letters and
        ``basic``/``excitement`` are understood too).
    attributes : list of str, optional
        Rating columns; default every ``rating_*`` column.
    threshold : float, default 3.5
        Lowest mean rating that counts as the positive zone.
    low : sequence, default (1, 2)
        Ratings counted in ``share_low`` (customers let down by the attribute).
    scale : (float, float), default (1, 5)
    confidence : float, default 0.95
        Coverage of the t interval of the mean.

    Returns
    -------
    PositiveZoneResult

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*.
    Wiley (hygiene factors must be adequate before motivators can work).
    Matzler, K., Bailom, F., Hinterhuber, H. H., Renzl, B. & Pichler, J. (2004).
    The asymmetric relationship between attribute-level performance and overall
    customer satisfaction. *Industrial Marketing Management* 33(4), 271-277.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_brand": [3, 3, 2, 3],
    ...                    "rating_trust": [5, 4, 4, 5]})
    >>> res = positive_zone(df, classification={"price": "hygiene", "brand": "motivator",
    ...                                         "trust": "motivator"})
    >>> res.table[["attribute", "priority"]].values.tolist()
    [['price', 1], ['brand', 2], ['trust', <NA>]]
    """
    where = "positive_zone"
    data = _frame(data, where)
    _z(confidence, where)
    lo_s, hi_s = float(scale[0]), float(scale[1])
    if not lo_s <= threshold <= hi_s:
        raise CxParameterError(f"{where}: threshold {threshold!r} is outside the rating scale {scale!r}")
    low = _boxes(low, "low")
    cols = _rating_columns(data, attributes, where)
    labels = [_label(c) for c in cols]
    ratings = _numeric(data, cols, where, low=lo_s, high=hi_s)
    types = _factor_types(classification, labels)
    rows = []
    for c, lab in zip(cols, labels):
        m, lo, hi = mean_interval(ratings[c].to_numpy(), confidence=confidence)
        in_zone = bool(m >= threshold)
        ftype = types[lab]
        rows.append(
            {
                "attribute": lab,
                "factor": ftype,
                "performance": m,
                "ci_low": lo,
                "ci_high": hi,
                "share_low": float(ratings[c].isin(low).mean()),
                "threshold": float(threshold),
                "in_zone": in_zone,
                "clearly_below": bool(hi < threshold),
                "priority": pd.NA if in_zone else PRIORITY[ftype],
            }
        )
    table = pd.DataFrame(rows)
    table["priority"] = table["priority"].astype("Int64")
    table = (
        table.assign(_sort=table["priority"].fillna(99))
        .sort_values(["_sort", "performance"], kind="stable")
        .drop(columns="_sort")
        .reset_index(drop=True)
    )
    return PositiveZoneResult(table=table, threshold=float(threshold), scale=(lo_s, hi_s), confidence=confidence)
