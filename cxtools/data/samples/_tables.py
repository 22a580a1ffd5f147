"""What the sample generators share: the table-set base class and Arrow-backed text columns."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__: list[str] = []


class _TableSet:
    """What the generated data sets share: their tables by file stem and their row counts."""

    _stems: ClassVar[tuple[str, ...]] = ()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by file stem: ``{"customers": ..., "subscriptions": ..., ...}``."""
        return {name: getattr(self, name) for name in self._stems}

    def _counts(self) -> str:
        return ", ".join(f"{t}={len(getattr(self, t)):,}" for t in self._stems)


def _labels(categories, codes: np.ndarray) -> pd.Series:
    """Text column from integer codes, built in Arrow (no Python string objects)."""
    return pd.Series(pa.array(list(categories), pa.string()).take(pa.array(np.asarray(codes))), dtype="str")


def _take(values: pd.Series, idx: np.ndarray) -> pd.Series:
    """Rows ``idx`` of a text column, with a fresh RangeIndex."""
    return pd.Series(values.array.take(np.asarray(idx)), dtype="str")


def _digits(values: np.ndarray, width: int) -> pd.Series:
    return pd.Series(pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string()), dtype="str").str.zfill(width)
