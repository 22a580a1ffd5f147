"""Old home of :mod:`cxtools.people` (eNPS, engagement, units); its words are in :mod:`cxtools.narrative.people`."""

from cxtools._compat import moved

_computation, __dir__ = moved(__name__, "cxtools.people")
_words, _ = moved(__name__, "cxtools.narrative.people")


def __getattr__(name: str):
    """``UNIT_MEASURE_LABELS`` from :mod:`cxtools.narrative.people`, everything else from :mod:`cxtools.people`."""
    return _words(name) if name == "UNIT_MEASURE_LABELS" else _computation(name)
