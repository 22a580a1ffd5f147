"""The personal-data gate reads metrics.json as well as the HTML editions and the notebook.

metrics.json travels further than the report (``summary.json``, the index, monitoring), so an
e-mail address that reaches only metrics.json -- a data file named after a person, say -- must
stop the publication like one in the HTML.
"""

from __future__ import annotations

import json

import nbformat

from cxtools.report import run


def _clean_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A report\n\nNothing personal here.")]
    return nb


def test_an_email_only_in_metrics_json_stops_the_publication():
    metrics = json.dumps({"sources": [{"name": "survey", "file": "ivan.petrov@example.com.csv", "rows_read": 3}]})
    gate = run._privacy_gate(_clean_notebook(), {"r.html": "<p>Nothing personal here.</p>"}, metrics, None,
                             stem="r")
    assert gate is not None
    assert gate.status == run.STATUS_PRIVACY
    assert "metrics.json" in gate.error and "ivan.petrov" not in gate.error


def test_clean_metrics_pass_the_gate():
    metrics = json.dumps({"sources": [{"name": "survey", "file": "survey.csv", "rows_read": 3}]})
    assert run._privacy_gate(_clean_notebook(), {"r.html": "<p>ok</p>"}, metrics, None, stem="r") is None
