"""Every shape of data a user brings loads through its description, and every notebook runs on it.

The folders are built by tests/shapes.py from the generator, never from data/samples. The fast
tests check that each description loads and accounts for every row; the slow test runs every
notebook on every shape through the real command (``cxtools run --data DIR``): exit 0, each
notebook ok or skipped (never failed), and no placeholder finding in any report.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cxtools.data.description import load_description, plan

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/shapes.py, a helper module beside the tests
import shapes  # noqa: E402

SHAPE_NAMES = sorted(shapes.SHAPES)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes")
    return {name: (root / name, shapes.build(name, root / name)) for name in SHAPE_NAMES}


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_description_loads_every_row(folders, name):
    folder, expected = folders[name]
    desc = load_description(folder)
    provided = {s for s in ("transactions", "subscriptions", "customers", "survey", "kano", "incidents",
                            "operations", "employees") if desc.has(s)}
    assert provided == expected["sources"]
    for source, n_rows in expected["rows"].items():
        result = desc.load(source)
        assert result.n_read == n_rows, (name, source, result)
        assert result.n_accepted + result.n_rejected == result.n_read
        assert result.n_rejected == 0, result.rejected.head()


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_plan_says_what_runs_and_why_not(folders, name):
    table = plan(load_description(folders[name][0]))
    skipped = table.loc[~table["runs"].astype(bool), "reason"]
    assert skipped.map(lambda s: isinstance(s, str) and s.startswith("needs")).all(), skipped
    assert table["runs"].any()


PLACEHOLDERS = re.compile(r"\bnan ?%|\bNaN\b|for 0 of 1\b|\b0 of 0\b|\+nan|CLV 0\.00|\bNone\b")


@pytest.mark.slow
@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_every_notebook_runs_on_the_shape(folders, name, tmp_path):
    folder, _ = folders[name]
    out = tmp_path / "reports"
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "cxtools", "run", "--data", str(folder), "--out", str(out),
                           "--timeout", "600"], capture_output=True, text=True, env=env, timeout=1800)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    statuses = {r["notebook"]: r["status"] for r in summary["notebooks"]}
    assert done.returncode == 0, (statuses, done.stderr[-3000:])
    assert set(statuses.values()) <= {"ok", "skipped"}, statuses
    assert any(s == "ok" for s in statuses.values()), statuses
    for page in out.glob("*/*.html"):
        if page.name != f"{page.parent.name}.html":  # the stakeholder edition, not the analyst's
            continue
        html = re.sub(r"<(style|script)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", html)
        found = PLACEHOLDERS.search(text)
        assert not found, f"{page.name}: {found.group(0)!r}"
