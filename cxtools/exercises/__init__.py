"""Expected answers of the workshop exercises, one module per notebook (registered on import)."""

from cxtools.exercises import overview  # noqa: F401
