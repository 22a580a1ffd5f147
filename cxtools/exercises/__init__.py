"""Moved to :mod:`cxtools.workshop.exercises`; this alias goes in the next release.

``import cxtools.exercises.survey`` and ``from cxtools.exercises import ltv`` still work (with a
FutureWarning) and give the modules of :mod:`cxtools.workshop.exercises`.
"""

import sys
import warnings

import cxtools.workshop.exercises as _new

warnings.warn("cxtools.exercises is now cxtools.workshop.exercises: import from there; cxtools.exercises will "
              "stop working in the next release", FutureWarning, stacklevel=2)

for _name in ("factors", "ltv", "overview", "survey", "value", "whole_picture"):
    _module = getattr(_new, _name)
    globals()[_name] = _module
    sys.modules[f"{__name__}.{_name}"] = _module
del _name, _module
