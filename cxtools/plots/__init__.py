"""Figures, one module per concept, drawn in one style (:mod:`cxtools.plots.style`): ``plot_x(result, *, ax=None, ...) -> Axes``."""
