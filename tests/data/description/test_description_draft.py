"""``cxtools init`` on data folders of different shapes: the draft loads, and says what it could not decide."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from cxtools.data.description import load_description
from cxtools.data.description.draft import draft_description, inspect_file, write_draft
from cxtools.core.errors import CxParameterError

REPO_ROOT = __import__("pathlib").Path(__file__).resolve().parents[3]


def cxtools(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cxtools", *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd=REPO_ROOT)


def test_transactions_only_english_names(tx_only):
    write_draft(tx_only)
    desc = load_description(tx_only)
    assert [s for s in desc.sources if desc.has(s)] == ["transactions"]
    assert desc.columns("transactions") == {"Order ID": "transaction_id", "Customer": "customer_id",
                                            "Order date": "timestamp", "Value": "amount", "Refund": "is_refund"}
    res = desc.load("transactions", as_of="2026-06-30")
    raw = pd.read_csv(tx_only / "orders.csv")
    assert (res.n_read, res.n_accepted) == (len(raw), len(raw))
    assert res.data["is_refund"].sum() == (raw["Refund"] == "yes").sum()


def test_whitespace_yyyymmdd_log(whitespace_log):
    text = draft_description(whitespace_log)
    assert "sep: whitespace" in text and 'date_format: "%Y%m%d"' in text
    assert "no refund column" in text
    write_draft(whitespace_log)
    desc = load_description(whitespace_log)
    assert desc.format("transactions") == "text"
    res = desc.load("transactions", as_of="1999-12-31")
    n_lines = len((whitespace_log / "purchases.txt").read_text().splitlines()) - 1
    assert (res.n_read, res.n_accepted) == (n_lines, n_lines)
    assert res.data["timestamp"].dt.year.isin([1997, 1998]).all()


def test_survey_on_1_10_with_its_own_item_names(survey_1_10):
    text = draft_description(survey_1_10)
    assert "recommend: null" in text and "TO DECIDE: no likelihood-to-recommend item on 0-10" in text
    write_draft(survey_1_10)
    desc = load_description(survey_1_10)
    roles = desc.survey
    assert roles.overall_satisfaction == "Overall" and roles.recommend is None
    assert {roles.scale_of(c) for c in ("Q_price", "Q_quality", "Q_staff", "Q_speed", "Overall")} == {(1, 10)}
    assert desc.spec("survey").encoding == "utf-8-sig"
    res = desc.load("survey")
    assert (res.n_read, res.n_accepted) == (250, 250)  # a 1-5 default would reject most of them
    assert res.data["Q_price"].between(1, 10).all() and res.data["Q_price"].max() > 5
    assert list(roles.attribute_columns(res.data.columns)) == ["Q_price", "Q_quality", "Q_staff", "Q_speed"]


def test_survey_nps_item_on_the_wrong_scale_is_left_out(tmp_path):
    frame = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(40)],
                          "likelihood_to_recommend": [1 + i % 10 for i in range(40)],
                          "satisfaction": [1 + i % 5 for i in range(40)]})
    frame.to_csv(tmp_path / "survey.csv", index=False)
    text = draft_description(tmp_path)
    assert "recommend: null" in text
    assert "'likelihood_to_recommend' looks like likelihood to recommend but its answers run 1-10" in text
    write_draft(tmp_path)
    assert load_description(tmp_path).survey.recommend is None


def test_russian_names_cp1251_semicolons(russian_export):
    write_draft(russian_export)
    desc = load_description(russian_export)
    assert desc.has("customers") and desc.has("transactions")
    spec = desc.spec("transactions")
    assert (spec.sep, spec.encoding, spec.decimal) == (";", "cp1251", ",")
    assert desc.columns("customers") == {"Клиент": "customer_id", "ФИО": "name", "Телефон": "phone",
                                         "Эл. почта": "email", "Дата регистрации": "signup_date",
                                         "Регион": "region"}
    assert desc.columns("transactions") == {"Номер заказа": "transaction_id", "Клиент": "customer_id",
                                            "Дата покупки": "timestamp", "Сумма": "amount"}
    assert desc.personal_columns == {"customers": ["name", "phone", "email"]}
    tx = desc.load("transactions", as_of="2026-06-30")
    assert tx.n_rejected == 0 and tx.data["amount"].max() > 1000  # "1 234,50" read as 1234.5
    cust = desc.load("customers", as_of="2026-06-30")
    assert cust.n_rejected == 0 and cust.data["signup_date"].notna().all()


def test_date_formats_are_told_apart(tmp_path):
    for name, dates, fmt in (("a.csv", ["20240131", "20240201"], "%Y%m%d"),
                             ("b.csv", ["31.01.2024", "01.02.2024"], None),  # read as it is
                             ("c.csv", ["01/31/2024", "02/01/2024"], "%m/%d/%Y")):
        pd.DataFrame({"customer_id": ["C1", "C2"], "date": dates, "amount": ["1", "2"]}).to_csv(tmp_path / name,
                                                                                            index=False)
        assert inspect_file(tmp_path / name).date_format == fmt, name


def test_init_never_overwrites_without_force(tx_only):
    first = cxtools("init", "--data", str(tx_only))
    assert first.returncode == 0, first.stderr
    assert "sources recognised: transactions" in first.stdout
    (tx_only / "cxtools.yaml").write_text("# edited by hand\ntransactions: {file: orders.csv}\n")
    again = cxtools("init", "--data", str(tx_only))
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert (tx_only / "cxtools.yaml").read_text().startswith("# edited by hand")
    forced = cxtools("init", "--data", str(tx_only), "--force")
    assert forced.returncode == 0 and "DRAFT" in (tx_only / "cxtools.yaml").read_text()
    with pytest.raises(CxParameterError, match="already exists"):
        write_draft(tx_only)


def test_unrecognised_files_are_listed_as_undecided(tmp_path):
    pd.DataFrame({"a": ["x", "y"], "b": ["p", "q"]}).to_csv(tmp_path / "misc.csv", index=False)
    text = draft_description(tmp_path)
    assert "misc.csv: which source is it? columns: a, b" in text
    load_description(tmp_path)  # the draft is still a valid description


def test_workbook_sheets_duckdb_tables_and_parquet_folder(tmp_path, sample_tables):
    import duckdb

    s = sample_tables
    with pd.ExcelWriter(tmp_path / "export.xlsx") as book:
        s.transactions.to_excel(book, sheet_name="transactions", index=False)
        s.survey.to_excel(book, sheet_name="Опрос", index=False)
    subs, cust = s.subscriptions, s.customers  # noqa: F841 - read by DuckDB's replacement scan
    con = duckdb.connect(str(tmp_path / "crm.duckdb"))
    con.execute("CREATE TABLE contracts AS SELECT * FROM subs")
    con.execute("CREATE TABLE clients AS SELECT * FROM cust")
    con.close()
    (tmp_path / "ops").mkdir()
    s.operations.to_parquet(tmp_path / "ops" / "part-0.parquet", index=False)
    write_draft(tmp_path)
    desc = load_description(tmp_path)
    where = {src: (desc.format(src), desc.spec(src).sheet or desc.spec(src).table)
             for src in desc.sources if desc.has(src)}
    assert where == {"customers": ("duckdb", "clients"), "subscriptions": ("duckdb", "contracts"),
                     "transactions": ("excel", "transactions"), "survey": ("excel", "Опрос"),
                     "operations": ("parquet", None)}
    for src, table in (("customers", s.customers), ("subscriptions", s.subscriptions),
                       ("transactions", s.transactions), ("survey", s.survey), ("operations", s.operations)):
        res = desc.load(src, as_of="2026-06-30")
        assert (res.n_read, res.n_accepted) == (len(table), len(table)), src
    assert desc.survey.likert == ("loyalty_1", "loyalty_2", "loyalty_3")
    assert "rating_price" in desc.survey.attributes and "importance_price" in desc.survey.importance


def test_scales_from_answer_ranges_ignore_a_stray_coding_error(tmp_path):
    n = 300
    frame = pd.DataFrame({
        "respondent_id": [f"R{i}" for i in range(n)],
        "nps": [i % 11 for i in range(n)],           # 0-10
        "effort": [1 + i % 7 for i in range(n)],     # 1-7
        "q1": [1 + i % 5 for i in range(n)],         # 1-5
        "q2": [1 + (i * 7) % 10 for i in range(n)],  # 1-10
    })
    frame.loc[17, "nps"] = 11  # one coding error: the scale stays 0-10 and the loader rejects that row
    frame.to_csv(tmp_path / "survey.csv", index=False)
    guess = inspect_file(tmp_path / "survey.csv")
    assert guess.scales == {"nps": (0, 10), "effort": (1, 7), "q1": (1, 5), "q2": (1, 10)}
    assert guess.survey_roles["recommend"] == "nps" and guess.survey_roles["ces"] == "effort"
    write_draft(tmp_path)
    res = load_description(tmp_path).load("survey")
    assert (res.n_accepted, res.n_rejected) == (n - 1, 1) and res.rejected["row"].tolist() == [17 + 2]


def test_help_lists_init_and_check():
    result = cxtools("--help")
    assert result.returncode == 0 and "init" in result.stdout and "check" in result.stdout
    assert "--force" in cxtools("init", "--help").stdout


def test_the_employee_layer_is_recognised_by_its_file_names(tmp_path, samples_dir):
    import shutil

    for name in ("customers.csv", "survey.csv", "employee_survey.csv", "units.csv", "customer_units.csv"):
        shutil.copy(samples_dir / name, tmp_path / name)
    write_draft(tmp_path)
    desc = load_description(tmp_path)
    # neither the "customer_" prefix nor the "_survey" suffix takes them for customers or the customer survey
    assert {s: desc.path(s).name for s in ("customers", "survey", "employees", "units", "customer_units")} == {
        "customers": "customers.csv", "survey": "survey.csv", "employees": "employee_survey.csv",
        "units": "units.csv", "customer_units": "customer_units.csv"}
    assert desc.employees.engagement_columns(desc.load("employees").data.columns)[0] == "engagement_1"


def test_inspect_file_reads_a_russian_cp1251_export(tmp_path):
    path = tmp_path / "заказы.csv"
    path.write_bytes("Клиент;Дата покупки;Сумма\nК1;20240205;1 500,50\nК2;20240206;300\n".encode("cp1251"))
    g = inspect_file(path)
    assert (g.source, g.sep, g.encoding, g.decimal, g.thousands, g.date_format) == (
        "transactions", ";", "cp1251", ",", " ", "%Y%m%d")
    assert g.columns == {"Клиент": "customer_id", "Дата покупки": "timestamp", "Сумма": "amount"}


def test_role_names_stay_public_and_hold_english_and_russian_names():
    from cxtools.data.description.draft import ROLE_NAMES

    assert "customer_id" in ROLE_NAMES["customer_id"] and "клиент" in ROLE_NAMES["customer_id"]
    assert all(isinstance(names, tuple) for names in ROLE_NAMES.values())
