"""Imports point down the layers (``tools/layers.py``), and the check sees a planted upward import."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import layers  # noqa: E402


def test_imports_point_down_the_layers_and_make_no_circle():
    problems = layers.import_problems(ROOT / "cxtools")
    assert not problems, "\n".join(problems)


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "cxtools"
    shutil.copytree(ROOT / "cxtools", copy, ignore=shutil.ignore_patterns("__pycache__", "*.po"))
    return copy


@pytest.mark.parametrize("inside_function", [False, True])
def test_a_planted_upward_import_is_found(tmp_path, inside_function):
    copy = _package_copy(tmp_path)
    before = set(layers.import_problems(copy))
    target = copy / "core" / "stats.py"
    planted = ("\n\ndef _planted():\n    from cxtools.report import run  # noqa\n" if inside_function
               else "\nfrom cxtools.report import run  # noqa\n")
    target.write_text(target.read_text(encoding="utf-8") + planted, encoding="utf-8")
    added = set(layers.import_problems(copy)) - before
    assert any(p.startswith("upward import: cxtools.core.stats (core) imports cxtools.report") for p in added), added


def test_a_planted_circle_is_found(tmp_path):
    copy = _package_copy(tmp_path)
    (copy / "core" / "planted_a.py").write_text("import cxtools.core.planted_b\n", encoding="utf-8")
    (copy / "core" / "planted_b.py").write_text("from cxtools.core import planted_a\n", encoding="utf-8")
    found = layers.import_problems(copy)
    assert "circle of imports: cxtools.core.planted_a <-> cxtools.core.planted_b" in found


def test_every_layer_is_known_and_ordered():
    assert [name for name, _ in layers.LAYERS] == ["core", "data", "analysis", "plots", "narrative",
                                                   "applications", "package"]
    assert layers.layer_of("cxtools.narrative.survey") == "narrative"
    assert layers.layer_of("cxtools.data.io.text") == "data"
    assert layers.layer_of("cxtools") == "package"
