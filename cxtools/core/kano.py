"""The Kano answer vocabulary: the five canonical answers and the spellings questionnaires use.

The functional and dysfunctional questions of a Kano questionnaire are answered on one list of
five answers. Exports word them differently (English or Russian labels, codes 1-5); the
accepted spellings are data, kept in ``core/data/kano_answers.json`` and read once at first use,
so that the loader (:mod:`cxtools.data.io`) and the Kano evaluation (:mod:`cxtools.factors.kano`)
read answers alike without importing each other.

Examples
--------
>>> kano_code("I can live with it.")
'tolerate'
>>> kano_code("I love it") is None
True
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from cxtools.core.errors import CxDataError

__all__ = ["KANO_ANSWERS", "answer_key", "kano_code", "kano_labels", "normalise_kano_answers"]

#: The canonical answers, in the order of the Kano evaluation table.
KANO_ANSWERS = ("like", "expect", "neutral", "tolerate", "dislike")

_DATA = Path(__file__).resolve().parent / "data" / "kano_answers.json"


@functools.lru_cache(maxsize=1)
def kano_labels() -> dict[str, str]:
    """Every accepted spelling (in the form of :func:`answer_key`) mapped to its canonical answer.

    Examples
    --------
    >>> kano_labels()["i expect it"], kano_labels()["2"]
    ('expect', 'expect')
    """
    with open(_DATA, encoding="utf-8") as fh:
        answers = json.load(fh)["answers"]
    return {spelling: answer for answer in KANO_ANSWERS for spelling in answers[answer]}


def answer_key(value: Any) -> str:
    """Lower-case, fold the Cyrillic yo to ye, unify apostrophes, collapse spaces, drop end punctuation.

    Examples
    --------
    >>> answer_key("  I'm   NEUTRAL! "), answer_key(3.0)
    ("i'm neutral", '3')
    """
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = text.replace("\u0451", "\u0435").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip(" .!;:")
    if re.fullmatch(r"[1-5]\.0+", text):  # codes read as floats (3.0)
        text = text[0]
    return text


def kano_code(value: Any) -> str | None:
    """Canonical answer for one questionnaire answer, or None when it is not recognised."""
    return kano_labels().get(answer_key(value))


def normalise_kano_answers(values: pd.Series) -> pd.Series:
    """Map Kano questionnaire answers to the canonical codes.

    The functional and dysfunctional questions of a Kano questionnaire are answered on
    the same five-point list. Exports label the answers differently (English or
    Russian wording, numeric codes); this maps all of them to ``"like"``,
    ``"expect"``, ``"neutral"``, ``"tolerate"``, ``"dislike"``.

    Accepted, case- and space-insensitive (the list is ``core/data/kano_answers.json``):

    - English labels: *I like it*, *I expect it* (also *It must be that way*),
      *I am neutral*, *I can tolerate it* (also *I can live with it*), *I dislike it*;
    - the usual Russian labels of the same five answers;
    - codes 1-5 (numbers or text): 1 = like, 2 = expect, 3 = neutral, 4 = tolerate,
      5 = dislike;
    - the canonical codes themselves.

    Parameters
    ----------
    values : Series
        Raw answers. Missing values stay missing.

    Returns
    -------
    Series
        Canonical codes (text), same index and name as ``values``.

    Raises
    ------
    CxDataError
        If any answer is not recognised; the message lists the unknown answers, how
        often each occurs and the first rows where they occur.

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and
    must-be quality. *Journal of the Japanese Society for Quality Control*, 14(2), 39-48.
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined
    quality. *Center for Quality Management Journal*, 2(4), 3-36 (answer wording, p. 6).

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_kano_answers(pd.Series(["I like it", "neutral", 5, " i CAN live with it "])).tolist()
    ['like', 'neutral', 'dislike', 'tolerate']
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    present = values[values.notna()]
    # each distinct answer is looked up once: questionnaires repeat a handful of labels
    lookup = {v: kano_code(v) for v in pd.unique(present.to_numpy(dtype=object))}
    codes = present.map(lookup)
    unknown: dict[str, list] = {}
    for label, value in present[codes.isna()].items():
        unknown.setdefault(str(value), []).append(label)
    if unknown:
        parts = [
            f"{answer!r} ({len(rows)}x, rows {', '.join(map(str, rows[:5]))}{', ...' if len(rows) > 5 else ''})"
            for answer, rows in list(unknown.items())[:10]
        ]
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        name = f"column {values.name!r}: " if values.name is not None else ""
        raise CxDataError(
            f"{name}{len(unknown)} unrecognised Kano answer(s): {'; '.join(parts)}{more}. "
            "Expected one of: I like it, I expect it, I am neutral, I can tolerate it, "
            "I dislike it (or the Russian labels, or codes 1-5)."
        )
    return codes.reindex(values.index).astype("str").rename(values.name)
