"""The one timing rule of the benchmarks, for cxtools and for the reference libraries alike.

A call is repeated up to ``max_repeats`` times (not again once a run takes longer than
``limit`` seconds) and the fastest run is reported: the build machine is shared, so single
runs are noisy, and the minimum is the least disturbed measurement (as ``timeit`` reports).
Imported by ``run.py`` and by the workers that run in the reference libraries' own venvs, so
it needs nothing beyond the standard library.
"""

from __future__ import annotations

import time


def best_of(fn, max_repeats: int = 3, limit: float = 30.0):
    """``(value, fastest seconds, number of runs)`` of calling ``fn``."""
    times, value = [], None
    for _ in range(max_repeats):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > limit:
            break
    return value, min(times), len(times)
