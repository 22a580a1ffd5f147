"""Side-by-side benchmark of cxtools.ltv against lifetimes 0.11.3.

    make bench                          # or: .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --quick          # smaller sizes, a few minutes
    .venv/bin/python benchmarks/run.py --cases summary  # only cases whose name contains this

lifetimes is archived and does not run on pandas 3, so it gets its own virtual
environment, created on first use in ``benchmarks/.envs/lifetimes`` (git-ignored) with
pinned versions from PyPI, and each case runs there as a subprocess
(``lifetimes_worker.py``) on the same inputs, passed as numpy arrays. cxtools runs in
this process. Results go to ``benchmarks/results/`` (git-ignored) and a Markdown table is
printed; the figures in ``benchmarks/README.md`` come from one such run.

Cases: RFM summary of 1M and 5M synthetic transactions; BG/NBD, Pareto/NBD and
Gamma-Gamma fits on CDNOW (2,357 customers) and on a 1M-customer synthetic summary.
For fits, both parameter sets are scored with the same log-likelihood (cxtools') so
"at least as good" is judged on one yardstick.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bgbb_case import bgbb_cases  # noqa: E402
from synthetic import add_spend, simulate_bgnbd_summary, simulate_transactions  # noqa: E402

from cxtools.ltv.models import BetaGeoModel, GammaGammaModel, ParetoNBDModel  # noqa: E402
from cxtools.ltv.rfm import rfm_summary  # noqa: E402

ENV = HERE / ".envs" / "lifetimes"
RESULTS = HERE / "results"
LIFETIMES_PINS = ["lifetimes==0.11.3", "pandas==2.2.*", "numpy==1.26.*", "scipy==1.13.*", "autograd", "dill"]
# minimum speed-ups the issue asks for
TARGETS = {"summary_1M": 5, "summary_5M": 10, "bgnbd_1M": 20, "paretonbd_1M": 40}


def ensure_lifetimes_env() -> Path:
    py = ENV / "bin" / "python"
    if not py.exists():
        print(f"creating {ENV.relative_to(ROOT)} (lifetimes 0.11.3 with pandas 2.2) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(ENV)], check=False)
        if not (ENV / "bin" / "pip").exists():
            subprocess.run([sys.executable, "-m", "venv", str(ENV)], check=True)
        subprocess.run([str(ENV / "bin" / "pip"), "install", "--quiet", *LIFETIMES_PINS], check=True)
    return py


def run_lifetimes(case: str, arrays: dict) -> dict:
    RESULTS.mkdir(exist_ok=True)
    inp = RESULTS / f"{case}.input.npz"
    out = RESULTS / f"{case}.lifetimes.json"
    np.savez(inp, **arrays)
    py = ensure_lifetimes_env()
    subprocess.run([str(py), str(HERE / "lifetimes_worker.py"), case, str(inp), str(out)], check=True,
                   timeout=4 * 3600)
    res = json.loads(out.read_text())
    inp.unlink()
    return res


def timed(fn, max_repeats: int = 3, limit: float = 30.0):
    """Fastest of up to ``max_repeats`` runs (stop repeating once a run exceeds ``limit`` s).

    The build machine is shared, so single runs are noisy; the minimum is the least
    disturbed measurement (as ``timeit`` reports). lifetimes is timed the same way.
    """
    times, value = [], None
    for _ in range(max_repeats):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > limit:
            break
    return value, min(times)


def summary_case(name: str, n_tx: int) -> dict:
    tx = simulate_transactions(n_tx, seed=7)
    end = tx["timestamp"].max().normalize()
    ours, sec = timed(lambda: rfm_summary(tx, amount="amount", observation_end=end, time_unit="W"))
    lt = run_lifetimes(name, {"customer_id": tx["customer_id"].to_numpy(),
                              "timestamp": tx["timestamp"].to_numpy(), "amount": tx["amount"].to_numpy(),
                              "observation_end": np.array(str(end.date()))})
    ref = np.load(RESULTS / f"{name}.lifetimes.json.npz")
    same_customers = np.array_equal(ours.index.to_numpy(), ref["customer_id"])
    diff = max(float(np.max(np.abs(ours[c].to_numpy() - ref[c]))) for c in
               ("frequency", "recency", "T", "monetary_value")) if same_customers else float("nan")
    return {"case": name, "size": f"{n_tx:,} transactions", "cxtools_s": sec, "lifetimes_s": lt["seconds"],
            "check": f"same {len(ours):,} customers: {same_customers}; max abs difference {diff:.2g}"}


def fit_case(name: str, summary: pd.DataFrame, kind: str) -> dict:
    if kind == "bgnbd":
        model, lt_names = BetaGeoModel(time_unit="W"), ["r", "alpha", "a", "b"]
        ours, sec = timed(lambda: model.fit(summary))
    elif kind == "paretonbd":
        model = ParetoNBDModel(time_unit="W")
        ours, sec = timed(lambda: model.fit(summary))
    else:
        model = GammaGammaModel()
        rep = summary[summary["frequency"] > 0]
        ours, sec = timed(lambda: model.fit(rep))
    arrays = {c: summary[c].to_numpy() for c in ("frequency", "recency", "T")}
    if kind == "gammagamma":
        arrays["monetary_value"] = summary["monetary_value"].to_numpy()
    lt = run_lifetimes(name, arrays)
    theirs = np.array(lt["params"])
    mine = ours.params_.to_numpy()
    if kind == "gammagamma":
        rep = summary[summary["frequency"] > 0]
        fun, _ = ours._objective((rep["frequency"].to_numpy(), rep["monetary_value"].to_numpy(),
                                  np.ones(len(rep))))
        ll_theirs = -fun(np.log(theirs))
    else:
        x, tx, T = (summary[c].to_numpy() for c in ("frequency", "recency", "T"))
        ll_theirs = float(np.sum(ours._loglik(theirs, x, tx, T)))
    rel = float(np.max(np.abs(mine - theirs) / np.abs(theirs)))
    return {"case": name, "size": f"{ours.n_customers_:,} customers ({ours.n_distinct_:,} distinct)",
            "cxtools_s": sec, "lifetimes_s": lt["seconds"],
            "check": (f"LL cxtools {ours.log_likelihood_:.2f} vs lifetimes {ll_theirs:.2f} "
                      f"(diff {ours.log_likelihood_ - ll_theirs:+.3g}); max rel. param diff {rel:.1e}"),
            "params_cxtools": mine.tolist(), "params_lifetimes": theirs.tolist()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (200k/1M transactions, 100k customers)")
    ap.add_argument("--cases", default="", help="run only cases whose name contains this text")
    args = ap.parse_args(argv)
    n1, n5, nc = (200_000, 1_000_000, 100_000) if args.quick else (1_000_000, 5_000_000, 1_000_000)
    tag = lambda n: f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"  # noqa: E731

    # warm-up: imports and first-call costs out of the timings
    BetaGeoModel().fit(pd.read_csv(ROOT / "data/cdnow/cdnow_summary.csv", index_col="customer_id"))
    rfm_summary(simulate_transactions(1000))

    cdnow = pd.read_csv(ROOT / "data/cdnow/cdnow_summary.csv", index_col="customer_id")
    synth = None
    plan = [(f"summary_{tag(n1)}", lambda: summary_case(f"summary_{tag(n1)}", n1)),
            (f"summary_{tag(n5)}", lambda: summary_case(f"summary_{tag(n5)}", n5))]
    for kind in ("bgnbd", "paretonbd", "gammagamma"):
        plan.append((f"{kind}_cdnow", lambda kind=kind: fit_case(f"{kind}_cdnow", cdnow, kind)))

    def synth_case(kind):
        nonlocal synth
        if synth is None:
            synth = add_spend(simulate_bgnbd_summary(nc, seed=11), seed=12)
        return fit_case(f"{kind}_{tag(nc)}", synth, kind)

    for kind in ("bgnbd", "paretonbd", "gammagamma"):
        plan.append((f"{kind}_{tag(nc)}", lambda kind=kind: synth_case(kind)))

    plan += bgbb_cases(ensure_lifetimes_env, timed, quick=args.quick)
    rows = []
    for name, run in plan:
        if args.cases and args.cases not in name:
            continue
        print(f"running {name} ...", flush=True)
        row = run()
        row["speedup"] = row["lifetimes_s"] / row["cxtools_s"]
        row["target"] = TARGETS.get(name)
        rows.append(row)
        print(f"  cxtools {row['cxtools_s']:.3f} s, lifetimes {row['lifetimes_s']:.3f} s, "
              f"ratio {row['speedup']:.1f}x; {row['check']}", flush=True)

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("quick.json" if args.quick else "full.json")).write_text(json.dumps(rows, indent=2))
    print()
    print(f"Machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end.")
    print("| case | size | cxtools (s) | lifetimes (s) | speed-up | target | check |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        target = f">= {r['target']}x" if r["target"] else ""
        print(f"| {r['case']} | {r['size']} | {r['cxtools_s']:.3f} | {r['lifetimes_s']:.2f} | "
              f"{r['speedup']:.1f}x | {target} | {r['check']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
