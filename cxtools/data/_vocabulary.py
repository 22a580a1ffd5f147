"""Word lists the data layer reads, kept as data files in ``cxtools/data/vocabulary/``.

Header keywords for column roles, header names of personal data and the sample data's
personal names are data, not sentences for a reader: they live in JSON files next to this
module (a translator never edits them; a maintainer adds a synonym without touching Python).
Each file is read once, at first use.

Examples
--------
>>> sorted(vocabulary("names_ru"))[:2]
['_comment', 'female_first_names']
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

__all__ = ["VOCABULARY_DIR", "vocabulary"]

#: Where the word lists live.
VOCABULARY_DIR = Path(__file__).resolve().parent / "vocabulary"


@functools.lru_cache(maxsize=None)
def vocabulary(name: str) -> Any:
    """The parsed contents of ``vocabulary/<name>.json`` (cached: treat it as read-only)."""
    with open(VOCABULARY_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)
