"""Expected answers of the workshop exercises, one module per notebook (registered on import).

Each module registers its exercises with :func:`cxtools.workshop.registry.exercise`; a notebook's
self-check cell calls :func:`cxtools.workshop.check`, whose module imports this package.
"""

from cxtools.workshop.exercises import factors  # noqa: F401
from cxtools.workshop.exercises import ltv  # noqa: F401
from cxtools.workshop.exercises import overview  # noqa: F401
from cxtools.workshop.exercises import survey  # noqa: F401
from cxtools.workshop.exercises import value  # noqa: F401
from cxtools.workshop.exercises import whole_picture  # noqa: F401
