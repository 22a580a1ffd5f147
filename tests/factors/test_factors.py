"""Tests for cxtools.factors: hygiene factors and motivators.

Every statistical routine is checked against an independent computation
(statsmodels formula API, scipy) or a published table / hand computation.
"""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402
from scipy import stats  # noqa: E402

from cxtools import factors  # noqa: E402
from cxtools.core.errors import CxDataError, CxDataWarning, CxParameterError, CxSchemaError  # noqa: E402
from cxtools.narrative import factors as narrative  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # factor_cases.py, the data these tests share
from factor_cases import ATTRIBUTES, HYGIENE, MOTIVATORS, PERFORMANCE, simulate_survey  # noqa: E402
from factor_cases import answers_for as _answers_for  # noqa: E402


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return simulate_survey(2000, seed=11)


# ------------------------------------------------------------------ penalty-reward


def test_penalty_reward_recovers_planted_hygiene_and_motivators(survey):
    res = factors.penalty_reward(survey)
    groups = res.by_category()
    assert sorted(groups["basic"]) == sorted(HYGIENE)
    assert sorted(groups["excitement"]) == sorted(MOTIVATORS)
    assert groups["performance"] == PERFORMANCE
    t = res.table.set_index("attribute")
    assert (t.loc[HYGIENE, "factor"] == "hygiene").all()
    assert (t.loc[MOTIVATORS, "factor"] == "motivator").all()
    # planted effects recovered within their intervals
    assert ((t.loc[HYGIENE, "penalty_ci_low"] < 1.2) & (t.loc[HYGIENE, "penalty_ci_high"] > 1.2)).all()
    assert ((t.loc[MOTIVATORS, "reward_ci_low"] < 1.0) & (t.loc[MOTIVATORS, "reward_ci_high"] > 1.0)).all()


def test_penalty_reward_equals_statsmodels_formula_api(survey):
    res = factors.penalty_reward(survey, alpha=0.1)
    # independent computation: dummies built here, model fitted through the formula API
    dummies = pd.DataFrame(index=survey.index)
    terms = []
    for a in ATTRIBUTES:
        dummies[f"{a}_lo"] = (survey[f"rating_{a}"] <= 2).astype(int)
        dummies[f"{a}_hi"] = (survey[f"rating_{a}"] >= 4).astype(int)
        terms += [f"{a}_lo", f"{a}_hi"]
    dummies["y"] = survey["overall_satisfaction"]
    fit = smf.ols("y ~ " + " + ".join(terms), data=dummies).fit()
    ci = fit.conf_int(alpha=0.1)
    t = res.table.set_index("attribute")
    for a in ATTRIBUTES:
        lo, hi = f"{a}_lo", f"{a}_hi"
        assert t.loc[a, "penalty"] == pytest.approx(-fit.params[lo], abs=1e-10)
        assert t.loc[a, "reward"] == pytest.approx(fit.params[hi], abs=1e-10)
        assert t.loc[a, "penalty_p"] == pytest.approx(fit.pvalues[lo], rel=1e-8, abs=1e-300)
        assert t.loc[a, "reward_p"] == pytest.approx(fit.pvalues[hi], rel=1e-8, abs=1e-300)
        assert t.loc[a, "penalty_ci_low"] == pytest.approx(-ci.loc[lo, 1], abs=1e-10)
        assert t.loc[a, "penalty_ci_high"] == pytest.approx(-ci.loc[lo, 0], abs=1e-10)
        assert t.loc[a, "reward_ci_low"] == pytest.approx(ci.loc[hi, 0], abs=1e-10)
        assert t.loc[a, "reward_ci_high"] == pytest.approx(ci.loc[hi, 1], abs=1e-10)
        asym = fit.t_test(f"{lo} + {hi} = 0")
        assert t.loc[a, "asymmetry_p"] == pytest.approx(float(asym.pvalue), rel=1e-8, abs=1e-300)
    assert res.r_squared == pytest.approx(fit.rsquared)
    assert res.n == 2000
    from statsmodels.stats.multitest import multipletests

    holm = multipletests(res.table["asymmetry_p"], method="holm")[1]
    assert np.allclose(res.table["asymmetry_p_adjusted"], holm, rtol=1e-10, atol=0)


def test_penalty_reward_vif_equals_auxiliary_regressions(survey):
    res = factors.penalty_reward(survey, attributes=["price", "brand"])
    d = pd.DataFrame(
        {
            "p_lo": (survey.rating_price <= 2).astype(int),
            "p_hi": (survey.rating_price >= 4).astype(int),
            "b_lo": (survey.rating_brand <= 2).astype(int),
            "b_hi": (survey.rating_brand >= 4).astype(int),
        }
    )
    r2 = smf.ols("p_lo ~ p_hi + b_lo + b_hi", data=d).fit().rsquared
    assert res.table.loc[0, "vif_low"] == pytest.approx(1 / (1 - r2))
    r2 = smf.ols("b_hi ~ p_lo + p_hi + b_lo", data=d).fit().rsquared
    assert res.table.loc[1, "vif_high"] == pytest.approx(1 / (1 - r2))


def test_penalty_reward_warns_on_collinear_ratings(survey):
    df = survey[["rating_price", "overall_satisfaction"]].copy()
    rng = np.random.default_rng(0)
    copy = df["rating_price"].to_numpy().copy()
    flip = rng.random(len(df)) < 0.02
    copy[flip] = rng.integers(1, 6, flip.sum())
    df["rating_price_again"] = copy
    with pytest.warns(CxDataWarning, match="variance inflation"):
        factors.penalty_reward(df)


@pytest.mark.slow
def test_penalty_reward_false_classification_rate_without_asymmetry():
    """On data with no asymmetry (every attribute linear), the Holm-adjusted rule calls
    *any* of the 8 attributes basic or excitement in at most alpha = 5 % of surveys
    (family-wise). Over 30 simulated surveys we expect 1.5 such surveys; 7 or more
    would happen with probability < 0.4 % if the rate were 5 %."""
    n_sims = 30
    flagged = 0
    for seed in range(n_sims):
        res = factors.penalty_reward(simulate_survey(600, seed=1000 + seed, asymmetric=False))
        cats = set(res.table["category"])
        flagged += bool(cats & {"basic", "excitement"})
    assert stats.binom.sf(6, n_sims, 0.05) < 0.004
    assert flagged <= 6


# ------------------------------------------------------- planted truth of the sample data


@pytest.fixture(scope="module")
def sample():
    from cxtools.data.samples import make_sample_data

    return make_sample_data(2000, seed=2026)


def test_sample_data_planted_factors_recovered_by_prca_iai_and_kano(sample):
    truth = sample.truth["survey"]
    assert truth["hygiene_attributes"] == HYGIENE and truth["motivator_attributes"] == MOTIVATORS
    prca = factors.penalty_reward(sample.survey).by_category()
    assert sorted(prca["basic"]) == sorted(HYGIENE)
    assert sorted(prca["excitement"]) == sorted(MOTIVATORS)
    ia = factors.impact_asymmetry(sample.survey, n_boot=300, seed=1).table.set_index("attribute")
    assert (ia.loc[HYGIENE, "category"] == "dissatisfier").all()
    assert (ia.loc[MOTIVATORS, "category"] == "satisfier").all()
    kano = factors.kano_categories(sample.kano).table.set_index("attribute")
    planted = sample.truth["kano"]["planted_dominant_category"]
    for a in ATTRIBUTES:
        assert kano.loc[a, "category"] == planted[a], a
    assert (kano.loc[HYGIENE, "factor"] == "hygiene").all()
    assert (kano.loc[MOTIVATORS, "factor"] == "motivator").all()


def test_sample_data_critical_incidents_sides():
    from cxtools.data.samples import make_sample_data

    inc = make_sample_data(4000, seed=2026).incidents
    t = factors.critical_incidents(inc).table.set_index("category")
    assert (t.loc[HYGIENE, "over_represented"] == "negative").all()
    assert (t.loc[MOTIVATORS, "over_represented"] == "positive").all()
    assert t.loc["support", "over_represented"] == "neither"


@pytest.mark.slow
def test_sample_data_without_asymmetry_false_classification_rate():
    """make_sample_data(asymmetric_factors=False) makes every attribute linear. With the
    Holm-adjusted rule at alpha = 5 %, the family-wise rate of calling any attribute
    basic or excitement is 5 % (we measured 5 of 100 surveys of 600 respondents). The
    boxes 1-2 and 4-5 are not symmetric around 3 when ratings are skewed, so the rate
    creeps up with sample size (6 of 60 at 1,200 respondents). Here: 30 surveys of 600
    respondents; 7 or more flagged would have probability < 0.4 % at a 5 % rate."""
    from cxtools.data.samples import make_sample_data

    flagged = 0
    for seed in range(30):
        survey = make_sample_data(2000, seed=700 + seed, asymmetric_factors=False).survey
        flagged += bool(set(factors.penalty_reward(survey).table["category"]) & {"basic", "excitement"})
    assert flagged <= 6


def test_penalty_reward_finds_no_asymmetry_when_none_planted():
    res = factors.penalty_reward(simulate_survey(3000, seed=5, asymmetric=False))
    assert set(res.table["category"]) == {"performance"}


def test_penalty_reward_attribute_names_and_defaults(survey):
    res = factors.penalty_reward(survey, attributes=["price", "rating_trust"])
    assert res.table["attribute"].tolist() == ["price", "trust"]
    default = factors.penalty_reward(survey)
    assert default.table["attribute"].tolist() == ATTRIBUTES
    assert "PenaltyRewardResult(n=2000" in repr(default)
    assert "basic=[price, quality, availability]" in repr(default)
    frame = default.to_frame()
    frame.loc[0, "penalty"] = 99
    assert default.table.loc[0, "penalty"] != 99


def test_penalty_reward_custom_boxes(survey):
    res = factors.penalty_reward(survey, low=[1], high=[5], attributes=["price"])
    fit = smf.ols(
        "y ~ lo + hi",
        data=pd.DataFrame(
            {"y": survey.overall_satisfaction, "lo": survey.rating_price == 1, "hi": survey.rating_price == 5}
        ).astype(float),
    ).fit()
    assert res.table.loc[0, "penalty"] == pytest.approx(-fit.params["lo"])
    assert res.low == (1.0,) and res.high == (5.0,)


def test_penalty_reward_input_errors(survey):
    with pytest.raises(CxSchemaError, match="rating_nothing"):
        factors.penalty_reward(survey, attributes=["nothing"])
    with pytest.raises(CxSchemaError, match="overall"):
        factors.penalty_reward(survey, overall="overall")
    bad = survey.copy()
    bad["rating_price"] = bad["rating_price"].astype(float)
    bad.loc[[3, 7], "rating_price"] = np.nan
    with pytest.raises(CxDataError, match=r"'rating_price' of data has 2 missing value\(s\) in rows 3, 7;"):
        factors.penalty_reward(bad)
    text = survey.copy()
    text["rating_brand"] = text["rating_brand"].astype(str)
    text.loc[4, "rating_brand"] = "good"
    with pytest.raises(CxDataError, match=r"'rating_brand' of data must hold numbers; rows 4 hold \['good'\]"):
        factors.penalty_reward(text)
    with pytest.raises(CxParameterError, match="overlap"):
        factors.penalty_reward(survey, low=(1, 2, 3), high=(3, 4, 5))
    with pytest.raises(CxDataError, match="low box"):
        factors.penalty_reward(survey.assign(rating_price=survey.rating_price.clip(lower=3)))
    with pytest.raises(CxDataError, match="no middle"):
        factors.penalty_reward(survey, low=(1, 2, 3), high=(4, 5))
    with pytest.raises(CxParameterError, match="alpha"):
        factors.penalty_reward(survey, alpha=5)
    with pytest.raises(CxParameterError, match="DataFrame"):
        factors.penalty_reward(survey.to_numpy())
    nullable = survey.astype({"rating_trust": "Int64"})
    nullable.loc[10, "rating_trust"] = pd.NA
    with pytest.raises(CxDataError, match=r"'rating_trust' of data has 1 missing value\(s\) in rows 10;"):
        factors.penalty_reward(nullable)
    assert factors.penalty_reward(nullable.drop(index=10)).n == len(survey) - 1


# ---------------------------------------------------------------- impact asymmetry


def test_impact_asymmetry_index_from_penalty_and_reward(survey):
    prca = factors.penalty_reward(survey).table.set_index("attribute")
    ia = factors.impact_asymmetry(survey, n_boot=200, seed=1).table.set_index("attribute")
    p, r = prca["penalty"].abs(), prca["reward"].abs()
    # Mikulić & Prebežac (2008): SGP = R / (P + R), DGP = P / (P + R), IA = SGP - DGP
    assert np.allclose(ia["impact_range"], p + r)
    assert np.allclose(ia["satisfaction_potential"], r / (p + r))
    assert np.allclose(ia["dissatisfaction_potential"], p / (p + r))
    assert np.allclose(ia["impact_asymmetry"], (r - p) / (p + r))
    assert (ia.loc[HYGIENE, "category"] == "dissatisfier").all()
    assert (ia.loc[MOTIVATORS, "category"] == "satisfier").all()
    assert ia.loc["support", "category"] == "hybrid"
    assert ((ia["ci_low"] <= ia["impact_asymmetry"]) & (ia["impact_asymmetry"] <= ia["ci_high"])).all()


def test_impact_asymmetry_bootstrap_matches_scipy_and_is_seeded(survey):
    small = survey.iloc[:500]
    res = factors.impact_asymmetry(small, attributes=["price", "support"], n_boot=2000, seed=7)
    again = factors.impact_asymmetry(small, attributes=["price", "support"], n_boot=2000, seed=7)
    pd.testing.assert_frame_equal(res.table, again.table)
    other = factors.impact_asymmetry(small, attributes=["price", "support"], n_boot=2000, seed=8)
    assert not np.allclose(res.table["ci_low"], other.table["ci_low"])

    # independent percentile bootstrap with scipy, for support's index
    def ia_support(p_lo, p_hi, s_lo, s_hi, y):
        x = np.column_stack([np.ones(len(y)), p_lo, p_hi, s_lo, s_hi])
        b = np.linalg.lstsq(x, y, rcond=None)[0]
        return (abs(b[4]) - abs(b[3])) / (abs(b[4]) + abs(b[3]))

    cols = [
        (small.rating_price <= 2).to_numpy(float), (small.rating_price >= 4).to_numpy(float),
        (small.rating_support <= 2).to_numpy(float), (small.rating_support >= 4).to_numpy(float),
        small.overall_satisfaction.to_numpy(),
    ]
    ref = stats.bootstrap(cols, ia_support, paired=True, vectorized=False, n_resamples=2000,
                          method="percentile", rng=np.random.default_rng(1))
    row = res.table.set_index("attribute").loc["support"]
    assert row["ci_low"] == pytest.approx(ref.confidence_interval.low, abs=0.06)
    assert row["ci_high"] == pytest.approx(ref.confidence_interval.high, abs=0.06)
    assert "ImpactAsymmetryResult(n=500" in repr(res)


def test_impact_asymmetry_parameter_errors(survey):
    with pytest.raises(CxParameterError, match=r"impact_asymmetry: n_boot must be a whole number >= 10, got 2$"):
        factors.impact_asymmetry(survey, n_boot=2)
    with pytest.raises(CxParameterError, match=r"confidence must be between 0 and 1 \(e\.g\. 0\.95\), got 95; did you mean 0\.95\?"):
        factors.impact_asymmetry(survey, confidence=95)


# ---------------------------------------------------------------------------- Kano

# Berger et al. (1993), Table 2 -- typed in here cell by cell, independently of the module.
# Rows: functional answer; columns: dysfunctional answer; order like, must-be, neutral,
# live with, dislike.
PUBLISHED_KANO_TABLE = {
    "like": ["Q", "A", "A", "A", "O"],
    "expect": ["R", "I", "I", "I", "M"],
    "neutral": ["R", "I", "I", "I", "M"],
    "tolerate": ["R", "I", "I", "I", "M"],
    "dislike": ["R", "R", "R", "R", "Q"],
}
ANSWERS = ["like", "expect", "neutral", "tolerate", "dislike"]
ENGLISH = {"like": "I like it", "expect": "I expect it", "neutral": "I am neutral",
           "tolerate": "I can tolerate it", "dislike": "I dislike it"}
RUSSIAN = {"like": "Мне нравится", "expect": "Так и должно быть", "neutral": "Мне всё равно",
           "tolerate": "Могу смириться", "dislike": "Мне не нравится"}
CODES = {"like": 1, "expect": 2, "neutral": 3, "tolerate": 4, "dislike": 5}


def test_kano_table_matches_published_table_cell_by_cell():
    for f, d in itertools.product(ANSWERS, ANSWERS):
        expected = PUBLISHED_KANO_TABLE[f][ANSWERS.index(d)]
        assert factors.kano_category(f, d) == expected, (f, d)
        assert factors.KANO_TABLE.loc[f, d] == expected
    # the same 25 cells through the evaluation of a questionnaire
    pairs = pd.DataFrame(
        [(f"{f}|{d}", ENGLISH[f], ENGLISH[d]) for f, d in itertools.product(ANSWERS, ANSWERS)],
        columns=["attribute", "functional", "dysfunctional"],
    )
    res = factors.kano_categories(pairs)
    got = dict(zip(res.answers["attribute"], res.answers["category"]))
    for f, d in itertools.product(ANSWERS, ANSWERS):
        assert got[f"{f}|{d}"] == PUBLISHED_KANO_TABLE[f][ANSWERS.index(d)]
    with pytest.raises(CxDataError, match="answers must be one of"):
        factors.kano_category("love", "dislike")


def test_kano_better_worse_and_fong_hand_computed():
    # hand-computed example: A=10, O=20, M=30, I=40, R=5, Q=5 (n=110)
    # Better = (A+O)/(A+O+M+I) = 30/100 = 0.30; Worse = -(O+M)/(A+O+M+I) = -50/100 = -0.50
    # Fong: top two I=40, M=30: Q = 1.645 * sqrt(70 * 150 / 220) = 11.36 > |40-30| = 10 -> not significant
    rows = _answers_for({"A": 10, "O": 20, "M": 30, "I": 40, "R": 5, "Q": 5}, "wifi")
    # second attribute: M=70, O=20, I=10: Q = 1.645 * sqrt(90 * 110 / 200) = 11.57 < 50 -> significant
    rows += _answers_for({"M": 70, "O": 20, "I": 10}, "price")
    df = pd.DataFrame(rows, columns=["attribute", "functional", "dysfunctional"])
    res = factors.kano_categories(df)
    t = res.table.set_index("attribute")
    assert t.loc["wifi", "n"] == 110
    assert [t.loc["wifi", k] for k in "AOMIRQ"] == [10, 20, 30, 40, 5, 5]
    assert t.loc["wifi", "share_M"] == pytest.approx(30 / 110)
    assert t.loc["wifi", "better"] == pytest.approx(0.30)
    assert t.loc["wifi", "worse"] == pytest.approx(-0.50)
    assert t.loc["wifi", "dominant"] == "I" and t.loc["wifi", "runner_up"] == "M"
    assert t.loc["wifi", "fong_q"] == pytest.approx(1.6449 * math.sqrt(70 * 150 / 220), abs=1e-3)
    assert not t.loc["wifi", "fong_significant"]
    assert t.loc["wifi", "category"] == "I/M" and t.loc["wifi", "factor"] == "unclear"
    assert t.loc["price", "fong_q"] == pytest.approx(1.6449 * math.sqrt(90 * 110 / 200), abs=1e-3)
    assert t.loc["price", "category"] == "M" and t.loc["price", "factor"] == "hygiene"
    assert t.loc["price", "better"] == pytest.approx(0.2)
    assert t.loc["price", "worse"] == pytest.approx(-0.9)
    # Fong's published constant 1.65 is the two-sided 10 % normal quantile (1.645)
    assert factors.fong_test(1, 1, 10).critical_difference / math.sqrt(2 * 18 / 20) == pytest.approx(1.65, abs=0.006)
    assert "KanoResult(n_answers=210" in repr(res)


def test_fong_test_hand_computed():
    t = factors.fong_test(52, 38, 100, first="M", second="O")
    q = 1.6448536 * math.sqrt((52 + 38) * (200 - 52 - 38) / 200)  # = 11.57
    assert t.critical_difference == pytest.approx(q, rel=1e-6)
    assert t.significant == (14 > q)
    assert factors.fong_test(52, 38, 100, alpha=0.5).significant  # z = 0.674: Q = 4.74 < 14
    with pytest.raises(CxParameterError):
        factors.fong_test(60, 50, 100)


def test_kano_answers_in_english_russian_and_codes_agree():
    rng = np.random.default_rng(3)
    f = rng.choice(ANSWERS, 300)
    d = rng.choice(ANSWERS, 300)
    att = rng.choice(["price", "trust"], 300)
    results = []
    for mapping in (ENGLISH, RUSSIAN, CODES, {a: a for a in ANSWERS}):
        df = pd.DataFrame({"attribute": att, "functional": [mapping[x] for x in f],
                           "dysfunctional": [mapping[x] for x in d]})
        results.append(factors.kano_categories(df).table)
    for other in results[1:]:
        pd.testing.assert_frame_equal(results[0], other)


def test_kano_bad_answers_named():
    df = pd.DataFrame({"attribute": ["price"] * 3, "functional": ["I like it", "I love it", "I like it"],
                       "dysfunctional": ["I dislike it"] * 3})
    with pytest.raises(CxDataError, match="I love it"):
        factors.kano_categories(df)
    df = pd.DataFrame({"attribute": ["price"] * 3, "functional": ["I like it", None, "I like it"],
                       "dysfunctional": ["I dislike it"] * 3})
    with pytest.raises(CxDataError, match=r"at rows 1: \[nan\]"):
        factors.kano_categories(df)
    with pytest.raises(CxSchemaError, match="functional"):
        factors.kano_categories(df.drop(columns="functional"))


# ------------------------------------------------------------- importance-performance


def test_ipa_stated_importance_means_intervals_and_gaps(survey):
    rng = np.random.default_rng(2)
    df = survey.copy()
    for a in ATTRIBUTES:
        df[f"importance_{a}"] = rng.integers(2, 6, len(df))
    res = factors.importance_performance(df, importance="stated", crosshairs="midpoint")
    t = res.table.set_index("attribute")
    for a in ["price", "trust"]:
        perf = df[f"rating_{a}"]
        lo, hi = stats.t.interval(0.95, len(perf) - 1, loc=perf.mean(), scale=stats.sem(perf))
        assert t.loc[a, "performance"] == pytest.approx(perf.mean())
        assert (t.loc[a, "performance_ci_low"], t.loc[a, "performance_ci_high"]) == pytest.approx((lo, hi))
        imp = df[f"importance_{a}"]
        assert t.loc[a, "importance"] == pytest.approx(imp.mean())
        paired = stats.ttest_rel(perf, imp).confidence_interval(0.95)
        assert t.loc[a, "gap"] == pytest.approx((perf - imp).mean())
        assert (t.loc[a, "gap_ci_low"], t.loc[a, "gap_ci_high"]) == pytest.approx((paired.low, paired.high))
    assert res.performance_crosshair == 3 and res.importance_crosshair == 3
    assert "stated" in res.gap_meaning


def test_ipa_derived_correlation_matches_scipy(survey):
    res = factors.importance_performance(survey)
    t = res.table.set_index("attribute")
    for a in ATTRIBUTES:
        ref = stats.pearsonr(survey[f"rating_{a}"], survey.overall_satisfaction)
        ci = ref.confidence_interval(0.95)
        assert t.loc[a, "importance"] == pytest.approx(ref.statistic)
        assert t.loc[a, "importance_ci_low"] == pytest.approx(ci.low)
        assert t.loc[a, "importance_ci_high"] == pytest.approx(ci.high)
    assert res.importance_crosshair == pytest.approx(t["importance"].mean())
    assert res.performance_crosshair == pytest.approx(t["performance"].mean())


def test_ipa_relative_weights_and_quadrants(survey):
    res = factors.importance_performance(survey, derived_method="relative_weights", n_boot=100, seed=1)
    t = res.table
    assert t["importance"].sum() == pytest.approx(
        smf.ols("overall_satisfaction ~ " + " + ".join(f"rating_{a}" for a in ATTRIBUTES), data=survey)
        .fit().rsquared
    )
    assert ((t["importance_ci_low"] <= t["importance"]) & (t["importance"] <= t["importance_ci_high"])).all()
    again = factors.importance_performance(survey, derived_method="relative_weights", n_boot=100, seed=1)
    pd.testing.assert_frame_equal(t, again.table)
    for r in t.itertuples():
        important = r.importance >= res.importance_crosshair
        good = r.performance >= res.performance_crosshair
        expected = {(True, False): "Concentrate here", (True, True): "Keep up the good work",
                    (False, False): "Low priority", (False, True): "Possible overkill"}[(important, good)]
        assert r.quadrant == expected
    assert "ImportancePerformanceResult(n=2000" in repr(res)


def test_ipa_input_errors(survey):
    with pytest.raises(CxDataError, match=r"'rating_price' of data has 1 value\(s\) that are not finite numbers from 1 to 5: values \[9\.0\] in rows 0$"):
        factors.importance_performance(survey.assign(rating_price=[9] + [3] * (len(survey) - 1)))
    with pytest.raises(CxSchemaError, match="importance_price"):
        factors.importance_performance(survey, importance="stated")
    with pytest.raises(CxParameterError, match=r"importance must be one of \['derived', 'stated'\], got 'guess'"):
        factors.importance_performance(survey, importance="guess")
    with pytest.raises(CxParameterError, match="overall"):
        factors.importance_performance(survey, overall=None)


# --------------------------------------------------------------------- positive zone


def test_positive_zone_orders_hygiene_first_then_motivators():
    df = pd.DataFrame(
        {
            "rating_price": [2, 3, 3, 3] * 10,  # hygiene, 2.75: below
            "rating_quality": [4, 4, 5, 4] * 10,  # hygiene, 4.25: in zone
            "rating_support": [3, 3, 2, 3] * 10,  # performance, 2.75: below
            "rating_brand": [3, 3, 3, 4] * 10,  # motivator, 3.25: below
            "rating_trust": [1, 2, 2, 3] * 10,  # motivator, 2.0: below
        }
    )
    types = {"price": "basic", "quality": "hygiene", "support": "performance", "brand": "excitement",
             "trust": "motivator"}
    res = factors.positive_zone(df, classification=types, threshold=3.5)
    t = res.table
    assert t["attribute"].tolist() == ["price", "trust", "brand", "support", "quality"]
    assert t["priority"].tolist()[:4] == [1, 2, 2, 3] and pd.isna(t["priority"].iloc[4])
    assert t.set_index("attribute").loc["trust", "share_low"] == pytest.approx(0.75)
    actions = narrative.zone_actions(res)
    assert len(actions) == 4
    assert actions[0].startswith("Fix first -- price (hygiene, average 2.75 of 5")
    assert actions[1].startswith("Build next -- trust")
    assert "PositiveZoneResult(threshold=3.5, below=[price, trust, brand, support], in zone=[quality])" == repr(res)
    # the threshold is a parameter
    assert narrative.zone_actions(factors.positive_zone(df, classification=types, threshold=2.0)) == []


def test_positive_zone_takes_classification_results(survey):
    prca = factors.penalty_reward(survey)
    res = factors.positive_zone(survey, classification=prca, threshold=3.5)
    t = res.table.set_index("attribute")
    assert (t.loc[HYGIENE, "factor"] == "hygiene").all()
    # simulated ratings are uniform on 1-5: every mean is near 3, below 3.5
    assert res.table["priority"].iloc[:3].tolist() == [1, 1, 1]
    assert sorted(res.table["attribute"].iloc[:3]) == sorted(HYGIENE)
    ia = factors.impact_asymmetry(survey, n_boot=50)
    assert (factors.positive_zone(survey, classification=ia).table.set_index("attribute")
            .loc[MOTIVATORS, "factor"] == "motivator").all()
    with pytest.raises(CxParameterError, match="no factor type"):
        factors.positive_zone(survey, classification={"price": "hygiene"})
    with pytest.raises(CxParameterError, match="not understood"):
        factors.positive_zone(survey, classification={a: "nice" for a in ATTRIBUTES})
    with pytest.raises(CxParameterError, match="outside"):
        factors.positive_zone(survey, classification=prca, threshold=7)


# ---------------------------------------------------------------- critical incidents


def test_critical_incidents_matches_chi_square_and_holm():
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportions_ztest

    rng = np.random.default_rng(4)
    neg = rng.choice(["price", "quality", "trust", "brand"], 300, p=[0.4, 0.3, 0.15, 0.15])
    pos = rng.choice(["price", "quality", "trust", "brand"], 250, p=[0.1, 0.25, 0.35, 0.3])
    df = pd.DataFrame({"valence": ["negative"] * 300 + ["Positive "] * 250, "category": np.r_[neg, pos]})
    res = factors.critical_incidents(df)
    t = res.table.set_index("category")
    for c in t.index:
        a, b = int((pos == c).sum()), int((neg == c).sum())
        chi2, p, _, _ = stats.chi2_contingency([[a, 250 - a], [b, 300 - b]], correction=False)
        z, p_sm = proportions_ztest([a, b], [250, 300])
        assert t.loc[c, "p_value"] == pytest.approx(p, rel=1e-8)
        assert t.loc[c, "z"] == pytest.approx(z)
        assert t.loc[c, "z"] ** 2 == pytest.approx(chi2)
    assert np.allclose(t["p_adjusted"], multipletests(t["p_value"], method="holm")[1])
    assert t.loc["price", "over_represented"] == "negative"
    assert t.loc["trust", "over_represented"] == "positive"
    assert res.n_positive == 250 and res.n_negative == 300
    assert "mostly negative=[price" in repr(res)


def test_critical_incidents_input_errors():
    df = pd.DataFrame({"valence": ["positive", "negative", "neutral"], "category": ["a", "b", "a"]})
    with pytest.raises(CxDataError, match=r"rows 2 hold \['neutral'\]"):
        factors.critical_incidents(df)
    df = pd.DataFrame({"valence": ["positive", "positive"], "category": ["a", "b"]})
    with pytest.raises(CxDataError, match="no 'negative'"):
        factors.critical_incidents(df)
    df = pd.DataFrame({"valence": ["positive", "negative"], "category": ["a", None]})
    with pytest.raises(CxDataError, match=r"empty at rows 1$"):
        factors.critical_incidents(df)


# ----------------------------------------------------------------------- notebook


# The notebook 02_herzberg is tested in tests/notebooks/test_02_herzberg.py (every data shape, through
# `cxtools run --data`, against the same analysis through the API).


def test_kano_answer_wording_lives_next_to_the_kano_table():
    from cxtools.data import io

    answers = pd.Series(["I like it", "Так и должно быть", "3", "i can live with it", 5.0, None], name="functional")
    here = factors.normalise_kano_answers(answers)
    assert here.tolist()[:5] == ["like", "expect", "neutral", "tolerate", "dislike"]
    assert pd.isna(here.iloc[5])
    pd.testing.assert_series_equal(io.normalise_kano_answers(answers), here)  # io keeps working
    with pytest.raises(CxDataError, match=r"column 'functional': 1 unrecognised Kano answer\(s\): 'I love it'"):
        factors.normalise_kano_answers(pd.Series(["I love it"], name="functional"))


def test_penalty_reward_flags_a_sign_that_contradicts_the_model():
    rng = np.random.default_rng(42)
    n = 800
    df = pd.DataFrame({"rating_price": rng.integers(1, 6, n), "rating_wait": rng.integers(1, 6, n)})
    # rating_wait is reversed in the export: a poor rating goes with *higher* satisfaction
    df["overall_satisfaction"] = (6 - 1.5 * (df.rating_price <= 2) + 1.2 * (df.rating_wait <= 2)
                                  + rng.normal(0, 1, n))
    with pytest.warns(CxDataWarning, match=r"not classified.*wait \(penalty -1\.\d\d: rated poorly, satisfaction rises\)"):
        res = factors.penalty_reward(df)
    t = res.table.set_index("attribute")
    assert t.loc["wait", "penalty"] < 0 and t.loc["wait", "penalty_p"] < 1e-6
    assert t.loc["wait", "category"] == "contradicts the model"  # flagged, not called a performance factor
    assert t.loc["wait", "factor"] == "unclear"
    assert t.loc["wait", "flag"].startswith("penalty -1.")
    assert t.loc["price", "category"] == "basic" and t.loc["price", "flag"] == ""
    assert res.by_category()["contradicts the model"] == ["wait"]
    assert "not classified" in narrative.report_table(res).set_index("Attribute").loc["wait", "Type"]
    assert "wrong sign: wait" in narrative.describe(res)
    # a significantly negative reward is flagged too
    df["overall_satisfaction"] = 6 - 1.0 * (df.rating_wait >= 4) + rng.normal(0, 1, n)
    with pytest.warns(CxDataWarning, match=r"wait \(reward -[01]\.\d\d: rated well, satisfaction falls\)"):
        res = factors.penalty_reward(df)
    assert res.table.set_index("attribute").loc["wait", "category"] == "contradicts the model"


def test_penalty_reward_sign_flags_are_rare_when_the_model_holds():
    # attributes with no effect on one side have a true penalty (or reward) of zero; the
    # Holm-adjusted one-sided tests keep the chance of any false flag per survey near alpha
    flagged = 0
    for seed in range(20):
        res = factors.penalty_reward(simulate_survey(600, seed=500 + seed))
        flagged += bool((res.table["flag"] != "").any())
    assert flagged <= 3


