"""Whole runs with real kernels (cxtools.report.run): last good report, personal data, crashes."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cxtools.report import run_notebooks


@pytest.mark.slow
def test_failure_keeps_the_last_good_report(fixture_notebooks, tmp_path):
    ok = fixture_notebooks / "ok.ipynb"
    first = run_notebooks([ok], out_dir=tmp_path, progress_bar=False)
    assert first.exit_code == 0, first
    html = (tmp_path / "ok" / "ok.html").read_bytes()
    metrics = json.loads((tmp_path / "ok" / "metrics.json").read_text())
    assert metrics["metrics"] == {"answer": 42.0, "n": 4, "data_dir_is_absolute": False, "label": "final"}
    assert metrics["run"]["status"] == "ok" and metrics["run"]["parameters_given"] == []
    # every parameter, defaults included; the data folder by name only
    assert metrics["run"]["parameters"] == {"data_dir": "fixtures", "scale": 2.0, "fail": False}

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
    assert "<a href='ok/ok.html'>last good report</a>" in index
    assert "<a href='ok/ok.failed.html'>what went wrong (analyst edition)</a>" in index
    assert (tmp_path / "ok" / "ok.failed.html").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folder left behind"

    third = run_notebooks([ok], parameters={"scale": "1"}, out_dir=tmp_path, progress_bar=False)
    assert third.exit_code == 0
    assert not (tmp_path / "ok" / "ok.failed.ipynb").exists() and not (tmp_path / "ok" / "ok.failed.html").exists()
    assert json.loads((tmp_path / "ok" / "metrics.json").read_text())["metrics"]["answer"] == 21.0


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
    assert "not kept because it shows personal data (e-mail address" in result.error
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


@pytest.mark.slow
def test_metrics_that_break_the_schema_fail_the_notebook(tmp_path):
    nb = new_notebook(cells=[
        new_markdown_cell("# Publishes a share as text"),
        new_code_cell("from cxtools.report import publish_metrics\npublish_metrics({'satisfied': '62.5 %'})"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "nb").mkdir()
    nbformat.write(nb, tmp_path / "nb" / "text_share.ipynb")
    result = run_notebooks([tmp_path / "nb" / "text_share.ipynb"], out_dir=tmp_path / "out",
                           progress_bar=False).results[0]
    assert result.status == "failed"
    assert result.error.startswith("metrics.json does not follow its schema at metrics/satisfied")
    assert not (tmp_path / "out" / "text_share" / "metrics.json").exists()
