"""The shipped notebooks are narrative plus calls: no functions of their own, no outputs.

A helper defined in a notebook cell is a second copy of the library that no test covers;
code that a notebook needs belongs in the package (formatting in :mod:`cxtools.core.wording`,
findings in the analysis modules' ``findings(...)``).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))



def _code_cells(path: Path) -> list[tuple[int, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(i, "".join(c["source"])) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


def _python(source: str) -> str:
    """The cell without IPython magics and shell escapes, which are not Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def functions_defined(source: str) -> list[str]:
    """Names of functions and classes a cell defines at top level (``def``, ``class``, ``f = lambda``)."""
    found = []
    for node in ast.parse(_python(source)).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Lambda):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.extend(ast.unparse(t) for t in targets)
    return found


def test_the_check_finds_what_it_looks_for():
    cell = "import x\n%matplotlib inline\ndef names(a):\n    return a\nfmt = lambda p: p\nclass Box: pass\n"
    assert functions_defined(cell) == ["names", "fmt", "Box"]
    assert functions_defined("values.map(lambda v: v + 1)\nif True:\n    y = 1\n") == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_defines_no_functions(path):
    defined = {i: functions_defined(src) for i, src in _code_cells(path)}
    defined = {i: names for i, names in defined.items() if names}
    assert not defined, f"{path.name}: code cells define {defined}; move them into the package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"
