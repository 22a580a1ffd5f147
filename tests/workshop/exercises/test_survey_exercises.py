"""The self-checks of notebook 03: expected answers against independent computations, and hints."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxtools.workshop.exercises  # noqa: F401  registers every notebook's exercises
from cxtools import workshop
from cxtools.workshop.exercises import survey as ex

IDS = ["03-nps-interval-width", "03-segment-gap", "03-csat-top-box", "03-top-driver", "03-cronbach-alpha"]


@pytest.fixture
def answers():
    rng = np.random.default_rng(3)
    n = 400
    df = pd.DataFrame({"seg": rng.choice(["A", "B", "C"], n), "w": rng.uniform(0.5, 2.0, n)})
    df["rec"] = np.where(df["seg"] == "A", rng.choice([9, 10, 8, 6], n), rng.choice([0, 5, 9, 7], n))
    df["sat"] = rng.integers(1, 11, n)
    base = rng.normal(size=n)
    for k in range(1, 4):
        df[f"q{k}"] = np.clip(np.rint(4 + base + rng.normal(0, 0.8, n)), 1, 7).astype(int)
    df["x1"], df["x2"] = rng.normal(size=n), rng.normal(size=n)
    df["y"] = 0.4 * df["x1"] + 1.0 * df["x2"] + rng.normal(size=n)
    return df


def test_every_exercise_is_registered_with_two_hints():
    for key in IDS:
        assert key in workshop.EXERCISES
        assert len(workshop.EXERCISES[key].hints) == 2


def test_nps_interval_width_is_the_wald_width(answers):
    x = answers["rec"].iloc[:50]
    p, d = (x >= 9).mean(), (x <= 6).mean()
    width = 2 * 1.959964 * 100 * np.sqrt((p + d - (p - d) ** 2) / len(x))  # Rocks (2016), eq. for Var(NPS)
    assert ex.nps_interval_width(answers.iloc[:50], score="rec") == pytest.approx(width, rel=1e-5)


def test_segment_gap_follows_the_holm_adjusted_test(answers):
    assert ex.segment_gap_significant(answers, score="rec", by="seg") is True
    same = answers.assign(seg=np.resize(["A", "B"], len(answers)))  # segments by alternation: no real gap
    assert ex.segment_gap_significant(same, score="rec", by="seg") is False
    one = answers.assign(seg="A")
    result = workshop.check("03-segment-gap", True, responses=one, score="rec", by="seg", display=False)
    assert not result.passed and "cannot check" in result.message


def test_csat_top_box_share_counts_the_box(answers):
    expected = answers["sat"].isin([8, 9, 10]).mean()
    assert ex.csat_top_box_share(answers, score="sat", scale=(1, 10), top_box=(8, 9, 10)) == pytest.approx(expected)
    w = answers["w"]
    weighted = (w * answers["sat"].isin([9, 10])).sum() / w.sum()
    assert ex.csat_top_box_share(answers, score="sat", scale=(1, 10), top_box=(9, 10), weight="w") == \
        pytest.approx(weighted)


def test_top_driver_is_the_larger_lmg_share(answers):
    def r2(cols):
        X = np.column_stack([np.ones(len(answers)), answers[cols].to_numpy()])
        beta, *_ = np.linalg.lstsq(X, answers["y"].to_numpy(), rcond=None)
        resid = answers["y"] - X @ beta
        return 1 - resid.var() / answers["y"].var()

    full = r2(["x1", "x2"])
    lmg_x1 = (r2(["x1"]) + full - r2(["x2"])) / 2  # two drivers: average gain over both orders
    lmg_x2 = full - lmg_x1
    expected = "x1" if lmg_x1 > lmg_x2 else "x2"
    assert ex.top_driver(answers, drivers=["x1", "x2"], outcome="y") == expected == "x2"


def test_alpha_is_cronbachs(answers):
    items = answers[["q1", "q2", "q3"]]
    alpha = 3 / 2 * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))  # Cronbach (1951)
    assert ex.likert_alpha(answers, items=["q1", "q2", "q3"]) == pytest.approx(alpha)


@pytest.mark.parametrize("key", IDS)
def test_checks_pass_right_answers_and_hint_otherwise(answers, key):
    data = {
        "03-nps-interval-width": dict(answers=answers.iloc[:50], score="rec"),
        "03-segment-gap": dict(responses=answers, score="rec", by="seg"),
        "03-csat-top-box": dict(responses=answers, score="sat", scale=(1, 10), top_box=(9, 10)),
        "03-top-driver": dict(responses=answers, drivers=["x1", "x2"], outcome="y"),
        "03-cronbach-alpha": dict(responses=answers, items=["q1", "q2", "q3"]),
    }[key]
    exercise = workshop.EXERCISES[key]
    right = exercise.expected(**data)
    if isinstance(right, bool):
        wrong = not right
    elif isinstance(right, str):
        wrong = "nothing"
    else:
        wrong = right * 1.5 + 1
    assert workshop.check(key, right, display=False, **data).passed
    missing = workshop.check(key, None, display=False, **data)
    assert not missing.passed and exercise.hints[0] in missing.message
    bad = workshop.check(key, wrong, display=False, **data)
    assert not bad.passed and exercise.hints[1] in bad.message
    if not isinstance(right, (bool, str)):
        assert f"{right:.2f}" not in bad.message  # the hint never gives the number away
