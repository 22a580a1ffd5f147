"""BG/BB benchmark cases: cxtools' BetaGeoBetaBinomModel beside lifetimes' BetaGeoBetaBinomFitter.

Imported by ``run.py`` (``bgbb_cases``); run as a script inside the lifetimes
environment it is the lifetimes side of a case:

    python bgbb_case.py INPUT.npz OUTPUT.json

Cases:

- ``bgbb_donations``: the 1995 donor cohort of Fader, Hardie & Shang (2010), 22 rows
  with counts (11,104 donors), passed with weights to both libraries;
- ``bgbb_1M`` (``bgbb_100k`` with ``--quick``): simulated customers of the BG/BB
  model at the donation estimates, 1 to 10 opportunities each, one row per customer
  (no weights), as a user's data would come.

Both parameter sets are scored with cxtools' log-likelihood; lifetimes' P(alive) and
conditional expectation (5 periods ahead) are compared with cxtools' formulas at
lifetimes' parameters on the distinct rows, which checks the formulas independently
of the fits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
FHS_2010 = (1.204, 0.750, 0.657, 2.783)  # alpha, beta, gamma, delta
NAMES = ["alpha", "beta", "gamma", "delta"]


def simulate_bgbb(n_customers: int, *, seed: int = 13, params=FHS_2010, max_periods: int = 10):
    """frequency, recency, n_periods of BG/BB customers with 1..max_periods opportunities."""
    rng = np.random.default_rng(seed)
    al, be, ga, de = params
    n = rng.integers(1, max_periods + 1, n_customers)
    p = rng.beta(al, be, n_customers)
    theta = rng.beta(ga, de, n_customers)
    x = np.zeros(n_customers)
    tx = np.zeros(n_customers)
    alive = np.ones(n_customers, dtype=bool)
    for t in range(1, max_periods + 1):
        alive &= rng.random(n_customers) >= theta  # drop out at the start of the opportunity
        buy = alive & (t <= n) & (rng.random(n_customers) < p)
        x += buy
        tx[buy] = t
    return x, tx, n.astype(float)


def _case(name, x, tx, n, w, run_lifetimes, timed):
    from cxtools.ltv.bgbb import BetaGeoBetaBinomModel

    model = BetaGeoBetaBinomModel()
    ours, sec = timed(lambda: model.fit((x, tx, n), weights=w))
    arrays = {"frequency": x, "recency": tx, "n_periods": n}
    if w is not None:
        arrays["weights"] = w
    lt = run_lifetimes(name, arrays)
    theirs = np.array(lt["params"])
    mine = ours.params_.to_numpy()
    weights = np.ones_like(x) if w is None else w
    ll_theirs = float(np.dot(weights, ours._loglik(theirs, x, tx, n)))
    rel = float(np.max(np.abs(mine - theirs) / np.abs(theirs)))
    ux, utx, un = (np.array(lt["rows"][k]) for k in ("frequency", "recency", "n_periods"))
    alive = ours._p_alive(theirs, ux, utx, un)
    exp5 = ours._expected(theirs, 5.0, ux, utx, un)
    pred = max(float(np.max(np.abs(alive / np.array(lt["p_alive"]) - 1))),
               float(np.max(np.abs(exp5 / np.array(lt["expected_5"]) - 1))))
    n_cust = int(round(weights.sum()))
    return {"case": name, "size": f"{n_cust:,} customers ({ours.n_distinct_:,} distinct)",
            "cxtools_s": sec, "lifetimes_s": lt["seconds"],
            "check": (f"LL cxtools {ours.log_likelihood_:.2f} vs lifetimes {ll_theirs:.2f} "
                      f"(diff {ours.log_likelihood_ - ll_theirs:+.3g}); max rel. param diff {rel:.1e}; "
                      f"P(alive), E[X(5)] at lifetimes' params within {pred:.1e} rel."),
            "params_cxtools": mine.tolist(), "params_lifetimes": theirs.tolist()}


def _runner(ensure_env):
    """Run the lifetimes side of a case in the lifetimes environment (this file as the worker)."""
    import subprocess

    results = HERE / "results"

    def run_lifetimes(case: str, arrays: dict) -> dict:
        results.mkdir(exist_ok=True)
        inp, out = results / f"{case}.input.npz", results / f"{case}.lifetimes.json"
        np.savez(inp, **arrays)
        subprocess.run([str(ensure_env()), str(Path(__file__).resolve()), str(inp), str(out)], check=True,
                       timeout=4 * 3600)
        res = json.loads(out.read_text())
        inp.unlink()
        return res

    return run_lifetimes


def bgbb_cases(ensure_env, timed, *, quick: bool = False):
    """(name, callable) pairs for run.py's plan; each callable returns a result row.

    ``ensure_env`` returns the lifetimes environment's python (run.py's
    ``ensure_lifetimes_env``); ``timed`` is run.py's timer.
    """
    import pandas as pd

    run_lifetimes = _runner(ensure_env)

    donors = pd.read_csv(HERE.parent / "data" / "donations" / "donations_1995_cohort.csv")
    size = 100_000 if quick else 1_000_000
    tag = "100k" if quick else "1M"

    def donations():
        return _case("bgbb_donations", *(donors[c].to_numpy(float) for c in
                                         ("frequency", "recency", "n_periods", "customers")),
                     run_lifetimes, timed)

    def synthetic():
        x, tx, n = simulate_bgbb(size)
        return _case(f"bgbb_{tag}", x, tx, n, None, run_lifetimes, timed)

    return [("bgbb_donations", donations), (f"bgbb_{tag}", synthetic)]


def _lifetimes_side(path: str, out: str) -> None:
    import warnings

    warnings.filterwarnings("ignore")
    from lifetimes import BetaGeoBetaBinomFitter

    sys.path.insert(0, str(HERE))
    from _timing import best_of

    d = np.load(path)
    x, tx, n = d["frequency"], d["recency"], d["n_periods"]
    w = d["weights"] if "weights" in d.files else None
    m, seconds, runs = best_of(lambda: BetaGeoBetaBinomFitter().fit(x, tx, n, weights=w))
    rows = np.unique(np.column_stack([x, tx, n]), axis=0)
    ux, utx, un = rows.T
    result = {
        "seconds": seconds, "runs": runs, "params": [float(m.params_[k]) for k in NAMES],
        "rows": {"frequency": ux.tolist(), "recency": utx.tolist(), "n_periods": un.tolist()},
        # alive at opportunity n + 1 (lifetimes counts m periods beyond n)
        "p_alive": np.asarray(m.conditional_probability_alive(1, ux, utx, un), float).tolist(),
        "expected_5": np.asarray(m.conditional_expected_number_of_purchases_up_to_time(5, ux, utx, un),
                                 float).tolist(),
    }
    with open(out, "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    _lifetimes_side(*sys.argv[1:3])
