"""Old home of :mod:`cxtools.data.description.draft` (the draft of ``cxtools init``)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.data.description.draft")
