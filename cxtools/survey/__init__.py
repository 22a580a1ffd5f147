"""Survey metrics: NPS, CSAT, CES, Likert items, weights, cross-tabs, reliability, drivers.

Research question 3 of cxtools: *what do customers say, does it differ between
segments and waves, and what drives it?*

Every metric comes with an interval. Respondent weights are optional everywhere;
when they are given, shares and means are weighted and intervals use Kish's
effective sample size (:func:`effective_sample_size`) in place of the number of
respondents, the usual first-order allowance for the loss of precision that
unequal weights cause.

Net Promoter Scores are reported on the familiar -100..100 point scale
(percentage of promoters minus percentage of detractors).

The modules, by concept: :mod:`~cxtools.survey.nps`, :mod:`~cxtools.survey.scales`
(CSAT, CES, Likert), :mod:`~cxtools.survey.weights` (effective sample size, raking),
:mod:`~cxtools.survey.crosstab`, :mod:`~cxtools.survey.reliability` (Cronbach's alpha),
:mod:`~cxtools.survey.drivers` (relative weights), :mod:`~cxtools.survey.labels` and
:mod:`~cxtools.survey.metrics` (the headline numbers for ``metrics.json``). Figures are in
:mod:`cxtools.plots.survey`; tables and sentences for a reader in :mod:`cxtools.narrative.survey`.

Examples
--------
>>> import pandas as pd
>>> import cxtools.survey as sv
>>> sv.nps(pd.DataFrame({"nps": [10, 9, 3, 8]}))["nps"].tolist()
[25.0]
"""

from __future__ import annotations

from typing import Any

from cxtools.core.wording import format_p_value
from cxtools.survey.crosstab import Crosstab, crosstab
from cxtools.survey.drivers import EXACT_MAX_DRIVERS, RATING_PREFIX, RelativeWeights, relative_weights
from cxtools.survey.labels import item_labels
from cxtools.survey.metrics import headline_metrics
from cxtools.survey.nps import (
    NPS_CATEGORIES,
    NPS_DETRACTOR_MAX,
    NPS_PASSIVE_MAX,
    NPSDifference,
    NPSTrendSlope,
    nps,
    nps_category,
    nps_difference,
    nps_pairwise,
    nps_trend,
    nps_trend_slope,
)
from cxtools.survey.reliability import CronbachAlpha, cronbach_alpha
from cxtools.survey.scales import ces, csat, likert_distribution, likert_summary
from cxtools.survey.weights import effective_sample_size, rake_weights, raking_margins

__all__ = [
    "NPS_CATEGORIES",
    "NPS_DETRACTOR_MAX",
    "NPS_PASSIVE_MAX",
    "nps_category",
    "nps",
    "NPSDifference",
    "nps_difference",
    "nps_pairwise",
    "nps_trend",
    "NPSTrendSlope",
    "nps_trend_slope",
    "effective_sample_size",
    "format_p_value",
    "csat",
    "ces",
    "likert_summary",
    "likert_distribution",
    "rake_weights",
    "raking_margins",
    "item_labels",
    "Crosstab",
    "crosstab",
    "CronbachAlpha",
    "cronbach_alpha",
    "RelativeWeights",
    "relative_weights",
    "EXACT_MAX_DRIVERS",
    "RATING_PREFIX",
    "headline_metrics",
]

#: Public names that moved out of this package, kept here for one release: name -> new module.
_MOVED = {
    "plot_likert": "cxtools.plots.survey",
    "plot_nps": "cxtools.plots.survey",
    "plot_nps_trend": "cxtools.plots.survey",
    "plot_crosstab": "cxtools.plots.survey",
    "plot_drivers": "cxtools.plots.survey",
    "report_table": "cxtools.narrative.survey",
    "headline_table": "cxtools.narrative.survey",
    "findings": "cxtools.narrative.survey",
    "role_labels": "cxtools.narrative.survey",
}


def __getattr__(name: str) -> Any:
    """The moved figures and report texts, still reachable here for one release with a FutureWarning."""
    if name in _MOVED:
        import importlib
        import warnings

        warnings.warn(f"cxtools.survey.{name} is now {_MOVED[name]}.{name}; the old name will stop working in the "
                      "next release", FutureWarning, stacklevel=2)
        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module 'cxtools.survey' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_MOVED])
