"""A data description reads only inside its data folder and runs only one read-only SELECT.

Every hostile description here is refused by ``cxtools check`` and by ``cxtools run``
(before any kernel starts, exit 2, the same reason), writes no file and shows no value
from outside the data folder. The lower guards (the locked DuckDB connection, the
one-SELECT check of DuckDBSource, Spark and Ibis, the path check when a source is loaded)
are tested on their own too, so that removing any one of them turns a test red.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cxtools.core.errors import CxParameterError
from cxtools.data.description import CxDescriptionError, load_description
from cxtools.data.io import DuckDBSource, load_customers

REPO_ROOT = Path(__file__).resolve().parents[3]
SECRET = "OUTSIDE-SECRET-7731"
PASSWD_MARK = "root:x:0:0"
CUSTOMERS = "customer_id,segment,signup_date\nC0000001,Consumer,2024-01-12\nC0000002,Business,2021-01-23\n"


def cxtools(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "cxtools", *args], capture_output=True, text=True, timeout=300,
                          env=env, cwd=cwd)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.fixture()
def world(tmp_path):
    """``tmp_path/outside/secret.csv`` (a customers file with a secret segment) and the data folder
    ``tmp_path/a/data`` (customers.csv and shop.duckdb with a customers table)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(f"customer_id,segment,signup_date\nC0000009,{SECRET},2024-01-12\n",
                                        encoding="utf-8")
    data = tmp_path / "a" / "data"
    data.mkdir(parents=True)
    (data / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    with duckdb.connect(str(data / "shop.duckdb")) as con:
        con.execute("CREATE TABLE customers AS SELECT * FROM read_csv($p, all_varchar = true)",
                    {"p": str(data / "customers.csv")})
    return tmp_path, data, outside


def duckdb_query(query: str) -> str:
    return "customers:\n  file: shop.duckdb\n  query: " + '"' + query.replace('"', '\\"') + '"\n'


#: name -> (description text, or a function of (tmp_path, data, outside) that builds the folder
#: and returns it; the key in error; words of the reason)
def _symlink_file(tmp, data, outside):
    (data / "customers.csv").unlink()
    (data / "customers.csv").symlink_to(outside / "secret.csv")
    return "customers:\n  file: customers.csv\n"


def _symlink_database(tmp, data, outside):
    with duckdb.connect(str(outside / "other.duckdb")) as con:
        con.execute(f"CREATE TABLE customers AS SELECT 'C0000009' AS customer_id, '{SECRET}' AS segment, "
                    "'2024-01-12' AS signup_date")
    (data / "link.duckdb").symlink_to(outside / "other.duckdb")
    return "customers:\n  file: link.duckdb\n  table: customers\n"


def _symlink_in_parquet_folder(tmp, data, outside):
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 'C0000009' AS customer_id, '{SECRET}' AS segment, '2024-01-12' AS signup_date) "
                    f"TO '{outside / 'part.parquet'}' (FORMAT parquet)")
    (data / "exports").mkdir()
    (data / "exports" / "part-0.parquet").symlink_to(outside / "part.parquet")
    return "customers:\n  file: exports\n  format: parquet\n"


def _tilde(tmp, data, outside):
    return "customers:\n  file: ~/x.csv\n"


HOSTILE = {
    "copy-then-select": (lambda t, d, o: duckdb_query(f"COPY (SELECT 'import os') TO '{t / 'x.py'}'; "
                                                      "SELECT * FROM customers"),
                         "customers.query", "2 statements (COPY, SELECT)"),
    "read_text in a select": (lambda t, d, o: duckdb_query("SELECT line AS customer_id, 'x' AS segment, "
                                                           "'2024-01-01' AS signup_date FROM read_text('/etc/passwd')"),
                              "customers.query", "reaches outside the DuckDB database"),
    "read_csv of an outside file": (lambda t, d, o: duckdb_query(f"SELECT * FROM read_csv('{o / 'secret.csv'}')"),
                                    "customers.query", "reaches outside the DuckDB database"),
    "two selects": (lambda t, d, o: duckdb_query("SELECT * FROM customers; SELECT * FROM customers"),
                    "customers.query", "2 statements (SELECT, SELECT)"),
    "a non-select": (lambda t, d, o: duckdb_query(f"ATTACH '{o / 'x.duckdb'}' AS x"),
                     "customers.query", "it is a statement of type ATTACH"),
    "a setting": (lambda t, d, o: duckdb_query("SET enable_external_access = true"),
                  "customers.query", "it is a statement of type SET"),
    "not sql": (lambda t, d, o: duckdb_query("SELEKT * FROM customers"),
                "customers.query", "DuckDB's SQL parser cannot read it"),
    "file ../../": (lambda t, d, o: "customers:\n  file: ../../outside/secret.csv\n",
                    "customers.file", "outside the data folder"),
    "file ~": (_tilde, "customers.file", "outside the data folder"),
    "absolute file": (lambda t, d, o: f"customers:\n  file: {o / 'secret.csv'}\n",
                      "customers.file", "outside the data folder"),
    "symlink out of the folder": (_symlink_file, "customers.file", "outside the data folder"),
    "database symlinked out": (_symlink_database, "customers.file", "outside the data folder"),
    "symlink in a Parquet folder": (_symlink_in_parquet_folder, "customers.file", "outside the data folder"),
    "ibis file out of the folder": (lambda t, d, o: f"transactions:\n  format: ibis\n  connection: "
                                                    f"duckdb://{o / 'x.duckdb'}\n  table: orders\n",
                                    "transactions.connection", "outside the data folder"),
    "spark copy": (lambda t, d, o: f"transactions:\n  format: spark\n  query: \"COPY t TO '{t / 'x.csv'}'\"\n",
                   "transactions.query", "it is a statement of type COPY"),
    "ibis two statements": (lambda t, d, o: "transactions:\n  format: ibis\n  connection: duckdb://w.duckdb\n"
                                            "  query: \"DROP TABLE orders; SELECT 1\"\n",
                            "transactions.query", "2 statements (DROP, SELECT)"),
}


def build(case: str, world) -> tuple[Path, str, str]:
    tmp, data, outside = world
    make, key, reason = HOSTILE[case]
    (data / "cxtools.yaml").write_text(make(tmp, data, outside), encoding="utf-8")
    return data, key, reason


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_description_is_refused_by_validation(case, world):
    data, key, reason = build(case, world)
    with pytest.raises(CxDescriptionError) as info:
        load_description(data)
    problems = info.value.problems
    assert [p[0] for p in problems] == [key], problems
    assert reason in problems[0][2]
    assert problems[0][1] is not None  # the line of the key
    text = str(info.value)
    assert SECRET not in text and PASSWD_MARK not in text
    if "outside the data folder" in reason:
        assert str(data.resolve()) in text and "allow_files_outside" in text


def _check_and_run(case, world, call):
    tmp, _, _ = world
    data, key, reason = build(case, world)
    before = files_under(tmp)
    out = tmp / "reports"
    checked = call("check", "--data", str(data))
    ran = call("run", "00_data_overview", "--data", str(data), "--out", str(out))
    for code, stdout, stderr in (checked, ran):
        assert code == 2, stdout + stderr
        assert f"{key}: refused" in stderr and reason in stderr
        assert SECRET not in stdout + stderr and PASSWD_MARK not in stdout + stderr
        assert "no problems" not in stdout
    assert files_under(tmp) == before  # no x.py, no report, no work folder


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_description_refused_by_check_and_run_with_nothing_written(case, world, capsys):
    """The command's entry point in this process (the same code as the console script)."""
    from cxtools.cli import main

    def call(*args):
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    _check_and_run(case, world, call)


@pytest.mark.parametrize("case", ["copy-then-select", "symlink out of the folder"])
def test_hostile_description_refused_by_the_cxtools_command(case, world):
    """Two of the cases through ``python -m cxtools`` in a process of its own, as a scheduler runs it."""
    def call(*args):
        result = cxtools(*args, cwd=world[0])
        return result.returncode, result.stdout, result.stderr

    _check_and_run(case, world, call)


def test_hostile_cases_are_refused_in_one_cli_call_each(world):
    """``check`` lists every refusal of one description, each with its own key."""
    tmp, data, outside = world
    (data / "cxtools.yaml").write_text(
        duckdb_query("SELECT * FROM customers; SELECT 1")
        + f"transactions:\n  file: {outside / 'secret.csv'}\nincidents:\n  file: ../../outside/secret.csv\n",
        encoding="utf-8")
    result = cxtools("check", "--data", str(data), cwd=tmp)
    assert result.returncode == 2
    assert "3 problems" in result.stderr
    for key in ("customers.query", "transactions.file", "incidents.file"):
        assert f"{key}: refused" in result.stderr


def test_allowed_root_lets_an_outside_file_through(world):
    tmp, data, outside = world
    (data / "cxtools.yaml").write_text(f"allow_files_outside: [\"{outside}\"]\ncustomers:\n"
                                       "  file: ../../outside/secret.csv\n", encoding="utf-8")
    desc = load_description(data)
    assert desc.load("customers").data["segment"].tolist() == [SECRET]
    checked = cxtools("check", "--data", str(data), cwd=tmp)
    assert checked.returncode == 0 and "no problems" in checked.stdout, checked.stdout + checked.stderr


def test_allowed_root_must_be_an_existing_absolute_folder(world):
    tmp, data, outside = world
    (data / "cxtools.yaml").write_text("allow_files_outside: [\"../../outside\", \"/no/such/folder\", \"~\"]\n"
                                       "customers:\n  file: customers.csv\n", encoding="utf-8")
    with pytest.raises(CxDescriptionError) as info:
        load_description(data)
    messages = {key: msg for key, _, msg in info.value.problems}
    assert "not an absolute path" in messages["allow_files_outside[0]"]
    assert "not found" in messages["allow_files_outside[1]"]
    assert "not an absolute path" in messages["allow_files_outside[2]"]


def test_allowed_root_does_not_let_other_folders_through(world):
    tmp, data, outside = world
    other = tmp / "other"
    other.mkdir()
    (data / "cxtools.yaml").write_text(f"allow_files_outside: [\"{other}\"]\ncustomers:\n"
                                       f"  file: {other}/../outside/secret.csv\n", encoding="utf-8")
    with pytest.raises(CxDescriptionError, match="outside the data folder"):
        load_description(data)


def test_paths_inside_the_folder_still_work(world):
    tmp, data, outside = world
    (data / "sub").mkdir()
    (data / "sub" / "c.csv").write_text(CUSTOMERS, encoding="utf-8")
    (data / "inner.csv").symlink_to(data / "sub" / "c.csv")
    for file in ("sub/c.csv", "sub/../sub/c.csv", "inner.csv", str(data / "sub" / "c.csv")):
        (data / "cxtools.yaml").write_text(f"customers:\n  file: {file}\n", encoding="utf-8")
        assert load_description(data).load("customers").data["customer_id"].tolist() == ["C0000001", "C0000002"]
    (data / "cxtools.yaml").write_text(duckdb_query("WITH c AS (SELECT * FROM customers) "
                                                    "SELECT * FROM c WHERE segment = 'Business';"), encoding="utf-8")
    assert load_description(data).load("customers").data["customer_id"].tolist() == ["C0000002"]


# --- the guards below validation ---------------------------------------------------------------


def test_duckdb_source_refuses_more_than_one_select(world):
    tmp, data, _ = world
    target = tmp / "x.py"
    with pytest.raises(CxParameterError, match=r"query is refused: it holds 2 statements \(COPY, SELECT\)"):
        DuckDBSource(data / "shop.duckdb", query=f"COPY (SELECT 'import os') TO '{target}'; SELECT * FROM customers")
    with pytest.raises(CxParameterError, match="it is a statement of type PRAGMA"):
        DuckDBSource(data / "shop.duckdb", query="PRAGMA version")
    assert not target.exists()


def test_duckdb_source_connection_is_locked(world):
    """A SELECT that reads a file is refused by DuckDB itself: external access is off and stays off."""
    tmp, data, _ = world
    with pytest.raises(CxParameterError, match="reaches outside the database") as info:
        load_customers(DuckDBSource(data / "shop.duckdb",
                                    query="SELECT line AS customer_id FROM read_text('/etc/passwd')"))
    assert PASSWD_MARK not in str(info.value)
    from cxtools.data.io.sources import open_duckdb_database

    con = open_duckdb_database(data / "shop.duckdb")
    try:
        for sql in ("SET enable_external_access = true", "RESET lock_configuration"):
            with pytest.raises(duckdb.Error, match="locked"):
                con.execute(sql)
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"COPY customers TO '{tmp / 'x.csv'}'")
        assert con.sql("SELECT current_setting('enable_progress_bar')").fetchall() == [(False,)]
    finally:
        con.close()
    assert not (tmp / "x.csv").exists()


def test_check_read_of_a_duckdb_query_is_locked(world):
    """The first-rows read of ``cxtools check`` goes through the same lock."""
    from cxtools.data.description._description import read_duckdb

    tmp, data, _ = world
    with pytest.raises(CxParameterError, match="reaches outside the database"):
        read_duckdb(data / "shop.duckdb", query="SELECT * FROM read_text('/etc/passwd')", limit=5)
    with pytest.raises(CxParameterError, match="2 statements"):
        read_duckdb(data / "shop.duckdb", query="SELECT 1; SELECT 2", limit=5)
    with pytest.raises(CxParameterError, match="the query is refused"):  # cannot break out of the LIMIT wrapper
        read_duckdb(data / "shop.duckdb", query="SELECT 1 --", limit=5)


@pytest.mark.parametrize("fmt", ["spark", "ibis"])
def test_engine_queries_must_be_one_select(fmt, tmp_path):
    from types import SimpleNamespace

    from cxtools.data.description._engine_sources import open_engine_table

    spec = SimpleNamespace(format=fmt, table=None, query=f"COPY t TO '{tmp_path / 'x.csv'}'",
                           connection="duckdb://w.duckdb")
    with pytest.raises(CxParameterError, match=f"{fmt} source: the query is refused: it is a statement of type COPY"):
        open_engine_table(spec, data_dir=tmp_path)
    spec.query = "SELECT 1 FROM ("
    with pytest.raises(CxParameterError, match="DuckDB's SQL parser cannot read it"):
        open_engine_table(spec, data_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_loading_rechecks_the_path(world):
    """A description built around validation (its model changed afterwards) is still refused at load time."""
    tmp, data, outside = world
    (data / "cxtools.yaml").write_text("customers:\n  file: customers.csv\n", encoding="utf-8")
    desc = load_description(data)
    desc.model.customers.file = str(outside / "secret.csv")
    with pytest.raises(CxDescriptionError, match="outside the data folder") as info:
        desc.load("customers")
    assert SECRET not in str(info.value)
