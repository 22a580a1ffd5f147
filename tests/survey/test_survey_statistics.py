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
from cxtools.survey.nps import _nps_core
from cxtools.core.errors import CxConvergenceError, CxDataError, CxParameterError, CxSchemaError


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
    score, se, low, high = _nps_core(counts, 200, stats.norm.ppf(0.975), "wald")
    covered = np.mean((low <= 0.15) & (0.15 <= high))
    assert 0.93 <= covered <= 0.97
    # and the same for the adjusted-Wald interval
    *_, low, high = _nps_core(counts, 200, stats.norm.ppf(0.975), "adjusted_wald")
    assert 0.93 <= np.mean((low <= 0.15) & (0.15 <= high)) <= 0.97


def test_nps_difference_against_two_sample_formula():
    # group a: 50 P / 30 passive / 20 D (n 100); group b: 30 P / 40 / 30 (n 100)
    a = _scores(50, 30, 20).assign(g="a")
    b = _scores(30, 40, 30).assign(g="b")
    d = survey.nps_difference(pd.concat([a, b], ignore_index=True), by="g")
    var_a = 0.5 + 0.2 - 0.3**2
    var_b = 0.3 + 0.3 - 0.0**2
    se = math.sqrt(var_a / 100 + var_b / 100)
    assert d.difference == pytest.approx(-30.0)
    assert d.se == pytest.approx(100 * se)
    assert d.z == pytest.approx(-0.3 / se)
    assert d.p_value == pytest.approx(2 * stats.norm.sf(0.3 / se))
    assert d.ci_low == pytest.approx(100 * (-0.3 - 1.959964 * se), abs=1e-3)
    assert d.significant
    assert "b' - 'a'" in repr(d) and d.to_frame().shape[0] == 1


def test_nps_difference_needs_groups_when_more_than_two():
    df = pd.DataFrame({"nps": [1, 9, 10], "g": ["a", "b", "c"]})
    with pytest.raises(CxParameterError, match="groups"):
        survey.nps_difference(df, by="g")
    with pytest.raises(CxParameterError, match="'z'"):
        survey.nps_difference(df, by="g", groups=("a", "z"))


def test_nps_trend_changes_match_nps_difference():
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "nps": rng.integers(0, 11, size=600),
            "wave": np.repeat(["2025Q1", "2025Q2", "2025Q3"], 200),
            "segment": np.tile(["Consumer", "Small business"], 300),
        }
    )
    out = survey.nps_trend(df, by="segment")
    assert out.shape[0] == 6
    row = out[(out["segment"] == "Small business") & (out["wave"] == "2025Q3")].iloc[0]
    sub = df[df["segment"] == "Small business"]
    d = survey.nps_difference(sub, by="wave", groups=("2025Q2", "2025Q3"))
    assert row["change"] == pytest.approx(d.difference)
    assert row["change_p_value"] == pytest.approx(d.p_value)
    assert out.groupby("segment")["change"].apply(lambda s: s.isna().sum()).tolist() == [1, 1]


def test_effective_sample_size_is_kish():
    w = np.array([0.5, 1.0, 2.0, 4.0, 1.5])
    assert survey.effective_sample_size(w) == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert survey.effective_sample_size(pd.Series([2.0] * 7)) == pytest.approx(7)
    with pytest.raises(CxDataError):
        survey.effective_sample_size([1.0, -1.0])


def _raking_frame(n=1000, seed=7):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "segment": rng.choice(["Consumer", "Small business"], size=n, p=[0.5, 0.5]),
            "region": rng.choice(["Moscow", "Kazan", "Novosibirsk"], size=n, p=[0.6, 0.3, 0.1]),
            "design": rng.uniform(0.5, 2.0, size=n),
        },
        index=pd.RangeIndex(100, 100 + n),
    )


MARGINS = {
    "segment": {"Consumer": 0.85, "Small business": 0.15},
    "region": {"Moscow": 0.4, "Kazan": 0.35, "Novosibirsk": 0.25},
}


def test_rake_weights_converges_to_targets():
    df = _raking_frame()
    w = survey.rake_weights(df, margins=MARGINS, weight="design", tol=1e-8)
    assert w.index.equals(df.index) and w.name == "raked_weight"
    assert w.sum() == pytest.approx(df["design"].sum())
    for col, targets in MARGINS.items():
        shares = w.groupby(df[col]).sum() / w.sum()
        for cat, t in targets.items():
            assert shares[cat] == pytest.approx(t, abs=1e-8)


def test_rake_weights_single_margin_is_poststratification():
    # one raking variable: the exact answer is post-stratification, weight * target / share
    df = _raking_frame()
    w = survey.rake_weights(df, margins={"region": MARGINS["region"]}, weight="design")
    share = df.groupby("region")["design"].sum() / df["design"].sum()
    expected = df["design"] * df["region"].map(pd.Series(MARGINS["region"]) / share)
    np.testing.assert_allclose(w.to_numpy(), expected.to_numpy(), rtol=1e-9)


def test_rake_weights_trimming_and_errors():
    df = _raking_frame()
    w = survey.rake_weights(df, margins=MARGINS, trim=(0.2, 5.0), max_iter=500)
    assert w.max() <= 5.0 * w.mean() + 1e-9 and w.min() >= 0.2 * w.mean() - 1e-9
    with pytest.raises(CxConvergenceError, match="trim"):
        survey.rake_weights(df, margins=MARGINS, trim=(0.9, 1.1), max_iter=50)
    with pytest.raises(CxDataError, match="Novosibirsk"):
        survey.rake_weights(df, margins={"region": {"Moscow": 0.5, "Kazan": 0.5}})
    with pytest.raises(CxDataError, match="Omsk"):
        survey.rake_weights(df, margins={"region": {**MARGINS["region"], "Omsk": 0.1}})
    bad = df.copy()
    bad.loc[105, "region"] = None
    with pytest.raises(CxDataError, match="105"):
        survey.rake_weights(bad, margins=MARGINS)


def test_csat_wilson_matches_statsmodels_and_mean_matches_t_interval():
    from statsmodels.stats.proportion import proportion_confint

    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, size=137)
    out = survey.csat(pd.DataFrame({"csat": x}), confidence=0.9).iloc[0]
    k = int(np.isin(x, [4, 5]).sum())
    low, high = proportion_confint(k, len(x), alpha=0.1, method="wilson")
    assert out["top_box_share"] == pytest.approx(k / len(x))
    assert out["top_box_ci_low"] == pytest.approx(low, rel=1e-10)
    assert out["top_box_ci_high"] == pytest.approx(high, rel=1e-10)
    t_low, t_high = stats.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert out["mean_ci_low"] == pytest.approx(t_low) and out["mean_ci_high"] == pytest.approx(t_high)


def test_csat_weighted_uses_n_eff_in_wilson():
    from statsmodels.stats.proportion import proportion_confint

    df = pd.DataFrame({"csat": [5, 4, 1, 2, 3, 5], "w": [1, 2, 1, 3, 1, 2]})
    out = survey.csat(df, weight="w").iloc[0]
    w = df["w"].to_numpy(float)
    p = w[[0, 1, 5]].sum() / w.sum()
    n_eff = w.sum() ** 2 / (w**2).sum()
    low, high = proportion_confint(p * n_eff, n_eff, method="wilson")
    assert out["top_box_share"] == pytest.approx(p)
    assert (out["top_box_ci_low"], out["top_box_ci_high"]) == pytest.approx((low, high))


def test_ces_share_easy_and_scale_check():
    df = pd.DataFrame({"ces": [7, 6, 5, 4, 1, 2, np.nan], "segment": list("AAABBBB")})
    out = survey.ces(df, by="segment")
    assert out["easy_share"].tolist() == pytest.approx([1.0, 0.0])
    assert out["n_missing"].tolist() == [0, 1]
    with pytest.raises(CxDataError, match="8"):
        survey.ces(pd.DataFrame({"ces": [8, 1]}))


def test_likert_summary_and_distribution():
    df = pd.DataFrame({"q1": [1, 2, 3, 4, 5, 5, 4, 4], "q2": [3, 3, 3, 3, 2, 2, 1, 5]})
    out = survey.likert_summary(df, items=["q1", "q2"])
    assert out["item"].tolist() == ["q1", "q2"]
    assert out["top_box_share"].tolist() == pytest.approx([5 / 8, 1 / 8])
    assert out["bottom_box_share"].tolist() == pytest.approx([2 / 8, 3 / 8])
    dist = survey.likert_distribution(df, items=["q1", "q2"])
    assert dist.loc["q2", 3] == pytest.approx(0.5)
    np.testing.assert_allclose(dist[[1, 2, 3, 4, 5]].sum(axis=1), 1.0)


def _crosstab_frame():
    rng = np.random.default_rng(5)
    seg = rng.choice(["Consumer", "Small business", "Enterprise"], size=400)
    p_yes = np.select([seg == "Consumer", seg == "Small business"], [0.6, 0.4], 0.5)
    ans = np.where(rng.random(400) < p_yes, "satisfied", rng.choice(["neutral", "dissatisfied"], size=400))
    return pd.DataFrame({"answer": ans, "segment": seg, "w": rng.uniform(0.5, 2, size=400)})


def test_crosstab_chi2_matches_scipy_and_residuals_match_statsmodels():
    from statsmodels.stats.contingency_tables import Table

    df = _crosstab_frame()
    ct = survey.crosstab(df, item="answer", by="segment")
    table = pd.crosstab(df["answer"], df["segment"])
    chi2, p, dof, _ = stats.chi2_contingency(table.to_numpy(), correction=False)
    assert ct.chi2 == pytest.approx(chi2) and ct.p_value == pytest.approx(p) and ct.dof == dof
    np.testing.assert_allclose(
        ct.adjusted_residuals.to_numpy(), Table(table.to_numpy()).standardized_resids, rtol=1e-10
    )
    assert ct.n == 400 and "chi2" in repr(ct)
    long = ct.to_frame()
    assert long.shape[0] == 9 and set(long.columns) >= {"answer", "segment", "count", "adjusted_residual"}


def test_crosstab_column_tests_match_statsmodels_ztest_and_holm():
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportions_ztest

    df = _crosstab_frame()
    ct = survey.crosstab(df, item="answer", by="segment", correction="holm")
    table = pd.crosstab(df["answer"], df["segment"])
    rows = ct.column_tests[ct.column_tests["answer"] == "satisfied"]
    raw = []
    for _, r in rows.iterrows():
        count = table.loc["satisfied", [r["column_a"], r["column_b"]]].to_numpy()
        nobs = table[[r["column_a"], r["column_b"]]].sum().to_numpy()
        z, p = proportions_ztest(count, nobs)
        assert r["z"] == pytest.approx(z) and r["p_value"] == pytest.approx(p)
        raw.append(p)
    np.testing.assert_allclose(rows["p_adjusted"], multipletests(raw, method="holm")[1])


def test_crosstab_weighted_rescales_to_n_eff():
    df = _crosstab_frame()
    ct = survey.crosstab(df, item="answer", by="segment", weight="w")
    weighted = df.pivot_table(index="answer", columns="segment", values="w", aggfunc="sum")
    n_eff = survey.effective_sample_size(df["w"])
    chi2 = stats.chi2_contingency((weighted * n_eff / weighted.to_numpy().sum()).to_numpy(), correction=False)[0]
    assert ct.chi2 == pytest.approx(chi2)
    assert ct.n_eff == pytest.approx(n_eff)


def test_cronbach_alpha_hand_computed_and_covariance_form():
    df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5], "q3": [1, 3, 3, 4, 4]})
    a = survey.cronbach_alpha(df, items=["q1", "q2", "q3"])
    # item variances 2.5, 2.3, 1.5; total-score variance 17.3 (computed by hand)
    assert a.alpha == pytest.approx(1.5 * (1 - 6.3 / 17.3))
    # independent form: k * mean covariance / (mean variance + (k - 1) * mean covariance)
    cov = np.cov(df.to_numpy(), rowvar=False)
    k = 3
    c_bar = (cov.sum() - np.trace(cov)) / (k * (k - 1))
    v_bar = np.trace(cov) / k
    assert a.alpha == pytest.approx(k * c_bar / (v_bar + (k - 1) * c_bar))
    # Feldt interval: F(4, 8) quantiles
    assert a.ci_low == pytest.approx(1 - (1 - a.alpha) * stats.f.ppf(0.975, 4, 8))
    assert a.ci_high == pytest.approx(1 - (1 - a.alpha) * stats.f.ppf(0.025, 4, 8))


def test_cronbach_alpha_feldt_interval_coverage():
    # Parallel items with true alpha = k r / (1 + (k - 1) r); Feldt's interval should cover
    # it about 95% of the time. 2000 replications (Monte Carlo se about 0.5 points), computed
    # vectorised with the covariance form of alpha; the first 20 are checked against
    # cronbach_alpha itself so the vectorised copy cannot drift from the function.
    rng = np.random.default_rng(42)
    k, r, n, reps = 4, 0.4, 80, 2000
    true_alpha = k * r / (1 + (k - 1) * r)
    chol = np.linalg.cholesky(np.full((k, k), r) + np.eye(k) * (1 - r))
    x = rng.standard_normal((reps, n, k)) @ chol.T
    xc = x - x.mean(axis=1, keepdims=True)
    cov = np.einsum("rni,rnj->rij", xc, xc) / (n - 1)
    alpha = k / (k - 1) * (1 - np.trace(cov, axis1=1, axis2=2) / cov.sum(axis=(1, 2)))
    low = 1 - (1 - alpha) * stats.f.ppf(0.975, n - 1, (n - 1) * (k - 1))
    high = 1 - (1 - alpha) * stats.f.ppf(0.025, n - 1, (n - 1) * (k - 1))
    for i in range(20):
        a = survey.cronbach_alpha(pd.DataFrame(x[i], columns=list("abcd")), items=list("abcd"))
        assert (a.alpha, a.ci_low, a.ci_high) == pytest.approx((alpha[i], low[i], high[i]))
    coverage = np.mean((low <= true_alpha) & (true_alpha <= high))
    assert 0.93 <= coverage <= 0.97


def test_cronbach_alpha_reports_incomplete_rows():
    df = pd.DataFrame({"a": [1, 2, 3, 4, np.nan], "b": [1, 3, 3, 5, 2], "c": [2, 2, 4, 4, 1]})
    a = survey.cronbach_alpha(df, items=["a", "b", "c"])
    assert a.n == 4 and a.n_dropped == 1 and "1 incomplete" in repr(a)
    with pytest.raises(CxParameterError):
        survey.cronbach_alpha(df, items=["a"])


def _lmg(corr: np.ndarray) -> np.ndarray:
    """LMG / Shapley shares of R² by brute force over all subsets (independent check)."""
    p = corr.shape[0] - 1

    def r2(subset):
        if not subset:
            return 0.0
        s = list(subset)
        rxx = corr[np.ix_(s, s)]
        rxy = corr[s, p]
        return float(rxy @ np.linalg.solve(rxx, rxy))

    out = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for size in range(p):
            wgt = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for s in itertools.combinations(others, size):
                out[j] += wgt * (r2(s + (j,)) - r2(s))
    return out


def _driver_frame(n=800, seed=9):
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = np.column_stack([0.6 * common + rng.normal(size=n) for _ in range(5)])
    y = x @ np.array([0.5, 0.3, 0.2, 0.0, 0.1]) + rng.normal(size=n)
    cols = ["price", "quality", "support", "brand", "trust"]
    df = pd.DataFrame(x, columns=cols)
    df["overall"] = y
    return df, cols


def test_relative_weights_sum_to_r2_and_match_lmg():
    df, cols = _driver_frame()
    rw = survey.relative_weights(df, drivers=cols, outcome="overall", n_boot=200, seed=1)
    # R² of the OLS fit, computed independently with numpy least squares
    X = np.column_stack([np.ones(len(df)), df[cols].to_numpy()])
    resid = df["overall"] - X @ np.linalg.lstsq(X, df["overall"], rcond=None)[0]
    r2 = 1 - resid.var() / df["overall"].var()
    assert rw.r_squared == pytest.approx(r2, rel=1e-9)
    assert rw.table["raw_weight"].sum() == pytest.approx(r2, rel=1e-9)
    assert rw.table["share"].sum() == pytest.approx(100)
    lmg = pd.Series(_lmg(np.corrcoef(df[cols + ["overall"]].to_numpy(), rowvar=False)), index=cols)
    assert lmg.sum() == pytest.approx(r2)
    got = rw.table.set_index("driver")["raw_weight"].reindex(cols)
    # the default (five drivers) is the exact decomposition
    assert rw.method == "exact"
    np.testing.assert_allclose(got, lmg, rtol=0, atol=1e-10)
    # Johnson's weights only approximate it: close here, but not equal
    johnson = survey.relative_weights(df, drivers=cols, outcome="overall", method="johnson", n_boot=0)
    gap = (johnson.table.set_index("driver")["raw_weight"].reindex(cols) - lmg).abs()
    assert 1e-4 < gap.max() < 0.005
    assert johnson.table["raw_weight"].sum() == pytest.approx(r2, rel=1e-9)
    assert rw.table["driver"].iloc[0] == "price"
    assert (rw.table["ci_low"] <= rw.table["raw_weight"]).all()
    assert (rw.table["raw_weight"] <= rw.table["ci_high"]).all()


def _lmg_by_orders(x, y):
    """LMG by its definition: the R² gain of each driver, averaged over every order of entry.

    Independent of the package: regressions on the data (numpy least squares), not on a
    correlation matrix, and orders rather than subset weights.
    """
    n, p = x.shape

    def r2(cols):
        design = np.column_stack([np.ones(n), x[:, list(cols)]])
        resid = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
        return 1 - (resid @ resid) / ((y - y.mean()) @ (y - y.mean()))

    cache = {}
    out = np.zeros(p)
    orders = list(itertools.permutations(range(p)))
    for order in orders:
        for k, j in enumerate(order):
            before = frozenset(order[:k])
            for key in (before, before | {j}):
                if key not in cache:
                    cache[key] = r2(sorted(key))
            out[j] += cache[before | {j}] - cache[before]
    return out / len(orders)


def test_exact_relative_weights_equal_lmg_over_all_orders_of_entry():
    rng = np.random.default_rng(17)
    n = 60
    common = rng.normal(size=n)
    x = np.column_stack([0.8 * common + rng.normal(size=n) for _ in range(6)])
    y = x @ np.array([0.6, 0.1, 0.4, 0.0, 0.2, 0.3]) + 1.5 * rng.normal(size=n)
    cols = [f"d{i}" for i in range(6)]
    df = pd.DataFrame(x, columns=cols).assign(overall=y)
    expected = _lmg_by_orders(x, y)
    rw = survey.relative_weights(df, drivers=cols, outcome="overall", method="exact", n_boot=0)
    np.testing.assert_allclose(rw.table.set_index("driver")["raw_weight"].reindex(cols), expected,
                               rtol=0, atol=1e-12)
    # on a small sample with correlated drivers Johnson's approximation is visibly off
    johnson = survey.relative_weights(df, drivers=cols, outcome="overall", method="johnson", n_boot=0)
    assert np.abs(johnson.table.set_index("driver")["raw_weight"].reindex(cols) - expected).max() > 1e-3
    with pytest.raises(CxParameterError, match=r"method must be one of \['auto', 'exact', 'johnson'\], got 'lmg'"):
        survey.relative_weights(df, drivers=cols, outcome="overall", method="lmg", n_boot=0)
    many = pd.DataFrame(rng.normal(size=(200, 16)), columns=[f"x{i}" for i in range(16)]).assign(y=rng.normal(size=200))
    with pytest.raises(CxParameterError, match=r"at most 15 drivers or method='johnson'"):
        survey.relative_weights(many, drivers=[f"x{i}" for i in range(16)], outcome="y", method="exact", n_boot=0)
    auto = survey.relative_weights(many, drivers=[f"x{i}" for i in range(13)], outcome="y", n_boot=0)
    assert auto.method == "johnson"  # beyond 12 drivers the default falls back to the fast approximation


def test_relative_weights_bootstrap_matches_an_independent_bootstrap():
    rng = np.random.default_rng(5)
    n = 250
    common = rng.normal(size=n)
    x = np.column_stack([0.5 * common + rng.normal(size=n) for _ in range(3)])
    y = x @ np.array([0.6, 0.3, 0.1]) + rng.normal(size=n)
    cols = ["price", "quality", "support"]
    df = pd.DataFrame(x, columns=cols).assign(overall=y)
    n_boot = 1500
    rw = survey.relative_weights(df, drivers=cols, outcome="overall", n_boot=n_boot, confidence=0.9, seed=11)
    # an independent percentile bootstrap: own generator, LMG over orders of entry on each resample
    mine = np.empty((n_boot, 3))
    draw = np.random.default_rng(20261128)
    for b in range(n_boot):
        idx = draw.integers(0, n, n)
        mine[b] = _lmg_by_orders(x[idx], y[idx])
    share = 100 * mine / mine.sum(axis=1, keepdims=True)
    t = rw.table.set_index("driver").reindex(cols)
    for got_low, got_high, values in ((t["ci_low"], t["ci_high"], mine), (t["share_ci_low"], t["share_ci_high"], share)):
        low, high = np.quantile(values, [0.05, 0.95], axis=0)
        width = high - low
        # Monte Carlo error of a 1,500-resample percentile is a few per cent of the width
        np.testing.assert_allclose(got_low, low, atol=0.1 * width.max())
        np.testing.assert_allclose(got_high, high, atol=0.1 * width.max())
    r2_low, r2_high = np.quantile(mine.sum(axis=1), [0.05, 0.95])
    assert rw.r_squared_ci_low == pytest.approx(r2_low, abs=0.1 * (r2_high - r2_low))
    assert rw.r_squared_ci_high == pytest.approx(r2_high, abs=0.1 * (r2_high - r2_low))


def test_relative_weights_bootstrap_is_seeded_and_errors_are_clear():
    df, cols = _driver_frame(n=300)
    a = survey.relative_weights(df, drivers=cols, outcome="overall", n_boot=100, seed=3)
    b = survey.relative_weights(df, drivers=cols, outcome="overall", n_boot=100, seed=3)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    df["flat"] = 3.0
    with pytest.raises(CxDataError, match="flat"):
        survey.relative_weights(df, drivers=cols + ["flat"], outcome="overall", n_boot=0)
    df["price2"] = df["price"] * 2
    with pytest.raises(CxDataError, match="collinear"):
        survey.relative_weights(df, drivers=cols + ["price2"], outcome="overall", n_boot=0)


def test_nps_trend_slope_matches_statsmodels_wls_with_known_variances():
    import statsmodels.api as sm

    rng = np.random.default_rng(8)
    waves = [f"2025Q{q}" for q in range(1, 5)] + ["2026Q1", "2026Q2"]
    df = pd.DataFrame(
        {
            "wave": np.repeat(waves, 150),
            "nps": np.concatenate([rng.choice(11, size=150, p=np.r_[np.full(10, 0.09 - 0.004 * i), 0.1 + 0.04 * i]
                                              / (np.r_[np.full(10, 0.09 - 0.004 * i), 0.1 + 0.04 * i]).sum())
                                   for i in range(6)]),
        }
    )
    res = survey.nps_trend_slope(df)
    per = survey.nps(df, by="wave")
    fit = sm.WLS(per["nps"].to_numpy(), sm.add_constant(np.arange(6.0)), weights=1 / per["se"] ** 2).fit()
    assert res.slope == pytest.approx(fit.params[1])
    # with known variances the standard error is sqrt((X'WX)^-1), i.e. scale fixed at 1
    assert res.se == pytest.approx(math.sqrt(fit.normalized_cov_params[1, 1]))
    assert res.slope > 0 and res.significant and res.first_wave == "2025Q1"
    with pytest.raises(CxDataError, match="three waves"):
        survey.nps_trend_slope(df[df["wave"].isin(waves[:2])])


def test_weighted_alpha_and_relative_weights_equal_repeated_rows():
    # integer weights must give the same point estimates as repeating each row w times
    rng = np.random.default_rng(21)
    df, cols = _driver_frame(n=150, seed=4)
    df["w"] = rng.integers(1, 4, size=len(df))
    repeated = df.loc[df.index.repeat(df["w"])].reset_index(drop=True)
    a_w = survey.cronbach_alpha(df, items=cols, weight="w")
    a_r = survey.cronbach_alpha(repeated, items=cols)
    assert a_w.alpha == pytest.approx(a_r.alpha, rel=1e-10)
    # ... but the interval is honest about the real number of respondents (wider)
    assert a_w.ci_high - a_w.ci_low > a_r.ci_high - a_r.ci_low
    rw_w = survey.relative_weights(df, drivers=cols, outcome="overall", weight="w", n_boot=0)
    rw_r = survey.relative_weights(repeated, drivers=cols, outcome="overall", n_boot=0)
    pd.testing.assert_series_equal(rw_w.table["raw_weight"], rw_r.table["raw_weight"], rtol=1e-10)


def test_nps_trend_skips_missing_waves_and_keeps_them_visible():
    df = pd.DataFrame({"nps": [10, 0, 9, 9, 5, 10], "wave": ["W1", "W1", "W2", "W2", None, "W3"]})
    out = survey.nps_trend(df)
    assert out["wave"].tolist()[:3] == ["W1", "W2", "W3"] and out["wave"].isna().iloc[3]
    assert out["change"].tolist()[:3] == pytest.approx([np.nan, 100.0, 0.0], nan_ok=True)
    assert np.isnan(out["change"].iloc[3])


def test_nps_wald_se_equals_trinomial_mean_standard_error():
    # Independent route (Lewis & Sauro's "trinomial means"): score answers +1/0/-1 and take
    # the standard error of their mean with the population variance (ddof = 0).
    rng = np.random.default_rng(12)
    x = rng.integers(0, 11, size=321)
    out = survey.nps(pd.DataFrame({"nps": x})).iloc[0]
    t = np.where(x >= 9, 1.0, np.where(x <= 6, -1.0, 0.0))
    assert out["nps"] == pytest.approx(100 * t.mean())
    assert out["se"] == pytest.approx(100 * t.std(ddof=0) / math.sqrt(len(t)))


def test_nps_difference_weighted_uses_each_groups_n_eff():
    df = pd.DataFrame(
        {
            "nps": [10, 9, 0, 7, 10, 3, 3, 8, 9, 1],
            "g": ["a"] * 5 + ["b"] * 5,
            "w": [1.0, 2.0, 1.0, 0.5, 1.5, 1.0, 1.0, 3.0, 1.0, 2.0],
        }
    )
    d = survey.nps_difference(df, by="g", weight="w")
    parts = []
    for g in ("a", "b"):
        sub = df[df["g"] == g]
        w = sub["w"].to_numpy()
        p_p = w[sub["nps"] >= 9].sum() / w.sum()
        p_d = w[sub["nps"] <= 6].sum() / w.sum()
        n_eff = w.sum() ** 2 / (w**2).sum()
        parts.append((p_p - p_d, (p_p + p_d - (p_p - p_d) ** 2) / n_eff))
    assert d.difference == pytest.approx(100 * (parts[1][0] - parts[0][0]))
    assert d.se == pytest.approx(100 * math.sqrt(parts[0][1] + parts[1][1]))


def test_nps_by_two_columns_and_missing_group_label():
    df = pd.DataFrame(
        {
            "nps": [10, 0, 9, 9, 5, 10, 8],
            "segment": ["A", "A", "B", "B", "A", None, "B"],
            "wave": ["W1", "W2", "W1", "W2", "W1", "W1", "W1"],
        }
    )
    out = survey.nps(df, by=["segment", "wave"])
    assert out[["segment", "wave"]].iloc[:4].values.tolist() == [["A", "W1"], ["A", "W2"], ["B", "W1"], ["B", "W2"]]
    assert out["n"].sum() == len(df)  # the respondent without a segment is kept as its own group
    assert out["segment"].isna().sum() == 1


def test_empty_tables_raise_a_clear_error():
    from cxtools.core.errors import CxEmptyDataError

    empty = pd.DataFrame({"nps": pd.Series([], dtype=float), "csat": pd.Series([], dtype=float), "segment": []})
    with pytest.raises(CxEmptyDataError, match="no rows"):
        survey.nps(empty, by="segment")
    with pytest.raises(CxEmptyDataError, match="no rows"):
        survey.csat(empty)


def test_relative_weights_reduce_to_squared_correlations_when_orthogonal():
    # Exactly orthogonal drivers: each weight is the squared correlation with the
    # outcome (Johnson 2000, p. 5); perfectly collinear drivers are refused.
    x1 = np.tile([-1.0, 1.0, -1.0, 1.0], 50)
    x2 = np.tile([-1.0, -1.0, 1.0, 1.0], 50)
    y = 2 * x1 + x2 + np.random.default_rng(0).normal(0, 1, 200)
    df = pd.DataFrame({"x1": x1, "x2": x2, "y": y})
    w = survey.relative_weights(df, drivers=["x1", "x2"], outcome="y", n_boot=0).table.set_index("driver")["raw_weight"]
    assert w["x1"] == pytest.approx(np.corrcoef(x1, y)[0, 1] ** 2)
    assert w["x2"] == pytest.approx(np.corrcoef(x2, y)[0, 1] ** 2)
    with pytest.raises(CxDataError, match="collinear"):
        survey.relative_weights(df.assign(x3=df.x1 + df.x2), drivers=["x1", "x2", "x3"], outcome="y", n_boot=0)


def test_format_p_value_never_prints_zero():
    assert survey.format_p_value(0.0) == "< 0.001"
    assert survey.format_p_value(4.87e-4) == "< 0.001"
    assert survey.format_p_value(0.001) == "0.001"
    assert survey.format_p_value(0.0386) == "0.039"
    assert survey.format_p_value(0.01, digits=2) == "0.01"
    assert survey.format_p_value(0.009, digits=2) == "< 0.01"
    assert survey.format_p_value(np.nan) == "n/a"
    # reprs use it: no scientific notation, no "p = 0.000"
    d = survey.nps_difference(
        pd.DataFrame({"nps": [10] * 200 + [0] * 200, "g": ["a"] * 200 + ["b"] * 200}), by="g"
    )
    assert "p < 0.001" in repr(d) and "e-" not in repr(d)


def _holm_by_hand(p):
    # Holm (1979): sort ascending, multiply the i-th smallest by (m - i), running maximum, cap at 1
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, idx in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[idx]))
        adjusted[idx] = running
    return adjusted


def test_nps_pairwise_matches_nps_difference_and_holm_by_hand():
    rng = np.random.default_rng(21)
    probs = {"A": [0.2, 0.3, 0.5], "B": [0.3, 0.3, 0.4], "C": [0.45, 0.3, 0.25]}
    rows = []
    for g, pr in probs.items():
        cat = rng.choice(3, size=300, p=pr)
        rows.append(pd.DataFrame({"segment": g, "nps": np.choose(cat, [3, 7, 10]),
                                  "w": rng.uniform(0.5, 2.0, 300)}))
    df = pd.concat(rows, ignore_index=True)
    out = survey.nps_pairwise(df, by="segment", weight="w")
    assert out[["group_a", "group_b"]].values.tolist() == [["A", "B"], ["A", "C"], ["B", "C"]]
    for r in out.itertuples():
        d = survey.nps_difference(df, by="segment", groups=(r.group_a, r.group_b), weight="w")
        assert r.difference == pytest.approx(d.difference) and r.p_value == pytest.approx(d.p_value)
    np.testing.assert_allclose(out["p_adjusted"], _holm_by_hand(out["p_value"]))
    assert out["significant"].tolist() == (out["p_adjusted"] < 0.05).tolist()
    bonf = survey.nps_pairwise(df, by="segment", weight="w", correction="bonferroni")
    np.testing.assert_allclose(bonf["p_adjusted"], np.minimum(3 * out["p_value"], 1))
    with pytest.raises(CxParameterError, match=r"correction must be one of \['holm', 'bonferroni', 'none'\], got 'tukey'"):
        survey.nps_pairwise(df, by="segment", correction="tukey")
    with pytest.raises(CxParameterError, match="at least two"):
        survey.nps_pairwise(df[df["segment"] == "A"], by="segment")
    # a group nobody answered for has no NPS: it is left out, not an error
    silent = pd.concat([df, pd.DataFrame({"segment": ["D"] * 3, "nps": [np.nan] * 3, "w": [1.0] * 3})])
    assert "D" not in set(survey.nps_pairwise(silent, by="segment", weight="w")[["group_a", "group_b"]].stack())


def test_rake_weights_refuses_shares_that_do_not_add_up():
    df = pd.DataFrame({"segment": ["Consumer"] * 6 + ["Small business"] * 4})
    with pytest.raises(CxParameterError, match=r"add up to 0\.700"):
        survey.rake_weights(df, margins={"segment": {"Consumer": 0.5, "Small business": 0.2}})
    # counts (and shares that add up to 1 up to rounding) are fine
    by_count = survey.rake_weights(df, margins={"segment": {"Consumer": 800, "Small business": 200}})
    by_share = survey.rake_weights(df, margins={"segment": {"Consumer": 0.8, "Small business": 0.2}})
    np.testing.assert_allclose(by_count, by_share)
    assert by_share.groupby(df["segment"]).sum().div(by_share.sum()).round(6).tolist() == [0.8, 0.2]


def test_cronbach_alpha_takes_long_data_as_well_as_wide():
    rng = np.random.default_rng(8)
    true = rng.normal(size=120)
    wide = pd.DataFrame({f"q{i}": np.clip(np.round(3 + true + rng.normal(size=120)), 1, 5) for i in range(4)})
    wide["w"] = rng.uniform(0.5, 2.0, 120)
    wide.loc[[5, 17], "q2"] = np.nan  # two incomplete respondents
    expected = survey.cronbach_alpha(wide, items=["q0", "q1", "q2", "q3"], weight="w")
    long = (wide.reset_index(names="resp")
            .melt(id_vars=["resp", "w"], value_vars=["q0", "q1", "q2", "q3"], var_name="question", value_name="answer")
            .dropna(subset=["answer"])  # long exports usually have no row for a skipped item
            .sample(frac=1, random_state=3))
    got = survey.cronbach_alpha(long, respondent="resp", item="question", score="answer", weight="w")
    assert got.alpha == pytest.approx(expected.alpha, rel=1e-12)
    assert (got.ci_low, got.ci_high) == pytest.approx((expected.ci_low, expected.ci_high), rel=1e-12)
    assert (got.n, got.n_items, got.n_dropped) == (118, 4, 2)
    three = survey.cronbach_alpha(long, respondent="resp", item="question", score="answer", items=["q0", "q1", "q3"])
    assert three.alpha == pytest.approx(survey.cronbach_alpha(wide, items=["q0", "q1", "q3"]).alpha, rel=1e-12)
    twice = pd.concat([long, long.iloc[[0]]])
    with pytest.raises(CxDataError, match="give the same 'question' twice for one 'resp'"):
        survey.cronbach_alpha(twice, respondent="resp", item="question", score="answer")
    with pytest.raises(CxParameterError, match="needs all of respondent=, item= and score="):
        survey.cronbach_alpha(long, respondent="resp", item="question")
    with pytest.raises(CxSchemaError, match=r"items \['q9'\] do not occur"):
        survey.cronbach_alpha(long, respondent="resp", item="question", score="answer", items=["q0", "q9"])


@pytest.mark.parametrize("func, kwargs", [
    (survey.nps, {"score": "nps"}),
    (survey.nps_pairwise, {"score": "nps", "by": "segment"}),
    (survey.nps_difference, {"score": "nps", "by": "segment"}),
    (survey.nps_trend, {"score": "nps", "wave": "wave"}),
    (survey.csat, {"score": "csat"}),
    (survey.ces, {"score": "ces"}),
    (survey.likert_summary, {"items": ["csat"]}),
])
def test_old_name_ci_still_works_with_a_future_warning(func, kwargs):
    sv = pd.DataFrame({"nps": [10, 9, 1, 8, 7, 6] * 10, "csat": [1, 2, 3, 4, 5, 5] * 10,
                       "ces": [1, 3, 5, 7, 6, 2] * 10, "segment": ["A", "B"] * 30, "wave": ["W1", "W2", "W3"] * 20})
    with pytest.warns(FutureWarning, match=f"{func.__name__}: the argument 'ci' is now called 'confidence'"):
        old = func(sv, ci=0.8, **kwargs)
    new = func(sv, confidence=0.8, **kwargs)
    if isinstance(new, pd.DataFrame):
        pd.testing.assert_frame_equal(old, new)
        assert not new.equals(func(sv, **kwargs))  # the level really reached the interval
    else:
        assert old == new and new.confidence == 0.8
        with pytest.warns(FutureWarning, match="the attribute 'ci' is now called 'confidence'"):
            assert new.ci == 0.8
    with pytest.raises(CxParameterError, match="give either 'confidence' or its old name 'ci', not both"):
        func(sv, ci=0.8, confidence=0.9, **kwargs)


def test_old_name_ci_for_the_reliability_and_driver_results():
    df, cols = _driver_frame(n=150)
    with pytest.warns(FutureWarning, match="relative_weights: the argument 'ci'"):
        old = survey.relative_weights(df, drivers=cols, outcome="overall", n_boot=30, ci=0.8)
    assert old.confidence == 0.8
    with pytest.warns(FutureWarning, match="cronbach_alpha: the argument 'ci'"):
        a = survey.cronbach_alpha(df, items=cols, ci=0.8)
    b = survey.cronbach_alpha(df, items=cols, confidence=0.8)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)


def test_every_survey_result_describes_itself_in_one_plain_sentence():
    from cxtools.core.results import Result

    rng = np.random.default_rng(21)
    sv = pd.DataFrame({"nps": rng.integers(0, 11, 300), "segment": rng.choice(["A", "B"], 300),
                       "wave": rng.choice(["W1", "W2", "W3"], 300)})
    df, cols = _driver_frame(n=200)
    results = [
        survey.nps_difference(sv, by="segment"),
        survey.nps_trend_slope(sv),
        survey.crosstab(sv.assign(group=survey.nps_category(sv["nps"])), item="group", by="segment"),
        survey.cronbach_alpha(df, items=cols),
        survey.relative_weights(df, drivers=cols, outcome="overall", n_boot=30),
    ]
    for res in results:
        assert isinstance(res, Result)
        text = res.describe()
        assert text.endswith(".") and "nan" not in text and "\n" not in text, text
        table = res.report_table()
        assert isinstance(table.index, pd.RangeIndex)
        assert not [c for c in table.columns if "_" in str(c)], table.columns
        assert "<table" in res._repr_html_()
    d = results[0]
    assert f"{abs(d.difference):.1f} points" in d.describe()
    assert f"{d.group_b} vs {d.group_a}" == d.report_table().iloc[0]["Comparison"]
