"""Old home of :mod:`cxtools.data.privacy` (finding, redacting and pseudonymising personal data)."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.data.privacy")
