"""End-to-end tests of the ``cxtools`` command (run as a subprocess, like a scheduler would)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"
PERSON = "Тарасов Тимур Васильевич"


def cxtools(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run ``python -m cxtools ARGS`` and capture its output."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "cxtools", *args], capture_output=True, text=True, timeout=timeout,
        env=env, cwd=kwargs.pop("cwd", REPO_ROOT), **kwargs,
    )


def run_fixtures(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return cxtools("run", "--notebooks-dir", str(FIXTURES), *args, **kwargs)


# --- quick: help, list, parameter checks (no kernel) ------------------------------------


def test_help_via_python_m():
    result = cxtools("--help")
    assert result.returncode == 0, result.stderr
    for command in ("run", "list", "sample-data"):
        assert command in result.stdout


def test_run_help_lists_options():
    result = cxtools("run", "--help")
    assert result.returncode == 0
    for option in ("-p NAME VALUE", "-f", "--data", "--out", "--timeout", "--log-output", "--notebooks-dir"):
        assert option in result.stdout


def test_no_command_prints_help_and_fails():
    result = cxtools()
    assert result.returncode == 2 and "usage: cxtools" in result.stdout


def test_list_shows_parameters_types_defaults_help():
    result = cxtools("list", "--notebooks-dir", str(FIXTURES))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "typed -- Fixture with typed parameters" in out
    lines = {line.split("#")[0].strip(): line.split("#", 1)[1].strip() for line in out.splitlines() if "#" in line}
    assert lines["flag: bool = True"] == "a yes/no switch"
    assert lines['code: str = "A1"'] == "a code that must stay text"
    assert lines['waves: list[str] = ["2025Q1", "2025Q2"]'] == "survey waves"
    assert lines["divisor: int = 0"] == "0 makes the notebook fail"
    assert out.index("leaky") < out.index("ok --") < out.index("raises") < out.index("typed")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-p", "count", "3.5"], ["typed", "'count'", "whole number", "'3.5'"]),
        (["-p", "flag", "maybe"], ["typed", "'flag'", "true/false", "'maybe'"]),
        (["-p", "ids", "1,two"], ["typed", "'ids'", "list of a whole number", "'1,two'"]),
        (["-p", "colour", "red"], ["unknown parameter 'colour'", "typed: flag, code, count, ratio, waves, ids, label"]),
    ],
)
def test_bad_parameters_stop_before_any_kernel_starts(tmp_path, args, expected):
    out = tmp_path / "reports"
    result = run_fixtures("typed", "ok", *args, "--out", str(out))
    assert result.returncode == 2, result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing may be written when the parameters are wrong"
    # the runner announces every kernel it starts ("<stem>: kernel ready"); none may have started
    assert "kernel ready" not in result.stderr and "Executing" not in result.stderr


def test_parameters_file_is_checked(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("count: lots\n", encoding="utf-8")
    result = run_fixtures("typed", "-f", str(params), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "'count'" in result.stderr and "'lots'" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["99_missing"], "no notebook '99_missing'"),
        (["ok", "--data", "/nonexistent/folder"], "--data '/nonexistent/folder' is not a folder"),
        (["ok", "--timeout", "0"], "--timeout must be a number of seconds from 5 to 604800"),
        (["ok", "--timeout", "nan"], "--timeout must be a number of seconds from 5 to 604800"),
        (["ok", "--timeout", "inf"], "--timeout must be a number of seconds from 5 to 604800"),
        (["ok", "--timeout", "2.5"], "--timeout of 2.5 s is too short"),
        (["ok", "--timeout", "1e9"], "--timeout of 1e+09 s is more than a week"),
        (["ok", "--data", ".", "-p", "data_dir", "."], "either with --data or with -p data_dir"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, expected):
    result = run_fixtures(*args, "--out", str(tmp_path / "r"))
    assert result.returncode == 2
    assert expected in result.stderr


# --- real runs ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One run of four fixture notebooks: one succeeds, one raises, one typed, one leaks."""
    tmp = tmp_path_factory.mktemp("batch")
    data = tmp / "data"
    data.mkdir()
    (data / "customers.csv").write_text(
        f"customer_id,name,email,phone\nC0000001,{PERSON},timur.tarasov@gmail.com,+7 961 023-22-34\n",
        encoding="utf-8",
    )
    params = tmp / "params.yaml"
    params.write_text("code: 007\nratio: 0.25\nscale: 2\n", encoding="utf-8")
    out = tmp / "reports"
    started = time.monotonic()
    result = run_fixtures(
        "ok", "raises", "typed", "leaky", "--out", str(out), "--data", str(data), "-f", str(params),
        "-p", "flag", "false", "-p", "count", "12", "-p", "waves", "[2026Q1, 007]", "-p", "ids", "4,5",
        "-p", "show", f"Клиент: {PERSON}",
    )
    return result, out, time.monotonic() - started


@pytest.mark.slow
def test_batch_exit_code_and_summary_table(batch):
    result, out, _ = batch
    assert result.returncode == 1, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line[:1].isalpha()}
    assert rows["ok"].split()[1] == "ok"
    assert rows["typed"].split()[1] == "ok"
    assert "failed" in rows["raises"] and "ZeroDivisionError: division by zero" in rows["raises"]
    assert "privacy check failed" in rows["leaky"]
    assert "2 of 4 notebooks ok" in result.stdout


@pytest.mark.slow
def test_batch_summary_json_and_index(batch):
    _, out, _ = batch
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    status = {n["notebook"]: n for n in summary["notebooks"]}
    assert [n["notebook"] for n in summary["notebooks"]] == ["ok", "raises", "typed", "leaky"]
    assert status["raises"]["error"] == "cell 4 of 4 ('y = x / divisor'): ZeroDivisionError: division by zero"
    assert status["leaky"]["status"] == "privacy check failed"
    assert "values of customers.csv:name" in status["leaky"]["error"]
    assert status["leaky"]["parameters"]["show"].startswith("[withheld: contains personal data")
    assert summary["ok"] is False
    index = (out / "index.html").read_text(encoding="utf-8")
    for text in ("Fixture that succeeds", "Fixture that raises", "Fixture with typed parameters",
                 "cell 4 of 4: division by zero", "not published: it would show personal data", "href='ok/ok.html'",
                 "href='ok/ok.analyst.html'", "href='raises/raises.failed.html'", "2 of 4 notebooks ran successfully"):
        assert text in index
    # failures in plain words: no code, no exception names, no paths
    assert "y = x / divisor" not in index and "ZeroDivisionError" not in index and str(out) not in index


@pytest.mark.slow
def test_batch_reports_written_only_for_successes(batch):
    _, out, _ = batch
    for stem in ("ok", "typed"):
        assert sorted(p.name for p in (out / stem).iterdir()) == sorted(
            [f"{stem}.html", f"{stem}.analyst.html", f"{stem}.ipynb", "metrics.json"])
    assert sorted(p.name for p in (out / "raises").iterdir()) == ["raises.failed.html", "raises.failed.ipynb"]
    assert not (out / "leaky").exists() or not list((out / "leaky").iterdir())
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary folders left behind"


@pytest.mark.slow
def test_batch_html_hides_code_and_shows_plot(batch):
    _, out, _ = batch
    html = (out / "ok" / "ok.html").read_text(encoding="utf-8")
    assert "<title>Fixture that succeeds</title>" in html
    assert "data:image/png;base64," in html
    assert "plt.subplots" not in html and "publish_metrics" not in html and "if fail" not in html
    assert "A line and a number." in html  # markdown kept


@pytest.mark.slow
def test_batch_parameters_arrive_typed(batch):
    _, out, _ = batch
    typed = json.loads((out / "typed" / "metrics.json").read_text(encoding="utf-8"))
    m = typed["metrics"]
    assert (m["flag"], m["flag_type"]) == (False, "bool")
    assert (m["code"], m["code_type"]) == ("007", "str")
    assert (m["count"], m["count_type"]) == (12, "int")
    assert (m["ratio"], m["ratio_type"]) == (0.25, "float")
    assert m["waves"] == ["2026Q1", "007"] and m["ids"] == [4, 5] and m["label"] is None
    assert typed["run"]["parameters"]["code"] == "007"
    ok = json.loads((out / "ok" / "metrics.json").read_text(encoding="utf-8"))
    assert ok["metrics"] == {"answer": 42.0, "n": 4, "data_dir_is_absolute": True, "label": "final"}
    assert ok["run"]["status"] == "ok" and ok["run"]["duration_seconds"] > 0
    # every parameter ok declares (and only those), defaults included; the data folder by name only
    assert ok["run"]["parameters"] == {"data_dir": "data", "scale": 2.0, "fail": False}
    assert ok["run"]["parameters_given"] == ["data_dir", "scale"]


@pytest.mark.slow
def test_batch_publishes_no_personal_data(batch):
    _, out, _ = batch
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert PERSON not in text, path
            assert "timur.tarasov@gmail.com" not in text, path
            assert str(out.parent) not in text, f"{path} records an absolute path"


@pytest.mark.slow
def test_timeout_is_reported_with_the_cell(tmp_path):
    started = time.monotonic()
    result = run_fixtures("sleeps", "--timeout", "5", "-p", "seconds", "60", "--out", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert time.monotonic() - started < 30
    summary = json.loads((tmp_path / "summary.json").read_text())["notebooks"][0]
    assert summary["status"] == "timed out"
    # numbered as in the notebook the author wrote (the injected parameters cell is not counted)
    assert summary["error"] == "timed out after 5 s in cell 4 of 5 ('time.sleep(seconds)')"
    assert "timed out" in (tmp_path / "index.html").read_text()
    assert not (tmp_path / "sleeps" / "sleeps.html").exists()


@pytest.mark.slow
def test_log_output_prints_a_line_per_cell_as_readable_text(tmp_path):
    # run as a scheduler would: stderr is a pipe, not a terminal
    result = run_fixtures("chatty", "--log-output", "-p", "mood", "quiet", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    cells = [line for line in lines if re.search(r"chatty: cell \d of 4 ", line)]
    assert "the parameters injected by the runner" in result.stderr
    assert len(cells) == 3, result.stderr
    assert any(line.endswith("**Churn** fell to 12 % (quiet quarter)") for line in lines), result.stderr
    assert any(line.endswith("plain words on stdout") for line in lines)
    assert "object>" not in result.stderr and "\r" not in result.stderr  # no reprs, no progress bar
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 ")
    assert all(stamp.match(line) for line in lines if line.strip()), result.stderr


@pytest.mark.slow
def test_sample_data_command(tmp_path):
    result = cxtools("sample-data", "--out", str(tmp_path), "--customers", "100", "--seed", "7", "--clean")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "customers.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 101 and lines[0].startswith("customer_id,")
    assert "customers.csv" in result.stdout


def test_sample_data_bad_size_is_a_usage_error(tmp_path):
    result = cxtools("sample-data", "--out", str(tmp_path), "--customers", "0")
    assert result.returncode == 2 and "--customers" in result.stderr


@pytest.mark.slow
def test_progress_bar_only_on_a_terminal(tmp_path):
    import pty

    # stderr on a terminal: papermill's progress bar, lines without timestamps
    import fcntl
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxtools", "run", "--notebooks-dir", str(FIXTURES), "typed", "--out", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=terminal, env=env, cwd=REPO_ROOT,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the run has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert proc.wait(timeout=120) == 0
    shown = b"".join(chunks).decode("utf-8", errors="replace")
    assert "Executing" in shown and "\r" in shown, shown  # the bar redraws itself
    assert "[1/1] typed: running" in shown and not re.search(r"^\d{4}-\d\d-\d\dT", shown, re.MULTILINE)
    # and not on a pipe (a scheduler's log): no bar, every line timestamped
    piped = run_fixtures("typed", "--out", str(tmp_path))
    assert piped.returncode == 0 and "Executing" not in piped.stderr and "\r" not in piped.stderr
    lines = [line for line in piped.stderr.splitlines() if line.strip()]
    assert lines and all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \[1/1\] typed: ", line) for line in lines)


@pytest.mark.slow
def test_batch_metrics_follow_the_schema_and_summary_collects_them(batch):
    from cxtools.report import validate_metrics

    _, out, _ = batch
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["schema_version"] == 1
    by_name = {n["notebook"]: n for n in summary["notebooks"]}
    for stem in ("ok", "typed"):
        document = json.loads((out / stem / "metrics.json").read_text(encoding="utf-8"))
        validate_metrics(document)
        assert by_name[stem]["metrics"] == document["metrics"]
    ok = json.loads((out / "ok" / "metrics.json").read_text(encoding="utf-8"))
    data = ok["run"]["data"]
    assert data["folder"] == "data" and [f["name"] for f in data["files"]] == ["customers.csv"]
    assert data["fingerprint"].startswith("sha256:")
    assert by_name["raises"]["metrics"] == {} and by_name["leaky"]["metrics"] == {}


@pytest.mark.parametrize(("args", "expected"), [
    (["-p", "discount_rate", "10"], "10 means 1000 %"),
    (["-p", "repeat_model", "bgndb"], "did you mean 'bgnbd'"),
])
def test_ranges_and_choices_of_shipped_notebooks_are_checked_before_any_kernel(tmp_path, args, expected):
    out = tmp_path / "reports"
    result = cxtools("run", "01_ltv", *args, "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "kernel ready" not in result.stderr
    assert not out.exists()
