"""Russian headers and names in the privacy checks: the cases the docstrings once showed in Cyrillic."""

import pandas as pd

from cxtools.data.privacy import (
    find_personal_columns,
    find_personal_data,
    is_personal_column,
    load_personal_values,
    redact,
    scan_for_personal_data,
    scrub_text,
    scrub_traceback,
)


def test_russian_headers_are_personal_columns():
    assert [is_personal_column(c) for c in ["ФИО", "Эл. почта", "E-Mail", "Моб. телефон", "segment_name"]] == [
        True, True, True, True, False]
    assert is_personal_column("ЭЛ_ПОЧТА") and is_personal_column("эл почта")
    assert is_personal_column("Ф.И.О.") and is_personal_column("Адрес проживания")


def test_yo_is_read_as_ie_in_headers():
    assert is_personal_column("Телефон") and is_personal_column("ТЕЛЕФОН")
    assert is_personal_column("ёмейл") is is_personal_column("емейл")


def test_scrub_text_removes_a_russian_full_name():
    assert scrub_text("Иванов Иван <IVAN.PETROV@MAIL.RU>", values={"crm.csv:ФИО": ["Иванов Иван"]}) == (
        "[redacted] <[redacted]>")


def test_scrub_traceback_removes_a_russian_name():
    tb = ("\x1b[0;31mKeyError\x1b[0m: 'Иванов Иван'\n\nThe above exception was the direct cause"
          " of the following exception:\n\nValueError: no customer IVAN@MAIL.RU")
    assert scrub_traceback(tb, values=["Иванов Иван"]) == (
        "KeyError: '[redacted]'\n\nThe above exception was the direct cause of the following exception:"
        "\n\nValueError: no customer [redacted]")


def test_redact_drops_russian_personal_columns():
    df = pd.DataFrame({"customer_id": ["C1"], "ФИО": ["Иванов Иван"], "Эл. почта": ["a@b.ru"],
                       "note": ["call +7 912 345-67-89"]})
    out = redact(df, salt="kept secret")
    assert list(out.columns) == ["customer_id", "note"]
    assert out.loc[0, "note"] == "call [redacted]"


def test_find_personal_data_with_a_russian_name():
    assert find_personal_data("<p>Hello</p>", ["Иванов Иван", "a@b.ru"]) == []
    assert find_personal_data("<td>a@b.ru</td>", ["Иванов Иван", "a@b.ru"]) == ["a@b.ru"]


def test_find_personal_columns_in_a_cp1251_export(tmp_path):
    (tmp_path / "crm.csv").write_bytes(
        "Клиент;ФИО;Контакт;Сумма\nK1;Иванов Иван;+7 912 345-67-89;1 200,50\n".encode("cp1251"))
    found = find_personal_columns(tmp_path, declared={"crm.csv": ["Клиент"]})
    assert found.to_dict("list") == {"file": ["crm.csv"] * 3, "column": ["Клиент", "ФИО", "Контакт"],
                                     "found_by": ["declared", "header", "content"], "n_values": [0, 1, 1]}


def test_personal_values_and_scan_with_a_russian_name(tmp_path):
    (tmp_path / "customers.csv").write_text("customer_id,name,email\nC1,Иванов Иван,ivan@mail.ru\n",
                                            encoding="utf-8")
    assert sorted(load_personal_values(tmp_path)) == ["customers.csv:email", "customers.csv:name"]
    assert scan_for_personal_data("Иванов Иван churned", values={"customers.csv:name": ["Иванов Иван"]}) == [
        "values of customers.csv:name"]


def test_a_russian_full_name_in_capitals_is_found_and_a_single_word_is_compared_exactly():
    values = {"customers.csv:name": ["Иванов Иван", "Роман"]}
    assert scan_for_personal_data("ИВАНОВ ИВАН ушёл", values=values) == ["values of customers.csv:name"]
    assert scan_for_personal_data("роман о клиенте", values=values) == []
