"""Data for the tests of hygiene factors and motivators (analysis, figures and words).

Imported by ``tests/factors``, ``tests/plots`` and ``tests/narrative`` (each puts this folder on
``sys.path``): a simulated survey with planted hygiene factors and motivators, Kano answer pairs
with given category counts, and one result of every kind.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cxtools import factors

HYGIENE = ["price", "quality", "availability"]
PERFORMANCE = ["support"]
MOTIVATORS = ["good_deal", "brand", "comfort", "trust"]
ATTRIBUTES = HYGIENE + PERFORMANCE + MOTIVATORS


def simulate_survey(n: int, seed: int, *, asymmetric: bool = True) -> pd.DataFrame:
    """Our own simulation: ratings uniform on 1-5 (so the low and high boxes sit
    symmetrically around the middle), overall satisfaction continuous.

    asymmetric=True: hygiene attributes only cost when rated 1-2, motivators only add
    when rated 4-5, support is linear. asymmetric=False: every attribute is linear,
    so the true penalty equals the true reward for every attribute.
    """
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({f"rating_{a}": rng.integers(1, 6, n) for a in ATTRIBUTES})
    y = np.full(n, 6.0)
    for a in ATTRIBUTES:
        r = df[f"rating_{a}"].to_numpy()
        if asymmetric and a in HYGIENE:
            y -= 1.2 * (r <= 2)
        elif asymmetric and a in MOTIVATORS:
            y += 1.0 * (r >= 4)
        else:
            y += 0.4 * (r - 3)
    df["overall_satisfaction"] = y + rng.normal(0, 1.2, n)
    return df


def answers_for(counts: dict[str, int], attribute: str) -> list[tuple[str, str, str]]:
    """Answer pairs that produce the given category counts."""
    pair = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("expect", "dislike"),
            "I": ("neutral", "neutral"), "R": ("dislike", "like"), "Q": ("like", "like")}
    return [(attribute, *pair[k]) for k, c in counts.items() for _ in range(c)]


LANG_ATTRIBUTES = ["price", "quality", "support", "good_deal", "brand"]
CATEGORIES = ["waiting", "staff", "prices"]
#: Latin words a Russian text may contain besides the data's own names: symbols and abbreviations.
ALLOWED = {"p", "n", "kano"}


def latin_words(texts, names=()) -> list[str]:
    allowed = ALLOWED | {w.casefold() for name in names for w in re.split(r"[\s_]+", str(name))}
    words = {w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'-]*", str(t))}
    return sorted(w for w in words if w.casefold() not in allowed and len(w) > 1)


def language_results() -> dict:
    """One result of every kind, on a survey with planted factors (for the tests in two languages)."""
    rng = np.random.default_rng(7)
    n = 900
    survey = pd.DataFrame({f"rating_{a}": rng.integers(1, 6, n) for a in LANG_ATTRIBUTES})
    survey["overall_satisfaction"] = (6 - 1.5 * (survey.rating_price <= 2) - 1.2 * (survey.rating_quality <= 2)
                                      + 1.0 * (survey.rating_good_deal >= 4) + 0.9 * (survey.rating_brand >= 4)
                                      + 0.4 * (survey.rating_support - 3) + rng.normal(0, 1, n))
    for a in LANG_ATTRIBUTES:
        survey[f"importance_{a}"] = rng.integers(2, 6, n)
    kano_rows = ([("price", "expect", "dislike")] * 40 + [("price", "neutral", "dislike")] * 10
                 + [("brand", "like", "neutral")] * 40 + [("brand", "neutral", "neutral")] * 10
                 + [("support", "like", "dislike")] * 30 + [("support", "neutral", "neutral")] * 20)
    kano = factors.kano_categories(pd.DataFrame(kano_rows, columns=["attribute", "functional", "dysfunctional"]))
    incidents = factors.critical_incidents(pd.DataFrame({
        "valence": ["negative"] * 60 + ["positive"] * 60,
        "category": ["waiting"] * 35 + ["staff"] * 15 + ["prices"] * 10 + ["waiting"] * 5 + ["staff"] * 45
        + ["prices"] * 10,
    }))
    prca = factors.penalty_reward(survey)
    return {
        "prca": prca,
        "iai": factors.impact_asymmetry(survey, n_boot=100, seed=1),
        "kano": kano,
        "ipa": factors.importance_performance(survey, importance="stated"),
        "ipa_derived": factors.importance_performance(survey, overall="overall_satisfaction", n_boot=50, seed=1),
        "zone": factors.positive_zone(survey, classification=prca, threshold=3.5),
        "incidents": incidents,
        "fong": factors.fong_test(30, 12, 60, first="M", second="O"),
    }
