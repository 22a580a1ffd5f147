"""Project-level checks: dependencies declared twice agree, notebooks are committed clean
and documented, ``import cxtools`` stays light, and the two set-up commands exist."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))


def _normalise(spec: str) -> str:
    spec = re.sub(r"\s+", "", spec)
    match = re.match(r"([A-Za-z0-9_.\-]+)(.*)", spec)
    name, rest = match.group(1), match.group(2)
    return re.sub(r"[-_.]+", "-", name).lower() + rest


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(pyproject["dependencies"])
    for extra in ("test", "lab"):
        declared += pyproject["optional-dependencies"][extra]
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):  # the pip: section installs the project itself
            assert [e for e in entry.get("pip", []) if e.strip() not in ("-e .", "-e.")] == [], entry
            continue
        if entry == "pip" or re.match(r"python([=<>!~]|$)", entry):
            continue
        conda.append(entry)
    pip_side, conda_side = {_normalise(d) for d in declared}, {_normalise(d) for d in conda}
    assert pip_side == conda_side, (
        f"only in pyproject.toml: {sorted(pip_side - conda_side)}; "
        f"only in environment.yml: {sorted(conda_side - pip_side)}"
    )
    assert len(declared) == len(pip_side) and len(conda) == len(conda_side), "a dependency is listed twice"


def test_console_script_is_declared():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pyproject["scripts"]["cxtools"] == "cxtools.cli:main"


@pytest.mark.parametrize(
    ("statement", "forbidden"),
    [
        ("import cxtools", ("pandas", "matplotlib", "scipy", "statsmodels", "papermill", "nbconvert")),
        ("import cxtools.cli", ("pandas", "matplotlib", "scipy", "statsmodels", "papermill", "nbconvert")),
        ("import cxtools.report", ("pandas", "matplotlib", "scipy", "statsmodels", "papermill", "nbconvert")),
    ],
)
def test_import_stays_light(statement, forbidden):
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert not [m for m in forbidden if m in loaded], f"{statement!r} imports heavy modules"


def test_makefile_ci_and_readme_agree():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("report", "test", "lab"):
        assert re.search(rf"^{target}\s*:", makefile, re.MULTILINE), f"Makefile has no {target!r} target"
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\s*make test\s*$", ci, re.MULTILINE), ".ci/run must call `make test`"
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def test_reports_folder_is_git_ignored():
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "reports/" in ignored or "/reports/" in ignored or "reports" in ignored


# --- notebooks ------------------------------------------------------------------------


def test_there_are_notebooks():
    if not NOTEBOOKS:
        pytest.skip("notebooks/ is still empty")
    names = [p.name for p in NOTEBOOKS]
    assert all(re.match(r"\d\d_[a-z0-9_]+\.ipynb$", n) for n in names), f"notebooks must be named NN_name: {names}"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_committed_without_outputs(path):
    nb = _load(path)
    dirty = [
        i + 1 for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_opens_with_title_and_parameters(path):
    nb = _load(path)
    cells = nb["cells"]
    assert len(cells) >= 2, f"{path.name}: too few cells"
    first, second = cells[0], cells[1]
    first_source = "".join(first["source"])
    assert first["cell_type"] == "markdown" and re.match(r"\s*# \S", first_source), (
        f"{path.name}: the first cell must be markdown starting with a '# Title'"
    )
    assert second["cell_type"] == "code" and "parameters" in second.get("metadata", {}).get("tags", []), (
        f"{path.name}: the second cell must be a code cell tagged 'parameters'"
    )
    source = "".join(second["source"])
    tree = ast.parse(source)
    lines = source.splitlines()
    assert tree.body, f"{path.name}: the parameters cell is empty"
    body = tree.body
    # the one import allowed: the named types of the parameters (cxtools.report.parameter_types)
    if isinstance(body[0], ast.ImportFrom):
        assert body[0].module == "cxtools.report.parameter_types", (
            f"{path.name}: the parameters cell may import only from cxtools.report.parameter_types"
        )
        body = body[1:]
    assert body, f"{path.name}: the parameters cell declares no parameter"
    for node in body:
        assert isinstance(node, ast.AnnAssign) and node.value is not None, (
            f"{path.name}: parameters line {node.lineno} ({lines[node.lineno - 1].strip()!r}) "
            "needs a type annotation: `name: type = default  # help`"
        )
        last = lines[node.end_lineno - 1]
        assert re.search(r"#\s*\S", last), (
            f"{path.name}: parameter {node.target.id!r} needs a trailing `# help` comment"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_title_gives_number_topic_and_question(path):
    # one heading style across notebooks, as index.html and `cxtools list` show them:
    # "# 03 · Survey metrics: what do customers say?"
    heading = "".join(_load(path)["cells"][0]["source"]).strip().splitlines()[0]
    number = path.stem.split("_", 1)[0]
    assert re.fullmatch(rf"# {number} · [^:?]+: [^?]+\?", heading), (
        f"{path.name}: title {heading!r} is not of the form '# {number} · Topic: the question it answers?'"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_a_workshop_exercise(path):
    nb = _load(path)
    marked = [
        "".join(c["source"]) for c in nb["cells"]
        if c["cell_type"] == "code" and "### BEGIN SOLUTION" in "".join(c["source"])
    ]
    assert marked, f"{path.name}: no workshop exercise marked with ### BEGIN SOLUTION / ### END SOLUTION"
    for source in marked:
        assert source.index("### BEGIN SOLUTION") < source.find("### END SOLUTION"), (
            f"{path.name}: ### BEGIN SOLUTION without a following ### END SOLUTION"
        )
