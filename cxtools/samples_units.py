"""Old home of :mod:`cxtools.data.samples.units` (the sample data's employee layer)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.data.samples.units")
