"""The exceptions and warnings of cxtools (kept here for imports written before 0.2).

They live in :mod:`cxtools.core.errors`; this module re-exports them so that
``from cxtools.errors import CxDataError`` keeps working.
"""

from cxtools.core.errors import *  # noqa: F401,F403
from cxtools.core.errors import __all__  # noqa: F401
