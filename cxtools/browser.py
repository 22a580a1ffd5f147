"""Moved to :mod:`cxtools.report.browser`; this alias goes in the next release."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.report.browser")
