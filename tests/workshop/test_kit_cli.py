"""The facilitator's path on the shipped notebooks: `cxtools workshop build`, then `cxtools workshop check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxtools import workshop

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_build_then_check_passes_both_ways_on_every_shipped_notebook(tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    kit = tmp_path / "kit"
    built = subprocess.run([sys.executable, "-m", "cxtools", "workshop", "build", "--out", str(kit)],
                           capture_output=True, text=True, env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    shipped = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in (kit / "notebooks").glob("*.ipynb")) == shipped
    # no solution survives in the student edition
    for path in (kit / "notebooks").glob("*.ipynb"):
        assert workshop.SOLUTION_BEGIN not in path.read_text(encoding="utf-8"), path.name
    checked = subprocess.run([sys.executable, "-m", "cxtools", "workshop", "check", str(kit)],
                             capture_output=True, text=True, env=env, timeout=3000)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = [line for line in checked.stdout.splitlines() if line.strip()]
    assert len(lines) == 2 * len(shipped) and all(line.startswith("ok") for line in lines), checked.stdout
    # every analysis notebook carries four to six exercises
    counts = {}
    for name in shipped:
        nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        counts[name] = sum("".join(c["source"]).count("workshop.check(") for c in nb["cells"]
                           if c["cell_type"] == "code")
    assert all(4 <= n <= 6 for n in counts.values()), counts
