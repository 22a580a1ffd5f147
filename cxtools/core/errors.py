"""Exceptions and warnings raised by cxtools.

Every error a user can cause derives from :class:`CxError`, so a notebook or a
scheduled job can catch ``cxtools.core.errors.CxError`` and report it without
catching programming mistakes. Data problems are also ``ValueError``\\ s, so
code written against pandas' conventions keeps working.

Messages name the file, the column, the offending rows (first few, with row
numbers) and what was expected.
"""

from __future__ import annotations

__all__ = [
    "CxError",
    "CxDataError",
    "CxSchemaError",
    "CxEmptyDataError",
    "CxParameterError",
    "CxConvergenceError",
    "CxNotebookError",
    "CxNotebookSkipped",
    "CxWarning",
    "CxDataWarning",
    "CxConvergenceWarning",
]


class CxError(Exception):
    """Base class of every error cxtools raises on purpose."""


class CxDataError(CxError, ValueError):
    """The input data cannot be used as given (bad values, wrong shape)."""


class CxSchemaError(CxDataError):
    """A table lacks required columns or a column has the wrong type."""


class CxEmptyDataError(CxDataError):
    """A file or table has no rows (or no usable rows) where some are needed."""


class CxParameterError(CxError, ValueError):
    """A function argument or notebook parameter is invalid."""


class CxConvergenceError(CxError, RuntimeError):
    """A model's optimiser did not converge; the message says why and what to try."""


class CxNotebookError(CxError, RuntimeError):
    """A notebook run failed or timed out."""


class CxWarning(UserWarning):
    """Base class of cxtools warnings."""


class CxDataWarning(CxWarning):
    """Something in the data deserves attention but does not stop the analysis."""


class CxConvergenceWarning(CxWarning):
    """An optimiser converged only loosely; results may be imprecise."""


class CxNotebookSkipped(CxError):
    """A notebook has none of the inputs it needs; the runner reports it as skipped, not failed.

    A notebook raises it from its first cells, saying what it needs:
    ``raise CxNotebookSkipped("needs a transaction log or contracts")``.
    """
