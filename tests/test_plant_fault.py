"""tools/plant_fault.py: plants one fault, reports caught / not caught, always restores the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "plant_fault.py"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "shares.py").write_text("def promoter(score):\n    return score >= 9\n", encoding="utf-8")
    (tmp_path / "test_shares.py").write_text(
        "from shares import promoter\n\ndef test_cut_off():\n    assert promoter(9) and not promoter(8)\n",
        encoding="utf-8")
    (tmp_path / "conftest.py").write_text("", encoding="utf-8")
    return tmp_path


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)


def test_a_caught_fault_exits_0_and_the_file_is_restored(tmp_path):
    _project(tmp_path)
    before = (tmp_path / "shares.py").read_text()
    done = _run(tmp_path, "shares.py", "score >= 9", "score >= 8", "--", "test_shares.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "caught" in done.stdout
    assert (tmp_path / "shares.py").read_text() == before


def test_a_fault_no_test_notices_exits_1(tmp_path):
    _project(tmp_path)
    done = _run(tmp_path, "shares.py", "return score >= 9", "return score >= 9 or score == 100", "--",
                "test_shares.py")
    assert done.returncode == 1 and "NOT CAUGHT" in done.stdout


def test_ambiguous_or_missing_text_is_a_usage_error(tmp_path):
    _project(tmp_path)
    assert _run(tmp_path, "shares.py", "absent", "x", "--", "test_shares.py").returncode == 2
    assert _run(tmp_path, "shares.py", "score", "x", "--", "test_shares.py").returncode == 2
    # tests that cannot run are not a caught fault
    assert _run(tmp_path, "shares.py", "score >= 9", "score >= 8", "--", "no_such_test.py").returncode == 2
