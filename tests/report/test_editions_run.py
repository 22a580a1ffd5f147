"""The runner publishes the two editions: language from the description or --lang, provenance,
SVG figures with their text, skipped notebooks, PDF. Real runs of ``cxtools run``."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cxtools.report.browser import find_chromium
from cxtools.report import run_notebooks

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
PERSON = "Иванов Иван Петрович"


def _notebook(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def _shown():
    """A notebook in two languages with a lesson, a diagnostic, a formula, a figure and findings."""
    return _notebook(
        new_markdown_cell("# Demo report"),
        _tagged(new_code_cell('data_dir: str = "."  # the data folder\nlang: str = "en"  # report language\n'
                              'as_of: str = "2026-06-30"  # as-of date'), "parameters"),
        new_code_cell("from cxtools.report import publish_metrics, publish_sources\n"
                      'publish_sources({"customers": (3, 2, 1)})\n'
                      'publish_metrics({"customers": 2, "nps": 31.4})'),
        _tagged(new_markdown_cell("## Method\nA lesson for analysts about $m$."), "lesson"),
        _tagged(new_markdown_cell("## Results\nValue is $$m \\times L$$ per customer."), "lang-en"),
        _tagged(new_markdown_cell("## Результаты\nЦенность клиента $$m \\times L$$."), "lang-ru"),
        new_code_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2))\n"
                      "ax.bar([1, 2], [3, 4])\n"
                      'ax.set_title("Доля клиентов" if lang == "ru" else "Share of customers")\nplt.show()'),
        _tagged(new_code_cell('print("optimiser converged")'), "diagnostic"),
        _tagged(new_markdown_cell("## Key findings\n- Two of three customers were accepted."), "findings", "lang-en"),
        _tagged(new_markdown_cell("## Главные выводы\n- Принято двое из трёх клиентов."), "findings", "lang-ru"),
    )


def _skips():
    return _notebook(
        new_markdown_cell("# Needs transactions"),
        _tagged(new_code_cell('data_dir: str = "."  # the data folder\nskip: bool = False  # pretend nothing is there'),
                "parameters"),
        new_code_cell("from cxtools.core.errors import CxNotebookSkipped\nif skip:\n"
                      '    raise CxNotebookSkipped("needs a transaction log (transactions)")'),
        new_code_cell('from cxtools.report import publish_metrics\npublish_metrics({"orders": 12})'),
    )


def _cxtools(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cxtools", *args], capture_output=True, text=True, timeout=600,
                          env=env, cwd=REPO_ROOT)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("editions")
    notebooks, data, out = root / "nb", root / "export_ru", root / "out"
    notebooks.mkdir()
    data.mkdir()
    nbformat.write(_shown(), notebooks / "shown.ipynb")
    nbformat.write(_skips(), notebooks / "skips.ipynb")
    (data / "cxtools.yaml").write_text("language: ru\n", encoding="utf-8")
    (data / "customers.csv").write_text(f"customer_id,name\nC1,{PERSON}\n", encoding="utf-8")
    base = ["run", "shown", "skips", "--notebooks-dir", str(notebooks), "--data", str(data), "--out", str(out)]
    first = _cxtools(*base)
    russian = {p.name: p.read_text(encoding="utf-8") for p in (out / "shown").iterdir() if p.suffix != ".pdf"}
    russian["index.html"] = (out / "index.html").read_text(encoding="utf-8")
    had_skips_report = (out / "skips" / "skips.html").is_file()
    second = _cxtools(*base, "-p", "skip", "true", "--lang", "en", "--pdf")
    return {"first": first, "second": second, "russian": russian, "out": out, "data": data,
            "had_skips_report": had_skips_report}


def _visible(page: str) -> str:
    return re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)


def _svg_texts(page: str) -> list[str]:
    svgs = [base64.b64decode(m).decode("utf-8") for m in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)]
    return [t for svg in svgs for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]


def test_language_comes_from_the_data_description(runs):
    first, pages = runs["first"], runs["russian"]
    assert first.returncode == 0, first.stderr
    page = _visible(pages["shown.html"])
    assert "Главные выводы" in page and "Результаты" in page and "Как сделан этот отчёт" in page
    assert "Results" not in page and "Key findings" not in page and "How this report was made" not in page
    # the kernel got lang = "ru": the figure's title is Russian, and kept as text
    assert "Доля клиентов" in " ".join(_svg_texts(pages["shown.html"]))
    assert "<html lang=\"ru\">" in pages["index.html"] and "Отчёты о клиентском опыте" in pages["index.html"]
    metrics = json.loads(pages["metrics.json"])
    assert metrics["run"]["language"] == "ru" and metrics["run"]["parameters"]["lang"] == "ru"


def test_stakeholder_edition_ends_with_how_it_was_made(runs):
    page = runs["russian"]["shown.html"]
    made = page[page.index("Как сделан этот отчёт"):]
    assert "export_ru" in made and str(runs["data"]) not in page  # the folder's name, never its path
    assert "2026-06-30" in made  # the as-of date, a default nobody gave
    assert all(name in made for name in ("data_dir", "lang", "as_of"))  # every parameter, defaults too
    assert re.search(r"customers(</code>)?</td>\s*<td[^>]*>3</td>\s*<td[^>]*>2</td>\s*<td[^>]*>1</td>", made)
    assert "соль" in made  # which pseudonym salt was used
    # lessons, diagnostics and the runner's data outputs stay in the analyst edition
    assert "A lesson for analysts" not in page and "optimiser converged" not in page
    assert "rows read" not in page
    analyst = runs["russian"]["shown.analyst.html"]
    assert "A lesson for analysts" in analyst and "optimiser converged" in analyst and "<details" in analyst
    # formulas as MathML, no MathJax, no script from elsewhere
    assert "<math" in page and "$$" not in page and "mathjax" not in page.lower() and "<script src=" not in page


def test_skipped_notebook_exits_0_and_its_old_report_goes(runs):
    second, out = runs["second"], runs["out"]
    assert runs["had_skips_report"]
    assert second.returncode == 0, second.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    skips = next(n for n in summary["notebooks"] if n["notebook"] == "skips")
    assert skips["status"] == "skipped" and skips["error"] == "skipped: needs a transaction log (transactions)"
    assert summary["ok"] is True and skips["report"] is None
    assert not (out / "skips").exists() or not list((out / "skips").iterdir()), "stale findings left behind"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "skipped: needs a transaction log (transactions)" in index and "href='skips/" not in index
    assert "1 skipped for want of their data" in second.stdout


def test_lang_option_and_pdf(runs):
    out, second = runs["out"], runs["second"]
    page = _visible((out / "shown" / "shown.html").read_text(encoding="utf-8"))
    assert "Results" in page and "How this report was made" in page and "Результаты" not in page
    assert "Share of customers" in " ".join(_svg_texts(page))
    if find_chromium() is None:
        assert "no Chromium" in second.stderr and not (out / "shown" / "shown.pdf").exists()
    else:
        assert (out / "shown" / "shown.pdf").read_bytes()[:5] == b"%PDF-"
        assert "href='shown/shown.pdf'" in (out / "index.html").read_text(encoding="utf-8")


def test_the_plan_is_printed_before_the_run(runs):
    # the description is checked (and what will run is listed) before the notebooks run
    stdout = runs["first"].stdout
    assert stdout.index("data folder export_ru: data description cxtools.yaml") < stdout.index("notebook  status")


def test_invalid_description_stops_the_run_before_any_kernel(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "cxtools.yaml").write_text("language: fr\nsources: [\n", encoding="utf-8")
    nbformat.write(_skips(), tmp_path / "skips.ipynb")
    result = _cxtools("run", "skips", "--notebooks-dir", str(tmp_path), "--data", str(data), "--out",
                      str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "cxtools.yaml" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_figure_text_is_checked_for_personal_data(tmp_path):
    nb = _notebook(
        new_markdown_cell("# Plans"),
        new_code_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                      "ax.bar(['Тариф +7 912 345-67-89'], [1])\nplt.show()"),
    )
    nbformat.write(nb, tmp_path / "plans.ipynb")
    # the label is built in code, so only the figure shows it
    nb.cells[1].source = nb.cells[1].source.replace("'Тариф +7 912 345-67-89'", "['Тариф +7 912 ' + '345-67-89'][0]")
    nbformat.write(nb, tmp_path / "plans.ipynb")
    result = run_notebooks([tmp_path / "plans.ipynb"], out_dir=tmp_path / "out", progress_bar=False).results[0]
    assert result.status == "privacy check failed" and "phone number" in result.error
    assert "outputs" in result.error
    assert not (tmp_path / "out" / "plans").exists() or not list((tmp_path / "out" / "plans").iterdir())
