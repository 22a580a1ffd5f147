"""Runner faults: signals, two runs on one output folder, unusable folders and files,
odd notebook names, and personal data on the failure path.

The signal tests wait for the run's own "kernel ready" line before signalling, never a
fixed sleep: on a loaded machine the kernel can take many seconds to start.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cxtools.core.errors import CxParameterError
from cxtools.report import run_notebook, run_notebooks

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
PERSON = "Тарасов Тимур Васильевич"
EMAIL = "ivan.petrov@example.com"


def cxtools_run(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cxtools", "run", "--notebooks-dir", str(FIXTURES), *args],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO_ROOT, **kwargs)


#: The runner's own message: one line of this form, whatever a kernel printed around it.
ERROR = "cxtools: error: "


class Run:
    """``cxtools run`` in the background, its stderr read line by line as it comes."""

    def __init__(self, *args: str, env: dict | None = None, notebooks_dir: Path = FIXTURES):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cxtools", "run", "--notebooks-dir", str(notebooks_dir), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
            env={**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8", **(env or {})},
        )
        self.lines: list[str] = []
        self._new_line = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stderr:
            with self._new_line:
                self.lines.append(line.rstrip("\n"))
                self._new_line.notify_all()
        with self._new_line:
            self.lines.append(None)  # the end of the output
            self._new_line.notify_all()

    def wait_for(self, text: str, timeout: float = 120) -> None:
        """Block until the run writes a line containing ``text`` (a readiness signal); the
        timeout only guards against a run that hangs."""
        seen = 0
        with self._new_line:
            deadline = time.monotonic() + timeout
            while True:
                for line in self.lines[seen:]:
                    if line is None:
                        pytest.fail(f"the run ended before {text!r}: {self.stderr}")
                    if text in line:
                        return
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"no {text!r} within {timeout} s: {self.stderr}")
                self._new_line.wait(left)

    def stop(self, sig: int, timeout: float = 60) -> tuple[int, float]:
        """Send ``sig``; the exit code and the seconds from the signal to the end of the process."""
        sent = time.monotonic()
        self.proc.send_signal(sig)
        code = self.finish(timeout)
        return code, time.monotonic() - sent

    @property
    def messages(self) -> list[str]:
        """The runner's error messages (lines starting with ``cxtools: error: ``)."""
        return [line for line in self.lines if line is not None and line.startswith(ERROR)]

    def kernels(self):
        import psutil

        try:
            return [c for c in psutil.Process(self.proc.pid).children(recursive=True)
                    if "ipykernel" in " ".join(c.cmdline())]
        except psutil.NoSuchProcess:
            return []

    def finish(self, timeout: float = 60) -> int:
        try:
            self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        self.proc.stderr.close()
        return self.proc.returncode

    @property
    def stderr(self) -> str:
        return "\n".join(line for line in self.lines if line is not None)


def _runtime_files() -> set[str]:
    from jupyter_core.paths import jupyter_runtime_dir

    folder = Path(jupyter_runtime_dir())
    return {p.name for p in folder.glob("kernel-*.json")} if folder.is_dir() else set()


def _assert_clean(out: Path, kernels, runtime_before: set[str]) -> None:
    import psutil

    _, alive = psutil.wait_procs(kernels, timeout=10)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], "a kernel survived"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".running-")], "work folder left behind"
    assert not list(out.rglob("kernel-*.json")), "the kernel's connection file was left behind"
    assert _runtime_files() <= runtime_before, "a connection file was left in Jupyter's runtime folder"


# --- signals ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code", "words"), [
    (signal.SIGINT, 130, "interrupted"),
    (signal.SIGTERM, 143, "stopped by SIGTERM"),
    (signal.SIGHUP, 129, "stopped by SIGHUP"),
])
def test_a_signal_stops_the_kernel_and_cleans_up(tmp_path, sig, code, words):
    pytest.importorskip("psutil")
    runtime_before = _runtime_files()
    # a notebook runs first: the handlers must still hold for the second one
    run = Run("ok", "sleeps", "-p", "seconds", "120", "--out", str(tmp_path))
    try:
        run.wait_for("sleeps: kernel ready")  # the run's own signal, not a fixed sleep
        kernels = run.kernels()
        assert kernels, "no kernel is running although the run said it was ready"
        exit_code, seconds = run.stop(sig)
        assert exit_code == code, run.stderr
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
    # one plain message of the runner's, found by its form (a kernel may write to the shared
    # stderr too); the kernel is killed, not asked to shut down under a running cell, so it
    # prints no zmq.error.ZMQError traceback either
    assert len(run.messages) == 1 and words in run.messages[0], run.stderr
    assert "the running kernel was stopped" in run.messages[0]
    assert "Traceback" not in run.stderr and "ZMQError" not in run.stderr, run.stderr
    assert seconds < 5, f"the run took {seconds:.1f} s to stop: {run.stderr}"
    assert f"{os.sep}cxtools{os.sep}report{os.sep}" not in run.stderr and "cxtools/cli.py" not in run.stderr
    _assert_clean(tmp_path, kernels, runtime_before)
    assert not (tmp_path / "sleeps" / "sleeps.html").exists()
    assert (tmp_path / "ok" / "ok.html").exists()  # what finished before the signal stays
    assert not (tmp_path / ".cxtools-run.lock").exists()


@pytest.fixture(scope="module")
def large_data(tmp_path_factory) -> Path:
    """The sample data with a survey of about 40 MB: checking the description, reading the
    files for the plan and scanning them for personal data take seconds before any kernel."""
    folder = tmp_path_factory.mktemp("large") / "export"
    shutil.copytree(REPO_ROOT / "data" / "samples", folder)
    header, *rows = (folder / "survey.csv").read_text(encoding="utf-8").splitlines()
    tails = [row.split(",", 1)[1] for row in rows]
    with open(folder / "survey.csv", "w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        for n in range(200 * len(tails)):
            handle.write(f"R{n + 1:07d},{tails[n % len(tails)]}\n")
    assert (folder / "survey.csv").stat().st_size > 30_000_000
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["checking data folder export", "00_data_overview: running"],
                         ids=["description check", "privacy scan"])
@pytest.mark.parametrize(("sig", "code", "words"), [
    (signal.SIGTERM, 143, "stopped by SIGTERM"),
    (signal.SIGINT, 130, "interrupted"),
], ids=["SIGTERM", "SIGINT"])
def test_a_signal_before_any_kernel_is_obeyed_at_once(tmp_path, large_data, stage, sig, code, words):
    """While the data are checked and scanned (seconds on a large folder), a signal stops
    the run within a second or two, with the runner's message and no traceback."""
    out = tmp_path / "reports"
    run = Run("00_data_overview", "--data", str(large_data), "--out", str(out),
              notebooks_dir=REPO_ROOT / "notebooks")
    try:
        run.wait_for(stage)  # the run says where it is; no guess at how long it takes
        exit_code, seconds = run.stop(sig)
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
    assert exit_code == code, run.stderr
    assert "kernel ready" not in run.stderr, "the signal came too late to test the stage before the kernel"
    assert seconds < 2, f"the run took {seconds:.1f} s to stop: {run.stderr}"
    assert len(run.messages) == 1 and words in run.messages[0] and "no kernel was running" in run.messages[0]
    assert "Traceback" not in run.stderr and "ZMQError" not in run.stderr, run.stderr
    assert not out.exists() or not [p.name for p in out.iterdir() if p.name != "00_data_overview"], \
        "the stopped run left files behind"


@pytest.mark.slow
def test_ctrl_c_during_kernel_start_up_leaves_no_connection_file(tmp_path):
    pytest.importorskip("psutil")
    runtime_before = _runtime_files()
    run = Run("sleeps", "-p", "seconds", "120", "--out", str(tmp_path))
    try:
        run.wait_for("sleeps: running")  # the kernel is being started now
        deadline = time.monotonic() + 60
        while not run.kernels() and time.monotonic() < deadline and run.proc.poll() is None:
            time.sleep(0.02)
        kernels = run.kernels()
        run.proc.send_signal(signal.SIGINT)
        assert run.finish() == 130, run.stderr
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
    _assert_clean(tmp_path, kernels, runtime_before)


# --- two runs, one output folder ---------------------------------------------------------


@pytest.mark.slow
def test_a_second_run_on_the_same_out_is_refused_and_interrupting_one_spares_the_other(tmp_path):
    pytest.importorskip("psutil")
    other = tmp_path / ".running-sleeps-otherrun"  # another run's work folder
    other.mkdir()
    (other / "sleeps.ipynb").write_text("{}")
    first = Run("sleeps", "-p", "seconds", "120", "--out", str(tmp_path))
    try:
        first.wait_for("sleeps: kernel ready")
        second = cxtools_run("ok", "--out", str(tmp_path))
        assert second.returncode == 2, second.stderr
        assert "another cxtools run is writing reports to" in second.stderr
        assert "wait for it to finish or give another --out" in second.stderr and "Traceback" not in second.stderr
        first.proc.send_signal(signal.SIGINT)
        assert first.finish() == 130
    finally:
        if first.proc.poll() is None:
            first.proc.kill()
    assert other.is_dir() and (other / "sleeps.ipynb").exists(), "Ctrl-C deleted another run's work folder"
    assert not (tmp_path / "ok").exists(), "the refused run wrote a report"
    # once the first has stopped, the folder is free again and index.html matches the files
    third = cxtools_run("ok", "--out", str(tmp_path))
    assert third.returncode == 0, third.stderr
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert [n["notebook"] for n in summary["notebooks"]] == ["ok"] and "href='ok/ok.html'" in index
    assert (tmp_path / "ok" / "ok.html").is_file()


def test_the_lock_refuses_a_second_holder(tmp_path):
    from cxtools.report.run import lock_output

    with lock_output(tmp_path):
        with pytest.raises(CxParameterError, match=f"process {os.getpid()}"):
            with lock_output(tmp_path):
                pass
    with lock_output(tmp_path):  # released, and free again
        pass
    assert not (tmp_path / ".cxtools-run.lock").exists()


# --- unusable output folders and parameter files -------------------------------------------


def test_out_that_is_a_file_is_a_clean_error(tmp_path):
    target = tmp_path / "reports"
    target.write_text("not a folder")
    result = cxtools_run("ok", "--out", str(target))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr and target.read_text() == "not a folder"
    below = cxtools_run("ok", "--out", str(target / "sub"))
    assert below.returncode == 2 and "Traceback" not in below.stderr and "not a folder" in below.stderr


def test_out_that_cannot_be_created_is_a_clean_error():
    result = cxtools_run("ok", "--out", "/proc/cxtools-reports")
    assert result.returncode == 2 and "cannot be created" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_read_only_out_is_a_clean_error(tmp_path):
    tmp_path.chmod(0o555)
    try:
        result = cxtools_run("ok", "--out", str(tmp_path))
    finally:
        tmp_path.chmod(0o755)
    assert result.returncode == 2 and "read-only" in result.stderr and "Traceback" not in result.stderr


def test_read_only_out_is_refused_before_any_kernel(tmp_path, monkeypatch):
    # the same check as above, where the tests run as root (for whom permissions do not bind)
    import cxtools.report.run as run_module

    real_access = os.access
    monkeypatch.setattr(run_module.os, "access",
                        lambda path, mode: False if Path(path) == tmp_path else real_access(path, mode))
    with pytest.raises(CxParameterError, match="is read-only"):
        run_notebooks([FIXTURES / "ok.ipynb"], out_dir=tmp_path, progress_bar=False)
    assert list(tmp_path.iterdir()) == []


def test_parameters_file_that_is_not_utf8_is_a_clean_error(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_bytes("code: Москва\n".encode("cp1251"))
    result = cxtools_run("typed", "-f", str(params), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "is not UTF-8 text" in result.stderr and "Traceback" not in result.stderr


# --- notebook names that would escape the output folder or clobber run files ------------------


def _copy_fixture(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes((FIXTURES / "ok.ipynb").read_bytes())
    return path


@pytest.mark.parametrize("name", ["summary.json.ipynb", "index.html.ipynb", "...ipynb", ".cxtools-run.lock.ipynb"])
def test_notebook_names_cannot_escape_or_clobber(tmp_path, name):
    path = _copy_fixture(tmp_path / "nbs", name)
    out = tmp_path / "deep" / "out"
    result = subprocess.run(
        [sys.executable, "-m", "cxtools", "run", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=120, cwd=REPO_ROOT, env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and ("cannot be run" in result.stderr or "no notebook" in result.stderr)
    assert not (tmp_path / "deep").exists(), "something was written"
    with pytest.raises(CxParameterError):
        run_notebooks([path], out_dir=out, progress_bar=False)
    with pytest.raises(CxParameterError):
        run_notebook(path, out_dir=out, progress_bar=False)
    assert not out.exists()


# --- personal data on the failure path, in parameters, and paths ------------------------------


@pytest.mark.slow
def test_tracebacks_and_error_text_are_scrubbed(tmp_path):
    nb = new_notebook(cells=[
        new_markdown_cell("# Fails after a lookup"),
        new_code_cell("x = 1"),
        new_code_cell(
            "try:\n"
            f"    raise KeyError('{EMAIL}')\n"
            "except KeyError:\n"
            "    raise ValueError('lookup failed')"
        ),
    ])
    names = new_notebook(cells=[new_markdown_cell("# Names a customer"),
                                new_code_cell(f"raise LookupError('no contract for {PERSON}')")])
    for book in (nb, names):
        book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "nb").mkdir()
    nbformat.write(nb, tmp_path / "nb" / "chained.ipynb")
    nbformat.write(names, tmp_path / "nb" / "named.ipynb")
    out = tmp_path / "out"
    personal = {"customers.csv:name": frozenset({PERSON})}
    chained = run_notebook(tmp_path / "nb" / "chained.ipynb", out_dir=out, progress_bar=False,
                           personal_values=personal)
    # the message is clean, but the traceback kept the e-mail: the notebook is not kept
    assert chained.status == "failed" and "ValueError: lookup failed" in chained.error
    assert "not kept because it shows personal data (e-mail address" in chained.error
    assert not (out / "chained" / "chained.failed.ipynb").exists()
    named = run_notebook(tmp_path / "nb" / "named.ipynb", out_dir=out, progress_bar=False, personal_values=personal)
    # the name is cut out of the error text (privacy.scrub_traceback); the rest still says what failed
    assert named.status == "failed" and "LookupError: no contract for [redacted]" in named.error
    assert PERSON not in named.error
    from cxtools.report import RunSummary, write_summary

    write_summary(RunSummary((chained, named), str(out)), out)
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert EMAIL not in text and PERSON not in text and "Тарасов" not in text, path


@pytest.mark.slow
def test_personal_parameter_values_and_data_paths_are_not_published(tmp_path):
    data = tmp_path / "export_2026"
    data.mkdir()
    (data / "customers.csv").write_text(
        f"customer_id,name,email,phone\nC0000001,{PERSON},timur.tarasov@gmail.com,+7 961 023-22-34\n",
        encoding="utf-8")
    out = tmp_path / "reports"
    by_mail = cxtools_run("lookup", "--data", str(data), "-p", "who", EMAIL, "--out", str(out))
    assert by_mail.returncode == 0, by_mail.stderr
    published = (out / "lookup" / "lookup.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(published, as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert EMAIL not in published and "who = " in injected.source
    assert 'data_dir = "export_2026"' in injected.source
    assert nb.metadata["papermill"]["parameters"]["data_dir"] == "export_2026"
    by_name = cxtools_run("lookup", "--data", str(data), "-p", "who", PERSON, "--out", str(out))
    assert by_name.returncode == 0, by_name.stderr
    metrics = json.loads((out / "lookup" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["metrics"] == {"characters": len(PERSON)}  # the kernel got the real value
    assert metrics["run"]["parameters"]["who"].startswith("[withheld: contains personal data")
    assert metrics["run"]["parameters"]["data_dir"] == "export_2026"
    assert metrics["run"]["data"]["folder"] == "export_2026"
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert EMAIL not in text and PERSON not in text, path
            assert str(tmp_path) not in text and str(data) not in text, f"{path} records an absolute path"
