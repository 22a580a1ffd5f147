"""Loading and validating CX data: every row accounted for.

Each ``load_*`` function reads one kind of table (the schemas are :data:`SCHEMAS`,
documented in ``data/samples/README.md``), converts the raw text to proper types and
checks every row against its schema. Nothing is dropped or coerced silently: rows that
fail a check come back in ``LoadResult.rejected`` with the reason in plain words, and
``n_accepted + n_rejected == n_read`` always holds.

Sources: delimited text, Parquet files and folders, Excel workbooks, DataFrames, and
tables or queries in DuckDB database files (:class:`DuckDBSource`, opened read-only).
Every loader takes the same keywords (``columns``, ``sep``, ``encoding``, ``decimal``,
``thousands``, ``date_format``, ``sheet``, ``as_of``), so a data description can pass
them alike.

Files are read as raw text, so a bad value can be shown exactly as it was typed, with
the dialect detected: encoding (a byte-order mark; else UTF-8 if the file is UTF-8 --
a few lines in another encoding are rejected rows, never decoded as something else;
UTF-16 without a mark; else cp1251, KOI8-R or cp866, told apart by Russian letter
frequencies), separator (``,`` ``;`` tab ``|`` or runs of whitespace) and decimal mark
(``.`` or ``,``, with space or no-break-space thousands separators as Russian-locale
Excel writes them; values such as ``1,500`` that read either way are never guessed).
Text files are split into rows by cxtools itself, line by line: a quoted field may
span lines, but a quote that is never closed rejects only its own line, so one stray
``"`` cannot swallow the rest of the file. Dates may be ISO (``2026-06-30``), Russian
(``30.06.2026``) or ``YYYYMMDD``; dates outside the years 1678-2261 are rejected,
except the ``9999-12-31`` "open-ended" marker where a column allows an open end.
Parquet and DuckDB sources are read through DuckDB, Excel through openpyxl. No value
is ever evaluated: rejected values are kept as plain text.

Structural problems (missing required columns, an empty file, an unreadable encoding)
raise :class:`~cxtools.core.errors.CxSchemaError` / :class:`~cxtools.core.errors.CxEmptyDataError`
/ :class:`~cxtools.core.errors.CxDataError`; problems with single rows are rejections.

Modules: :mod:`~cxtools.data.io.text` (delimited text: encodings, separators, numbers,
dates), :mod:`~cxtools.data.io.sources` (Parquet, Excel, DuckDB; :func:`read_table`),
:mod:`~cxtools.data.io.schemas` (:data:`SCHEMAS`), :mod:`~cxtools.data.io.loaders` (the
``load_*`` functions and :class:`LoadResult`). Everything public is importable from here.
"""

from __future__ import annotations

from cxtools.core.kano import KANO_ANSWERS, normalise_kano_answers  # the Kano answer vocabulary
from cxtools.data.io.loaders import (
    LoadResult,
    load_customer_units,
    load_customers,
    load_employee_survey,
    load_incidents,
    load_kano,
    load_operations,
    load_subscriptions,
    load_survey,
    load_transactions,
    load_units,
)
from cxtools.data.io.schemas import EMPLOYEE_SCALES, SCHEMAS, SURVEY_SCALES, ColumnSpec, SourceSchema
from cxtools.data.io.sources import DuckDBSource, connect_duckdb, read_table

__all__ = [
    "ColumnSpec",
    "DuckDBSource",
    "SCHEMAS",
    "SourceSchema",
    "connect_duckdb",
    "KANO_ANSWERS",
    "LoadResult",
    "read_table",
    "load_customers",
    "load_subscriptions",
    "load_transactions",
    "load_survey",
    "load_kano",
    "load_operations",
    "load_incidents",
    "normalise_kano_answers",
    "SURVEY_SCALES",
    "EMPLOYEE_SCALES",
    "load_employee_survey",
    "load_units",
    "load_customer_units",
]
