"""Headline metrics and the HTML report (cxtools.report.publish)."""

from __future__ import annotations

import math

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxtools.errors import CxParameterError
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
