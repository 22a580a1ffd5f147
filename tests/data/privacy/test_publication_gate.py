"""The gate before publishing: any text, figures as SVG, notebooks, metrics, tracebacks, parameters."""

from __future__ import annotations

import base64
import io
import json

import pytest

from cxtools.data.privacy import (
    PersonalDataFinding,
    personal_parameters,
    scan_for_personal_data,
    scan_notebook,
    scrub_traceback,
)

NAMES = {"crm.csv:ФИО": ["Иванов Иван Иванович", "O'Brien Patrick"]}


def _svg(labels, *, fonttype):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "fixed"}):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.barh(labels, [12.5, 30.25, 7.0][: len(labels)])
        ax.set_xlabel("Revenue, rub")
        ax.set_title("Revenue by segment, 2025-01-01 - 2025-06-30")
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        plt.close(fig)
    return buffer.getvalue()


@pytest.mark.parametrize("fonttype", ["none", "path"])
def test_figure_text_is_checked(fonttype):
    # text kept as <text> elements, or drawn as paths with the text in a comment
    clean = _svg(["Consumer", "Small business", "Enterprise"], fonttype=fonttype)
    assert scan_for_personal_data(clean, values=NAMES) == []
    leaky = _svg(["Consumer", "ivan.petrov@Mail.Ru", "Plan +7 (912) 345-67-89"], fonttype=fonttype)
    assert scan_for_personal_data(leaky) == ["e-mail address", "phone number"]
    named = _svg(["Consumer", "Иванов Иван Иванович"], fonttype=fonttype)
    assert scan_for_personal_data(named, values=NAMES) == ["values of crm.csv:ФИО"]


def test_figures_embedded_in_html_as_data_uris():
    svg = _svg(["Consumer", "ivan.petrov@mail.ru"], fonttype="none")
    as_base64 = f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'
    assert scan_for_personal_data(f"<html><body>{as_base64}</body></html>") == ["e-mail address"]
    from urllib.parse import quote

    as_url = f"<img src='data:image/svg+xml;charset=utf-8,{quote(svg)}'>"
    assert scan_for_personal_data(as_url) == ["e-mail address"]
    clean = _svg(["Consumer", "Enterprise"], fonttype="none")
    assert scan_for_personal_data(
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(clean.encode()).decode()}">') == []


def test_text_split_into_tspans_and_escaped_characters():
    svg = '<svg><text x="0"><tspan>Иванов </tspan><tspan>Иван Иванович</tspan></text></svg>'
    assert scan_for_personal_data(svg, values=NAMES) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data("<td>O&#x27;Brien Patrick</td>", values=NAMES) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data("<td>&#1048;&#1074;&#1072;&#1085;&#1086;&#1074; &#1048;&#1074;&#1072;&#1085; "
                                  "&#1048;&#1074;&#1072;&#1085;&#1086;&#1074;&#1080;&#1095;</td>",
                                  values=NAMES) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data("ivan&#64;mail.ru") == ["e-mail address"]


def test_metrics_json_with_ascii_escapes():
    metrics = {"segments": {"Иванов Иван Иванович": 0.31}, "p_value": 1.2345678901e-05, "n": 12345678901,
               "as_of": "2026-06-30", "contact": None}
    assert scan_for_personal_data(json.dumps(metrics), values=NAMES) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data(json.dumps(metrics, ensure_ascii=False), values=NAMES) == ["values of crm.csv:ФИО"]
    del metrics["segments"]
    assert scan_for_personal_data(json.dumps(metrics), values=NAMES) == []


TRACEBACK = (
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m\n"
    "\x1b[0;31mKeyError\x1b[0m                                  Traceback (most recent call last)\n"
    "File \x1b[0;32m{home}/projects/cx/notebooks/03_survey.ipynb:12\x1b[0m\n"
    "\x1b[0;31mKeyError\x1b[0m: 'Иванов Иван Иванович'\n\n"
    "The above exception was the direct cause of the following exception:\n\n"
    "\x1b[0;31mValueError\x1b[0m: no answer from IVAN.IVANOV@MAIL.RU (tel. 8 912 345 67 89)\n"
)


def test_tracebacks_are_checked_and_scrubbed(monkeypatch, tmp_path):
    home = tmp_path / "ivan.ivanov"
    monkeypatch.setenv("HOME", str(home))
    text = TRACEBACK.format(home=home)
    assert scan_for_personal_data(text, values=NAMES) == ["e-mail address", "phone number", "values of crm.csv:ФИО"]
    safe = scrub_traceback(text, values=NAMES)
    assert scan_for_personal_data(safe, values=NAMES) == []
    assert "\x1b" not in safe and str(home) not in safe and "ivan.ivanov" not in safe
    assert "File ~/projects/cx/notebooks/03_survey.ipynb:12" in safe
    assert "KeyError: '[redacted]'" in safe
    assert "ValueError: no answer from [redacted] (tel. [redacted])" in safe
    # a notebook's error output keeps its traceback as a list of lines
    assert scrub_traceback(text.splitlines(), values=NAMES) == safe.rstrip("\n")


def _notebook(**overrides):
    import nbformat.v4 as v4

    nb = v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"data_dir": "../data/samples", "as_of": "2026-06-30"}}
    nb.cells = [
        v4.new_markdown_cell("# Survey\nNPS for 2025-01-01 - 2025-06-30."),
        v4.new_code_cell('data_dir = "../data/samples"\nas_of = "2026-06-30"', metadata={"tags": ["parameters"]}),
        v4.new_code_cell("nps(survey)", outputs=[
            v4.new_output("stream", name="stdout", text="n = 1 234 567, NPS 31.4\n"),
            v4.new_output("display_data", data={
                "text/html": "<table><tr><td>Consumer</td><td>31.4</td></tr></table>",
                "image/png": base64.b64encode(b"\x00" * 3 + b"89123456789" * 5).decode(),
                "image/svg+xml": _svg(["Consumer", "Enterprise"], fonttype="none"),
            }),
        ]),
    ]
    for where, value in overrides.items():
        cell, part = where.split("__")
        target = nb.cells[int(cell)]
        if part == "source":
            target.source += value
        else:
            target.outputs.append(value)
    return nb


def test_a_clean_notebook_passes():
    assert scan_notebook(_notebook(), values=NAMES) == []


def test_project_notebooks_raise_no_false_alarm(notebooks_dir):
    import nbformat

    for path in sorted(notebooks_dir.glob("*.ipynb")):
        assert scan_notebook(nbformat.read(path, as_version=4)) == [], path.name


def test_personal_data_anywhere_in_a_notebook_is_found():
    import nbformat.v4 as v4

    nb = _notebook(**{"0__source": "\nAsk Ivan.Petrov@Mail.Ru."})
    assert scan_notebook(nb) == [PersonalDataFinding("cell 1 source", ("e-mail address",))]

    # a parameter that is personal data: in the injected cell and in papermill's metadata
    nb = _notebook(**{"1__source": '\nwho = "+7 912 345-67-89"'})
    nb.metadata["papermill"]["parameters"]["who"] = "+7 912 345-67-89"
    assert [str(f) for f in scan_notebook(nb)] == ["cell 2 source: phone number", "notebook metadata: phone number"]

    # the traceback of a chained exception, not only the error's last message
    error = v4.new_output("error", ename="ValueError", evalue="lookup failed",
                          traceback=["\x1b[0;31mKeyError\x1b[0m: 'Иванов Иван Иванович'", "", "ValueError: lookup failed"])
    assert [str(f) for f in scan_notebook(_notebook(**{"2__output": error}), values=NAMES)] == [
        "cell 3 outputs: values of crm.csv:ФИО"]

    # figure text in an SVG output, a JSON output, printed text
    for output in [
        v4.new_output("display_data", data={"image/svg+xml": _svg(["ivan@mail.ru"], fonttype="path")}),
        v4.new_output("display_data", data={"application/json": {"contact": "IVAN@MAIL.RU"}}),
        v4.new_output("execute_result", data={"text/plain": "0    ivan@mail.ru"}, execution_count=3),
        v4.new_output("stream", name="stderr", text="UserWarning: row of ivan@mail.ru"),
    ]:
        assert [str(f) for f in scan_notebook(_notebook(**{"2__output": output}))] == [
            "cell 3 outputs: e-mail address"], output


def test_scan_notebook_reads_plain_json(tmp_path):
    import nbformat

    nb = _notebook(**{"0__source": "\nIvan@Mail.Ru"})
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    plain = json.loads(path.read_text(encoding="utf-8"))  # sources as lists of lines
    assert [str(f) for f in scan_notebook(plain)] == ["cell 1 source: e-mail address"]


def test_parameters_that_are_personal_data():
    parameters = {"data_dir": "/srv/data", "as_of": "2026-06-30", "who": "ivan.petrov@Mail.Ru",
                  "call": "8 (912) 345-67-89", "seed": 12345678901, "segments": ["Consumer", "Иванов Иван Иванович"],
                  "discount": 0.1}
    assert personal_parameters(parameters, values=NAMES) == {
        "who": ["e-mail address"], "call": ["phone number"], "segments": ["values of crm.csv:ФИО"]}


def test_scrub_notebook_leaves_nothing_the_scan_finds():
    import nbformat.v4 as v4

    from cxtools.data.privacy import scrub_notebook

    error = v4.new_output("error", ename="ValueError", evalue="no answer from IVAN@MAIL.RU",
                          traceback=["\x1b[0;31mKeyError\x1b[0m: 'Иванов Иван Иванович'", "",
                                     "ValueError: no answer from IVAN@MAIL.RU (8 912 345 67 89)"])
    nb = _notebook(**{"0__source": "\nAsk Ivan.Petrov@Mail.Ru.", "1__source": '\nwho = "+7 912 345-67-89"',
                      "2__output": error})
    nb.metadata["papermill"]["parameters"]["who"] = "+7 912 345-67-89"
    png = nb.cells[2].outputs[1]["data"]["image/png"]
    assert len(scan_notebook(nb, values=NAMES)) == 4
    safe = scrub_notebook(nb, values=NAMES)
    assert scan_notebook(safe, values=NAMES) == []
    assert len(scan_notebook(nb, values=NAMES)) == 4  # the input is unchanged
    assert safe.cells[1].source.endswith('who = "[redacted]"')
    assert safe.cells[2].outputs[-1]["traceback"] == [
        "KeyError: '[redacted]'", "", "ValueError: no answer from [redacted] ([redacted])"]
    assert safe.cells[2].outputs[1]["data"]["image/png"] == png  # binary images untouched
    assert safe.cells[2].outputs[0]["text"] == nb.cells[2].outputs[0]["text"]  # "n = 1 234 567" stays


@pytest.mark.parametrize("fonttype", ["none", "path"])
def test_svg_figure_in_a_rendered_report(fonttype):
    # a figure output as SVG ends up in the stakeholder HTML; its labels are checked
    import nbformat.v4 as v4

    from cxtools.report import render_html

    def page(labels):
        nb = v4.new_notebook(cells=[v4.new_markdown_cell("# Plans"), v4.new_code_cell("plot()", outputs=[
            v4.new_output("display_data", data={"image/svg+xml": _svg(labels, fonttype=fonttype),
                                                "text/plain": "<Figure size 400x300 with 1 Axes>"})])])
        return render_html(nb, title="Plans")

    assert scan_for_personal_data(page(["Basic", "Premium"]), values=NAMES) == []
    assert scan_for_personal_data(page(["Basic", "Plan 8 (912) 345-67-89"])) == ["phone number"]
    assert scan_for_personal_data(page(["Basic", "Иванов Иван Иванович"]), values=NAMES) == ["values of crm.csv:ФИО"]


def test_notebook_files_as_text():
    import nbformat

    nb = _notebook(**{"0__source": "\nИванов Иван Иванович"})
    for text in (nbformat.writes(nb), json.dumps(nb)):  # UTF-8 as written, or \\u-escaped
        assert scan_for_personal_data(text, values=NAMES) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data(json.dumps(_notebook()), values=NAMES) == []


def test_full_names_in_other_case_are_found_single_words_exactly():
    values = {"crm.csv:ФИО": ["Иванов Иван Иванович"], "crm.csv:Имя": ["Роман"]}
    assert scan_for_personal_data("<th>ИВАНОВ ИВАН ИВАНОВИЧ</th>", values=values) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data("иванов иван иванович", values=values) == ["values of crm.csv:ФИО"]
    assert scan_for_personal_data("Роман wrote", values=values) == ["values of crm.csv:Имя"]
    assert scan_for_personal_data("любовный роман, РОМАН", values=values) == []


def test_scrubbing_removes_what_the_scan_finds_in_other_case():
    text = "KeyError: 'ИВАНОВ ИВАН ИВАНОВИЧ' (Иванов Иван Иванович), Роман, роман"
    values = {"crm.csv:ФИО": ["Иванов Иван Иванович"], "crm.csv:Имя": ["Роман"]}
    safe = scrub_traceback(text, values=values)
    assert safe == "KeyError: '[redacted]' ([redacted]), [redacted], роман"
    assert scan_for_personal_data(safe, values=values) == []
