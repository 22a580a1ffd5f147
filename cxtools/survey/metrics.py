"""The headline numbers of a survey analysis for ``metrics.json``, from the results.

Plain Python types, shares as fractions (``{"value": 0.62, "unit": "fraction"}``) and p-values as
numbers (``{"value": 0.004, "unit": "p-value"}``), the forms the report runner's
``cxtools.report.share`` and ``cxtools.report.p_value`` build.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxtools.survey.drivers import RATING_PREFIX, RelativeWeights
from cxtools.survey.nps import NPSTrendSlope
from cxtools.survey.reliability import CronbachAlpha

__all__ = ["headline_metrics"]

#: Units with a fixed meaning in ``metrics.json`` (the runner's schema): a share is a fraction, a p-value a number.
_FRACTION, _P_VALUE = "fraction", "p-value"


def _share(frame: pd.DataFrame | None, column: str) -> float | None:
    """The first row's share in ``column``, or None when the metric was not computed or is empty."""
    if frame is None or column not in frame or len(frame) == 0:
        return None
    value = float(frame[column].iloc[0])
    return None if np.isnan(value) else value


def _measure(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit}


def headline_metrics(
    nps_overall: pd.DataFrame | None = None,
    *,
    satisfaction: pd.DataFrame | None = None,
    csat: pd.DataFrame | None = None,
    ces: pd.DataFrame | None = None,
    nps_by_segment: pd.DataFrame | None = None,
    segment_tests: pd.DataFrame | None = None,
    slope: NPSTrendSlope | None = None,
    reliability: CronbachAlpha | None = None,
    drivers: RelativeWeights | None = None,
) -> dict[str, Any]:
    """The headline numbers of the survey results given, for ``metrics.json``.

    A metric whose result is not given, or could not be computed (no CES answers, say), is
    left out rather than written as NaN.

    Parameters
    ----------
    nps_overall : DataFrame, optional
        :func:`cxtools.survey.nps` without ``by`` (one row).
    satisfaction : DataFrame, optional
        :func:`cxtools.survey.likert_summary` of the overall-satisfaction item alone.
    csat, ces : DataFrame, optional
        :func:`cxtools.survey.csat` and :func:`cxtools.survey.ces` without ``by``.
    nps_by_segment, segment_tests : DataFrame, optional
        :func:`cxtools.survey.nps` by one segment column and :func:`cxtools.survey.nps_pairwise`
        on the same column.
    slope : NPSTrendSlope, optional
    reliability : CronbachAlpha, optional
    drivers : RelativeWeights, optional

    Returns
    -------
    dict
        ``n_respondents``, ``n_effective``, ``nps``, ``nps_ci_low``, ``nps_ci_high``,
        ``csat_top_box``, ``ces_easy``, ``satisfaction_mean``, ``nps_by_segment``,
        ``nps_segment_gap_p_holm``, ``nps_segment_gap_significant``,
        ``nps_trend_points_per_wave``, ``nps_trend_p_value``, ``nps_trend_significant``,
        ``scale_alpha``, ``top_driver``, ``drivers_r_squared`` (those given).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.survey import csat, nps
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5})
    >>> m = headline_metrics(nps(df), csat=csat(df))
    >>> m["nps"], m["csat_top_box"]
    (25.0, {'value': 0.625, 'unit': 'fraction'})
    """
    metrics: dict[str, Any] = {}
    if nps_overall is not None:
        overall = nps_overall.iloc[0]
        metrics.update({
            "n_respondents": int(overall["n"]),
            "n_effective": round(float(overall["n_eff"]), 1),
            "nps": round(float(overall["nps"]), 1),
            "nps_ci_low": round(float(overall["ci_low"]), 1),
            "nps_ci_high": round(float(overall["ci_high"]), 1),
        })
    satisfied, easy = _share(csat, "top_box_share"), _share(ces, "easy_share")
    if satisfied is not None:
        metrics["csat_top_box"] = _measure(round(satisfied, 4), _FRACTION)
    if easy is not None:
        metrics["ces_easy"] = _measure(round(easy, 4), _FRACTION)
    mean_sat = _share(satisfaction, "mean")
    if mean_sat is not None:
        metrics["satisfaction_mean"] = round(mean_sat, 3)
        metrics.setdefault("n_respondents", int(satisfaction.iloc[0]["n"]))  # type: ignore[union-attr]  # a mean implies the table
    if nps_by_segment is not None and segment_tests is not None and len(segment_tests):
        segment = nps_by_segment.attrs["by"][0]
        gap = segment_tests.loc[segment_tests["p_adjusted"].idxmin()]
        metrics["nps_by_segment"] = {str(k): round(float(v), 1)
                                     for k, v in zip(nps_by_segment[segment], nps_by_segment["nps"])}
        metrics["nps_segment_gap_p_holm"] = _measure(float(gap["p_adjusted"]), _P_VALUE)
        metrics["nps_segment_gap_significant"] = bool(gap["significant"])
    if slope is not None:
        metrics["nps_trend_points_per_wave"] = round(slope.slope, 2)
        metrics["nps_trend_p_value"] = _measure(float(slope.p_value), _P_VALUE)
        metrics["nps_trend_significant"] = bool(slope.significant)
    if reliability is not None:
        metrics["scale_alpha"] = round(reliability.alpha, 3)
    if drivers is not None:
        metrics["top_driver"] = str(drivers.table.iloc[0]["driver"]).removeprefix(RATING_PREFIX)
        metrics["drivers_r_squared"] = round(drivers.r_squared, 3)
    return metrics
