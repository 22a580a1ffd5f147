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

from cxtools.privacy import find_personal_data, load_personal_values
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
    for name in (f"{stem}.ipynb", f"{stem}.html", "metrics.json"):
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
    assert "data:image/png;base64," in body or "<svg" in body, f"{stem}: the report has no plot"
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



def test_index_lists_every_notebook_with_status_duration_and_link(report_run):
    _, out, summary = report_run
    assert summary is not None
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = index.split("<tr>")[2:]
    assert len(rows) == len(IDS)
    for row, entry in zip(rows, summary["notebooks"]):
        assert entry["title"] in html.unescape(row) and entry["notebook"] in row
        seconds = float(re.search(r"<td>(\d+\.\d) s</td>", row).group(1))
        assert abs(seconds - entry["duration_seconds"]) <= 0.06
        if entry["status"] == "ok":
            assert f"href='{entry['notebook']}/{entry['notebook']}.html'" in row
        else:
            assert (entry["error"] or "") in html.unescape(row)


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
