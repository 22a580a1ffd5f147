"""The self-checks of 02_herzberg's workshop exercises: expected answers from the data, checked
independently, and the checks passing for the right answer and failing helpfully otherwise."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import cxtools.workshop.exercises  # noqa: F401  (registers the exercises)
from cxtools import factors, workshop
from cxtools.core.errors import CxDataError

IDS = ["02-hygiene-factors", "02-low-box-share", "02-fix-first", "02-below-zone", "02-kano-agrees"]


@pytest.fixture(scope="module")
def planted():
    """A survey with a planted hygiene factor (price), motivator (brand) and a neutral attribute."""
    rng = np.random.default_rng(11)
    n = 900
    df = pd.DataFrame({"price": rng.integers(1, 6, n), "brand": rng.integers(1, 6, n), "desk": rng.integers(2, 6, n)})
    df["overall"] = (6 - 2.0 * (df.price <= 2) + 1.5 * (df.brand >= 4) + 0.5 * (df.desk - 3)
                     + rng.normal(0, 1, n))
    return {"responses": df, "attributes": ["price", "brand", "desk"], "overall": "overall", "low": (1, 2),
            "high": (4, 5), "alpha": 0.05}


def test_every_exercise_is_registered_with_two_hints():
    for ex_id in IDS:
        ex = workshop.EXERCISES[ex_id]
        assert len(ex.hints) >= 2 and ex.question.endswith("?")


def test_hygiene_factors_recovers_the_planted_one(planted):
    assert cxtools.workshop.exercises.factors.hygiene_factors(**planted) == {"price"}


def test_low_box_share_is_the_share_counted_by_hand(planted):
    df = planted["responses"]
    by_hand = np.mean([v in (1, 2) for v in df["brand"]])
    got = cxtools.workshop.exercises.factors.low_box_share(responses=df, attributes=planted["attributes"],
                                                  attribute="brand", low=(1, 2))
    assert got == pytest.approx(by_hand, abs=1e-12)
    with pytest.raises(CxDataError, match="not one of"):
        cxtools.workshop.exercises.factors.low_box_share(responses=df, attributes=planted["attributes"], attribute="nope",
                                                low=(1, 2))


def test_fix_first_and_below_zone_follow_herzberg_order(planted):
    df = planted["responses"]
    means = df[planted["attributes"]].mean()
    threshold = float(means.max()) + 0.01  # every attribute below: hygiene (price) must still come first
    got = cxtools.workshop.exercises.factors.fix_first(**planted, scale=(1, 5), threshold=threshold)
    assert got == "price"
    assert cxtools.workshop.exercises.factors.below_zone(responses=df, attributes=planted["attributes"],
                                                threshold=threshold) == 3
    middle = float(np.sort(means.to_numpy())[1])  # exactly one attribute below
    assert cxtools.workshop.exercises.factors.below_zone(responses=df, attributes=planted["attributes"],
                                                threshold=middle) == 1
    assert cxtools.workshop.exercises.factors.fix_first(**planted, scale=(1, 5), threshold=1.0) == "none"


def test_kano_agrees_counts_shared_attributes_and_refuses_without_kano(planted):
    with pytest.raises(CxDataError, match="no Kano"):
        cxtools.workshop.exercises.factors.kano_agrees(**planted, kano=None)
    table = pd.DataFrame({"attribute": ["price", "brand", "other"], "factor": ["hygiene", "performance", "hygiene"]})
    kano = factors.KanoResult.__new__(factors.KanoResult)
    object.__setattr__(kano, "table", table)
    assert cxtools.workshop.exercises.factors.kano_agrees(**planted, kano=kano) == 1  # price agrees, brand does not
    object.__setattr__(kano, "table", table.assign(attribute=["x", "y", "z"]))
    with pytest.raises(CxDataError, match="none of the survey"):
        cxtools.workshop.exercises.factors.kano_agrees(**planted, kano=kano)


@pytest.mark.parametrize("ex_id, right, wrong, extra", [
    ("02-hygiene-factors", ["price"], ["brand"], {}),
    ("02-low-box-share", None, 0.9, {"attribute": "price"}),
    ("02-fix-first", "price", "brand", {"scale": (1, 5), "threshold": 5.0}),
    ("02-below-zone", 3, 2, {"threshold": 5.0}),
])
def test_checks_pass_for_the_right_answer_and_hint_otherwise(planted, ex_id, right, wrong, extra):
    data = dict(planted, **extra)
    if ex_id == "02-low-box-share":
        data = {k: data[k] for k in ("responses", "attributes", "attribute", "low")}
        right = float(planted["responses"]["price"].isin([1, 2]).mean())
    if ex_id == "02-below-zone":
        data = {k: data[k] for k in ("responses", "attributes", "threshold")}
    assert workshop.check(ex_id, right, display=False, **data).passed
    unanswered = workshop.check(ex_id, None, display=False, **data)
    assert not unanswered.passed and not unanswered.answered and "Hint" in unanswered.message
    wrong_result = workshop.check(ex_id, wrong, display=False, **data)
    assert not wrong_result.passed and wrong_result.answered
    assert not re.search(r"\d", wrong_result.message)  # the hint never reveals a number


def test_kano_check_without_kano_fails_helpfully(planted):
    result = workshop.check("02-kano-agrees", 0, display=False, **planted, kano=None)
    assert not result.passed and "cannot check" in result.message
