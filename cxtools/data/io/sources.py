"""Sources other than delimited text: Parquet files and folders, Excel workbooks, DuckDB databases.

Every source is read into the same raw form (:class:`~cxtools.data.io.text._Raw`: the cells,
lines that could not be split, the dialect found), with records numbered as a spreadsheet
shows them; :func:`read_table` is the public step, beneath the loaders. Parquet and DuckDB
sources are read through DuckDB, Excel through openpyxl.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError
from cxtools.data.io.text import _arrow_text_type, _empty_malformed, _number_dialect, _os_error, _Raw, _read_csv

__all__ = ["DuckDBSource", "connect_duckdb", "open_duckdb_database", "read_table", "select_problem"]

#: How a DuckDB database named by a data description is opened: read-only, with no access to
#: files, the network or extensions outside the database (``read_text``, ``read_csv``, ``COPY``,
#: ``ATTACH``, ``INSTALL`` are refused), and settings locked so that a query cannot switch it back.
LOCKED_DUCKDB_CONFIG = {"enable_external_access": False, "lock_configuration": True}

#: What a description's ``query`` may be, for messages.
ONE_SELECT = "exactly one read-only SELECT statement (WITH ... SELECT and FROM-first queries count)"


def select_problem(sql) -> str:
    """Why ``sql`` is not exactly one SELECT statement (empty when it is).

    The text is split and classified by DuckDB's own SQL parser, never by pattern
    matching; text the parser cannot read is refused with the parser's reason.

    Examples
    --------
    >>> select_problem("SELECT * FROM customers")
    ''
    >>> select_problem("COPY (SELECT 1) TO 'x.py'; SELECT * FROM customers")
    'it holds 2 statements (COPY, SELECT); give exactly one read-only SELECT statement (WITH ... SELECT and FROM-first queries count)'
    """
    import duckdb

    if not isinstance(sql, str) or not sql.strip():
        return f"it is empty; give {ONE_SELECT}"
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"DuckDB's SQL parser cannot read it ({first}); give {ONE_SELECT}"
    kinds = [str(s.type).rsplit(".", 1)[-1] for s in statements]
    if len(statements) != 1:
        return f"it holds {len(statements)} statements ({', '.join(kinds)}); give {ONE_SELECT}"
    if statements[0].type != duckdb.StatementType.SELECT:
        return f"it is a statement of type {kinds[0]}; give {ONE_SELECT}"
    return ""


def check_select(sql, where: str) -> None:
    """Raise :class:`CxParameterError` naming ``where`` unless ``sql`` is exactly one SELECT."""
    problem = select_problem(sql)
    if problem:
        raise CxParameterError(f"{where}: the query is refused: {problem}")


def open_duckdb_database(path, *, label: str | None = None):
    """A DuckDB database file opened read-only and locked in (see :data:`LOCKED_DUCKDB_CONFIG`).

    Queries on this connection see the database's own tables and nothing outside it.
    """
    import duckdb

    config: dict[str, str | bool | int | float | list[str]] = {
        k: v for k, v in LOCKED_DUCKDB_CONFIG.items() if k != "lock_configuration"}
    try:
        con = duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as exc:
        raise CxDataError(f"{label or path}: cannot open the DuckDB database: {exc}") from None
    try:
        con.execute("SET enable_progress_bar = false")  # before the lock; see connect_duckdb
    except duckdb.Error:
        pass
    try:
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:  # never hand out an unlocked connection
        con.close()
        raise CxDataError(f"{label or path}: cannot lock the DuckDB connection: {exc}") from None
    return con


def refused_by_lock(exc) -> bool:
    """Whether a DuckDB error is the lock of :func:`open_duckdb_database` refusing an outside access."""
    import duckdb

    return isinstance(exc, duckdb.PermissionException)


def connect_duckdb():
    """A new in-memory DuckDB connection, set up the way cxtools reads data.

    DuckDB draws a progress bar on the terminal for queries that take more than a
    couple of seconds; in scheduled runs and notebook reports that bar is noise, so it
    is switched off. Use this connection to build DuckDB relations for functions that
    accept them (e.g. :func:`cxtools.ltv.rfm_summary`).

    Returns
    -------
    duckdb.DuckDBPyConnection

    References
    ----------
    DuckDB documentation, "Configuration": the ``enable_progress_bar`` setting.

    Examples
    --------
    >>> con = connect_duckdb()
    >>> con.sql("SELECT current_setting('enable_progress_bar') AS bar").fetchall()
    [(False,)]
    """
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        # Inside a Jupyter kernel without ipywidgets DuckDB refuses to touch the
        # setting, and draws no bar there either: nothing to switch off.
        pass
    return con


def _source_label(source) -> str:
    if isinstance(source, pd.DataFrame):
        return "<DataFrame>"
    if isinstance(source, DuckDBSource):
        return source.label
    return str(source)


def _repeated(names) -> list:
    """Names that occur more than once, sorted."""
    names = list(names)
    return sorted({n for n in names if names.count(n) > 1})


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Records numbered as a spreadsheet shows them: the header is row 1, the first record row 2."""
    frame.index = pd.Index(np.arange(2, len(frame) + 2, dtype="int64"), name="row")
    return frame


def _arrow_frame(rel) -> pd.DataFrame:
    """A DuckDB result as a DataFrame, text as pandas' string type."""
    table = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.fetch_arrow_table()
    return table.to_pandas(types_mapper=_arrow_text_type)


def _check_parquet_header(path: Path, where: str) -> None:
    """Refuse a Parquet file that cannot be read or repeats a column name; errors name ``where``."""
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names
    except OSError as exc:
        raise _os_error(where, exc) from None
    except Exception as exc:  # pyarrow's ArrowInvalid for a corrupt or truncated file
        raise CxDataError(f"{where}: cannot read the Parquet file: {exc}") from None
    dupes = _repeated(names)
    if dupes:
        raise CxSchemaError(f"{where}: column name(s) {dupes} appear more than once in the Parquet file; rename them")


def _query_parquet(sql: str, params: dict, failure: str) -> pd.DataFrame:
    """Run a ``read_parquet`` query in a private DuckDB connection; ``failure`` starts the error."""
    import duckdb

    con = connect_duckdb()
    try:
        return _arrow_frame(con.sql(sql, params=params))
    except duckdb.Error as exc:
        raise CxDataError(f"{failure}: {exc}") from None
    finally:
        con.close()


def _read_parquet(path: Path, label: str) -> _Raw:
    _check_parquet_header(path, label)
    frame = _query_parquet("SELECT * FROM read_parquet($path)", {"path": str(path)},
                           f"{label}: cannot read the Parquet file")
    return _Raw(_numbered(frame), _empty_malformed(), label, {"format": "parquet"})


def _parquet_files(folder: Path, label: str) -> list[Path]:
    try:
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".parquet", ".pq") and p.is_file())
    except OSError as exc:
        raise _os_error(label, exc, "folder") from None
    if not files:
        raise CxDataError(f"{label}: the folder holds no Parquet files (*.parquet); give a file or a folder of "
                          "Parquet files")
    return files


def _read_parquet_folder(folder: Path, label: str) -> _Raw:
    """All Parquet files of a folder (also in sub-folders, as partitioned exports write
    them), in name order, as one table; records are numbered on across the files."""
    files = _parquet_files(folder, label)
    for path in files:
        _check_parquet_header(path, str(path))
    frame = _query_parquet("SELECT * FROM read_parquet($files, union_by_name = true)",
                           {"files": [str(p) for p in files]}, f"{label}: cannot read the folder's Parquet files")
    return _Raw(_numbered(frame), _empty_malformed(), label, {"format": "parquet", "files": len(files)})


@dataclass(frozen=True)
class DuckDBSource:
    """A table or a query in a DuckDB database file, as a source for the loaders.

    The database is opened read-only and locked in (:func:`open_duckdb_database`): nothing
    is written, and no file, network or extension outside the database is reached. Give
    either ``table`` (a name, optionally ``schema.table``) or ``query`` (exactly one
    ``SELECT`` statement; anything else is refused with :class:`CxParameterError`).

    Parameters
    ----------
    database : str or Path
        The DuckDB database file.
    table : str, optional
        Table or view to read whole.
    query : str, optional
        Query whose result is the table.

    Examples
    --------
    >>> import duckdb, tempfile, pathlib
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "shop.duckdb"
    >>> with duckdb.connect(str(db)) as con:
    ...     _ = con.execute("CREATE TABLE incidents AS SELECT 'I1' AS incident_id, 'C1' AS customer_id, "
    ...                     "'negative' AS valence, 'billing' AS category")
    >>> from cxtools.data.io import load_incidents
    >>> load_incidents(DuckDBSource(db, table="incidents"))
    LoadResult(incidents from '...shop.duckdb (table incidents)': 1 read, 1 accepted, 0 rejected)
    """

    database: str | os.PathLike
    table: str | None = None
    query: str | None = None

    def __post_init__(self) -> None:
        if (self.table is None) == (self.query is None):
            raise CxParameterError("DuckDBSource needs exactly one of table= or query=")
        for name, value in (("table", self.table), ("query", self.query)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise CxParameterError(f"DuckDBSource {name}= must be a non-empty text, not {value!r}")
        if self.query is not None:
            check_select(self.query, f"{self.database}: query")

    @property
    def label(self) -> str:
        return f"{self.database} (table {self.table})" if self.table is not None else f"{self.database} (query)"

    def sql(self) -> str:
        if self.query is not None:
            return self.query
        return "SELECT * FROM " + ".".join('"' + part.replace('"', '""') + '"' for part in self.table.split("."))  # type: ignore[union-attr]  # a table or a query, checked when made


def _read_duckdb(source: DuckDBSource) -> _Raw:
    import duckdb

    label = source.label
    path = Path(source.database)
    try:
        if not path.is_file():
            raise CxDataError(f"{label}: database file not found")
        with path.open("rb"):
            pass
    except OSError as exc:
        raise _os_error(str(path), exc) from None
    con = open_duckdb_database(path, label=label)
    try:
        rel = con.sql(source.sql())  # a query was checked to be one SELECT when the source was made
        if rel is None:
            raise CxParameterError(f"{label}: the query returns no table; give a SELECT statement")
        dupes = _repeated(rel.columns)
        if dupes:
            raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once in the result; rename them")
        frame = _arrow_frame(rel)
    except duckdb.Error as exc:
        if refused_by_lock(exc):
            raise CxParameterError(f"{label}: refused: the query reaches outside the database ({exc}); a "
                                   "description's query may read only the tables of its DuckDB database") from None
        raise CxDataError(f"{label}: cannot read from the DuckDB database: {exc}") from None
    finally:
        con.close()
    frame.columns = [str(c).strip() for c in frame.columns]
    return _Raw(_numbered(frame), _empty_malformed(), label, {"format": "duckdb"})


def _read_excel(path: Path, label: str, *, sheet) -> _Raw:
    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object, engine="openpyxl")
    except OSError as exc:
        raise _os_error(label, exc) from None
    except ValueError as exc:
        if "not found" in str(exc).lower():
            names = pd.ExcelFile(path, engine="openpyxl").sheet_names
            raise CxDataError(f"{label}: there is no sheet {sheet!r}; the workbook has {names}") from None
        raise CxDataError(f"{label}: cannot read the Excel file: {exc}") from None
    except Exception as exc:  # zipfile/openpyxl errors for corrupt workbooks
        raise CxDataError(f"{label}: cannot read the Excel file: {exc}") from None
    names = [str(c).strip() for c in frame.columns]
    # pandas renames a repeated header to "name.1": a repeat is an error, not a new column
    stems = {n: re.sub(r"\.\d+$", "", n) for n in names}
    dupes = sorted({stem for n, stem in stems.items() if stem != n and stem in names})
    if dupes:
        raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once in the header; rename them")
    frame.columns = names
    unnamed = [c for c in frame.columns if c.startswith("Unnamed:")]
    if unnamed and frame[unnamed].isna().all().all():
        frame = frame.drop(columns=unnamed)
    frame = _numbered(frame)
    # Blank rows inside a sheet are spacing, not records.
    frame = frame[frame.notna().any(axis=1)]
    return _Raw(frame, _empty_malformed(), label, {"format": "excel", "sheet": 0 if sheet is None else sheet})


def _read_file(path: Path, label: str, *, sep, encoding, sheet) -> _Raw:
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise _os_error(label, exc) from None
    suffix = path.suffix.lower()
    if magic == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
        raise CxDataError(f"{label}: old Excel 97-2003 (.xls) workbooks are not supported; save it as .xlsx or CSV")
    if magic == b"PAR1" or suffix in (".parquet", ".pq"):
        return _read_parquet(path, label)
    if magic.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return _read_excel(path, label, sheet=sheet)
    return _read_csv(path, label, sep=sep, encoding=encoding)


def _check_dialect(*, sep, decimal, thousands) -> None:
    if decimal not in (None, ".", ","):
        raise CxParameterError(f"decimal must be '.', ',' or None (detect), not {decimal!r}")
    if sep is not None and sep != "whitespace" and (not isinstance(sep, str) or len(sep) != 1 or sep in "\"\r\n"):
        raise CxParameterError(
            f"sep must be one character (',', ';', '\\t', '|'), 'whitespace' or None (detect), not {sep!r}")
    if thousands not in (None, "", " ", "\u00a0", ",", ".", "'"):
        raise CxParameterError(f"thousands must be ' ', ',', '.', \"'\", '' (none) or None (spaces), not {thousands!r}")
    if thousands and decimal and thousands == decimal:
        raise CxParameterError(f"thousands and decimal cannot both be {decimal!r}")


def _read_raw(source, *, sep=None, encoding=None, decimal=None, thousands=None, sheet=None) -> _Raw:
    if isinstance(source, _Raw):  # already read (load_survey looks at the columns first)
        return source
    label = _source_label(source)
    _check_dialect(sep=sep, decimal=decimal, thousands=thousands)
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
        dupes = _repeated(frame.columns)
        if dupes:
            raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once; rename them")
        raw = _Raw(frame, _empty_malformed(), label, {"format": "DataFrame"})
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            exists, is_file = path.exists(), path.is_file()
        except OSError as exc:
            raise _os_error(label, exc) from None
        if not exists:
            raise CxDataError(f"{label}: file not found")
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            raise _os_error(label, exc) from None
        if is_dir:
            raw = _read_parquet_folder(path, label)
        elif not is_file:
            raise CxDataError(f"{label}: is not a file or a folder (a device or a pipe)")
        else:
            raw = _read_file(path, label, sep=sep, encoding=encoding, sheet=sheet)
    elif isinstance(source, DuckDBSource):
        raw = _read_duckdb(source)
        label = raw.source
    else:
        raise CxParameterError(
            "source must be a path to a CSV/TSV/text, Parquet or Excel file, a folder of Parquet files, a "
            f"DataFrame or a DuckDBSource; got {type(source).__name__}"
        )
    if raw.n_read == 0:
        raise CxEmptyDataError(f"{label}: the table has a header ({len(raw.frame.columns)} columns) but no data rows")
    raw.info["decimal"] = decimal
    raw.info["thousands"] = thousands
    return raw


def read_table(source, *, sep: str | None = None, encoding: str | None = None,
               decimal: str | None = None, thousands: str | None = None,
               sheet: str | int | None = None) -> pd.DataFrame:
    """Read a table as raw text, detecting the file's dialect.

    Text files are split into rows and fields by cxtools, every cell as text, so values
    are exactly as typed in the file; Parquet through DuckDB (typed), Excel through openpyxl
    (cells as Python objects). Use the ``load_*`` functions to get typed, validated
    data; this is the step beneath them.

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (any extension), Parquet (``.parquet``) file or a folder of
        Parquet files, Excel (``.xlsx``) workbook, a table, or a table or query in a
        DuckDB database file.
    sep : str, optional
        Field separator: ``","``, ``";"``, ``"\\t"``, ``"|"`` (any one character) or
        ``"whitespace"`` (runs of spaces and tabs); detected from the first lines when omitted.
    encoding : str, optional
        Text encoding, decoded strictly; detected when omitted: a byte-order mark, else
        UTF-8 if the file is valid UTF-8 (lines that are not are rejected rows), UTF-16
        without a mark, else cp1251 (Russian Windows, as Excel saves "CSV"), KOI8-R or
        cp866, whichever gives Russian letter frequencies.
    decimal : {".", ",", None}
        Decimal mark of numbers; detected when omitted (from number-like cells; None in
        ``attrs`` when only values such as ``1,500`` were found, which read either way).
    thousands : {" ", ",", ".", "'", "", None}
        Thousands separator; None accepts spaces (also no-break spaces).
    sheet : str or int, optional
        Excel sheet name or position (default: the first sheet).

    Returns
    -------
    DataFrame
        Raw cells; the index (named ``row``) is the row number a spreadsheet shows
        (header = row 1), or the original index for DataFrame input. Blank rows (also
        rows of bare separators such as ``;;;;``) are layout, not records, and are
        skipped; CSV row numbers assume one line per row. ``attrs`` holds
        ``source``, ``format``, ``encoding``, ``sep``, ``decimal`` and ``malformed``
        (a table of lines the CSV parser could not split, with reasons).

    Raises
    ------
    CxEmptyDataError
        The file is empty or has no data rows.
    CxDataError
        The file does not exist or its encoding cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = path.write_bytes("id;amount\\nA;1 234,5\\n".encode("cp1251"))
    >>> raw = read_table(path)
    >>> raw
           id amount
    row
    2       A  1 234,5
    >>> raw.attrs["sep"], raw.attrs["encoding"], raw.attrs["decimal"]
    (';', 'utf-8', ',')
    """
    raw = _read_raw(source, sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet)
    frame = raw.frame
    numbers = _number_dialect(frame, decimal=decimal, thousands=thousands, label=None)
    frame.attrs = {
        "source": raw.source,
        **raw.info,
        "decimal": None if numbers is None else numbers.decimal,
        "malformed": raw.malformed,
    }
    return frame
