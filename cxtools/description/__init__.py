"""The data description: what a data folder holds and how to read it (``cxtools.yaml``).

A description is written once per data folder, by hand or as a draft from
``cxtools init --data DIR``, and checked with ``cxtools check --data DIR``. It says,
per source (transactions, contracts, customers, survey, Kano, incidents, operations,
employees), where the data are (CSV / whitespace-separated text, Parquet file or
folder, Excel sheet, DuckDB table or query), how columns map to cxtools' roles, the
file's dialect (separator, encoding, decimal and thousands marks, date format) and
which columns hold personal data; for the survey the scale of each item and the part
it plays (overall satisfaction, likelihood to recommend, CSAT, CES, segment, wave,
weight, link to customers). It also gives the currency, the business's time unit,
the report language and optional targets per indicator.

A folder without ``cxtools.yaml`` is read with the layout of the bundled sample
(``data/samples/README.md``). :data:`EXAMPLE` is a complete, commented description.

Main entry points: :func:`load_description`, :class:`DataDescription`,
:func:`plan`, :func:`check`, :func:`draft_description`, :func:`data_span`,
:func:`check_window`.
"""

from __future__ import annotations

from cxtools.description._description import (
    CONFIG_NAME,
    SAMPLE_LAYOUT,
    BoxRole,
    Currency,
    DataDescription,
    SurveyRoles,
    Target,
    load_description,
)
from cxtools.description._example import EXAMPLE
from cxtools.description._yaml import CxDescriptionError

__all__ = [
    "CONFIG_NAME",
    "SAMPLE_LAYOUT",
    "BoxRole",
    "Currency",
    "CxDescriptionError",
    "EXAMPLE",
    "DataDescription",
    "SurveyRoles",
    "Target",
    "load_description",
]
