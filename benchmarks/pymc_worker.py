"""Run one benchmark case with pymc-marketing (in its own venv; see run.py).

Usage: python pymc_worker.py CASE INPUT.npz OUTPUT.json

Cases whose name starts with ``summary`` time ``pymc_marketing.clv.utils.rfm_summary``
(days, weeks by ``time_scaler=7``); ``bgnbd`` cases time ``BetaGeoModel.fit(method="map")``.
Reads numpy arrays only; as in lifetimes_worker.py a call under 30 s is repeated up to
3 times and the fastest run is reported.
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
    import pymc_marketing

    result["version"] = pymc_marketing.__version__
    if case.startswith("summary"):
        from pymc_marketing.clv.utils import rfm_summary

        tx = pd.DataFrame({"customer_id": data["customer_id"], "timestamp": data["timestamp"],
                           "amount": data["amount"]})
        end = pd.Timestamp(str(data["observation_end"]))
        s, result["seconds"], result["runs"] = best_of(lambda: rfm_summary(
            tx, "customer_id", "timestamp", monetary_value_col="amount", observation_period_end=end,
            time_unit="D", time_scaler=7))
        result["customers"] = int(len(s))
    else:
        from pymc_marketing.clv import BetaGeoModel

        df = pd.DataFrame({"customer_id": np.arange(data["frequency"].size), "frequency": data["frequency"],
                           "recency": data["recency"], "T": data["T"]})

        def fit():
            model = BetaGeoModel(data=df)
            model.fit(method="map")
            return model

        m, result["seconds"], result["runs"] = best_of(fit)
        post = getattr(m.fit_result, "posterior", m.fit_result)  # a Dataset in 0.x, InferenceData later
        result["params"] = [float(post[k].values.ravel()[0]) for k in ("r", "alpha", "a", "b")]
    with open(out, "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main(*sys.argv[1:4])
