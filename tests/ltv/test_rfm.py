"""Tests of cxtools.ltv.rfm against the published CDNOW summary and an independent pandas version."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError
from cxtools.ltv.rfm import calibration_holdout_summary, rfm_summary

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"


@pytest.fixture(scope="module")
def cdnow_log() -> pd.DataFrame:
    return pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})


def _pandas_summary(log: pd.DataFrame, end: str, unit_days: float) -> pd.DataFrame:
    """Independent re-implementation of lifetimes' summary_data_from_transaction_data (freq='D')."""
    log = log[pd.to_datetime(log["timestamp"]).dt.normalize() <= pd.Timestamp(end)]
    day = pd.to_datetime(log["timestamp"]).dt.normalize()
    daily = log.assign(day=day).groupby(["customer_id", "day"], as_index=False)["amount"].sum()
    rows = {}
    for cust, g in daily.groupby("customer_id"):
        g = g.sort_values("day")
        first, last = g["day"].iloc[0], g["day"].iloc[-1]
        repeat = g["amount"].iloc[1:]
        rows[cust] = {
            "frequency": float(len(g) - 1),
            "recency": (last - first).days / unit_days,
            "T": (pd.Timestamp(end) - first).days / unit_days,
            "monetary_value": float(repeat.mean()) if len(repeat) else 0.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index").sort_index()


def _random_log(seed: int = 3, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00:00")
    return pd.DataFrame({
        "customer_id": rng.choice([f"c{i:03d}" for i in range(60)], n),
        # several purchases per day happen: seconds within a 200-day window
        "timestamp": start + rng.integers(0, 200 * 86400, n).astype("timedelta64[s]"),
        "amount": np.round(rng.gamma(2.0, 15.0, n), 2),
    })


def test_cdnow_calibration_summary_matches_fader_hardie_file(cdnow_log):
    # Fader & Hardie's CDNOW summary (x, t_x, T, zbar for 1997-01-01..1997-09-30, in weeks),
    # as shipped with lifetimes 0.11.3, was computed from this same transaction sample.
    ref = pd.read_csv(CDNOW / "cdnow_summary.csv", dtype={"customer_id": str})
    ref["customer_id"] = ref["customer_id"].str.zfill(4)
    ref = ref.set_index("customer_id")
    cal = calibration_holdout_summary(cdnow_log, timestamp="date", amount="amount",
                                      calibration_end="1997-09-30", observation_end="1998-06-30")
    assert len(cal) == len(ref) == 2357
    j = cal.join(ref, how="inner")
    assert len(j) == 2357
    np.testing.assert_array_equal(j["frequency_cal"], j["frequency"])
    # the reference file rounds to 2 decimals
    np.testing.assert_allclose(j["recency_cal"], j["recency"], atol=0.0051)
    np.testing.assert_allclose(j["T_cal"], j["T"], atol=0.0051)
    np.testing.assert_allclose(j["monetary_value_cal"], j["monetary_value"], atol=0.0051)
    assert cal["duration_holdout"].eq(39.0).all()
    # 1882 repeat purchase days in the 39-week holdout (Fader, Hardie & Lee 2005, Fig. 2 data)
    assert cal["frequency_holdout"].sum() == 1882


def test_matches_independent_pandas_implementation():
    log = _random_log()
    got = rfm_summary(log, amount="amount", observation_end="2024-08-01", time_unit="week")
    want = _pandas_summary(log, "2024-08-01", 7.0)
    got.index = got.index.astype(object)
    pd.testing.assert_frame_equal(got, want, check_names=False, check_index_type=False, rtol=1e-12)
    assert got.attrs["time_unit"] == "week"


def test_time_units_scale_durations_only():
    log = _random_log()
    w = rfm_summary(log, amount="amount", time_unit="week")
    d = rfm_summary(log, amount="amount", time_unit="day")
    np.testing.assert_allclose(d["T"], 7 * w["T"])
    np.testing.assert_allclose(d["recency"], 7 * w["recency"])
    np.testing.assert_array_equal(d["frequency"], w["frequency"])
    y = rfm_summary(log, time_unit="year")
    np.testing.assert_allclose(y["T"] * 365.25, d["T"])
    assert "monetary_value" not in y.columns


def test_same_result_from_csv_parquet_and_duckdb_relation(tmp_path):
    log = _random_log()
    want = rfm_summary(log, amount="amount")
    csv, pq = tmp_path / "log.csv", tmp_path / "log.parquet"
    log.to_csv(csv, index=False)
    log.to_parquet(pq, index=False)
    con = duckdb.connect()
    rel = con.read_parquet(str(pq))
    for source in (str(csv), pq, rel):
        got = rfm_summary(source, amount="amount")
        got.index = got.index.astype(want.index.dtype)
        pd.testing.assert_frame_equal(got, want, check_index_type=False)


def test_refunds_must_be_excluded_not_silently_counted():
    log = pd.DataFrame({
        "customer_id": ["a", "a", "a", "b"],
        "timestamp": ["2024-01-01", "2024-01-10", "2024-01-12", "2024-01-05"],
        "amount": [50.0, 20.0, -20.0, 10.0],
        "is_refund": [False, False, True, False],
    })
    with pytest.raises(CxDataError, match="is_refund") as err:
        rfm_summary(log, amount="amount")
    assert "-20.0" in str(err.value)
    out = rfm_summary(log, amount="amount", exclude="is_refund", observation_end="2024-01-31")
    # the refund on 12 Jan is not a purchase occasion
    assert out.loc["a", "frequency"] == 1.0
    assert out.loc["a", "recency"] == pytest.approx(9 / 7)
    assert out.loc["a", "monetary_value"] == 20.0


def test_observation_end_drops_later_purchases():
    log = pd.DataFrame({"customer_id": ["a", "a", "a"],
                        "timestamp": ["2024-01-01 09:00", "2024-01-01 18:00", "2024-03-01 12:00"]})
    out = rfm_summary(log, observation_end="2024-02-01", time_unit="day")
    assert out.loc["a"].tolist() == [0.0, 0.0, 31.0]  # same-day purchases are one occasion


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "match"),
    [
        (pd.DataFrame({"cust": ["a"], "timestamp": ["2024-01-01"]}), {}, CxSchemaError, "customer column 'customer_id'"),
        (pd.DataFrame({"customer_id": ["a", None], "timestamp": ["2024-01-01", "2024-01-02"]}), {},
         CxDataError, "empty 'customer_id'"),
        (pd.DataFrame({"customer_id": ["a", "b"], "timestamp": ["2024-01-01", "01/02/2024x"]}), {},
         CxDataError, "01/02/2024x"),
        (pd.DataFrame({"customer_id": ["a"], "timestamp": ["2024-01-01"], "amount": ["ten"]}),
         {"amount": "amount"}, CxDataError, "non-numeric 'amount'"),
        (pd.DataFrame({"customer_id": ["a"], "timestamp": ["2024-01-01"]}), {"time_unit": "fortnight"},
         CxParameterError, "time_unit"),
        (pd.DataFrame({"customer_id": ["a"], "timestamp": ["2024-01-01"]}), {"observation_end": "not a date"},
         CxParameterError, "observation_end"),
        (pd.DataFrame({"customer_id": ["a"], "timestamp": ["2024-01-01"]}), {"observation_end": "2023-01-01"},
         CxEmptyDataError, "no purchases"),
        (pd.DataFrame({"customer_id": pd.Series([], dtype=str), "timestamp": pd.Series([], dtype=str)}), {},
         CxEmptyDataError, "no rows"),
    ],
)
def test_bad_input_gets_a_clear_error(frame, kwargs, error, match):
    with pytest.raises(error, match=match):
        rfm_summary(frame, **kwargs)


def test_unknown_source_type_and_file_format():
    with pytest.raises(CxParameterError, match="DataFrame"):
        rfm_summary([1, 2, 3])
    with pytest.raises(CxParameterError, match="format"):
        rfm_summary("log.xlsx")


def test_calibration_holdout_matches_pandas():
    log = _random_log(seed=5)
    cal = calibration_holdout_summary(log, amount="amount", calibration_end="2024-04-30",
                                      observation_end="2024-07-18", time_unit="day")
    want_cal = _pandas_summary(log, "2024-04-30", 1.0)
    np.testing.assert_allclose(cal[["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal"]].to_numpy(),
                               want_cal.loc[cal.index.astype(object)].to_numpy())
    day = pd.to_datetime(log["timestamp"]).dt.normalize()
    hold = log[(day > "2024-04-30") & (day <= "2024-07-18")].assign(day=day)
    per_day = hold.groupby(["customer_id", "day"])["amount"].sum().groupby("customer_id")
    n = per_day.size().reindex(cal.index.astype(object), fill_value=0)
    np.testing.assert_array_equal(cal["frequency_holdout"].to_numpy(), n.to_numpy())
    mv = per_day.mean().reindex(cal.index.astype(object), fill_value=0.0)
    np.testing.assert_allclose(cal["monetary_value_holdout"].to_numpy(), mv.to_numpy())
    assert cal["duration_holdout"].eq(79.0).all()
    with pytest.raises(CxParameterError, match="before observation_end"):
        calibration_holdout_summary(log, calibration_end="2024-07-18", observation_end="2024-07-18")


def test_sample_data_refunds_flagged_and_summary_consistent():
    import cxtools.data.samples as samples
    data = samples.make_sample_data(300, seed=7)
    tx = data.transactions
    with pytest.raises(CxDataError, match="refund"):
        rfm_summary(tx, amount="amount")
    out = rfm_summary(tx, amount="amount", exclude="is_refund", observation_end="2026-06-30")
    assert (out["recency"] <= out["T"]).all()
    assert (out["monetary_value"] >= 0).all()
    assert out.index.is_unique


def test_a_holdout_after_the_last_purchase_is_refused():
    # issue: a holdout period that starts after the last transaction was accepted silently
    import pandas as pd
    import pytest

    from cxtools.core.errors import CxParameterError
    from cxtools.ltv.rfm import calibration_holdout_summary

    log = pd.DataFrame({"customer_id": ["a", "a", "b"],
                        "timestamp": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15"])})
    with pytest.raises(CxParameterError, match="last purchase day \\(2024-02-01\\)"):
        calibration_holdout_summary(log, calibration_end="2024-03-01", observation_end="2024-06-30")
    ok = calibration_holdout_summary(log, calibration_end="2024-01-20", observation_end="2024-06-30")
    assert ok["frequency_holdout"].sum() == 1
