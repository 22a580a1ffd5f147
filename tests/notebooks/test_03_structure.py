"""Notebook 03's cells: two languages for every stakeholder text, workshop exercises, findings."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import cxtools.workshop.exercises  # noqa: F401  registers the self-checks
from cxtools import workshop

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "03_survey.ipynb"
NAMES = {"NPS", "CSAT", "CES"}  # metric names a Russian report keeps in Latin script


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


def _tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def test_every_stakeholder_text_exists_in_english_and_russian(nb):
    shown = [c for c in nb.cells if c.cell_type == "markdown" and not _tags(c) & {"lesson", "exercise"}]
    assert all(_tags(c) & {"lang-en", "lang-ru"} for c in shown), [c.source[:40] for c in shown if not _tags(c)]
    en = [c for c in shown if "lang-en" in _tags(c)]
    ru = [c for c in shown if "lang-ru" in _tags(c)]
    assert len(en) == len(ru) >= 8
    for a, b in zip(en, ru):  # same heading level, in the same order
        assert a.source.split(" ", 1)[0] == b.source.split(" ", 1)[0]
    latin = set(re.findall(r"[A-Za-z]+", " ".join(c.source for c in ru))) - NAMES
    assert not latin, latin


def test_exercises_are_tagged_solved_and_self_checked(nb):
    exercise_cells = [c for c in nb.cells if "exercise" in _tags(c)]
    code = [c.source for c in exercise_cells if c.cell_type == "code"]
    checks = re.findall(r'workshop\.check\("([^"]+)"', "\n".join(code))
    assert 4 <= len(checks) <= 6 and len(set(checks)) == len(checks)
    assert all(key in workshop.EXERCISES and key.startswith("03-") for key in checks)
    solutions = [s for s in code if "### BEGIN SOLUTION" in s]
    assert len(solutions) == len(checks)
    for source in solutions:
        before = source.split("### BEGIN SOLUTION")[0]
        assert re.search(r"^\w+ = None", before, re.M), source  # the answer starts unset
        assert "### END SOLUTION" in source
    # nothing of the workshop leaks into untagged cells
    assert not any("workshop.check(" in c.source for c in nb.cells if "exercise" not in _tags(c))


def test_one_findings_cell_built_by_the_package(nb):
    found = [c for c in nb.cells if "findings" in _tags(c)]
    assert len(found) == 1 and "narrative.findings(" in found[0].source and "lang=lang" in found[0].source
