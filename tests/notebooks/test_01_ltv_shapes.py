"""Notebook 01 on data of different shapes, run as a user runs it (``cxtools run 01_ltv --data DIR``).

Shapes, generated with :mod:`cxtools.data.samples` (never the bundled files):

- transactions only: whitespace-separated text, YYYYMMDD dates, no transaction id, no refund
  column, some zero-value orders, dated 1997-98 so that nothing can lean on the sample's dates;
- contracts only: a CSV of contracts with margins, described by a ``cxtools.yaml``.

Each run must exit 0, say in one sentence which sections were skipped, and publish headline
metrics equal to the same analysis done through the API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtools.data.samples import make_sample_data

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
#: The description's time unit -> the repeat-buying models' unit, as the notebook maps it.
UNIT = {"day": "day", "week": "week", "month": "month", "quarter": "month", "year": "year"}


def write_transactions_only(folder: Path, *, n_customers: int = 600, seed: int = 5) -> Path:
    """A CDNOW-like purchase log: whitespace-separated, YYYYMMDD, no transaction id, zero-value orders."""
    folder.mkdir(parents=True, exist_ok=True)
    tx = make_sample_data(n_customers, seed=seed).transactions
    tx = tx[~tx["is_refund"]].reset_index(drop=True)
    shift = pd.Timestamp("1997-01-01") - tx["timestamp"].min().normalize()
    amount = tx["amount"].round(2).copy()
    amount.iloc[::20] = 0.0
    out = pd.DataFrame({"cust": tx["customer_id"], "day": (tx["timestamp"] + shift).dt.strftime("%Y%m%d"),
                        "sales": amount.map("{:.2f}".format)})
    lines = ["cust  day  sales"] + ["  ".join(r) for r in out.astype(str).itertuples(index=False)]
    (folder / "orders.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "cxtools.yaml").write_text(
        "version: 1\nlanguage: en\ncurrency: {code: USD}\ntime_unit: week\n"
        "transactions:\n  file: orders.txt\n  sep: whitespace\n  date_format: YYYYMMDD\n"
        "  columns: {cust: customer_id, day: timestamp, sales: amount}\n", encoding="utf-8")
    return folder


def write_contracts_only(folder: Path, *, n_customers: int = 1500, seed: int = 6) -> Path:
    """Contracts with their own column names and a monthly margin, nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    subs = make_sample_data(n_customers, seed=seed).subscriptions
    out = pd.DataFrame({"client": subs["customer_id"], "opened": subs["start_date"].dt.strftime("%Y-%m-%d"),
                        "closed": subs["end_date"].dt.strftime("%Y-%m-%d"), "products": subs["n_products"],
                        "monthly_margin": subs["monthly_margin"]})
    out.to_csv(folder / "contracts.csv", index=False)
    (folder / "cxtools.yaml").write_text(
        "version: 1\nlanguage: en\ncurrency: {code: EUR}\ntime_unit: month\n"
        "contracts:\n  file: contracts.csv\n"
        "  columns: {client: customer_id, opened: start_date, closed: end_date, products: n_products}\n",
        encoding="utf-8")
    return folder


def run_notebook(data: Path, out: Path, *params: str) -> tuple[subprocess.CompletedProcess, dict, str]:
    args = [sys.executable, "-m", "cxtools", "run", "01_ltv", "--data", str(data), "--out", str(out)]
    for p in params:
        args += ["-p", *p.split("=", 1)]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=900)
    folder = out / "01_ltv"
    metrics = json.loads((folder / "metrics.json").read_text()) if (folder / "metrics.json").exists() else {}
    executed = next(folder.glob("*.ipynb"), None)
    text = ""
    if executed is not None:
        nb = json.loads(executed.read_text())
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                text += "".join(o.get("data", {}).get("text/markdown", "")) + "".join(o.get("text", ""))
    return proc, metrics, text


def _values(metrics: dict) -> dict:
    return metrics.get("metrics", metrics)


@pytest.fixture(scope="module")
def tx_only_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("tx_only")
    data = write_transactions_only(base / "data")
    proc, metrics, text = run_notebook(data, base / "out")
    return data, proc, _values(metrics), text


@pytest.fixture(scope="module")
def contracts_only_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("contracts_only")
    data = write_contracts_only(base / "data")
    proc, metrics, text = run_notebook(data, base / "out")
    return data, proc, _values(metrics), text


def test_transactions_only_runs_and_says_what_is_skipped(tx_only_run):
    data, proc, metrics, text = tx_only_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "This section is skipped: it needs contracts with start and end dates (subscriptions)" in text
    assert "telecom" not in json.dumps(metrics)
    assert metrics["as_of"].startswith("199")  # from the data, not the sample's 2026
    assert metrics["currency"] == "USD"
    assert metrics["zero_value_orders_left_out"] > 0
    assert "zero-value orders are left out of the spend model" in text


def test_transactions_only_headline_equals_the_api(tx_only_run):
    from cxtools.data.description import DataSpan, default_as_of, default_windows, load_description
    from cxtools.narrative.ltv import compare_repeat_models
    from cxtools.ltv.inputs import spend_summary
    from cxtools.ltv.models import BetaGeoModel, GammaGammaModel, customer_lifetime_value, holdout_errors
    from cxtools.ltv.rfm import calibration_holdout_summary, rfm_summary

    data, proc, metrics, _ = tx_only_run
    desc = load_description(data)
    as_of = default_as_of(desc)
    assert metrics["as_of"] == str(as_of.date())
    tx = desc.load("transactions", as_of=as_of).data
    assert "transaction_id" in tx.columns and tx["transaction_id"].is_unique
    unit = UNIT[desc.time_unit]
    cal_end = default_windows(DataSpan(tx["timestamp"].min(), as_of))["calibration_end"]
    assert metrics["calibration_end"] == str(cal_end.date())
    rfm = rfm_summary(tx, amount="amount", observation_end=as_of, time_unit=unit)
    cal = calibration_holdout_summary(tx, amount="amount", calibration_end=cal_end, observation_end=as_of,
                                      time_unit=unit)
    errors = holdout_errors(BetaGeoModel(time_unit=unit).fit(cal), cal)
    assert metrics["repeat_model_holdout_mae"] == pytest.approx(errors.mae, rel=1e-6)
    comparison = compare_repeat_models(rfm, cal, time_unit=unit)
    assert metrics["repeat_models_better"] == comparison.better
    for name, share in comparison.table["share_active"].items():
        assert metrics["repeat_models_share_active"][name] == pytest.approx(share, rel=1e-6)
    repeat = BetaGeoModel(time_unit=unit).fit(rfm)
    spend_rfm, n_zero = spend_summary(tx, amount="amount", observation_end=as_of, time_unit=unit)
    assert metrics["zero_value_orders_left_out"] == n_zero == int((tx["amount"] == 0).sum())
    spend = GammaGammaModel().fit(spend_rfm[spend_rfm["frequency"] > 0])
    clv_input = rfm[["frequency", "recency", "T"]].assign(
        monetary_value=spend_rfm["monetary_value"].reindex(rfm.index).fillna(0.0))
    clv = customer_lifetime_value(repeat, spend, clv_input, horizon=52.0, time_unit="week", margin=0.3,
                                  discount_rate=0.10, discount_period="year", confidence=0.9, n_draws=200, seed=2026)
    assert metrics["purchase_clv_total"] == pytest.approx(float(clv["clv"].sum()), rel=1e-6)
    assert metrics["mean_spend_per_purchase"] == pytest.approx(spend.population_mean_spend(), rel=1e-6)


def test_contracts_only_runs_and_says_what_is_skipped(contracts_only_run):
    data, proc, metrics, text = contracts_only_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "This section is skipped: it needs a transaction log (transactions)" in text
    assert metrics["currency"] == "EUR"
    assert "purchase_clv_total" not in metrics
    assert "telecom" not in json.dumps(metrics)


def test_contracts_only_headline_equals_the_api(contracts_only_run):
    from cxtools.data.description import default_as_of, load_description
    from cxtools.ltv.sbg import ShiftedBetaGeometricModel
    from cxtools.ltv.survival import kaplan_meier, naive_lifetime, subscription_durations

    data, proc, metrics, _ = contracts_only_run
    desc = load_description(data)
    as_of = default_as_of(desc)
    assert metrics["as_of"] == str(as_of.date())
    subs = desc.load("subscriptions", as_of=as_of).data
    durations = subscription_durations(subs, as_of=as_of, time_unit="month")
    km = kaplan_meier(durations, duration="duration_months", event="event", by="n_products", horizon=60,
                      time_unit="month")
    naive = naive_lifetime(durations, duration="duration_months", event="event", by="n_products")
    for label, row in km.summary.iterrows():
        assert metrics["km_rmst_months"][str(label)] == pytest.approx(row["rmst"], rel=1e-9)
        assert metrics["naive_mean_closed_months"][str(label)] == pytest.approx(naive.loc[label, "mean_closed"])
    for label, params in metrics["sbg_params"].items():
        group = durations[durations["n_products"].astype(str) == label]
        model = ShiftedBetaGeometricModel(time_unit="month").fit(durations=group["duration_months"],
                                                                 churned=group["event"], discretise=True)
        assert params["alpha"] == pytest.approx(model.params_["alpha"], rel=1e-6)
        margin = group["monthly_margin"].mean()
        monthly = (1.10) ** (1 / 12) - 1
        assert metrics["del_new_customer"][label] == pytest.approx(
            model.discounted_expected_lifetime(margin=margin, discount_rate=monthly), rel=1e-6)
    assert np.isfinite(metrics["value_of_active_base"])


def test_a_holdout_outside_the_data_is_refused_before_any_fit(tmp_path):
    data = write_transactions_only(tmp_path / "data", n_customers=200)
    proc, metrics, _ = run_notebook(data, tmp_path / "out", "calibration_end=2026-01-31")
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    # refused in the set-up cell, before any model is fitted, naming the window and the data's span
    assert "after the last date in the data" in log and "the data run from 1997-01-01" in log
    assert "cell 4 of" in log


def test_bundled_sample_headline_equals_the_api(tmp_path):
    """Both parts on the bundled sample (contracts and purchases), as ``make report`` runs it."""
    from cxtools.data.description import DataSpan, default_as_of, default_windows, load_description
    from cxtools.narrative.ltv import compare_repeat_models
    from cxtools.ltv.rfm import calibration_holdout_summary, rfm_summary
    from cxtools.ltv.survival import kaplan_meier, subscription_durations

    data = ROOT / "data" / "samples"
    proc, metrics, text = run_notebook(data, tmp_path / "out")
    metrics = _values(metrics)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "This section is skipped" not in text
    assert not any(k.startswith("telecom") for k in metrics)
    desc = load_description(data)
    as_of = default_as_of(desc)
    assert metrics["as_of"] == str(as_of.date())
    subs = desc.load("subscriptions", as_of=as_of).data
    km = kaplan_meier(subscription_durations(subs, as_of=as_of, time_unit="month"), duration="duration_months",
                      event="event", by="n_products", horizon=60, time_unit="month")
    for label, row in km.summary.iterrows():
        assert metrics["km_rmst_months"][str(label)] == pytest.approx(row["rmst"], rel=1e-9)
    tx = desc.load("transactions", as_of=as_of).data
    cal_end = default_windows(DataSpan(tx["timestamp"].min(), as_of))["calibration_end"]
    unit = UNIT[desc.time_unit]
    rfm = rfm_summary(tx, amount="amount", exclude="is_refund", observation_end=as_of, time_unit=unit)
    cal = calibration_holdout_summary(tx, amount="amount", exclude="is_refund", calibration_end=cal_end,
                                      observation_end=as_of, time_unit=unit)
    comparison = compare_repeat_models(rfm, cal, time_unit=unit)
    assert metrics["repeat_models_better"] == comparison.better
    for name, mae in comparison.table["holdout_mae"].items():
        assert metrics["repeat_models_holdout_mae"][name] == pytest.approx(mae, rel=1e-6)


def test_contracts_without_money_or_segments_in_russian(tmp_path):
    """Start and end dates only: lifetimes and sBG run, money sections say why they are skipped."""
    full = write_contracts_only(tmp_path / "full", n_customers=600)
    bare = tmp_path / "bare"
    bare.mkdir()
    pd.read_csv(full / "contracts.csv")[["client", "opened", "closed"]].to_csv(bare / "contracts.csv", index=False)
    (bare / "cxtools.yaml").write_text(
        "version: 1\nlanguage: ru\ncurrency: {code: RUB}\ncontracts:\n  file: contracts.csv\n"
        "  columns: {client: customer_id, opened: start_date, closed: end_date}\n", encoding="utf-8")
    proc, metrics, text = run_notebook(bare, tmp_path / "out")
    metrics = _values(metrics)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Ценность в деньгах пропущена" in text and "Раздел пропущен: нет журнала покупок" in text
    assert "del_new_customer" not in metrics and list(metrics["km_rmst_months"]) == ["все клиенты"]
    assert "## Главные выводы" in text


def write_warehouse(folder: Path, *, n_customers: int = 600, seed: int = 5) -> Path:
    """The purchase log of :func:`write_transactions_only` as a warehouse table (a DuckDB file read
    through Ibis): typed columns, the user's own names, described with ``format: ibis``."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    text = write_transactions_only(folder / "as_text", n_customers=n_customers, seed=seed) / "orders.txt"
    log = pd.read_csv(text, sep=r"\s+", dtype={"cust": str, "day": str})
    # read by DuckDB's replacement scan in the SQL below
    orders = pd.DataFrame({"cust": log["cust"], "paid_at": pd.to_datetime(log["day"], format="%Y%m%d"),  # noqa: F841
                           "sales": log["sales"].astype(float)})
    con = duckdb.connect(str(folder / "warehouse.duckdb"))
    con.execute("CREATE SCHEMA sales")
    con.execute("CREATE TABLE sales.orders AS SELECT * FROM orders")
    con.close()
    (folder / "cxtools.yaml").write_text(
        "version: 1\nlanguage: en\ncurrency: {code: USD}\ntime_unit: week\n"
        "transactions:\n  format: ibis\n  connection: duckdb://warehouse.duckdb\n  table: sales.orders\n"
        "  columns: {cust: customer_id, paid_at: timestamp, sales: amount}\n", encoding="utf-8")
    return folder


def test_a_warehouse_table_gives_the_same_report_as_the_file(tx_only_run, tmp_path):
    """Notebook 01 pointed at a warehouse table (no code change, only the description) publishes the
    same headline metrics as on the same log read from a text file."""
    pytest.importorskip("ibis")
    data = write_warehouse(tmp_path / "data")
    proc, metrics, text = run_notebook(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    file_metrics = tx_only_run[2]
    numbers = {k: v for k, v in file_metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    assert len(numbers) >= 5
    warehouse = _values(metrics)
    for key, value in numbers.items():
        assert warehouse.get(key) == pytest.approx(value, rel=1e-9, abs=1e-12), key
