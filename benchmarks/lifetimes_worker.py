"""Run one benchmark case with lifetimes 0.11.3 (in its own venv; see run.py).

Usage: python lifetimes_worker.py CASE INPUT.npz OUTPUT.json

Reads numpy arrays only (no pandas pickles cross the two pandas versions), times the
lifetimes call with time.perf_counter and writes timing, parameters and results. Like
the cxtools side, a call that takes under 30 s is repeated up to 3 times and the
fastest run is reported (the machine is shared; the minimum is the least disturbed).
"""

from __future__ import annotations

import json
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")


from _timing import best_of  # noqa: E402  (the same timing rule as run.py)


def main(case: str, path: str, out: str) -> None:
    data = np.load(path)
    result: dict = {"case": case}
    if case.startswith("summary"):
        from lifetimes.utils import summary_data_from_transaction_data

        tx = pd.DataFrame({"customer_id": data["customer_id"], "timestamp": data["timestamp"],
                           "amount": data["amount"]})
        end = pd.Timestamp(str(data["observation_end"]))
        s, result["seconds"], result["runs"] = best_of(lambda: summary_data_from_transaction_data(
            tx, "customer_id", "timestamp", monetary_value_col="amount",
            observation_period_end=end, freq="D", freq_multiplier=7))
        s = s.sort_index()
        np.savez(out + ".npz", customer_id=s.index.to_numpy(), frequency=s["frequency"].to_numpy(),
                 recency=s["recency"].to_numpy(), T=s["T"].to_numpy(),
                 monetary_value=s["monetary_value"].to_numpy())
    else:
        from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

        x, tx, T = data["frequency"], data["recency"], data["T"]
        if case.startswith("bgnbd"):
            fit = lambda: BetaGeoFitter().fit(x, tx, T)  # noqa: E731
            names = ["r", "alpha", "a", "b"]
        elif case.startswith("paretonbd"):
            fit = lambda: ParetoNBDFitter().fit(x, tx, T)  # noqa: E731
            names = ["r", "alpha", "s", "beta"]
        else:
            keep = x > 0
            fit = lambda: GammaGammaFitter().fit(x[keep], data["monetary_value"][keep])  # noqa: E731
            names = ["p", "q", "v"]
        m, result["seconds"], result["runs"] = best_of(fit)
        result["params"] = [float(m.params_[k]) for k in names]
    with open(out, "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main(*sys.argv[1:4])
