"""Self-checks of the data overview's workshop exercises (cxtools.workshop.exercises.overview).

The expected answers on the messy export are those its README states (21 rows read, 7 set
aside: an NPS of 11 and a CSAT of 6 outside their scales, W010 twice, W005 accepted with an
empty CES), counted by hand from the file, not by the functions under test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cxtools.workshop.exercises  # noqa: F401  (registers the exercises)
from cxtools import overview, workshop
from cxtools.data import io
from cxtools.data.description import load_description

REPO = Path(__file__).resolve().parents[3]
MESSY = REPO / "data" / "workshop" / "messy_survey_export.csv"
IDS = ["00-messy-rejected", "00-messy-out-of-scale", "00-messy-duplicate-row", "00-messy-skipped",
       "00-total-rejected"]


@pytest.fixture(scope="module")
def messy():
    return io.load_survey(MESSY)


def test_every_exercise_is_registered_with_two_hints():
    for ex_id in IDS:
        ex = workshop.EXERCISES[ex_id]
        assert len(ex.hints) >= 2 and ex.tolerance == 0


@pytest.mark.parametrize("ex_id, answer", [
    ("00-messy-rejected", 7),
    ("00-messy-out-of-scale", 2),   # W004 (NPS 11) and W017 (CSAT 6)
    ("00-messy-duplicate-row", 12),  # the second W010: data row 11, spreadsheet row 12
    ("00-messy-skipped", 1),         # W005, CES left empty
])
def test_messy_export_answers(messy, ex_id, answer):
    assert messy.n_read == 21 and messy.n_accepted == 14
    assert workshop.check(ex_id, answer, result=messy, display=False).passed
    wrong = workshop.check(ex_id, answer + 1, result=messy, display=False)
    assert not wrong.passed and wrong.answered
    assert str(answer + 1) not in wrong.message and str(answer) not in wrong.message.replace("00-", "")
    empty = workshop.check(ex_id, None, result=messy, display=False)
    assert not empty.answered and empty.message.startswith("Not answered yet")


def test_duplicate_row_says_so_when_there_is_none():
    res = io.load_survey(pd.DataFrame({"respondent_id": ["A", "B"], "nps": ["9", "7"]}))
    out = workshop.check("00-messy-duplicate-row", 3, result=res, display=False)
    assert not out.passed and "cannot check" in out.message


def test_total_rejected_on_own_data(tmp_path):
    (tmp_path / "transactions.csv").write_text("transaction_id,customer_id,timestamp,amount\n"
                                               "T1,C1,2024-01-02,10\nT1,C1,2024-01-03,11\nT3,C2,2024-01-04,x\n"
                                               "T4,C3,2024-01-05,7\n")
    (tmp_path / "survey.csv").write_text("respondent_id,nps\nR1,9\nR2,12\n")
    loads = overview.load_sources(load_description(tmp_path))
    assert workshop.check("00-total-rejected", 3, loads=loads, display=False).passed
    assert not workshop.check("00-total-rejected", 2, loads=loads, display=False).passed


@pytest.mark.slow
def test_kit_check_passes_both_ways(tmp_path):
    kit = tmp_path / "kit"
    workshop.build_student_edition(kit, seed=11, n_customers=800)
    student = (kit / "notebooks" / "00_data_overview.ipynb").read_text(encoding="utf-8")
    assert "### BEGIN SOLUTION" not in student and "messy.n_rejected" not in student
    table = workshop.check_kit(kit, names=["00_data_overview"])
    assert table["ok"].all(), table.to_dict("records")
    assert set(table["checks"]) == {5}
