"""Loading and validating CX data: every row accounted for.

Each ``load_*`` function reads one kind of table (the schema is in
``data/samples/README.md``), converts the raw text to proper types and checks every
row. Nothing is dropped or coerced silently: rows that fail a check are returned in
``LoadResult.rejected`` with the reason in plain words, and
``n_accepted + n_rejected == n_read`` always holds.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cxtools.errors import CxDataError

__all__ = ["KANO_ANSWERS", "normalise_kano_answers"]

#: Canonical Kano answer codes, in questionnaire order (1 = like ... 5 = dislike).
KANO_ANSWERS: tuple[str, ...] = ("like", "expect", "neutral", "tolerate", "dislike")

_KANO_LABELS: dict[str, str] = {
    # canonical codes and English questionnaire labels (Kano et al. 1984; Berger et al. 1993)
    "like": "like", "i like it": "like", "i like it that way": "like",
    "expect": "expect", "i expect it": "expect", "must be": "expect", "must-be": "expect",
    "it must be that way": "expect", "it must be": "expect",
    "neutral": "neutral", "i am neutral": "neutral", "i'm neutral": "neutral",
    "i don't care": "neutral", "i do not care": "neutral",
    "tolerate": "tolerate", "i can tolerate it": "tolerate", "i can live with it": "tolerate",
    "i can live with it that way": "tolerate",
    "dislike": "dislike", "i dislike it": "dislike", "i dislike it that way": "dislike",
    # common Russian labels
    "мне нравится": "like", "нравится": "like",
    "так и должно быть": "expect", "я этого ожидаю": "expect", "это обязательно": "expect",
    "мне все равно": "neutral", "нейтрально": "neutral", "мне безразлично": "neutral",
    "могу смириться": "tolerate", "могу с этим мириться": "tolerate",
    "могу с этим смириться": "tolerate", "я могу с этим мириться": "tolerate",
    "мне не нравится": "dislike", "не нравится": "dislike",
    # numeric codes
    "1": "like", "2": "expect", "3": "neutral", "4": "tolerate", "5": "dislike",
}


def _kano_key(value) -> str:
    """Lower-case, fold ё to е, unify apostrophes, collapse spaces, drop end punctuation."""
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = text.replace("ё", "е").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip(" .!;:")
    if re.fullmatch(r"[1-5]\.0+", text):  # codes read as floats (3.0)
        text = text[0]
    return text


def _kano_code(value) -> str | None:
    """Canonical code for one answer, or None when the answer is not recognised."""
    return _KANO_LABELS.get(_kano_key(value))


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def normalise_kano_answers(values: pd.Series) -> pd.Series:
    """Map Kano questionnaire answers to the canonical codes.

    The functional and dysfunctional questions of a Kano questionnaire are answered on
    the same five-point list. Exports label the answers differently (English or
    Russian wording, numeric codes); this maps all of them to ``"like"``,
    ``"expect"``, ``"neutral"``, ``"tolerate"``, ``"dislike"``.

    Accepted, case- and space-insensitive:

    - English labels: *I like it*, *I expect it* (also *It must be that way*),
      *I am neutral*, *I can tolerate it* (also *I can live with it*), *I dislike it*;
    - Russian labels: *Мне нравится*; *Так и должно быть* / *Я этого ожидаю* /
      *Это обязательно*; *Мне всё равно* / *Нейтрально*; *Могу смириться* /
      *Могу с этим мириться*; *Мне не нравится*;
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
    >>> normalise_kano_answers(pd.Series(["I like it", "мне всё равно", 5, " i CAN live with it "])).tolist()
    ['like', 'neutral', 'dislike', 'tolerate']
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    codes = {}
    unknown: dict[str, list] = {}
    for label, value in values.items():
        if _is_missing(value):
            codes[label] = None
            continue
        code = _kano_code(value)
        if code is None:
            unknown.setdefault(str(value), []).append(label)
        codes[label] = code
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
    out = pd.Series([codes[label] for label in values.index], index=values.index, name=values.name, dtype="str")
    return out
