"""cxtools: a notebook-driven toolkit for customer-experience research.

The package is organised by research question:

- :mod:`cxtools.ltv` -- what is a customer worth? (lifetime value, retention,
  repeat-buying models)
- :mod:`cxtools.factors` -- what drives satisfaction and dissatisfaction?
  (hygiene factors and motivators: penalty-reward, Kano, importance-performance)
- :mod:`cxtools.survey` -- what do the surveys say? (NPS, CSAT, CES, Likert)
- :mod:`cxtools.value` -- what is a better experience worth in money?
- :mod:`cxtools.people`, :mod:`cxtools.portfolio` -- the whole picture: the employee layer,
  the client portfolio matrix and the CX scorecard
- :mod:`cxtools.data.description` -- the data description: where your data are and what they mean
- :mod:`cxtools.core.wording` -- numbers, intervals, money and lists as a report reader expects them
- :mod:`cxtools.workshop` -- teaching workshops: exercises, self-checks, the student edition
- :mod:`cxtools.data.io` -- loading and validating data, every row accounted for
- :mod:`cxtools.samples` -- the seeded sample data set with a documented planted truth
- :mod:`cxtools.report` -- headless notebook runs and stakeholder reports
  (:mod:`cxtools.report.editions` the two editions, :mod:`cxtools.report.browser` the offline check and PDF)

``import cxtools`` is kept fast: heavy libraries are imported inside the
functions that need them, and submodules are imported on first use.
"""

from __future__ import annotations

import importlib

from cxtools.core import __version__

_SUBMODULES = {"core", "data", "errors", "io", "samples", "report", "privacy", "ltv", "factors", "survey", "value",
               "cli", "description", "wording", "employees", "people", "portfolio", "workshop", "editions", "browser"}

__all__ = sorted(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"cxtools.{name}")
    raise AttributeError(f"module 'cxtools' has no attribute {name!r}")


def __dir__():
    return __all__
