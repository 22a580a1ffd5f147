"""Readable names of survey items from their column names (language-neutral)."""

from __future__ import annotations

from typing import Sequence

__all__ = ["item_labels"]


def item_labels(columns: Sequence[str], *, patterns: Sequence[str] = ()) -> dict[str, str]:
    """Readable names of survey items: the shared prefix of a ``prefix*`` pattern dropped, ``_`` as spaces.

    The prefix is kept when dropping it would leave only a number (``item_2`` stays
    ``item 2``), so every label still names its item.

    Examples
    --------
    >>> item_labels(["rating_good_deal", "item_2", "Q1_price"], patterns=["rating_*", "item_*"])
    {'rating_good_deal': 'good deal', 'item_2': 'item 2', 'Q1_price': 'Q1 price'}
    """
    out = {}
    for col in columns:
        text = str(col)
        for prefix in sorted((p[:-1] for p in patterns if p.endswith("*")), key=len, reverse=True):
            rest = text[len(prefix):] if prefix and text.startswith(prefix) else ""
            if rest.strip("_ ") and not rest.strip("_ ").isdigit():
                text = rest
                break
        out[col] = text.replace("_", " ").strip()
    return out
