"""Old home of :mod:`cxtools.data.samples` (the seeded sample data with a planted truth)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.data.samples")
