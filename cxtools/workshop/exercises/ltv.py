"""Workshop exercises of notebook 01 (customer lifetime value): expected answers and hints.

Every expected answer is computed from the data the self-check is given, so the check
works on every group's data set. The hints never give the number.

Exercises
---------
- ``01-naive-lifetime`` -- the naive mean lifetime (mean duration of ended contracts);
  the notebook then compares it with the Kaplan-Meier median and asks why they differ.
- ``01-derl-vs-del`` -- how many times a new customer's value (DEL) a customer who has
  renewed 24 times is worth (DERL), under a shifted-beta-geometric model.
- ``01-lapsed-regulars`` -- expected remaining CLV of regular buyers who are probably lost.
- ``01-better-repeat-model`` -- which repeat-buying model predicts the holdout period better.
- ``01-churn-cut-value`` -- what a 2-point cut in annual churn is worth per customer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxtools.core.errors import CxDataError
from cxtools.workshop.registry import exercise

__all__ = [
    "naive_lifetime_answer",
    "derl_vs_del_answer",
    "lapsed_regulars_answer",
    "better_repeat_model_answer",
    "churn_cut_value_answer",
]


def _need(frame, what: str, columns) -> pd.DataFrame:
    if frame is None:
        raise CxDataError(f"this exercise needs {what}, which this data set does not provide")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CxDataError(f"this exercise needs the columns {missing} in {what}; it has {list(frame.columns)}")
    return frame


@exercise(
    "01-naive-lifetime",
    "Compute the naive mean lifetime: the mean duration of the contracts that have ended.",
    tolerance=0.01,
    hints=(
        "Keep only the rows whose relationship has ended (the event column is true), then average their duration.",
        "Only ended contracts count: customers still active are left out, and every segment is pooled.",
    ),
)
def naive_lifetime_answer(durations: pd.DataFrame | None = None, *, duration: str = "duration_months",
                          event: str = "event") -> float:
    """Mean duration of the ended relationships (all segments pooled).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"duration_months": [2.0, 4.0, 10.0, 12.0], "event": [True, True, False, False]})
    >>> naive_lifetime_answer(d)
    3.0
    """
    d = _need(durations, "contract durations", [duration, event])
    ended = d.loc[d[event].astype(bool), duration]
    if ended.empty:
        raise CxDataError("no contract has ended in this data set, so there is no naive mean to compute")
    return float(ended.mean())


@exercise(
    "01-derl-vs-del",
    "How many times the value of a new customer (DEL) is a customer who has renewed 24 times worth (DERL)?",
    tolerance=0.01,
    hints=(
        "Use the fitted sBG model: its derl(...) with renewals_so_far=24 and its discounted_expected_lifetime(...), "
        "with the same margin and monthly discount rate, then divide.",
        "Divide DERL by DEL (not the other way round), both with the monthly -- not annual -- discount rate.",
    ),
)
def derl_vs_del_answer(model=None, *, discount_rate: float, renewals: int = 24) -> float:
    """DERL after ``renewals`` renewals divided by DEL (the margin cancels out).

    Fader & Hardie (2010), eq. 4 (DEL) and eq. 6 (DERL); see
    :class:`cxtools.ltv.sbg.ShiftedBetaGeometricModel`.

    Examples
    --------
    >>> from cxtools.ltv.sbg import ShiftedBetaGeometricModel
    >>> m = ShiftedBetaGeometricModel.from_params(1.0, 1.0)
    >>> round(derl_vs_del_answer(m, discount_rate=0.01), 2)
    7.17
    """
    if model is None:
        raise CxDataError("this exercise needs a fitted sBG model, which this data set does not provide")
    derl = float(np.asarray(model.derl(margin=1.0, discount_rate=discount_rate, renewals_so_far=renewals)).ravel()[0])
    return derl / float(model.discounted_expected_lifetime(margin=1.0, discount_rate=discount_rate))


@exercise(
    "01-lapsed-regulars",
    "How much CLV does the model still expect from customers with at least 2 repeat purchases whose "
    "probability of being active is below 30%?",
    tolerance=0.01,
    hints=(
        "Filter the customer table on frequency and probability_alive, then add up the clv column.",
        "At least 2 repeat purchases means frequency >= 2; below 30% means probability_alive < 0.3 (strictly).",
    ),
)
def lapsed_regulars_answer(summary: pd.DataFrame | None = None, *, min_frequency: int = 2,
                           max_alive: float = 0.3) -> float:
    """Sum of ``clv`` over customers with ``frequency >= min_frequency`` and ``probability_alive < max_alive``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 2, 3, 5], "probability_alive": [1.0, 0.2, 0.5, 0.1],
    ...                   "clv": [10.0, 4.0, 30.0, 1.5]})
    >>> lapsed_regulars_answer(s)
    5.5
    """
    s = _need(summary, "the customer table with CLV", ["frequency", "probability_alive", "clv"])
    lapsed = s[(s["frequency"] >= min_frequency) & (s["probability_alive"] < max_alive)]
    return float(lapsed["clv"].sum())


@exercise(
    "01-better-repeat-model",
    'Which repeat-buying model predicts the holdout period better: "BG/NBD" or "Pareto/NBD"?',
    hints=(
        "Fit both models on the calibration period and compare their holdout errors (holdout_errors(...).mae).",
        "The better model has the smaller mean absolute error per customer in the holdout period; answer with "
        'its name exactly as "BG/NBD" or "Pareto/NBD".',
    ),
)
def better_repeat_model_answer(calibration_summary: pd.DataFrame | None = None, *, time_unit: str = "week") -> str:
    """The model (BG/NBD or Pareto/NBD) with the smaller mean absolute holdout error.

    Both are fitted here on the calibration columns (Fader, Hardie & Lee 2005, section 4).
    """
    from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel, holdout_errors

    cs = _need(calibration_summary, "a calibration / holdout summary of the purchases",
               ["frequency_cal", "recency_cal", "T_cal", "frequency_holdout"])
    mae = {cls._label: holdout_errors(cls(time_unit=time_unit).fit(cs), cs).mae
           for cls in (BetaGeoModel, ParetoNBDModel)}
    # a model whose holdout prediction is not a number cannot be the better one (as compare_repeat_models)
    usable = {name: value for name, value in mae.items() if np.isfinite(value)}
    if not usable:
        raise CxDataError("neither model gives a usable holdout prediction on this data set")
    return min(usable, key=usable.__getitem__)


@exercise(
    "01-churn-cut-value",
    "What is a cut of 2 points in annual churn worth per customer (discounted, over the horizon), "
    "with profit per customer unchanged?",
    tolerance=0.01,
    hints=(
        "experience_scenarios(...) with churn_reduction_points=[2] and spend_uplift_pct=[0] gives ltv_uplift.",
        "Use the segment's average profit per month, its annual churn, the annual discount rate, the horizon in "
        'months and timing="start", as the section above does; the answer is money per customer, not per cent.',
    ),
)
def churn_cut_value_answer(*, margin: float, annual_churn: float, discount_rate: float, horizon_months: int,
                           points: float = 2.0) -> float:
    """Gain in discounted LTV per customer when annual churn falls by ``points`` percentage points.

    Constant retention ``r = (1 - churn) ** (1/12)`` per month, profit paid at the start of
    each month, at most ``horizon_months`` months (Gupta & Lehmann 2003).

    Examples
    --------
    >>> round(churn_cut_value_answer(margin=50, annual_churn=0.2, discount_rate=0.1, horizon_months=60), 1)
    70.9
    """
    from cxtools.ltv.simple import experience_scenarios

    if not annual_churn > points / 100:
        raise CxDataError(f"annual churn {annual_churn:.3f} is not above the cut of {points:g} points")
    s = experience_scenarios(margin=margin, annual_churn=annual_churn, churn_reduction_points=[points],
                             spend_uplift_pct=[0.0], annual_discount_rate=discount_rate,
                             horizon_months=horizon_months, timing="start")
    return float(s["ltv_uplift"].iloc[0])
