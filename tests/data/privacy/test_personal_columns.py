"""Personal columns of a data folder: declared, by header (English and Russian), by content.

Files are read as the loaders read them (cxtools.data.io.read_table), so Russian-locale
exports (";" and cp1251, decimal commas) give the same values a notebook would show.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cxtools.core.errors import CxDataWarning, CxParameterError, CxSchemaError
from cxtools.data.io import read_table
from cxtools.data.privacy import (
    find_personal_columns,
    load_personal_values,
    redact,
    scan_for_personal_data,
)

PEOPLE = ["Иванов Иван Иванович", "Петрова Мария Сергеевна", "Щукин Фёдор Ёлкин"]


def _russian_export(path, *, encoding="cp1251", sep=";"):
    lines = [
        sep.join(["Клиент", "ФИО", "Эл. почта", "Телефон", "Сумма покупки", "Дата покупки"]),
        sep.join(["K-001", PEOPLE[0], "IVAN.IVANOV@MAIL.RU", "8 (912) 345-67-89", "1 200,50", "01.02.2025"]),
        sep.join(["K-002", PEOPLE[1], "Maria.P@Yandex.Ru", "+7 912 000-11-22", "12 000,00", "03.02.2025"]),
        sep.join(["K-003", PEOPLE[2], "f.shchukin+shop@corp.mail.ru", "89031234567", "350,00", "05.02.2025"]),
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding,sep", [("cp1251", ";"), ("utf-8-sig", ";"), ("utf-8", "\t"), ("cp1251", "|")])
def test_russian_export_with_semicolons_and_cp1251(tmp_path, encoding, sep):
    _russian_export(tmp_path / "crm_export.csv", encoding=encoding, sep=sep)
    values = load_personal_values(tmp_path)
    assert set(values) == {"crm_export.csv:ФИО", "crm_export.csv:Эл. почта", "crm_export.csv:Телефон"}
    assert values["crm_export.csv:ФИО"] == frozenset(PEOPLE)  # decoded, not mojibake
    # the same values a notebook gets from the loaders' reader
    raw = read_table(tmp_path / "crm_export.csv")
    assert values["crm_export.csv:Телефон"] == frozenset(raw["Телефон"])
    # the gate now stops a report that shows a respondent's full name
    html = pd.DataFrame({"who": [PEOPLE[2]], "nps": [9]}).to_html()
    assert scan_for_personal_data(html, values=values) == ["values of crm_export.csv:ФИО"]


def test_found_by_declaration_header_and_content(tmp_path):
    (tmp_path / "orders.csv").write_bytes(
        "Покупатель;Контакт;Комментарий;Сумма\n"
        "Иванов Иван;+7 912 345-67-89;доставить утром;1 200,50\n"
        "Петрова Мария;maria@mail.ru;звонить после 18;350,00\n"
        "Сидоров Пётр;8 903 123 45 67;пишите на p.sidorov@mail.ru;99,90\n"
        "Козлова Анна;anna.k@yandex.ru;;10,00\n".encode("cp1251")
    )
    table = find_personal_columns(tmp_path, declared={"orders.csv": ["покупатель"]})
    assert table.to_dict("records") == [
        {"file": "orders.csv", "column": "Покупатель", "found_by": "declared", "n_values": 4},
        {"file": "orders.csv", "column": "Контакт", "found_by": "content", "n_values": 4},
    ]
    # one address inside free text does not make "Комментарий" a personal column:
    # the gate finds that address by its pattern
    values = load_personal_values(tmp_path, declared={"orders.csv": ["Покупатель"]})
    assert "Сидоров Пётр" in values["orders.csv:Покупатель"]
    assert scan_for_personal_data("Сидоров Пётр", values=values) == ["values of orders.csv:Покупатель"]
    assert scan_for_personal_data("доставить утром", values=values) == []
    # without the declaration the buyer's column is not known to be personal
    assert "orders.csv:Покупатель" not in load_personal_values(tmp_path)


def test_declared_columns_must_exist(tmp_path):
    _russian_export(tmp_path / "crm.csv")
    with pytest.raises(CxSchemaError, match=r"crm\.csv.*\['Паспорт'\].*Клиент"):
        load_personal_values(tmp_path, declared={"crm.csv": ["Паспорт"]})
    with pytest.raises(CxParameterError, match=r"missing\.csv"):
        load_personal_values(tmp_path, declared={"missing.csv": ["ФИО"]})


def test_declared_file_outside_the_folder(tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (tmp_path / "data").mkdir()
    pd.DataFrame({"code": ["X1"], "who": ["Ким Алексей"]}).to_parquet(other / "people.parquet")
    (tmp_path / "data" / "export").mkdir()
    (tmp_path / "data" / "export" / "clients.txt").write_bytes("Код\tКлиент\nA1\tСмирнова Ольга\n".encode("cp1251"))
    values = load_personal_values(tmp_path / "data", declared={str(other / "people.parquet"): ["who"],
                                                               "export/clients.txt": ["Клиент"]})
    assert values == {"people.parquet:who": frozenset({"Ким Алексей"}),
                      "export/clients.txt:Клиент": frozenset({"Смирнова Ольга"})}


def test_excel_and_parquet_files(tmp_path):
    pd.DataFrame({"Номер": [1, 2], "ФИО": PEOPLE[:2], "Моб. телефон": ["+7 912 345-67-89", None]}).to_excel(
        tmp_path / "anketa.xlsx", index=False)
    pd.DataFrame({"id": ["R1"], "E-Mail": ["Ivan@Mail.Ru"], "score": [9]}).to_parquet(tmp_path / "survey.parquet")
    values = load_personal_values(tmp_path)
    assert values == {
        "anketa.xlsx:ФИО": frozenset(PEOPLE[:2]),
        "anketa.xlsx:Моб. телефон": frozenset({"+7 912 345-67-89"}),
        "survey.parquet:E-Mail": frozenset({"Ivan@Mail.Ru"}),
    }


def test_rows_the_parser_sets_aside_are_searched_too(tmp_path):
    # a row with one field too many is rejected by the loaders and shown in the
    # rejected-rows table: the name in it is still someone's name
    (tmp_path / "survey.csv").write_text(
        "respondent_id;ФИО;nps\nR1;Иванов Иван;9\nR2;Петрова Мария;7;лишнее\nR3;Сидоров Пётр;10\n",
        encoding="utf-8",
    )
    raw = read_table(tmp_path / "survey.csv")
    assert len(raw.attrs["malformed"]) == 1  # the premise: the parser set one line aside
    assert load_personal_values(tmp_path)["survey.csv:ФИО"] == {"Иванов Иван", "Петрова Мария", "Сидоров Пётр"}


def test_unreadable_and_empty_files(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not a parquet file")
    _russian_export(tmp_path / "crm.csv")
    with pytest.warns(CxDataWarning, match=r"broken\.parquet.*not checked"):
        values = load_personal_values(tmp_path)
    assert "crm.csv:ФИО" in values
    with pytest.raises(CxParameterError, match="is not a folder"):
        load_personal_values(tmp_path / "crm.csv")


def test_sample_data_personal_columns(samples_dir):
    table = find_personal_columns(samples_dir)
    found = set(zip(table["file"], table["column"]))
    assert {("customers.csv", "name"), ("customers.csv", "email"), ("customers.csv", "phone"),
            ("survey.csv", "respondent_name"), ("survey.csv", "email")} <= found
    # nothing else: ids, amounts, dates and products are not personal
    assert found <= {("customers.csv", "name"), ("customers.csv", "email"), ("customers.csv", "phone"),
                     ("survey.csv", "respondent_name"), ("survey.csv", "email")}


def test_redacted_russian_export_passes_the_gate(tmp_path):
    _russian_export(tmp_path / "crm.csv")
    raw = read_table(tmp_path / "crm.csv")
    values = load_personal_values(tmp_path)
    assert scan_for_personal_data(raw.to_html(), values=values) != []
    shown = redact(raw, salt="test").to_html()
    assert scan_for_personal_data(shown, values=values) == []


def test_phones_stored_as_numbers_are_found_by_content(tmp_path):
    pd.DataFrame({"id": ["A1", "A2", "A3"], "contact": [79123456789, 89031234567, 74951234567],
                  "amount": [12345678901, 2, 3]}).to_parquet(tmp_path / "leads.parquet")
    table = find_personal_columns(tmp_path)
    assert table[["column", "found_by"]].to_dict("records") == [{"column": "contact", "found_by": "content"}]


def test_text_exports_with_other_extensions(tmp_path):
    (tmp_path / "clients.txt").write_bytes("Код\tФИО\tТелефон\nA1\tСмирнова Ольга\t8 912 345 67 89\n".encode("cp1251"))
    (tmp_path / "notes.txt").write_text("just a note\n", encoding="utf-8")
    assert load_personal_values(tmp_path) == {"clients.txt:ФИО": frozenset({"Смирнова Ольга"}),
                                              "clients.txt:Телефон": frozenset({"8 912 345 67 89"})}
