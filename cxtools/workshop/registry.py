"""The register of workshop exercises: each notebook's exercises module adds its own here.

The exercise modules (:mod:`cxtools.workshop.exercises`) import :func:`exercise` from this
module and the self-check (:mod:`cxtools.workshop.selfcheck`) reads :data:`EXERCISES`, so
neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

__all__ = ["Exercise", "EXERCISES", "exercise"]


@dataclass(frozen=True)
class Exercise:
    """One workshop exercise: how to compute the expected answer and how to help.

    Attributes
    ----------
    id : str
        ``"<notebook>-<topic>"``, e.g. ``"01-naive-lifetime"``.
    question : str
        The task in one sentence (for the facilitator's guide).
    expected : callable
        Computes the expected answer from the data the self-check is given.
    tolerance : float
        Relative tolerance for numbers (absolute below 1).
    hints : tuple of str
        Shown, in order, for a wrong answer (the first for "not answered yet").
    """

    id: str
    question: str
    expected: Callable[..., Any] = field(repr=False)
    tolerance: float = 0.01
    hints: tuple[str, ...] = ()


#: Every exercise the shipped notebooks use, by id.
EXERCISES: dict[str, Exercise] = {}


def exercise(id: str, question: str, *, tolerance: float = 0.01, hints: Sequence[str] = ()):
    """Register the function that computes an exercise's expected answer.

    Examples
    --------
    >>> @exercise("doc-mean", "What is the mean score?", hints=("Use .mean().",))
    ... def _mean(scores):
    ...     return sum(scores) / len(scores)
    >>> EXERCISES["doc-mean"].expected([1, 2, 3])
    2.0
    >>> del EXERCISES["doc-mean"]
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        EXERCISES[id] = Exercise(id, question, func, tolerance, tuple(hints))
        return func

    return register
