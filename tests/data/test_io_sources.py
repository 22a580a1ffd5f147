"""What the loaders read: every kind of source and every keyword a data description passes."""

from __future__ import annotations

import inspect

import duckdb
import numpy as np
import pandas as pd
import pytest

import cxtools.data.io as cxio
from cxtools.core.errors import CxDataError, CxParameterError, CxSchemaError
from cxtools.data.io import (
    SCHEMAS,
    DuckDBSource,
    load_incidents,
    load_kano,
    load_survey,
    load_transactions,
    read_table,
)

AS_OF = "2026-06-30"
KEYWORDS = {"columns", "sep", "encoding", "decimal", "thousands", "date_format", "sheet", "as_of"}


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_loader_takes_the_data_description_keywords(kind):
    params = inspect.signature(getattr(cxio, f"load_{kind}")).parameters
    assert KEYWORDS <= set(params), KEYWORDS - set(params)
    assert all(params[k].kind is inspect.Parameter.KEYWORD_ONLY for k in KEYWORDS)


# --------------------------------------------------------------------------- transactions
WHITESPACE_LOG = """customer_id   date      amount
C1            19970101  29.33
C1            19970118  0.00
C2            19970102  12.50

C3            19970325  0
"""


def test_transactions_only_log_whitespace_yyyymmdd_no_id_zero_orders(tmp_path):
    path = tmp_path / "cdnow.txt"
    path.write_text(WHITESPACE_LOG, encoding="utf-8")
    res = load_transactions(path, columns={"date": "timestamp"}, as_of="1998-06-30")
    assert res.n_read == 4 and res.n_rejected == 0
    assert read_table(path).attrs["sep"] == "whitespace"
    assert res.data["transaction_id"].tolist() == ["row-2", "row-3", "row-4", "row-6"]  # line numbers
    assert res.data["timestamp"].dt.strftime("%Y-%m-%d").tolist() == ["1997-01-01", "1997-01-18", "1997-01-02",
                                                                      "1997-03-25"]
    assert res.data["amount"].tolist() == [29.33, 0.0, 12.5, 0.0]
    assert any("transaction_id: not in the data; generated from row numbers (row-2, ...)" in n for n in res.notes)
    assert any("2 zero-value order(s)" in n for n in res.notes)
    # the same with the separator and date format given, as a data description would
    given = load_transactions(path, columns={"date": "timestamp"}, as_of="1998-06-30", sep="whitespace",
                              date_format="%Y%m%d")
    pd.testing.assert_frame_equal(given.data, res.data)
    # stable ids: the same file gives the same ids
    assert load_transactions(path, columns={"date": "timestamp"}, as_of="1998-06-30").data["transaction_id"].tolist() \
        == res.data["transaction_id"].tolist()


def test_generated_ids_for_a_dataframe_use_its_index():
    df = pd.DataFrame({"customer_id": ["C1", "C2"], "timestamp": ["2025-01-01", "2025-01-02"], "amount": [5, -5]},
                      index=[10, 11])
    res = load_transactions(df, as_of=AS_OF)
    assert res.data["transaction_id"].tolist() == ["row-10"]
    assert res.rejected["reason"].tolist() == ["negative amount not marked as refund"]  # no is_refund column


def test_generated_ids_when_no_row_can_be_split(tmp_path):
    # found by the hostile-input generator (seed 1): no row to take an example id from
    path = tmp_path / "tx.csv"
    path.write_text("customer_id,timestamp,amount\nC1,2025-01-01\nC2\n", encoding="utf-8")
    res = load_transactions(path, as_of=AS_OF)
    assert res.n_read == 2 and res.n_rejected == 2
    assert res.notes == ("transaction_id: not in the data; generated from row numbers, stable while the rows keep "
                         "their order",)


def test_date_format_is_used_exactly(tmp_path):
    path = tmp_path / "tx.tsv"
    path.write_text("transaction_id\tcustomer_id\ttimestamp\tamount\nT1\tC1\t05/01/2025\t10\nT2\tC1\t2025-01-06\t10\n",
                    encoding="utf-8")
    res = load_transactions(path, as_of=AS_OF, date_format="%d/%m/%Y", sep="\t")
    assert res.data["timestamp"].tolist() == [pd.Timestamp("2025-01-05")]
    assert res.rejected["reason"].tolist() == ["timestamp '2025-01-06' is not a date (expected %d/%m/%Y)"]


def test_russian_column_names_cp1251_semicolon_decimal_comma(tmp_path):
    lines = ["Номер чека;Клиент;Дата покупки;Сумма;Возврат",
             "Ч-1;К-1;05.01.2025 10:00;1 234,50;нет",
             "Ч-2;К-2;06.01.2025;0,99;нет",
             "Ч-3;К-1;07.01.2025;-1 234,50;да",
             "Ч-4;К-3;08.01.2025;12 500 руб;нет"]
    path = tmp_path / "выгрузка.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    columns = {"Номер чека": "transaction_id", "Клиент": "customer_id", "Дата покупки": "timestamp",
               "Сумма": "amount", "Возврат": "is_refund"}
    res = load_transactions(path, columns=columns, as_of=AS_OF)
    assert read_table(path).attrs["encoding"] == "cp1251"
    assert res.data["amount"].tolist() == [1234.5, 0.99, -1234.5]
    assert res.data["is_refund"].tolist() == [False, False, True]
    assert res.rejected[["row", "column", "value"]].values.tolist() == [[5, "amount", "12 500 руб"]]
    explicit = load_transactions(path, columns=columns, as_of=AS_OF, sep=";", encoding="cp1251", decimal=",",
                                 thousands=" ")
    pd.testing.assert_frame_equal(explicit.data, res.data)


# --------------------------------------------------------------------------- file kinds
def test_parquet_folder_is_one_table(tmp_path):
    folder = tmp_path / "incidents"
    (folder / "year=2025").mkdir(parents=True)
    base = {"customer_id": ["C1", "C2"], "valence": ["positive", "meh"], "category": ["a", "b"]}
    pd.DataFrame({"incident_id": ["I1", "I2"], **base}).to_parquet(folder / "part-0.parquet")
    pd.DataFrame({"incident_id": ["I3", "I1"], **base}).to_parquet(folder / "year=2025" / "part-1.parquet")
    (folder / "_SUCCESS").write_text("", encoding="utf-8")
    res = load_incidents(folder)
    assert res.n_read == 4 and res.data["incident_id"].tolist() == ["I1", "I3"]
    assert res.rejected["row"].tolist() == [3, 5]  # numbered on across the files, in name order
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CxDataError, match="empty: the folder holds no Parquet files"):
        load_incidents(empty)
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_arrays([pa.array(["x"])] * 2, names=["category", "category"]),
                   folder / "part-2.parquet")
    with pytest.raises(CxSchemaError, match=r"part-2.parquet: column name\(s\) \['category'\]"):
        load_incidents(folder)


def test_excel_workbook_with_a_sheet_per_source(tmp_path):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"customer_id": ["C1"], "timestamp": ["20250105"], "amount": [0]}).to_excel(
            xl, sheet_name="Продажи", index=False)
        pd.DataFrame({"respondent_id": ["R1", "R2"], "Рекомендация": [10, 3], "Удобство": [7, 8]}).to_excel(
            xl, sheet_name="Опрос", index=False)
    tx = load_transactions(path, sheet="Продажи", as_of=AS_OF)
    assert tx.data["timestamp"].tolist() == [pd.Timestamp("2025-01-05")] and tx.data["amount"].tolist() == [0.0]
    sv = load_survey(path, sheet="Опрос", columns={"Рекомендация": "nps"}, scales={"Удобство": (1, 7)}, as_of=AS_OF)
    assert sv.rejected["reason"].tolist() == ["Удобство outside 1-7"]
    with pytest.raises(CxDataError, match=r"there is no sheet 'Kano'; the workbook has \['Продажи', 'Опрос'\]"):
        load_kano(path, sheet="Kano")


def _database(tmp_path):
    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SCHEMA sales")
        con.execute("CREATE TABLE sales.orders AS SELECT * FROM (VALUES ('T1', 'C1', TIMESTAMP '2025-01-05 10:00', "
                    "12.5::DOUBLE), ('T2', 'C2', TIMESTAMP '2025-02-01 09:00', 0.0), ('T3', 'C2', "
                    "TIMESTAMP '2031-01-01 00:00', 5.0)) t(transaction_id, customer_id, timestamp, amount)")
        con.execute("CREATE TABLE \"Опрос\" AS SELECT 'R1' AS respondent_id, 9 AS nps, DATE '9999-12-31' AS response_date")
    return db


def test_duckdb_table_and_query(tmp_path):
    db = _database(tmp_path)
    res = load_transactions(DuckDBSource(db, table="sales.orders"), as_of=AS_OF)
    assert res.source == f"{db} (table sales.orders)"
    assert res.data["amount"].tolist() == [12.5, 0.0]
    assert res.rejected[["row", "column"]].values.tolist() == [[4, "timestamp"]]
    query = DuckDBSource(db, query="SELECT transaction_id AS id, customer_id, timestamp AS ts, amount "
                                   "FROM sales.orders WHERE amount > 0")
    res_q = load_transactions(query, columns={"id": "transaction_id", "ts": "timestamp"}, as_of=AS_OF)
    assert res_q.n_read == 2 and res_q.n_accepted == 1
    survey = load_survey(DuckDBSource(db, table="Опрос"), as_of=AS_OF)
    assert survey.rejected["reason"].iloc[0].startswith("response_date '9999-12-31' is outside the years")


def test_duckdb_source_is_read_only_and_errors_name_it(tmp_path):
    db = _database(tmp_path)
    with pytest.raises(CxParameterError, match=r"shop.duckdb: query: the query is refused: it is a statement of "
                       "type DROP"):
        load_transactions(DuckDBSource(db, query="DROP TABLE sales.orders"), as_of=AS_OF)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sales.orders").fetchone() == (3,)
    with pytest.raises(CxDataError, match=r"shop.duckdb \(table nope\): cannot read .*nope"):
        load_transactions(DuckDBSource(db, table="nope"))
    with pytest.raises(CxDataError, match=r"missing.duckdb \(table t\): database file not found"):
        load_transactions(DuckDBSource(tmp_path / "missing.duckdb", table="t"))
    with pytest.raises(CxParameterError, match="exactly one of table= or query="):
        DuckDBSource(db)
    with pytest.raises(CxParameterError, match="exactly one of table= or query="):
        DuckDBSource(db, table="a", query="SELECT 1")
    with pytest.raises(CxSchemaError, match=r"\['a'\] appear more than once"):
        load_incidents(DuckDBSource(db, query="SELECT 1 AS a, 2 AS a"))


# --------------------------------------------------------------------------- survey
def _ten_point_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["S1", "S2", "S3", "S4"],
        "Q1_service": ["10", "1", "11", "7"],
        "Q2_value": ["3", "10", "9", ""],
        "Age group": ["18-24", "25-34", "35+", "25-34"],
        "income_k": ["12.5", "40", "", "7"],
        "visits": ["1", "2", "3", "4"],
    })


def test_survey_on_its_own_ten_point_scale_without_nps(tmp_path):
    frame = _ten_point_frame()
    path = tmp_path / "satisfaction.csv"
    frame.to_csv(path, index=False)
    res = load_survey(path, columns={"id": "respondent_id"}, scales={"Q*": (1, 10)}, as_of=AS_OF)
    assert res.n_read == 4 and res.n_accepted == 3
    assert res.rejected["reason"].tolist() == ["Q1_service outside 1-10"]
    assert res.data["Q1_service"].tolist() == [10, 1, 7] and res.data["Q2_value"].dtype == "Int64"
    # columns with no role: numbers when every value is one, else text; the same from a DataFrame
    assert res.data["income_k"].dtype == "float64" and res.data["visits"].dtype == "int64"
    assert res.data["Age group"].tolist() == ["18-24", "25-34", "25-34"]
    from_frame = load_survey(frame.replace("", np.nan), columns={"id": "respondent_id"}, scales={"Q*": (1, 10)},
                             as_of=AS_OF)
    pd.testing.assert_frame_equal(from_frame.data.reset_index(drop=True), res.data)
    typed = frame.replace("", np.nan).astype({"income_k": "float64", "visits": "int64"})
    from_typed = load_survey(typed, columns={"id": "respondent_id"}, scales={"Q*": (1, 10)}, as_of=AS_OF)
    pd.testing.assert_frame_equal(from_typed.data.reset_index(drop=True), res.data)


@pytest.mark.parametrize("key", ["nps", "NPS"])
def test_nps_on_another_scale_is_refused_with_the_reason(key):
    df = pd.DataFrame({"respondent_id": ["R1"], "nps": [7]})
    with pytest.raises(CxParameterError, match=r"defined on the 0-10 .*does not rescale"):
        load_survey(df, scales={key: (1, 10)})
    assert load_survey(df, scales={key: (0, 10)}).n_accepted == 1


def test_nps_survey_and_nothing_else():
    df = pd.DataFrame({"respondent_id": ["R1", "R2", "R3"], "Likelihood to recommend": [10, 0, 11]})
    res = load_survey(df, columns={"Likelihood to recommend": "nps"})
    assert res.rejected["reason"].tolist() == ["NPS outside 0-10"]


def test_reversed_items_are_recoded_after_the_checks():
    df = pd.DataFrame({"respondent_id": ["R1", "R2", "R3"], "trust_1": [7, 1, 4], "trust_2_rev": [1, 8, 5],
                       "ease": [5, 5, None]})
    res = load_survey(df, scales={"trust_*": (1, 7), "ease": (1, 5)}, reversed=["trust_2_rev", "ease"])
    assert res.rejected["reason"].tolist() == ["trust_2_rev outside 1-7"]  # checked before recoding
    assert res.data["trust_2_rev"].tolist() == [7, 3]
    assert res.data["ease"].tolist() == [1, pd.NA]
    assert res.notes == ("reversed items recoded as 1 + 7 - answer: trust_2_rev",
                         "reversed items recoded as 1 + 5 - answer: ease")
    assert res.rejected["trust_2_rev"].tolist() == [8]  # rejected rows keep the answer as given
    with pytest.raises(CxParameterError, match=r"reversed= names \['nope'\]"):
        load_survey(df, reversed=["nope"])
    with pytest.raises(CxParameterError, match="NPS item cannot be reverse-keyed"):
        load_survey(df.assign(nps=[1, 2, 3]), reversed=["nps"])
