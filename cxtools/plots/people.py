"""Figures of the employee layer: each unit's eNPS with its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxtools.core.i18n import check_lang, gettext
from cxtools.core.util import axes_or_current
from cxtools.core.wording import format_percent

__all__ = ["plot_enps_units"]


def plot_enps_units(by_unit: pd.DataFrame, *, ax=None, confidence: float = 0.95, lang: str = "en"):
    """Each unit's eNPS with its interval, in the order given (sort best first before).

    Parameters
    ----------
    by_unit : DataFrame
        One row per unit: ``unit`` (its name), ``enps``, ``ci_low``, ``ci_high``
        (:func:`cxtools.people.enps` with ``by=``, plus a ``unit`` name column).
    ax : matplotlib Axes, optional
    confidence : float, default 0.95
        The level of the intervals, for the axis label.
    lang : {"en", "ru"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> units = pd.DataFrame({"unit": ["North", "South"], "enps": [10.0, -5.0], "ci_low": [-20.0, -30.0],
    ...                       "ci_high": [40.0, 20.0]})
    >>> plot_enps_units(units).get_title()
    'Employee NPS per unit'
    """
    lang = check_lang(lang, "plot_enps_units")
    ax = axes_or_current(ax)
    ax.errorbar(by_unit["enps"], np.arange(len(by_unit)), xerr=[by_unit["enps"] - by_unit["ci_low"],
                by_unit["ci_high"] - by_unit["enps"]], fmt="o", color="#4a78a8", capsize=2)
    ax.set_yticks(np.arange(len(by_unit)), by_unit["unit"])
    ax.invert_yaxis()
    ax.axvline(0, color="grey", lw=0.8)
    level = f"{confidence:.0%}" if lang == "en" else format_percent(confidence, lang=lang)
    ax.set_xlabel(gettext("eNPS (points, -100 to +100) with its {level} interval", lang).format(level=level))
    ax.set_title(gettext("Employee NPS per unit", lang))
    return ax
