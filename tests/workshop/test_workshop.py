"""The workshop kit: student edition, self-checks, the kit check, doctor, wheelhouse."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from cxtools import workshop
from cxtools.core.errors import CxParameterError
from cxtools.report import default_notebooks_dir

ROOT = Path(__file__).resolve().parents[2]


def _solution_lines(nb) -> list[str]:
    """Every distinctive line (longer than 15 characters) inside a solution region."""
    lines = []
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if workshop.SOLUTION_BEGIN in line:
                inside = True
            elif workshop.SOLUTION_END in line:
                inside = False
            elif inside and len(line.strip()) > 15 and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


@pytest.fixture
def registered():
    @workshop.exercise("test-total", "What is the total?", hints=("Add them up.", "Use sum()."))
    def _total(values):
        return float(sum(values))

    yield workshop.EXERCISES["test-total"]
    del workshop.EXERCISES["test-total"]


def test_check_says_right_wrong_or_not_answered_and_never_shows_the_answer(registered):
    right = workshop.check("test-total", 6.0, values=[1, 2, 3], display=False)
    wrong = workshop.check("test-total", 7.5, values=[1, 2, 3], display=False)
    empty = workshop.check("test-total", None, values=[1, 2, 3], display=False)
    assert (right.passed, wrong.passed, empty.passed) == (True, False, False)
    assert (empty.answered, wrong.answered) == (False, True)
    assert wrong.message == "Not quite. Hint: Use sum()."
    assert empty.message == "Not answered yet. Hint: Add them up."
    assert "6" not in wrong.message and "6" not in empty.message


def test_check_tolerance_is_relative(registered):
    assert workshop.check("test-total", 6.05, values=[1, 2, 3], display=False).passed
    assert not workshop.check("test-total", 6.07, values=[1, 2, 3], display=False).passed
    assert not workshop.check("test-total", "6", values=[1, 2, 3], display=False).passed


def test_unknown_exercise_gets_did_you_mean(registered):
    with pytest.raises(CxParameterError, match="did you mean 'test-total'"):
        workshop.check("test-totl", 1, values=[1])


def test_student_notebook_keeps_no_solution_and_no_output():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Why?\n### BEGIN SOLUTION\nBecause survivors stay.\n### END SOLUTION"),
        nbformat.v4.new_code_cell("x = None\n### BEGIN SOLUTION\nx = secret_formula(42)\n### END SOLUTION\nx",
                                  outputs=[nbformat.v4.new_output("stream", text="42")], execution_count=3),
    ])
    student = workshop.student_notebook(nb)
    text = json.dumps(student)
    assert "secret_formula" not in text and "survivors" not in text
    assert student.cells[1].source == "x = None\n# YOUR CODE HERE\nx"
    assert student.cells[0].source == "Why?\n_Your answer here._"
    assert student.cells[1].outputs == [] and student.cells[1].execution_count is None
    assert "secret_formula" in json.dumps(nb)  # the original is untouched


def test_build_writes_notebooks_without_solutions_and_the_data(tmp_path):
    kit = workshop.build_student_edition(tmp_path / "kit")
    sources = {p.name: nbformat.read(p, as_version=4) for p in default_notebooks_dir().glob("[0-9][0-9]_*.ipynb")}
    assert sorted(p.name for p in kit["notebooks"]) == sorted(sources)
    n_solution_lines = 0
    for path in kit["notebooks"]:
        text = path.read_text(encoding="utf-8")
        student = nbformat.read(path, as_version=4)
        lines = _solution_lines(sources[path.name])
        n_solution_lines += len(lines)
        leaked = [line for line in lines if line in text]
        assert not leaked, f"{path.name} keeps solution lines {leaked[:3]}"
        assert workshop.SOLUTION_BEGIN not in text
        assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")
    assert n_solution_lines > 0
    assert (tmp_path / "kit" / "data" / "samples" / "survey.csv").exists()
    assert (tmp_path / "kit" / "data" / "workshop" / "messy_survey_export.csv").exists()


def test_build_in_one_language_writes_student_notebooks_in_that_language(tmp_path):
    kit = workshop.build_student_edition(tmp_path / "kit", lang="ru")
    for path in kit["notebooks"]:
        nb = nbformat.read(path, as_version=4)
        tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
        assert "lang-en" not in tags and "lang-ru" in tags, path.name
        params = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assert 'lang: Language = "ru"' in params, path.name
        assert workshop.SOLUTION_BEGIN not in path.read_text(encoding="utf-8"), path.name


def test_build_with_a_seed_draws_another_data_set_with_its_truth(tmp_path):
    workshop.build_student_edition(tmp_path / "g7", seed=7, n_customers=400)
    truth = workshop.load_truth(tmp_path / "g7")
    assert truth and (tmp_path / "g7" / "data" / "samples" / "transactions.csv").exists()
    bundled = (ROOT / "data" / "samples" / "survey.csv").read_bytes()
    assert (tmp_path / "g7" / "data" / "samples" / "survey.csv").read_bytes() != bundled


def _demo_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(
            "from cxtools import workshop\n"
            "workshop.exercise('demo-total', 'Total?', hints=('Add them.', 'Use sum().'))(lambda values: sum(values))\n"
            "values = [1, 2, 3]"),
        nbformat.v4.new_code_cell(
            "total = None  # your answer\n### BEGIN SOLUTION\ntotal = sum(values)\n### END SOLUTION\n"
            "workshop.check('demo-total', total, values=values)"),
        nbformat.v4.new_code_cell(
            "mean = None\n### BEGIN SOLUTION\nmean = sum(values) / len(values)\n### END SOLUTION\n"
            "workshop.exercise('demo-mean', 'Mean?', hints=('Divide.',))(lambda values: 2.0)\n"
            "workshop.check('demo-mean', mean, values=values)"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / "01_demo.ipynb")
    return folder


@pytest.mark.slow
def test_check_kit_passes_with_solutions_and_fails_helpfully_without(tmp_path):
    src = _demo_notebooks(tmp_path / "src")
    workshop.build_student_edition(tmp_path / "kit", notebooks_dir=src)
    table = workshop.check_kit(tmp_path / "kit", notebooks_dir=src)
    assert table.set_index("mode")["ok"].to_dict() == {"solutions": True, "student": True}, table
    assert table.set_index("mode")["passed"].to_dict() == {"solutions": 2, "student": 0}
    assert table.set_index("mode")["checks"].to_dict() == {"solutions": 2, "student": 2}


@pytest.mark.slow
def test_check_kit_notices_a_wrong_solution(tmp_path):
    src = _demo_notebooks(tmp_path / "src")
    path = src / "01_demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace("total = sum(values)", "total = sum(values) + 1")
    nbformat.write(nb, path)
    workshop.build_student_edition(tmp_path / "kit", notebooks_dir=src)
    table = workshop.check_kit(tmp_path / "kit", notebooks_dir=src)
    assert not table.set_index("mode").loc["solutions", "ok"]


def test_doctor_reports_every_check():
    report = workshop.doctor(run_notebook=False)
    frame = report.to_frame()
    assert {"Python 3.11 or newer", "package pandas", "font with Cyrillic letters"} <= set(frame["check"])
    assert report.ok, str(report)
    assert re.search(r"^ok +package pandas", str(report), re.M)
