"""Russian report wording: the examples that the docstrings of cxtools.core.wording no longer show.

The Russian words come from the translation catalogue (cxtools/locale/ru/LC_MESSAGES/data.po), so
the package's Python source holds no Cyrillic; these tests pin what a Russian report reads.
"""

from __future__ import annotations

from cxtools.core.wording import (
    format_interval,
    format_money,
    format_number,
    format_p_value,
    format_percent,
    join_names,
    rejection_reason,
)


def test_numbers_and_intervals_in_russian():
    assert format_interval(1500, 2500, digits=0, lang="ru") == "от 1\xa0500 до 2\xa0500"
    assert format_interval(0.1234, 0.4567, percent=True, digits=0, lang="ru") == "от 12\xa0% до 46\xa0%"
    assert format_p_value(float("nan"), lang="ru") == "н/д"
    assert format_number(float("nan"), lang="ru") == "н/д"
    assert format_percent(float("nan"), lang="ru") == "н/д"
    assert format_money(float("nan"), lang="ru") == "н/д"


def test_money_in_millions_and_lists_in_russian():
    assert format_money(2.5e6, currency="RUB", compact=True, lang="ru") == "2,5\xa0млн\xa0₽"
    assert format_money(2.5e6, currency="rub", compact=True, lang="ru") == "2,5\xa0млн rub"
    assert format_money(2.5e6, currency="rub", compact=True) == "2.5 mln rub"
    assert join_names(["price", "good_deal", "speed"], lang="ru") == "price, good deal и speed"
    assert join_names(["price", "speed"]) == "price and speed"


def test_loader_reasons_in_russian():
    assert rejection_reason("amount '12 500 rub' is not a number", lang="ru") == "amount: «12 500 rub» — не число"
    assert rejection_reason("duplicate respondent_id; nps outside 0-10", lang="ru") == \
        "respondent_id: повторяющееся значение; nps: вне шкалы 0–10"
    assert rejection_reason("duplicate respondent_id", lang="ru", names_as_code=True) == \
        "<code>respondent_id</code>: повторяющееся значение"
    assert rejection_reason("something new", lang="ru", unknown="нарушено правило загрузки") == \
        "нарушено правило загрузки"
    assert rejection_reason("end_date: 2 row(s) hold the open-ended marker (9999-12-31); read as empty",
                            lang="ru") == "end_date: строк с отметкой «без окончания» (9999-12-31): 2; прочитаны как пустые"
    assert rejection_reason("d '0202-01-01' is outside the years 1678-2261 (a typo)", lang="ru",
                            names_as_code=True) == \
        "<code>d</code>: «0202-01-01» — вне допустимых лет <code>1678</code>–<code>2261</code>"
    assert rejection_reason("functional is not a Kano answer", lang="ru") == "functional: недопустимое значение"
    assert rejection_reason("reversed items recoded as 1 + 7 - answer: hard", lang="ru") == \
        "обратные вопросы перекодированы как 1 + 7 − ответ: hard"
