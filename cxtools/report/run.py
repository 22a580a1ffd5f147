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

from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import N_, gettext
from cxtools.report import execute as _execute
from cxtools.report import publish as _publish
from cxtools.report.index import INDEX_FILE, SUMMARY_FILE, previous_good, previous_metrics, write_summary
from cxtools.report.notebooks import in_language, notebook_title, read_notebook
from cxtools.report.parameters import NotebookParameter, read_parameters, resolve_parameters
from cxtools.report.results import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_PRIVACY,
    STATUS_SKIPPED,
    NotebookResult,
    RunSummary,
)

__all__ = ["run_notebook", "run_notebooks", "check_notebook_name", "lock_output", "report_language", "skip_reason",
           "provenance", "load_personal_values", "LOCK_FILE", "WORK_PREFIX"]

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
    cxtools.core.errors.CxParameterError: notebook 'summary.json.ipynb' cannot be run: its report folder would take the place of the run's summary.json; rename the notebook
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


def _notebook_text(nb) -> str:
    """Everything :func:`cxtools.data.privacy.scan_notebook` reads in a notebook, as one text (parts joined
    by newlines, which no pattern of the scan crosses)."""
    from cxtools.data import privacy

    parts = []
    for cell in nb.get("cells", []):
        parts.append(privacy._source(cell.get("source", "")))
        parts.append(json.dumps(cell.get("metadata") or {}, ensure_ascii=False, default=str))
        parts.append(" ".join(map(str, (cell.get("attachments") or {}).keys())))
        for output in cell.get("outputs", []) or []:
            parts.extend(privacy._output_texts(output))
    parts.append(json.dumps(nb.get("metadata") or {}, ensure_ascii=False, default=str))
    return "\n".join(parts)


def scan_notebook(nb, personal_values) -> list:
    """:func:`cxtools.data.privacy.scan_notebook`, answered at once when the notebook shows nothing.

    Scanning cell by cell costs a pass over every known personal value per cell; one pass
    over the whole notebook says whether there is anything to locate.
    """
    from cxtools.data import privacy

    if not privacy.scan_for_personal_data(_notebook_text(nb), values=personal_values):
        return []
    return privacy.scan_notebook(nb, values=personal_values)


def _privacy_gate(nb, pages: Mapping[str, str], metrics_text: str, personal_values, *, stem: str) -> _Gate | None:
    """Everything published -- both HTML editions (figure text included: SVG text is read),
    metrics.json and the executed notebook (sources, outputs, tracebacks, metadata) -- is
    checked; any personal data stops all of them."""
    from cxtools.data import privacy

    in_notebook = scan_notebook(nb, personal_values)
    where: list[str] = [f"{_finding_place(nb, f.where, personal_values)}: {', '.join(f.kinds)}" for f in in_notebook]
    found: set[str] = {kind for f in in_notebook for kind in f.kinds}
    for name, text in [*pages.items(), ("metrics.json", metrics_text)]:
        kinds = privacy.scan_for_personal_data(text, values=personal_values)
        if kinds:
            found.update(kinds)
            where.append(f"{name}: {', '.join(kinds)}")
    if not found:
        return None
    return _Gate(STATUS_PRIVACY, (
        "the report would show personal data (" + ", ".join(sorted(found)) + ") in " + "; ".join(where)
        + "; nothing was published. Pass displayed tables through cxtools.data.privacy.redact"
    ))


def _finding_place(nb, where: str, personal_values) -> str:
    """``"cell 5 outputs"`` of :func:`cxtools.data.privacy.scan_notebook` named as the author counts cells."""
    import re

    match = re.fullmatch(r"cell (\d+) (\w+)", where)
    if match and 0 < int(match.group(1)) <= len(nb.cells):
        return f"{_execute.cell_label(nb, int(match.group(1)) - 1, personal_values=personal_values)} {match.group(2)}"
    return where


def skip_reason(nb) -> str | None:
    """What a notebook needs, when it stopped itself with :class:`cxtools.core.errors.CxNotebookSkipped`."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and str(output.get("ename", "")).endswith("CxNotebookSkipped"):
                reason = str(output.get("evalue", "")).strip() or "needs inputs that were not provided"
                return reason if reason.startswith("skipped") else f"skipped: {reason}"
    return None


#: Files of a published report, beside the folder's ``metrics.json``.
def _report_files(stem: str) -> tuple[str, ...]:
    return (f"{stem}.ipynb", f"{stem}.html", f"{stem}.analyst.html", f"{stem}.pdf", f"{stem}.failed.ipynb",
            f"{stem}.failed.html", "metrics.json")


def _remove_report(target: Path, stem: str) -> None:
    """A skipped notebook's earlier report goes: its findings came from data no longer provided."""
    for name in _report_files(stem):
        (target / name).unlink(missing_ok=True)


def report_language(lang: str | None, data_dir: Path | None) -> str:
    """The stakeholder report's language: ``lang`` if given, else the data description's, else English."""
    if lang:
        return lang
    if data_dir is not None:
        try:
            from cxtools.data.description import load_description

            found = getattr(load_description(data_dir), "language", None)
            if found in ("en", "ru"):
                return found
        except Exception:  # noqa: BLE001 - an invalid description is reported by the check before the run
            pass
    return "en"


#: How the pseudonyms' salt was chosen, in words for "How this report was made".
_SALT_WORDS = {"secret (environment)": N_("secret salt from CXTOOLS_PSEUDONYM_SALT"),
               "per-installation": N_("random salt of this installation"),
               "per-run (no writable config folder)": N_("random salt of this run (no writable config folder)")}


def _as_of(recorded: Mapping[str, Any], metrics: Mapping[str, Any]) -> str | None:
    for value in (recorded.get("as_of"), metrics.get("as_of")):
        if isinstance(value, dict):
            value = value.get("value")
        if value not in (None, ""):
            return str(value)
    return None


def provenance(*, data_dir: Path | None, recorded: Mapping[str, Any], metrics: Mapping[str, Any],
               sources: list, started: datetime, lang: str) -> dict[str, Any]:
    """The facts of "How this report was made": folder name (never a path), as-of date, every
    parameter with its defaults, rows per source, cxtools version, run date, pseudonym salt kind."""
    from cxtools.data import privacy

    salt = privacy.salt_kind()
    return {
        "data": data_dir.name if data_dir is not None else None,
        "as_of": _as_of(recorded, metrics),
        "parameters": {k: v for k, v in recorded.items()},
        "sources": sources,
        "version": _version(),
        "run_date": started.strftime("%Y-%m-%d"),
        "salt": gettext(_SALT_WORDS[salt], lang) if salt in _SALT_WORDS else salt,
    }


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


def _write_published(nb, files: Mapping[str, str], *, work: Path, target: Path, stem: str) -> None:
    """Move the report's files into place, each replaced atomically; drop an old failure's copy."""
    _nbformat_write(nb, work / f"{stem}.ipynb")
    for name, text in files.items():
        (work / name).write_text(text, encoding="utf-8")
    for name in (f"{stem}.ipynb", *files):
        os.replace(work / name, target / name)
    for name in (f"{stem}.failed.ipynb", f"{stem}.failed.html", f"{stem}.pdf"):
        (target / name).unlink(missing_ok=True)


def _keep_failed_copy(nb, *, target: Path, stem: str, title: str, error: str | None,
                      personal_values) -> str | None:
    """For debugging only; never replaces the last good report. The executed notebook and its
    analyst edition (``<stem>.failed.html``, what the index links) sit beside the published
    files, so they are kept only when they show no personal data (a traceback can print a row)."""
    from cxtools.data import privacy
    from cxtools.report import editions

    leaking = scan_notebook(nb, personal_values)
    page = None
    if not leaking:
        try:
            page = editions.render_analyst_html(_publish.without_run_outputs(nb), title=title)
        except Exception:  # noqa: BLE001 - the notebook copy is still worth keeping
            page = None
        if page is not None and privacy.scan_for_personal_data(page, values=personal_values):
            page = None
    if leaking:
        for name in (f"{stem}.failed.ipynb", f"{stem}.failed.html"):
            (target / name).unlink(missing_ok=True)
        kinds = sorted({kind for f in leaking for kind in f.kinds})
        return _publish.withhold_personal(
            f"{error}; the executed notebook was not kept because it shows "
            f"personal data ({', '.join(kinds)}) in {_finding_place(nb, leaking[0].where, personal_values)}",
            personal_values)
    _nbformat_write(nb, target / f"{stem}.failed.ipynb")
    if page is not None:
        (target / f"{stem}.failed.html").write_text(page, encoding="utf-8")
    else:
        (target / f"{stem}.failed.html").unlink(missing_ok=True)
    return error


def _print_pdf(html_path: Path, pdf_path: Path, log: Callable[[str], None] | None) -> bool:
    from cxtools.report import browser

    try:
        browser.print_pdf(html_path, pdf_path)
        return True
    except Exception as exc:  # noqa: BLE001 - the HTML report stands without its PDF
        if log:
            log(f"{html_path.stem}: PDF not made ({type(exc).__name__}: {str(exc)[:200]})")
        return False


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
    lang: str | None = None,
    pdf: bool = False,
) -> NotebookResult:
    """Execute one notebook with papermill and publish its report only if all went well.

    The notebook runs in its own folder (so ``"../data/samples"`` works) into a
    work folder inside ``out_dir``. On success ``<out_dir>/<stem>/`` receives
    ``<stem>.ipynb`` (the analyst's executed notebook), ``<stem>.html`` (the stakeholder
    report, see :func:`cxtools.report.editions.render_stakeholder_html`: findings first, no code,
    closing with "How this report was made"), ``<stem>.analyst.html`` (everything, code
    folded), ``metrics.json`` and, with ``pdf``, ``<stem>.pdf``. Figures are SVG with
    their text kept as text.

    On failure the last good report stays untouched and the executed notebook is kept as
    ``<stem>.failed.ipynb`` with its analyst edition ``<stem>.failed.html``. A notebook
    that raises :class:`cxtools.core.errors.CxNotebookSkipped` is ``"skipped"``: its earlier
    report, made from data no longer provided, is removed.

    Before publishing, both editions (figure text included), metrics and the executed
    notebook are scanned for personal data (:func:`cxtools.data.privacy.scan_notebook`,
    :func:`cxtools.data.privacy.scan_for_personal_data`); a hit fails the notebook with status
    ``"privacy check failed"`` and nothing is published. Error text is scrubbed
    (:func:`cxtools.data.privacy.scrub_traceback`), parameter values that are personal data are
    withheld (:func:`cxtools.data.privacy.personal_parameters`) and absolute paths are cut to names.

    ``lang`` (``"en"``/``"ru"``) is the stakeholder report's language (default: the data
    description's); parameters are expected already converted (see :func:`resolve_parameters`).
    An interruption (Ctrl-C, or SIGTERM/SIGHUP under :func:`run_notebooks`) stops the
    kernel, removes this run's work folder and is re-raised.
    """
    from cxtools.data import privacy
    from cxtools.report import editions

    notebook = Path(notebook).resolve()
    stem = check_notebook_name(notebook.stem)
    timeout = _execute.check_timeout(timeout)
    out = _prepare_output(Path(out_dir))
    target = out / stem
    given = dict(parameters or {})
    declared = read_parameters(notebook)
    source = read_notebook(notebook)
    data_dir = _resolve_data_dir(given, declared, notebook)
    if personal_values is None:
        personal_values = load_personal_values(data_dir)
    edition_lang = report_language(given.get("lang") if isinstance(given.get("lang"), str) else lang, data_dir)
    if edition_lang not in ("en", "ru"):
        edition_lang = "en"
    title = notebook_title(in_language(source, edition_lang)) or stem

    def scrub(text: str | None) -> str | None:
        if not text:
            return text
        return _publish.withhold_personal(privacy.scrub_traceback(text, values=personal_values), personal_values)

    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{stem}-", dir=out))
    pdf_made = False
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
        skipped = skip_reason(nb) if nb is not None and status == STATUS_FAILED else None
        if skipped:
            status, error = STATUS_SKIPPED, skipped
        else:
            status, error = _execute.explain(_execute.Execution(status, error, execution.crashed), nb,
                                             timeout=timeout, personal_values=personal_values)
        error = scrub(error)
        # parameters are recorded in metrics.json, summary.json, index.html and the
        # published notebook: a value that is personal data itself (a customer's name
        # to look up) is not repeated there, and a path is cut to its folder's name
        every = _all_parameters(declared, given)
        personal = privacy.personal_parameters(every, values=personal_values)
        recorded = {name: (f"[withheld: contains personal data ({', '.join(personal[name])})]" if name in personal
                           else _publish.record_value(value, personal_values))
                    for name, value in every.items()}
        if "data_dir" in recorded and isinstance(recorded["data_dir"], str):  # the folder's name, never a path
            recorded["data_dir"] = data_dir.resolve().name if data_dir is not None else Path(recorded["data_dir"]).name
        if nb is not None:
            _publish.clean_published_notebook(nb, source_name=notebook.name, stem=stem, recorded=recorded)

        files: dict[str, str] = {}
        if status == STATUS_OK:
            metrics = _publish.collect_metrics(nb)
            facts = provenance(data_dir=data_dir, recorded=recorded, metrics=metrics,
                               sources=_publish.collect_sources(nb), started=started, lang=edition_lang)
            try:
                shown = _publish.without_run_outputs(nb)
                files[f"{stem}.html"] = editions.render_stakeholder_html(shown, title=title, lang=edition_lang,
                                                                         provenance=facts)
                files[f"{stem}.analyst.html"] = editions.render_analyst_html(shown, title=title, lang=edition_lang)
            except Exception as exc:  # noqa: BLE001
                status, error = STATUS_FAILED, scrub(f"HTML report could not be rendered: {type(exc).__name__}: {exc}")
        if status == STATUS_OK:
            document = _metrics_document(nb, stem=stem, title=title, started=started, duration=duration,
                                         recorded=recorded, given=given, data=_publish.data_fingerprint(data_dir))
            document["run"]["language"] = edition_lang
            document["run"]["sources"] = facts["sources"]
            metrics_text = json.dumps(document, ensure_ascii=False, indent=2)
            files["metrics.json"] = metrics_text + "\n"
            gate = _privacy_gate(nb, {k: v for k, v in files.items() if k.endswith(".html")}, metrics_text,
                                 personal_values, stem=stem)
            if gate is not None:
                status, error = gate.status, gate.error
            else:
                problem = _schema_problem(document)
                if problem is not None:
                    status, error = STATUS_FAILED, scrub(problem)

        last_good = previous_good(target)
        target.mkdir(parents=True, exist_ok=True)
        if status == STATUS_OK:
            _write_published(nb, files, work=work, target=target, stem=stem)
            last_good = None
            if pdf:
                pdf_made = _print_pdf(target / f"{stem}.html", target / f"{stem}.pdf", log)
        elif status == STATUS_SKIPPED:
            _remove_report(target, stem)
            last_good = None
        elif status != STATUS_PRIVACY and nb is not None:
            error = _keep_failed_copy(nb, target=target, stem=stem, title=title, error=error,
                                      personal_values=personal_values)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    has_report = status == STATUS_OK or last_good is not None
    if has_report:
        analyst = f"{stem}/{stem}.analyst.html" if (target / f"{stem}.analyst.html").is_file() else None
    else:
        analyst = f"{stem}/{stem}.failed.html" if (target / f"{stem}.failed.html").is_file() else None
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
        analyst=analyst,
        pdf=f"{stem}/{stem}.pdf" if pdf_made else None,
    )


def load_personal_values(data_dir: Path | None) -> dict:
    """The personal values of a data folder: columns its description declares personal, known
    header names and contact-looking content (:func:`cxtools.data.privacy.load_personal_values`)."""
    from cxtools.data import privacy

    if data_dir is None:
        return {}
    declared: dict[str, list[str]] = {}
    try:
        from cxtools.data.description import load_description

        description = load_description(data_dir)
        for name in description.sources:
            spec = description.spec(name)
            path = description.path(name) if description.has(name) else None
            if spec.personal and path is not None and path.is_file():
                declared[str(path)] = list(spec.personal)
    except Exception:  # noqa: BLE001 - the check before the run reports a broken description
        declared = {}
    try:
        return privacy.load_personal_values(data_dir, declared=declared or None)
    except Exception:  # noqa: BLE001 - a declared file in a format the scan does not read
        return privacy.load_personal_values(data_dir)


def _run_language(notebook: Path, given: Mapping[str, Any]) -> str:
    if isinstance(given.get("lang"), str) and given["lang"] in ("en", "ru"):
        return given["lang"]
    return report_language(None, _resolve_data_dir(given, read_parameters(notebook), notebook))


def _nbformat_write(nb, path: Path) -> None:
    import nbformat

    nbformat.write(nb, str(path))


def _version() -> str:
    from cxtools.core import __version__

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
    lang: str | None = None,
    pdf: bool = False,
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
    lang : {"en", "ru"}, optional
        Language of the stakeholder reports and the index (default: each data folder's
        description, else English). Given to every notebook that declares a ``lang``
        parameter, unless a ``lang`` parameter was given explicitly.
    pdf : bool
        Also print each stakeholder report to ``<stem>.pdf`` with headless Chromium
        (:func:`cxtools.report.browser.print_pdf`); without Chromium a note goes to ``echo`` and
        no PDF is made.

    Returns
    -------
    RunSummary

    Raises
    ------
    CxParameterError
        Unknown parameter, a value of the wrong type, a bad time limit, an unusable
        output folder or one another run is writing to (nothing has run).
    KeyboardInterrupt
        After the running kernels have been killed (:class:`RunInterrupted`: Ctrl-C, SIGTERM or SIGHUP).
    """
    paths = [Path(nb).resolve() for nb in notebooks]
    for path in paths:
        check_notebook_name(path.stem)
    timeout = _execute.check_timeout(timeout)
    if lang is not None and lang not in ("en", "ru"):
        raise CxParameterError(f"--lang must be 'en' or 'ru', got {lang!r}")
    resolved = resolve_parameters(paths, parameters or {})
    if lang is not None:
        for path in paths:
            if "lang" not in resolved[path] and any(p.name == "lang" for p in read_parameters(path)):
                resolved[path] = {**resolved[path], "lang": lang}
    if pdf:
        from cxtools.report.browser import find_chromium

        if find_chromium() is None:
            pdf = False
            if echo:
                echo("--pdf: no Chromium or Chrome found, so no PDF is made (install it, e.g. `apt-get install "
                     "chromium` on Debian, or set CXTOOLS_CHROMIUM to its path); the HTML reports are written")
    out = _prepare_output(Path(out_dir))
    results = []
    personal_by_folder: dict[Path | None, dict] = {}
    with _execute.stop_signals(), lock_output(out):
        for i, path in enumerate(paths, start=1):
            if echo:
                echo(f"[{i}/{len(paths)}] {path.stem}: running")
            data_dir = _resolve_data_dir(resolved[path], read_parameters(path), path)
            if data_dir not in personal_by_folder:
                personal_by_folder[data_dir] = load_personal_values(data_dir)
            result = run_notebook(
                path, parameters=resolved[path], out_dir=out, timeout=timeout,
                personal_values=personal_by_folder[data_dir],
                log_output=log_output, progress_bar=progress_bar, log=echo, lang=lang, pdf=pdf,
                on_ready=(lambda stem=path.stem, i=i: echo(f"[{i}/{len(paths)}] {stem}: kernel ready")) if echo else None,  # type: ignore[misc]  # bound now
            )
            if echo:
                tail = f" -- {result.error}" if result.error and not result.skipped else ""
                echo(f"[{i}/{len(paths)}] {path.stem}: {result.status_text} in {result.duration:.1f} s{tail}")
            results.append(result)
        summary = RunSummary(tuple(results), str(out_dir))
        index_lang = lang or next((_run_language(p, resolved[p]) for p in paths), "en")
        write_summary(summary, out, lang=index_lang)
    return summary
