"""E-mail addresses and phone numbers: found by redaction and by the report gate alike.

Each address and number below must be removed by ``scrub_text`` and by ``redact``
(inside a text cell) and must be reported by ``scan_for_personal_data``; each
ordinary number must be left exactly as it is and raise no alarm.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cxtools.data.privacy import is_personal_column, redact, scan_for_personal_data, scrub_text

EMAILS = [
    "IVAN.PETROV@MAIL.RU",
    "Ivan@Mail.Ru",
    "ivan.petrov@mail.ru",
    "Ivan.Petrov+cx-2025@Gmail.Com",
    "i.petrov@corp.mail.example.co.uk",
    "ivan_petrov-1990@sub.domain.Yandex.RU",
    "иван@почта.рф",
]

PHONES = [
    "+7 (912) 345-67-89",
    "8 912 345 67 89",
    "8(912)3456789",
    "+7-912-345-67-89",
    "+7 912 345-67-89",
    "+79123456789",
    "89123456789",
    "8-912-345-67-89",
    "8 (495) 123-45-67",
    "+7\u00a0912\u00a0345\u00a067\u00a089",  # non-breaking spaces, as word processors write
    "+44 20 7946 0958",
    "+1 (650) 253-0000",
    "+49 30 901820",
]

NOT_PHONES = [
    "2026-06-30",
    "31.12.2025",
    "2025-12-31 23:59:59",
    "20251231",
    "revenue 12 345 678,90 rub",
    "9 123 456 789 rub",  # an amount that would be a valid mobile number as digits
    "1 234 567 890,50",
    "INV-2024-000123",
    "ORD-1234567890",
    "order 1234567890",
    "epoch 1700000000000",
    "(1234567890)",  # bracketed, but no number anyone has
    "+7 (123) 456-78-90",  # no such Russian area code
    "p = 0.00012345678901",
    "8 800 555-35-35",  # a business hotline (toll-free), not a person's number
    "[ 251918   73944 -339216  -97923]",  # printed arrays of signed numbers
    "-893811 52822 -770024 87992",
    "[87 89 80 65 57 89 56 51  2 61  7 81 20 40 54 40]",  # 11 digits from 7, but not grouped as a phone
]


def _as_frame(value: str) -> pd.DataFrame:
    return pd.DataFrame({"segment": ["retail"], "comment": [f"contact: {value}, thanks"], "n": [3]})


@pytest.mark.parametrize("address", EMAILS)
@pytest.mark.parametrize("around", ["{}", "Иван Петров <{}>", "«{}»", "написал(а) {}."])
def test_email_addresses_in_any_case_are_found_and_scrubbed(address, around):
    text = around.format(address)
    out = scrub_text(text)
    assert "@" not in out and out.count("[redacted]") == 1, out
    assert out == around.format("[redacted]")
    assert scan_for_personal_data(text) == ["e-mail address"]
    assert scan_for_personal_data(f"<td>{text}</td>") == ["e-mail address"]


@pytest.mark.parametrize("address", EMAILS)
def test_redact_scrubs_email_addresses_in_text_cells(address):
    out = redact(_as_frame(address), salt="test")
    assert out.loc[0, "comment"] == "contact: [redacted], thanks"
    assert scan_for_personal_data(out.to_html()) == []


@pytest.mark.parametrize("number", PHONES)
@pytest.mark.parametrize("around", ["{}", "тел. {}", "Тел.:{}", "({})", "Иванов И.И., {}; звонить вечером"])
def test_phone_numbers_in_russian_and_international_formats(number, around):
    text = around.format(number)
    out = scrub_text(text)
    assert out == around.format("[redacted]"), out
    assert scan_for_personal_data(text) == ["phone number"]


@pytest.mark.parametrize("number", PHONES)
def test_redact_scrubs_phone_numbers_in_text_cells(number):
    out = redact(_as_frame(number), salt="test")
    assert out.loc[0, "comment"] == "contact: [redacted], thanks"
    assert not re.search(r"\d{3}", out.to_string())


@pytest.mark.parametrize("text", NOT_PHONES)
def test_dates_amounts_and_ids_are_not_phones(text):
    assert scrub_text(text) == text
    assert scan_for_personal_data(text) == []
    assert scan_for_personal_data(f"<td>{text}</td>") == []


@pytest.mark.parametrize("name", ["logo@2x.png", "icon@3x.SVG", "@media screen", "user@localhost", "a@b"])
def test_things_with_an_at_sign_that_are_not_addresses(name):
    assert scrub_text(name) == name
    assert scan_for_personal_data(name) == []


PERSONAL_HEADERS = [
    "name", "Full Name", "full_name", "FIRST_NAME", "last name", "surname", "email", "E-mail",
    "E-Mail", "e_mail", "Email Address", "phone", "Phone Number", "mobile", "address", "passport",
    "ФИО", "Ф.И.О.", "фио", "Имя", "Фамилия", "Отчество", "Эл. почта", "эл.почта", "Почта",
    "Электронная почта", "Телефон", "ТЕЛЕФОН", "Моб. телефон", "Мобильный телефон", "Адрес",
    "Паспорт", "СНИЛС", "ИНН", "Дата рождения", " Телефон ",
]
OTHER_HEADERS = [
    "customer_id", "segment", "segment_name", "product_name", "plan", "region", "amount",
    "Сумма", "Дата покупки", "Имя файла", "Регион", "email_domain", "nps",
]


@pytest.mark.parametrize("header", PERSONAL_HEADERS)
def test_personal_headers_in_english_and_russian(header):
    assert is_personal_column(header)


@pytest.mark.parametrize("header", OTHER_HEADERS)
def test_other_headers_are_not_personal(header):
    assert not is_personal_column(header)


@pytest.mark.parametrize("personal", ["email", "ФИО", "Эл. почта", "Телефон", "phone"])
def test_redact_drops_a_personal_column_in_every_position(personal):
    others = ["customer_id", "segment", "revenue", "signup_date"]
    for position in range(len(others) + 1):
        columns = others[:position] + [personal] + others[position:]
        data = pd.DataFrame(
            {c: ([f"C{i}" for i in range(3)] if c == "customer_id" else
                 ["Тарасов Тимур", "t.k@gmail.com", "+7 961 023-22-34"] if c == personal else
                 [1.5, 2.5, 3.5] if c == "revenue" else ["a", "b", "c"])
             for c in columns},
            index=[7, 8, 9],
        )
        out = redact(data, pseudonymise_ids=None)
        assert list(out.columns) == others, (personal, position)
        pd.testing.assert_frame_equal(out, data[others])
        assert "Тарасов" not in out.to_string()


def test_redact_drops_every_personal_column_of_a_russian_export():
    data = pd.DataFrame({
        "Клиент": ["K1"], "ФИО": ["Иванов Иван Иванович"], "Эл. почта": ["IVAN@MAIL.RU"],
        "Телефон": ["8 (912) 345-67-89"], "Моб. телефон": ["+7 912 000-00-01"], "Адрес": ["Москва, ул. Ленина, 1"],
        "Сумма": ["1 200,50"],
    })
    assert list(redact(data, pseudonymise_ids=None).columns) == ["Клиент", "Сумма"]


def test_printed_numbers_raise_no_phone_alarm():
    # what notebooks print: numpy arrays and tables of signed integers and floats
    import numpy as np

    rng = np.random.default_rng(2026)
    for _ in range(300):
        a = rng.integers(-10**6, 10**6, size=rng.integers(3, 30))
        text = "\n".join([
            str(a), " ".join(map(str, a)), str(rng.integers(0, 99, size=20)),
            pd.Series(rng.normal(0, 1000, 20)).round(2).to_string(),
            pd.DataFrame(rng.integers(-10**5, 10**5, size=(5, 6))).to_string(),
            " - ".join(map(str, rng.integers(0, 10**4, size=6))),
        ])
        assert scan_for_personal_data(text) == [], text
        assert scrub_text(text) == text
