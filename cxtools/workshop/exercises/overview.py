"""Workshop exercises of the data overview (notebook 00): reading the loaders' rejected rows.

Each function computes the expected answer from the data the self-check is given, so the
exercises work on every group's data set and on the deliberately messy export
(``data/workshop/messy_survey_export.csv``).

Examples
--------
>>> from cxtools import workshop
>>> from cxtools.data import io
>>> import cxtools.workshop.exercises.overview
>>> import pandas as pd
>>> res = io.load_survey(pd.DataFrame({"respondent_id": ["A", "B", "B"], "nps": ["9", "11", "7"]}))
>>> workshop.check("00-messy-rejected", 2, result=res, display=False).passed
True
"""

from __future__ import annotations

from cxtools.core.errors import CxDataError
from cxtools.workshop.registry import exercise

__all__ = ["messy_rejected", "messy_out_of_scale", "messy_duplicate_row", "messy_skipped_answers",
           "total_rejected"]


@exercise("00-messy-rejected", "How many rows of the messy export did the loader set aside?", tolerance=0,
          hints=("Every LoadResult counts its rows: look at the attributes whose names start with n_.",
                 "Count the rejected rows, not the problems: a row with two problems is one row."))
def messy_rejected(result) -> int:
    """Rows set aside: ``result.n_rejected``."""
    return int(result.n_rejected)


@exercise("00-messy-out-of-scale", "How many rows were set aside because an answer lies outside its item's scale?",
          tolerance=0,
          hints=("The table result.issues lists each problem with a short 'check' text.",
                 "Look for the checks that say an answer is outside its scale; a value that is not a number "
                 "is a different problem."))
def messy_out_of_scale(result) -> int:
    """Rows with at least one answer outside its scale (the loader's ``"... outside lo-hi"`` check)."""
    issues = result.issues
    hit = issues["check"].astype(str).str.contains(" outside ", regex=False)
    return int(issues.loc[hit, "row"].nunique())


@exercise("00-messy-duplicate-row", "In which row of the file (as a spreadsheet numbers it) is the respondent "
          "that was set aside as a duplicate?", tolerance=0,
          hints=("The rejected table has a 'row' column: the header is row 1.",
                 "The first copy is kept; the row set aside is the later copy. Use the row number, "
                 "not the position in the table."))
def messy_duplicate_row(result) -> int:
    """The spreadsheet row of the first row set aside as a duplicate."""
    rej = result.rejected
    dup = rej[rej["reason"].astype(str).str.contains("duplicate", case=False, regex=False)]
    if dup.empty:
        raise CxDataError(f"{result.source}: no row was set aside as a duplicate")
    return int(dup["row"].min())


@exercise("00-messy-skipped", "How many accepted rows have at least one question left unanswered?", tolerance=0,
          hints=("The accepted rows are in result.data; empty answers are missing values there.",
                 "Count rows, not empty cells, and only among the accepted rows: a skipped question is "
                 "not an error."))
def messy_skipped_answers(result) -> int:
    """Accepted rows with at least one empty cell."""
    return int(result.data.isna().any(axis=1).sum())


@exercise("00-total-rejected", "How many rows were set aside in all sources of your data together?", tolerance=0,
          hints=("loads.results maps each source to its LoadResult.",
                 "Add up the rejected rows of every source (not the problems, not the accepted rows)."))
def total_rejected(loads) -> int:
    """Rows set aside across every source that was read."""
    return int(sum(r.n_rejected for r in loads.results.values()))
