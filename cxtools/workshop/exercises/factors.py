"""Self-checks of the workshop exercises in ``02_herzberg`` (hygiene factors and motivators).

Each function computes the expected answer from the data the self-check is given
(:func:`cxtools.workshop.check` passes them as keyword arguments), so the checks hold on
every group's data set. The hints never reveal the answer.

References
----------
Brandt, D. R. (1987), see :func:`cxtools.factors.penalty_reward`; Herzberg, F.,
Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*. Wiley.
"""

from __future__ import annotations

from typing import Any, Sequence

from cxtools.core.errors import CxDataError
from cxtools.workshop.registry import exercise

__all__ = ["hygiene_factors", "low_box_share", "fix_first", "below_zone", "kano_agrees"]


def _prca(responses, attributes, overall, low, high, alpha):
    from cxtools import factors

    return factors.penalty_reward(responses, attributes=list(attributes), overall=overall, low=low, high=high,
                                  alpha=alpha)


def _zone(responses, attributes, overall, low, high, alpha, scale, threshold):
    from cxtools import factors

    prca = _prca(responses, attributes, overall, low, high, alpha)
    return factors.positive_zone(responses, classification=prca, attributes=list(attributes), threshold=threshold,
                                 low=low, scale=scale)


@exercise("02-hygiene-factors", "Which attributes are hygiene factors (basic) in the penalty-reward analysis?",
          hints=("Read the Type column of the penalty-reward table.",
                 "Only attributes called 'basic (hygiene factor)' count; performance factors work both ways."))
def hygiene_factors(*, responses, attributes: Sequence[str], overall: str, low, high, alpha: float) -> set:
    """The attributes the penalty-reward analysis calls basic (hygiene factors).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600), "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 600)
    >>> hygiene_factors(responses=df, attributes=["rating_price", "rating_brand"],
    ...                 overall="overall_satisfaction", low=(1, 2), high=(4, 5), alpha=0.05)
    {'price'}
    """
    prca = _prca(responses, attributes, overall, low, high, alpha)
    return set(prca.by_category()["basic"])


@exercise("02-low-box-share", "What share of respondents rate the attribute to fix first in the low box?",
          hints=("Count the respondents whose answer for that attribute is in the low box, and divide.",
                 "Use the respondents in the analysis (every rating given) and the low box of the data section; "
                 "answer a fraction, not a percentage."))
def low_box_share(*, responses, attributes: Sequence[str], attribute: str, low) -> float:
    """Share of ``responses`` whose rating of ``attribute`` (label or column) is in the low box.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"rating_price": [1, 2, 3, 5]})
    >>> low_box_share(responses=df, attributes=["rating_price"], attribute="price", low=(1, 2))
    0.5
    """
    from cxtools.factors._common import _label

    by_label = {_label(c): c for c in attributes}
    column = attribute if attribute in responses.columns else by_label.get(attribute)
    if column is None:
        raise CxDataError(f"02-low-box-share: attribute {attribute!r} is not one of {list(by_label)}")
    return float(responses[column].isin(list(low)).mean())


@exercise("02-fix-first", "Which attribute would you fix first (Herzberg's order of work)?",
          hints=("Look at the positive-zone table: which attributes are below the zone, and of which type?",
                 "Hygiene factors below the zone come before motivators; within a type, the lowest average first."))
def fix_first(*, responses, attributes: Sequence[str], overall: str, low, high, alpha: float, scale,
              threshold: float) -> str:
    """The first attribute of the positive-zone action list (``"none"`` when all are in the zone).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 5, 600), "rating_brand": rng.integers(2, 6, 600)})
    >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 600)
    >>> fix_first(responses=df, attributes=["rating_price", "rating_brand"], overall="overall_satisfaction",
    ...           low=(1, 2), high=(4, 5), alpha=0.05, scale=(1, 5), threshold=3.5)
    'price'
    """
    z = _zone(responses, attributes, overall, low, high, alpha, scale, threshold).table
    below = z.loc[~z["in_zone"], "attribute"]
    return str(below.iloc[0]) if len(below) else "none"


@exercise("02-below-zone", "How many attributes are below their positive zone?", tolerance=0,
          hints=("Compare each attribute's average rating with the threshold of the positive zone.",
                 "An attribute is in the zone when its average is at least the threshold; count the others."))
def below_zone(*, responses, attributes: Sequence[str], threshold: float) -> int:
    """How many attributes have a mean rating below ``threshold``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [2, 3], "b": [4, 5], "c": [3, 4]})
    >>> below_zone(responses=df, attributes=["a", "b", "c"], threshold=4)
    2
    """
    means = responses[list(attributes)].astype(float).mean()
    return int((means < threshold).sum())


@exercise("02-kano-agrees", "For how many attributes do Kano and the survey agree on the factor type?",
          tolerance=0,
          hints=("Put the factor column of the Kano table next to the one of the penalty-reward table.",
                 "Only attributes in both tables count; compare hygiene / performance / motivator / unclear."))
def kano_agrees(*, responses, attributes: Sequence[str], overall: str, low, high, alpha: float, kano: Any) -> int:
    """Attributes that Kano and the penalty-reward analysis put in the same factor type.

    Raises
    ------
    CxDataError
        No Kano questionnaire was given, or it shares no attribute with the survey.
    """
    if kano is None:
        raise CxDataError("no Kano questionnaire was provided with this data set")
    prca = _prca(responses, attributes, overall, low, high, alpha)
    survey = dict(zip(prca.table["attribute"], prca.table["factor"]))
    questionnaire = dict(zip(kano.table["attribute"], kano.table["factor"]))
    shared = [a for a in survey if a in questionnaire]
    if not shared:
        raise CxDataError("the Kano questionnaire names none of the survey's attributes")
    return sum(survey[a] == questionnaire[a] for a in shared)
