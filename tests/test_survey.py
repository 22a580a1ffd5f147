"""Tests for cxtools.survey: each statistic against a published formula or an independent
implementation (scipy, statsmodels, brute force), plus input checks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxtools import survey
from cxtools.errors import CxConvergenceError, CxDataError, CxParameterError, CxSchemaError


# ----------------------------------------------------------------------------------------
# nps_category
# ----------------------------------------------------------------------------------------
def test_nps_category_boundaries_and_missing():
    s = pd.Series([0, 6, 7, 8, 9, 10, np.nan], index=list("abcdefg"), name="nps")
    out = survey.nps_category(s)
    assert out.tolist()[:6] == ["detractor", "detractor", "passive", "passive", "promoter", "promoter"]
    assert pd.isna(out.iloc[6])
    assert out.cat.ordered and list(out.cat.categories) == ["detractor", "passive", "promoter"]
    assert list(out.index) == list("abcdefg") and out.name == "nps"


def test_nps_category_nullable_int():
    out = survey.nps_category(pd.Series([3, None, 9], dtype="Int64"))
    assert out.iloc[0] == "detractor" and pd.isna(out.iloc[1]) and out.iloc[2] == "promoter"


@pytest.mark.parametrize("bad", [[11, 5], [-1, 5], [5.5, 5]])
def test_nps_category_out_of_range_names_values(bad):
    with pytest.raises(CxDataError, match=str(bad[0])):
        survey.nps_category(pd.Series(bad, name="nps"))


def test_nps_category_text_is_an_error():
    with pytest.raises(CxDataError, match="must hold numbers"):
        survey.nps_category(pd.Series(["9", "10"]))


# ----------------------------------------------------------------------------------------
# nps
# ----------------------------------------------------------------------------------------
def _scores(promoters, passives, detractors):
    return pd.DataFrame({"nps": [10] * promoters + [7] * passives + [3] * detractors})


def test_nps_worked_example_wald():
    # 50 promoters, 30 passives, 20 detractors (n = 100). Rocks (2016): NPS = .5 - .2 = .3;
    # var = (1-.3)^2*.5 + (0-.3)^2*.3 + (-1-.3)^2*.2 = .245 + .027 + .338 = .61;
    # se = sqrt(.61/100) = .078102; 95% CI = .3 +/- 1.959964*.078102 = [.146921, .453079]
    out = survey.nps(_scores(50, 30, 20)).iloc[0]
    assert out["nps"] == pytest.approx(30.0)
    assert out["se"] == pytest.approx(7.8102, abs=1e-4)
    assert out["ci_low"] == pytest.approx(14.6921, abs=1e-3)
    assert out["ci_high"] == pytest.approx(45.3079, abs=1e-3)
    assert (out["promoters"], out["passives"], out["detractors"], out["n"]) == (50, 30, 20, 100)
    assert out["promoter_share"] == pytest.approx(0.5)
    assert out["n_eff"] == pytest.approx(100)


def test_nps_worked_example_adjusted_wald():
    # Rocks (2016) adjusted Wald: add (.75, 1.5, .75) to (D, passives, P); n = 103.
    # pP = 50.75/103 = .492718, pD = 20.75/103 = .201456, NPS* = .291262,
    # var = .492718 + .201456 - .291262^2 = .609340; se = sqrt(var/103) = .076915
    # CI = .291262 +/- 1.959964*.076915 = [.140511, .442013]
    out = survey.nps(_scores(50, 30, 20), method="adjusted_wald").iloc[0]
    assert out["nps"] == pytest.approx(30.0)  # the point estimate itself is not shifted
    assert out["se"] == pytest.approx(7.6915, abs=1e-3)
    assert out["ci_low"] == pytest.approx(14.0511, abs=1e-3)
    assert out["ci_high"] == pytest.approx(44.2013, abs=1e-3)


def test_nps_by_group_keeps_labels_and_counts_missing():
    df = pd.DataFrame(
        {
            "nps": [10, 9, 2, np.nan, 8, 8, 0, 10],
            "segment": ["Consumer"] * 4 + ["Small business"] * 4,
        },
        index=[5, 5, 7, 7, 9, 9, 11, 11],  # non-unique index on purpose
    )
    out = survey.nps(df, by="segment")
    assert out["segment"].tolist() == ["Consumer", "Small business"]
    assert out["n"].tolist() == [3, 4] and out["n_missing"].tolist() == [1, 0]
    assert out["nps"].tolist() == pytest.approx([100 * (2 - 1) / 3, 0.0])


def test_nps_weighted_uses_kish_n_eff():
    df = pd.DataFrame({"nps": [10, 10, 0, 7], "w": [1.0, 3.0, 2.0, 2.0]})
    out = survey.nps(df, weight="w").iloc[0]
    p_p, p_d = 4 / 8, 2 / 8
    n_eff = 8**2 / (1 + 9 + 4 + 4)
    assert out["n_eff"] == pytest.approx(n_eff)
    assert out["nps"] == pytest.approx(100 * (p_p - p_d))
    se = math.sqrt((p_p + p_d - (p_p - p_d) ** 2) / n_eff)
    assert out["se"] == pytest.approx(100 * se)


def test_nps_errors_are_clear():
    with pytest.raises(CxSchemaError, match="'ltr'"):
        survey.nps(pd.DataFrame({"nps": [1]}), score="ltr")
    with pytest.raises(CxDataError, match=r"rows 1"):
        survey.nps(pd.DataFrame({"nps": [1, 12]}))
    with pytest.raises(CxDataError, match="weight"):
        survey.nps(pd.DataFrame({"nps": [1, 9], "w": [1, np.nan]}), weight="w")
    with pytest.raises(CxParameterError):
        survey.nps(pd.DataFrame({"nps": [1, 9]}), method="exact")


def test_nps_interval_coverage_by_simulation():
    # 95% Wald interval should cover the true NPS in 93-97% of samples at n = 200.
    # 4000 replications: Monte Carlo se of the coverage is about 0.35 points.
    rng = np.random.default_rng(20260101)
    probs = np.array([0.25, 0.35, 0.40])  # detractors, passives, promoters -> true NPS 15
    counts = rng.multinomial(200, probs, size=4000)
    score, se, low, high = survey._nps_core(counts, 200, stats.norm.ppf(0.975), "wald")
    covered = np.mean((low <= 0.15) & (0.15 <= high))
    assert 0.93 <= covered <= 0.97
    # and the same for the adjusted-Wald interval
    *_, low, high = survey._nps_core(counts, 200, stats.norm.ppf(0.975), "adjusted_wald")
    assert 0.93 <= np.mean((low <= 0.15) & (0.15 <= high)) <= 0.97
