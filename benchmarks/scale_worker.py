"""One large-log case in a fresh process, so its peak memory is its own.

    python benchmarks/scale_worker.py CASE LOG.parquet OUT.json [SUMMARY.parquet]

CASE is ``summary`` (DuckDB RFM summary, streamed to Parquet under a 700 MB memory
limit, in passes over hash partitions of the customers so that none spills: see
``cxtools.ltv.scoring.write_summary``), ``score`` (compressed summary, BG/NBD fit, per-customer scores written to
Parquet under a 1 GB limit) or ``spark_summary`` / ``spark_score`` (the same on a
local Spark session). Writes seconds and peak resident memory (getrusage) as JSON.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(case: str, log: str, out: str, keep: str | None = None) -> None:
    from cxtools.ltv.models import BetaGeoModel
    from cxtools.ltv.rfm import compressed_summary, summary_query
    from cxtools.ltv.scoring import score_customers, write_summary

    engine = "spark" if case.startswith("spark") else "duckdb"
    spark = None
    if engine == "spark":
        from cxtools.data.engines import local_spark_session

        spark = local_spark_session()
        spark.sparkContext.setLogLevel("ERROR")
    tmp = tempfile.mkdtemp()
    t0 = time.perf_counter()
    info = {}
    if case.endswith("summary"):
        # 700 MB for DuckDB itself keeps the whole process (Python, Arrow, writer) under 1 GiB
        q = summary_query(log, amount="amount", engine=engine, spark=spark, memory_limit="700MB")
        parts = os.environ.get("CX_SUMMARY_PARTITIONS")  # default: as many as the memory limit needs
        write_summary(q, keep or f"{tmp}/summary.parquet", partitions=int(parts) if parts else None)
    else:
        comp = compressed_summary(log, engine=engine, spark=spark, memory_limit="1GB")
        bg = BetaGeoModel(time_unit="week").fit(comp, weights=comp["customers"])
        run = score_customers(log, bg, horizon=52, out=f"{tmp}/scores.parquet", engine=engine, spark=spark,
                              memory_limit="1GB")
        info = {"customers": run.n_customers, "distinct": run.n_distinct}
    seconds = time.perf_counter() - t0
    if spark is not None:
        spark.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB -> GiB
    Path(out).write_text(json.dumps({"seconds": seconds, "peak_gib": peak, **info}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
