"""Old home of :mod:`cxtools.core.wording` (numbers, intervals and money as a reader expects them)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.core.wording")
