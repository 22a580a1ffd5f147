"""The penalty-reward classification rule, checked row by row and by its error rate.

Brandt (1987) and Matzler, Sauerwein & Heischmidt (2003): an attribute is *basic* (a hygiene
factor) when its penalty is larger than its reward and significant, and the asymmetry is
significant; *excitement* (a motivator) the other way round; *performance* when some effect is
significant but the asymmetry is not. This file writes the rule out independently and checks
every row of many simulated surveys against it -- surveys small enough that borderline rows
(an asymmetry p between alpha and 2 alpha, a significant asymmetry whose larger effect is not
significant on its own) occur -- and bounds the family-wise rate of false basic/excitement calls
on data without asymmetry by the binomial quantile of the test's level.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxtools import factors
from cxtools.core.errors import CxDataWarning

ALPHA = 0.05


def _survey(n: int, seed: int, effects: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Ratings uniform on 1-5; an attribute costs ``penalty`` when rated 1-2 and adds ``reward`` at 4-5."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({f"rating_{a}": rng.integers(1, 6, n) for a in effects})
    y = np.full(n, 6.0)
    for a, (penalty, reward) in effects.items():
        r = df[f"rating_{a}"].to_numpy()
        y += -penalty * (r <= 2) + reward * (r >= 4)
    df["overall_satisfaction"] = y + rng.normal(0, 1.2, n)
    return df


def _rule(row: pd.Series, alpha: float) -> str:
    if row["flag"]:
        return "contradicts the model"
    if row["asymmetry_p_adjusted"] < alpha:
        if row["penalty"] > row["reward"] and row["penalty_p"] < alpha:
            return "basic"
        if row["reward"] > row["penalty"] and row["reward_p"] < alpha:
            return "excitement"
    if row["penalty_p"] < alpha or row["reward_p"] < alpha:
        return "performance"
    return "no clear effect"


# weak and uneven effects: many rows sit near the thresholds
EFFECTS = {"price": (0.30, 0.05), "quality": (0.20, 0.20), "deal": (0.0, 0.25), "trust": (0.10, 0.0),
           "support": (0.0, 0.0), "speed": (0.15, -0.05)}


@pytest.fixture(scope="module")
def tables() -> list[pd.DataFrame]:
    with warnings.catch_warnings():  # a flagged attribute warns; here the flags are part of the test
        warnings.simplefilter("ignore", CxDataWarning)
        return [factors.penalty_reward(_survey(250, 100 + seed, EFFECTS)).table for seed in range(60)]


def test_every_category_follows_the_rule_from_its_own_numbers(tables):
    rows = pd.concat(tables, ignore_index=True)
    expected = rows.apply(_rule, axis=1, alpha=ALPHA)
    wrong = rows[rows["category"] != expected]
    assert wrong.empty, wrong[["attribute", "penalty", "reward", "penalty_p", "reward_p",
                               "asymmetry_p_adjusted", "category"]].head().to_string()


def _one_attribute(b_low: float, b_high: float, sigma: float) -> pd.DataFrame:
    """A survey built so that OLS returns exactly the chosen box effects (group means) and residual spread.

    100 respondents rate 1-2, 200 rate 3 and 100 rate 4-5; each group's satisfaction is its mean plus
    a fixed pattern of mean 0 and standard deviation 1 times ``sigma``.
    """
    ratings = np.repeat([1, 2, 3, 4, 5], [50, 50, 200, 50, 50])
    means = np.where(ratings <= 2, 6 + b_low, np.where(ratings >= 4, 6 + b_high, 6.0))
    noise = np.empty(len(ratings))
    for group in (ratings <= 2, ratings == 3, ratings >= 4):
        k = int(group.sum())
        pattern = np.linspace(-1, 1, k)
        noise[group] = (pattern - pattern.mean()) / pattern.std()
    return pd.DataFrame({"rating_price": ratings, "overall_satisfaction": means + sigma * noise})


@pytest.mark.parametrize("b_low,b_high", [(-0.3, -0.3), (0.3, 0.3)])
def test_a_significant_asymmetry_needs_the_larger_effect_to_be_significant_itself(b_low, b_high):
    """Penalty 0.3 and reward -0.3 (or the mirror): neither effect is significant, their difference is."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CxDataWarning)
        row = factors.penalty_reward(_one_attribute(b_low, b_high, sigma=1.36)).table.iloc[0]
    larger_p = row["penalty_p"] if row["penalty"] > row["reward"] else row["reward_p"]
    assert ALPHA < larger_p < 0.1 and row["asymmetry_p_adjusted"] < ALPHA and not row["flag"]
    assert row["category"] == "no clear effect"


def test_an_asymmetry_between_alpha_and_twice_alpha_is_not_called_basic():
    """Penalty 0.6 (significant), reward 0.15: the asymmetry's p sits between alpha and 2 alpha."""
    row = factors.penalty_reward(_one_attribute(-0.6, 0.15, sigma=1.25)).table.iloc[0]
    assert row["penalty_p"] < ALPHA and ALPHA < row["asymmetry_p_adjusted"] < 2 * ALPHA
    assert row["category"] == "performance"


def test_the_simulated_surveys_reach_the_borderline_cases(tables):
    """Without these rows the rule test above could not see a slip at the thresholds."""
    rows = pd.concat(tables, ignore_index=True)
    between = rows["asymmetry_p_adjusted"].between(ALPHA, 2 * ALPHA, inclusive="left")
    assert (between & ((rows["penalty_p"] < ALPHA) | (rows["reward_p"] < ALPHA))).sum() >= 3


@pytest.mark.slow
def test_false_basic_or_excitement_calls_stay_within_the_binomial_bound_of_alpha():
    """Linear attributes (penalty = reward): the Holm-adjusted rule calls any attribute basic or
    excitement in at most alpha of surveys. Over 400 surveys the count must stay below the
    99.9 % binomial quantile at rate alpha (a doubled level gives about twice the count)."""
    linear = {a: (0.4, 0.4) for a in ("price", "quality", "deal", "trust")}
    n_surveys = 400
    flagged = sum(
        bool(set(factors.penalty_reward(_survey(300, 5000 + seed, linear)).table["category"])
             & {"basic", "excitement"})
        for seed in range(n_surveys))
    bound = stats.binom.ppf(0.999, n_surveys, ALPHA)
    assert flagged <= bound, f"{flagged} of {n_surveys} surveys misclassified; bound {bound:.0f} at alpha {ALPHA}"
