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

from cxtools.data.description._description import (
    CONFIG_NAME,
    SAMPLE_LAYOUT,
    BoxRole,
    Currency,
    DataDescription,
    EmployeeRoles,
    SurveyRoles,
    Target,
    load_description,
)
from cxtools.data.description._example import EXAMPLE
from cxtools.data.description._plan import (
    PARAMETER_RULES,
    REQUIREMENTS,
    SECTIONS,
    CheckResult,
    DataSpan,
    Section,
    SectionStatus,
    check,
    check_choice,
    check_date,
    check_names,
    check_parameters,
    check_range,
    check_share,
    check_window,
    data_span,
    default_as_of,
    default_windows,
    notebook_status,
    plan,
    section_status,
)
from cxtools.data.description._yaml import CxDescriptionError
from cxtools.data.description.draft import draft_description, inspect_file, write_draft

CxDescriptionError.__module__ = "cxtools.data.description"

__all__ = [
    "CONFIG_NAME",
    "EXAMPLE",
    "PARAMETER_RULES",
    "REQUIREMENTS",
    "SAMPLE_LAYOUT",
    "SECTIONS",
    "BoxRole",
    "CheckResult",
    "Currency",
    "CxDescriptionError",
    "DataDescription",
    "EmployeeRoles",
    "DataSpan",
    "Section",
    "SectionStatus",
    "SurveyRoles",
    "Target",
    "check",
    "check_choice",
    "check_date",
    "check_names",
    "check_parameters",
    "check_range",
    "check_share",
    "check_window",
    "data_span",
    "default_as_of",
    "default_windows",
    "draft_description",
    "inspect_file",
    "load_description",
    "notebook_status",
    "plan",
    "section_status",
    "write_draft",
]
