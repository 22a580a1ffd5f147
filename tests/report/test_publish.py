"""Headline metrics and the HTML report (cxtools.report.publish)."""

from __future__ import annotations

import math

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxtools.core.errors import CxParameterError
from cxtools.report import METRICS_MIMETYPE, collect_metrics, publish_metrics


def test_publish_metrics_cleans_values():
    out = publish_metrics({"nps": 31.4, "n": 812, "bad": float("nan"), "by": {"a": [1, math.inf]}})
    assert out == {"nps": 31.4, "n": 812, "bad": None, "by": {"a": [1, None]}}


def test_publish_metrics_rejects_objects():
    with pytest.raises(CxParameterError, match="'when'.*datetime"):
        import datetime

        publish_metrics({"when": datetime.datetime(2026, 1, 1)})


def test_collect_metrics_merges_in_order():
    cell = new_code_cell("...")
    cell.outputs = [
        new_output("display_data", data={METRICS_MIMETYPE: {"nps": 30, "n": 10}, "text/plain": "x"}),
        new_output("stream", name="stdout", text="hello"),
    ]
    later = new_code_cell("...")
    later.outputs = [new_output("display_data", data={METRICS_MIMETYPE: {"n": 12, "csat": 4.1}})]
    assert collect_metrics(new_notebook(cells=[cell, later])) == {"nps": 30, "n": 12, "csat": 4.1}


def test_published_headlines_read_as_plain_language():
    # the markdown table a stakeholder sees under publish_metrics: no JSON, no underscores
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    try:
        with capture_output() as captured:
            shell.run_cell("from cxtools.report import publish_metrics\n"
                           "publish_metrics({'rows_read': {'survey': 1203, 'kano': 4800}, 'nps': 31.4,"
                           " 'share_churned': 0.1234, 'revenue_rub': 1345671.0, 'converged': True,"
                           " 'missing': float('nan'), 'waves': ['2025Q1', '2025Q2'], 'a|b': 1})")
    finally:
        InteractiveShell.clear_instance()
    (output,) = captured.outputs
    assert output.data[METRICS_MIMETYPE]["rows_read"] == {"survey": 1203, "kano": 4800}  # unchanged for metrics.json
    table = output.data["text/markdown"]
    assert table.splitlines()[2:] == [
        "| rows read | survey: 1,203; kano: 4,800 |",
        "| nps | 31.4 |",
        "| share churned | 12.3 % |",  # a share, read as a fraction
        "| revenue rub | 1,345,671 |",
        "| converged | yes |",
        "| missing | not available |",
        "| waves | 2025Q1, 2025Q2 |",
        "| a\\|b | 1 |",
    ]


def test_report_page_loads_scripts_from_the_web_only_when_needed():
    # opening a report should not contact a CDN unless the page needs it to show something
    import re

    from cxtools.report import render_html

    plain = new_notebook(cells=[new_markdown_cell("# Churn\n\nCosts rose by 5%."), new_code_cell("x", outputs=[
        new_output("display_data", {"text/html": "<table><tr><td>12</td></tr></table>", "text/plain": "12"})])])
    assert re.findall(r"<script src=", render_html(plain)) == []
    assert "<td>12</td>" in render_html(plain)

    formula = new_notebook(cells=[new_markdown_cell("# LTV\n\n$\\text{LTV} = m \\times L$")])
    page = render_html(formula)
    assert len(re.findall(r"<script src=\"[^\"]*mathjax", page)) == 1 and "require.min.js" not in page

    scripted = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("display_data", {"application/javascript": "console.log(1)", "text/plain": "js"})])])
    page = render_html(scripted)
    assert "require.min.js" in page and "mathjax" not in page.lower()


# --- metrics.json and its schema -----------------------------------------------------------

import jsonschema  # noqa: E402  (ships with nbformat)

from cxtools.report import data_fingerprint, measure, p_value, share, validate_metrics  # noqa: E402


def _document(metrics, **run):
    base = {
        "notebook": "03_survey", "title": "Survey", "status": "ok", "started": "2026-11-28T06:00:00+00:00",
        "finished": "2026-11-28T06:01:00+00:00", "duration_seconds": 60.0, "parameters": {"seed": 1},
        "parameters_given": [], "data": None, "cxtools_version": "0.1.0",
    }
    base.update(run)
    return {"schema_version": 1, "metrics": metrics, "run": base}


def test_schema_accepts_numbers_with_units():
    metrics = publish_metrics({
        "nps": 31.4, "n": 812, "trend_p_value": 0.0004, "gap_p_holm": "< 0.001", "csat_satisfied_pct": 62.5,
        "share_moved": 0.1, "value_rub": measure(1.2e6, unit="RUB", ci_low=0.9e6, ci_high=1.5e6),
        "churn": share(0.12), "logrank_p": p_value(None), "waves": ["2025Q1", "007"], "top_driver": "speed",
        "by_segment": {"b2b": 12.5, "b2c": None},
    })
    assert metrics["gap_p_holm"] == {"value": 0.001, "unit": "p-value", "relation": "<"}
    assert metrics["trend_p_value"] == {"value": 0.0004, "unit": "p-value"}
    assert metrics["csat_satisfied_pct"] == {"value": 0.625, "unit": "fraction"}
    assert metrics["share_moved"] == {"value": 0.1, "unit": "fraction"}
    validate_metrics(_document(metrics))


@pytest.mark.parametrize("metrics", [
    {"trend_p_value": "< 0.001"},  # text p-value (publish_metrics would have converted it)
    {"trend_p_value": 0.3},  # a p-value without its unit
    {"trend_p_value": {"value": 1.5, "unit": "p-value"}},  # not a probability
    {"csat_pct": 62.5},  # a percentage, not a fraction
    {"satisfied": "62.5 %"},  # a share as text
    {"gap": "p < 0.05"},
    {"churn": {"value": 12, "unit": "%"}},  # percent as a unit
    {"churn": {"value": "12", "unit": "fraction"}},  # a number as text
    {"churn": {"value": 0.1, "unit": "fraction", "note": "x"}},  # unknown field in a measurement
])
def test_schema_rejects_numbers_as_text_and_percentages(metrics):
    with pytest.raises(jsonschema.ValidationError):
        validate_metrics(_document(metrics))


@pytest.mark.parametrize("run", [
    {"data": {"folder": "/srv/exports/wave1", "fingerprint": "sha256:" + "0" * 64, "files": []}},
    {"data": {"folder": "wave1", "fingerprint": "md5:abc", "files": []}},
    {"parameters_given": "seed"},
    {"status": "failed"},
])
def test_schema_rejects_paths_and_malformed_run_records(run):
    with pytest.raises(jsonschema.ValidationError):
        validate_metrics(_document({}, **run))


def test_measure_refuses_percent_units_and_unknown_relations():
    with pytest.raises(CxParameterError, match="fraction"):
        measure(12.0, unit="%")
    with pytest.raises(CxParameterError, match="relation"):
        measure(0.01, unit="p-value", relation="<<")


def test_data_fingerprint_depends_on_bytes_and_names_not_on_the_folders_place(tmp_path):
    for place in ("a", "b"):
        folder = tmp_path / place / "wave_1"
        folder.mkdir(parents=True)
        (folder / "survey.csv").write_bytes(b"id,nps\n1,9\n")
        (folder / ".hidden").write_bytes(b"ignored")
    first, second = data_fingerprint(tmp_path / "a" / "wave_1"), data_fingerprint(tmp_path / "b" / "wave_1")
    assert first == second and first["folder"] == "wave_1"
    assert [f["name"] for f in first["files"]] == ["survey.csv"] and first["files"][0]["bytes"] == 11
    import hashlib

    assert first["files"][0]["sha256"] == hashlib.sha256(b"id,nps\n1,9\n").hexdigest()
    (tmp_path / "b" / "wave_1" / "survey.csv").write_bytes(b"id,nps\n1,8\n")  # one answer changed
    assert data_fingerprint(tmp_path / "b" / "wave_1")["fingerprint"] != first["fingerprint"]
    (tmp_path / "b" / "wave_1" / "survey.csv").rename(tmp_path / "b" / "wave_1" / "survey2.csv")
    (tmp_path / "b" / "wave_1" / "survey2.csv").write_bytes(b"id,nps\n1,9\n")  # same bytes, other name
    assert data_fingerprint(tmp_path / "b" / "wave_1")["fingerprint"] != first["fingerprint"]
    assert data_fingerprint(None) is None


def test_units_are_read_from_top_level_names_only():
    # a model's parameters named p and q are not p-values
    metrics = publish_metrics({"gamma_gamma_params": {"p": 7.27, "q": 3.1}, "logrank_p": 0.2})
    assert metrics == {"gamma_gamma_params": {"p": 7.27, "q": 3.1}, "logrank_p": {"value": 0.2, "unit": "p-value"}}
    validate_metrics(_document(metrics))


def test_publish_sources_accounts_for_every_row():
    from cxtools.core.errors import CxParameterError
    from cxtools.report import publish_sources

    class Loaded:  # what a loader returns: counts, never the rows themselves
        n_read, n_accepted, n_rejected = 10, 8, 2

    assert publish_sources({"survey": Loaded(), "kano": {"read": 4, "accepted": 4, "rejected": 0}}) == [
        {"source": "survey", "read": 10, "accepted": 8, "rejected": 2},
        {"source": "kano", "read": 4, "accepted": 4, "rejected": 0},
    ]
    with pytest.raises(CxParameterError, match=r"'survey' does not account for every row: 8 accepted \+ 1"):
        publish_sources({"survey": (10, 8, 1)})
    with pytest.raises(CxParameterError, match="rows read of source 'survey' must be a count"):
        publish_sources({"survey": (-1, 0, 0)})
    with pytest.raises(CxParameterError, match="must be a load result"):
        publish_sources({"survey": "10 rows"})


def test_skip_reason_and_report_language(tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from cxtools.report.run import report_language, skip_reason

    error = new_output("error", ename="CxNotebookSkipped", evalue="needs survey answers (survey)", traceback=[])
    other = new_output("error", ename="KeyError", evalue="'nps'", traceback=[])
    assert skip_reason(new_notebook(cells=[new_code_cell("", outputs=[error])])) == \
        "skipped: needs survey answers (survey)"
    assert skip_reason(new_notebook(cells=[new_code_cell("", outputs=[other])])) is None
    (tmp_path / "cxtools.yaml").write_text("language: ru\n", encoding="utf-8")
    assert report_language(None, tmp_path) == "ru"
    assert report_language("en", tmp_path) == "en"
    assert report_language(None, None) == "en"
