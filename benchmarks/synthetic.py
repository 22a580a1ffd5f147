"""Seeded synthetic inputs for the benchmarks: transaction logs and RFM summaries.

Customers follow the BG/NBD process (Fader, Hardie & Lee 2005) with CDNOW-like
parameters in weeks; times are rounded to whole days, as a real daily log would be,
so summaries have the discreteness of real data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def simulate_bgnbd_summary(n_customers: int, *, weeks: float = 78.0, seed: int = 1,
                           params: dict | None = None) -> pd.DataFrame:
    """frequency, recency, T (weeks, whole days) of BG/NBD customers acquired over the first half."""
    p = dict(CDNOW_BGNBD if params is None else params)
    rng = np.random.default_rng(seed)
    T_days = rng.integers(int(weeks * 7 / 2), int(weeks * 7) + 1, n_customers)
    T = T_days / 7.0
    lam = rng.gamma(p["r"], 1.0 / p["alpha"], n_customers)
    drop = rng.beta(p["a"], p["b"], n_customers)
    x = np.zeros(n_customers)
    tx = np.zeros(n_customers)
    t = np.zeros(n_customers)
    active = np.arange(n_customers)
    while active.size:
        t[active] += rng.exponential(1.0, active.size) / np.maximum(lam[active], 1e-300)
        inside = t[active] <= T[active]
        active = active[inside]
        x[active] += 1
        tx[active] = np.floor(t[active] * 7.0) / 7.0
        alive = rng.random(active.size) >= drop[active]
        active = active[alive]
    return pd.DataFrame({"frequency": x, "recency": tx, "T": T},
                        index=pd.RangeIndex(n_customers, name="customer_id"))


def simulate_transactions(n_transactions: int, *, seed: int = 1) -> pd.DataFrame:
    """A transaction log of about ``n_transactions`` rows: integer customer ids,
    datetime64 timestamps over two years, positive amounts."""
    rng = np.random.default_rng(seed)
    n_customers = max(n_transactions // 10, 1)
    # heterogeneous activity: customer of each transaction drawn with gamma weights
    weight = rng.gamma(0.5, 1.0, n_customers)
    cust = rng.choice(n_customers, size=n_transactions, p=weight / weight.sum())
    start = np.datetime64("2024-01-01T00:00:00", "s")
    seconds = rng.integers(0, 730 * 86400, n_transactions)
    return pd.DataFrame({
        "customer_id": cust.astype(np.int64),
        "timestamp": (start + seconds.astype("timedelta64[s]")).astype("datetime64[ns]"),
        "amount": np.round(rng.gamma(2.0, 20.0, n_transactions), 2),
    })


CDNOW_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def add_spend(summary: pd.DataFrame, *, seed: int = 2, params: dict | None = None) -> pd.DataFrame:
    """Add ``monetary_value``: the mean of ``frequency`` Gamma-Gamma spends (0 without repeats)."""
    p = dict(CDNOW_GAMMA_GAMMA if params is None else params)
    rng = np.random.default_rng(seed)
    x = summary["frequency"].to_numpy()
    nu = rng.gamma(p["q"], 1.0 / p["gamma"], x.size)
    has = x > 0
    mean = np.zeros(x.size)
    # the mean of x Gamma(p, rate nu) spends is Gamma(p x, rate x nu)
    mean[has] = rng.gamma(p["p"] * x[has], 1.0 / (x[has] * nu[has]))
    return summary.assign(monetary_value=np.round(mean, 2))
