"""Old home of :mod:`cxtools.data.description` (the data description, ``cxtools.yaml``)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.data.description")
