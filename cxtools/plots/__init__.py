"""Figures, one module per concept, drawn in one style (:mod:`cxtools.plots.style`)."""
