"""Teaching workshops: exercises with self-checks, a student edition, a kit check, set-up help.

A facilitator prepares a kit before the session::

    cxtools workshop build --out kit --seed 7      # notebooks without solutions + data for group 7
    cxtools workshop check kit                     # solutions injected: every self-check passes;
                                                   # solutions left out: every self-check fails helpfully
    cxtools workshop wheelhouse --out usb/wheels   # every wheel for Linux, macOS and Windows
    cxtools doctor                                 # on a participant's laptop: what to fix

How an exercise is written in a notebook (in the manner of nbgrader): a markdown cell with the
task, tagged ``exercise``; a code cell tagged ``exercise`` whose answer is assigned inside a
``### BEGIN SOLUTION`` / ``### END SOLUTION`` region, after a line that sets the answer to
``None``; and a self-check call::

    naive_months = None  # your answer: the naive mean lifetime in months
    ### BEGIN SOLUTION
    naive_months = durations["duration"].mean()
    ### END SOLUTION
    workshop.check("01-naive-lifetime", naive_months, durations=durations)

The self-check computes the expected answer from the same data with the package (so it works
on every group's data set), says whether the answer is right, and otherwise gives a hint --
never the number. The student edition replaces every solution region with
``# YOUR CODE HERE`` (nbgrader's ``ClearSolutions``) and clears outputs (nbconvert's
``ClearOutputPreprocessor``). Cells tagged ``exercise`` never reach a stakeholder report.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from cxtools.core.results import Result
from cxtools.core.errors import CxError, CxParameterError

__all__ = [
    "EXERCISE_TAG",
    "SELF_CHECK_MIMETYPE",
    "Exercise",
    "EXERCISES",
    "exercise",
    "CheckResult",
    "check",
    "build_student_edition",
    "check_kit",
    "doctor",
    "build_wheelhouse",
]

#: Cell tag of everything that belongs to a workshop exercise (task, solution, self-check).
EXERCISE_TAG = "exercise"
#: Mime type under which a self-check records its outcome in the notebook (read by ``check_kit``).
SELF_CHECK_MIMETYPE = "application/vnd.cxtools.self-check+json"
SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE"
TEXT_STUB = "_Your answer here._"


# ----------------------------------------------------------------------------------------
# exercises and self-checks
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Exercise:
    """One workshop exercise: how to compute the expected answer and how to help.

    Attributes
    ----------
    id : str
        ``"<notebook>-<topic>"``, e.g. ``"01-naive-lifetime"``.
    question : str
        The task in one sentence (for the facilitator's guide).
    expected : callable
        Computes the expected answer from the data the self-check is given.
    tolerance : float
        Relative tolerance for numbers (absolute below 1).
    hints : tuple of str
        Shown, in order, for a wrong answer (the first for "not answered yet").
    """

    id: str
    question: str
    expected: Callable[..., Any] = field(repr=False)
    tolerance: float = 0.01
    hints: tuple[str, ...] = ()


#: Every exercise the shipped notebooks use, by id.
EXERCISES: dict[str, Exercise] = {}


def exercise(id: str, question: str, *, tolerance: float = 0.01, hints: Sequence[str] = ()):
    """Register the function that computes an exercise's expected answer.

    Examples
    --------
    >>> @exercise("doc-mean", "What is the mean score?", hints=("Use .mean().",))
    ... def _mean(scores):
    ...     return sum(scores) / len(scores)
    >>> check("doc-mean", 2.0, scores=[1, 2, 3], display=False).passed
    True
    >>> del EXERCISES["doc-mean"]
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        EXERCISES[id] = Exercise(id, question, func, tolerance, tuple(hints))
        return func

    return register


@dataclass(frozen=True)
class CheckResult(Result):
    """The outcome of one self-check.

    Attributes
    ----------
    exercise : str
    passed : bool
    answered : bool
        False when the answer is still ``None`` (the solution cell was left empty).
    message : str
        What the participant reads: "right", or a hint -- never the expected value.
    """

    exercise: str
    passed: bool
    answered: bool
    message: str

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"exercise": self.exercise, "passed": self.passed, "answered": self.answered,
                              "message": self.message}])

    def describe(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        from html import escape

        colour = "#1a7f37" if self.passed else "#9a6700"
        return f'<p style="color:{colour}"><b>{escape(self.exercise)}</b>: {escape(self.message)}</p>'


def _same(answer: Any, expected: Any, tolerance: float) -> bool:
    import numpy as np
    import pandas as pd

    if isinstance(expected, (set, frozenset)):
        try:
            return {str(a) for a in answer} == {str(e) for e in expected}
        except TypeError:
            return False
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, bool):
        return isinstance(answer, (bool, np.bool_)) and bool(answer) == expected
    if isinstance(expected, numbers.Real):
        if isinstance(answer, (pd.Series, np.ndarray)) and np.size(answer) == 1:
            answer = np.asarray(answer).ravel()[0]
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
            return False
        a, e = float(answer), float(expected)
        if math.isnan(e):
            return math.isnan(a)
        return abs(a - e) <= tolerance * max(1.0, abs(e))
    if isinstance(expected, (list, tuple)):
        try:
            return len(answer) == len(expected) and all(_same(a, e, tolerance) for a, e in zip(answer, expected))
        except TypeError:
            return False
    return answer == expected


def check(exercise_id: str, answer: Any, /, *, display: bool = True, **data: Any) -> CheckResult:
    """Tell a participant whether ``answer`` is right, with a hint when it is not.

    The expected answer is computed from ``data`` by the exercise's registered function, so
    the check works on every group's data set and the notebook never shows the number.

    Parameters
    ----------
    exercise_id : str
        Key of :data:`EXERCISES`.
    answer
        The participant's answer (``None`` while not answered).
    display : bool, default True
        Show the outcome in the notebook (and record it for ``cxtools workshop check``).
    **data
        The tables the expected answer is computed from.

    Returns
    -------
    CheckResult

    Raises
    ------
    CxParameterError
        If the exercise id is unknown (with a "did you mean").
    """
    import cxtools.exercises  # noqa: F401 - registers the shipped notebooks' exercises
    from cxtools.core.checks import check_choice

    check_choice("exercise", exercise_id, sorted(EXERCISES), func="workshop.check")
    ex = EXERCISES[exercise_id]
    hints = ex.hints or ("Re-read the question and the section above it.",)
    if answer is None or answer is Ellipsis:
        result = CheckResult(exercise_id, False, False, f"Not answered yet. Hint: {hints[0]}")
    else:
        try:
            expected = ex.expected(**data)
        except CxError as err:  # the data cannot answer the exercise: say so, do not crash
            result = CheckResult(exercise_id, False, True, f"This data set cannot check the answer: {err}")
        else:
            if _same(answer, expected, ex.tolerance):
                result = CheckResult(exercise_id, True, True, "Right.")
            else:
                hint = hints[1] if len(hints) > 1 else hints[0]
                result = CheckResult(exercise_id, False, True, f"Not quite. Hint: {hint}")
    if display:
        _show(result)
    return result


def _show(result: CheckResult) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display as ipy_display
    except ImportError:  # plain Python: print
        print(f"{result.exercise}: {result.message}")
        return
    if get_ipython() is None:
        print(f"{result.exercise}: {result.message}")
        return
    payload = {"exercise": result.exercise, "passed": result.passed, "answered": result.answered}
    ipy_display({SELF_CHECK_MIMETYPE: payload, "text/html": result._repr_html_(),
                 "text/plain": f"{result.exercise}: {result.message}"}, raw=True)


# ----------------------------------------------------------------------------------------
# the student edition
# ----------------------------------------------------------------------------------------
def _solution_regions(nb) -> dict[str, str]:
    """cell id -> full source, for every cell that holds a solution region."""
    return {c.get("id", str(i)): c.source for i, c in enumerate(nb.cells) if SOLUTION_BEGIN in c.source}


def student_notebook(nb):
    """The student edition of one notebook: solutions replaced by a prompt, outputs cleared.

    Uses nbgrader's ``ClearSolutions`` (solution regions -> ``# YOUR CODE HERE`` in code,
    ``_Your answer here._`` in markdown) and nbconvert's ``ClearOutputPreprocessor``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "x = None\\n### BEGIN SOLUTION\\nx = 42\\n### END SOLUTION\\nprint(x)")])
    >>> student_notebook(nb).cells[0].source
    'x = None\\n# YOUR CODE HERE\\nprint(x)'
    """
    import copy

    from nbconvert.preprocessors import ClearOutputPreprocessor
    from nbgrader.preprocessors import ClearSolutions

    out = copy.deepcopy(nb)
    out.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    clear = ClearSolutions(enforce_metadata=False, code_stub={"python": CODE_STUB}, text_stub=TEXT_STUB)
    out, _ = clear.preprocess(out, {})
    out, _ = ClearOutputPreprocessor().preprocess(out, {})
    for cell in out.cells:
        cell.metadata.pop("nbgrader", None)
    return out


def _notebook_paths(notebooks_dir: Path) -> list[Path]:
    return sorted(p for p in notebooks_dir.glob("[0-9][0-9]_*.ipynb"))


def build_student_edition(out_dir: str | os.PathLike[str], *, notebooks_dir: str | os.PathLike[str] | None = None,
                          seed: int | None = None, n_customers: int = 4000) -> dict[str, Any]:
    """Write a workshop kit: student notebooks, the data beside them and set-up notes.

    Layout (the notebooks' default ``data_dir`` of ``../data/samples`` works unchanged)::

        out_dir/notebooks/NN_*.ipynb   solutions replaced by a prompt, no outputs
        out_dir/data/samples/          the bundled sample data, or a data set drawn with ``seed``
                                       (with its planted truth in truth.json)
        out_dir/data/workshop/         the deliberately messy export for "bring your own CSV"
        out_dir/README.md              how to open the kit, with and without ``make``

    Parameters
    ----------
    out_dir : path
    notebooks_dir : path, optional
        Source notebooks (default: the project's ``notebooks/``).
    seed : int, optional
        Draw a different data set for this group (same generator, same planted structure).
    n_customers : int, default 4000
        Size of the drawn data set.

    Returns
    -------
    dict
        ``{"notebooks": [...paths], "data": path, "seed": seed}``.
    """
    from cxtools.report import default_notebooks_dir
    from cxtools.data.samples import sample_data_dir, write_sample_data

    import nbformat

    out = Path(out_dir)
    src = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    paths = _notebook_paths(src)
    if not paths:
        raise CxParameterError(f"workshop build: no notebooks NN_*.ipynb in {src}")
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        target = out / "notebooks" / path.name
        nbformat.write(student_notebook(nb), target)
        written.append(target)
    data = out / "data" / "samples"
    if data.exists():
        shutil.rmtree(data)
    if seed is None:
        shutil.copytree(sample_data_dir(), data)
    else:
        write_sample_data(data, n_customers=n_customers, seed=int(seed))
    messy = Path(__file__).resolve().parent.parent / "data" / "workshop"
    if messy.is_dir():
        if (out / "data" / "workshop").exists():
            shutil.rmtree(out / "data" / "workshop")
        shutil.copytree(messy, out / "data" / "workshop")
    (out / "README.md").write_text(_KIT_README.format(seed="the bundled sample" if seed is None else f"seed {seed}"),
                                   encoding="utf-8")
    return {"notebooks": written, "data": data, "seed": seed}


_KIT_README = """# Workshop kit

Notebooks in `notebooks/`, data ({seed}) in `data/samples/`, a messy export in `data/workshop/`.

Open the notebooks in JupyterLab:

    python -m pip install --no-index --find-links wheels cxtools jupyterlab   # offline, from the USB stick
    python -m cxtools doctor                                                  # checks the set-up
    python -m jupyterlab notebooks

Each exercise ends with a self-check cell: run it after your answer. It says "Right." or gives a hint.
"""


def _inject_solutions(student, original):
    """Put the original's solution cells back into a student notebook (matched by cell id)."""
    import copy

    sources = _solution_regions(original)
    out = copy.deepcopy(student)
    for i, cell in enumerate(out.cells):
        key = cell.get("id", str(i))
        if key in sources:
            cell.source = sources[key]
    return out


def _self_checks(nb) -> list[dict[str, Any]]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(SELF_CHECK_MIMETYPE)
            if payload is not None:
                found.append(dict(payload))
    return found


def _expected_checks(nb) -> int:
    return sum(c.source.count("workshop.check(") for c in nb.cells if c.cell_type == "code")


def _execute(nb, cwd: Path, timeout: int):
    """Run a notebook in a fresh kernel; return (executed notebook, error text or None)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from cxtools.report.execute import _private_kernel_options

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
                            **_private_kernel_options())
    try:
        client.execute()
    except CellExecutionError as err:
        return nb, str(err).splitlines()[-1] if str(err) else type(err).__name__
    return nb, None


def check_kit(kit_dir: str | os.PathLike[str], *, notebooks_dir: str | os.PathLike[str] | None = None,
              names: Sequence[str] | None = None, timeout: int = 600):
    """Check a workshop kit before the session, both ways.

    For each student notebook: (1) with the solutions injected back from the source notebooks,
    it runs top to bottom and every self-check passes; (2) as the participants get it, it runs
    top to bottom (nothing crashes) and every self-check fails with a hint.

    Returns
    -------
    DataFrame
        One row per notebook and mode: ``notebook``, ``mode`` ("solutions", "student"),
        ``checks`` (expected), ``passed``, ``failed``, ``error`` and ``ok``.
    """
    import nbformat
    import pandas as pd

    from cxtools.report import default_notebooks_dir

    kit = Path(kit_dir)
    src = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    rows = []
    for path in sorted((kit / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        if names and path.stem not in names:
            continue
        student = nbformat.read(path, as_version=4)
        original = nbformat.read(src / path.name, as_version=4)
        n_checks = _expected_checks(student)
        for mode, nb in (("solutions", _inject_solutions(student, original)), ("student", student)):
            executed, error = _execute(nb, path.parent, timeout)
            results = _self_checks(executed)
            passed = sum(r["passed"] for r in results)
            failed = len(results) - passed
            if mode == "solutions":
                ok = error is None and passed == n_checks
            else:
                ok = error is None and failed == n_checks and all(not r["passed"] for r in results)
            rows.append({"notebook": path.stem, "mode": mode, "checks": n_checks, "passed": passed,
                         "failed": failed, "error": error or "", "ok": ok})
    return pd.DataFrame(rows, columns=["notebook", "mode", "checks", "passed", "failed", "error", "ok"])


# ----------------------------------------------------------------------------------------
# participants' set-up
# ----------------------------------------------------------------------------------------
#: Platforms the wheelhouse covers (pip's --platform tags), for Python 3.11.
WHEEL_PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux": ("manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"),
    "macos": ("macosx_11_0_arm64", "macosx_12_0_arm64", "macosx_10_9_x86_64", "macosx_11_0_x86_64",
              "macosx_10_15_x86_64"),
    "windows": ("win_amd64",),
}


def build_wheelhouse(out_dir: str | os.PathLike[str], *, platforms: Sequence[str] = ("linux", "macos", "windows"),
                     extras: str = "lab", python_version: str = "3.11") -> Path:
    """Collect every wheel a participant needs, per platform, for installing with no network.

    Runs ``pip download --only-binary=:all:`` for each platform (needs the network once, on
    the facilitator's machine) and builds the cxtools wheel itself. Participants then run
    ``python -m pip install --no-index --find-links WHEELS "cxtools[lab]"``.

    Returns
    -------
    Path
        The folder with the wheels.
    """
    from cxtools.core.checks import check_choice

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(root)])
    requirement = f"{root}[{extras}]" if extras else str(root)
    for name in platforms:
        check_choice("platform", name, list(WHEEL_PLATFORMS), func="workshop wheelhouse")
        tags = [a for tag in WHEEL_PLATFORMS[name] for a in ("--platform", tag)]
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--python-version",
              python_version, *tags, "-d", str(out), requirement])
    return out


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise CxError(f"{' '.join(cmd[:5])} ... failed:\n{done.stderr.strip()[-2000:]}")


@dataclass(frozen=True)
class DoctorReport(Result):
    """What ``cxtools doctor`` found: one row per check, with what to fix."""

    checks: tuple[tuple[str, bool, str], ...]

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.checks, columns=["check", "ok", "details"])

    def describe(self) -> str:
        bad = [name for name, ok, _ in self.checks if not ok]
        return "Everything is ready." if not bad else f"To fix: {', '.join(bad)}."

    def __str__(self) -> str:
        width = max(len(n) for n, _, _ in self.checks)
        lines = [f"{'ok ' if ok else 'FIX'}  {name:<{width}}  {details}" for name, ok, details in self.checks]
        return "\n".join(lines + ["", self.describe()])


_PACKAGES = ("numpy", "pandas", "scipy", "matplotlib", "seaborn", "statsmodels", "duckdb", "pyarrow",
             "papermill", "nbconvert", "ipykernel", "babel")


def doctor(*, run_notebook: bool = True) -> DoctorReport:
    """Check a participant's set-up: Python, packages, the kernel, fonts, a tiny notebook run.

    Returns
    -------
    DoctorReport
        ``str(report)`` prints one line per check with what to fix; ``report.ok``.
    """
    import importlib

    checks: list[tuple[str, bool, str]] = []
    py_ok = sys.version_info >= (3, 11)
    checks.append(("Python 3.11 or newer", py_ok, sys.version.split()[0] if py_ok else
                   f"found {sys.version.split()[0]}: install Python 3.11 from python.org"))
    for name in _PACKAGES:
        try:
            module = importlib.import_module(name)
            checks.append((f"package {name}", True, getattr(module, "__version__", "installed")))
        except Exception as err:  # noqa: BLE001 - any import failure is a set-up problem to report
            checks.append((f"package {name}", False,
                           f"{type(err).__name__}: {err}; run: python -m pip install --no-index --find-links "
                           "WHEELS cxtools"))
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        checks.append(("Jupyter kernel python3", "python3" in specs,
                       "found" if "python3" in specs else "run: python -m ipykernel install --user"))
    except Exception as err:  # noqa: BLE001
        checks.append(("Jupyter kernel python3", False, f"{err}; run: python -m pip install ipykernel"))
    try:
        from matplotlib import font_manager

        font = font_manager.findfont("DejaVu Sans", fallback_to_default=True)
        from matplotlib.ft2font import FT2Font

        has_cyrillic = FT2Font(font).get_char_index(ord("Ж")) != 0
        checks.append(("font with Cyrillic letters", has_cyrillic,
                       Path(font).name if has_cyrillic else "install DejaVu Sans for Russian labels"))
    except Exception as err:  # noqa: BLE001
        checks.append(("font with Cyrillic letters", False, str(err)))
    if run_notebook:
        checks.append(_tiny_notebook())
    return DoctorReport(tuple(checks))


def _tiny_notebook() -> tuple[str, bool, str]:
    import tempfile

    try:
        import nbformat

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import cxtools, pandas as pd\nprint(pd.DataFrame({'a': [1, 2]})['a'].sum())")])
        with tempfile.TemporaryDirectory() as folder:
            executed, error = _execute(nb, Path(folder), timeout=120)
        text = "".join(o.get("text", "") for o in executed.cells[0].get("outputs", []))
        ok = error is None and text.strip() == "3"
        return ("a notebook runs", ok, "ran a two-line notebook" if ok else f"failed: {error or text}")
    except Exception as err:  # noqa: BLE001
        return ("a notebook runs", False, f"{type(err).__name__}: {err}")


def summarise_kit(table) -> str:
    """One line per notebook and mode for the command line."""
    lines = []
    for row in table.itertuples(index=False):
        state = "ok " if row.ok else "FAIL"
        extra = f"  error: {row.error}" if row.error else ""
        lines.append(f"{state} {row.notebook:<20} {row.mode:<9} {row.passed}/{row.checks} passed{extra}")
    return "\n".join(lines)


def load_truth(kit_dir: str | os.PathLike[str]) -> Mapping[str, Any]:
    """The planted truth of a kit's data set (``data/samples/truth.json``)."""
    return json.loads((Path(kit_dir) / "data" / "samples" / "truth.json").read_text(encoding="utf-8"))
