"""The data overview (notebook 00) on several shapes of data, through ``cxtools run``.

Shapes: the bundled sample; a whitespace-separated transaction log alone (YYYYMMDD dates, no
transaction id, zero-value orders); a survey whose rejected cells hold HTML and script; a
Russian-locale export with Russian column names in cp1251. Each run must exit 0, publish the
same row counts as the API (``cxtools.overview.load_sources``), show hostile values only
escaped and never show personal data.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pandas as pd
import pytest

from cxtools import overview
from cxtools.data.description import load_description
from cxtools.narrative import overview as overview_words
from cxtools.narrative import sources
from cxtools.report.editions import leaked_developer_artefacts, render_stakeholder_html

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/shapes.py
sys.path.insert(0, str(HERE))  # tests/notebooks/overview_shapes.py
import overview_shapes  # noqa: E402
import shapes  # noqa: E402

REPO = HERE.parents[1]
NB = "00_data_overview"
SCHEMA = json.loads((REPO / "cxtools" / "report" / "metrics.schema.json").read_text(encoding="utf-8"))


def _build(name: str, folder: Path) -> dict:
    if name == "samples":
        return {}
    if name == "hostile_survey":
        return overview_shapes.hostile_survey(folder)
    return shapes.build(name, folder)


SHAPES = ["samples", "transactions_only", "hostile_survey", "russian_columns"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("overview")
    out = {}
    for name in SHAPES:
        folder = REPO / "data" / "samples" if name == "samples" else root / name
        out[name] = (folder, _build(name, folder))
    return out


# ----------------------------------------------------------------------------- fast: the package
def test_hostile_values_are_escaped_and_personal_values_redacted(folders):
    folder, expected = folders["hostile_survey"]
    desc = load_description(folder)
    loads = overview.load_sources(desc)
    assert loads["survey"].n_rejected == expected["rejected"]["survey"]
    table = sources.rejected_table(loads, desc)
    page = sources.escaped(table).to_html()
    for hostile in (overview_shapes.SCRIPT, overview_shapes.IMG):
        assert hostile in table["Value as typed"].tolist()  # shown as typed ...
        assert hostile not in page  # ... but never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    for value in expected["personal"]:
        assert value not in page
    assert "R05" not in page  # the duplicated respondent is shown by its pseudonym


def test_rows_metrics_match_loaders_and_schema(folders):
    folder, expected = folders["transactions_only"]
    desc = load_description(folder)
    loads = overview.load_sources(desc)
    metrics = overview.rows_metrics(loads, desc)
    res = desc.load("transactions", as_of=loads.as_of)
    assert metrics["sources"] == {"transactions": {"read": res.n_read, "accepted": res.n_accepted,
                                                   "rejected": res.n_rejected}}
    assert metrics["sources"]["transactions"]["read"] == expected["rows"]["transactions"]
    jsonschema.validate({"schema_version": 1, "metrics": metrics, "run": {
        "notebook": NB, "title": "t", "status": "ok", "started": "2026-01-01T00:00:00Z",
        "finished": "2026-01-01T00:00:01Z", "duration_seconds": 1.0, "parameters": {}, "parameters_given": [],
        "data": None, "cxtools_version": "0"}}, SCHEMA)
    notes = " ".join(overview_words.notes_table(loads)["Note"])
    assert "generated" in notes and "zero-value" in notes


def test_plan_table_lists_skipped_sections_with_reasons(folders):
    desc = load_description(folders["transactions_only"][0])
    table = overview_words.plan_table(desc, notebooks=["01_ltv"])
    skipped = table[table["Runs"] == "skipped"]
    assert len(skipped) and skipped["Why / what it does without"].str.startswith("needs").all()
    assert (table["Runs"] == "yes").any()


def test_findings_numbers_come_from_the_data(folders):
    desc = load_description(folders["hostile_survey"][0])
    loads = overview.load_sources(desc)
    text = overview_words.findings(loads, desc)
    assert text.startswith("## Key findings")
    assert "7 rows read, 3 accepted and 4 (57.1%) set aside" in text
    ru = overview_words.findings(loads, desc, lang="ru")
    assert ru.startswith("## Главные выводы") and "прочитано 7 строк" in ru


# ----------------------------------------------------------------------------- slow: the notebook
def _run(folder: Path, out: Path):
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cxtools", "run", NB, "--data", str(folder), "--out", str(out),
                           "--timeout", "600"], capture_output=True, text=True, env=env, timeout=900)


@pytest.mark.slow
@pytest.mark.parametrize("name", SHAPES)
def test_notebook_runs_on_the_shape(folders, name, tmp_path):
    folder, expected = folders[name]
    done = _run(folder, tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    report = tmp_path / NB
    metrics = json.loads((report / "metrics.json").read_text(encoding="utf-8"))
    jsonschema.validate(metrics, SCHEMA)

    # headline numbers equal the same analysis through the API
    desc = load_description(folder)
    loads = overview.load_sources(desc)
    assert metrics["metrics"]["sources"] == overview.rows_metrics(loads)["sources"]
    for source, n in expected.get("rows", {}).items():
        assert metrics["metrics"]["sources"][source]["read"] == n
    for counts in metrics["metrics"]["sources"].values():
        assert counts["accepted"] + counts["rejected"] == counts["read"]

    page = (report / f"{NB}.html").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in page and "<img src=x" not in page
    if name == "hostile_survey":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        for value in expected["personal"]:
            assert value not in page
    if name == "russian_columns":
        people = pd.read_csv(folder / "клиенты.csv", sep=";", encoding="cp1251")[["ФИО", "Эл. почта", "Телефон"]]
        text = re.sub(r"<[^>]+>", " ", page)
        assert not [v for v in people.stack().astype(str).head(300) if v in text]

    # the stakeholder edition in the report's language is clean
    executed = nbformat.read(report / f"{NB}.ipynb", as_version=4)
    stakeholder = render_stakeholder_html(executed, title="Data overview", lang=desc.language)
    assert leaked_developer_artefacts(stakeholder) == []
    assert ("Key findings" if desc.language == "en" else "Главные выводы") in stakeholder
    assert "alert(1)</script>" not in stakeholder


def test_findings_without_rejected_rows_say_so(folders):
    desc = load_description(folders["transactions_only"][0])
    loads = overview.load_sources(desc)
    text = overview_words.findings(loads, desc)
    assert f"{loads.n_read:,} rows read, every one of them accepted" in text
    assert "skipped for missing inputs" in text


def test_survey_items_show_each_items_own_scale_and_reversed_items(tmp_path):
    expected = shapes.build("likert_1_7", tmp_path / "likert")
    desc = load_description(tmp_path / "likert")
    loads = overview.load_sources(desc)
    items = overview_words.survey_items(desc, loads["survey"].data).set_index("Item")
    assert set(items["Scale"]) == {"1-7"}
    reversed_items = set(items.index[items["Role"].str.endswith("(reversed)")])
    assert reversed_items == set(desc.survey.reversed) and reversed_items
    assert "recoded" in " ".join(overview_words.notes_table(loads)["Note"])
    assert expected["sources"] == set(loads.results)
