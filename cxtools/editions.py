"""Moved to :mod:`cxtools.report.editions`; this alias goes in the next release."""

from cxtools._compat import moved

__getattr__, __dir__ = moved(__name__, "cxtools.report.editions")
