"""Regression tests for loader defects found with hostile input (one test per defect)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxDataError, CxError, CxSchemaError
from cxtools.data.io import (
    load_customers,
    load_operations,
    load_subscriptions,
    load_survey,
    load_transactions,
    read_table,
)

AS_OF = "2026-06-30"


def _write(path: Path, lines: list[str], *, encoding="utf-8", newline="\n") -> Path:
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def _count_rows(path: Path, encoding: str = "utf-8", sep: str = ",") -> int:
    """Data rows by the plainest count there is: non-blank lines after the header, not
    counting lines of bare separators. Independent of the loaders' parser."""
    lines = path.read_bytes().decode(encoding).replace("\r\n", "\n").split("\n")
    content = [ln for ln in lines if ln.strip() and set(ln.strip()) - {sep, " "}]
    return len(content) - 1


def _accounting(res, expected_read: int) -> None:
    assert res.n_read == expected_read
    assert res.n_accepted + res.n_rejected == res.n_read
    assert len(res.data) == res.n_accepted and len(res.rejected) == res.n_rejected


# ------------------------------------------------------------------ dates beyond 1677-2262
def test_open_ended_marker_is_an_empty_end_date_with_a_note(tmp_path):
    path = _write(tmp_path / "subs.csv", [
        "customer_id,start_date,end_date",
        "C1,2024-01-01,9999-12-31",
        "C2,2024-01-01,31.12.9999",
        "C3,2024-01-01,2025-01-01",
        "C4,2024-01-01,",
    ])
    res = load_subscriptions(path, as_of=AS_OF)
    _accounting(res, 4)
    assert res.n_rejected == 0
    assert res.data["end_date"].isna().tolist() == [True, True, False, True]
    assert len(res.notes) == 1 and "end_date: 2 row(s)" in res.notes[0] and "9999-12-31" in res.notes[0]
    assert "1 note" in repr(res)


def test_far_dates_are_rejected_where_no_marker_is_allowed(tmp_path):
    path = _write(tmp_path / "c.csv", [
        "customer_id,signup_date",
        "C1,9999-12-31",
        "C2,0202-05-01",
        "C3,2024-05-01",
        "C4,20240501",
    ])
    res = load_customers(path, as_of=AS_OF)
    _accounting(res, 4)
    assert res.rejected["row"].tolist() == [2, 3]
    assert res.rejected["reason"].tolist() == [
        "signup_date '9999-12-31' is outside the years 1678-2261 (a typo, or an open-ended marker where none is allowed)",
        "signup_date '0202-05-01' is outside the years 1678-2261 (a typo, or an open-ended marker where none is allowed)",
    ]
    assert res.data["signup_date"].tolist() == [pd.Timestamp("2024-05-01")] * 2
    assert res.notes == ()


def test_far_dates_from_python_objects_parquet_and_typed_columns(tmp_path):
    df = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "start_date": [dt.date(2024, 1, 1)] * 3,
                       "end_date": [dt.date(9999, 12, 31), dt.date(202, 5, 1), dt.date(2025, 1, 1)]})
    res = load_subscriptions(df, as_of=AS_OF)
    _accounting(res, 3)
    assert res.rejected["row"].tolist() == [1]  # the typo; the marker is an open end
    assert res.data["end_date"].isna().tolist() == [True, False]
    typed = df.assign(end_date=np.array(["9999-12-31", "0202-05-01", "2025-01-01"], dtype="datetime64[s]"))
    res_typed = load_subscriptions(typed, as_of=AS_OF)
    assert res_typed.rejected["row"].tolist() == [1] and res_typed.data["end_date"].isna().tolist() == [True, False]
    typed.to_parquet(tmp_path / "subs.parquet")
    res_pq = load_subscriptions(tmp_path / "subs.parquet", as_of=AS_OF)
    assert res_pq.rejected["row"].tolist() == [3] and len(res_pq.notes) == 1


# --------------------------------------------------------------------- unterminated quotes
def test_unterminated_quote_rejects_only_its_own_row(tmp_path):
    lines = ["customer_id,signup_date,segment"] + [f"C{i},2024-01-{i:02d},Consumer" for i in range(1, 21)]
    lines[5] = 'C5,2024-01-05,"Small business'
    path = _write(tmp_path / "c.csv", lines)
    res = load_customers(path, as_of=AS_OF)
    _accounting(res, _count_rows(path))
    assert res.n_read == 20 and res.n_accepted == 19
    assert res.rejected["row"].tolist() == [6]
    assert res.rejected["reason"].iloc[0].startswith("unterminated quote")
    assert res.rejected["value"].iloc[0] == 'C5,2024-01-05,"Small business'


def test_two_stray_quotes_do_not_join_the_rows_between_them(tmp_path):
    lines = ["customer_id,signup_date,segment", 'C1,2024-01-01,"Consumer', "C2,2024-01-02,Consumer",
             'C3,2024-01-03,Consumer"x', "C4,2024-01-04,Consumer"]
    path = _write(tmp_path / "c.csv", lines)
    res = load_customers(path, as_of=AS_OF)
    _accounting(res, 4)
    assert res.rejected["row"].tolist() == [2]
    assert res.data["customer_id"].tolist() == ["C2", "C3", "C4"]  # a quote inside a field is text
    assert res.data["segment"].tolist() == ["Consumer", 'Consumer"x', "Consumer"]


def test_a_quoted_field_over_two_lines_is_one_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('customer_id,signup_date,segment\nC1,2024-01-01,"two\nlines"\nC2,2024-01-02,x\n', encoding="utf-8")
    res = load_customers(path, as_of=AS_OF)
    _accounting(res, 2)
    assert res.data["segment"].tolist() == ["two\nlines", "x"]
    assert read_table(path).index.tolist() == [2, 4]  # row numbers are the lines an editor shows


def test_field_counts_are_reported_exactly(tmp_path):
    header = ",".join(f"c{i}" for i in range(7)) + ",customer_id"  # 8 columns
    path = _write(tmp_path / "c.csv", [header.replace("c0", "signup_date"), "2024-01-01,1,2,3,4,5,6,C1",
                                       "2024-01-01,1,2,3,4,5,6,C2,extra", "2024-01-01,1,2,C3",
                                       '2024-01-01,"1,5",2,3,4,5,6,C4,"x"'])
    res = load_customers(path, as_of=AS_OF)
    _accounting(res, 4)
    assert res.rejected["reason"].tolist() == ["row has 9 fields, expected 8", "row has 4 fields, expected 8",
                                               "row has 9 fields, expected 8"]


# ----------------------------------------------------------------------------- decimal marks
def test_thousands_like_values_are_not_guessed(tmp_path):
    path = _write(tmp_path / "tx.csv", ["transaction_id,customer_id,timestamp,amount",
                                        "T1,C1,2025-01-01,\"1,500\"", "T2,C1,2025-01-02,\"12,000\"",
                                        "T3,C2,2025-01-03,700"])
    with pytest.raises(CxDataError, match=r"tx.csv: cannot tell the decimal mark: .*amount: '1,500', '12,000'"):
        load_transactions(path, as_of=AS_OF)
    assert load_transactions(path, as_of=AS_OF, decimal=",").data["amount"].tolist() == [1.5, 12.0, 700.0]
    assert load_transactions(path, as_of=AS_OF, thousands=",").data["amount"].tolist() == [1500.0, 12000.0, 700.0]
    assert read_table(path).attrs["decimal"] is None


def test_unambiguous_numbers_settle_the_decimal_mark(tmp_path):
    comma = _write(tmp_path / "a.csv", ["transaction_id;customer_id;timestamp;amount", "T1;C1;2025-01-01;1,500",
                                        "T2;C1;2025-01-02;2,25"])
    assert load_transactions(comma, as_of=AS_OF).data["amount"].tolist() == [1.5, 2.25]
    groups = _write(tmp_path / "b.csv", ["transaction_id;customer_id;timestamp;amount", "T1;C1;2025-01-01;1,500",
                                         "T2;C1;2025-01-02;1,234,567.5"])
    assert load_transactions(groups, as_of=AS_OF).data["amount"].tolist() == [1500.0, 1234567.5]
    dot = _write(tmp_path / "c.csv", ["transaction_id;customer_id;timestamp;amount", "T1;C1;2025-01-01;1,500",
                                      "T2;C1;2025-01-02;2.5", "T3;C1;2025-01-03;3.5"])
    res = load_transactions(dot, as_of=AS_OF)
    assert res.rejected["reason"].tolist() == ["amount '1,500' is not a number (if ',' separates thousands here, "
                                               "pass thousands=',')"]


# ---------------------------------------------------------------------------- unreadable
def _unreadable_file(tmp_path: Path) -> Path:
    """A file this process may not read: chmod 000, or for root (who reads anything) a
    write-only kernel setting."""
    if os.geteuid() != 0:
        path = tmp_path / "private.csv"
        path.write_text("customer_id,signup_date\nC1,2024-01-01\n", encoding="utf-8")
        os.chmod(path, 0)
        return path
    path = Path("/proc/sys/vm/drop_caches")
    try:
        path.read_bytes()
    except PermissionError:
        return path
    pytest.skip("no file here that this user cannot read")


def test_unreadable_file_names_the_path(tmp_path):
    path = _unreadable_file(tmp_path)
    for loader in (load_customers, read_table):
        with pytest.raises(CxDataError, match=f"^{path}: permission denied: cannot read the file"):
            loader(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_names_the_path(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    _write(folder / "c.csv", ["customer_id,signup_date", "C1,2024-01-01"])
    os.chmod(folder, 0)
    try:
        with pytest.raises(CxDataError, match="locked/c.csv: permission denied"):
            load_customers(folder / "c.csv")
    finally:
        os.chmod(folder, 0o755)


def test_a_folder_or_device_is_not_read_as_a_file(tmp_path):
    with pytest.raises(CxDataError, match="is not a file"):
        load_customers("/dev/null" if Path("/dev/null").exists() else tmp_path)


# ----------------------------------------------------------------------------- encodings
RU_LINES = ["customer_id;signup_date;segment", "C1;01.02.2024;Частный клиент", "C2;02.02.2024;Малый бизнес",
            "C3;03.02.2024;Юридическое лицо"]


def test_utf8_file_with_one_cp1251_row_rejects_that_row(tmp_path):
    data = ("\n".join(RU_LINES[:2]) + "\n").encode("utf-8") + (RU_LINES[2] + "\n").encode("cp1251") + \
        (RU_LINES[3] + "\n").encode("utf-8")
    path = tmp_path / "c.csv"
    path.write_bytes(data)
    res = load_customers(path, as_of=AS_OF)
    _accounting(res, 3)
    assert res.data["segment"].tolist() == ["Частный клиент", "Юридическое лицо"]  # not garbled
    assert res.rejected["row"].tolist() == [3]
    assert res.rejected["reason"].iloc[0].startswith("row is not valid utf-8 text (byte 0xcc")
    assert "mixes text encodings" in res.rejected["reason"].iloc[0]


def test_mostly_foreign_lines_are_an_encoding_error(tmp_path):
    data = (RU_LINES[0] + "\n" + RU_LINES[1] + "\n").encode("utf-8") + \
        ("\n".join(RU_LINES[2:] * 3) + "\n").encode("cp1251")
    path = tmp_path / "c.csv"
    path.write_bytes(data)
    with pytest.raises(CxDataError, match="c.csv: the file mixes text encodings"):
        load_customers(path, as_of=AS_OF)


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251", "cp866"])
def test_single_byte_cyrillic_files_are_not_garbled(tmp_path, encoding):
    path = _write(tmp_path / "c.csv", RU_LINES, encoding=encoding)
    res = load_customers(path, as_of=AS_OF)
    assert res.data["segment"].tolist() == ["Частный клиент", "Малый бизнес", "Юридическое лицо"]
    assert read_table(path).attrs["encoding"] == encoding
    assert load_customers(path, as_of=AS_OF, encoding=encoding).data["segment"].tolist() == \
        res.data["segment"].tolist()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, codec):
    path = _write(tmp_path / "c.csv", [ln.replace(";", "\t") for ln in RU_LINES], encoding=codec, newline="\r\n")
    res = load_customers(path, as_of=AS_OF)
    assert res.n_accepted == 3 and res.data["segment"].iloc[2] == "Юридическое лицо"


def test_binary_junk_is_an_encoding_problem_not_missing_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CxDataError, match="c.csv: .*(binary|encoding)") as info:
        load_customers(path)
    assert "missing required column" not in str(info.value)


# ------------------------------------------------------------------------------- survey
def test_survey_scales_ignore_letter_case():
    df = pd.DataFrame({"respondent_id": ["R1", "R2", "R3"], "NPS": [10, 11, 0], "Rating_Price": [5, 6, 1]})
    res = load_survey(df, as_of=AS_OF)
    assert dict(zip(res.rejected["row"], res.rejected["reason"])) == {1: "NPS outside 0-10; Rating_Price outside 1-5"}
    assert res.rejected["row"].tolist() == [1]


# ------------------------------------------------------------------------------ parquet
def test_duplicate_parquet_column_is_an_error_naming_it(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_arrays([pa.array(["C1"]), pa.array([1]), pa.array([2])],
                                 names=["customer_id", "n_contacts", "n_contacts"])
    pq.write_table(table, tmp_path / "ops.parquet")
    with pytest.raises(CxSchemaError, match=r"ops.parquet: column name\(s\) \['n_contacts'\] appear more than once"):
        load_operations(tmp_path / "ops.parquet")


def test_duplicate_excel_column_is_an_error_naming_it(tmp_path):
    pd.DataFrame([["C1", 1, 2]], columns=["customer_id", "n_contacts", "x"]).rename(
        columns={"x": "n_contacts"}).to_excel(tmp_path / "ops.xlsx", index=False)
    with pytest.raises(CxSchemaError, match=r"\['n_contacts'\] appear more than once"):
        load_operations(tmp_path / "ops.xlsx")


# ------------------------------------------------------------------- hostile text values
PAYLOADS = ['<img src=x onerror=alert(1)>', "<script>alert('x')</script>", "=HYPERLINK(\"http://x\")",
            "{{7*7}}", "__import__('os').system('true')", "${jndi:ldap://x}", "+cmd|' /C calc'!A0"]


def test_rejected_values_are_kept_as_plain_text(tmp_path):
    rows = [f"T{i};C1;2025-01-01;{p}" for i, p in enumerate(PAYLOADS)]
    path = _write(tmp_path / "tx.csv", ["transaction_id;customer_id;timestamp;amount"] + rows)
    res = load_transactions(path, as_of=AS_OF, sep=";")
    _accounting(res, len(PAYLOADS))
    assert res.rejected["value"].tolist() == PAYLOADS
    assert res.rejected["amount"].tolist() == PAYLOADS
    assert all(isinstance(v, str) for v in res.rejected["value"])
    frame = pd.DataFrame({"customer_id": PAYLOADS, "signup_date": ["x"] * len(PAYLOADS)})
    res_df = load_customers(frame, as_of=AS_OF)
    assert res_df.rejected["customer_id"].tolist() == PAYLOADS
    assert isinstance(CxDataError("x"), CxError)
