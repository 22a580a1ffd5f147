"""Old home of :mod:`cxtools.people` (eNPS, engagement, units); its sentences are in :mod:`cxtools.narrative.people`."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.people")
