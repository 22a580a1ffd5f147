"""Self-checks: tell a participant whether an answer is right, with a hint when it is not.

Importing this module registers the exercises of the shipped notebooks
(:mod:`cxtools.workshop.exercises`).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import cxtools.workshop.exercises  # noqa: F401 - registers the shipped notebooks' exercises
from cxtools.core.checks import check_choice
from cxtools.core.errors import CxError
from cxtools.core.results import Result
from cxtools.workshop.registry import EXERCISES

__all__ = ["SELF_CHECK_MIMETYPE", "CheckResult", "check"]

#: Mime type under which a self-check records its outcome in the notebook (read by ``check_kit``).
SELF_CHECK_MIMETYPE = "application/vnd.cxtools.self-check+json"


@dataclass(frozen=True)
class CheckResult(Result):
    """The outcome of one self-check.

    Attributes
    ----------
    exercise : str
    passed : bool
    answered : bool
        False when the answer is still ``None`` (the solution cell was left empty).
    message : str
        What the participant reads: "right", or a hint -- never the expected value.
    """

    exercise: str
    passed: bool
    answered: bool
    message: str

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"exercise": self.exercise, "passed": self.passed, "answered": self.answered,
                              "message": self.message}])

    def describe(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        from html import escape

        colour = "#1a7f37" if self.passed else "#9a6700"
        return f'<p style="color:{colour}"><b>{escape(self.exercise)}</b>: {escape(self.message)}</p>'


def _same(answer: Any, expected: Any, tolerance: float) -> bool:
    import numpy as np
    import pandas as pd

    if isinstance(expected, (set, frozenset)):
        try:
            return {str(a) for a in answer} == {str(e) for e in expected}
        except TypeError:
            return False
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, bool):
        return isinstance(answer, (bool, np.bool_)) and bool(answer) == expected
    if isinstance(expected, numbers.Real):
        if isinstance(answer, (pd.Series, np.ndarray)) and np.size(answer) == 1:
            answer = np.asarray(answer).ravel()[0]
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
            return False
        a, e = float(answer), float(expected)
        if math.isnan(e):
            return math.isnan(a)
        return abs(a - e) <= tolerance * max(1.0, abs(e))
    if isinstance(expected, (list, tuple)):
        try:
            return len(answer) == len(expected) and all(_same(a, e, tolerance) for a, e in zip(answer, expected))
        except TypeError:
            return False
    return answer == expected


def check(exercise_id: str, answer: Any, /, *, display: bool = True, **data: Any) -> CheckResult:
    """Tell a participant whether ``answer`` is right, with a hint when it is not.

    The expected answer is computed from ``data`` by the exercise's registered function, so
    the check works on every group's data set and the notebook never shows the number.

    Parameters
    ----------
    exercise_id : str
        Key of :data:`EXERCISES`.
    answer
        The participant's answer (``None`` while not answered).
    display : bool, default True
        Show the outcome in the notebook (and record it for ``cxtools workshop check``).
    **data
        The tables the expected answer is computed from.

    Returns
    -------
    CheckResult

    Raises
    ------
    CxParameterError
        If the exercise id is unknown (with a "did you mean").
    """
    check_choice("exercise", exercise_id, sorted(EXERCISES), func="workshop.check")
    ex = EXERCISES[exercise_id]
    hints = ex.hints or ("Re-read the question and the section above it.",)
    if answer is None or answer is Ellipsis:
        result = CheckResult(exercise_id, False, False, f"Not answered yet. Hint: {hints[0]}")
    else:
        try:
            expected = ex.expected(**data)
        except CxError as err:  # the data cannot answer the exercise: say so, do not crash
            result = CheckResult(exercise_id, False, True, f"This data set cannot check the answer: {err}")
        else:
            if _same(answer, expected, ex.tolerance):
                result = CheckResult(exercise_id, True, True, "Right.")
            else:
                hint = hints[1] if len(hints) > 1 else hints[0]
                result = CheckResult(exercise_id, False, True, f"Not quite. Hint: {hint}")
    if display:
        _show(result)
    return result


def _show(result: CheckResult) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display as ipy_display
    except ImportError:  # plain Python: print
        print(f"{result.exercise}: {result.message}")
        return
    if get_ipython() is None:
        print(f"{result.exercise}: {result.message}")
        return
    payload = {"exercise": result.exercise, "passed": result.passed, "answered": result.answered}
    ipy_display({SELF_CHECK_MIMETYPE: payload, "text/html": result._repr_html_(),
                 "text/plain": f"{result.exercise}: {result.message}"}, raw=True)
