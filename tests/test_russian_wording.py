"""The Russian wording of the index page and of the loaders' reasons.

A stakeholder report in Russian never mixes languages: every sentence, header and label these
modules build with ``lang="ru"`` is Russian, apart from names from the data, units and the
abbreviations a reader knows (NPS, eNPS, CSAT, CES, BG/NBD). Each test fails when a
translation is removed or left in English.
"""

from __future__ import annotations

import re

import pytest

from cxtools.report import index
from cxtools.core.wording import rejection_reason

#: Latin words a Russian sentence may carry: abbreviations and the symbol of a correlation.
ABBREVIATIONS = {"NPS", "eNPS", "CSAT", "CES", "BG", "NBD", "sBG", "UTC", "PDF", "R²", "p", "r"}


def latin(text: str, *, names=()) -> set[str]:
    text = re.sub(r"\{[^}]*\}", " ", str(text))  # placeholders are filled in later
    words = {w.strip("'-") for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}
    allowed = ABBREVIATIONS | {w for n in names for w in re.findall(r"[A-Za-z]+", n)}
    return {w for w in words if w not in allowed and len(w) > 1}


def russian(text: str, *, names=()) -> bool:
    return bool(re.search("[а-яё]", str(text), re.I)) and not latin(text, names=names)


@pytest.mark.parametrize("catalogue", [index.WORDS], ids=["index"])
def test_every_entry_has_a_russian_wording(catalogue):
    assert set(catalogue["en"]) == set(catalogue["ru"])
    for key, text in catalogue["ru"].items():
        values = text.values() if isinstance(text, dict) else [text]
        for value in values:
            if key in ("pdf", "utc", "empty", "redacted"):  # abbreviations, or no words at all
                continue
            assert russian(value), (key, value)


def test_every_headline_label_is_russian():
    for key, (_en, ru) in index.HEADLINES.items():
        assert russian(ru), key


def test_loader_reasons_and_notes_are_reworded():
    reasons = {
        "amount '12 500 rub' is not a number": "amount: «12 500 rub» — не число",
        "timestamp in the future (after 2026-06-30)": "timestamp: позже даты расчёта (2026-06-30)",
        "duplicate respondent_id": "respondent_id: повторяющееся значение",
        "CSAT outside 1-5": "CSAT: вне шкалы 1–5",
        "negative amount not marked as refund": "отрицательная сумма без отметки о возврате",
        "end_date before start_date": "end_date раньше start_date",
        "nps is missing": "nps: значение не указано",
        "signup_date '31.02.2024' is not a date (expected YYYY-MM-DD)": "signup_date: «31.02.2024» — не дата",
        "amount: 3 zero-value order(s), kept: they are orders (a spend model leaves them out)":
            "amount: заказов с нулевой суммой: 3; оставлены (модель трат их не учитывает)",
        "reversed items recoded as 1 + 7 - answer: hard": "обратные вопросы перекодированы как 1 + 7 − ответ: hard",
    }
    for text, expected in reasons.items():
        assert rejection_reason(text, lang="ru") == expected
        assert rejection_reason(text) == text  # English as the loaders wrote it
