"""Notebook 03 (survey): its structure and parameters, and a run on the bundled samples."""

from __future__ import annotations

import pandas as pd
import pytest


def _survey_notebook():
    from pathlib import Path

    import nbformat

    return nbformat.read(Path(__file__).resolve().parents[2] / "notebooks" / "03_survey.ipynb", as_version=4)


def test_survey_notebook_structure_and_parameters():
    from papermill.translators import PythonTranslator

    nb = _survey_notebook()
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# 03 · ")
    params = nb.cells[1]
    assert "parameters" in params.metadata.get("tags", [])
    found = PythonTranslator.inspect(params)
    # the cell opens with the import of the parameter types, then one parameter per line
    import ast

    first = ast.parse(params.source).body[0]
    assert isinstance(first, ast.ImportFrom) and first.module == "cxtools.report.parameter_types"
    declared = "\n".join(params.source.splitlines()[first.end_lineno:])
    assert len(found) == len([ln for ln in declared.splitlines() if ln.strip()])
    assert all(p.help and p.inferred_type_name != "None" for p in found)
    # column names, scales and roles come from the data description, not from parameters
    assert {p.name for p in found} == {"data_dir", "lang", "confidence", "rake_to_customers", "n_boot", "seed"}
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "### BEGIN SOLUTION" in code and "### END SOLUTION" in code
    assert "publish_metrics(" in code and "load_description(" in code and "CxNotebookSkipped(" in code
    # significance is marked in the by-segment and by-wave outputs, from the tests, not typed in
    assert "nps_pairwise(" in code and "narrative.report_table(trend" in code


@pytest.mark.slow
def test_survey_notebook_runs_and_finds_the_planted_gap_and_trend(tmp_path):
    """On the bundled samples (small business planted lower, NPS rising by wave) the notebook
    reports a significant segment gap and a significant upward trend; no personal data shown."""
    import json
    from pathlib import Path

    import nbformat
    import papermill as pm

    from cxtools.report import collect_metrics

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "03_survey.ipynb"
    pm.execute_notebook(str(root / "notebooks" / "03_survey.ipynb"), str(out), cwd=str(root / "notebooks"),
                        kernel_name="python3", parameters={"n_boot": 100}, progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    m = collect_metrics(nb)
    assert m["nps_by_segment"]["Small business"] < m["nps_by_segment"]["Consumer"]
    assert m["nps_segment_gap_significant"] and m["nps_trend_significant"]
    assert m["nps_trend_points_per_wave"] > 0
    assert m["nps_ci_low"] < m["nps"] < m["nps_ci_high"] and m["n_effective"] < m["n_respondents"]
    from cxtools.report import METRICS_MIMETYPE

    shown = [{k: v for k, v in o.get("data", {}).items() if k != METRICS_MIMETYPE and not k.startswith("image/")}
             for c in nb.cells for o in c.get("outputs", [])]
    text = json.dumps(shown, ensure_ascii=False)
    assert "e-0" not in text  # no p-value in scientific notation where a reader sees it (metrics.json keeps numbers)
    assert m["nps_trend_p_value"]["unit"] == "p-value" and 0 <= m["nps_trend_p_value"]["value"] < 0.05
    survey_csv = pd.read_csv(root / "data" / "samples" / "survey.csv", dtype=str)
    assert not [v for v in survey_csv["email"].dropna().head(200) if v in text]
