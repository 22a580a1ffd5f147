"""Headless notebook runs and stakeholder reports.

Notebooks publish their headline numbers with :func:`publish_metrics`; the runner
collects them from the executed notebook into ``metrics.json``.
"""

from __future__ import annotations

import json
import math
from typing import Any, Mapping

__all__ = ["METRICS_MIMETYPE", "publish_metrics"]

#: Output MIME type that carries a notebook's headline numbers to the runner.
METRICS_MIMETYPE = "application/vnd.cxtools.metrics+json"


def _jsonable(value: Any, key: str) -> Any:
    import numbers

    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value):
            return None
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, key) for v in value]
    from cxtools.errors import CxParameterError

    raise CxParameterError(
        f"publish_metrics: metric {key!r} has a value of type {type(value).__name__}; "
        "expected a number, text, bool, None, or a list/dict of those"
    )


def publish_metrics(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """Publish a notebook's headline numbers for the report's ``metrics.json``.

    Call it in a notebook cell; the runner gathers every published dict (later keys
    win). NaN and infinities become ``null``. Outside a notebook it simply returns
    the cleaned dict.

    Parameters
    ----------
    metrics : mapping of str to number, text, bool or nested lists/dicts of those

    Returns
    -------
    dict
        The JSON-ready metrics.

    Examples
    --------
    >>> publish_metrics({"nps": 31.4, "n": 812})  # doctest: +SKIP
    {'nps': 31.4, 'n': 812}
    """
    clean = {str(k): _jsonable(v, str(k)) for k, v in metrics.items()}
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return clean
    if get_ipython() is not None:
        lines = ["| headline | value |", "| --- | --- |"]
        lines += [f"| {k} | {json.dumps(v, ensure_ascii=False)} |" for k, v in clean.items()]
        display(
            {METRICS_MIMETYPE: clean, "text/markdown": "\n".join(lines), "text/plain": json.dumps(clean)},
            raw=True,
        )
    return clean
