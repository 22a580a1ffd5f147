"""Run every notebook in notebooks/ headless, exactly as ``make report`` does, and check
the published reports: all succeeded, complete, code hidden, plots present, no personal
data, no paths of this machine.

One session-scoped run of the real command (``python -m cxtools run``) serves every test.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cxtools.data.privacy import find_personal_data, load_personal_values
from cxtools.report import read_parameters, validate_metrics

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
SAMPLES = REPO_ROOT / "data" / "samples"
IDS = [p.stem for p in NOTEBOOKS]


def _skip_reason() -> str | None:
    if not NOTEBOOKS:
        return "notebooks/ has no notebooks yet"
    if not (SAMPLES / "customers.csv").exists() or not (SAMPLES / "survey.csv").exists():
        return "data/samples/ has no sample data yet"
    return None


NBVAL_TEST = "test_notebooks_run_cell_by_cell_under_nbval"
_nbval: dict[str, subprocess.Popen] = {}


def _start_nbval() -> subprocess.Popen:
    """nbval over the shipped notebooks, in the background (see the test at the end)."""
    if "proc" not in _nbval:
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
        _nbval["proc"] = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--nbval-lax",
             "--nbval-current-env", *[str(p) for p in NOTEBOOKS]],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO_ROOT,
        )
    return _nbval["proc"]


@pytest.fixture(scope="session")
def nbval_run(request):
    yield _start_nbval
    proc = _nbval.pop("proc", None)
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.communicate()


@pytest.fixture(scope="session")
def report_run(tmp_path_factory, request, nbval_run):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    if any(item.name == NBVAL_TEST for item in request.session.items):
        nbval_run()  # the two runs of the notebooks overlap: one kernel waits while the other computes
    out = tmp_path_factory.mktemp("reports")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "cxtools", "run", "--out", str(out), "--timeout", "600"],
        capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=1800,
    )
    summary_path = out / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
    return result, out, summary


@pytest.fixture(scope="session")
def personal_values() -> list[str]:
    values = load_personal_values(SAMPLES)
    assert {"customers.csv:name", "customers.csv:email", "customers.csv:phone",
            "survey.csv:respondent_name", "survey.csv:email"} <= set(values)
    return sorted(set().union(*values.values()))


def _entry(summary: dict, stem: str) -> dict:
    return next(n for n in summary["notebooks"] if n["notebook"] == stem)


def test_run_finished_and_wrote_index(report_run):
    result, out, summary = report_run
    assert summary is not None, f"no summary.json; stderr:\n{result.stderr[-3000:]}"
    assert [n["notebook"] for n in summary["notebooks"]] == IDS
    assert (out / "index.html").exists()
    assert result.returncode == (0 if summary["ok"] else 1)


@pytest.mark.parametrize("stem", IDS)
def test_notebook_succeeded(report_run, stem):
    result, out, summary = report_run
    assert summary is not None, result.stderr[-3000:]
    entry = _entry(summary, stem)
    assert entry["status"] == "ok", f"{stem}: {entry['status']}: {entry['error']}"


@pytest.mark.parametrize("stem", IDS)
def test_report_files_and_metrics(report_run, stem):
    _, out, _ = report_run
    folder = out / stem
    for name in (f"{stem}.ipynb", f"{stem}.html", f"{stem}.analyst.html", "metrics.json"):
        assert (folder / name).is_file(), f"{stem}: {name} missing"
    info = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert info["run"]["status"] == "ok"
    assert len(info["metrics"]) >= 1, f"{stem} published no metrics (cxtools.report.publish_metrics)"
    validate_metrics(info)  # numbers as numbers, shares as fractions, every parameter, data fingerprint
    declared = {p.name for p in read_parameters(REPO_ROOT / "notebooks" / f"{stem}.ipynb")}
    assert set(info["run"]["parameters"]) == declared
    if "data_dir" in declared:
        assert info["run"]["data"]["folder"] == "samples" and info["run"]["data"]["files"]
    entry = _entry(report_run[2], stem)
    assert entry["metrics"] == info["metrics"], "summary.json must collect every report's headline metrics"


@pytest.mark.parametrize("stem", IDS)
def test_html_hides_code_and_shows_a_plot(report_run, stem):
    _, out, _ = report_run
    page = (out / stem / f"{stem}.html").read_text(encoding="utf-8")
    body = re.sub(r"<style\b.*?</style>", "", page, flags=re.DOTALL)
    assert "jp-CodeMirrorEditor" not in body and 'class="jp-InputPrompt' not in body
    assert "data:image/svg+xml;base64," in body or "<svg" in body, f"{stem}: the report has no plot (as SVG)"
    source = json.loads((REPO_ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in source["cells"] if c["cell_type"] == "markdown")
    code_lines = {
        line.strip()
        for c in source["cells"] if c["cell_type"] == "code"
        for line in "".join(c["source"]).splitlines()
        if len(line.strip()) >= 30 and ("(" in line or "=" in line) and not line.strip().startswith("#")
    }
    shown = [line for line in code_lines if line not in markdown and html.escape(line, quote=False) in body]
    assert not shown, f"{stem}: code is visible in the report: {shown[:3]}"


def test_no_personal_data_in_any_generated_file(report_run, personal_values):
    _, out, _ = report_run
    leaks = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            found = find_personal_data(path.read_text(encoding="utf-8", errors="replace"), personal_values)
            if found:
                # say where and how many, never the data
                leaks[str(path.relative_to(out))] = len(found)
    assert not leaks, f"personal data from data/samples found in: {leaks}"


def _output_text(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            for value in output.get("data", {}).values():
                parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list)
                             else json.dumps(value))
            parts.append("\n".join(output.get("traceback", [])))
    return "\n".join(parts)


@pytest.mark.parametrize("stem", IDS)
def test_outputs_carry_no_paths_of_this_machine(report_run, stem):
    _, out, _ = report_run
    nb = json.loads((out / stem / f"{stem}.ipynb").read_text(encoding="utf-8"))
    text = _output_text(nb)
    machine_paths = {str(REPO_ROOT), str(out), sys.prefix, os.path.realpath(sys.prefix)}
    home = str(Path.home())
    if home not in ("/", ""):
        machine_paths.add(home)
    found = sorted(p for p in machine_paths if p in text)
    assert not found, f"{stem}: outputs show absolute paths {found}"



def test_index_lists_every_notebook_with_status_headlines_and_links(report_run):
    from cxtools.report.index import headlines, plain_failure

    _, out, summary = report_run
    assert summary is not None
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = index.split("<tr>")[2:]
    assert len(rows) == len(IDS)
    for row, entry in zip(rows, summary["notebooks"]):
        text = html.unescape(row)
        assert entry["title"] in text and entry["notebook"] in row
        seconds = float(re.search(r"took (\d+\.\d) s", row).group(1))
        assert abs(seconds - entry["duration_seconds"]) <= 0.06
        stem = entry["notebook"]
        if entry["status"] == "ok":
            assert f"href='{stem}/{stem}.html'" in row and f"href='{stem}/{stem}.analyst.html'" in row
            numbers = headlines(entry["metrics"])
            assert 1 <= len(numbers) <= 3 and all(f"{label}: {value}" in re.sub(r"</?strong>", "", text)
                                                  for label, value in numbers)
        elif entry["status"] == "skipped":
            assert entry["error"] in text
        else:
            assert plain_failure(entry["status"], entry["error"]) in text
        assert str(out) not in row and str(REPO_ROOT) not in row


# --- the stakeholder reports as a reader opens them ------------------------------------


def _browser_missing() -> str | None:
    from cxtools.report.browser import find_chromium

    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if find_chromium() is None:
        return "no Chromium (apt-get install chromium; .ci/run installs it)"
    return None


def _ok_stems(report_run) -> list[str]:
    _, out, summary = report_run
    if summary is None:
        pytest.fail("the run wrote no summary.json")
    return [n["notebook"] for n in summary["notebooks"] if n["status"] == "ok"]


@pytest.mark.parametrize("stem", IDS)
def test_stakeholder_report_opens_offline_in_a_browser(report_run, stem):
    """Opened as from an e-mail in a room without internet: no request, no console error,
    formulas laid out, and the first screen saved for reviewers (``screenshots/`` in the run's folder)."""
    from cxtools.report.browser import check_offline

    missing = _browser_missing()
    if missing:
        pytest.skip(missing)
    if stem not in _ok_stems(report_run):
        pytest.skip(f"{stem} has no report in this run")
    out = report_run[1]
    shot = out / "screenshots" / f"{stem}.png"
    check = check_offline(out / stem / f"{stem}.html", screenshot=shot)
    assert check.ok, check.describe() + f" requests={check.requests[:3]} errors={check.console_errors[:3]}"
    assert check.images >= 1, f"{stem}: no figure on the page"
    assert shot.is_file() and shot.stat().st_size > 5000


def test_index_opens_offline_in_a_browser(report_run):
    from cxtools.report.browser import check_offline

    missing = _browser_missing()
    if missing:
        pytest.skip(missing)
    out = report_run[1]
    check = check_offline(out / "index.html", screenshot=out / "screenshots" / "index.png")
    assert check.ok, check.describe()


def _runner_part(page: str) -> str:
    """The closing "How this report was made" block: written by the runner, not by the notebook."""
    for heading in ("How this report was made", "Как сделан этот отчёт"):
        at = page.find(f">{heading}<")
        if at >= 0:
            return "<html><body><h2" + page[page.rfind("<h2", 0, at) + 3:]
    return ""


@pytest.mark.parametrize("stem", IDS)
def test_stakeholder_report_shows_nothing_for_developers(report_run, stem):
    """No reprs, print blocks, warnings, nan, e-notation, snake_case headers or bare 0..n index,
    neither in the runner's part (contents, "How this report was made") nor in what the notebook shows."""
    from cxtools.report.editions import leaked_developer_artefacts

    if stem not in _ok_stems(report_run):
        pytest.skip(f"{stem} has no report in this run")
    page = (report_run[1] / stem / f"{stem}.html").read_text(encoding="utf-8")
    runner_part = _runner_part(page)
    assert runner_part, f"{stem}: the report has no 'How this report was made' block"
    assert leaked_developer_artefacts(runner_part) == [], "the runner's closing block shows developer artefacts"
    assert leaked_developer_artefacts(page) == [], f"{stem}: the stakeholder report shows developer artefacts"


#: Latin-script words a Russian report may show: names of methods, measures and units.
LATIN_ALLOWED = {
    "cxtools", "nps", "csat", "ces", "clv", "ltv", "arpu", "mrr", "bg", "nbd", "bb", "sbg", "pareto", "gamma",
    "kano", "kaplan", "meier", "herzberg", "cronbach", "shapley", "lmg", "johnson", "lifetimes", "mathml", "pdf",
    "rub", "usd", "eur", "id", "ok", "csv", "xlsx", "parquet", "duckdb", "yaml", "ci", "p", "n", "se", "vs",
    "del", "derl", "rmst", "enps", "holm", "utc",
}


def _data_names() -> set[str]:
    """Names that come from the data itself (column names, and the values of text columns with few
    distinct values: attribute names, segments, regions): a report may quote them as they are."""
    import pandas as pd

    names: set[str] = set()
    for path in SAMPLES.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, nrows=5000)
        for column in frame.columns:
            names.update(re.findall(r"[A-Za-z]+", column.replace("_", " ")))  # a column's name is a name
            values = frame[column].dropna()
            if column.startswith(("rating_", "importance_")):  # attribute names
                names.update(re.findall(r"[A-Za-z]+", column.split("_", 1)[1].replace("_", " ")))
            numeric = pd.to_numeric(values, errors="coerce").notna().all()
            if values.nunique() <= 40 and (not numeric or column.startswith("n_")):  # groups: segments, plans
                names.update(re.findall(r"[A-Za-z]+", column.replace("_", " ")))
                for value in values.unique():
                    names.update(re.findall(r"[A-Za-z][A-Za-z'-]*", str(value).replace("_", " ")))
    return {n.casefold() for n in names}


#: Elements whose text a reader never sees as prose: style sheets, scripts, formulas (MathML), code,
#: the page's title and an SVG figure's metadata (the library that drew it).
_NOT_PROSE = ("style", "script", "math", "code", "title", "metadata")


def _visible_words(page: str) -> list[str]:
    """The Latin-script words of a page's visible text, figures included.

    Alt texts, titles and ARIA labels count as visible. Figures are SVG written with ``svg.fonttype = "none"``, so their titles, axis labels, tick
    labels, legends and annotations are ``<text>`` elements: inline ``<svg>`` is read in place,
    and an ``<img>`` whose source is a base64 SVG is decoded and read the same way.
    """
    import base64
    import binascii
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.skip, self.words = 0, []

        def handle_starttag(self, tag, attrs):
            # text a reader meets outside the body text: image descriptions and tooltips
            for name, value in attrs:
                if name in ("alt", "title", "aria-label") and value and not self.skip:
                    self.words += _latin_words(value)
            if tag in _NOT_PROSE:
                self.skip += 1
            elif tag == "img":
                src = dict(attrs).get("src") or ""
                prefix = "data:image/svg+xml;base64,"
                if src.startswith(prefix):
                    try:
                        svg = base64.b64decode(src[len(prefix):]).decode("utf-8")
                    except (binascii.Error, UnicodeDecodeError):
                        return
                    self.words += _visible_words(svg)

        def handle_endtag(self, tag):
            if tag in _NOT_PROSE:
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.words += _latin_words(data)

    parser = Text()
    parser.feed(page)
    parser.close()
    return parser.words


def _latin_words(text: str) -> list[str]:
    """Latin-script words; a token with a digit is a code or an identifier (``id-03a1c734f5``,
    ``2026Q1``), not a word, and quotes or hyphens at a word's ends are not part of it."""
    tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", text)
    return [t.strip("'-") for t in tokens if re.search(r"[A-Za-z]", t) and not re.search(r"\d", t)]


def _russian_words_problem(page: str) -> list[str]:
    """Latin-script words of a Russian page (text and figure labels) beyond names, units and abbreviations."""
    allowed = LATIN_ALLOWED | _data_names()
    return sorted({w for w in _visible_words(page) if w.casefold() not in allowed and len(w) > 1})


@pytest.fixture(scope="session")
def russian_run(tmp_path_factory, report_run):
    with_lang = [p.stem for p in NOTEBOOKS if any(q.name == "lang" for q in read_parameters(p))]
    if not with_lang:
        return None, []
    out = tmp_path_factory.mktemp("reports_ru")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    subprocess.run([sys.executable, "-m", "cxtools", "run", *with_lang, "--lang", "ru", "--out", str(out),
                    "--timeout", "600"], capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=1800)
    return out, with_lang


def _russian_report(russian_run, stem: str) -> str:
    """The Russian edition of ``stem`` (skipped when the notebook declares no ``lang`` yet)."""
    out, with_lang = russian_run
    if stem not in with_lang:
        pytest.skip(f"{stem} declares no lang parameter yet: it has no Russian edition")
    page = out / stem / f"{stem}.html"
    assert page.is_file(), f"{stem}: no Russian report (see {out / 'summary.json'})"
    return page.read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", IDS)
def test_russian_edition_has_no_latin_words(russian_run, stem):
    text = _russian_report(russian_run, stem)
    assert 'lang="ru"' in (russian_run[0] / "index.html").read_text(encoding="utf-8")
    words = _russian_words_problem(text)
    assert not words, f"{stem}: Latin-script words in the Russian edition: {words[:20]}"


@pytest.mark.parametrize("stem", IDS)
def test_russian_edition_shows_nothing_for_developers(russian_run, stem):
    from cxtools.report.editions import leaked_developer_artefacts

    assert leaked_developer_artefacts(_russian_report(russian_run, stem)) == []


def test_russian_index_page_has_no_latin_words(russian_run):
    """The Russian landing page: titles, statuses, headline labels and numbers, dates, all in Russian."""
    out, with_lang = russian_run
    if not with_lang:
        pytest.skip("no notebook declares a lang parameter yet")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="ru"' in page
    words = _russian_words_problem(page)
    assert not words, f"Latin-script words on the Russian index page: {words[:20]}"


def test_notebooks_run_cell_by_cell_under_nbval(nbval_run):
    """nbval runs each shipped notebook as Jupyter would, cell by cell, and fails on the first
    cell that raises (``--nbval-lax``: outputs are not compared, the notebooks are committed
    without them). It complements the runner's run above, which goes through papermill."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    proc = nbval_run()
    try:
        output, _ = proc.communicate(timeout=1800)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output[-4000:]
    assert re.search(r"\b\d+ passed\b", output) and " failed" not in output
