"""Expected answers of the workshop exercises, one module per notebook topic.

Importing this package registers every exercise with :func:`cxtools.workshop.exercise`,
so ``workshop.check("<id>", answer, **data)`` can find it. One import line per module.
"""

from cxtools.exercises import ltv  # noqa: F401
