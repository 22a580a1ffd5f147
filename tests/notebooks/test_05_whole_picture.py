"""Notebook 05 (the whole picture) run headless on the samples and on data with only some layers.

Each run goes through ``cxtools run 05_whole_picture --data DIR`` as a user runs it; the
headline numbers in metrics.json are compared with the same analysis through the API.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cxtools import people as staff
from cxtools import layers, portfolio
from cxtools import survey as sv
from cxtools.data.description import default_as_of, load_description
from cxtools.report.editions import leaked_developer_artefacts

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
NB = "05_whole_picture"
SKIPPED = "This section is skipped"


def run(data_dir: Path, out: Path, *params: str) -> tuple[subprocess.CompletedProcess, dict, str]:
    args = [sys.executable, "-m", "cxtools", "run", NB, "--data", str(data_dir), "--out", str(out), "--log-output"]
    for i in range(0, len(params), 2):
        args += ["-p", params[i], params[i + 1]]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env, cwd=REPO)
    report_dir = out / NB
    metrics = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))["metrics"] \
        if (report_dir / "metrics.json").exists() else {}
    page = (report_dir / f"{NB}.html").read_text(encoding="utf-8") if (report_dir / f"{NB}.html").exists() else ""
    return proc, metrics, page


def text_of(page: str) -> str:
    page = re.sub(r"<(style|script).*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def copy(files, to: Path) -> Path:
    to.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copy(SAMPLES / name, to / name)
    return to


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("r")
    internal = tmp_path_factory.mktemp("internal")
    return run(SAMPLES, out, "internal_dir", str(internal)) + (internal,)


def test_samples_run_recovers_the_planted_chain(samples_run):
    proc, metrics, page, _ = samples_run
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert leaked_developer_artefacts(page) == []
    # the planted chain: engagement -> operations -> satisfaction (data/samples/README.md, employee layer)
    assert metrics["engagement_effect_significant"] is True and metrics["engagement_effect"] > 0
    assert metrics["engagement_effect_ci"][0] > 0 and metrics["units"] == 30
    text = text_of(page)
    assert "not proof that engagement causes satisfaction" in text and "Key findings" in text
    assert SKIPPED not in text


def test_headline_numbers_equal_the_api(samples_run):
    _, metrics, _, _ = samples_run
    desc = load_description(SAMPLES)
    as_of = pd.Timestamp(default_as_of(desc))
    emp = desc.load("employees", as_of=as_of).data
    latest = emp[emp["wave"] == sorted(emp["wave"].unique())[-1]]
    overall = staff.enps(latest, score="enps", method="adjusted_wald").iloc[0]
    assert metrics["enps"] == round(float(overall["enps"]), 2)
    assert metrics["enps_ci"] == [round(float(overall["ci_low"]), 2), round(float(overall["ci_high"]), 2)]
    survey = desc.load("survey", as_of=as_of).data.dropna(subset=["customer_id"])
    links = desc.load("customer_units").data
    items = [f"engagement_{j}" for j in range(1, 6)]
    table = staff.unit_table(emp, engagement_items=items, customer_units=links,
                             operations=desc.load("operations").data,
                             operations_metrics=["avg_wait_minutes", "n_repeat_contacts", "first_contact_resolution"],
                             survey=survey)
    effect = staff.engagement_effect(survey, table, customer_units=links)
    assert metrics["engagement_effect"] == round(effect.coefficient, 4)
    assert metrics["engagement_effect_ci"] == [round(effect.ci_low, 4), round(effect.ci_high, 4)]
    assert metrics["engagement_effect_customers"] == effect.customers
    value = layers.customer_value(subscriptions=desc.load("subscriptions", as_of=as_of).data, as_of=as_of)
    answers = (survey.sort_values("response_date", kind="stable").dropna(subset=["overall_satisfaction"])
               .drop_duplicates("customer_id", keep="last")[["customer_id", "overall_satisfaction"]])
    m = portfolio.portfolio_matrix(answers.merge(value, on="customer_id"), value="value",
                                   relationship="overall_satisfaction", churn="churned")
    by = m.cells.groupby("strategy")["customers"].sum()
    assert metrics["portfolio_customers_by_strategy"] == {k: int(v) for k, v in by.items()}
    assert metrics["portfolio_value"] == round(float(m.cells["value"].sum()), 0)
    assert metrics["callback_customers"] == len(portfolio.callback_list(m, exclude="churned"))
    answers_all = desc.load("survey", as_of=as_of).data
    last_wave = answers_all[answers_all["wave"] == answers_all["wave"].max()].dropna(subset=["nps"])
    assert metrics["scorecard"]["NPS"]["latest"] == round(float(sv.nps(last_wave)["nps"].iloc[0]), 4)


def test_call_back_list_is_written_internally_and_never_shown(samples_run):
    _, metrics, page, internal = samples_run
    path = internal / "callbacks.csv"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    calls = pd.read_csv(path)
    assert len(calls) == metrics["callback_customers"] > 0
    text = text_of(page)
    assert not any(pseudonym in text for pseudonym in calls["customer"].head(50))
    assert "It is not part of this report" in text


def test_without_the_employee_layer_the_people_sections_say_so(tmp_path):
    data = copy(["customers.csv", "subscriptions.csv", "transactions.csv", "survey.csv", "operations.csv"],
                tmp_path / "d")
    proc, metrics, page, = run(data, tmp_path / "r")
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = text_of(page)
    assert text.count(SKIPPED) == 3 and "employee survey (employees)" in text
    assert "enps" not in metrics and metrics["portfolio_customers"] > 0
    assert metrics["layers_without_data"] == ["people"]
    assert leaked_developer_artefacts(page) == []


def test_without_a_survey_the_portfolio_is_skipped(tmp_path):
    data = copy(["subscriptions.csv", "operations.csv", "employee_survey.csv", "units.csv", "customer_units.csv"],
                tmp_path / "d")
    proc, metrics, page = run(data, tmp_path / "r")
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = text_of(page)
    assert "survey answers linked to customers" in text and "portfolio_customers" not in metrics
    assert "enps" in metrics and "NPS" not in metrics["scorecard"] and "Monthly churn" in metrics["scorecard"]


def test_transactions_only_and_purchase_based_value(tmp_path):
    only = copy(["transactions.csv"], tmp_path / "only")
    proc, metrics, page = run(only, tmp_path / "r1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert text_of(page).count(SKIPPED) == 4
    assert set(metrics["scorecard"]) == {"One-off spend per buyer"}
    # survey + purchases, no contracts: value is CLV from the purchases
    both = copy(["transactions.csv", "survey.csv"], tmp_path / "both")
    proc, metrics, page = run(both, tmp_path / "r2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert metrics["value_method"] == "transactions" and metrics["portfolio_customers"] > 0
    assert leaked_developer_artefacts(page) == []


def test_own_names_through_the_data_description(tmp_path):
    """An employee survey with its own names and a 1-7 scale, described in cxtools.yaml."""
    data = tmp_path / "d"
    copy(["survey.csv", "subscriptions.csv", "units.csv"], data)
    emp = pd.read_csv(SAMPLES / "employee_survey.csv")
    emp = emp.rename(columns={"employee_id": "табельный", "unit_id": "филиал", "wave": "волна", "enps": "рекомендую",
                              **{f"engagement_{j}": f"q{j}" for j in range(1, 6)}})
    for j in range(1, 6):  # 1-5 answers spread onto 1-7
        emp[f"q{j}"] = emp[f"q{j}"] + (emp[f"q{j}"] >= 3).astype(int) + (emp[f"q{j}"] >= 5).astype(int)
    emp.to_csv(data / "staff.csv", index=False)
    pd.read_csv(SAMPLES / "customer_units.csv").rename(columns={"unit_id": "branch"}).to_csv(data / "links.csv",
                                                                                             index=False)
    (data / "cxtools.yaml").write_text(
        "survey:\n  file: survey.csv\n  overall_satisfaction: overall_satisfaction\n  recommend: nps\n"
        "  wave: wave\n  customer_link: customer_id\n  response_date: response_date\n"
        "subscriptions: {file: subscriptions.csv}\nunits: {file: units.csv}\n"
        "customer_units:\n  file: links.csv\n  columns: {branch: unit_id}\n"
        "employees:\n  file: staff.csv\n  columns: {табельный: employee_id}\n  unit: филиал\n  wave: волна\n"
        "  enps: рекомендую\n  engagement: ['q*']\n  scales: {рекомендую: [0, 10], 'q*': [1, 7]}\n"
        "targets:\n  nps: 30\n  monthly_churn: {value: 0.02, direction: lower}\n", encoding="utf-8")
    proc, metrics, page = run(data, tmp_path / "r", "targets", '{"enps": 0}')
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert metrics["engagement_effect_significant"] is True and metrics["engagement_effect"] > 0
    card = metrics["scorecard"]
    assert card["NPS"]["status"] == "on target"  # 31 against 30, from the description
    assert card["eNPS"]["status"] == "off target"  # the parameter's target of 0
    assert card["Monthly churn"]["status"] in {"close", "off target"}
    assert "Engagement (1-7)" in text_of(page)
    assert leaked_developer_artefacts(page) == []


def test_with_none_of_its_inputs_the_notebook_is_skipped(tmp_path):
    data = copy(["kano.csv"], tmp_path / "d")
    proc, metrics, page = run(data, tmp_path / "r")
    summary = json.loads((tmp_path / "r" / "summary.json").read_text(encoding="utf-8"))["notebooks"][0]
    # the runner reports a notebook that raises CxNotebookSkipped as skipped, not failed
    assert proc.returncode == 0 and summary["status"] == "skipped", (summary, proc.stderr[-2000:])
    assert "needs at least one of: survey answers, contracts, a transaction log" in json.dumps(summary,
                                                                                             ensure_ascii=False)
    assert metrics == {}
