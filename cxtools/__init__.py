"""cxtools: a notebook-driven toolkit for customer-experience research.

The package is organised by research question:

- :mod:`cxtools.ltv` -- what is a customer worth? (lifetime value, retention,
  repeat-buying models)
- :mod:`cxtools.factors` -- what drives satisfaction and dissatisfaction?
  (hygiene factors and motivators: penalty-reward, Kano, importance-performance)
- :mod:`cxtools.survey` -- what do the surveys say? (NPS, CSAT, CES, Likert)
- :mod:`cxtools.value` -- what is a better experience worth in money?
- :mod:`cxtools.io` -- loading and validating data, every row accounted for
- :mod:`cxtools.samples` -- the seeded sample data set with a documented planted truth
- :mod:`cxtools.report` -- headless notebook runs and stakeholder reports

``import cxtools`` is kept fast: heavy libraries are imported inside the
functions that need them, and submodules are imported on first use.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {"errors", "io", "samples", "report", "privacy", "ltv", "factors", "survey", "value", "cli"}

__all__ = sorted(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"cxtools.{name}")
    raise AttributeError(f"module 'cxtools' has no attribute {name!r}")


def __dir__():
    return __all__
