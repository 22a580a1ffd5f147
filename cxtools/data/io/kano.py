"""Kano questionnaire answers: the canonical codes and the spellings the loader accepts."""

from __future__ import annotations

import pandas as pd

__all__ = ["KANO_ANSWERS", "normalise_kano_answers"]

#: Canonical Kano answer codes, in questionnaire order (1 = like ... 5 = dislike).
KANO_ANSWERS: tuple[str, ...] = ("like", "expect", "neutral", "tolerate", "dislike")


def normalise_kano_answers(values: pd.Series) -> pd.Series:
    """Map Kano answers to the canonical codes: :func:`cxtools.factors.normalise_kano_answers`.

    The Kano wording lives with the Kano table in :mod:`cxtools.factors`; this name is kept
    here because the Kano loader uses it.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_kano_answers(pd.Series(["I like it", 5])).tolist()
    ['like', 'dislike']
    """
    from cxtools.factors import normalise_kano_answers as _normalise

    return _normalise(values)
