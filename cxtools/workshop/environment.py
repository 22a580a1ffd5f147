"""``cxtools doctor``: check a participant's computer for the notebooks."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from cxtools.core import paths as _paths
from cxtools.core.results import Result
from cxtools.workshop.kit import _execute

__all__ = ["DoctorReport", "doctor"]


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
    """Check a participant's set-up: Python, packages, the notebooks and their sample data, the kernel,
    fonts, a tiny notebook run.

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
    checks.append(_notebooks_found())
    checks.append(_samples_found())
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

        has_cyrillic = FT2Font(font).get_char_index(ord("\u0416")) != 0  # Cyrillic capital Zhe
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


def _places(relative: str, fallback: Path) -> str:
    places = [str(place) for place in _paths.search_places(relative)] + [str(fallback)]
    return ", ".join(places[:-1]) + " and " + places[-1]


_REINSTALL = ("reinstall cxtools from a wheel built from the project (it carries the notebooks and the sample "
              "data), or work in a copy of the project")


def _notebooks_found() -> tuple[str, bool, str]:
    """The notebooks ``cxtools run`` and ``cxtools list`` use by default: where they are, or where we looked."""
    name = "the notebooks"
    folder = _paths.notebooks_dir()
    found = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if found:
        return name, True, f"{len(found)} in {folder}"
    looked = _places("notebooks", Path.cwd() / "notebooks")
    return name, False, f"cxtools cannot find its notebooks: looked in {looked}; {_REINSTALL}"


def _samples_found() -> tuple[str, bool, str]:
    """The sample data the notebooks read by default (``../data/samples`` beside the notebooks)."""
    name = "the sample data"
    folder = _paths.samples_dir()
    if (folder / "customers.csv").is_file():
        return name, True, str(folder)
    looked = _places("data/samples", Path.cwd() / "data" / "samples")
    return name, False, f"cxtools cannot find its sample data (customers.csv): looked in {looked}; {_REINSTALL}"
