"""Metric values as JSON: numbers, text, bool, None, lists and dicts of those (NaN becomes None).

Shared by the metrics a notebook publishes (:mod:`cxtools.report.publish`) and the run results
(:mod:`cxtools.report.results`).

Examples
--------
>>> jsonable({"nps": {"value": float("nan"), "unit": "points"}, "n": 3}, "metrics")
{'nps': {'value': None, 'unit': 'points'}, 'n': 3}
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from cxtools.core.errors import CxParameterError

__all__ = ["jsonable"]


def _number_or_none(value: Any, key: str) -> float | int | None:
    import numbers

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CxParameterError(f"publish_metrics: metric {key!r} has a non-numeric value {value!r} with a unit")
    if isinstance(value, numbers.Integral):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None


def jsonable(value: Any, key: str) -> Any:
    """A metric value as JSON: numbers, text, bool, None, lists, dicts; NaN becomes None."""
    import numbers

    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        if "unit" in value:  # a measurement: {"value": ..., "unit": ...}
            out = {str(k): jsonable(v, f"{key}.{k}") for k, v in value.items()}
            out["value"] = _number_or_none(value.get("value"), key)
            for bound in ("ci_low", "ci_high"):
                if bound in out:
                    out[bound] = _number_or_none(value[bound], key)
            return out
        return {str(k): jsonable(v, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, key) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars of other kinds
        return jsonable(value.item(), key)
    raise CxParameterError(
        f"publish_metrics: metric {key!r} has a value of type {type(value).__name__}; "
        "expected a number, text, bool, None, or a list/dict of those"
    )
