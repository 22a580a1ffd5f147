"""Tests for cxtools.report: parameters, metrics, failures, reports and the run itself."""

from __future__ import annotations

import json
import math

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxtools import report
from cxtools.errors import CxNotebookError, CxParameterError
from cxtools.report import (
    METRICS_MIMETYPE,
    NotebookParameter,
    NotebookResult,
    RunSummary,
    collect_metrics,
    convert_parameter,
    describe_failure,
    find_notebooks,
    notebook_title,
    publish_metrics,
    read_parameters,
    read_parameters_file,
    render_index,
    resolve_parameters,
    run_notebooks,
)


# --- publish_metrics -------------------------------------------------------------------


def test_publish_metrics_cleans_values():
    out = publish_metrics({"nps": 31.4, "n": 812, "bad": float("nan"), "by": {"a": [1, math.inf]}})
    assert out == {"nps": 31.4, "n": 812, "bad": None, "by": {"a": [1, None]}}


def test_publish_metrics_rejects_objects():
    with pytest.raises(CxParameterError, match="'when'.*datetime"):
        import datetime

        publish_metrics({"when": datetime.datetime(2026, 1, 1)})


# --- parameters ------------------------------------------------------------------------


def test_read_parameters_of_typed_fixture(fixture_notebooks):
    params = {p.name: p for p in read_parameters(fixture_notebooks / "typed.ipynb")}
    assert list(params) == ["flag", "code", "count", "ratio", "waves", "ids", "label"]
    assert params["flag"] == NotebookParameter("flag", "bool", True, "True", "a yes/no switch")
    assert params["code"].default == "A1" and params["code"].type == "str"
    assert params["waves"].type == "list[str]" and params["waves"].default == ["2025Q1", "2025Q2"]
    assert params["label"].type == "str | None" and params["label"].default is None
    assert params["ratio"].help == "a share between 0 and 1"


def test_read_parameters_without_cell_and_with_broken_cell(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "none.ipynb")
    assert read_parameters(tmp_path / "none.ipynb") == []
    cell = new_code_cell("x: int = = 1")
    cell.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[cell]), tmp_path / "broken.ipynb")
    with pytest.raises(CxNotebookError, match="broken.ipynb: the parameters cell is not valid Python"):
        read_parameters(tmp_path / "broken.ipynb")
    with pytest.raises(CxNotebookError, match="does not exist"):
        read_parameters(tmp_path / "missing.ipynb")


def _p(type_, default=None, source="..."):
    return NotebookParameter("x", type_, default, source, "")


@pytest.mark.parametrize(
    ("type_", "text", "expected"),
    [
        ("bool", "false", False),
        ("bool", "False", False),
        ("bool", "no", False),
        ("bool", "0", False),
        ("bool", "TRUE", True),
        ("bool", "yes", True),
        ("bool", "1", True),
        ("str", "007", "007"),
        ("str", "true", "true"),
        ("int", "007", 7),
        ("int", "-12", -12),
        ("float", "0.12", 0.12),
        ("float", "3", 3.0),
        ("float", "1e-3", 0.001),
        ("list[str]", "[007, 2025Q1]", ["007", "2025Q1"]),
        ("list[str]", "a, b", ["a", "b"]),
        ("list[int]", "1,2,3", [1, 2, 3]),
        ("list[int]", "[1, 2]", [1, 2]),
        ("list[float]", "", []),
        ("list", "[1, a, true]", [1, "a", True]),
        ("dict", "{a: 1, b: x}", {"a": 1, "b": "x"}),
        ("str | None", "none", None),
        ("str | None", "text", "text"),
        ("Optional[int]", "5", 5),
        (None, "5", 5),  # no annotation: YAML reading of the text
    ],
)
def test_convert_parameter(type_, text, expected):
    value = convert_parameter(text, _p(type_))
    assert value == expected and type(value) is type(expected)


def test_convert_parameter_uses_default_type_without_annotation():
    assert convert_parameter("007", _p(None, default="A1")) == "007"
    assert convert_parameter("no", _p(None, default=True)) is False


@pytest.mark.parametrize(
    ("type_", "text"),
    [
        ("int", "3.5"),
        ("int", "ten"),
        ("int", ""),
        ("int", "true"),
        ("float", "abc"),
        ("float", "1,5"),
        ("bool", "maybe"),
        ("bool", "2"),
        ("list[int]", "1,x"),
        ("list[int]", "[1, 2"),
        ("dict", "[1, 2]"),
    ],
)
def test_convert_parameter_rejects(type_, text):
    with pytest.raises(CxParameterError) as info:
        convert_parameter(text, NotebookParameter("horizon", type_, 0, "0", ""), notebook="01_ltv")
    message = str(info.value)
    assert "01_ltv" in message and "'horizon'" in message and repr(text) in message and "expects" in message


def test_typed_values_from_a_yaml_file_are_checked_too():
    # read as text first, so a YAML file behaves like -p
    with pytest.raises(CxParameterError, match="expects a whole number"):
        convert_parameter(["1", "2"], NotebookParameter("n", "int", 0, "0", ""))
    assert convert_parameter(["007", "8"], NotebookParameter("codes", "list[str]", [], "[]", "")) == ["007", "8"]


def test_resolve_parameters_applies_each_to_its_notebooks(fixture_notebooks):
    ok, typed = fixture_notebooks / "ok.ipynb", fixture_notebooks / "typed.ipynb"
    resolved = resolve_parameters([ok, typed], {"scale": "3", "flag": "no", "code": "007"})
    assert resolved[ok] == {"scale": 3.0}
    assert resolved[typed] == {"flag": False, "code": "007"}


def test_resolve_parameters_unknown_name(fixture_notebooks):
    ok, typed = fixture_notebooks / "ok.ipynb", fixture_notebooks / "typed.ipynb"
    with pytest.raises(CxParameterError) as info:
        resolve_parameters([ok, typed], {"scael": "3"})
    message = str(info.value)
    assert "'scael'" in message and "ok, typed" in message
    assert "ok: data_dir, scale, fail" in message and "typed: flag, code, count" in message


def test_resolve_parameters_bad_value_names_the_notebook(fixture_notebooks):
    with pytest.raises(CxParameterError, match=r"typed: parameter 'count' expects a whole number .*'3\.5'"):
        resolve_parameters([fixture_notebooks / "typed.ipynb"], {"count": "3.5"})


def test_read_parameters_file_keeps_text(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("code: 007\nflag: no\nwaves: [2025Q1, 2025Q2]\n", encoding="utf-8")
    assert read_parameters_file(path) == {"code": "007", "flag": "no", "waves": ["2025Q1", "2025Q2"]}
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(CxParameterError, match="must hold a mapping"):
        read_parameters_file(path)
    path.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(CxParameterError, match="not valid YAML"):
        read_parameters_file(path)
    with pytest.raises(CxParameterError, match="cannot be read"):
        read_parameters_file(tmp_path / "missing.yaml")


# --- finding notebooks -----------------------------------------------------------------


def test_find_notebooks_by_stem_file_name_and_path(fixture_notebooks):
    by_stem = find_notebooks(["typed", "ok.ipynb"], notebooks_dir=fixture_notebooks)
    assert [p.name for p in by_stem] == ["typed.ipynb", "ok.ipynb"]
    by_path = find_notebooks([str(fixture_notebooks / "raises.ipynb")], notebooks_dir="/nonexistent")
    assert by_path[0].name == "raises.ipynb"
    every = find_notebooks([], notebooks_dir=fixture_notebooks)
    assert [p.stem for p in every] == ["leaky", "ok", "raises", "sleeps", "typed"]


def test_find_notebooks_unknown_lists_available(fixture_notebooks, tmp_path):
    with pytest.raises(CxParameterError, match="no notebook '99_nothing'.*available: leaky, ok, raises"):
        find_notebooks(["99_nothing"], notebooks_dir=fixture_notebooks)
    with pytest.raises(CxParameterError, match="no notebooks"):
        find_notebooks([], notebooks_dir=tmp_path)
    with pytest.raises(CxParameterError, match="does not exist"):
        find_notebooks([], notebooks_dir=tmp_path / "missing")


def test_default_notebooks_dir_is_the_projects(repo_root):
    assert report.default_notebooks_dir() == repo_root / "notebooks"


# --- reading executed notebooks --------------------------------------------------------


def test_notebook_title():
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell("Intro\n\n## What is a customer worth? ##")])
    assert notebook_title(nb) == "What is a customer worth?"
    assert notebook_title(new_notebook()) == ""


def test_collect_metrics_merges_in_order():
    cell = new_code_cell("...")
    cell.outputs = [
        new_output("display_data", data={METRICS_MIMETYPE: {"nps": 30, "n": 10}, "text/plain": "x"}),
        new_output("stream", name="stdout", text="hello"),
    ]
    later = new_code_cell("...")
    later.outputs = [new_output("display_data", data={METRICS_MIMETYPE: {"n": 12, "csat": 4.1}})]
    assert collect_metrics(new_notebook(cells=[cell, later])) == {"nps": 30, "n": 12, "csat": 4.1}


def test_describe_failure_names_the_cell():
    bad = new_code_cell("y = x / 0\nprint(y)")
    bad.outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("x = 1"), bad])
    assert describe_failure(nb) == "cell 3 of 3 ('y = x / 0'): ZeroDivisionError: division by zero"
    exit_ok = new_code_cell("raise SystemExit")
    exit_ok.outputs = [new_output("error", ename="SystemExit", evalue="", traceback=[])]
    assert describe_failure(new_notebook(cells=[exit_ok])) is None


def _result(**kw):
    base = dict(notebook="01_ltv", title="What is a customer worth?", status="ok", duration=12.34, error=None,
                report="01_ltv/01_ltv.html")
    base.update(kw)
    return NotebookResult(**base)


def test_run_summary_table_and_frame():
    summary = RunSummary(
        (_result(), _result(notebook="03_survey", status="failed", error="cell 2 of 5 ('x'): KeyError: 'nps'",
                            report=None)),
        "reports",
    )
    assert summary.exit_code == 1 and not summary.ok
    table = summary.table()
    assert table.splitlines()[0].split() == ["notebook", "status", "duration", "error"]
    row = next(line for line in table.splitlines() if line.startswith("03_survey"))
    assert row.split()[:3] == ["03_survey", "failed", "12.3"] and row.endswith("KeyError: 'nps'")
    assert "12.3 s" in table
    assert "1 of 2 notebooks ok" in repr(summary)
    frame = summary.to_frame()
    assert frame["status"].tolist() == ["ok", "failed"]
    assert RunSummary((_result(),), "reports").exit_code == 0


def test_render_index_escapes_and_mentions_last_good():
    html = render_index([
        _result(),
        _result(notebook="03_survey", title="Survey <metrics>", status="failed",
                error="cell 2 of 5: KeyError: '<nps>'", report="03_survey/03_survey.html",
                last_good="2026-11-20T06:00:00+00:00"),
    ])
    assert "Survey &lt;metrics&gt;" in html and "&#x27;&lt;nps&gt;&#x27;" in html
    assert "showing last good report from 2026-11-20T06:00:00+00:00" in html
    assert "href='01_ltv/01_ltv.html'" in html and "1 of 2 notebooks ran successfully" in html


# --- running (real kernels) ------------------------------------------------------------


@pytest.mark.slow
def test_failure_keeps_the_last_good_report(fixture_notebooks, tmp_path):
    ok = fixture_notebooks / "ok.ipynb"
    first = run_notebooks([ok], out_dir=tmp_path, progress_bar=False)
    assert first.exit_code == 0, first
    html = (tmp_path / "ok" / "ok.html").read_bytes()
    metrics = json.loads((tmp_path / "ok" / "metrics.json").read_text())
    assert metrics["metrics"] == {"answer": 42.0, "n": 4, "data_dir_is_absolute": False, "label": "final"}
    assert metrics["run"]["status"] == "ok" and metrics["run"]["parameters"] == {}

    second = run_notebooks([ok], parameters={"fail": "true"}, out_dir=tmp_path, progress_bar=False)
    result = second.results[0]
    assert second.exit_code == 1
    assert result.status == "failed"
    assert result.error == "cell 5 of 8 ('if fail:'): ValueError: asked to fail"
    assert result.last_good == metrics["run"]["finished"] and result.report == "ok/ok.html"
    assert (tmp_path / "ok" / "ok.html").read_bytes() == html  # untouched
    assert json.loads((tmp_path / "ok" / "metrics.json").read_text()) == metrics
    assert (tmp_path / "ok" / "ok.failed.ipynb").exists()
    index = (tmp_path / "index.html").read_text()
    assert "showing last good report from" in index and "asked to fail" in index
    assert "<a href='ok/ok.html'>last good report</a><br><a href='ok/ok.failed.ipynb'>notebook with the error</a>" in index
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folder left behind"

    third = run_notebooks([ok], parameters={"scale": "1"}, out_dir=tmp_path, progress_bar=False)
    assert third.exit_code == 0
    assert not (tmp_path / "ok" / "ok.failed.ipynb").exists()
    assert json.loads((tmp_path / "ok" / "metrics.json").read_text())["metrics"]["answer"] == 21.0


def test_render_index_lists_reports_from_earlier_runs(tmp_path):
    earlier = tmp_path / "02_herzberg"
    earlier.mkdir()
    (earlier / "02_herzberg.html").write_text("<html></html>")
    (earlier / "metrics.json").write_text(json.dumps(
        {"metrics": {}, "run": {"title": "Hygiene factors and motivators", "finished": "2026-11-01T06:00:00+00:00"}}
    ))
    (tmp_path / ".running-01_ltv-abc").mkdir()  # a run in progress is not a report
    page = render_index([_result()], out_dir=tmp_path)
    assert "Hygiene factors and motivators" in page and "from an earlier run (2026-11-01T06:00:00+00:00)" in page
    assert "href='02_herzberg/02_herzberg.html'" in page and ".running" not in page


@pytest.mark.slow
def test_personal_data_in_a_warning_blocks_the_report(fixture_notebooks, tmp_path):
    # stderr is left out of the HTML but kept in the executed notebook, which is published too
    summary = run_notebooks([fixture_notebooks / "leaky.ipynb"], parameters={"to_stderr": "yes"},
                            out_dir=tmp_path, progress_bar=False)
    result = summary.results[0]
    assert result.status == "privacy check failed"
    assert "e-mail address" in result.error and "cell 4 of 4" in result.error
    assert "ivan.petrov" not in result.error
    assert not (tmp_path / "leaky" / "leaky.ipynb").exists() and not (tmp_path / "leaky" / "leaky.html").exists()
    assert "ivan.petrov" not in (tmp_path / "summary.json").read_text()


@pytest.mark.slow
def test_failed_notebook_showing_personal_data_is_not_kept(tmp_path, capfd):
    # a failed run keeps its executed notebook for debugging, beside the published
    # reports: not when a traceback prints a customer's contact details
    nb = new_notebook(cells=[
        new_markdown_cell("# Fails naming a customer"),
        new_code_cell("x = 1"),
        new_code_cell("raise LookupError('no contract found for ivan.petrov@example.com')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "nb").mkdir()
    nbformat.write(nb, tmp_path / "nb" / "names.ipynb")
    out = tmp_path / "out"
    result = run_notebooks([tmp_path / "nb" / "names.ipynb"], out_dir=out, progress_bar=False).results[0]
    assert result.status == "failed"
    assert result.error.startswith("cell 3 of 3 (") and "LookupError: no contract found for" in result.error
    assert "not kept because its outputs show personal data (e-mail address" in result.error
    assert not (out / "names" / "names.failed.ipynb").exists()
    for path in out.rglob("*"):
        if path.is_file():
            assert "ivan.petrov" not in path.read_text(encoding="utf-8"), path
    # the kernel gets CurveZMQ keys, so it has no reason to warn about plain-text traffic
    import zmq

    if zmq.has("curve"):
        assert "without encryption" not in capfd.readouterr().err


@pytest.mark.slow
def test_failed_notebook_without_personal_data_is_kept_for_debugging(fixture_notebooks, tmp_path):
    result = run_notebooks([fixture_notebooks / "raises.ipynb"], out_dir=tmp_path, progress_bar=False).results[0]
    assert result.status == "failed" and "not kept" not in result.error
    kept = nbformat.read(tmp_path / "raises" / "raises.failed.ipynb", as_version=4)
    assert any(o.get("ename") == "ZeroDivisionError" for c in kept.cells for o in c.get("outputs", []))


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
        "| share churned | 0.123 |",
        "| revenue rub | 1,345,671 |",
        "| converged | yes |",
        "| missing | not available |",
        "| waves | 2025Q1, 2025Q2 |",
        "| a\\|b | 1 |",
    ]


def test_index_links_a_failed_notebook_to_its_last_good_report():
    failed = _result(notebook="03_survey", title="Survey", status="failed", error="cell 2 of 5: KeyError: 'nps'",
                     report="03_survey/03_survey.html", last_good="2026-11-20T06:00:00+00:00")
    never = _result(notebook="04_cx_value", title="Value", status="timed out", error="timed out in cell 3 of 9",
                    report=None, last_good=None)
    page = render_index([_result(), failed, never])
    rows = page.split("<tr>")[2:]
    assert "<a href='01_ltv/01_ltv.html'>report</a>" in rows[0]
    assert "<a href='03_survey/03_survey.html'>last good report</a>" in rows[1]
    assert "showing last good report from 2026-11-20T06:00:00+00:00" in rows[1] and "KeyError" in rows[1]
    assert "<a " not in rows[2] and "no earlier good report" in rows[2] and "timed out in cell 3 of 9" in rows[2]


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


@pytest.mark.slow
def test_a_kernel_crash_names_the_cell(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Crashes"), new_code_cell("x = 1"),
                             new_code_cell("import os; os._exit(1)"), new_code_cell("print(x)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "nb").mkdir()
    nbformat.write(nb, tmp_path / "nb" / "crashes.ipynb")
    summary = run_notebooks([tmp_path / "nb" / "crashes.ipynb"], out_dir=tmp_path / "out", progress_bar=False)
    result = summary.results[0]
    assert summary.exit_code == 1 and result.status == "failed"
    assert result.error == ("the kernel died (the Python process crashed, was killed or ran out of memory) "
                            "in cell 3 of 4 ('import os; os._exit(1)')")
    assert not (tmp_path / "out" / "crashes" / "crashes.html").exists()
