"""The findings of notebook 03 in both report languages, from the survey results alone."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxtools import survey
from cxtools.narrative import survey as narrative

# names and units that may stay in Latin script in a Russian report: metric names, statistical symbols,
# and the data's own labels (segments, waves, item names) which the test data keep in Latin on purpose
ALLOWED = {"NPS", "CSAT", "CES", "p", "R", "A", "B", "W1", "W2", "W3", "W4", "price", "quality", "overall",
           "satisfaction"}


@pytest.fixture
def results():
    rng = np.random.default_rng(12)
    n = 600
    sv = pd.DataFrame({"segment": rng.choice(["A", "B"], n), "wave": rng.choice(["W1", "W2", "W3", "W4"], n)})
    sv["nps"] = np.where(sv["segment"] == "A", rng.choice([9, 10, 7], n), rng.choice([0, 3, 8], n))
    sv["csat"] = rng.integers(1, 6, n)
    sv["ces"] = rng.integers(1, 8, n)
    sv["rating_price"] = rng.integers(1, 6, n)
    sv["rating_quality"] = rng.integers(1, 6, n)
    sv["overall_satisfaction"] = np.clip(sv["rating_price"] + rng.integers(0, 3, n), 1, 5)
    for k in range(1, 4):
        sv[f"q{k}"] = np.clip(sv["csat"] + rng.integers(-1, 2, n), 1, 5)
    drivers = ["rating_price", "rating_quality"]
    return dict(
        nps_overall=survey.nps(sv), csat=survey.csat(sv), ces=survey.ces(sv),
        satisfaction=survey.likert_summary(sv, items=["overall_satisfaction"]), satisfaction_scale=(1, 5),
        nps_by_segment=survey.nps(sv, by="segment"), segment_tests=survey.nps_pairwise(sv, by="segment"),
        trend=survey.nps_trend(sv), slope=survey.nps_trend_slope(sv),
        first_last=survey.nps_difference(sv, by="wave", groups=("W1", "W4")), raking_effect=0.3,
        reliability=survey.cronbach_alpha(sv, items=["q1", "q2", "q3"]),
        drivers=survey.relative_weights(sv, drivers=drivers, outcome="overall_satisfaction", n_boot=50),
        driver_means=sv[drivers].mean(),
    )


def test_russian_findings_hold_the_same_numbers_in_russian_words(results):
    en = narrative.findings(**results)
    ru = narrative.findings(**results, lang="ru")
    assert list(ru.sections) == list(en.sections) == ["headline", "segments", "trend", "weighting", "reliability",
                                                      "drivers"]
    assert ru.metrics == en.metrics  # the numbers do not depend on the language
    text = ru.to_markdown()
    latin = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - ALLOWED
    assert not latin, latin
    nps = results["nps_overall"].iloc[0]["nps"]
    assert f"равен {round(nps)} пунктам" in text.replace("\u00a0", " ").replace("\u2212", "-")


def test_headline_without_nps_uses_the_other_measures(results):
    found = narrative.findings(csat=results["csat"], satisfaction=results["satisfaction"], satisfaction_scale=(1, 5))
    assert "NPS" not in found.to_markdown() and "nps" not in found.metrics
    assert found["headline"].startswith("- **CSAT:**")
    assert "on 1-5" in found["headline"]
    assert found.metrics["satisfaction_mean"] == round(float(results["satisfaction"].iloc[0]["mean"]), 3)
    with pytest.raises(Exception, match="at least one headline result"):
        narrative.findings()
    with pytest.raises(Exception, match="lang"):
        narrative.findings(csat=results["csat"], lang="de")
