"""Running a notebook's kernel: papermill in a private work folder, stopped cleanly on signals.

The kernel runs in the notebook's own folder (so ``"../data/samples"`` works); the
executed copy is written into a work folder inside the output folder, where the kernel's
connection file (which holds its keys) is kept too, so removing the work folder leaves
nothing behind. Ctrl-C, SIGTERM and SIGHUP stop the kernel and remove the work folder.
"""

from __future__ import annotations

import math
import os
import re
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from cxtools.core.errors import CxParameterError
from cxtools.report.results import STATUS_FAILED, STATUS_OK, STATUS_TIMEOUT

__all__ = [
    "INLINE_BACKEND",
    "FIGURE_ARGUMENTS",
    "RunInterrupted",
    "stop_signals",
    "kill_children",
    "check_timeout",
    "describe_failure",
    "execute",
    "Execution",
    "MIN_TIMEOUT",
    "MAX_TIMEOUT",
]

#: Matplotlib backend the runner's kernels use, so figures end up in the report.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Kernel options for the reports' figures: SVG (crisp at any zoom and in print), with text
#: kept as SVG ``<text>`` (``svg.fonttype = "none"``) so the personal-data gate reads the
#: labels of every figure, and a reader can select and search them.
FIGURE_ARGUMENTS = ("--InlineBackend.figure_formats=svg", "--InlineBackend.rc=svg.fonttype=none")
#: Accepted range of the per-cell time limit, in seconds: starting a kernel and importing
#: the analysis libraries alone takes a few seconds; a week is no longer a limit.
MIN_TIMEOUT, MAX_TIMEOUT = 5.0, 7 * 24 * 3600.0


class RunInterrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP); its kernels have been stopped.

    ``kernels`` is how many processes of the run (kernels, a browser printing a PDF) were
    running when the signal came: 0 when it came before any kernel started.
    """

    def __init__(self, signum: int = signal.SIGINT, kernels: int = 0):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.kernels = kernels

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM)."""
        return 128 + int(self.signum)


def kill_children() -> int:
    """Kill every process this one started (SIGKILL), at once; how many there were.

    A stopped run has nothing to save in its kernel, and asking the kernel to shut down
    while a cell runs makes it print a ``zmq.error.ZMQError`` traceback on the shared
    console (its sockets close under the running cell); killing it is silent and immediate.
    """
    pids = child_pids()
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return len(pids)


@contextmanager
def stop_signals() -> Iterator[None]:
    """Turn Ctrl-C, SIGTERM and SIGHUP (a scheduler stopping the job, a closed terminal) into
    :class:`RunInterrupted`, at any stage of a run: the run's kernels are killed at once, then
    the exception unwinds the run (work folder, lock) as Ctrl-C does."""

    def handler(signum, frame):
        raise RunInterrupted(signum, kill_children())

    wanted = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    saved = {}
    try:
        for sig in wanted:
            saved[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: signals stay as they are
        yield
        return
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


def check_timeout(timeout: float | None, *, name: str = "timeout") -> float | None:
    """Check the per-cell time limit: ``None`` or a finite number of seconds in a sensible range.

    Examples
    --------
    >>> check_timeout(600)
    600.0
    >>> check_timeout(float("nan"))
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: timeout must be a number of seconds from 5 to 604800 (the longest time one cell may run), got nan
    """
    if timeout is None:
        return None
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        raise CxParameterError(f"{name} must be a number of seconds, got {timeout!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise CxParameterError(
            f"{name} must be a number of seconds from {MIN_TIMEOUT:g} to {MAX_TIMEOUT:g} "
            f"(the longest time one cell may run), got {value:g}")
    if value < MIN_TIMEOUT:
        raise CxParameterError(
            f"{name} of {value:g} s is too short: it is the longest time one cell may run, and starting the "
            f"kernel and importing the analysis libraries alone take a few seconds; give at least "
            f"{MIN_TIMEOUT:g} s (e.g. 600), or leave it out for no limit")
    if value > MAX_TIMEOUT:
        raise CxParameterError(f"{name} of {value:g} s is more than a week; leave it out for no limit")
    return value


# ---------------------------------------------------------------------------
# Naming cells as the author sees them
# ---------------------------------------------------------------------------


def cell_label(nb, index: int, *, personal_values: Mapping[str, Any] | None = None) -> str:
    """Name a cell as the author sees it in the notebook they wrote: papermill's
    injected-parameters cell and error markers are not counted.

    The label quotes the cell's first line, which goes into index.html and summary.json:
    contact details are masked, and a line naming a known person is left out.
    """
    from cxtools.data.privacy import scan_for_personal_data, scrub_text

    cell = nb.cells[index]
    tags = cell.get("metadata", {}).get("tags", [])
    if "injected-parameters" in tags:
        return "the parameters injected by the runner"
    skip = {"papermill-error-cell-tag", "injected-parameters"}
    cells = [c for c in nb.cells if not skip & set(c.get("metadata", {}).get("tags", []))]
    position = next((i for i, c in enumerate(cells) if c is cell), index) + 1
    first_line = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    # the label goes into index.html and summary.json: mask contact details before
    # shortening, as a cut-off e-mail address is no longer recognisable
    first_line = scrub_text(first_line)
    if personal_values and scan_for_personal_data(first_line, values=personal_values):
        first_line = ""  # checked before shortening: a cut-off name is no longer recognisable
    if len(first_line) > 60:
        first_line = first_line[:57] + "..."
    return f"cell {position} of {len(cells)} ({first_line!r})" if first_line else f"cell {position} of {len(cells)}"


def describe_failure(nb, *, personal_values: Mapping[str, Any] | None = None) -> str | None:
    """Which cell failed and how: ``"cell 4 of 9 ('x = 1 / 0'): ZeroDivisionError: division by zero"``.

    Cells are counted as in the notebook the author wrote (papermill's injected
    parameters cell is not counted); ``None`` if no cell failed.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> failed = new_code_cell("share = churned / customers", outputs=[new_output(
    ...     "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])])
    >>> describe_failure(new_notebook(cells=[new_code_cell("customers = 0"), failed]))
    "cell 2 of 2 ('share = churned / customers'): ZeroDivisionError: division by zero"
    """
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                if output.get("ename") == "SystemExit" and output.get("evalue") in ("", "0"):
                    continue
                label = cell_label(nb, index, personal_values=personal_values)
                return f"{label}: {output.get('ename')}: {output.get('evalue')}"
        if cell.get("metadata", {}).get("papermill", {}).get("exception") is True:
            return f"{cell_label(nb, index, personal_values=personal_values)}: the cell failed without an error message"
    return None


def last_started_cell(nb) -> int | None:
    started = [i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    return started[-1] if started else None


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------


def child_pids() -> set[int]:
    """Process ids of every descendant of this process (kernels the run started)."""
    try:
        import psutil

        return {p.pid for p in psutil.Process().children(recursive=True)}
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        pass
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s*(\d+)", status, re.MULTILINE)
            if ppid:
                parents[int(entry.name)] = int(ppid.group(1))
    found, frontier = set[int](), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def stop_processes(pids: set[int], *, grace: float = 3.0) -> None:
    """Terminate, then kill, the given processes (the kernels of an interrupted run)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            alive = set()
            for pid in pids:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
                try:
                    os.kill(pid, 0)
                    alive.add(pid)
                except ProcessLookupError:
                    pass
            pids = alive
            if not pids:
                return
            time.sleep(0.05)


def _private_kernel_options() -> dict[str, Any]:
    """Engine options that encrypt the traffic between the runner and its kernel.

    The kernel talks to the runner over local TCP sockets; without keys it warns
    "Kernel is running over TCP without encryption" on every run. jupyter_client
    can hand the kernel CurveZMQ keys when the kernel declares support for them
    (``transport_encryption="auto"``). Where pyzmq lacks CurveZMQ or jupyter_client
    is too old to provision keys, nothing changes and the kernel's own warning stays,
    because it is then true.
    """
    try:
        import zmq
        from jupyter_client.manager import KernelManager
        from traitlets.config import Config
    except ImportError:  # pragma: no cover - both come with papermill
        return {}
    if not zmq.has("curve") or "transport_encryption" not in KernelManager.class_trait_names():
        return {}
    return {"config": Config({"KernelManager": {"transport_encryption": "auto"}})}


@contextmanager
def _kernel_environment(work: Path) -> Iterator[None]:
    """The kernel inherits our environment: figures inline, connection file in the work folder.

    A headless setting such as MPLBACKEND=Agg (CI sets it) would stop the kernel
    capturing figures, and reports need them. The connection file holds the kernel's
    keys; written into the work folder, it goes with it whatever stops the run.
    """
    runtime = work / ".kernel-runtime"
    runtime.mkdir(mode=0o700)
    wanted = {"MPLBACKEND": INLINE_BACKEND, "JUPYTER_RUNTIME_DIR": str(runtime)}
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ---------------------------------------------------------------------------
# Log lines a person (or a scheduler's log) can read
# ---------------------------------------------------------------------------


def output_text(output: Mapping[str, Any]) -> str:
    """An output as readable text: markdown or plain text, never ``<... object>``.

    >>> output_text({"output_type": "display_data", "data": {
    ...     "text/markdown": "**12 %** churned", "text/plain": "<IPython.core.display.Markdown object>"}})
    '**12 %** churned'
    >>> output_text({"output_type": "display_data", "data": {"image/png": "...", "text/plain": "<Figure>"}})
    '[figure]'
    """
    kind = output.get("output_type")
    if kind == "stream":
        return str(output.get("text", "")).rstrip("\n")
    if kind == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data", {})
    if "text/markdown" in data:
        return str(data["text/markdown"]).rstrip("\n")
    plain = str(data.get("text/plain", "")).rstrip("\n")
    if any(mime.startswith("image/") for mime in data):
        return "[figure]"
    if re.fullmatch(r"<[\w.]+ (object|at 0x[0-9a-f]+)[^>]*>", plain.strip()) or not plain:
        return "[table]" if "text/html" in data else ""
    return plain


def _log_hooks(nb_name: str, log: Callable[[str], None] | None, log_output: bool,
               on_ready: Callable[[], None] | None, personal_values) -> dict[str, Any]:
    from cxtools.data.privacy import scan_for_personal_data, scrub_text

    hooks: dict[str, Any] = {}

    def ready(notebook, **_):
        if on_ready is not None:
            on_ready()

    hooks["on_notebook_start"] = ready
    if not log_output or log is None:
        return hooks
    state: dict[str, Any] = {}

    def started(cell, cell_index, **_):
        nb = state.get("nb")
        if nb is None:
            return
        log(f"{nb_name}: {cell_label(nb, cell_index, personal_values=personal_values)}")

    def finished(cell, cell_index, execute_reply=None, **_):
        for output in cell.get("outputs", []):
            text = scrub_text(output_text(output))
            if personal_values and scan_for_personal_data(text, values=personal_values):
                text = "[output withheld: it shows personal data]"
            for line in text.splitlines():
                log(f"{nb_name}:     {line}")

    def remember(notebook, **_):
        state["nb"] = notebook
        ready(notebook)

    hooks.update(on_notebook_start=remember, on_cell_execute=started, on_cell_executed=finished)
    return hooks


# ---------------------------------------------------------------------------
# One execution
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Execution:
    """How a kernel run ended: status, error text (not yet scrubbed) and whether the kernel died."""

    status: str
    error: str | None
    crashed: bool


def execute(
    notebook: Path,
    executed: Path,
    *,
    work: Path,
    parameters: Mapping[str, Any],
    timeout: float | None,
    progress_bar: bool,
    log_output: bool,
    log: Callable[[str], None] | None = None,
    on_ready: Callable[[], None] | None = None,
    personal_values: Mapping[str, Any] | None = None,
) -> Execution:
    """Run ``notebook`` with papermill into ``executed`` (inside the work folder ``work``).

    Every process the run started is stopped before this returns. An interruption
    (:class:`KeyboardInterrupt`, :class:`RunInterrupted`) stops the kernel and is re-raised;
    the caller removes the work folder.
    """
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    before = child_pids()
    status, error, crashed = STATUS_OK, None, False
    try:
        with _kernel_environment(work):
            pm.execute_notebook(
                str(notebook), str(executed), parameters=dict(parameters), kernel_name="python3",
                cwd=str(notebook.parent), progress_bar=progress_bar, log_output=False,
                execution_timeout=timeout, extra_arguments=list(FIGURE_ARGUMENTS), **_private_kernel_options(),
                **_log_hooks(notebook.stem, log, log_output, on_ready, personal_values),
            )
    except PapermillExecutionError:
        status = STATUS_FAILED
    except (CellTimeoutError, TimeoutError):
        status = STATUS_TIMEOUT
    except KeyboardInterrupt:
        stop_processes(child_pids() - before)
        raise
    except Exception as exc:  # kernel died, kernel missing, unreadable output...
        status, error = STATUS_FAILED, f"{type(exc).__name__}: {exc}"
        if type(exc).__name__ == "DeadKernelError":
            crashed = True
            error = "the kernel died (the Python process crashed, was killed or ran out of memory)"
    finally:
        leftovers = child_pids() - before
        if leftovers:
            stop_processes(leftovers)
    return Execution(status, error, crashed)


def explain(execution: Execution, nb, *, timeout: float | None,
            personal_values: Mapping[str, Any] | None = None) -> tuple[str, str | None]:
    """Status and error text of a finished execution, naming the cell as the author sees it."""
    status, error = execution.status, execution.error
    if nb is None:
        if status == STATUS_OK:
            return STATUS_FAILED, "papermill wrote no executed notebook"
        return status, error
    if status == STATUS_FAILED and error is None:
        error = describe_failure(nb, personal_values=personal_values) or "the notebook failed"
    elif execution.crashed and last_started_cell(nb) is not None:
        error = f"{error} in {cell_label(nb, last_started_cell(nb), personal_values=personal_values)}"  # type: ignore[arg-type]  # not None, checked above
    elif status == STATUS_TIMEOUT:
        index = last_started_cell(nb)
        where = cell_label(nb, index, personal_values=personal_values) if index is not None else "a cell"
        limit = f" after {timeout:g} s" if timeout else ""
        error = f"timed out{limit} in {where}"
    return status, error
