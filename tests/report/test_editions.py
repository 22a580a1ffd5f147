"""Stakeholder and analyst editions: tags decide what a reader sees; pages work offline."""

from __future__ import annotations

import re

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxtools.report import editions
from cxtools.report.browser import check_offline, find_chromium, print_pdf


def _notebook():
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    return new_notebook(cells=[
        new_markdown_cell("# 09 · Demo: what do we show?"),
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_markdown_cell("## Why we do this\nA lesson for analysts.", metadata={"tags": ["lesson"]}),
        new_markdown_cell("## Results\nThe formula $$\\text{LTV} = m \\times L$$ and $m$ inline."),
        new_code_cell("print('debug'); df", outputs=[
            new_output("stream", name="stdout", text="debug output"),
            new_output("stream", name="stderr", text="UserWarning: careful"),
            new_output("execute_result", data={"text/html": "<table><tr><td>42</td></tr></table>",
                                               "text/plain": "42"}, execution_count=1),
            new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
        ]),
        new_markdown_cell("### Exercise\nTry it.", metadata={"tags": ["exercise"]}),
        new_code_cell("answer = 42", metadata={"tags": ["exercise"]}),
        new_markdown_cell("## Итоги", metadata={"tags": ["lang-ru"]}),
        new_markdown_cell("## Summary", metadata={"tags": ["lang-en"]}),
        new_markdown_cell("## Key findings\n- NPS is 31 (95% interval 25 to 37).", metadata={"tags": ["findings"]}),
    ])


def _heads(nb):
    return [c.source.splitlines()[0] for c in nb.cells]


def test_stakeholder_edition_opens_with_findings_then_contents_and_drops_lessons_and_exercises():
    out = editions.stakeholder_notebook(_notebook(), provenance={"data": "samples", "as_of": "2026-06-30",
                                                                 "parameters": {"x": 1}})
    assert _heads(out) == ["# 09 · Demo: what do we show?", "## Key findings", "## Contents", "## Results",
                           "print('debug'); df", "## Summary", "## How this report was made"]
    code = out.cells[4]
    assert [o["output_type"] for o in code.outputs] == ["execute_result", "display_data"]
    assert "[Results](#Results)" in out.cells[2].source and "[Summary](#Summary)" in out.cells[2].source
    assert "`x` | 1" in out.cells[-1].source and "samples" in out.cells[-1].source


def test_russian_edition_keeps_russian_cells_and_headings():
    out = editions.stakeholder_notebook(_notebook(), lang="ru", provenance={"data": "samples"})
    heads = _heads(out)
    assert "## Итоги" in heads and "## Summary" not in heads
    assert heads[2] == "## Содержание" and heads[-1] == "## Как сделан этот отчёт"


def test_formulas_become_mathml_and_the_page_loads_no_script():
    page = editions.render_stakeholder_html(_notebook(), title="Demo")
    assert page.count("<math") == 2 and "$$" not in page
    assert "<script src=" not in page and "mathjax" not in page.lower() and "require.js" not in page
    assert "debug output" not in page and "print('debug')" not in page and "careful" not in page
    assert "A lesson for analysts" not in page and "answer = 42" not in page
    assert "data:image/png;base64" in page


def test_analyst_edition_keeps_code_folded_and_everything_else():
    page = editions.render_analyst_html(_notebook(), title="Demo")
    text = re.sub(r"<[^>]+>", "", page)
    assert page.count("<details class=\"cx-code\">") == 3  # one per code cell
    assert "answer = 42" in text and "A lesson for analysts" in page
    assert "mathjax" not in page.lower()


@pytest.mark.parametrize("lang, shown, left_out", [("en", "## Summary", "## Итоги"), ("ru", "## Итоги", "## Summary")])
def test_both_editions_show_only_the_chosen_language(lang, shown, left_out):
    for nb in (editions.stakeholder_notebook(_notebook(), lang=lang), editions.analyst_notebook(_notebook(), lang=lang)):
        assert shown in _heads(nb) and left_out not in _heads(nb)
    page = editions.render_analyst_html(_notebook(), title="Demo", lang=lang)
    assert f'>{shown.lstrip("# ")}<' in page and f'>{left_out.lstrip("# ")}<' not in page


@pytest.mark.parametrize("snippet, problem", [
    ("<pre>BetaGeoModel(r=0.24)</pre>", "monospace print block"),
    ("<p>BetaGeoModel(r=0.2466, alpha=4.4)</p>", "a Python repr"),
    ("<p>churn is nan</p>", "nan/NaT/None"),
    ("<p>p = 2.65e-09</p>", "e-notation"),
    ("<table><thead><tr><th>customer_id</th></tr></thead></table>", "snake_case"),
    ("<table><tbody><tr><th>0</th></tr><tr><th>1</th></tr><tr><th>2</th></tr></tbody></table>", "bare 0..n"),
    ("<p>&lt;IPython.core.display.Markdown object&gt;</p>", "object address"),
    ("<p>UserWarning: careful</p>", "a warning"),
])
def test_developer_artefacts_are_found(snippet, problem):
    found = editions.leaked_developer_artefacts(f"<html><body>{snippet}</body></html>")
    assert any(problem in f for f in found), found


def test_a_clean_page_has_no_artefacts():
    page = ("<html><body><h1>Report</h1><p>NPS is 31 (95% interval 25 to 37); 1,800 customers.</p>"
            "<table><thead><tr><th>Customer group</th></tr></thead><tbody><tr><th>Retail</th></tr></tbody></table>"
            "<math><mi>nan</mi></math></body></html>")
    assert editions.leaked_developer_artefacts(page) == []


needs_browser = pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine")


@needs_browser
def test_the_stakeholder_page_opens_offline_in_a_real_browser(tmp_path):
    path = tmp_path / "demo.html"
    path.write_text(editions.render_stakeholder_html(_notebook(), title="Demo"), encoding="utf-8")
    seen = check_offline(path, screenshot=tmp_path / "first.png")
    assert seen.ok, seen
    assert (seen.formulas, seen.formulas_rendered) == (2, 2) and seen.images >= 1
    assert (tmp_path / "first.png").read_bytes()[:4] == b"\x89PNG"


@needs_browser
def test_a_page_that_fetches_mathjax_is_caught(tmp_path):
    path = tmp_path / "cdn.html"
    path.write_text('<html><head><script src="https://cdn.example.org/mathjax.js"></script></head>'
                    "<body>$$x$$</body></html>", encoding="utf-8")
    seen = check_offline(path)
    assert not seen.ok and seen.requests == ("https://cdn.example.org/mathjax.js",)


@needs_browser
def test_print_pdf_writes_a_pdf(tmp_path):
    path = tmp_path / "demo.html"
    path.write_text(editions.render_stakeholder_html(_notebook(), title="Demo"), encoding="utf-8")
    pdf = print_pdf(path, tmp_path / "demo.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000
