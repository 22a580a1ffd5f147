"""A data description whose transactions are a warehouse table (Ibis on DuckDB) or a Spark table.

The repeat-buying path of notebook 01 (``desc.load("transactions")``, then ``rfm_summary``,
``calibration_holdout_summary`` and ``compressed_summary`` of the loaded data) must give
the same tables, row for row, as the same log read from a CSV file with pandas, while the
log stays in the engine. The Spark case lives in ``test_engines.py`` (one session per module).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtools.data.description import CxDescriptionError, load_description
from cxtools.core.errors import CxParameterError
from cxtools.data.engines import EngineTable, ibis_duckdb_compat
from cxtools.ltv.rfm import calibration_holdout_summary, compressed_summary, rfm_summary

ibis = pytest.importorskip("ibis")
duckdb = pytest.importorskip("duckdb")

pytestmark = [
    # Ibis 12.0 reads schemas with a DuckDB relation method that DuckDB 2.0 deprecates
    pytest.mark.filterwarnings("ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]


def engine_log(seed: int = 7, n: int = 2000) -> pd.DataFrame:
    """A log in the user's own column names, with refunds and a few rows the loader must reject."""
    rng = np.random.default_rng(seed)
    cust = rng.choice(n // 5, n, p=rng.dirichlet(np.full(n // 5, 0.4)))
    ts = np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 540 * 86400, n).astype("timedelta64[s]")
    out = pd.DataFrame({"order_id": [f"O{i:06d}" for i in range(n)],
                        "client": [f"c{c:04d}" for c in cust],
                        "paid_at": pd.Series(ts.astype("datetime64[us]")).dt.strftime("%Y-%m-%d %H:%M:%S"),
                        "total": np.round(rng.gamma(2.0, 20.0, n), 2).astype(str),
                        "refund": np.where(rng.random(n) < 0.04, "true", "false")})
    out.loc[out["refund"] == "true", "total"] = "-" + out.loc[out["refund"] == "true", "total"]
    out.loc[5, "client"] = None                  # customer missing
    out.loc[9, "paid_at"] = "not a date"          # timestamp not a date
    out.loc[11, "total"] = "12 500 rub"           # amount not a number
    out.loc[13, ["total", "refund"]] = ["-3.5", "false"]  # negative, not a refund
    out.loc[17, "paid_at"] = "2031-01-01 10:00:00"  # after as_of
    out.loc[[21, 23, 25], ["total", "refund"]] = ["0", "false"]  # zero-value orders: accepted
    return out


COLUMNS = "{order_id: transaction_id, client: customer_id, paid_at: timestamp, total: amount, refund: is_refund}"


def csv_description(tmp_path, log):
    folder = tmp_path / "csv"
    folder.mkdir()
    log.to_csv(folder / "orders.csv", index=False)
    (folder / "cxtools.yaml").write_text(f"version: 1\nas_of: 2025-06-30\ntransactions:\n  file: orders.csv\n"
                                         f"  columns: {COLUMNS}\n")
    return load_description(folder)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal row for row and bit for bit."""
    assert list(a.columns) == list(b.columns)
    assert a.index.equals(b.index)
    for c in a.columns:
        np.testing.assert_array_equal(a[c].to_numpy(), b[c].to_numpy(), err_msg=c)


def repeat_buying(loaded):
    """What notebook 01's repeat-buying section computes from ``desc.load("transactions").data``."""
    tx = loaded.data
    kw = dict(amount="amount", exclude="is_refund", time_unit="week")
    return (rfm_summary(tx, observation_end="2025-06-30", **kw),
            calibration_holdout_summary(tx, calibration_end="2024-12-31", observation_end="2025-06-30", **kw),
            compressed_summary(tx, observation_end="2025-06-30", **kw))


def assert_same_as_pandas(engine_loaded, pandas_loaded):
    assert isinstance(engine_loaded.data, EngineTable)
    # row accounting: the same rows read, accepted and rejected, for the same reasons
    assert (engine_loaded.n_read, engine_loaded.n_accepted, engine_loaded.n_rejected) == (
        pandas_loaded.n_read, pandas_loaded.n_accepted, pandas_loaded.n_rejected)
    assert engine_loaded.n_accepted + engine_loaded.n_rejected == engine_loaded.n_read
    assert engine_loaded.n_rejected == 5
    assert sorted(engine_loaded.summary()["rows"]) == sorted(pandas_loaded.summary()["rows"])
    assert sorted(engine_loaded.rejected["column"]) == sorted(pandas_loaded.rejected["column"])
    # what the notebook asks of the log itself
    tx, ref = engine_loaded.data, pandas_loaded.data
    assert len(tx) == len(ref) and "is_refund" in tx
    assert tx["timestamp"].min() == ref["timestamp"].min() and tx["timestamp"].max() == ref["timestamp"].max()
    for mine, theirs in zip(repeat_buying(engine_loaded), repeat_buying(pandas_loaded)):
        same(mine, theirs)
    # filters and counts in the engine (what the spend model's input needs: zero-value orders out)
    zero = (ref["amount"] == 0) & ~ref["is_refund"]
    assert tx.count_where("amount = 0 AND NOT is_refund") == int(zero.sum()) == 3
    positive = tx.where("amount <> 0 AND NOT is_refund")
    same(rfm_summary(positive, amount="amount", observation_end="2025-06-30"),
         rfm_summary(ref[(ref["amount"] != 0) & ~ref["is_refund"]], amount="amount", observation_end="2025-06-30"))


def test_warehouse_table_through_ibis_on_duckdb_matches_pandas(tmp_path):
    log = engine_log()
    ref = csv_description(tmp_path, log).load("transactions")
    folder = tmp_path / "wh"
    folder.mkdir()
    con = duckdb.connect(str(folder / "warehouse.duckdb"))
    con.execute("CREATE SCHEMA sales")
    con.execute("CREATE TABLE sales.orders AS SELECT * FROM log")
    con.close()
    (folder / "cxtools.yaml").write_text(
        "version: 1\nas_of: 2025-06-30\ntransactions:\n  format: ibis\n  connection: duckdb://warehouse.duckdb\n"
        f"  table: sales.orders\n  columns: {COLUMNS}\n")
    desc = load_description(folder)
    assert desc.has("transactions") and desc.path("transactions") is None
    assert desc.to_frame().set_index("source").loc["transactions", "location"].startswith("duckdb://")
    assert_same_as_pandas(desc.load("transactions"), ref)


def test_ibis_duckdb_backend_runs_on_duckdb_2(tmp_path):
    """Ibis 12.0 calls connection methods DuckDB 2.0 removed; the engine runs anyway."""
    log = engine_log(3)[lambda d: d.index > 20].assign(total=lambda d: d["total"].astype(float),
                                                        paid_at=lambda d: pd.to_datetime(d["paid_at"]))
    con = ibis_duckdb_compat(ibis.duckdb.connect(str(tmp_path / "x.duckdb")))
    table = con.create_table("orders", log)  # an in-memory upload (needs sqlglot < 30.18 with Ibis 12.0)
    kw = dict(customer="client", timestamp="paid_at", amount="total", exclude="refund")
    log = log.assign(refund=log["refund"] == "true")
    table = table.mutate(refund=table.refund == "true")
    same(rfm_summary(log, **kw), rfm_summary(table, **kw))
    same(compressed_summary(log, **kw), compressed_summary(table, **kw))
    assert len(table.to_pandas()) == len(log)


def test_engine_sources_are_described_fully(tmp_path):
    (tmp_path / "cxtools.yaml").write_text("version: 1\ntransactions:\n  format: ibis\n  table: orders\n")
    with pytest.raises(CxDescriptionError, match="connection URL"):
        load_description(tmp_path)
    (tmp_path / "cxtools.yaml").write_text("version: 1\ntransactions:\n  format: spark\n")
    with pytest.raises(CxDescriptionError, match="needs the table"):
        load_description(tmp_path)
    (tmp_path / "cxtools.yaml").write_text(
        "version: 1\nsurvey:\n  format: ibis\n  connection: duckdb://x.duckdb\n  table: answers\n")
    with pytest.raises(CxParameterError, match="transaction log only"):
        load_description(tmp_path).load("survey")
