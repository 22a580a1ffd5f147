"""Tests for cxtools.data.io: loaders, dialect detection and the Kano answer normaliser."""

from __future__ import annotations

import pandas as pd
import pytest

from cxtools.core.errors import CxDataError
from cxtools.data.io import KANO_ANSWERS, normalise_kano_answers


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


# --------------------------------------------------------------------------- helpers
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from cxtools.core.errors import CxEmptyDataError, CxParameterError, CxSchemaError  # noqa: E402
from cxtools.data.io import (  # noqa: E402
    LoadResult,
    load_customers,
    load_incidents,
    load_kano,
    load_operations,
    load_subscriptions,
    load_survey,
    load_transactions,
    read_table,
)

AS_OF = "2026-06-30"
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
NBSP = "\u00a0"


def _write(path: Path, lines: list[str], *, encoding="utf-8", newline="\n") -> Path:
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def _accounting(res: LoadResult) -> None:
    assert res.n_accepted + res.n_rejected == res.n_read
    assert len(res.data) == res.n_accepted and len(res.rejected) == res.n_rejected


# Four transactions, written in every dialect the loaders must understand.
EXPECTED_TX = pd.DataFrame({
    "transaction_id": ["T1", "T2", "T3", "T4"],
    "customer_id": ["C1", "C2", "C1", "C3"],
    "timestamp": pd.to_datetime(["2025-01-05 10:00:00", "2025-02-10 12:30:00", "2025-03-01 09:15:00", "2025-03-02 00:00:00"]),
    "amount": [1234.56, 0.5, -300.0, 1500000.25],
    "product": ["роутер", "tv_box", "роутер", "тв-приставка"],
    "channel": ["online", "store", "online", "call_centre"],
    "is_refund": [False, False, True, False],
})


def _russian_lines(thousands=NBSP) -> list[str]:
    return [
        "transaction_id;customer_id;timestamp;amount;product;channel;is_refund",
        f"T1;C1;05.01.2025 10:00:00;1{thousands}234,56;роутер;online;нет",
        "T2;C2;10.02.2025 12:30;0,5;tv_box;store;false",
        "T3;C1;01.03.2025 09:15:00;-300;роутер;online;да",
        f"T4;C3;02.03.2025;1 500{thousands}000,25;тв-приставка;call_centre;false",
    ]


def _iso_lines(sep=",") -> list[str]:
    rows = [list(EXPECTED_TX.columns)]
    for r in EXPECTED_TX.itertuples(index=False):
        rows.append([r.transaction_id, r.customer_id, f"{r.timestamp:%Y-%m-%d %H:%M:%S}", repr(r.amount),
                     r.product, r.channel, str(r.is_refund).lower()])
    return [sep.join(map(str, row)) for row in rows]


def _check_expected(res: LoadResult) -> None:
    _accounting(res)
    assert res.n_read == 4 and res.n_rejected == 0, res.rejected
    got = res.data.reset_index(drop=True)
    assert list(got.columns) == list(EXPECTED_TX.columns)
    np.testing.assert_allclose(got["amount"].to_numpy(), EXPECTED_TX["amount"].to_numpy(), rtol=0, atol=1e-9)
    assert got["timestamp"].tolist() == EXPECTED_TX["timestamp"].tolist()
    assert got["is_refund"].tolist() == EXPECTED_TX["is_refund"].tolist()
    for col in ("transaction_id", "customer_id", "product", "channel"):
        assert got[col].tolist() == EXPECTED_TX[col].tolist()
    assert pd.api.types.is_datetime64_any_dtype(got["timestamp"])
    assert got["amount"].dtype == "float64"
    assert got["is_refund"].dtype == bool


# --------------------------------------------------------------------------- dialects
def test_cp1251_semicolon_decimal_comma_crlf(tmp_path):
    path = _write(tmp_path / "export.csv", _russian_lines(), encoding="cp1251", newline="\r\n")
    raw = read_table(path)
    assert (raw.attrs["encoding"], raw.attrs["sep"], raw.attrs["decimal"]) == ("cp1251", ";", ",")
    assert list(raw.index) == [2, 3, 4, 5]
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_cp1251_with_plain_space_thousands(tmp_path):
    path = _write(tmp_path / "export.csv", _russian_lines(thousands=" "), encoding="cp1251")
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_utf8_bom_semicolon(tmp_path):
    path = _write(tmp_path / "export.csv", _russian_lines(), encoding="utf-8-sig")
    raw = read_table(path)
    assert raw.attrs["encoding"] == "utf-8-sig"
    assert raw.columns[0] == "transaction_id"  # no BOM glued to the first name
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_plain_utf8_comma(tmp_path):
    path = _write(tmp_path / "tx.csv", _iso_lines(","))
    raw = read_table(path)
    assert (raw.attrs["encoding"], raw.attrs["sep"], raw.attrs["decimal"]) == ("utf-8", ",", ".")
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_tab_separated(tmp_path):
    path = _write(tmp_path / "tx.tsv", _iso_lines("\t"))
    assert read_table(path).attrs["sep"] == "\t"
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_utf16_tab_separated_excel_unicode_text(tmp_path):
    # Excel's "Unicode text" export: UTF-16 with BOM, tab-separated
    path = tmp_path / "tx.txt"
    path.write_bytes("\r\n".join(_iso_lines("\t")).encode("utf-16"))
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_excel(tmp_path):
    path = tmp_path / "tx.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame({"note": ["other sheet"]}).to_excel(xl, sheet_name="readme", index=False)
        EXPECTED_TX.to_excel(xl, sheet_name="data", index=False)
    _check_expected(load_transactions(path, as_of=AS_OF, sheet="data"))
    with pytest.raises(CxDataError, match=r"no sheet 'nope'.*\['readme', 'data'\]"):
        load_transactions(path, as_of=AS_OF, sheet="nope")


def test_excel_text_cells_are_checked_like_csv(tmp_path):
    df = EXPECTED_TX.astype({"amount": object})
    df.loc[1, "amount"] = "12 500 rub"
    df.loc[3, "amount"] = "1 500 000,25"  # a text cell typed by hand in a Russian workbook
    path = tmp_path / "tx.xlsx"
    df.to_excel(path, index=False)
    res = load_transactions(path, as_of=AS_OF, decimal=",")
    _accounting(res)
    assert res.rejected[["row", "column", "value"]].values.tolist() == [[3, "amount", "12 500 rub"]]
    assert res.data["amount"].tolist() == [1234.56, -300.0, 1500000.25]


def test_parquet(tmp_path):
    path = tmp_path / "tx.parquet"
    EXPECTED_TX.to_parquet(path, index=False)
    _check_expected(load_transactions(path, as_of=AS_OF))


def test_dataframe_input_keeps_index_labels():
    df = EXPECTED_TX.copy()
    df.index = [101, 102, 103, 104]
    df.loc[103, "is_refund"] = False  # negative amount no longer marked as refund
    res = load_transactions(df, as_of=AS_OF)
    assert res.source == "<DataFrame>"
    assert list(res.data.index) == [101, 102, 104]
    assert res.rejected["row"].tolist() == [103]
    assert res.rejected["reason"].tolist() == ["negative amount not marked as refund"]


def test_dataframe_of_text_is_parsed():
    df = pd.DataFrame([line.split(",") for line in _iso_lines(",")[1:]], columns=_iso_lines(",")[0].split(","))
    _check_expected(load_transactions(df, as_of=AS_OF))


# --------------------------------------------------------------------------- decimal safety
def test_decimal_comma_in_comma_file_is_rejected_not_misread(tmp_path):
    path = _write(tmp_path / "tx.csv", [
        "transaction_id,customer_id,timestamp,amount",
        'T1,C1,2025-01-05,"1,5"',
        "T2,C1,2025-01-05,2.5",
        "T3,C1,2025-01-05,3.25",
    ])
    res = load_transactions(path, as_of=AS_OF)
    _accounting(res)
    assert res.data["amount"].tolist() == [2.5, 3.25]
    assert res.rejected["row"].tolist() == [2]
    assert res.rejected.loc[0, "reason"] == "amount '1,5' is not a number (this table uses '.' as the decimal mark)"


def test_decimal_comma_detected_in_semicolon_file(tmp_path):
    path = _write(tmp_path / "tx.csv", ["transaction_id;customer_id;timestamp;amount", "T1;C1;2025-01-05;1,5",
                                        "T2;C1;2025-01-05;2"])
    assert load_transactions(path, as_of=AS_OF).data["amount"].tolist() == [1.5, 2.0]


def test_wrong_decimal_given_rejects_instead_of_guessing(tmp_path):
    path = _write(tmp_path / "tx.csv", ["transaction_id;customer_id;timestamp;amount", "T1;C1;2025-01-05;1,5",
                                        "T2;C1;2025-01-05;1.234,5", "T3;C1;2025-01-05;7"])
    res = load_transactions(path, as_of=AS_OF, decimal=".")
    _accounting(res)
    assert res.data["amount"].tolist() == [7.0]  # never 15 or 1.2345
    assert res.rejected["value"].tolist() == ["1,5", "1.234,5"]
    res = load_transactions(path, as_of=AS_OF, decimal=",")
    assert res.data["amount"].tolist() == [1.5, 7.0]
    assert res.rejected["value"].tolist() == ["1.234,5"]  # German thousands dot: rejected, not guessed


# --------------------------------------------------------------------------- structural errors
def test_missing_required_columns_names_file_missing_and_found(tmp_path):
    path = _write(tmp_path / "subs.csv", ["Customer_ID,plan", "C1,internet"])
    with pytest.raises(CxSchemaError) as info:
        load_subscriptions(path, as_of=AS_OF)
    msg = str(info.value)
    assert "subs.csv" in msg
    assert "['customer_id', 'start_date', 'end_date']" in msg
    assert "columns found: ['Customer_ID', 'plan']" in msg
    assert "'Customer_ID' -> 'customer_id'" in msg


def test_columns_mapping(tmp_path):
    path = _write(tmp_path / "subs.csv", ["Client,Start,End", "C1,01.02.2024,", "C2,2024-03-01,2024-02-01"])
    res = load_subscriptions(path, as_of=AS_OF, columns={"Client": "customer_id", "Start": "start_date", "End": "end_date"})
    assert list(res.data.columns) == ["customer_id", "start_date", "end_date"]
    assert res.data["start_date"].tolist() == [pd.Timestamp("2024-02-01")]
    assert res.rejected["reason"].tolist() == ["end_date before start_date"]
    with pytest.raises(CxSchemaError, match="'Kunde'"):
        load_subscriptions(path, columns={"Kunde": "customer_id"})


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(CxEmptyDataError, match="empty.csv"):
        load_customers(path)
    path.write_bytes(b"\n\n  \n")
    with pytest.raises(CxEmptyDataError):
        read_table(path)


def test_header_only_file(tmp_path):
    path = _write(tmp_path / "customers.csv", ["customer_id,signup_date"])
    with pytest.raises(CxEmptyDataError, match="no data rows"):
        load_customers(path)
    with pytest.raises(CxEmptyDataError):
        load_customers(pd.DataFrame({"customer_id": [], "signup_date": []}))


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"customer_id,signup_date\nC\x98\xff1,2024-01-01\n")  # neither UTF-8 nor cp1251
    with pytest.raises(CxDataError, match="bad.csv.*encoding"):
        load_customers(path)


def test_wrong_encoding_given(tmp_path):
    path = _write(tmp_path / "tx.csv", _russian_lines(), encoding="cp1251")
    with pytest.raises(CxDataError, match="not valid 'utf-8'"):
        load_transactions(path, encoding="utf-8")


def test_missing_file_and_bad_source_type(tmp_path):
    with pytest.raises(CxDataError, match="nope.csv: file not found"):
        load_customers(tmp_path / "nope.csv")
    with pytest.raises(CxParameterError, match="got list"):
        load_customers([1, 2, 3])
    with pytest.raises(CxParameterError, match="as_of"):
        load_customers(pd.DataFrame({"customer_id": ["C1"], "signup_date": ["2024-01-01"]}), as_of="soon")


# --------------------------------------------------------------------------- row problems
SURVEY_LINES = [
    "respondent_id,customer_id,email,wave,response_date,weight,nps,csat,ces,overall_satisfaction,rating_price,importance_price,loyalty_1",
    "R1,C1,a@b.ru,2025Q1,2025-01-10,1.0,9,5,7,10,5,5,5",       # 2 ok
    "R2,,c@d.ru,2025Q1,2025-01-11,0.5,,,,,,,",                  # 3 ok: everything skipped
    "R3,C3,,2025Q1,2025-01-12,1.0,11,4,5,8,4,4,4",              # 4 NPS
    "R4,C4,,2025Q1,2025-01-12,1.0,8,0,5,8,4,4,4",               # 5 CSAT
    "R5,C5,,2025Q1,2025-01-12,1.0,8,4,8,8,4,4,4",               # 6 CES
    "R6,C6,,2025Q1,2025-01-12,1.0,8,4,5,11,6,0,6",              # 7 overall, rating, importance, loyalty
    "R7,C7,,2025Q1,2025-01-12,1.0,7.5,4,5,8,4,4,4",             # 8 not whole
    "R8,C8,,2025Q1,2025-01-12,1.0,seven,4,5,8,4,4,4",           # 9 not a number
    "R1,C1,a@b.ru,2025Q1,2025-01-10,1.0,9,5,7,10,5,5,5",       # 10 duplicate
    ",C9,,2025Q1,2025-01-12,1.0,8,4,5,8,4,4,4",                 # 11 missing id
    "R9,C9,,2027Q1,2027-01-12,1.0,8,4,5,8,4,4,4",               # 12 future
    "R1,C1,a@b.ru,2025Q1,2025-01-10,1.0,9,5,7,10,5,5,5",       # 13 duplicate again
    "R10,C10,,2025Q1,2025-01-12,-1,8,4,5,8,4,4,4",              # 14 negative weight
]


def test_survey_rejections(tmp_path):
    res = load_survey(_write(tmp_path / "survey.csv", SURVEY_LINES), as_of=AS_OF)
    _accounting(res)
    assert res.n_read == 13
    reasons = dict(zip(res.rejected["row"], res.rejected["reason"]))
    assert reasons == {
        4: "NPS outside 0-10",
        5: "CSAT outside 1-5",
        6: "CES outside 1-7",
        7: "overall satisfaction outside 1-10; rating_price outside 1-5; importance_price outside 1-5; loyalty_1 outside 1-5",
        8: "nps '7.5' is not a whole number",
        9: "nps 'seven' is not a number",
        10: "duplicate respondent_id",
        11: "respondent_id is missing",
        12: "response_date in the future (after 2026-06-30)",
        13: "duplicate respondent_id",
        14: "weight is negative",
    }
    assert res.data["respondent_id"].tolist() == ["R1", "R2"]
    assert res.data["nps"].dtype == "Int64" and res.data["nps"].isna().tolist() == [False, True]
    row7 = res.rejected.set_index("row").loc[7]
    assert row7["column"] == "overall_satisfaction; rating_price; importance_price; loyalty_1"
    assert row7["value"] == "11; 6; 0; 6"
    assert row7["email"] is None or pd.isna(row7["email"])  # raw fields follow
    summary = res.summary()
    assert summary.loc[0].tolist() == ["duplicate respondent_id", 2]
    assert summary["rows"].sum() == 14  # 11 rows, row 7 counts under four reasons
    assert repr(res).startswith("LoadResult(survey from '")
    assert "13 read, 2 accepted, 11 rejected: duplicate respondent_id (2), " in repr(res)


def test_survey_scales(tmp_path):
    path = _write(tmp_path / "s.csv", ["respondent_id,rating_price,q_effort", "R1,7,3", "R2,6,9"])
    res = load_survey(path, scales={"rating_*": (1, 7), "q_effort": (1, 7)})
    assert res.rejected["reason"].tolist() == ["q_effort outside 1-7"]
    assert res.data["rating_price"].tolist() == [7]
    with pytest.raises(CxParameterError, match="match no column"):
        load_survey(path, scales={"trust_*": (1, 5)})
    with pytest.raises(CxParameterError, match="below highest"):
        load_survey(path, scales={"q_effort": (7, 1)})


def test_subscription_rejections(tmp_path):
    path = _write(tmp_path / "subs.csv", [
        "customer_id,start_date,end_date,plan,n_products,monthly_revenue,monthly_margin",
        "C1,2024-01-01,,internet,1,250,50",               # 2 ok, censored
        "C2,2024-05-01,2024-04-30,internet,1,250,50",     # 3 end before start
        "C3,2027-01-01,,internet,1,250,50",               # 4 future start
        "C4,,,internet,1,250,50",                         # 5 missing start
        "C5,31.02.2024,,internet,1,250,50",               # 6 impossible date
        "C6,01/02/2024,,internet,1,250,50",               # 7 ambiguous format
        "C7,2024-01-01,,internet,0,250,50",               # 8 no products
        "C8,2024-01-01,,internet,1,-250,-10",             # 9 negative revenue (margin may be negative)
        "C9,2024-01-01,2026-07-01,internet,1,250,50",     # 10 end after as_of
    ])
    res = load_subscriptions(path, as_of=AS_OF)
    _accounting(res)
    reasons = dict(zip(res.rejected["row"], res.rejected["reason"]))
    assert reasons == {
        3: "end_date before start_date",
        4: "start_date in the future (after 2026-06-30)",
        5: "start_date is missing",
        6: "start_date '31.02.2024' is not a date (expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)",
        7: "start_date '01/02/2024' is not a date (expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)",
        8: "n_products below 1",
        9: "monthly_revenue is negative",
        10: "end_date in the future (after 2026-06-30)",
    }
    assert res.data["end_date"].isna().tolist() == [True]


def test_transaction_rejections(tmp_path):
    path = _write(tmp_path / "tx.csv", [
        "transaction_id,customer_id,timestamp,amount,product,channel,is_refund",
        "T1,C1,2025-01-05 10:00:00,100,router,,false",     # 2 ok, channel optional
        "T2,C1,2025-01-05 10:00:00,-100,router,store,true",  # 3 ok refund
        "T3,C1,2025-01-05 10:00:00,-100,router,store,false",  # 4 negative not refund
        "T4,C1,2025-01-05 10:00:00,12 500 rub,router,store,false",  # 5 text
        "T5,C1,2031-03-14 12:00:00,100,router,store,false",  # 6 future
        "T1,C1,2025-01-05 10:00:00,100,router,,false",     # 7 duplicate
        "T6,C1,2025-01-05 10:00:00,100,router,store,maybe",  # 8 not a flag
        "T7,,2025-01-05 10:00:00,,router,store,false",     # 9 two missing values
        "T8,C1,2025-01-05 25:00:00,100,router,store,false",  # 10 impossible time
    ])
    res = load_transactions(path, as_of=AS_OF)
    _accounting(res)
    assert dict(zip(res.rejected["row"], res.rejected["reason"])) == {
        4: "negative amount not marked as refund",
        5: "amount '12 500 rub' is not a number",
        6: "timestamp in the future (after 2026-06-30)",
        7: "duplicate transaction_id",
        8: "is_refund 'maybe' is not true/false",
        9: "customer_id is missing; amount is missing",
        10: "timestamp '2025-01-05 25:00:00' is not a date (expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)",
    }
    assert res.data["amount"].tolist() == [100.0, -100.0]
    no_flag = load_transactions(path, as_of=AS_OF, refund_column=None)
    assert 3 in set(no_flag.rejected["row"])  # without a refund flag every negative amount is rejected
    assert "is_refund" in no_flag.data.columns and no_flag.data["is_refund"].dtype == "str"


def test_malformed_lines_are_rejected_with_their_row(tmp_path):
    path = _write(tmp_path / "c.csv", ["customer_id,signup_date", "C1,2024-01-01", "C2,2024-01-02,extra",
                                       "C3,2024-01-03"])
    res = load_customers(path, as_of=AS_OF)
    _accounting(res)
    assert res.n_read == 3
    assert res.data["customer_id"].tolist() == ["C1", "C3"]
    assert res.rejected[["row", "reason", "value"]].values.tolist() == [
        [3, "row has 3 fields, expected 2", "C2,2024-01-02,extra"]]


def test_kano_loader(tmp_path):
    path = _write(tmp_path / "kano.csv", [
        "respondent_id;attribute;functional;dysfunctional",
        "R1;price;Мне нравится;Мне не нравится",
        "R1;trust;Так и должно быть;Могу с этим мириться",
        "R1;price;I like it;I dislike it",
        "R2;price;whatever;I dislike it",
        "R2;trust;1;",
    ], encoding="cp1251")
    res = load_kano(path)
    _accounting(res)
    assert res.data[["functional", "dysfunctional"]].values.tolist() == [["like", "dislike"], ["expect", "tolerate"]]
    assert res.rejected["reason"].tolist() == [
        "duplicate respondent_id + attribute",
        "functional 'whatever' is not a Kano answer (expected I like it, I expect it, I am neutral, "
        "I can tolerate it, I dislike it or codes 1-5)",
        "dysfunctional is missing",
    ]


def test_operations_and_incidents():
    ops = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"], "avg_wait_minutes": [3.5, -1, 2, 2],
                        "n_contacts": [2, 1, 0, 1], "n_repeat_contacts": [1, 0, 0, 2],
                        "n_complaints": [0, 0, 0, 0], "first_contact_resolution": [0.5, 1.0, None, 1.5]})
    res = load_operations(ops)
    _accounting(res)
    assert dict(zip(res.rejected["row"], res.rejected["reason"])) == {
        1: "avg_wait_minutes is negative",
        3: "first_contact_resolution outside 0-1; n_repeat_contacts greater than n_contacts",
    }
    assert res.data["first_contact_resolution"].isna().tolist() == [False, True]
    inc = pd.DataFrame({"incident_id": ["I1", "I2", "I3"], "customer_id": ["C1", "C2", "C3"],
                        "valence": ["NEGATIVE", "neutral", "positive"], "category": ["billing", "speed", None]})
    res = load_incidents(inc)
    assert res.data["valence"].tolist() == ["negative"]
    assert res.rejected["reason"].tolist() == ["valence 'neutral' is not positive or negative", "category is missing"]


# --------------------------------------------------------------------------- LoadResult
def test_load_result_accounting_is_enforced():
    data = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(CxDataError, match="accounting"):
        LoadResult(data, pd.DataFrame({"row": [3]}), "x.csv", "customers", 2)


def test_load_result_to_frame_and_clean_repr():
    res = load_customers(pd.DataFrame({"customer_id": ["C1", "C2"], "signup_date": ["2024-01-01", "2024-02-01"]}),
                         as_of=AS_OF)
    assert repr(res) == "LoadResult(customers from '<DataFrame>': 2 read, 2 accepted, 0 rejected)"
    assert res.to_frame().iloc[0].to_dict() == {"kind": "customers", "source": "<DataFrame>", "n_read": 2,
                                                "n_accepted": 2, "n_rejected": 0, "share_rejected": 0.0}
    assert res.summary().empty and list(res.summary().columns) == ["reason", "rows"]
    assert list(res.rejected.columns)[:4] == ["row", "reason", "column", "value"]


# --------------------------------------------------------------------------- sample data
LOADERS = {"customers": load_customers, "subscriptions": load_subscriptions, "transactions": load_transactions,
           "survey": load_survey, "kano": load_kano, "operations": load_operations, "incidents": load_incidents}


def _load_all(folder: Path, as_of: str, suffix: str = "csv") -> dict[str, LoadResult]:
    out = {}
    for name, loader in LOADERS.items():
        kwargs = {"as_of": as_of} if name in ("customers", "subscriptions", "transactions", "survey") else {}
        out[name] = loader(folder / f"{name}.{suffix}", **kwargs)
    return out


def _check_against_truth(results: dict[str, LoadResult], truth: dict) -> None:
    expected = {(b["file"], b["row"], b["column"]) for b in truth["bad_rows"]}
    got = set()
    for name, res in results.items():
        _accounting(res)
        for row, column in zip(res.rejected["row"], res.rejected["column"]):
            got.add((f"{name}.csv", int(row), column))
    assert got == expected
    by_check = {"amount": ("is not a number", "negative amount not marked as refund"), "timestamp": ("in the future",),
                "transaction_id": ("duplicate transaction_id",), "respondent_id": ("duplicate respondent_id",),
                "nps": ("NPS outside 0-10",), "csat": ("CSAT outside 1-5",)}
    for bad in truth["bad_rows"]:
        res = results[bad["file"].removesuffix(".csv")]
        reason = res.rejected.set_index("row").loc[bad["row"], "reason"]
        assert any(key in reason for key in by_check[bad["column"]]), (bad, reason)
        # the planted id is the one in the rejected row
        idcol = "transaction_id" if bad["file"] == "transactions.csv" else "respondent_id"
        assert res.rejected.set_index("row").loc[bad["row"], idcol] == bad["id"]


def test_bundled_samples_reject_exactly_the_planted_bad_rows():
    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    results = _load_all(SAMPLES, truth["as_of"])
    _check_against_truth(results, truth)
    assert {name: res.n_read for name, res in results.items()} == truth["rows"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_freshly_generated_samples(tmp_path, fmt):
    from cxtools.data.samples import write_sample_data

    paths = write_sample_data(tmp_path, n_customers=300, seed=11, format=fmt)
    truth = json.loads(paths["truth"].read_text(encoding="utf-8"))
    results = _load_all(tmp_path, truth["as_of"], fmt)
    _check_against_truth(results, truth)
    assert {name: res.n_read for name, res in results.items()} == truth["rows"]


@pytest.mark.slow
def test_million_row_csv(tmp_path):
    import duckdb

    path = tmp_path / "big.csv"
    duckdb.sql(
        "COPY (SELECT printf('T%08d', i) AS transaction_id, printf('C%06d', i % 50000) AS customer_id, "
        "strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 37), '%Y-%m-%d %H:%M:%S') AS timestamp, "
        "CASE WHEN i = 500000 THEN '12 500 rub' ELSE printf('%.2f', (i % 9973) / 7.0) END AS amount, "
        "'router' AS product, 'online' AS channel, 'false' AS is_refund FROM range(1000000) t(i)) "
        f"TO '{path}' (HEADER, DELIMITER ',')"
    )
    res = load_transactions(path, as_of=AS_OF)
    _accounting(res)
    assert res.n_read == 1_000_000
    assert res.rejected[["row", "value"]].values.tolist() == [[500_002, "12 500 rub"]]
    assert res.data["amount"].iloc[10] == pytest.approx(10 / 7.0, abs=0.005)


# --------------------------------------------------------------------------- edge cases
def test_separator_only_lines_are_layout_not_rows(tmp_path):
    path = _write(tmp_path / "c.csv", ["customer_id;signup_date", "C1;01.02.2024", ";", "C2;02.02.2024", ";", ";"],
                  encoding="cp1251")
    res = load_customers(path, as_of=AS_OF)
    _accounting(res)
    assert res.n_read == 2 and res.n_rejected == 0


def test_unknown_encoding_name_old_excel_and_duplicate_columns(tmp_path):
    path = _write(tmp_path / "c.csv", ["customer_id,signup_date", "C1,2024-01-01"])
    with pytest.raises(CxParameterError, match="not a known text encoding"):
        load_customers(path, encoding="klingon")
    old = tmp_path / "c.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(CxDataError, match="save it as .xlsx or CSV"):
        load_customers(old)
    dup = _write(tmp_path / "dup.csv", ["customer_id,signup_date,signup_date", "C1,2024-01-01,2024-01-01"])
    with pytest.raises(CxSchemaError, match=r"\['signup_date'\] appear more than once"):
        load_customers(dup)
    df = pd.DataFrame([["C1", "2024-01-01", "x"]], columns=["customer_id", "signup_date", " customer_id"])
    with pytest.raises(CxSchemaError, match="more than once"):
        load_customers(df)


def test_python_objects_in_dataframe_cells():
    import datetime as dt

    df = pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4"],
                       "response_date": [dt.date(2025, 1, 1), dt.datetime(2025, 1, 2, 10), "03.01.2025", dt.time(10)],
                       "nps": [9, "10", 8.0, 7], "csat": [5, "1e30", 4, 3]})
    res = load_survey(df, as_of=AS_OF)
    _accounting(res)
    assert res.data["response_date"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-03")]
    assert dict(zip(res.rejected["row"], res.rejected["reason"])) == {
        1: "csat '1e30' is too large",
        3: "response_date '10:00:00' is not a date (expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)",
    }


def test_missing_values_in_rejected_table():
    df = pd.DataFrame({"transaction_id": ["T1", "T2"], "customer_id": ["C1", None], "timestamp": ["2025-01-01"] * 2,
                       "amount": ["5", "x"]})
    res = load_transactions(df, as_of=AS_OF)
    row = res.rejected.iloc[0]
    assert (row["column"], row["value"]) == ("customer_id; amount", "(empty); x")


def test_as_of_defaults_to_today():
    tomorrow = (pd.Timestamp.today().normalize() + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    res = load_customers(pd.DataFrame({"customer_id": ["C1", "C2"], "signup_date": ["2020-01-01", tomorrow]}))
    assert res.rejected["reason"].str.startswith("signup_date in the future").tolist() == [True]


# --------------------------------------------------------------------------- notebook
@pytest.mark.slow
def test_data_overview_notebook_runs_and_publishes(tmp_path):
    import nbformat
    import papermill as pm

    from cxtools.data.privacy import find_personal_data, load_personal_values, scan_for_personal_data
    from cxtools.report import METRICS_MIMETYPE

    repo = Path(__file__).resolve().parents[2]
    source = repo / "notebooks" / "00_data_overview.ipynb"
    nb = nbformat.read(source, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "parameters" in nb.cells[1].metadata.get("tags", [])
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert any("### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source for c in nb.cells)

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(source), str(out), cwd=str(repo / "notebooks"), kernel_name="python3",
                        progress_bar=False, parameters={"data_dir": "../data/samples", "as_of": AS_OF})
    executed = nbformat.read(out, as_version=4)
    metrics = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            metrics.update(output.get("data", {}).get(METRICS_MIMETYPE, {}))
    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    # the seven tables of make_sample_data; the employee layer is counted too (three more sources)
    assert {k: metrics["rows_read"][k] for k in truth["rows"]} == truth["rows"]
    assert set(metrics["rows_read"]) - set(truth["rows"]) == {"units", "customer_units", "employees"}
    n_bad = pd.Series([b["file"].removesuffix(".csv") for b in truth["bad_rows"]]).value_counts().to_dict()
    assert {k: metrics["rows_rejected"][k] for k in truth["rows"]} == {name: n_bad.get(name, 0) for name in truth["rows"]}
    assert metrics["customers"] == truth["rows"]["customers"]
    assert metrics["survey_responses"] == truth["rows"]["survey"] - n_bad["survey"]

    # no personal data anywhere in the outputs (images are not text: leave them out of the scan)
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("image/png", None)
    text = "\n".join(json.dumps(c.get("outputs", []), ensure_ascii=False) for c in executed.cells)
    people = pd.concat([pd.read_csv(SAMPLES / "customers.csv")[["name", "email", "phone"]].stack(),
                        pd.read_csv(SAMPLES / "survey.csv")[["respondent_name", "email"]].stack()])
    assert find_personal_data(text, people.dropna().astype(str).unique().tolist()) == []
    assert scan_for_personal_data(text, values=load_personal_values(SAMPLES)) == []


def test_row_numbers_survive_blank_lines(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("customer_id,signup_date\n\nC1,2024-01-01\n\n\nC2,2024-13-01\nC3,2024-01-01,x\n\nC4,2024-01-01\n",
                    encoding="utf-8")
    res = load_customers(path, as_of=AS_OF)
    _accounting(res)
    assert res.rejected["row"].tolist() == [6, 7]  # the lines a text editor shows
    assert res.data["customer_id"].tolist() == ["C1", "C4"]


@pytest.mark.parametrize("as_frame", [False, True])
def test_survey_columns_mapping(tmp_path, as_frame):
    path = _write(tmp_path / "s.csv", ["ID;Recommend;Price rating", "R1;10;5", "R2;11;4"])
    source = read_table(path) if as_frame else path
    res = load_survey(source, columns={"ID": "respondent_id", "Recommend": "nps", "Price rating": "rating_price"})
    assert list(res.data.columns) == ["respondent_id", "nps", "rating_price"]
    assert res.rejected["reason"].tolist() == ["NPS outside 0-10"]
    assert res.rejected["row"].tolist() == [3]  # read_table's index carries the row numbers


def _russian_excel_text(value: str) -> str:
    """A cell as Russian-locale Excel writes it: decimal comma, DD.MM.YYYY dates."""
    import re

    if re.fullmatch(r"-?\d+\.\d+", value):
        return value.replace(".", ",")
    date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2}:\d{2})?", value)
    if date:
        return f"{date[3]}.{date[2]}.{date[1]}{date[4] or ''}"
    return value


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig"])
def test_every_loader_reads_a_russian_locale_export_of_the_samples(tmp_path, encoding):
    # every sample file re-saved as Russian Excel does (';', decimal commas, DD.MM.YYYY,
    # CRLF, cp1251 or UTF-8 with BOM): same rows accepted, same rows rejected, same values
    from cxtools.data.samples import write_sample_data

    paths = write_sample_data(tmp_path / "iso", n_customers=200, seed=5)
    truth = json.loads(paths["truth"].read_text(encoding="utf-8"))
    russian = tmp_path / "ru"
    russian.mkdir()
    for name in LOADERS:
        raw = pd.read_csv(tmp_path / "iso" / f"{name}.csv", dtype=str, keep_default_na=False)
        assert raw.map(lambda v: _russian_excel_text(v) != v).to_numpy().any() or name in ("kano", "incidents")
        raw.map(_russian_excel_text).to_csv(russian / f"{name}.csv", sep=";", index=False, encoding=encoding,
                                            lineterminator="\r\n")
    iso, ru = _load_all(tmp_path / "iso", truth["as_of"]), _load_all(russian, truth["as_of"])
    _check_against_truth(ru, truth)
    for name in LOADERS:
        assert ru[name].rejected["row"].tolist() == iso[name].rejected["row"].tolist(), name
        pd.testing.assert_frame_equal(ru[name].data, iso[name].data, obj=name)
