"""Figures: one module per concept, each ``plot_x(result, *, ax=None, ...) -> Axes``."""
