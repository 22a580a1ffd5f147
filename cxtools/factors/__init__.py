"""Hygiene factors and motivators: what drives satisfaction and dissatisfaction.

Herzberg's two-factor theory (Herzberg, Mausner & Snyderman 1959), carried over
to customers: satisfaction and dissatisfaction are not two ends of one scale but
two dimensions with different sources. *Hygiene factors* (price, quality,
availability) cause dissatisfaction when they fall short but add little when
excellent; *motivators* (a good deal, brand attachment, comfort, trust) create
satisfaction when present. In Kano's vocabulary hygiene factors are *basic*
(must-be, M) attributes, motivators are *excitement* (attractive, A) attributes,
and attributes that work both ways are *performance* (one-dimensional, O)
attributes.

Methods (computation only; the figures are in :mod:`cxtools.plots.factors`, the
sentences and stakeholder tables in :mod:`cxtools.narrative.factors`)
--------------------------------------------------------------------------------------
- :func:`penalty_reward` -- penalty-reward contrast analysis (Brandt 1987) with the
  classification into basic / performance / excitement (:mod:`.penalty_reward`);
- :func:`impact_asymmetry` -- the impact-asymmetry index (Mikulić & Prebežac 2008)
  with bootstrap intervals (:mod:`.penalty_reward`);
- :func:`kano_categories` -- Kano questionnaire evaluation (Kano et al. 1984;
  Berger et al. 1993) with Fong's (1996) test and Better/Worse coefficients (:mod:`.kano`);
- :func:`importance_performance` -- importance-performance analysis
  (Martilla & James 1977) with stated or derived importance (:mod:`.importance`);
- :func:`positive_zone` -- is every factor in its positive zone? (:mod:`.zone`);
- :func:`critical_incidents` -- Herzberg's critical-incident method: which
  categories dominate positive or negative stories (:mod:`.incidents`);
- :func:`rating_columns`, :func:`attribute_scale`, :func:`scale_boxes` -- the rating
  columns, their shared scale and its low and high boxes (:mod:`.scales`).

Rating columns default to every column whose name starts with ``rating_``; the
label shown for an attribute is the column name without that prefix.

The plots (``plot_penalty_reward`` ...) and the words (``findings``, ``key_findings``,
``localise_table``) are still reachable here for one release, with a FutureWarning.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from cxtools.factors._common import FACTOR_TYPES, RATING_PREFIX, FactorResult
from cxtools.factors.importance import ImportancePerformanceResult, importance_performance
from cxtools.factors.incidents import CriticalIncidentsResult, critical_incidents
from cxtools.factors.kano import (
    KANO_CATEGORY_NAMES,
    KANO_TABLE,
    FongTest,
    KanoResult,
    fong_test,
    kano_categories,
    kano_category,
    normalise_kano_answers,
)
from cxtools.factors.penalty_reward import (
    ImpactAsymmetryResult,
    PenaltyRewardResult,
    impact_asymmetry,
    penalty_reward,
)
from cxtools.factors.scales import attribute_scale, rating_columns, scale_boxes
from cxtools.factors.zone import PositiveZoneResult, positive_zone

__all__ = [
    "RATING_PREFIX",
    "FACTOR_TYPES",
    "KANO_TABLE",
    "KANO_CATEGORY_NAMES",
    "FactorResult",
    "PenaltyRewardResult",
    "ImpactAsymmetryResult",
    "KanoResult",
    "FongTest",
    "ImportancePerformanceResult",
    "PositiveZoneResult",
    "CriticalIncidentsResult",
    "rating_columns",
    "penalty_reward",
    "impact_asymmetry",
    "kano_categories",
    "kano_category",
    "normalise_kano_answers",
    "fong_test",
    "importance_performance",
    "positive_zone",
    "critical_incidents",
    "scale_boxes",
    "attribute_scale",
]

#: Names that moved out of this module, and where to: one-release aliases with a FutureWarning.
_MOVED = {
    "plot_penalty_reward": "cxtools.plots.factors",
    "plot_kano": "cxtools.plots.factors",
    "plot_importance_performance": "cxtools.plots.factors",
    "plot_positive_zone": "cxtools.plots.factors",
    "plot_critical_incidents": "cxtools.plots.factors",
    "findings": "cxtools.narrative.factors",
    "key_findings": "cxtools.narrative.factors",
    "localise_table": "cxtools.narrative.factors",
}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    new = _MOVED[name]
    warnings.warn(f"cxtools.factors.{name} is now {new}.{name}; the old name will stop working in the next release",
                  FutureWarning, stacklevel=2)
    return getattr(importlib.import_module(new), name)
