"""Expected answers of the workshop exercises, one module per notebook (registered on import).

Each module registers its exercises with :func:`cxtools.workshop.exercise`; a notebook's
self-check cell calls :func:`cxtools.workshop.check`, which imports this package.
"""

from cxtools.exercises import factors  # noqa: F401
from cxtools.exercises import ltv  # noqa: F401
from cxtools.exercises import overview  # noqa: F401
from cxtools.exercises import survey  # noqa: F401
from cxtools.exercises import value  # noqa: F401
from cxtools.exercises import whole_picture  # noqa: F401
