"""Workshop exercises of the notebooks: importing this package registers their self-checks."""

from cxtools.exercises import factors  # noqa: F401
