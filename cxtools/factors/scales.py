"""Rating scales: which columns are ratings, which scale they share, and its low and high boxes."""

from __future__ import annotations

from typing import Mapping, Sequence, cast

import numpy as np
import pandas as pd

from cxtools.core.checks import require_columns, require_frame
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.factors._common import _frame, _rating_columns

__all__ = ["rating_columns", "scale_boxes", "attribute_scale"]


def rating_columns(data: pd.DataFrame, attributes: Sequence[str] | None = None) -> list[str]:
    """The rating columns an analysis will use.

    Parameters
    ----------
    data : DataFrame
    attributes : list of str, optional
        Column names (``"rating_price"``) or attribute labels (``"price"``); empty or
        ``None`` means every column whose name starts with ``rating_``.

    Returns
    -------
    list of str
        Column names, in the order given (or the table's order).

    References
    ----------
    The ``rating_`` naming convention is the sample-data schema's
    (``data/samples/README.md``); no statistics are involved.

    Raises
    ------
    CxSchemaError
        A named attribute has no column, or there are no ``rating_*`` columns.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame(columns=["respondent_id", "rating_price", "rating_trust", "overall_satisfaction"])
    >>> rating_columns(df), rating_columns(df, ["trust"])
    (['rating_price', 'rating_trust'], ['rating_trust'])
    """
    require_frame(data, func="rating_columns")
    return _rating_columns(data, attributes, "rating_columns")


def scale_boxes(
    scale: tuple[float, float], *, low_share: float = 0.25, high_share: float = 0.25
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The low and high boxes of a rating scale, relative to its range.

    An answer ``v`` on the scale ``(lowest, highest)`` sits at the position
    ``(v - lowest) / (highest - lowest)`` between 0 and 1. It is in the **low box**
    when its position is at most ``low_share`` and in the **high box** when it is at
    least ``1 - high_share``; the answers in between are the middle (reference)
    group of the penalty-reward regression. With the default quarters this gives
    the usual bottom-two and top-two boxes of a 1-5 scale, 1-2 and 6-7 on 1-7,
    1-3 and 8-10 on 1-10 and 0-2 and 8-10 on 0-10, so that one setting serves a
    survey on any scale and nothing has to be squeezed onto 1-5 first.

    Parameters
    ----------
    scale : (int, int)
        Lowest and highest answer.
    low_share, high_share : float, default 0.25
        Part of the scale's range that counts as low and as high (each in (0, 0.5)).

    Returns
    -------
    (tuple of int, tuple of int)
        The answers in the low box and in the high box.

    Raises
    ------
    CxParameterError
        A share outside (0, 0.5), a scale that is not (lowest < highest), or boxes
        that leave an empty box or no middle answer.

    References
    ----------
    Brandt, D. R. (1987). A procedure for identifying value-enhancing service
    components using customer satisfaction survey data. In *Add Value to Your
    Service*, AMA, 61-65 (low and high performance as the bottom and top of the
    scale, the middle as reference group).

    Examples
    --------
    >>> scale_boxes((1, 5))
    ((1, 2), (4, 5))
    >>> scale_boxes((1, 7))
    ((1, 2), (6, 7))
    >>> scale_boxes((1, 10))
    ((1, 2, 3), (8, 9, 10))
    >>> scale_boxes((0, 10), low_share=0.3)
    ((0, 1, 2, 3), (8, 9, 10))
    """
    where = "scale_boxes"
    try:
        lo, hi = int(scale[0]), int(scale[1])
    except (TypeError, ValueError, IndexError):
        raise CxParameterError(f"{where}: scale must be (lowest, highest), got {scale!r}") from None
    if not lo < hi:
        raise CxParameterError(f"{where}: scale must be (lowest, highest) with lowest < highest, got {scale!r}")
    for name, share in (("low_share", low_share), ("high_share", high_share)):
        if not 0 < float(share) < 0.5:
            raise CxParameterError(f"{where}: {name} must be between 0 and 0.5 (a part of the scale's range), "
                                   f"got {share!r}")
    eps = 1e-9
    values = range(lo, hi + 1)
    low = tuple(v for v in values if (v - lo) / (hi - lo) <= float(low_share) + eps)
    high = tuple(v for v in values if (v - lo) / (hi - lo) >= 1 - float(high_share) - eps)
    if not low or not high:
        raise CxParameterError(f"{where}: on the scale {lo}-{hi}, low_share={low_share} / high_share={high_share} "
                               "leave the low or the high box empty; choose larger shares")
    if len(low) + len(high) >= len(values):
        raise CxParameterError(f"{where}: on the scale {lo}-{hi}, low_share={low_share} / high_share={high_share} "
                               "leave no middle answer to compare against; choose smaller shares")
    return low, high


def _declared_scale(item: str, scales: Mapping[str, tuple[float, float]]) -> tuple[float, float] | None:
    """The scale ``scales`` declares for ``item``: an exact key wins over the longest matching ``prefix*``."""
    if item in scales:
        return cast("tuple[float, float]", tuple(scales[item]))
    prefixes = sorted((k for k in scales if k.endswith("*") and item.startswith(k[:-1])), key=len, reverse=True)
    return cast("tuple[float, float]", tuple(scales[prefixes[0]])) if prefixes else None


def attribute_scale(
    data: pd.DataFrame, attributes: Sequence[str], *, scales: Mapping[str, tuple[float, float]] | None = None
) -> tuple[int, int]:
    """The one answer scale the attribute ratings share.

    The scale of each attribute comes from ``scales`` (item name, or a ``prefix*``
    pattern, as the data description writes them; e.g. ``SurveyRoles.scales``: an exact
    name wins over the longest matching prefix). Attributes with no
    declared scale share the range of the answers observed in all of them (whole numbers).

    Parameters
    ----------
    data : DataFrame
    attributes : list of str
        Rating columns.
    scales : mapping, optional

    Returns
    -------
    (int, int)

    Raises
    ------
    CxDataError
        The attributes are on different scales (the penalty-reward regression needs
        one definition of the low and high box), naming each column's scale.

    References
    ----------
    No statistics: the scale is read from the data description (``cxtools.yaml``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Q1": [1, 10, 4], "Q2": [2, 9, 7]})
    >>> attribute_scale(df, ["Q1", "Q2"], scales={"Q*": (1, 10)})
    (1, 10)
    >>> attribute_scale(df, ["Q1", "Q2"])
    (1, 10)
    """
    where = "attribute_scale"
    data = _frame(data, where)
    cols = list(attributes)
    require_columns(data, cols, func=where)
    found: dict[str, tuple[int, int]] = {}
    undeclared = [c for c in cols if _declared_scale(c, dict(scales or {})) is None]
    if undeclared:
        values = pd.concat([pd.to_numeric(data[c], errors="coerce") for c in undeclared]).dropna()
        if values.empty:
            raise CxDataError(f"{where}: columns {undeclared} have no numeric answers and no declared scale")
        observed = (int(np.floor(values.min())), int(np.ceil(values.max())))
    for c in cols:
        declared = _declared_scale(c, dict(scales or {}))
        found[c] = observed if declared is None else (int(declared[0]), int(declared[1]))
    distinct = sorted(set(found.values()))
    if len(distinct) > 1:
        detail = "; ".join(f"{c}: {lo}-{hi}" for c, (lo, hi) in found.items())
        raise CxDataError(f"{where}: the attributes are on different scales ({detail}); analyse the items of one "
                          "scale together (parameter attributes)")
    return distinct[0]
