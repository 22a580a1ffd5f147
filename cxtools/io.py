"""Old home of :mod:`cxtools.data.io` (loading and validating data, every row accounted for)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.data.io")
