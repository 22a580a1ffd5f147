"""The same summaries and scores from DuckDB, a real local Spark session and an Ibis backend.

Spark runs in local mode (``local[2]``); the session is shared by the module (it takes
10-20 s to start). The tests are skipped only where Java is absent.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from cxtools.cli import main as cli_main
from cxtools.core.errors import CxDataError
from cxtools.ltv.models import (
    BetaGeoModel,
    GammaGammaModel,
    ParetoNBDModel,
    customer_lifetime_value,
    load_model,
)
from cxtools.ltv.rfm import calibration_holdout_summary, compressed_summary, rfm_summary
from cxtools.ltv.scoring import score_customers

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,  # a local Spark session takes 10-20 s to start
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java, which is not installed"),
    # pyspark 4 warns that it does not "fully support" pandas 3; the tests check the results
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]


@pytest.fixture(scope="module")
def spark():
    from cxtools.data.engines import local_spark_session

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = local_spark_session()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _log(seed: int, *, n: int = 3000, string_ids: bool = True, refunds: bool = False) -> pd.DataFrame:
    """A log with several purchases on some days, two years of timestamps and cents."""
    rng = np.random.default_rng(seed)
    n_cust = n // 6
    cust = rng.choice(n_cust, n, p=rng.dirichlet(np.full(n_cust, 0.3)))
    start = np.datetime64("2023-01-01T00:00:00")
    ts = start + rng.integers(0, 730 * 86400, n).astype("timedelta64[s]")
    out = pd.DataFrame({
        "customer_id": [f"k{c:05d}" for c in cust] if string_ids else cust.astype(np.int64),
        "timestamp": ts.astype("datetime64[us]"),
        "amount": np.round(rng.gamma(2.0, 17.3, n), 2),
    })
    if refunds:
        ref = out.sample(frac=0.05, random_state=seed).assign(amount=lambda d: -d["amount"])
        out = pd.concat([out.assign(is_refund=False), ref.assign(is_refund=True)], ignore_index=True)
    return out


def _cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})


CASES = {
    "cdnow": (_cdnow, {"timestamp": "date", "observation_end": "1997-09-30"}),
    "string_ids": (lambda: _log(1), {}),
    "integer_ids_refunds": (lambda: _log(2, string_ids=False, refunds=True), {"exclude": "is_refund"}),
}


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal row for row and bit for bit."""
    assert list(a.columns) == list(b.columns)
    assert a.index.equals(b.index)
    for c in a.columns:
        np.testing.assert_array_equal(a[c].to_numpy(), b[c].to_numpy(), err_msg=c)


@pytest.mark.parametrize("case", sorted(CASES))
def test_summary_is_the_same_on_duckdb_and_spark(spark, case):
    make, kw = CASES[case]
    log = make()
    sdf = spark.createDataFrame(log)
    duck = rfm_summary(log, amount="amount", **kw)
    sprk = rfm_summary(sdf, amount="amount", **kw)
    _same(duck, sprk)
    assert duck["frequency"].sum() > 0 and duck["monetary_value"].gt(0).any()


@pytest.mark.parametrize("case", sorted(CASES))
def test_calibration_holdout_and_compressed_are_the_same_on_duckdb_and_spark(spark, case):
    make, kw = CASES[case]
    log = make()
    kw = {k: v for k, v in kw.items() if k != "observation_end"}
    cal_end = "1997-06-30" if case == "cdnow" else "2024-06-30"
    sdf = spark.createDataFrame(log)
    _same(calibration_holdout_summary(log, amount="amount", calibration_end=cal_end, **kw),
          calibration_holdout_summary(sdf, amount="amount", calibration_end=cal_end, **kw))
    duck = compressed_summary(log, amount="amount", **kw)
    _same(duck, compressed_summary(sdf, amount="amount", **kw))
    # the compressed table accounts for every customer and every repeat purchase's spend
    full = rfm_summary(log, amount="amount", **kw)
    assert duck["customers"].sum() == len(full)
    np.testing.assert_allclose(duck["repeat_spend"].sum(), (full["frequency"] * full["monetary_value"]).sum(),
                               rtol=1e-12)


def test_spark_reads_a_parquet_lake_and_a_catalog_table(spark, tmp_path):
    log = _log(3)
    lake = tmp_path / "lake"
    lake.mkdir()
    for i in range(3):
        log.iloc[i::3].to_parquet(lake / f"part-{i}.parquet", index=False)
    duck = rfm_summary(str(lake), amount="amount")
    _same(duck, rfm_summary(str(lake), amount="amount", engine="spark", spark=spark))
    spark.createDataFrame(log).createOrReplaceTempView("cx_test_log")
    _same(duck, rfm_summary("spark:cx_test_log", amount="amount", spark=spark))


def test_validation_errors_are_the_same_on_spark(spark):
    log = _log(4).astype({"amount": float})
    log.loc[[5, 9], "amount"] = -3.0
    for source in (log, spark.createDataFrame(log)):
        with pytest.raises(CxDataError, match="2 kept transactions have a negative 'amount'"):
            rfm_summary(source, amount="amount")


def test_ibis_backend_gives_the_same_summary(spark):
    ibis = pytest.importorskip("ibis")
    log = _log(5)
    spark.createDataFrame(log).createOrReplaceTempView("cx_ibis_log")
    table = ibis.pyspark.connect(spark).table("cx_ibis_log")
    _same(compressed_summary(log, amount="amount"), compressed_summary(table, amount="amount"))
    _same(rfm_summary(log, amount="amount"), rfm_summary(table, amount="amount"))


@pytest.mark.parametrize("model_class", [BetaGeoModel, ParetoNBDModel])
def test_fit_on_compressed_summary_equals_fit_on_full_summary(model_class):
    log = _cdnow()
    full = rfm_summary(log, timestamp="date", observation_end="1997-09-30")
    comp = compressed_summary(log, timestamp="date", observation_end="1997-09-30")
    assert len(comp) < len(full) / 2
    a = model_class(time_unit="week").fit(full)
    b = model_class(time_unit="week").fit(comp, weights=comp["customers"])
    assert b.n_customers_ == a.n_customers_ == 2357
    # the same likelihood, summed in another row order: the same maximum to the optimiser's tolerance
    np.testing.assert_allclose(b.params_, a.params_, rtol=1e-5)
    np.testing.assert_allclose(b.log_likelihood_, a.log_likelihood_, rtol=0, atol=1e-6)
    # and it is the published CDNOW fit (Fader, Hardie & Lee 2005; Fader & Hardie 2005 note)
    want = [0.243, 4.414, 0.793, 2.426] if model_class is BetaGeoModel else [0.553, 10.578, 0.606, 11.669]
    np.testing.assert_allclose(b.params_, want, rtol=2e-3)


@pytest.fixture(scope="module")
def cdnow_models():
    summ = rfm_summary(_cdnow(), timestamp="date", amount="amount", observation_end="1997-09-30")
    return summ, BetaGeoModel(time_unit="week").fit(summ), GammaGammaModel().fit(summ[summ["frequency"] > 0])


SCORE_KW = dict(timestamp="date", amount="amount", observation_end="1997-09-30", horizon=52, margin=0.3,
                discount_rate=0.1, n_draws=40, seed=7)


def test_scores_equal_customer_lifetime_value_and_are_the_same_on_spark(spark, cdnow_models):
    summ, bg, gg = cdnow_models
    log = _cdnow()
    duck = score_customers(log, bg, gg, **SCORE_KW)
    sprk = score_customers(spark.createDataFrame(log), bg, gg, **SCORE_KW)
    point = ["frequency", "recency", "T", "monetary_value", "probability_alive", "expected_purchases",
             "expected_spend", "clv"]
    _same(duck[point], sprk[point])
    # interval bounds: the engines' interpolated quantiles round differently in the last bits
    np.testing.assert_allclose(duck[["clv_lower", "clv_upper"]], sprk[["clv_lower", "clv_upper"]], rtol=1e-12)
    ref = customer_lifetime_value(bg, gg, summ, horizon=52, time_unit="week", margin=0.3, discount_rate=0.1,
                                  n_draws=40, seed=7)
    for c in ("expected_purchases", "expected_spend", "clv"):
        np.testing.assert_array_equal(duck[c].to_numpy(), ref[c].to_numpy(), err_msg=c)
    np.testing.assert_allclose(duck[["clv_lower", "clv_upper"]], ref[["clv_lower", "clv_upper"]], rtol=1e-12)
    np.testing.assert_array_equal(duck["probability_alive"], bg.probability_alive(summ))
    assert (duck["clv_lower"] < duck["clv_upper"]).all()


def test_scores_written_to_parquet_one_row_per_customer(spark, cdnow_models, tmp_path):
    summ, bg, gg = cdnow_models
    log = _cdnow()
    for source, out in ((log, tmp_path / "duck.parquet"), (spark.createDataFrame(log), tmp_path / "spark")):
        run = score_customers(source, bg, gg, out=str(out), **{**SCORE_KW, "n_draws": 10})
        written = pd.read_parquet(out)
        assert run.n_customers == len(written) == written["customer_id"].nunique() == 2357
        assert list(written.columns) == list(run.columns)
    a = pd.read_parquet(tmp_path / "duck.parquet").set_index("customer_id").sort_index()
    b = pd.read_parquet(tmp_path / "spark").set_index("customer_id").sort_index()
    _same(a.drop(columns=["clv_lower", "clv_upper"]), b.drop(columns=["clv_lower", "clv_upper"]))


def test_relation_of_another_connection_is_streamed_for_the_join(cdnow_models, tmp_path):
    summ, bg, gg = cdnow_models
    path = tmp_path / "log.parquet"
    _cdnow().to_parquet(path, index=False)
    rel = duckdb.connect().read_parquet(str(path))
    got = score_customers(rel, bg, gg, **SCORE_KW)
    want = score_customers(_cdnow(), bg, gg, **SCORE_KW)
    _same(got, want)


def test_models_save_and_load_as_small_json(cdnow_models, tmp_path):
    summ, bg, gg = cdnow_models
    pn = ParetoNBDModel(time_unit="week").fit(summ)
    for model in (bg, gg, pn):
        path = tmp_path / f"{type(model).__name__}.json"
        model.save(path)
        assert path.stat().st_size < 4000
        back = load_model(path)
        assert type(back) is type(model) and back.time_unit == model.time_unit
        pd.testing.assert_series_equal(back.params_, model.params_)
        pd.testing.assert_frame_equal(back.log_param_covariance_, model.log_param_covariance_)
        assert back.log_likelihood_ == model.log_likelihood_ and back.n_customers_ == model.n_customers_
    # predictions and intervals (same seed) come out identical after loading
    a = customer_lifetime_value(bg, gg, summ.head(50), horizon=26, time_unit="week", margin=0.3, discount_rate=0.1,
                                n_draws=30)
    b = customer_lifetime_value(load_model(tmp_path / "BetaGeoModel.json"),
                                load_model(tmp_path / "GammaGammaModel.json"), summ.head(50), horizon=26,
                                time_unit="week", margin=0.3, discount_rate=0.1, n_draws=30)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(Exception, match="holds a 'GammaGammaModel', not a BetaGeoModel"):
        BetaGeoModel.load(tmp_path / "GammaGammaModel.json")


def test_score_command_writes_the_table(cdnow_models, tmp_path, capsys):
    summ, bg, gg = cdnow_models
    bg.save(tmp_path / "bg.json")
    gg.save(tmp_path / "gg.json")
    out = tmp_path / "scores.parquet"
    code = cli_main(["score", str(CDNOW / "cdnow_sample_transactions.csv"), "--model", str(tmp_path / "bg.json"),
                     "--spend-model", str(tmp_path / "gg.json"), "--timestamp", "date", "--amount", "amount",
                     "--observation-end", "1997-09-30", "--horizon", "52", "--margin", "0.3",
                     "--discount-rate", "0.1", "--n-draws", "40", "--out", str(out)])
    assert code == 0
    assert "Scored 2,357 customers" in capsys.readouterr().out
    got = pd.read_parquet(out).set_index("customer_id").sort_index()
    want = score_customers(_cdnow(), bg, gg, **{**SCORE_KW, "seed": 2026})
    got.index = got.index.astype(want.index.dtype)
    _same(got[["clv", "probability_alive"]], want[["clv", "probability_alive"]])
    code = cli_main(["score", str(CDNOW / "cdnow_sample_transactions.csv"), "--model", str(tmp_path / "gg.json"),
                     "--horizon", "52", "--out", str(out)])
    assert code != 0


def test_description_spark_table_runs_the_repeat_buying_path_in_spark(spark, tmp_path):
    """notebook 01's repeat-buying path on ``transactions: {format: spark, table: ...}``, same as pandas."""
    from test_engine_sources import COLUMNS, assert_same_as_pandas, csv_description, engine_log

    from cxtools.data.description import load_description

    log = engine_log()
    ref = csv_description(tmp_path, log).load("transactions")
    spark.createDataFrame(log.astype(object).where(log.notna(), None)).createOrReplaceTempView("cx_desc_orders")
    folder = tmp_path / "spark"
    folder.mkdir()
    (folder / "cxtools.yaml").write_text("version: 1\nas_of: 2025-06-30\ntransactions:\n  format: spark\n"
                                         f"  table: cx_desc_orders\n  columns: {COLUMNS}\n")
    loaded = load_description(folder).load("transactions")
    assert loaded.data.engine == "spark"
    assert_same_as_pandas(loaded, ref)
