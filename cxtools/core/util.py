"""Small helpers shared by the analysis modules (no heavy imports here)."""

from __future__ import annotations

from typing import Sequence


def as_list(cols: str | Sequence[str] | None) -> list[str]:
    """One column name, several, or none, as a list."""
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def axes_or_current(ax):
    """The Axes to draw on: the one given, else matplotlib's current Axes."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()
