"""The summary written in passes over hash partitions of the customers equals the one-pass summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtools.ltv.rfm import rfm_summary, summary_query
from cxtools.ltv.scoring import write_summary


def _log(seed: int, n: int = 20_000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cust = rng.choice(n // 4, n, p=rng.dirichlet(np.full(n // 4, 0.3)))
    ts = np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 400 * 86400, n).astype("timedelta64[s]")
    return pd.DataFrame({"customer_id": [f"k{c:05d}" for c in cust], "timestamp": ts.astype("datetime64[us]"),
                         "amount": np.round(rng.gamma(2.0, 17.3, n), 2)})


@pytest.mark.parametrize("parts", [1, 3, 7])
def test_partitioned_summary_is_the_one_pass_summary(tmp_path, parts):
    log = _log(parts)
    path = tmp_path / "log.parquet"
    log.to_parquet(path, index=False)
    ref = rfm_summary(log, amount="amount")
    out = write_summary(summary_query(str(path), amount="amount"), tmp_path / "summary", partitions=parts)
    mine = pd.read_parquet(out).set_index("cust").sort_index()
    mine.index.name = "customer_id"
    assert mine.index.equals(ref.index)  # every customer once, none lost or doubled
    for c in ref.columns:
        np.testing.assert_array_equal(mine[c].to_numpy(), ref[c].to_numpy(), err_msg=c)


def test_passes_follow_the_memory_limit(tmp_path):
    log = _log(11, n=250_000)
    path = tmp_path / "log.parquet"
    log.to_parquet(path, index=False)
    q = summary_query(str(path), amount="amount", memory_limit="16MB")
    out = write_summary(q, tmp_path / "summary")
    # 250,000 rows x 140 bytes per group over a 16 MB limit: 3 passes
    assert sorted(p.name for p in (tmp_path / "summary").iterdir()) == [f"part-{i}.parquet" for i in range(3)]
    assert len(pd.read_parquet(out)) == log["customer_id"].nunique()
