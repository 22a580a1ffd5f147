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


def test_output_text_is_readable():
    from cxtools.report.execute import output_text

    markdown = new_output("display_data", {"text/markdown": "**NPS** 31", "text/plain": "<IPython.core.display.Markdown object>"})
    table = new_output("display_data", {"text/html": "<table></table>", "text/plain": "<pandas.io.formats.style.Styler at 0x7f3a2c>"})
    figure = new_output("display_data", {"image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>"})
    printed = new_output("stream", name="stdout", text="12 customers\n")
    error = new_output("error", ename="KeyError", evalue="'nps'", traceback=[])
    assert [output_text(o) for o in (markdown, table, figure, printed, error)] == [
        "**NPS** 31", "[table]", "[figure]", "12 customers", "KeyError: 'nps'"]


def test_check_timeout_bounds():
    import math

    import pytest

    from cxtools.core.errors import CxParameterError
    from cxtools.report import check_timeout

    assert check_timeout(None) is None and check_timeout("600") == 600.0 and check_timeout(5) == 5.0
    for bad in (math.nan, math.inf, -1, 0, 4.99, 1e9, "soon"):
        with pytest.raises(CxParameterError):
            check_timeout(bad)


def test_log_output_lines_are_readable_text_without_personal_data():
    # what `cxtools run --log-output` writes per cell, without starting a kernel: the
    # cell as the author numbers it, then each output as text (never an object repr)
    from cxtools.report.execute import _log_hooks

    lines = []
    personal = {"customers.csv:name": ["Ivan Petrov"]}
    hooks = _log_hooks("03_survey", lines.append, True, None, personal)
    cell = new_code_cell("show_nps(survey)")
    cell.outputs = [
        new_output("display_data", {"text/markdown": "**NPS** 31\n", "text/plain": "<IPython.core.display.Markdown object>"}),
        new_output("display_data", {"image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>"}),
        new_output("stream", name="stdout", text="write to ivan@example.com\n"),
        new_output("stream", name="stdout", text="Ivan Petrov answered twice\n"),
    ]
    nb = new_notebook(cells=[new_markdown_cell("# Survey"), cell])
    hooks["on_notebook_start"](notebook=nb)
    hooks["on_cell_execute"](cell=cell, cell_index=1)
    hooks["on_cell_executed"](cell=cell, cell_index=1)
    assert lines[0] == "03_survey: cell 2 of 2 ('show_nps(survey)')"
    assert lines[1:] == ["03_survey:     **NPS** 31", "03_survey:     [figure]",
                         "03_survey:     write to [redacted]", "03_survey:     [output withheld: it shows personal data]"]


def test_log_lines_are_only_written_with_log_output():
    from cxtools.report.execute import _log_hooks

    ready = []
    hooks = _log_hooks("01_ltv", print, False, lambda: ready.append(True), None)
    assert set(hooks) == {"on_notebook_start"}  # no line per cell without --log-output
    hooks["on_notebook_start"](notebook=new_notebook())
    assert ready == [True]
