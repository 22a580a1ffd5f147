"""Survey results whose test data separate the right answer from the likely slips.

- ``nps_pairwise`` calls a difference significant from the Holm-adjusted p-value (Holm 1979),
  never from the raw one: the data hold a pair with raw p < 0.05 <= adjusted p.
- Weighted CSAT and means use the weights: the data's weighted and unweighted answers differ.
- eNPS passes its interval level on: a non-default level gives the interval of that level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtools import survey


def _four_segments() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    parts = []
    for group, probs in zip("ABCD", [(0.2, 0.3, 0.5), (0.25, 0.3, 0.45), (0.3, 0.3, 0.4), (0.32, 0.3, 0.38)]):
        kind = rng.choice(3, size=300, p=probs)
        score = np.where(kind == 0, rng.integers(0, 7, 300), np.where(kind == 1, rng.integers(7, 9, 300),
                                                                       rng.integers(9, 11, 300)))
        parts.append(pd.DataFrame({"nps": score, "segment": group}))
    return pd.concat(parts, ignore_index=True)


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjustment, written out: sorted p times (m - rank), running maximum, capped at 1."""
    order = np.argsort(p)
    m = len(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (m - rank) * p[i])
        adjusted[i] = min(1.0, running)
    return adjusted


@pytest.mark.parametrize("confidence", [0.95, 0.9])
def test_nps_pairwise_flags_differences_by_the_holm_adjusted_p_value(confidence):
    out = survey.nps_pairwise(_four_segments(), by="segment", confidence=confidence)
    np.testing.assert_allclose(out["p_adjusted"], _holm(out["p_value"].to_numpy()), rtol=1e-12)
    alpha = 1 - confidence
    assert (out["significant"] == (out["p_adjusted"] < alpha)).all()
    between = out[(out["p_value"] < alpha) & (out["p_adjusted"] >= alpha)]
    assert len(between) >= 1, "the data must hold a pair that only the raw p-value calls significant"
    assert not between["significant"].any()
    assert out["significant"].any()


def test_weighted_csat_and_mean_use_the_weights():
    data = pd.DataFrame({"csat": [5, 5, 4, 2, 1, 1], "w": [3.0, 3.0, 1.0, 1.0, 1.0, 1.0]})
    weighted = survey.csat(data, score="csat", weight="w").iloc[0]
    plain = survey.csat(data, score="csat").iloc[0]
    w = data["w"].to_numpy()
    top = (data["csat"] >= 4).to_numpy()
    assert weighted["top_box_share"] == pytest.approx(np.sum(w * top) / np.sum(w))  # 7/10
    assert plain["top_box_share"] == pytest.approx(top.mean())  # 3/6
    assert weighted["mean"] == pytest.approx(np.average(data["csat"], weights=w))
    assert weighted["top_box_share"] != pytest.approx(plain["top_box_share"])


@pytest.mark.parametrize("confidence", [0.8, 0.99])
def test_enps_interval_has_the_level_asked_for(confidence):
    from cxtools import people as employees

    data = pd.DataFrame({"enps": [10, 9, 9, 8, 7, 6, 3, 10, 2, 9] * 8})
    at_level = employees.enps(data, confidence=confidence).iloc[0]
    default = employees.enps(data).iloc[0]
    direct = survey.nps(data, score="enps", confidence=confidence, method="adjusted_wald").iloc[0]
    low = [c for c in at_level.index if c.endswith("ci_low")][0]
    high = [c for c in at_level.index if c.endswith("ci_high")][0]
    assert at_level[low] == pytest.approx(direct[low])
    assert at_level[high] == pytest.approx(direct[high])
    wider = confidence > 0.95
    assert (at_level[high] - at_level[low] > default[high] - default[low]) == wider
