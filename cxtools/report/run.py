"""A run from start to finish: check, lock the output folder, execute, publish, index.

:func:`run_notebooks` is what ``cxtools run`` calls; :func:`run_notebook` runs one
notebook through the steps of :mod:`~cxtools.report.execute` and
:mod:`~cxtools.report.publish`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from cxtools.errors import CxParameterError
from cxtools.report import execute as _execute
from cxtools.report import publish as _publish
from cxtools.report.index import INDEX_FILE, SUMMARY_FILE, previous_good, previous_metrics, write_summary
from cxtools.report.notebooks import notebook_title, read_notebook
from cxtools.report.parameters import NotebookParameter, read_parameters, resolve_parameters
from cxtools.report.results import STATUS_FAILED, STATUS_OK, STATUS_PRIVACY, NotebookResult, RunSummary

__all__ = ["run_notebook", "run_notebooks", "check_notebook_name", "lock_output", "LOCK_FILE", "WORK_PREFIX"]

LOCK_FILE = ".cxtools-run.lock"
WORK_PREFIX = ".running-"
#: Names a report folder may not take: the run's own files.
_RESERVED = {SUMMARY_FILE, INDEX_FILE, LOCK_FILE}


def check_notebook_name(stem: str) -> str:
    """Check that a notebook's name can name its report folder inside the output folder.

    Examples
    --------
    >>> check_notebook_name("01_ltv")
    '01_ltv'
    >>> check_notebook_name("summary.json")
    Traceback (most recent call last):
    ...
    cxtools.errors.CxParameterError: notebook 'summary.json.ipynb' cannot be run: its report folder would take the place of the run's summary.json; rename the notebook
    """
    if stem in _RESERVED:
        raise CxParameterError(f"notebook '{stem}.ipynb' cannot be run: its report folder would take the place of "
                               f"the run's {stem}; rename the notebook")
    if not stem.strip(". ") or stem.startswith(".") or "/" in stem or "\\" in stem or "\0" in stem:
        raise CxParameterError(f"notebook '{stem}.ipynb' cannot be run: its name does not make a folder name "
                               "inside the output folder; rename the notebook")
    return stem


# ---------------------------------------------------------------------------
# The output folder: usable, and one run at a time
# ---------------------------------------------------------------------------


def _prepare_output(out: Path) -> Path:
    label = f"--out {str(out)!r}"
    if out.exists() and not out.is_dir():
        raise CxParameterError(f"{label} is a file, not a folder; give a folder for the reports")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise CxParameterError(f"{label} cannot be created: a part of the path is a file, not a folder") from None
    except OSError as exc:
        raise CxParameterError(f"{label} cannot be created: {exc.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise CxParameterError(f"{label} is read-only: the reports cannot be written there; give another folder")
    return out.resolve()


@contextmanager
def lock_output(out: Path) -> Iterator[None]:
    """Hold the output folder for this run; a second run on the same folder is refused.

    Two runs sharing a folder would overwrite each other's reports and leave an
    index.html that describes one run while the files come from the other.
    """
    import fcntl

    path = out / LOCK_FILE
    while True:
        try:
            handle = open(path, "a+", encoding="utf-8")
        except OSError as exc:
            raise CxParameterError(f"--out {str(out)!r} cannot be written: {exc.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another run"
            handle.close()
            raise CxParameterError(
                f"another cxtools run is writing reports to {str(out)!r} ({holder}); wait for it to finish "
                "or give another --out") from None
        try:
            same = os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()  # the previous holder removed the file as we opened it: take the new one
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}, started {datetime.now(timezone.utc).isoformat(timespec='seconds')}")
        handle.flush()
        yield
    finally:
        try:
            path.unlink(missing_ok=True)  # still holding the lock, so nobody else has it
        finally:
            handle.close()


# ---------------------------------------------------------------------------
# One notebook
# ---------------------------------------------------------------------------


def _resolve_data_dir(params: Mapping[str, Any], declared: Sequence[NotebookParameter], notebook: Path) -> Path | None:
    value = params.get("data_dir")
    if value is None:
        default = next((p.default for p in declared if p.name == "data_dir"), None)
        value = default if isinstance(default, str) else None
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        path = notebook.parent / path
    return path if path.is_dir() else None


def _all_parameters(declared: Sequence[NotebookParameter], given: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter the notebook runs with: its defaults, then what was given."""
    every = {p.name: p.default for p in declared}
    every.update(given)
    return every


@dataclass
class _Gate:
    status: str
    error: str | None


def _privacy_gate(nb, html: str, metrics_text: str, personal_values) -> _Gate | None:
    """The HTML, metrics.json and the executed notebook are published: any personal data stops all three."""
    from cxtools import privacy

    in_cells = _publish.personal_data_cells(nb, personal_values)
    in_metrics = privacy.scan_for_personal_data(metrics_text, values=personal_values)
    found = sorted(
        set(privacy.scan_for_personal_data(html, values=personal_values))
        | set(in_metrics)
        | {kind for _, kinds in in_cells for kind in kinds}
    )
    if not found:
        return None
    where = [f"{label}: {', '.join(kinds)}" for label, kinds in in_cells]
    if in_metrics:
        where.append(f"metrics.json: {', '.join(in_metrics)}")
    return _Gate(STATUS_PRIVACY, (
        "the report would show personal data (" + ", ".join(found) + ")"
        + (f" in {'; '.join(where)}" if where else "")
        + "; nothing was published. Pass displayed tables through cxtools.privacy.redact"
    ))


def _metrics_document(nb, *, stem, title, started, duration, recorded, given, data) -> dict[str, Any]:
    finished = datetime.now(timezone.utc)
    return {
        "schema_version": _publish.METRICS_SCHEMA_VERSION,
        "metrics": _publish.collect_metrics(nb),
        "run": {
            "notebook": stem,
            "title": title,
            "status": STATUS_OK,
            "started": started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "duration_seconds": round(duration, 2),
            "parameters": _publish.jsonable(recorded, "parameters"),
            "parameters_given": sorted(given),
            "data": data,
            "cxtools_version": _version(),
        },
    }


def _schema_problem(document: Mapping[str, Any]) -> str | None:
    """Why a metrics.json document does not follow ``metrics.schema.json``, in words (None if it does)."""
    import jsonschema

    try:
        _publish.validate_metrics(document)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(part) for part in exc.absolute_path) or "the document"
        return (f"metrics.json does not follow its schema at {where}: {exc.message[:200]}; publish numbers "
                "as numbers (p-values too) and shares as fractions, see cxtools.report.measure")
    return None


def _write_published(nb, html: str, metrics_text: str, *, work: Path, target: Path, stem: str) -> None:
    """Move the three files into place, each replaced atomically."""
    _nbformat_write(nb, work / f"{stem}.ipynb")
    (work / f"{stem}.html").write_text(html, encoding="utf-8")
    (work / "metrics.json").write_text(metrics_text + "\n", encoding="utf-8")
    for name in (f"{stem}.ipynb", f"{stem}.html", "metrics.json"):
        os.replace(work / name, target / name)
    (target / f"{stem}.failed.ipynb").unlink(missing_ok=True)


def _keep_failed_copy(nb, *, target: Path, stem: str, error: str | None, personal_values) -> str | None:
    """For debugging only; never replaces the last good report. It sits beside the published
    files, so it is kept only when it shows no personal data (a traceback can print a row)."""
    leaking = _publish.personal_data_cells(nb, personal_values)
    if leaking:
        (target / f"{stem}.failed.ipynb").unlink(missing_ok=True)
        kinds = sorted({kind for _, found in leaking for kind in found})
        return _publish.withhold_personal(
            f"{error}; the executed notebook was not kept because its outputs show "
            f"personal data ({', '.join(kinds)}) in {leaking[0][0]}", personal_values)
    _nbformat_write(nb, target / f"{stem}.failed.ipynb")
    return error


def run_notebook(
    notebook: "str | os.PathLike[str]",
    *,
    parameters: Mapping[str, Any] | None = None,
    out_dir: "str | os.PathLike[str]" = "reports",
    timeout: float | None = None,
    log_output: bool = False,
    progress_bar: bool = True,
    personal_values: Mapping[str, Iterable[str]] | None = None,
    log: Callable[[str], None] | None = None,
    on_ready: Callable[[], None] | None = None,
) -> NotebookResult:
    """Execute one notebook with papermill and publish its report only if all went well.

    The notebook runs in its own folder (so ``"../data/samples"`` works) into a
    work folder inside ``out_dir``. On success ``<out_dir>/<stem>/`` receives
    ``<stem>.ipynb``, ``<stem>.html`` (code hidden) and ``metrics.json``. On failure
    the last good report stays untouched and the executed notebook is kept as
    ``<stem>.failed.ipynb``. Before publishing, the HTML, metrics and notebook
    outputs are scanned for personal data (:func:`cxtools.privacy.scan_for_personal_data`);
    a hit fails the notebook with status ``"privacy check failed"`` and nothing is
    published. Error text, parameters and the published notebook's injected
    parameters are scrubbed of personal data, and absolute paths are cut to names.

    Parameters are expected already converted (see :func:`resolve_parameters`).
    An interruption (Ctrl-C, or SIGTERM/SIGHUP under :func:`run_notebooks`) stops the
    kernel, removes this run's work folder and is re-raised.
    """
    from cxtools import privacy

    notebook = Path(notebook).resolve()
    stem = check_notebook_name(notebook.stem)
    timeout = _execute.check_timeout(timeout)
    out = _prepare_output(Path(out_dir))
    target = out / stem
    given = dict(parameters or {})
    declared = read_parameters(notebook)
    title = notebook_title(read_notebook(notebook)) or stem
    data_dir = _resolve_data_dir(given, declared, notebook)
    if personal_values is None:
        personal_values = privacy.load_personal_values(data_dir) if data_dir is not None else {}

    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{stem}-", dir=out))
    try:
        executed = work / f"{stem}.ipynb"
        execution = _execute.execute(
            notebook, executed, work=work, parameters=given, timeout=timeout, progress_bar=progress_bar,
            log_output=log_output, log=log, on_ready=on_ready, personal_values=personal_values,
        )
        duration = time.monotonic() - clock
        nb, status, error = None, execution.status, execution.error
        if executed.exists():
            try:
                nb = read_notebook(executed)
            except Exception as exc:  # noqa: BLE001 - a half-written notebook
                status, error = STATUS_FAILED, str(exc)
        status, error = _execute.explain(_execute.Execution(status, error, execution.crashed), nb, timeout=timeout,
                                         personal_values=personal_values)
        error = _publish.withhold_personal(error, personal_values)
        # parameters are recorded in metrics.json, summary.json, index.html and the
        # published notebook: a value that is personal data itself (a customer's name
        # to look up) is not repeated there, and a path is cut to its folder's name
        recorded = {name: _publish.record_value(value, personal_values)
                    for name, value in _all_parameters(declared, given).items()}
        if "data_dir" in recorded and isinstance(recorded["data_dir"], str):  # the folder's name, never a path
            recorded["data_dir"] = data_dir.resolve().name if data_dir is not None else Path(recorded["data_dir"]).name
        if nb is not None:
            _publish.clean_published_notebook(nb, source_name=notebook.name, stem=stem, recorded=recorded)

        html = metrics_text = None
        if status == STATUS_OK:
            try:
                html = _publish.render_html(nb, title=title)
            except Exception as exc:  # noqa: BLE001
                status, error = STATUS_FAILED, _publish.withhold_personal(
                    f"HTML report could not be rendered: {type(exc).__name__}: {exc}", personal_values)
        if status == STATUS_OK:
            document = _metrics_document(nb, stem=stem, title=title, started=started, duration=duration,
                                         recorded=recorded, given=given, data=_publish.data_fingerprint(data_dir))
            metrics_text = json.dumps(document, ensure_ascii=False, indent=2)
            gate = _privacy_gate(nb, html, metrics_text, personal_values)
            if gate is not None:
                status, error = gate.status, gate.error
            else:
                problem = _schema_problem(document)
                if problem is not None:
                    status, error = STATUS_FAILED, _publish.withhold_personal(problem, personal_values)

        last_good = previous_good(target)
        target.mkdir(parents=True, exist_ok=True)
        if status == STATUS_OK:
            _write_published(nb, html, metrics_text, work=work, target=target, stem=stem)
            last_good = None
        elif status != STATUS_PRIVACY and nb is not None:
            error = _keep_failed_copy(nb, target=target, stem=stem, error=error, personal_values=personal_values)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    has_report = status == STATUS_OK or last_good is not None
    return NotebookResult(
        notebook=stem,
        title=title,
        status=status,
        duration=duration,
        error=error,
        parameters=recorded,
        report=f"{stem}/{stem}.html" if has_report else None,
        last_good=last_good,
        metrics=previous_metrics(target) if has_report else {},
    )


def _nbformat_write(nb, path: Path) -> None:
    import nbformat

    nbformat.write(nb, str(path))


def _version() -> str:
    from cxtools import __version__

    return __version__


# ---------------------------------------------------------------------------
# A run of several notebooks
# ---------------------------------------------------------------------------


def run_notebooks(
    notebooks: Sequence["str | os.PathLike[str]"],
    *,
    parameters: Mapping[str, Any] | None = None,
    out_dir: "str | os.PathLike[str]" = "reports",
    timeout: float | None = None,
    log_output: bool = False,
    progress_bar: bool = True,
    echo: Callable[[str], None] | None = None,
) -> RunSummary:
    """Run notebooks one after another and write the reports, index and summary.

    Parameters are checked and converted for every notebook first (a bad value
    raises before any kernel starts). A notebook that fails or times out does not
    stop the others. Writes ``<out_dir>/index.html`` and ``<out_dir>/summary.json``.
    One run at a time may write to ``out_dir``; SIGTERM and SIGHUP stop the run as
    Ctrl-C does.

    Parameters
    ----------
    notebooks : sequence of paths
        Notebook files (see :func:`find_notebooks`).
    parameters : mapping, optional
        ``{name: value}``, values as text or already typed; each applies to the
        notebooks that declare it.
    out_dir : path, default "reports"
    timeout : float, optional
        Seconds a single cell may run (5 s to a week); ``None`` for no limit.
    log_output : bool
        Log each cell and its output (as readable text) through ``echo``.
    progress_bar : bool
        Show papermill's progress bar (for a terminal).
    echo : callable, optional
        Receives progress lines: one per notebook, ``"<stem>: kernel ready"`` when its
        kernel has started, and with ``log_output`` a line per cell and output.

    Returns
    -------
    RunSummary

    Raises
    ------
    CxParameterError
        Unknown parameter, a value of the wrong type, a bad time limit, an unusable
        output folder or one another run is writing to (nothing has run).
    KeyboardInterrupt
        After the running kernel has been stopped (:class:`RunInterrupted` for SIGTERM/SIGHUP).
    """
    paths = [Path(nb).resolve() for nb in notebooks]
    for path in paths:
        check_notebook_name(path.stem)
    timeout = _execute.check_timeout(timeout)
    resolved = resolve_parameters(paths, parameters or {})
    out = _prepare_output(Path(out_dir))
    results = []
    with _execute.stop_signals(), lock_output(out):
        for i, path in enumerate(paths, start=1):
            if echo:
                echo(f"[{i}/{len(paths)}] {path.stem}: running")
            result = run_notebook(
                path, parameters=resolved[path], out_dir=out, timeout=timeout,
                log_output=log_output, progress_bar=progress_bar, log=echo,
                on_ready=(lambda stem=path.stem: echo(f"[{i}/{len(paths)}] {stem}: kernel ready")) if echo else None,
            )
            if echo:
                tail = f" -- {result.error}" if result.error else ""
                echo(f"[{i}/{len(paths)}] {path.stem}: {result.status} in {result.duration:.1f} s{tail}")
            results.append(result)
        summary = RunSummary(tuple(results), str(out_dir))
        write_summary(summary, out)
    return summary
