"""Workshop exercises of notebook 03 (survey metrics): the expected answer of each self-check.

Every function computes its answer from the data the self-check is given, with the same
package functions the notebook uses, so the check works on every group's data set and never
shows the number. Register new ones with :func:`cxtools.workshop.exercise`.

Examples
--------
>>> import pandas as pd
>>> from cxtools import workshop
>>> answers = pd.DataFrame({"recommend": [10, 9, 9, 8, 7, 3, 10, 6, 0, 9] * 5})
>>> workshop.check("03-nps-interval-width", 100.0, answers=answers, score="recommend", display=False).passed
False
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from cxtools.workshop.registry import exercise

__all__ = ["nps_interval_width", "segment_gap_significant", "csat_top_box_share", "top_driver",
           "likert_alpha"]


@exercise(
    "03-nps-interval-width",
    "How wide (in NPS points) is the 95% interval of the NPS computed from these 50 answers?",
    tolerance=0.01,
    hints=(
        "Compute survey.nps(...) on the 50 answers and subtract the lower end of the interval from the upper end.",
        "Use the answers you were given (not the whole survey), no weights, and the default interval; "
        "the width is in points, not a share.",
    ),
)
def nps_interval_width(answers: pd.DataFrame, *, score: str) -> float:
    """Width of the 95% Wald interval of the NPS (Rocks 2016) of ``answers``, in points.

    Examples
    --------
    >>> answers = pd.DataFrame({"q": [10, 9, 3, 8] * 10})
    >>> round(nps_interval_width(answers, score="q"), 1)
    51.4
    """
    from cxtools import survey

    row = survey.nps(answers, score=score).iloc[0]
    return float(row["ci_high"] - row["ci_low"])


@exercise(
    "03-segment-gap",
    "Is the NPS gap between the highest- and the lowest-scoring segment significant once every pair "
    "of segments is tested (Holm's correction)? Answer True or False.",
    hints=(
        "survey.nps_pairwise(...) tests every pair of segments and holds the Holm-adjusted p-values.",
        "Look up the pair of the best and the worst segment and use its Holm-adjusted p-value "
        "(the 'significant' column), not the unadjusted one.",
    ),
)
def segment_gap_significant(responses: pd.DataFrame, *, score: str, by: str, weight: str | None = None) -> bool:
    """Whether the best-versus-worst segment gap survives Holm's correction over all pairs.

    Examples
    --------
    >>> df = pd.DataFrame({"q": [10, 9, 9, 10] * 20 + [0, 3, 5, 8] * 20, "seg": ["A"] * 80 + ["B"] * 80})
    >>> segment_gap_significant(df, score="q", by="seg")
    True
    """
    from cxtools import survey
    from cxtools.core.errors import CxDataError

    by_segment = survey.nps(responses, score=score, by=by, weight=weight)
    if len(by_segment) < 2:
        raise CxDataError(f"03-segment-gap: column {by!r} has fewer than two segments")
    best = by_segment.loc[by_segment["nps"].idxmax(), by]
    worst = by_segment.loc[by_segment["nps"].idxmin(), by]
    pairs = survey.nps_pairwise(responses, score=score, by=by, weight=weight)
    hit = pairs[((pairs["group_a"] == best) & (pairs["group_b"] == worst))
                | ((pairs["group_a"] == worst) & (pairs["group_b"] == best))]
    return bool(hit["significant"].iloc[0])


@exercise(
    "03-csat-top-box",
    "What share of the CSAT answers falls in the top box? Give a fraction (0.62, not 62).",
    hints=(
        "The top box is given by the data description (desc.survey.csat.top_box); survey.csat(...) computes its share.",
        "Pass the item's scale and top box from the description, and the weights when the survey has them; "
        "answer as a fraction between 0 and 1.",
    ),
)
def csat_top_box_share(responses: pd.DataFrame, *, score: str, scale: Sequence[int], top_box: Sequence[int],
                       weight: str | None = None) -> float:
    """Top-box share of a CSAT item on its own scale (Wilson 1927 for its interval).

    Examples
    --------
    >>> df = pd.DataFrame({"sat": [10, 9, 2, 7]})
    >>> csat_top_box_share(df, score="sat", scale=(1, 10), top_box=(9, 10))
    0.5
    """
    from cxtools import survey

    row = survey.csat(responses, score=score, scale=tuple(scale), top_box=tuple(top_box), weight=weight).iloc[0]  # type: ignore[arg-type]  # a pair
    return float(row["top_box_share"])


@exercise(
    "03-top-driver",
    "Which attribute explains the largest share of overall satisfaction (Shapley / LMG decomposition)? "
    "Give the column name.",
    hints=(
        "survey.relative_weights(...) ranks the attributes; the first row of its table is the biggest driver.",
        "Use the attribute items and the overall-satisfaction item from the data description, "
        "and give the column name as it appears in the data.",
    ),
)
def top_driver(responses: pd.DataFrame, *, drivers: Sequence[str], outcome: str, weight: str | None = None) -> str:
    """The column with the largest relative weight (Lindeman, Merenda & Gold 1980; Grömping 2006).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    >>> df["y"] = df["b"] + 0.3 * df["a"] + rng.normal(size=200)
    >>> top_driver(df, drivers=["a", "b", "c"], outcome="y")
    'b'
    """
    from cxtools import survey

    result = survey.relative_weights(responses, drivers=list(drivers), outcome=outcome, weight=weight, n_boot=0)
    return str(result.table["driver"].iloc[0])


@exercise(
    "03-cronbach-alpha",
    "What is Cronbach's alpha of the Likert items? Can they be averaged into one score?",
    tolerance=0.01,
    hints=(
        "survey.cronbach_alpha(...) takes the items (after reversed items are recoded, which the loader does).",
        "Use every Likert item the data description names, with the weights when the survey has them.",
    ),
)
def likert_alpha(responses: pd.DataFrame, *, items: Sequence[str], weight: str | None = None) -> float:
    """Cronbach's (1951) alpha of ``items``.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5, 4], "q2": [2, 2, 3, 5, 5, 4], "q3": [1, 3, 3, 4, 4, 5]})
    >>> round(likert_alpha(df, items=["q1", "q2", "q3"]), 3)
    0.944
    """
    from cxtools import survey

    return float(survey.cronbach_alpha(responses, items=list(items), weight=weight).alpha)
