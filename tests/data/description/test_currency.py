"""Currency.format prints money as cxtools.core.wording.format_money does: one way to write an amount."""

from __future__ import annotations

import pytest

from cxtools.data.description import Currency
from cxtools.core.wording import format_money, format_number


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("amount,digits", [(1234567.8, 0), (-1800, 0), (12.5, 2)])
def test_currency_after_the_number_is_format_money(lang, amount, digits):
    cur = Currency("RUB", "\u20bd")
    assert cur.format(amount, digits=digits, lang=lang) == format_money(amount, currency="\u20bd", digits=digits,
                                                                        lang=lang)


def test_currency_formats_as_before_in_english():
    assert Currency("RUB", "\u20bd").format(1234567.8) == "1,234,568 \u20bd"
    assert Currency("USD", "$", "before").format(12.5, digits=2) == "$12.50"
    assert Currency().format(1800) == "1,800 rub"


def test_currency_in_russian_uses_the_russian_grouping():
    assert Currency("RUB", "\u20bd").format(1800, lang="ru") == "1\xa0800 \u20bd"
    assert Currency("USD", "$", "before").format(1800.5, digits=2, lang="ru") == "$" + format_number(
        1800.5, digits=2, lang="ru")
