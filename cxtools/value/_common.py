"""Shared pieces of the value modules: constants, column readers, date parsing."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxtools.core.checks import numeric_column
from cxtools.core.vocabulary import DAYS_PER_UNIT

#: End of the sample data's observation window: open contracts are censored here.
AS_OF = "2026-06-30"

#: Days in an average month; durations in months are days / DAYS_PER_MONTH.
DAYS_PER_MONTH = DAYS_PER_UNIT["month"]

#: Currency of the amounts when none is named (the sample data's); every function takes ``currency=``.
DEFAULT_CURRENCY = "rub"


def _numeric(data: pd.DataFrame, col: str, func: str, *, low: float | None = None,
             what: str = "data", allow_missing: bool = False) -> pd.Series:
    """``data[col]`` as float (text that reads as numbers accepted); missing values are an error by default."""
    return numeric_column(data, col, func=func, what=what, low=low, allow_missing=allow_missing, coerce_text=True)


def _frame_block(frame: pd.DataFrame, digits: int = 3) -> str:
    """A table for a repr: rounded, wide enough not to wrap."""
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        return frame.round(digits).to_string()


def _dates(values: pd.Series) -> pd.Series:
    """Parse ISO dates; blanks become NaT, anything unreadable too (caller checks)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
    else:
        text = values.astype("string").str.strip()
        text = text.mask(text == "")
        out = pd.to_datetime(text, errors="coerce", format="ISO8601")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.astype("datetime64[ns]")


def _bad_dates(raw: pd.Series, parsed: pd.Series) -> pd.Series:
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    return parsed.isna() & ~blank.fillna(True).astype(bool)


def _clean_ids(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text == "").astype(object).where(text.notna(), None)


def _group_plural(label: Any) -> str:
    """A group in a programmer's repr: 'detractor' -> 'detractors', '1-4 (low)' -> 'customers rating 1-4 (low)'."""
    text = str(label)
    return text + "s" if text.replace(" ", "").isalpha() else f"customers rating {text}"
