"""The package passes the static type check configured in mypy.ini.

`python -m mypy` from the repository root reads mypy.ini (files, exclusions,
strictness) and must report no finding.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (pip install mypy, or the project's test extra)",
)
def test_mypy_reports_no_finding(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy_cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"mypy found problems (exit {proc.returncode}):\n{output}"

