"""Tests for cxtools.io: loaders, dialect detection and the Kano answer normaliser."""

from __future__ import annotations

import pandas as pd
import pytest

from cxtools.errors import CxDataError
from cxtools.io import KANO_ANSWERS, normalise_kano_answers


# --------------------------------------------------------------------------- Kano answers
@pytest.mark.parametrize(
    "answers, expected",
    [
        (["I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it"], list(KANO_ANSWERS)),
        (["i like IT", "  It must be that way ", "I'm neutral", "I can live with it.", "I DISLIKE IT"], list(KANO_ANSWERS)),
        (["Мне нравится", "Так и должно быть", "Мне всё равно", "Могу смириться", "Мне не нравится"], list(KANO_ANSWERS)),
        (["мне нравится", "Я этого ожидаю", "Нейтрально", "Могу с этим мириться", "мне не нравится"], list(KANO_ANSWERS)),
        (["Это обязательно", "мне все равно"], ["expect", "neutral"]),
        ([1, 2, 3, 4, 5], list(KANO_ANSWERS)),
        ([1.0, "2", " 3 ", 4.0, "5"], list(KANO_ANSWERS)),
        (list(KANO_ANSWERS), list(KANO_ANSWERS)),
    ],
)
def test_normalise_kano_answers_variants(answers, expected):
    out = normalise_kano_answers(pd.Series(answers, index=range(10, 10 + len(answers)), name="functional"))
    assert out.tolist() == expected
    assert out.name == "functional"
    assert list(out.index) == list(range(10, 10 + len(answers)))


def test_normalise_kano_answers_keeps_missing():
    out = normalise_kano_answers(pd.Series(["I like it", None, float("nan")]))
    assert out.iloc[0] == "like"
    assert out.iloc[1:].isna().all()


def test_normalise_kano_answers_unknown_lists_them():
    values = pd.Series(["I like it", "maybe", "6", "maybe", "I dislike"], name="dysfunctional")
    with pytest.raises(CxDataError) as info:
        normalise_kano_answers(values)
    msg = str(info.value)
    assert "'maybe' (2x, rows 1, 3)" in msg
    assert "'6' (1x, rows 2)" in msg
    assert "'I dislike' (1x, rows 4)" in msg
    assert "dysfunctional" in msg and "I like it" in msg
