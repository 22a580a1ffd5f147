"""Kernel runs: naming the failing cell, time limits, signals (cxtools.report.execute)."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxtools.report import describe_failure


def test_describe_failure_names_the_cell():
    bad = new_code_cell("y = x / 0\nprint(y)")
    bad.outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("x = 1"), bad])
    assert describe_failure(nb) == "cell 3 of 3 ('y = x / 0'): ZeroDivisionError: division by zero"
    exit_ok = new_code_cell("raise SystemExit")
    exit_ok.outputs = [new_output("error", ename="SystemExit", evalue="", traceback=[])]
    assert describe_failure(new_notebook(cells=[exit_ok])) is None
