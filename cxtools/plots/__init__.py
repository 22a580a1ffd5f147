"""Figures, one module per concept; each takes ``ax=None``, returns the Axes, and writes its text in ``lang``."""
