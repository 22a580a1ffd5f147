"""From experience to money: link survey answers to what customers do and are worth.

Research question 4 of cxtools: *what is a better customer experience worth, in money,
for this business?* The data form layers, the service-profit chain of Heskett et al.
(1994): the **operations** behind the experience (waiting times, repeat contacts,
complaints) shape **satisfaction**; satisfaction shapes **behaviour** (whether customers
stay, how much they buy); behaviour is **money**. This package joins the layers through the
customer id and measures each link; it computes, and leaves the words and figures to
:mod:`cxtools.narrative.value` and :mod:`cxtools.plots.value`.

Workflow
--------
1. :func:`link_survey_to_customers` (:mod:`~cxtools.value.link`) -- respondents joined to
   their contract, purchases and operations record, with a coverage table saying how many
   matched and why the others did not. Time at risk starts at the survey response and is
   censored at the as-of date.
2. Retention after the survey by NPS group or :func:`satisfaction_band`: Kaplan-Meier
   curves and the log-rank test of :mod:`cxtools.ltv.survival` on ``months_at_risk`` /
   ``churned``.
3. :func:`churn_hazard_ratios` -- Cox proportional-hazards model (statsmodels ``PHReg``)
   adjusted for tenure and products.
4. :func:`value_by_group` -- churn rate, spend per month and lifetime value per group
   (Gupta & Lehmann 2003); :func:`value_of_moving` -- what moving a share of customers
   from one group to another is worth, with a customer-level bootstrap interval
   (:mod:`~cxtools.value.groups`).
5. :func:`programme_effect` -- a CX programme's effect as the product of lower churn
   and higher spend per customer, applied to the customer base (:mod:`~cxtools.value.programme`).
6. :func:`operations_chain` -- operations -> satisfaction -> churn -> lifetime value,
   estimated as one chain (:mod:`~cxtools.value.chain`).
7. :func:`purchase_value_link` -- the purchases-only route, for customers without contracts
   (:mod:`~cxtools.value.purchases`).

Money is in the business's currency, named by ``currency=`` (an ISO code such as "RUB" or
"EUR", or a label; :data:`DEFAULT_CURRENCY` when none is named); time in months (a month is
365.25 / 12 days); discount rates are given per year and converted to a monthly compound
rate with :func:`cxtools.ltv.discounting.annual_to_period_rate`. :func:`churn_hazard_ratios`
and :class:`CoxResult` live in :mod:`cxtools.ltv.survival` and are re-exported here.
"""

from __future__ import annotations

from typing import Any

from cxtools.ltv.survival import CoxResult, churn_hazard_ratios
from cxtools.value._common import AS_OF, DAYS_PER_MONTH, DEFAULT_CURRENCY
from cxtools.value.chain import DRIVER_LABELS, ValueChain, operations_chain
from cxtools.value.groups import ValueOfMoving, value_by_group, value_of_moving
from cxtools.value.link import SATISFACTION_BANDS, UNMATCHED_REASONS, JoinResult, link_survey_to_customers, satisfaction_band
from cxtools.value.programme import ProgrammeEffect, programme_effect
from cxtools.value.purchases import EFFECTS_CONFIDENCE, PurchaseLink, purchase_value_link

__all__ = [
    "AS_OF",
    "DAYS_PER_MONTH",
    "DEFAULT_CURRENCY",
    "SATISFACTION_BANDS",
    "UNMATCHED_REASONS",
    "JoinResult",
    "link_survey_to_customers",
    "satisfaction_band",
    "CoxResult",
    "churn_hazard_ratios",
    "value_by_group",
    "ValueOfMoving",
    "value_of_moving",
    "ProgrammeEffect",
    "programme_effect",
    "DRIVER_LABELS",
    "ValueChain",
    "operations_chain",
    "EFFECTS_CONFIDENCE",
    "PurchaseLink",
    "purchase_value_link",
]

#: Names that moved out of this package, kept reachable here for one release (FutureWarning).
_MOVED: dict[str, str] = {
    **{name: "cxtools.plots.value" for name in ("plot_value_chain", "plot_retention", "plot_value_by_group",
                                                 "plot_value_of_moving")},
    **{name: "cxtools.narrative.value" for name in ("plain_value_table", "hazard_ratio_table", "retention_table",
                                                     "sources_table", "rejections_table", "section_note",
                                                     "business_case", "churn_findings", "key_findings",
                                                     "purchase_case", "ROUTES", "VALUE_TABLE_LABELS",
                                                     "GROUP_NAMES")},
    "format_p_value": "cxtools.core.wording",
}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    import warnings

    new = _MOVED[name]
    warnings.warn(f"cxtools.value.{name} is now {new}.{name}; the old name will stop working in the next release",
                  FutureWarning, stacklevel=2)
    return getattr(importlib.import_module(new), name)


def __dir__() -> list[str]:
    return sorted(globals())
