"""Notebook 03 on the shapes of survey a user brings, through the real command.

Each folder is built by tests/shapes.py from the generator (plus the bundled sample) and run
with ``cxtools run 03_survey --data DIR``. Checked: exit 0, the notebook ran, every section
whose inputs are missing says so in a sentence, the stakeholder page has no developer
artefacts, and the headline numbers in metrics.json equal the same analysis done
independently -- from the raw file with pandas where the shape allows, else through the API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtools import survey
from cxtools.data.description import load_description
from cxtools.report.editions import leaked_developer_artefacts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/shapes.py
import shapes  # noqa: E402

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "data" / "samples"
SKIPPED = "This section is skipped"


def _likert_with_scale(folder: Path) -> dict:
    """The 1-7 shape with its six items also named as one Likert scale (items 2 and 5 reversed)."""
    expected = shapes.likert_1_7(folder)
    config = folder / "cxtools.yaml"
    config.write_text(config.read_text(encoding="utf-8") + '  likert: ["item_*"]\n', encoding="utf-8")
    return expected


def _one_group(folder: Path) -> dict:
    """Own item names, weights, CSAT on 1-10 with its own boxes, CES on 1-5, one segment and one wave."""
    rng = np.random.default_rng(4)
    n = 300
    answers = pd.DataFrame({"resp": range(1, n + 1), "Empfehlung": rng.integers(0, 11, n),
                            "zufrieden": rng.integers(1, 11, n).astype(float), "effort": rng.integers(1, 6, n),
                            "branch": "North", "round": "2026-1", "w": rng.uniform(0.5, 1.5, n).round(3)})
    answers.loc[:20, "zufrieden"] = np.nan  # not everyone answered the CSAT item
    answers.to_csv(folder / "answers.csv", index=False)
    (folder / "cxtools.yaml").write_text("""\
version: 1
survey:
  file: answers.csv
  columns: {resp: respondent_id}
  scales: {Empfehlung: [0, 10], zufrieden: [1, 10], effort: [1, 5]}
  recommend: Empfehlung
  csat: {item: zufrieden, scale: [1, 10], top_box: [9, 10], bottom_box: [1, 2, 3]}
  ces: {item: effort}
  segment: branch
  wave: round
  weight: w
""", encoding="utf-8")
    return {"sources": {"survey"}, "rows": {"survey": n}}


BUILDERS = {"nps_only": shapes.nps_only, "survey_1_10": shapes.survey_1_10, "likert_1_7": _likert_with_scale,
            "one_group": _one_group}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("nb03")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    out = {}
    for name in ["sample", *BUILDERS]:
        folder = SAMPLES if name == "sample" else root / name
        if name != "sample":
            folder.mkdir()
            BUILDERS[name](folder)
        reports = root / f"reports_{name}"
        done = subprocess.run([sys.executable, "-m", "cxtools", "run", "03_survey", "--data", str(folder),
                               "--out", str(reports), "-p", "n_boot", "50", "--timeout", "600"],
                              capture_output=True, text=True, env=env, timeout=1200)
        page = reports / "03_survey" / "03_survey.html"
        metrics = reports / "03_survey" / "metrics.json"
        out[name] = {
            "folder": folder, "returncode": done.returncode, "stderr": done.stderr[-3000:],
            "html": page.read_text(encoding="utf-8") if page.exists() else "",
            "metrics": json.loads(metrics.read_text(encoding="utf-8"))["metrics"] if metrics.exists() else {},
        }
    return out


@pytest.mark.parametrize("name", ["sample", *BUILDERS])
def test_runs_and_leaves_nothing_for_developers(runs, name):
    run = runs[name]
    assert run["returncode"] == 0, run["stderr"]
    assert run["html"], "no report written"
    assert leaked_developer_artefacts(run["html"]) == []
    assert "Key findings" in run["html"]


#: Sections each shape lacks the inputs of; each must say so in one sentence of its own.
MISSING = {
    "sample": [],
    "nps_only": ["overall-satisfaction item", "CSAT item", "CES item", "segment column", "wave column",
                 "design weights", "Likert items", "attribute ratings"],
    "survey_1_10": ["likelihood-to-recommend item", "CSAT item", "CES item", "segment column", "wave column",
                    "design weights", "Likert items"],
    "likert_1_7": ["likelihood-to-recommend item", "CSAT item", "CES item", "design weights"],
    "one_group": ["overall-satisfaction item", "1 segment", "1 wave", "customer list", "Likert items",
                  "attribute ratings"],
}


@pytest.mark.parametrize("name", list(MISSING))
def test_each_missing_input_is_one_sentence(runs, name):
    import re

    text = re.sub(r"<[^>]+>", " ", runs[name]["html"])
    sentences = text.split(SKIPPED)[1:]
    # likert_1_7 has segments and waves but no 0-10 item: both NPS sections say that instead
    # one_group: raking without a customer list is a sentence of the weighting section, not a skipped section
    n_expected = {"sample": 0, "nps_only": 8, "survey_1_10": 7, "likert_1_7": 6, "one_group": 5}[name]
    assert len(sentences) == n_expected, (name, len(sentences))
    for what in MISSING[name]:
        assert what in text, (name, what)


def test_nps_only_matches_the_raw_file(runs):
    run = runs["nps_only"]
    raw = pd.read_csv(run["folder"] / "nps.csv")["recommend"]
    nps = 100 * ((raw >= 9).mean() - (raw <= 6).mean())
    m = run["metrics"]
    assert m["nps"] == pytest.approx(round(nps, 1), abs=0.05)
    assert m["n_respondents"] == len(raw)
    assert set(m) == {"n_respondents", "n_effective", "nps", "nps_ci_low", "nps_ci_high"}  # nothing invented
    # Rocks (2016) Wald interval from the three shares
    p, d = (raw >= 9).mean(), (raw <= 6).mean()
    se = 100 * np.sqrt((p + d - (p - d) ** 2) / len(raw))
    assert m["nps_ci_low"] == pytest.approx(round(nps - 1.959964 * se, 1), abs=0.051)


def test_survey_on_1_10_matches_the_raw_file(runs):
    run = runs["survey_1_10"]
    raw = pd.read_csv(run["folder"] / "satisfaction_survey.csv", encoding="utf-8-sig")
    m = run["metrics"]
    assert "nps" not in m
    assert m["satisfaction_mean"] == pytest.approx(round(raw["Q9_overall"].mean(), 3), abs=5e-4)
    drivers = [c for c in raw.columns if c.startswith("Q") and c != "Q9_overall"]
    top = survey.relative_weights(raw, drivers=drivers, outcome="Q9_overall", n_boot=0).table["driver"].iloc[0]
    assert m["top_driver"] == top


def test_likert_1_7_recodes_reversed_items_before_alpha(runs):
    run = runs["likert_1_7"]
    raw = pd.read_csv(run["folder"] / "likert.csv")
    items = raw[[f"item_{k}" for k in range(1, 7)]].copy()
    items[["item_2", "item_5"]] = 8 - items[["item_2", "item_5"]]  # 1 + 7 - answer
    k = items.shape[1]
    alpha = k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))  # Cronbach (1951)
    m = run["metrics"]
    assert m["scale_alpha"] == pytest.approx(round(alpha, 3), abs=5e-4)
    assert m["satisfaction_mean"] == pytest.approx(round(raw["overall"].mean(), 3), abs=5e-4)
    assert "nps" not in m and "nps_by_segment" not in m  # segments and waves exist, but no 0-10 item


def test_sample_headline_equals_the_api(runs):
    run = runs["sample"]
    desc = load_description(SAMPLES)
    roles = desc.survey
    data = desc.load("survey").data
    m = run["metrics"]
    nps = survey.nps(data, score=roles.recommend, weight=roles.weight).iloc[0]
    assert m["nps"] == round(float(nps["nps"]), 1)
    top = survey.csat(data, score=roles.csat.item, scale=roles.csat.scale, top_box=roles.csat.top_box,
                      weight=roles.weight).iloc[0]["top_box_share"]
    assert m["csat_top_box"] == {"value": round(float(top), 4), "unit": "fraction"}
    pairs = survey.nps_pairwise(data, score=roles.recommend, by=roles.segment, weight=roles.weight)
    assert m["nps_segment_gap_p_holm"]["unit"] == "p-value"
    assert m["nps_segment_gap_p_holm"]["value"] == pytest.approx(float(pairs["p_adjusted"].min()))
    slope = survey.nps_trend_slope(data, score=roles.recommend, wave=roles.wave, weight=roles.weight)
    assert m["nps_trend_p_value"]["value"] == pytest.approx(slope.p_value)


def test_own_names_weights_and_boxes_match_the_raw_file(runs):
    run = runs["one_group"]
    raw = pd.read_csv(run["folder"] / "answers.csv")
    w, x = raw["w"], raw["Empfehlung"]
    nps = 100 * (w[x >= 9].sum() - w[x <= 6].sum()) / w.sum()
    answered = raw["zufrieden"].notna()
    top = (w[answered] * raw.loc[answered, "zufrieden"].isin([9, 10])).sum() / w[answered].sum()
    easy = (w * raw["effort"].isin([4, 5])).sum() / w.sum()  # 1-5: above the midpoint counts as easy
    m = run["metrics"]
    assert m["nps"] == pytest.approx(round(nps, 1), abs=0.051)
    assert m["n_effective"] == pytest.approx(round(w.sum() ** 2 / (w ** 2).sum(), 1), abs=0.051)  # Kish
    assert m["csat_top_box"]["value"] == pytest.approx(round(top, 4), abs=5e-5)
    assert m["ces_easy"]["value"] == pytest.approx(round(easy, 4), abs=5e-5)
    assert "nps_by_segment" not in m and "nps_trend_p_value" not in m
