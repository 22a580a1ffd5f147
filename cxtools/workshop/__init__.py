"""Teaching workshops: exercises with self-checks, a student edition, a kit check, set-up help.

A facilitator prepares a kit before the session::

    cxtools workshop build --out kit --seed 7      # notebooks without solutions + data for group 7
    cxtools workshop check kit                     # solutions injected: every self-check passes;
                                                   # solutions left out: every self-check fails helpfully
    cxtools workshop wheelhouse --out usb/wheels   # every wheel for Linux, macOS and Windows
    cxtools doctor                                 # on a participant's laptop: what to fix

How an exercise is written in a notebook (in the manner of nbgrader): a markdown cell with the
task, tagged ``exercise``; a code cell tagged ``exercise`` whose answer is assigned inside a
``### BEGIN SOLUTION`` / ``### END SOLUTION`` region, after a line that sets the answer to
``None``; and a self-check call::

    naive_months = None  # your answer: the naive mean lifetime in months
    ### BEGIN SOLUTION
    naive_months = durations["duration"].mean()
    ### END SOLUTION
    workshop.check("01-naive-lifetime", naive_months, durations=durations)

The self-check computes the expected answer from the same data with the package (so it works
on every group's data set), says whether the answer is right, and otherwise gives a hint --
never the number. The student edition replaces every solution region with
``# YOUR CODE HERE`` (nbgrader's ``ClearSolutions``) and clears outputs (nbconvert's
``ClearOutputPreprocessor``). Cells tagged ``exercise`` never reach a stakeholder report.
"""

from cxtools.workshop.environment import DoctorReport, doctor
from cxtools.workshop.kit import (CODE_STUB, EXERCISE_TAG, SOLUTION_BEGIN, SOLUTION_END, TEXT_STUB, WHEEL_PLATFORMS,
                                  build_student_edition, build_wheelhouse, check_kit, load_truth, student_notebook,
                                  summarise_kit)
from cxtools.workshop.registry import EXERCISES, Exercise, exercise
from cxtools.workshop.selfcheck import SELF_CHECK_MIMETYPE, CheckResult, check

__all__ = [
    "EXERCISE_TAG",
    "SOLUTION_BEGIN",
    "SOLUTION_END",
    "CODE_STUB",
    "TEXT_STUB",
    "SELF_CHECK_MIMETYPE",
    "Exercise",
    "EXERCISES",
    "exercise",
    "CheckResult",
    "check",
    "student_notebook",
    "build_student_edition",
    "check_kit",
    "summarise_kit",
    "load_truth",
    "WHEEL_PLATFORMS",
    "build_wheelhouse",
    "DoctorReport",
    "doctor",
]
