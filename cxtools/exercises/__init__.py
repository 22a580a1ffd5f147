"""Workshop exercises of the notebooks: the expected answer of every self-check, by topic.

Importing this package registers every exercise with :func:`cxtools.workshop.exercise`.
"""

from cxtools.exercises import value  # noqa: F401
