"""The streaming Parquet generator: reproducible, whole customers, planted BG/NBD truth, bounded memory."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from cxtools.ltv.models import BetaGeoModel
from cxtools.ltv.rfm import compressed_summary
from cxtools.data.samples import write_transactions_parquet


def test_same_seed_same_file_and_whole_customers(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    info = write_transactions_parquet(a, n_transactions=20_000, chunk_customers=3000, seed=5)
    write_transactions_parquet(b, n_transactions=20_000, chunk_customers=3000, seed=5)
    ta, tb = pd.read_parquet(a), pd.read_parquet(b)
    pd.testing.assert_frame_equal(ta, tb)
    assert len(ta) == info["transactions"] >= 20_000
    # every customer id of the chunks written is there (none cut in half at the end)
    assert ta["customer_id"].nunique() == info["customers"] == ta["customer_id"].max() + 1
    assert (ta["amount"] >= 1.0).all()
    assert ta["timestamp"].max() < pd.Timestamp(info["observation_end"]) + pd.Timedelta(days=1)
    other = tmp_path / "c.parquet"
    write_transactions_parquet(other, n_transactions=20_000, chunk_customers=3000, seed=6)
    assert not pd.read_parquet(other).equals(ta)


def test_log_recovers_the_planted_bgnbd_parameters(tmp_path):
    # Fader, Hardie & Lee (2005): a BG/NBD fit to the generated log finds the planted
    # parameters within a few standard errors
    path = tmp_path / "log.parquet"
    info = write_transactions_parquet(path, n_transactions=300_000, seed=11)
    comp = compressed_summary(str(path), observation_end=info["observation_end"])
    bg = BetaGeoModel(time_unit="week").fit(comp, weights=comp["customers"])
    truth = pd.Series(info["bgnbd"])[bg.params_.index]
    z = (bg.params_ - truth) / bg.standard_errors_
    assert (z.abs() < 4).all(), z


@pytest.mark.slow
def test_memory_does_not_grow_with_the_size_of_the_log(tmp_path):
    code = ("import resource, sys; from cxtools.data.samples import write_transactions_parquet; "
            "write_transactions_parquet(sys.argv[1], n_transactions=int(sys.argv[2]), chunk_customers=50_000); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    peaks = []
    for n in (500_000, 3_000_000):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / f"{n}.parquet"), str(n)],
                             capture_output=True, text=True, check=True)
        peaks.append(int(out.stdout.split()[-1]) / 1024)  # MiB
    # six times the rows, (nearly) the same peak: the chunks, not the log, set the memory
    assert peaks[1] < peaks[0] + 40, peaks

