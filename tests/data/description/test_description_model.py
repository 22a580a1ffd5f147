"""The data description: defaults, validation with key and line, loading through the loaders."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from cxtools.data import io
from cxtools.data.description import CxDescriptionError, load_description
from cxtools.core.errors import CxDataError, CxParameterError

AS_OF = "2026-06-30"
DIRECT = {
    "customers": lambda d: io.load_customers(d / "customers.csv", as_of=AS_OF),
    "subscriptions": lambda d: io.load_subscriptions(d / "subscriptions.csv", as_of=AS_OF),
    "transactions": lambda d: io.load_transactions(d / "transactions.csv", as_of=AS_OF),
    "survey": lambda d: io.load_survey(d / "survey.csv", as_of=AS_OF),
    "kano": lambda d: io.load_kano(d / "kano.csv"),
    "incidents": lambda d: io.load_incidents(d / "incidents.csv"),
    "operations": lambda d: io.load_operations(d / "operations.csv"),
}


def write(folder, text: str):
    path = folder / "cxtools.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --- defaults: the sample layout --------------------------------------------------------
@pytest.mark.parametrize("source", sorted(DIRECT))
def test_defaults_reproduce_the_sample_loading(samples_dir, source):
    desc = load_description(samples_dir)
    assert desc.config_path is None and desc.has(source)
    through = desc.load(source, as_of=AS_OF)
    direct = DIRECT[source](samples_dir)
    assert (through.n_read, through.n_accepted, through.n_rejected) == (direct.n_read, direct.n_accepted,
                                                                      direct.n_rejected)
    pd.testing.assert_frame_equal(through.data, direct.data)
    assert through.rejected["reason"].tolist() == direct.rejected["reason"].tolist()


def test_sample_layout_roles_follow_the_readme(samples_dir):
    desc = load_description(samples_dir)
    roles = desc.survey
    assert roles.recommend == "nps" and roles.scale_of("nps") == (0, 10)
    assert roles.overall_satisfaction == "overall_satisfaction" and roles.scale_of("overall_satisfaction") == (1, 10)
    assert (roles.csat.scale, roles.csat.top_box) == ((1, 5), (4, 5))
    assert (roles.ces.scale, roles.ces.top_box, roles.ces.bottom_box) == ((1, 7), (5, 6, 7), (1, 2, 3))
    assert roles.scale_of("rating_price") == (1, 5)
    header = pd.read_csv(samples_dir / "survey.csv", nrows=0).columns
    assert roles.attribute_columns(header)[:2] == ["rating_price", "rating_quality"]
    assert (roles.wave, roles.segment, roles.weight, roles.customer_link) == ("wave", "segment", "weight",
                                                                              "customer_id")
    assert desc.personal_columns == {"customers": ["name", "email", "phone"], "survey": ["respondent_name", "email"]}
    assert (desc.currency.code, desc.time_unit, desc.language) == ("RUB", "month", "en")
    # the bundled sample has the employee layer (data/samples/README.md)
    assert desc.has("employees") and desc.has("units") and desc.has("customer_units")
    assert desc.employees.engagement_columns(pd.read_csv(samples_dir / "employee_survey.csv", nrows=0).columns) == \
        [f"engagement_{j}" for j in range(1, 6)]
    assert desc.load("employees").n_rejected == 0


def test_loader_kwargs_have_the_agreed_keys(samples_dir):
    desc = load_description(samples_dir)
    assert set(desc.loader_kwargs("transactions")) == {"columns", "sep", "encoding", "decimal", "thousands",
                                                       "date_format", "sheet"}
    assert {"scales", "reversed"} <= set(desc.loader_kwargs("survey"))


# --- validation: key and line ------------------------------------------------------------
def problems_of(folder, text):
    write(folder, text)
    with pytest.raises(CxDescriptionError) as info:
        load_description(folder)
    return info.value.problems, str(info.value)


def test_unknown_key_names_line_and_suggests(tmp_path):
    problems, message = problems_of(tmp_path, """
        language: ru
        transactions:
          file: orders.csv
          seperator: ";"
        """)
    assert problems == [("transactions.seperator", 4, "unknown key 'seperator'; did you mean 'sep'?")]
    assert "line 4" in message and "cxtools.yaml" in message


def test_every_problem_is_listed_with_its_line(tmp_path):
    problems, _ = problems_of(tmp_path, """
        language: de
        time_unit: fortnight
        transactions:
          file: orders.csv
          sep: "::"
          encoding: latin-99
        survey:
          file: s.csv
          scales:
            q1: [5, 1]
        """)
    found = {key: line for key, line, _ in problems}
    assert found == {"language": 1, "time_unit": 2, "transactions.sep": 5, "transactions.encoding": 6,
                     "survey.scales.q1": 10}


def test_nps_on_another_scale_is_refused_with_the_reason(tmp_path):
    problems, message = problems_of(tmp_path, """
        survey:
          file: survey.csv
          scales:
            likely_recommend: [1, 10]
          recommend: likely_recommend
        """)
    assert [(k, line) for k, line, _ in problems] == [("survey.recommend", 5)]
    assert "NPS needs a 0-10" in message and "1-10" in message and "rescale" in message


def test_boxes_outside_the_scale_and_unknown_roles(tmp_path):
    problems, _ = problems_of(tmp_path, """
        survey:
          csat: {item: sat, scale: [1, 5], top_box: [5, 6]}
        transactions:
          columns:
            Sum: amout
        """)
    keys = {k: line for k, line, _ in problems}
    assert keys == {"transactions.columns.Sum": 5, "survey.csat.top_box": 2}
    assert any("did you mean 'amount'" in m for _, _, m in problems)


def test_broken_yaml_names_the_line(tmp_path):
    problems, _ = problems_of(tmp_path, "transactions:\n  file: a.csv\n  sep: [\n")
    assert problems[0][1] is not None and "not valid YAML" in problems[0][2]


def test_contracts_is_the_subscriptions_source(tmp_path):
    (tmp_path / "contracts.csv").write_text("customer_id,start_date,end_date\nC1,2024-01-01,\n")
    write(tmp_path, """
        contracts:
          file: contracts.csv
          date_format: YYYY-MM-DD
        """)
    desc = load_description(tmp_path)
    assert desc.has("contracts") and desc.has("subscriptions")
    assert desc.load("contracts").n_accepted == 1
    problems, _ = problems_of(tmp_path, "contracts:\n  sep: ';;'\n")
    assert problems[0][:2] == ("contracts.sep", 2)


def test_missing_folder_and_config(tmp_path):
    with pytest.raises(CxDataError, match="not found"):
        load_description(tmp_path / "nope")
    with pytest.raises(CxDataError, match="not found"):
        load_description(tmp_path, config=tmp_path / "other.yaml")
    with pytest.raises(CxParameterError, match="did you mean 'survey'"):
        load_description(tmp_path).has("surveys")


def test_config_elsewhere_currency_targets(tmp_path):
    config = tmp_path / "desc.yaml"
    config.write_text("currency: {code: usd, symbol: $, position: before}\ntime_unit: weeks\n"
                      "targets:\n  nps: 30\n  ces_easy_share: {value: 0.8}\n  wait_minutes: {value: 5, direction: lower}\n",
                      encoding="utf-8")
    desc = load_description(tmp_path, config=config)
    assert desc.currency.format(1234.6) == "$1,235"
    assert desc.time_unit == "week"
    assert desc.targets["nps"].met(31) and not desc.targets["wait_minutes"].met(6)


# --- other locations ---------------------------------------------------------------------
def test_parquet_folder_excel_sheet_and_duckdb_table(tmp_path, sample_tables):
    import duckdb

    tx = sample_tables.transactions
    (tmp_path / "tx").mkdir()
    tx.iloc[:200].to_parquet(tmp_path / "tx" / "part-0.parquet", index=False)
    tx.iloc[200:].to_parquet(tmp_path / "tx" / "part-1.parquet", index=False)
    with pd.ExcelWriter(tmp_path / "book.xlsx") as book:
        sample_tables.customers.to_excel(book, sheet_name="Clients", index=False)
        sample_tables.incidents.to_excel(book, sheet_name="Incidents", index=False)
    con = duckdb.connect(str(tmp_path / "cx.duckdb"))
    kano = sample_tables.kano  # noqa: F841 - read by DuckDB's replacement scan
    con.execute("CREATE TABLE kano_answers AS SELECT * FROM kano")
    con.close()
    write(tmp_path, """
        transactions: {file: tx}
        customers: {file: book.xlsx, sheet: Clients}
        incidents: {file: book.xlsx, sheet: Incidents}
        kano: {file: cx.duckdb, table: kano_answers}
        """)
    desc = load_description(tmp_path)
    assert [desc.format(s) for s in ("transactions", "customers", "kano")] == ["parquet", "excel", "duckdb"]
    loaded = {s: desc.load(s, as_of=AS_OF) for s in ("transactions", "customers", "incidents", "kano")}
    assert loaded["transactions"].n_accepted == len(tx)
    assert loaded["customers"].n_accepted == len(sample_tables.customers)
    assert loaded["incidents"].n_accepted == len(sample_tables.incidents)
    assert loaded["kano"].n_accepted == len(sample_tables.kano)
    assert "cx.duckdb" in loaded["kano"].source


def test_whitespace_and_yyyymmdd_keep_row_accounting(whitespace_log):
    write(whitespace_log, """
        transactions:
          file: purchases.txt
          sep: whitespace
          date_format: YYYYMMDD
          columns: {order_id: transaction_id, date: timestamp}
        """)
    (whitespace_log / "purchases.txt").open("a").write("T9999999  C1  19971345  5.00\n")
    res = load_description(whitespace_log).load("transactions", as_of="1999-12-31")
    n_lines = len((whitespace_log / "purchases.txt").read_text().splitlines()) - 1
    assert res.n_read == n_lines and res.n_rejected == 1
    assert res.rejected["row"].tolist() == [n_lines + 1]  # the line as an editor numbers it
    assert res.data["timestamp"].min() == pd.Timestamp("1997-01-01")
    assert (res.data["amount"] == 0).sum() == len(res.data.iloc[::25])  # zero-value orders are kept here


def test_the_commented_example_is_a_valid_description(tmp_path):
    from cxtools.data.description import EXAMPLE

    write(tmp_path, EXAMPLE)
    desc = load_description(tmp_path)
    assert desc.language == "ru" and desc.currency.format(1800) == "1,800 \u20bd"
    assert desc.spec("contracts").table == "main.contracts"
    assert desc.loader_kwargs("transactions")["date_format"] == "%Y%m%d"
    roles = desc.survey
    assert roles.scale_of("q_attr_speed") == (1, 7) and roles.ces.top_box == (5, 6, 7)
    assert desc.personal_columns["customers"] == ["name", "phone", "email"]
    assert desc.loader_kwargs("survey")["reversed"] == ["q_loyal_3"]
    assert not any(desc.has(s) for s in desc.sources)  # the files are not in this folder


def test_a_loader_with_the_new_options_gets_them_directly(monkeypatch, whitespace_log):
    """Once cxtools.data.io reads whitespace and date formats itself, the description hands them over unchanged."""
    from pathlib import Path

    write(whitespace_log, """
        transactions:
          file: purchases.txt
          sep: whitespace
          date_format: YYYYMMDD
          columns: {order_id: transaction_id, date: timestamp}
        """)
    before = load_description(whitespace_log).load("transactions", as_of="1999-12-31")
    real = io.load_transactions
    seen = {}

    def newer(source, *, as_of=None, columns=None, refund_column="is_refund", sep=None, encoding=None,
              decimal=None, thousands=None, date_format=None, sheet=None):
        seen.update(source=source, sep=sep, date_format=date_format, thousands=thousands)
        frame = pd.read_csv(source, sep=r"\s+", dtype=str)
        frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
        frame["date"] = pd.to_datetime(frame["date"], format=date_format).dt.strftime("%Y-%m-%d")
        return real(frame, as_of=as_of, columns=columns, decimal=decimal)

    monkeypatch.setattr(io, "load_transactions", newer)
    after = load_description(whitespace_log).load("transactions", as_of="1999-12-31")
    assert isinstance(seen["source"], Path) and seen["sep"] == "whitespace" and seen["date_format"] == "%Y%m%d"
    assert (after.n_read, after.n_accepted) == (before.n_read, before.n_accepted)
    pd.testing.assert_frame_equal(after.data, before.data)


def test_lines_that_cannot_be_split_are_still_counted(tmp_path):
    """With a date format the installed loader may not know, the cells are read here: no line is lost."""
    text = "id;customer;day;amount\nT1;C1;20240105;10,5\nT2;C1;20240107;3\nT3;C2;\"20240109;7\nT4;C2;20240111;1\n"
    (tmp_path / "orders.csv").write_text(text, encoding="utf-8")
    write(tmp_path, """
        transactions:
          file: orders.csv
          sep: ";"
          decimal: ","
          date_format: YYYYMMDD
          columns: {id: transaction_id, customer: customer_id, day: timestamp}
        """)
    res = load_description(tmp_path).load("transactions", as_of=AS_OF)
    direct = io.read_table(tmp_path / "orders.csv", sep=";")
    assert len(direct.attrs["malformed"]) == 1  # the unclosed quote costs its own line, not the next
    assert (res.n_read, res.n_accepted, res.n_rejected) == (4, 3, 1)
    assert res.rejected["row"].tolist() == [4]
    assert list(res.data.index) == list(range(res.n_accepted))


def test_import_stays_light():
    import json
    import subprocess
    import sys

    code = "import sys, json, cxtools.data.description; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    loaded = set(json.loads(out.stdout))
    assert not loaded & {"pandas", "pydantic", "numpy", "duckdb"}


def test_employee_roles_rename_unit_and_wave_for_the_loader(tmp_path):
    (tmp_path / "staff.csv").write_text("person,branch,round,recommend,q_1,q_2\nP1,B1,R1,9,4,2\nP2,B1,R1,3,5,1\n"
                                        "P3,B2,R1,12,3,3\n", encoding="utf-8")
    (tmp_path / "cxtools.yaml").write_text(
        "employees:\n  file: staff.csv\n  columns: {person: employee_id}\n  unit: branch\n  wave: round\n"
        "  enps: recommend\n  engagement: ['q_*']\n  scales: {recommend: [0, 10], 'q_*': [1, 5]}\n"
        "  reversed: [q_2]\n", encoding="utf-8")
    desc = load_description(tmp_path)
    roles = desc.employees
    assert (roles.enps, roles.unit, roles.wave) == ("recommend", "unit_id", "wave")
    res = desc.load("employees")
    assert res.n_read == 3 and res.rejected["reason"].tolist() == ["eNPS outside 0-10"]
    assert list(res.data.columns[:3]) == ["employee_id", "unit_id", "wave"]
    assert roles.engagement_columns(res.data.columns) == ["q_1", "q_2"]
    assert res.data["q_2"].tolist() == [4, 5]  # reverse-keyed on 1-5
