"""The workshop kit: the student edition of the notebooks, its data, and the check both ways.

How an exercise is written in a notebook (in the manner of nbgrader): a markdown cell with the
task, tagged ``exercise``; a code cell tagged ``exercise`` whose answer is assigned inside a
``### BEGIN SOLUTION`` / ``### END SOLUTION`` region, after a line that sets the answer to
``None``; and a self-check call. The student edition replaces every solution region with
``# YOUR CODE HERE`` (nbgrader's ``ClearSolutions``) and clears outputs (nbconvert's
``ClearOutputPreprocessor``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

from cxtools.core import paths as _paths
from cxtools.core.errors import CxError, CxParameterError
from cxtools.workshop.selfcheck import SELF_CHECK_MIMETYPE

__all__ = ["EXERCISE_TAG", "SOLUTION_BEGIN", "SOLUTION_END", "CODE_STUB", "TEXT_STUB", "student_notebook", "build_student_edition", "check_kit", "summarise_kit",
           "load_truth", "WHEEL_PLATFORMS", "build_wheelhouse"]

#: Cell tag of everything that belongs to a workshop exercise (task, solution, self-check).
EXERCISE_TAG = "exercise"
SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE"
TEXT_STUB = "_Your answer here._"


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
                          seed: int | None = None, n_customers: int = 4000, lang: str | None = None) -> dict[str, Any]:
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
    lang : {"en", "ru"}, optional
        Student notebooks in this language only, with the ``lang`` parameter preset
        (:func:`cxtools.report.copies.working_copy`); default: both languages, as in the source.

    Returns
    -------
    dict
        ``{"notebooks": [...paths], "data": path, "seed": seed}``.
    """
    from cxtools.report import default_notebooks_dir
    from cxtools.report.copies import working_copy
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
        if lang is not None:
            nb = working_copy(nb, lang=lang)
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
    messy = _paths.bundled("data/workshop")  # the checkout's or the installed copy
    if messy is not None and messy.is_dir():
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

    for name in platforms:  # before the slow build
        check_choice("platform", name, list(WHEEL_PLATFORMS), func="workshop wheelhouse")
    root = _paths.checkout_dir()
    if root is None:
        raise CxParameterError(
            f"workshop wheelhouse builds the cxtools wheel from its source folder (the one with pyproject.toml), "
            f"and this cxtools is installed in {_paths.PACKAGE_DIR} without one: run the command from a checkout "
            "of the project")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(root)])
    requirement = f"{root}[{extras}]" if extras else str(root)
    for name in platforms:
        tags = [a for tag in WHEEL_PLATFORMS[name] for a in ("--platform", tag)]
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--python-version",
              python_version, *tags, "-d", str(out), requirement])
    return out


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise CxError(f"{' '.join(cmd[:5])} ... failed:\n{done.stderr.strip()[-2000:]}")
