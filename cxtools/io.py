"""Loading and validating CX data: every row accounted for.

Each ``load_*`` function reads one kind of table (the schemas are in
``data/samples/README.md``), converts the raw text to proper types and checks every
row against a declared schema. Nothing is dropped or coerced silently: rows that fail
a check come back in ``LoadResult.rejected`` with the reason in plain words, and
``n_accepted + n_rejected == n_read`` always holds.

Files are read as raw text (CSV through DuckDB with every column as VARCHAR, so a bad
value can be shown exactly as it was typed), with the dialect detected: encoding
(UTF-8, UTF-8 with BOM, UTF-16 with BOM, else cp1251), separator (``,`` ``;`` tab
``|``) and decimal mark (``.`` or ``,``, with space or no-break-space thousands
separators as Russian-locale Excel writes them). Dates may be ISO (``2026-06-30``)
or Russian (``30.06.2026``). Parquet is read through DuckDB, Excel through openpyxl.

Structural problems (missing required columns, an empty file, an unreadable encoding)
raise :class:`~cxtools.errors.CxSchemaError` / :class:`~cxtools.errors.CxEmptyDataError`
/ :class:`~cxtools.errors.CxDataError`; problems with single rows are rejections.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from cxtools.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError

__all__ = [
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
]

#: Canonical Kano answer codes, in questionnaire order (1 = like ... 5 = dislike).
KANO_ANSWERS: tuple[str, ...] = ("like", "expect", "neutral", "tolerate", "dislike")

_KANO_LABELS: dict[str, str] = {
    # canonical codes and English questionnaire labels (Kano et al. 1984; Berger et al. 1993)
    "like": "like", "i like it": "like", "i like it that way": "like",
    "expect": "expect", "i expect it": "expect", "must be": "expect", "must-be": "expect",
    "it must be that way": "expect", "it must be": "expect",
    "neutral": "neutral", "i am neutral": "neutral", "i'm neutral": "neutral",
    "i don't care": "neutral", "i do not care": "neutral",
    "tolerate": "tolerate", "i can tolerate it": "tolerate", "i can live with it": "tolerate",
    "i can live with it that way": "tolerate",
    "dislike": "dislike", "i dislike it": "dislike", "i dislike it that way": "dislike",
    # common Russian labels
    "мне нравится": "like", "нравится": "like",
    "так и должно быть": "expect", "я этого ожидаю": "expect", "это обязательно": "expect",
    "мне все равно": "neutral", "нейтрально": "neutral", "мне безразлично": "neutral",
    "могу смириться": "tolerate", "могу с этим мириться": "tolerate",
    "могу с этим смириться": "tolerate", "я могу с этим мириться": "tolerate",
    "мне не нравится": "dislike", "не нравится": "dislike",
    # numeric codes
    "1": "like", "2": "expect", "3": "neutral", "4": "tolerate", "5": "dislike",
}


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


def _kano_key(value) -> str:
    """Lower-case, fold ё to е, unify apostrophes, collapse spaces, drop end punctuation."""
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = text.replace("ё", "е").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip(" .!;:")
    if re.fullmatch(r"[1-5]\.0+", text):  # codes read as floats (3.0)
        text = text[0]
    return text


def _kano_code(value) -> str | None:
    """Canonical code for one answer, or None when the answer is not recognised."""
    return _KANO_LABELS.get(_kano_key(value))


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def normalise_kano_answers(values: pd.Series) -> pd.Series:
    """Map Kano questionnaire answers to the canonical codes.

    The functional and dysfunctional questions of a Kano questionnaire are answered on
    the same five-point list. Exports label the answers differently (English or
    Russian wording, numeric codes); this maps all of them to ``"like"``,
    ``"expect"``, ``"neutral"``, ``"tolerate"``, ``"dislike"``.

    Accepted, case- and space-insensitive:

    - English labels: *I like it*, *I expect it* (also *It must be that way*),
      *I am neutral*, *I can tolerate it* (also *I can live with it*), *I dislike it*;
    - Russian labels: *Мне нравится*; *Так и должно быть* / *Я этого ожидаю* /
      *Это обязательно*; *Мне всё равно* / *Нейтрально*; *Могу смириться* /
      *Могу с этим мириться*; *Мне не нравится*;
    - codes 1-5 (numbers or text): 1 = like, 2 = expect, 3 = neutral, 4 = tolerate,
      5 = dislike;
    - the canonical codes themselves.

    Parameters
    ----------
    values : Series
        Raw answers. Missing values stay missing.

    Returns
    -------
    Series
        Canonical codes (text), same index and name as ``values``.

    Raises
    ------
    CxDataError
        If any answer is not recognised; the message lists the unknown answers, how
        often each occurs and the first rows where they occur.

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and
    must-be quality. *Journal of the Japanese Society for Quality Control*, 14(2), 39-48.
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined
    quality. *Center for Quality Management Journal*, 2(4), 3-36 (answer wording, p. 6).

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_kano_answers(pd.Series(["I like it", "мне всё равно", 5, " i CAN live with it "])).tolist()
    ['like', 'neutral', 'dislike', 'tolerate']
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    present = values[values.notna()]
    # each distinct answer is looked up once: questionnaires repeat a handful of labels
    lookup = {v: _kano_code(v) for v in pd.unique(present.to_numpy(dtype=object))}
    codes = present.map(lookup)
    unknown: dict[str, list] = {}
    for label, value in present[codes.isna()].items():
        unknown.setdefault(str(value), []).append(label)
    if unknown:
        parts = [
            f"{answer!r} ({len(rows)}x, rows {', '.join(map(str, rows[:5]))}{', ...' if len(rows) > 5 else ''})"
            for answer, rows in list(unknown.items())[:10]
        ]
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        name = f"column {values.name!r}: " if values.name is not None else ""
        raise CxDataError(
            f"{name}{len(unknown)} unrecognised Kano answer(s): {'; '.join(parts)}{more}. "
            "Expected one of: I like it, I expect it, I am neutral, I can tolerate it, "
            "I dislike it (or the Russian labels, or codes 1-5)."
        )
    return codes.reindex(values.index).astype("str").rename(values.name)


# =============================================================================== reading
_SEPARATORS = (",", ";", "\t", "|")
_SAMPLE_BYTES = 1 << 16
_CHUNK_BYTES = 1 << 22
_SEP_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_COMMA_DECIMAL_RE = "\\s*[-+\u2212]?\\d{1,3}(?:[ \u00a0\u202f]\\d{3})*,\\d+\\s*|\\s*[-+\u2212]?\\d+,\\d+\\s*"
_DOT_DECIMAL_RE = "\\s*[-+\u2212]?\\d*\\.\\d+\\s*"


def _arrow_text_type(arrow_type):
    """pyarrow -> pandas type mapping that gives text columns pandas' default ``str`` dtype."""
    import pyarrow as pa

    if arrow_type in (pa.string(), pa.large_string()) or str(arrow_type) == "string_view":
        return pd.StringDtype("pyarrow", na_value=np.nan)
    return None


@dataclass
class _Raw:
    """What a read produced: raw frame (index = row numbers), structural rejects, dialect."""

    frame: pd.DataFrame
    malformed: pd.DataFrame  # row, reason, value: lines the CSV parser could not split
    source: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def n_read(self) -> int:
        return len(self.frame) + len(self.malformed)


def _source_label(source) -> str:
    if isinstance(source, pd.DataFrame):
        return "<DataFrame>"
    return str(source)


def _empty_malformed() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series([], dtype="int64"), "reason": pd.Series([], dtype="str"),
                         "value": pd.Series([], dtype="str")})


def _detect_encoding(path: Path, label: str) -> str:
    """BOM first; else the whole file must decode as UTF-8; else cp1251 (Russian Windows)."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(_CHUNK_BYTES):
                decoder.decode(chunk, final=False)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("cp1251")()
        try:
            while chunk := fh.read(_CHUNK_BYTES):
                decoder.decode(chunk, final=False)
            return "cp1251"
        except UnicodeDecodeError as exc:
            raise CxDataError(
                f"{label}: cannot tell the file's text encoding (it is neither UTF-8 nor cp1251; "
                f"byte {exc.start} is invalid). Save it as UTF-8 CSV or pass encoding=..."
            ) from None


def _transcode_to_utf8(path: Path, encoding: str, label: str) -> str:
    """Copy a non-UTF-8 text file to a temporary UTF-8 file for DuckDB, streaming."""
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="cxtools-")
    try:
        with path.open("r", encoding=encoding, newline="") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(_CHUNK_BYTES):
                dst.write(chunk)
    except (UnicodeDecodeError, LookupError) as exc:
        os.unlink(tmp)
        raise CxDataError(f"{label}: cannot read the file as {encoding!r} ({exc}). Pass the right encoding=...") from None
    return tmp


def _sniff_separator(text: str) -> str:
    """Pick the separator that splits the first lines into the most, equally many, fields."""
    lines = text.splitlines()
    if len(text) >= _SAMPLE_BYTES - 4 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    lines = [ln for ln in lines[:50] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for sep in _SEPARATORS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=sep, quotechar='"')]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts)
        score = (consistent >= 0.9, counts[0])
        if score > best_score:
            best, best_score = sep, score
    return best


def _guess_decimal(frame: pd.DataFrame, columns=None, *, max_rows: int = 20_000) -> str:
    """``","`` when number-like cells use a decimal comma more often than a decimal point."""
    n_comma = n_dot = 0
    for col in frame.columns if columns is None else columns:
        s = frame[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        s = s.iloc[:max_rows].dropna()
        s = s[s.map(lambda v: isinstance(v, str))] if s.dtype == object else s
        if s.empty:
            continue
        s = s.astype("str")
        n_comma += int(s.str.fullmatch(_COMMA_DECIMAL_RE).sum())
        n_dot += int(s.str.fullmatch(_DOT_DECIMAL_RE).sum())
    return "," if n_comma > n_dot else "."


def _read_csv(path: Path, label: str, *, sep, encoding) -> _Raw:
    import duckdb

    if path.stat().st_size == 0:
        raise CxEmptyDataError(f"{label}: the file is empty (0 bytes); expected a header row and data rows")
    if encoding is None:
        encoding = _detect_encoding(path, label)
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise CxParameterError(f"encoding {encoding!r} is not a known text encoding (try 'utf-8' or 'cp1251')") from None
    direct = codec in ("utf-8", "utf-8-sig", "ascii")
    tmp = None if direct else _transcode_to_utf8(path, encoding, label)
    read_path = str(path) if direct else tmp
    try:
        with open(read_path, "r", encoding="utf-8-sig", errors="strict", newline="") as fh:
            try:
                sample = fh.read(_SAMPLE_BYTES)
            except UnicodeDecodeError:
                raise CxDataError(
                    f"{label}: the file is not valid {encoding!r} text. Leave encoding=None to detect it "
                    "or pass the right one (e.g. 'cp1251')"
                ) from None
        if not sample.strip():
            raise CxEmptyDataError(f"{label}: the file has no header and no rows")
        if sep is None:
            sep = _sniff_separator(sample)
        header = next(csv.reader([sample.splitlines()[0]], delimiter=sep, quotechar='"'))
        header = [h.strip() for h in header]
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once in the header; rename them")
        con = connect_duckdb()
        try:
            rel = con.sql(
                "SELECT * FROM read_csv($path, delim=$sep, header=true, all_varchar=true, quote='\"', "
                "escape='\"', store_rejects=true, null_padding=false, auto_detect=false, columns=$cols)",
                params={"path": read_path, "sep": sep, "cols": {f"c{i}": "VARCHAR" for i in range(len(header))}},
            )
            table = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.fetch_arrow_table()
            frame = table.to_pandas(types_mapper=_arrow_text_type)
            rejects = con.sql(
                "SELECT line, min(error_type) AS error_type, min(error_message) AS message, "
                "min(csv_line) AS csv_line FROM reject_errors GROUP BY line ORDER BY line"
            ).df()
        except duckdb.Error as exc:
            raise CxDataError(f"{label}: the file cannot be read as {_SEP_NAMES.get(sep, repr(sep))}-separated text: {exc}") from None
        finally:
            con.close()
    finally:
        if tmp is not None:
            os.unlink(tmp)
    frame.columns = header
    frame.index = pd.Index(_line_numbers(path, encoding, len(frame), rejects["line"].to_numpy()), name="row")
    # Lines of bare separators (";;;;", as Excel writes below a table) are spacing, not records.
    frame = frame[frame.notna().any(axis=1)] if len(header) > 1 else frame
    malformed = _empty_malformed()
    if len(rejects):
        reasons = [
            _malformed_reason(t, m, len(header)) for t, m in zip(rejects["error_type"], rejects["message"])
        ]
        malformed = pd.DataFrame({
            "row": rejects["line"].astype("int64").to_numpy(),
            "reason": pd.array(reasons, dtype="str"),
            "value": rejects["csv_line"].astype("str").str.strip().to_numpy(),
        })
    return _Raw(frame, malformed, label, {"format": "csv", "encoding": encoding, "sep": sep})


def _line_numbers(path: Path, encoding: str, n_rows: int, bad_lines: np.ndarray) -> np.ndarray:
    """Spreadsheet row numbers (header = 1) of the rows DuckDB returned.

    DuckDB skips empty lines and sets aside lines it cannot split (their numbers are in
    ``bad_lines``); the accepted rows fill the remaining line numbers in order. Empty lines
    are located only when the file has more lines than rows, so the common case costs one
    pass counting newlines.
    """
    bad_lines = np.asarray(bad_lines, dtype="int64")
    numbers = np.arange(2, n_rows + len(bad_lines) + 2, dtype="int64")
    numbers = numbers[~np.isin(numbers, bad_lines)]
    n_lines, last = 0, b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK_BYTES):
            n_lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last not in (b"\n", b""):
        n_lines += 1
    if encoding.lower().replace("_", "-").startswith("utf-16"):
        return numbers  # newline bytes are not single bytes; keep the simple numbering
    if n_lines > n_rows + len(bad_lines) + 1:
        with path.open("r", encoding=encoding, newline="") as fh:
            blank = {i for i, line in enumerate(fh, start=1) if not line.strip("\r\n")}
        if blank:
            candidates = np.array([i for i in range(2, n_lines + 1) if i not in blank], dtype="int64")
            candidates = candidates[~np.isin(candidates, bad_lines)]
            if len(candidates) == n_rows:  # otherwise multi-line fields: keep the simple numbering
                return candidates
    return numbers


def _malformed_reason(error_type: str, message: str, n_columns: int) -> str:
    found = re.search(r"Found:?\s*(\d+)", str(message))
    if error_type in ("TOO MANY COLUMNS", "MISSING COLUMNS") and found:
        return f"row has {found.group(1)} fields, expected {n_columns}"
    return f"row cannot be split into fields ({str(error_type).lower()})"


def _read_parquet(path: Path, label: str) -> _Raw:
    import duckdb

    con = connect_duckdb()
    try:
        rel = con.sql("SELECT * FROM read_parquet($path)", params={"path": str(path)})
        table = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.fetch_arrow_table()
        frame = table.to_pandas(types_mapper=_arrow_text_type)
    except duckdb.Error as exc:
        raise CxDataError(f"{label}: cannot read the Parquet file: {exc}") from None
    finally:
        con.close()
    frame.index = pd.Index(np.arange(2, len(frame) + 2, dtype="int64"), name="row")
    return _Raw(frame, _empty_malformed(), label, {"format": "parquet"})


def _read_excel(path: Path, label: str, *, sheet) -> _Raw:
    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object, engine="openpyxl")
    except ValueError as exc:
        if "not found" in str(exc).lower():
            names = pd.ExcelFile(path, engine="openpyxl").sheet_names
            raise CxDataError(f"{label}: there is no sheet {sheet!r}; the workbook has {names}") from None
        raise CxDataError(f"{label}: cannot read the Excel file: {exc}") from None
    except Exception as exc:  # zipfile/openpyxl errors for corrupt workbooks
        raise CxDataError(f"{label}: cannot read the Excel file: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    unnamed = [c for c in frame.columns if c.startswith("Unnamed:")]
    if unnamed and frame[unnamed].isna().all().all():
        frame = frame.drop(columns=unnamed)
    frame.index = pd.Index(np.arange(2, len(frame) + 2, dtype="int64"), name="row")
    # Blank rows inside a sheet are spacing, not records.
    frame = frame[frame.notna().any(axis=1)]
    return _Raw(frame, _empty_malformed(), label, {"format": "excel", "sheet": 0 if sheet is None else sheet})


def _read_raw(source, *, sep=None, encoding=None, decimal=None, sheet=None) -> _Raw:
    if isinstance(source, _Raw):  # already read (load_survey looks at the columns first)
        return source
    label = _source_label(source)
    if decimal not in (None, ".", ","):
        raise CxParameterError(f"decimal must be '.', ',' or None (detect), not {decimal!r}")
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1):
        raise CxParameterError(f"sep must be a single character or None (detect), not {sep!r}")
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
        dupes = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
        if dupes:
            raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once; rename them")
        raw = _Raw(frame, _empty_malformed(), label, {"format": "DataFrame"})
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise CxDataError(f"{label}: file not found")
        with path.open("rb") as fh:
            magic = fh.read(4)
        suffix = path.suffix.lower()
        if magic == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
            raise CxDataError(f"{label}: old Excel 97-2003 (.xls) workbooks are not supported; save it as .xlsx or CSV")
        if magic == b"PAR1" or suffix in (".parquet", ".pq"):
            raw = _read_parquet(path, label)
        elif magic.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
            raw = _read_excel(path, label, sheet=sheet)
        else:
            raw = _read_csv(path, label, sep=sep, encoding=encoding)
    else:
        raise CxParameterError(
            f"source must be a path to a CSV, Parquet or Excel file, or a DataFrame; got {type(source).__name__}"
        )
    if raw.n_read == 0:
        raise CxEmptyDataError(f"{label}: the table has a header ({len(raw.frame.columns)} columns) but no data rows")
    raw.info["decimal"] = decimal
    return raw


def read_table(source, *, sep: str | None = None, encoding: str | None = None,
               decimal: str | None = None, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a table as raw text, detecting the file's dialect.

    CSV files are read through DuckDB with every column as text, so values are exactly
    as typed in the file; Parquet through DuckDB (typed), Excel through openpyxl
    (cells as Python objects). Use the ``load_*`` functions to get typed, validated
    data; this is the step beneath them.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV (any extension), Parquet (``.parquet``) or Excel (``.xlsx``) file, or a table.
    sep : str, optional
        Field separator; detected from the first lines when omitted (``,`` ``;`` tab ``|``).
    encoding : str, optional
        Text encoding; detected when omitted: a byte-order mark, else UTF-8 if the whole
        file is valid UTF-8, else cp1251 (Russian Windows, as Excel saves "CSV").
    decimal : {".", ",", None}
        Decimal mark of numbers; detected when omitted (from number-like cells).
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
    raw = _read_raw(source, sep=sep, encoding=encoding, decimal=decimal, sheet=sheet)
    frame = raw.frame
    frame.attrs = {
        "source": raw.source,
        **raw.info,
        "decimal": decimal if decimal is not None else _guess_decimal(frame),
        "malformed": raw.malformed,
    }
    return frame


# ============================================================================ converting
@dataclass(frozen=True)
class _Field:
    """One declared column of a table kind."""

    name: str
    type: str  # "id", "text", "choice", "int", "float", "bool", "date", "datetime", "kano"
    required: bool = False  # the column must be present
    not_null: bool = False  # every row needs a value
    min: float | None = None
    max: float | None = None
    label: str | None = None  # how messages name the column ("NPS")
    unique: bool = False
    choices: tuple[str, ...] | None = None

    @property
    def what(self) -> str:
        return self.label or self.name


class _Issues:
    """Collects row problems: positions (0-based), column, raw value, message, check."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, positions, column: str | None, values, messages, check: str) -> None:
        positions = np.asarray(positions, dtype="int64")
        if positions.size == 0:
            return
        n = positions.size
        values = np.broadcast_to(np.asarray(values, dtype=object), (n,)) if np.ndim(values) == 0 else list(values)
        messages = [messages] * n if isinstance(messages, str) else list(messages)
        self.parts.append(pd.DataFrame({
            "pos": positions,
            "column": [column] * n,
            "value": [None if _is_missing(v) else str(v) for v in values],
            "message": messages,
            "check": [check] * n,
        }))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({"pos": pd.Series([], dtype="int64"), "column": pd.Series([], dtype=object),
                                 "value": pd.Series([], dtype=object), "message": pd.Series([], dtype=object),
                                 "check": pd.Series([], dtype=object)})
        return pd.concat(self.parts, ignore_index=True)


def _as_text(s: pd.Series) -> pd.Series:
    """Cells as stripped text (missing and blank -> NA), whatever the input type."""
    if pd.api.types.is_string_dtype(s.dtype) and s.dtype != object:
        t = s
    else:
        t = s.map(lambda v: None if _is_missing(v) else str(v))
        t = t.astype("str")
    t = t.str.strip()
    return t.mask(t == "")


def _native_numbers(s: pd.Series) -> pd.Series:
    """For object columns: True where the cell already is a number (Excel, DataFrame)."""
    return s.map(lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
                 and not _is_missing(v)).astype(bool)


# Thousands separators Excel writes in Russian locale: space, no-break space, narrow no-break
# space. Literal characters (not \u escapes) so that pyarrow's RE2 engine runs the patterns.
_SPACES = " \u00a0\u202f"


def _number_patterns(decimal: str) -> tuple[str, str]:
    d = re.escape(decimal)
    plain = rf"[+-]?(?:\d+(?:{d}\d*)?|{d}\d+)(?:[eE][+-]?\d+)?"
    grouped = rf"[+-]?\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:{d}\d+)?"
    return plain, grouped


def _parse_numbers(s: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (float values, bad mask, raw text). Missing cells are NaN and not bad."""
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        values = pd.Series(pd.to_numeric(s, errors="raise"), index=s.index).astype("float64")
        bad = pd.Series(~np.isfinite(values.to_numpy()) & values.notna().to_numpy(), index=s.index)
        return values, bad, s
    text = _as_text(s)
    values = pd.Series(np.nan, index=s.index, dtype="float64")
    native = _native_numbers(s) if s.dtype == object else pd.Series(False, index=s.index)
    if native.any():
        values[native] = s[native].astype("float64")
    todo = text.notna() & ~native
    if todo.any():
        t = text[todo].str.replace("\u2212", "-", regex=False)
        plain, grouped = _number_patterns(decimal)
        ok = t.str.fullmatch(plain) | t.str.fullmatch(grouped)
        cleaned = t[ok]
        if cleaned.str.contains(f"[{_SPACES}]").any():
            cleaned = cleaned.str.replace(f"[{_SPACES}]", "", regex=True)
        if decimal == ",":
            cleaned = cleaned.str.replace(",", ".", regex=False)
        values[ok[ok].index] = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    finite = np.isfinite(values.to_numpy())
    bad = pd.Series(todo.to_numpy() & ~finite, index=s.index) | (native & ~finite)
    return values, bad, text


def _number_message(col: str, raw: str, decimal: str) -> str:
    hint = ""
    other = "," if decimal == "." else "."
    if other in raw and re.search(r"\d", raw):
        hint = f" (this table uses {decimal!r} as the decimal mark)"
    return f"{col} '{raw}' is not a number{hint}"


_DATE_FORMATS = (
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?", "ISO8601"),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
    (r"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}", "%d.%m.%Y %H:%M"),
    (r"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}:\d{2}", "%d.%m.%Y %H:%M:%S"),
)


def _parse_dates(s: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (datetime64 values, bad mask, raw text); ISO or DD.MM.YYYY, nothing guessed."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        values = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        values = values.astype("datetime64[ns]")
        return values, pd.Series(False, index=s.index), s
    text = _as_text(s)
    values = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    native = s.map(lambda v: isinstance(v, (datetime.date, np.datetime64))).astype(bool) if s.dtype == object else None
    parsed = pd.Series(False, index=s.index)
    for pattern, fmt in _DATE_FORMATS:
        m = text.str.fullmatch(pattern).fillna(False).astype(bool)
        if m.any():
            values[m] = pd.to_datetime(text[m], format=fmt, errors="coerce").astype("datetime64[ns]")
            parsed |= m
    if native is not None and native.any():
        stamps = [pd.Timestamp(v) for v in s[native]]
        values[native] = pd.to_datetime([t.tz_localize(None) if t.tz is not None else t for t in stamps]).astype("datetime64[ns]")
    bad = text.notna() & values.isna()
    return values, bad, text


_TRUE = {"true", "t", "yes", "y", "1", "1.0", "да", "истина", "д"}
_FALSE = {"false", "f", "no", "n", "0", "0.0", "нет", "ложь", "н"}


def _parse_bools(s: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean"), pd.Series(False, index=s.index), s
    text = _as_text(s)
    low = text.str.lower()
    values = pd.Series(pd.NA, index=s.index, dtype="boolean")
    values[low.isin(_TRUE).fillna(False).astype(bool)] = True
    values[low.isin(_FALSE).fillna(False).astype(bool)] = False
    bad = text.notna() & values.isna()
    return values, bad, text


def _fmt(x: float) -> str:
    return f"{x:g}"


def _range_message(f: _Field) -> str:
    if f.min is not None and f.max is not None:
        return f"{f.what} outside {_fmt(f.min)}-{_fmt(f.max)}"
    if f.min == 0:
        return f"{f.what} is negative"
    if f.min is not None:
        return f"{f.what} below {_fmt(f.min)}"
    return f"{f.what} above {_fmt(f.max)}"


def _convert(f: _Field, s: pd.Series, decimal: str, issues: _Issues) -> tuple[pd.Series, pd.Series]:
    """Typed column and cell text, both with a position index; type problems and missing
    values go to ``issues``."""
    pos = np.arange(len(s))
    col = f.name
    if f.type in ("int", "float"):
        values, bad, text = _parse_numbers(s, decimal)
        if bad.any():
            raw = text[bad].astype(str).tolist()
            issues.add(pos[bad.to_numpy()], col, raw, [_number_message(col, r, decimal) for r in raw], f"{col} is not a number")
            values = values.mask(bad)
        if f.type == "int":
            frac = values.notna() & (values % 1 != 0)
            if frac.any():
                raw = text[frac].astype(str).tolist()
                issues.add(pos[frac.to_numpy()], col, raw, [f"{col} '{r}' is not a whole number" for r in raw],
                           f"{col} is not a whole number")
                values = values.mask(frac)
            huge = values.abs() >= 2**53  # beyond exact whole numbers in floating point
            if huge.any():
                raw = text[huge].astype(str).tolist()
                issues.add(pos[huge.to_numpy()], col, raw, [f"{col} '{r}' is too large" for r in raw], f"{col} is too large")
                values = values.mask(huge)
            values = values.astype("Int64")
    elif f.type in ("date", "datetime"):
        values, bad, text = _parse_dates(s)
        if bad.any():
            raw = text[bad].astype(str).tolist()
            issues.add(pos[bad.to_numpy()], col, raw,
                       [f"{col} '{r}' is not a date (expected YYYY-MM-DD or DD.MM.YYYY)" for r in raw], f"{col} is not a date")
    elif f.type == "bool":
        values, bad, text = _parse_bools(s)
        if bad.any():
            raw = text[bad].astype(str).tolist()
            issues.add(pos[bad.to_numpy()], col, raw, [f"{col} '{r}' is not true/false" for r in raw], f"{col} is not true/false")
    elif f.type == "kano":
        text = _as_text(s)
        uniques = text.dropna().unique()
        lookup = {u: _kano_code(u) for u in uniques}
        values = text.map(lookup).astype("str")
        bad = text.notna() & values.isna()
        if bad.any():
            raw = text[bad].astype(str).tolist()
            issues.add(pos[bad.to_numpy()], col, raw,
                       [f"{col} '{r}' is not a Kano answer (expected I like it, I expect it, I am neutral, "
                        f"I can tolerate it, I dislike it or codes 1-5)" for r in raw], f"{col} is not a Kano answer")
    elif f.type == "choice":
        text = _as_text(s)
        canon = {c.lower(): c for c in f.choices or ()}
        values = text.str.lower().map(canon).astype("str")
        bad = text.notna() & values.isna()
        if bad.any():
            raw = text[bad].astype(str).tolist()
            allowed = " or ".join(f.choices or ())
            issues.add(pos[bad.to_numpy()], col, raw, [f"{col} '{r}' is not {allowed}" for r in raw], f"{col} is not {allowed}")
    else:  # id / text
        text = _as_text(s)
        values = text
    missing = pd.Series(text).isna().to_numpy()
    if f.not_null and missing.any():
        issues.add(pos[missing], col, None, f"{col} is missing", f"{col} is missing")
    index = pd.RangeIndex(len(s))
    return (pd.Series(values.array, index=index, name=col),
            pd.Series(pd.Series(text).array, index=index, name=col))


# ============================================================================== results
@dataclass(frozen=True, repr=False)
class LoadResult:
    """The rows of one table that passed every check, and those that did not.

    Attributes
    ----------
    data : DataFrame
        Accepted rows, typed, in the file's column order: dates as ``datetime64[ns]``,
        whole numbers as ``int64`` (``Int64`` when some are empty, e.g. skipped survey
        items), amounts as ``float64``, flags as ``bool`` (``boolean`` when some are
        empty), text as ``str``; columns the schema does not know are kept as read. The
        index is a fresh ``RangeIndex`` for files and the caller's index for a DataFrame.
    rejected : DataFrame
        One row per rejected source row: ``row`` (spreadsheet row number, header = 1,
        so the first data row is 2; Parquet records are numbered the same way, as
        they would appear once opened in a spreadsheet; the index label for
        DataFrame input), ``reason`` (several joined by ``"; "``),
        ``column``, ``value`` (as written in the file), then the row's raw fields.
    source : str
        The path as given, or ``"<DataFrame>"``.
    kind : str
        Which table this is (``"transactions"``, ``"survey"``, ...).
    n_read : int
        Data rows read (the header is not counted).
    issues : DataFrame
        One row per problem found (a rejected row may have several): ``row``,
        ``column``, ``value``, ``reason`` and ``check`` (the reason without the value,
        used to count problems in :meth:`summary`).

    Examples
    --------
    >>> import pandas as pd
    >>> res = load_transactions(pd.DataFrame({
    ...     "transaction_id": ["T1", "T2", "T3"], "customer_id": ["C1", "C2", "C3"],
    ...     "timestamp": ["2025-03-01", "2025-03-02", "2031-01-01"], "amount": ["100", "12 500 rub", "5"]}),
    ...     as_of="2026-06-30")
    >>> res.n_read, res.n_accepted, res.n_rejected
    (3, 1, 2)
    >>> res.summary()
                        reason  rows
    0   amount is not a number     1
    1  timestamp in the future     1
    >>> res.to_frame()[["kind", "n_read", "n_accepted", "n_rejected"]]
               kind  n_read  n_accepted  n_rejected
    0  transactions       3           1           2
    """

    data: pd.DataFrame
    rejected: pd.DataFrame
    source: str
    kind: str
    n_read: int
    issues: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if len(self.data) + len(self.rejected) != self.n_read:
            raise CxDataError(
                f"{self.source}: row accounting failed for {self.kind}: {len(self.data)} accepted + "
                f"{len(self.rejected)} rejected != {self.n_read} read (please report this as a bug)"
            )

    @property
    def n_accepted(self) -> int:
        """Rows that passed every check."""
        return len(self.data)

    @property
    def n_rejected(self) -> int:
        """Rows with at least one problem."""
        return len(self.rejected)

    def summary(self) -> pd.DataFrame:
        """Rejected rows per reason (a row with two problems counts under both).

        Returns
        -------
        DataFrame
            Columns ``reason`` and ``rows``, most frequent first; empty when nothing was
            rejected.
        """
        if self.issues is not None:
            checks = self.issues[["row", "check"]].drop_duplicates()["check"]
        else:
            checks = self.rejected["reason"].astype(str).str.split("; ").explode()
        counts = checks.value_counts(sort=False)
        out = pd.DataFrame({"reason": counts.index.astype(str), "rows": counts.to_numpy().astype("int64")})
        return out.sort_values(["rows", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)

    def to_frame(self) -> pd.DataFrame:
        """One-row overview: kind, source, rows read / accepted / rejected, share rejected."""
        return pd.DataFrame([{
            "kind": self.kind,
            "source": self.source,
            "n_read": self.n_read,
            "n_accepted": self.n_accepted,
            "n_rejected": self.n_rejected,
            "share_rejected": self.n_rejected / self.n_read if self.n_read else float("nan"),
        }])

    def __repr__(self) -> str:
        text = (f"LoadResult({self.kind} from {self.source!r}: {self.n_read} read, "
                f"{self.n_accepted} accepted, {self.n_rejected} rejected")
        if self.n_rejected:
            summary = self.summary()
            parts = [f"{r} ({n})" for r, n in zip(summary["reason"].head(5), summary["rows"].head(5))]
            if len(summary) > 5:
                parts.append("...")
            text += ": " + ", ".join(parts)
        return text + ")"


# ============================================================================== loading
_RESULT_COLUMNS = ("row", "reason", "column", "value")


def _parse_as_of(as_of) -> pd.Timestamp:
    if as_of is None:
        return pd.Timestamp.today().normalize()
    try:
        ts = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise CxParameterError(f"as_of {as_of!r} is not a date; expected e.g. '2026-06-30'") from None
    if ts is pd.NaT:
        raise CxParameterError(f"as_of {as_of!r} is not a date; expected e.g. '2026-06-30'")
    return ts.tz_localize(None).normalize() if ts.tz is not None else ts.normalize()


def _rename(raw: _Raw, columns: Mapping[str, str] | None, kind: str) -> pd.DataFrame:
    frame = raw.frame
    if not columns:
        return frame
    if not isinstance(columns, Mapping):
        raise CxParameterError("columns must map your column names to ours, e.g. {'Client ID': 'customer_id'}")
    absent = [k for k in columns if k not in frame.columns]
    if absent:
        raise CxSchemaError(
            f"{raw.source}: columns= names {absent}, which the {kind} table does not have; "
            f"columns found: {list(frame.columns)}"
        )
    frame = frame.rename(columns=dict(columns))
    dupes = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if dupes:
        raise CxSchemaError(f"{raw.source}: after renaming, column(s) {dupes} appear more than once")
    return frame


def _check_required(frame: pd.DataFrame, fields: list[_Field], source: str, kind: str) -> None:
    missing = [f.name for f in fields if f.required and f.name not in frame.columns]
    if missing:
        lower = {str(c).lower(): c for c in frame.columns}
        hints = [f"{lower[m.lower()]!r} -> {m!r}" for m in missing if m.lower() in lower]
        hint = f" Did you mean: {', '.join(hints)}? Map names with columns={{...}}." if hints else \
            " Map your names with columns={'your name': 'our name'}."
        raise CxSchemaError(
            f"{source}: the {kind} table is missing required column(s) {missing}; "
            f"columns found: {list(frame.columns)}.{hint}"
        )


def _range_checks(typed: dict[str, pd.Series], fields: list[_Field], text: dict[str, pd.Series], issues: _Issues) -> None:
    """Declared ranges, checked by a pandera schema with lazy validation (all failures at once)."""
    import pandera.pandas as pa

    ranged = [f for f in fields if f.name in typed and (f.min is not None or f.max is not None)]
    if not ranged:
        return
    schema_cols = {}
    for f in ranged:
        msg = _range_message(f)
        if f.min is not None and f.max is not None:
            check = pa.Check.in_range(f.min, f.max, error=msg)
        elif f.min is not None:
            check = pa.Check.ge(f.min, error=msg)
        else:
            check = pa.Check.le(f.max, error=msg)
        schema_cols[f.name] = pa.Column(checks=check, nullable=True, required=False)
    schema = pa.DataFrameSchema(schema_cols)
    frame = pd.DataFrame({f.name: typed[f.name] for f in ranged})
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna() & cases["column"].notna()]
        for (col, check), grp in cases.groupby(["column", "check"], sort=False):
            positions = grp["index"].astype("int64").to_numpy()
            raw = text[col].iloc[positions].tolist()
            issues.add(positions, col, raw, str(check), str(check))


def _future_checks(typed, fields, text, as_of: pd.Timestamp, issues: _Issues) -> None:
    limit = as_of + pd.Timedelta(days=1)
    for f in fields:
        if f.type in ("date", "datetime") and f.name in typed:
            late = (typed[f.name] >= limit).fillna(False).to_numpy()
            if late.any():
                raw = text[f.name][late].tolist()
                issues.add(np.flatnonzero(late), f.name, raw,
                           f"{f.name} in the future (after {as_of:%Y-%m-%d})", f"{f.name} in the future")


def _duplicate_checks(typed, keys: list[tuple[str, ...]], issues: _Issues) -> None:
    """Every occurrence after the first of an id (or id combination) is rejected."""
    for key in keys:
        if not all(k in typed for k in key):
            continue
        frame = pd.DataFrame({k: typed[k] for k in key})
        present = frame.notna().all(axis=1)
        dup = (frame.duplicated(keep="first") & present).to_numpy()
        if dup.any():
            label = " + ".join(key)
            raw = frame[dup].astype(str).agg(" + ".join, axis=1).tolist()
            issues.add(np.flatnonzero(dup), label, raw, f"duplicate {label}", f"duplicate {label}")


def _load(source, kind: str, fields: list[_Field], *, columns, as_of, read_opts: dict,
          unique: list[tuple[str, ...]] = (), row_checks: Callable | None = None) -> LoadResult:
    raw = _read_raw(source, **read_opts)
    frame = _rename(raw, columns, kind)
    _check_required(frame, fields, raw.source, kind)
    as_of_ts = _parse_as_of(as_of)
    present = [f for f in fields if f.name in frame.columns]
    numeric = [f.name for f in present if f.type in ("int", "float")]
    decimal = raw.info.get("decimal") or _guess_decimal(frame, numeric)
    issues = _Issues()
    typed: dict[str, pd.Series] = {}
    text: dict[str, pd.Series] = {}
    for f in present:
        typed[f.name], text[f.name] = _convert(f, frame[f.name], decimal, issues)
    _range_checks(typed, present, text, issues)
    _future_checks(typed, present, text, as_of_ts, issues)
    _duplicate_checks(typed, list(unique), issues)
    if row_checks is not None:
        row_checks(typed, text, issues)
    return _assemble(raw, frame, kind, typed, issues)


def _join_values(values) -> str | None:
    """Raw values of one row's problems; empty cells shown as "(empty)" when others are not."""
    values = list(values)
    if all(v is None for v in values):
        return None
    return "; ".join("(empty)" if v is None else str(v) for v in values)


def _assemble(raw: _Raw, frame: pd.DataFrame, kind: str, typed: dict, issues: _Issues) -> LoadResult:
    found = issues.frame()
    rows = frame.index
    bad_pos = np.unique(found["pos"].to_numpy()) if len(found) else np.array([], dtype="int64")
    keep = np.ones(len(frame), dtype=bool)
    keep[bad_pos] = False

    # accepted rows: typed columns in the original column order, others as read
    data = {}
    for col in frame.columns:
        if col in typed:
            s = typed[col]
            if pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
                s = s[keep]
                if not s.isna().any():  # whole column present: plain int64 / bool
                    s = s.astype("int64" if pd.api.types.is_integer_dtype(s.dtype) else "bool")
                data[col] = s.to_numpy() if s.dtype in ("int64", "bool") else s.array
            else:
                data[col] = typed[col][keep].array
        else:
            data[col] = frame[col].array[keep]
    index = rows[keep] if raw.info.get("format") == "DataFrame" else pd.RangeIndex(int(keep.sum()))
    accepted = pd.DataFrame(data, index=index, columns=list(frame.columns))

    # rejected rows: one per source row, reasons joined
    parts = []
    if len(found):
        found = found.assign(row=np.asarray(rows)[found["pos"].to_numpy()])
        grouped = found.groupby("pos", sort=True)
        joined = pd.DataFrame({
            "reason": grouped["message"].agg("; ".join),
            "column": grouped["column"].agg(lambda c: "; ".join(dict.fromkeys(str(x) for x in c))),
            "value": grouped["value"].agg(_join_values),
        })
        raw_fields = frame.iloc[joined.index.to_numpy()].reset_index(drop=True)
        raw_fields = raw_fields.rename(columns={c: f"{c} (raw)" for c in raw_fields.columns if c in _RESULT_COLUMNS})
        head = pd.DataFrame({
            "row": pd.Index(rows)[joined.index.to_numpy()],
            "reason": joined["reason"].astype("str").to_numpy(),
            "column": joined["column"].astype("str").to_numpy(),
            "value": joined["value"].astype("str").to_numpy(),
        })
        parts.append(pd.concat([head, raw_fields], axis=1))
    if len(raw.malformed):
        parts.append(raw.malformed.assign(column=pd.Series([None] * len(raw.malformed), dtype="str"))[list(_RESULT_COLUMNS)])
    if parts:
        rejected = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if raw.info.get("format") != "DataFrame":
            rejected = rejected.sort_values("row", kind="stable").reset_index(drop=True)
            rejected["row"] = rejected["row"].astype("int64")
    else:
        rejected = pd.DataFrame({c: pd.Series([], dtype="int64" if c == "row" else "str") for c in _RESULT_COLUMNS})
        rejected = pd.concat([rejected, frame.iloc[:0].reset_index(drop=True)], axis=1)

    issue_table = pd.DataFrame({
        "row": found["row"].to_numpy() if len(found) else pd.Series([], dtype="int64"),
        "column": found["column"].to_numpy() if len(found) else pd.Series([], dtype="str"),
        "value": found["value"].to_numpy() if len(found) else pd.Series([], dtype="str"),
        "reason": found["message"].to_numpy() if len(found) else pd.Series([], dtype="str"),
        "check": found["check"].to_numpy() if len(found) else pd.Series([], dtype="str"),
    })
    if len(raw.malformed):
        issue_table = pd.concat([issue_table, pd.DataFrame({
            "row": raw.malformed["row"].to_numpy(), "column": None, "value": raw.malformed["value"].to_numpy(),
            "reason": raw.malformed["reason"].to_numpy(),
            "check": ["row cannot be split into fields"] * len(raw.malformed)})], ignore_index=True)
    return LoadResult(accepted, rejected, raw.source, kind, raw.n_read, issue_table)


# ======================================================================== table schemas
_CUSTOMERS = [
    _Field("customer_id", "id", required=True, not_null=True, unique=True),
    _Field("name", "text"), _Field("email", "text"), _Field("phone", "text"),
    _Field("region", "text"), _Field("segment", "text"),
    _Field("signup_date", "date", required=True, not_null=True),
]

_SUBSCRIPTIONS = [
    _Field("customer_id", "id", required=True, not_null=True),
    _Field("start_date", "date", required=True, not_null=True),
    _Field("end_date", "date", required=True),
    _Field("plan", "text"),
    _Field("n_products", "int", min=1),
    _Field("monthly_revenue", "float", min=0),
    _Field("monthly_margin", "float"),
]

_TRANSACTIONS = [
    _Field("transaction_id", "id", required=True, not_null=True, unique=True),
    _Field("customer_id", "id", required=True, not_null=True),
    _Field("timestamp", "datetime", required=True, not_null=True),
    _Field("amount", "float", required=True, not_null=True),
    _Field("product", "text"), _Field("channel", "text"),
]

_SURVEY_FIXED = [
    _Field("respondent_id", "id", required=True, not_null=True, unique=True),
    _Field("customer_id", "id"),
    _Field("respondent_name", "text"), _Field("email", "text"),
    _Field("wave", "text"),
    _Field("response_date", "date"),
    _Field("segment", "text"), _Field("region", "text"),
    _Field("weight", "float", min=0),
]

#: Default answer scales of survey items: column (or prefix ending in ``*``) -> (lowest, highest).
SURVEY_SCALES: dict[str, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "overall_satisfaction": (1, 10),
    "rating_*": (1, 5),
    "importance_*": (1, 5),
    "loyalty_*": (1, 5),
}
_SCALE_LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES", "overall_satisfaction": "overall satisfaction"}

_KANO = [
    _Field("respondent_id", "id", required=True, not_null=True),
    _Field("attribute", "text", required=True, not_null=True),
    _Field("functional", "kano", required=True, not_null=True),
    _Field("dysfunctional", "kano", required=True, not_null=True),
]

_OPERATIONS = [
    _Field("customer_id", "id", required=True, not_null=True, unique=True),
    _Field("avg_wait_minutes", "float", min=0),
    _Field("n_contacts", "int", min=0),
    _Field("n_repeat_contacts", "int", min=0),
    _Field("n_complaints", "int", min=0),
    _Field("first_contact_resolution", "float", min=0, max=1, label="first_contact_resolution"),
]

_INCIDENTS = [
    _Field("incident_id", "id", required=True, not_null=True, unique=True),
    _Field("customer_id", "id", required=True, not_null=True),
    _Field("valence", "choice", required=True, not_null=True, choices=("positive", "negative")),
    _Field("category", "text", required=True, not_null=True),
]


def _uniques(fields: list[_Field]) -> list[tuple[str, ...]]:
    return [(f.name,) for f in fields if f.unique]


# ============================================================================== loaders
def load_customers(source, *, columns: Mapping[str, str] | None = None, as_of=None, sep: str | None = None,
                   encoding: str | None = None, decimal: str | None = None, sheet: str | int | None = None) -> LoadResult:
    """Load the customer list (one row per customer).

    Checks: ``customer_id`` present and unique (later duplicates rejected),
    ``signup_date`` a valid date and not after ``as_of``. Personal columns (name,
    email, phone) are kept as text: pass tables through :func:`cxtools.privacy.redact`
    before showing them.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours, e.g. ``{"Client": "customer_id"}``.
    as_of : date-like, optional
        End of the observation window (default: today); later dates are rejected.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Raises
    ------
    CxSchemaError
        A required column (``customer_id``, ``signup_date``) is missing.
    CxEmptyDataError
        The table has no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1", "C2", "C2"], "signup_date": ["2024-01-05", "05.02.2024", "2024-03-01"]})
    >>> res = load_customers(df, as_of="2026-06-30")
    >>> res
    LoadResult(customers from '<DataFrame>': 3 read, 2 accepted, 1 rejected: duplicate customer_id (1))
    >>> res.data["signup_date"].dt.strftime("%Y-%m-%d").tolist()
    ['2024-01-05', '2024-02-05']
    """
    return _load(source, "customers", _CUSTOMERS, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet), unique=_uniques(_CUSTOMERS))


def _end_before_start(typed, text, issues: _Issues) -> None:
    if "end_date" in typed and "start_date" in typed:
        bad = (typed["end_date"] < typed["start_date"]).fillna(False).to_numpy()
        if bad.any():
            raw = [f"{s} -> {e}" for s, e in zip(text["start_date"][bad], text["end_date"][bad])]
            issues.add(np.flatnonzero(bad), "end_date", raw, "end_date before start_date", "end_date before start_date")


def load_subscriptions(source, *, as_of=None, columns: Mapping[str, str] | None = None, sep: str | None = None,
                       encoding: str | None = None, decimal: str | None = None,
                       sheet: str | int | None = None) -> LoadResult:
    """Load subscription contracts (one row per contract).

    Checks: ``customer_id`` and ``start_date`` present; dates valid and not after
    ``as_of``; ``end_date`` (empty = still active, i.e. right-censored) not before
    ``start_date``; ``n_products`` a whole number >= 1; ``monthly_revenue`` not negative.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    as_of : date-like, optional
        End of the observation window (default: today); later dates are rejected.
    columns : dict, optional
        Your column names mapped to ours.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1", "C2"], "start_date": ["2024-01-01", "2024-05-01"],
    ...                    "end_date": [None, "2024-04-01"], "monthly_revenue": ["250", "350"]})
    >>> res = load_subscriptions(df, as_of="2026-06-30")
    >>> res.rejected[["row", "reason"]]
       row                      reason
    0    1  end_date before start_date
    """
    return _load(source, "subscriptions", _SUBSCRIPTIONS, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet),
                 row_checks=_end_before_start)


def load_transactions(source, *, as_of=None, columns: Mapping[str, str] | None = None,
                      refund_column: str | None = "is_refund", sep: str | None = None, encoding: str | None = None,
                      decimal: str | None = None, sheet: str | int | None = None) -> LoadResult:
    """Load one-off purchases (one row per transaction).

    Checks: ``transaction_id`` present and unique; ``customer_id``, ``timestamp`` and
    ``amount`` present; ``timestamp`` not after ``as_of``; ``amount`` a number
    (``"12 500 rub"`` is rejected, never guessed) and negative only on rows marked as
    refunds.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    as_of : date-like, optional
        End of the observation window (default: today); later timestamps are rejected.
    columns : dict, optional
        Your column names mapped to ours.
    refund_column : str or None, default "is_refund"
        The true/false column that marks refunds (after renaming). When the table has no
        such column, every negative amount is rejected.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"transaction_id": ["T1", "T2", "T3"], "customer_id": ["C1", "C1", "C2"],
    ...                    "timestamp": ["2025-01-05 10:00:00"] * 3, "amount": ["1 500,50", "-300", "12 500 rub"],
    ...                    "is_refund": ["false", "false", "false"]})
    >>> res = load_transactions(df, as_of="2026-06-30", decimal=",")
    >>> res.data["amount"].tolist()
    [1500.5]
    >>> res.rejected["reason"].tolist()
    ['negative amount not marked as refund', "amount '12 500 rub' is not a number"]
    """
    fields = list(_TRANSACTIONS)
    if refund_column is not None:
        fields.append(_Field(refund_column, "bool"))

    def refunds(typed, text, issues):
        if "amount" not in typed:
            return
        negative = (typed["amount"] < 0).fillna(False)
        if refund_column is not None and refund_column in typed:
            negative &= ~typed[refund_column].fillna(False).astype(bool)
        neg = negative.to_numpy()
        if neg.any():
            issues.add(np.flatnonzero(neg), "amount", text["amount"][neg].tolist(),
                       "negative amount not marked as refund", "negative amount not marked as refund")

    return _load(source, "transactions", fields, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet),
                 unique=_uniques(fields), row_checks=refunds)


def _survey_fields(frame_columns, scales: Mapping[str, tuple[float, float]] | None) -> list[_Field]:
    merged = dict(SURVEY_SCALES)
    if scales:
        if not isinstance(scales, Mapping):
            raise CxParameterError("scales must map a column (or prefix ending in '*') to (lowest, highest)")
        for key, value in scales.items():
            try:
                lo, hi = value
                lo, hi = float(lo), float(hi)
            except (TypeError, ValueError):
                raise CxParameterError(f"scales[{key!r}] must be (lowest, highest), got {value!r}") from None
            if lo >= hi:
                raise CxParameterError(f"scales[{key!r}]: lowest {lo:g} must be below highest {hi:g}")
            merged[key] = (lo, hi)
        unmatched = [k for k in scales if not any(_scale_matches(k, c) for c in frame_columns)]
        if unmatched:
            raise CxParameterError(f"scales names {unmatched}, which match no column; columns: {list(frame_columns)}")
    fields = list(_SURVEY_FIXED)
    fixed = {f.name for f in fields}
    for col in frame_columns:
        if col in fixed:
            continue
        # exact names win over prefixes; user-given scales over the defaults
        exact = [k for k in merged if k == col]
        prefix = [k for k in merged if k.endswith("*") and _scale_matches(k, col)]
        key = (exact or sorted(prefix, key=len, reverse=True) or [None])[0]
        if key is None:
            continue
        lo, hi = merged[key]
        fields.append(_Field(col, "int", min=lo, max=hi, label=_SCALE_LABELS.get(col, col)))
    return fields


def _scale_matches(key: str, column: str) -> bool:
    return column.startswith(key[:-1]) if key.endswith("*") else column == key


def load_survey(source, *, columns: Mapping[str, str] | None = None,
                scales: Mapping[str, tuple[float, float]] | None = None, as_of=None, sep: str | None = None,
                encoding: str | None = None, decimal: str | None = None, sheet: str | int | None = None) -> LoadResult:
    """Load survey responses (one row per respondent).

    Checks: ``respondent_id`` present and unique; every answer a whole number on its
    scale -- NPS 0-10, CSAT 1-5, CES 1-7, overall satisfaction 1-10, ``rating_*``,
    ``importance_*`` and ``loyalty_*`` 1-5 (columns found by prefix); ``weight`` not
    negative; ``response_date`` not after ``as_of``. Skipped items (empty cells) are
    allowed. Out-of-scale answers are rejected rather than clipped: a 11 on a 0-10
    scale usually means a coding error in the export, and clipping would hide it.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours.
    scales : dict, optional
        Extra or different answer scales, ``{"column" or "prefix_*": (lowest, highest)}``,
        e.g. ``{"rating_*": (1, 7)}``; merged over :data:`SURVEY_SCALES`.
    as_of : date-like, optional
        Latest plausible response date (default: today).
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"respondent_id": ["R1", "R2", "R2", "R3"], "nps": [9, 11, 7, None],
    ...                    "rating_price": [4, 5, 2, 9]})
    >>> load_survey(df, as_of="2026-06-30")
    LoadResult(survey from '<DataFrame>': 4 read, 1 accepted, 3 rejected: NPS outside 0-10 (1), duplicate respondent_id (1), rating_price outside 1-5 (1))
    """
    # the survey's items are known only once the header is read: read first, then check
    raw = _read_raw(source, sep=sep, encoding=encoding, decimal=decimal, sheet=sheet)
    raw.frame = _rename(raw, columns, "survey")
    fields = _survey_fields(list(raw.frame.columns), scales)
    return _load(raw, "survey", fields, columns=None, as_of=as_of, read_opts={}, unique=_uniques(fields))


def load_kano(source, *, columns: Mapping[str, str] | None = None, sep: str | None = None,
              encoding: str | None = None, decimal: str | None = None, sheet: str | int | None = None) -> LoadResult:
    """Load Kano questionnaire answers (long format: one row per respondent x attribute).

    ``functional`` and ``dysfunctional`` answers are mapped to the canonical codes
    ``like``, ``expect``, ``neutral``, ``tolerate``, ``dislike`` with
    :func:`normalise_kano_answers` (English or Russian labels, or codes 1-5). Rows with
    an unrecognised or missing answer, and repeated respondent x attribute pairs, are
    rejected.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined
    quality. *Center for Quality Management Journal*, 2(4), 3-36.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"respondent_id": ["R1", "R1", "R2"], "attribute": ["price", "trust", "price"],
    ...                    "functional": ["I like it", "Мне нравится", "maybe"], "dysfunctional": [5, "I expect it", 5]})
    >>> res = load_kano(df)
    >>> res.data[["functional", "dysfunctional"]].values.tolist()
    [['like', 'dislike'], ['like', 'expect']]
    >>> res.rejected.loc[0, "reason"]
    "functional 'maybe' is not a Kano answer (expected I like it, I expect it, I am neutral, I can tolerate it, I dislike it or codes 1-5)"
    """
    return _load(source, "kano", _KANO, columns=columns, as_of=None,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet),
                 unique=[("respondent_id", "attribute")])


def load_operations(source, *, columns: Mapping[str, str] | None = None, sep: str | None = None,
                    encoding: str | None = None, decimal: str | None = None,
                    sheet: str | int | None = None) -> LoadResult:
    """Load operational measures per customer (waiting time, contacts, complaints).

    Checks: ``customer_id`` present and unique; counts whole numbers, not negative;
    repeat contacts not more than all contacts; ``avg_wait_minutes`` not negative;
    ``first_contact_resolution`` a share between 0 and 1 (empty when there were no
    contacts).

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1", "C2"], "n_contacts": [3, 1], "n_repeat_contacts": [1, 2],
    ...                    "first_contact_resolution": ["0,5", "1,2"]})
    >>> load_operations(df, decimal=",")
    LoadResult(operations from '<DataFrame>': 2 read, 1 accepted, 1 rejected: first_contact_resolution outside 0-1 (1), n_repeat_contacts greater than n_contacts (1))
    """
    def repeats(typed, text, issues):
        if "n_repeat_contacts" in typed and "n_contacts" in typed:
            bad = (typed["n_repeat_contacts"] > typed["n_contacts"]).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                raw = [f"{r} > {c}" for r, c in zip(text["n_repeat_contacts"][bad], text["n_contacts"][bad])]
                issues.add(np.flatnonzero(bad), "n_repeat_contacts", raw,
                           "n_repeat_contacts greater than n_contacts", "n_repeat_contacts greater than n_contacts")

    return _load(source, "operations", _OPERATIONS, columns=columns, as_of=None,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet),
                 unique=_uniques(_OPERATIONS), row_checks=repeats)


def load_incidents(source, *, columns: Mapping[str, str] | None = None, sep: str | None = None,
                   encoding: str | None = None, decimal: str | None = None,
                   sheet: str | int | None = None) -> LoadResult:
    """Load coded critical incidents (Herzberg's critical-incident method).

    Checks: ``incident_id`` present and unique; ``customer_id`` and ``category``
    present; ``valence`` is ``positive`` or ``negative`` (any letter case).

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    References
    ----------
    Flanagan, J. C. (1954). The critical incident technique. *Psychological Bulletin*,
    51(4), 327-358.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"incident_id": ["I1", "I2"], "customer_id": ["C1", "C2"],
    ...                    "valence": ["Positive", "so-so"], "category": ["fast repair", "billing error"]})
    >>> res = load_incidents(df)
    >>> res.data["valence"].tolist(), res.rejected["reason"].tolist()
    (['positive'], ["valence 'so-so' is not positive or negative"])
    """
    return _load(source, "incidents", _INCIDENTS, columns=columns, as_of=None,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet),
                 unique=_uniques(_INCIDENTS))


# ============================================================================ the employee layer
# Employee survey, service units and the customer -> unit link (the bottom layer of the CX
# pie). Self-contained: the schemas and loaders below use only the shared machinery above.
#: Default answer scales of employee-survey items: column (or prefix ending in ``*``) -> (lowest, highest).
EMPLOYEE_SCALES: dict[str, tuple[int, int]] = {
    "enps": (0, 10),
    "engagement_*": (1, 5),
}

_EMPLOYEE_SURVEY_FIXED = [
    _Field("employee_id", "id", required=True, not_null=True),
    _Field("unit_id", "id", required=True, not_null=True),
    _Field("wave", "text"),
    _Field("response_date", "date"),
]

_UNITS = [
    _Field("unit_id", "id", required=True, not_null=True, unique=True),
    _Field("unit_name", "text"),
    _Field("region", "text"),
    _Field("unit_type", "text"),
]

_CUSTOMER_UNITS = [
    _Field("customer_id", "id", required=True, not_null=True, unique=True),
    _Field("unit_id", "id", required=True, not_null=True),
]


def _employee_fields(frame_columns, scales, enps: str) -> tuple[list[_Field], dict[str, tuple[float, float]]]:
    """Schema of an employee survey whose items are known only from its header."""
    merged: dict[str, tuple[float, float]] = dict(EMPLOYEE_SCALES)
    if scales:
        if not isinstance(scales, Mapping):
            raise CxParameterError("load_employee_survey: scales must map a column (or prefix ending in '*') "
                                   "to (lowest, highest)")
        for key, value in scales.items():
            try:
                lo, hi = value
                lo, hi = float(lo), float(hi)
            except (TypeError, ValueError):
                raise CxParameterError(f"load_employee_survey: scales[{key!r}] must be (lowest, highest), "
                                       f"got {value!r}") from None
            if lo >= hi:
                raise CxParameterError(f"load_employee_survey: scales[{key!r}]: lowest {lo:g} must be below "
                                       f"highest {hi:g}")
            merged[key] = (lo, hi)
        unmatched = [k for k in scales if not any(_scale_matches(k, c) for c in frame_columns)]
        if unmatched:
            raise CxParameterError(f"load_employee_survey: scales names {unmatched}, which match no column; "
                                   f"columns: {list(frame_columns)}")
    if enps in frame_columns:
        merged.setdefault(enps, (0, 10))
        lo, hi = merged[enps]
        if (lo, hi) != (0, 10):
            raise CxParameterError(f"load_employee_survey: eNPS ({enps!r}) is asked on 0-10, but scales gives "
                                   f"{lo:g}-{hi:g}; it is not rescaled (the promoter and detractor groups have no "
                                   "counterpart on other scales)")
    fields = list(_EMPLOYEE_SURVEY_FIXED)
    fixed = {f.name for f in fields}
    found: dict[str, tuple[float, float]] = {}
    for col in frame_columns:
        if col in fixed:
            continue
        exact = [k for k in merged if k == col]
        prefix = [k for k in merged if k.endswith("*") and _scale_matches(k, col)]
        key = (exact or sorted(prefix, key=len, reverse=True) or [None])[0]
        if key is None:
            continue
        lo, hi = merged[key]
        found[col] = (lo, hi)
        fields.append(_Field(col, "int", min=lo, max=hi, label="eNPS" if col == enps else col))
    return fields, found


def _unknown_unit_check(known_units, *, what: str):
    """A row check rejecting links to units that are not in the unit list (when one is given)."""
    if known_units is None:
        return None
    if isinstance(known_units, LoadResult):
        known_units = known_units.data
    if isinstance(known_units, pd.DataFrame):
        if "unit_id" not in known_units.columns:
            raise CxParameterError(f"{what}: known_units must be the unit list (with a unit_id column) or the "
                                   "unit ids themselves")
        known_units = known_units["unit_id"]
    known = {str(u).strip() for u in pd.Series(list(known_units)).dropna()}

    def check(typed, text, issues):
        if "unit_id" not in typed:
            return
        units = typed["unit_id"]
        bad = (units.notna() & ~units.astype("str").isin(known)).to_numpy(dtype=bool)
        if bad.any():
            issues.add(np.flatnonzero(bad), "unit_id", text["unit_id"][bad].tolist(),
                       [f"unit_id '{u}' is not in the unit list" for u in text["unit_id"][bad]],
                       "unit_id not in the unit list")
    return check


def load_employee_survey(source, *, columns: Mapping[str, str] | None = None,
                         scales: Mapping[str, tuple[float, float]] | None = None, enps: str = "enps",
                         reversed: "list[str] | tuple[str, ...] | None" = None, known_units=None, as_of=None,
                         sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                         sheet: str | int | None = None) -> LoadResult:
    """Load an employee survey (one row per employee and wave).

    Checks: ``employee_id`` and ``unit_id`` present; an employee answers once per wave
    (``employee_id`` + ``wave`` unique; ``employee_id`` alone when there is no wave);
    the eNPS question (``enps``, "how likely are you to recommend us as an employer")
    a whole number on 0-10; every other item a whole number on its declared scale --
    ``engagement_*`` on 1-5 by default, any names through ``scales=``;
    ``response_date`` a date not after ``as_of``; with ``known_units``, ``unit_id`` one
    of the listed units. Skipped items (empty cells) are allowed; answers outside the
    scale are rejected, never clipped. Columns that are neither declared nor items
    (e.g. a job title) are kept as read.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours, e.g. ``{"branch": "unit_id"}``.
    scales : dict, optional
        Item scales, ``{"column" or "prefix_*": (lowest, highest)}``, merged over
        :data:`EMPLOYEE_SCALES`, e.g. ``{"q_*": (1, 7)}``. The eNPS item must stay 0-10.
    enps : str, default "enps"
        The eNPS column (after renaming); the survey may have none.
    reversed : list of str, optional
        Reverse-keyed items ("I often think of leaving"): after the checks their answers
        are recoded as ``lowest + highest - answer``, so that higher means more engaged.
    known_units : DataFrame, LoadResult or list, optional
        The unit list (from :func:`load_units`) or its ids; rows of other units are rejected.
    as_of : date-like, optional
        Latest plausible response date (default: today).
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult
        ``data.attrs["scales"]`` holds the scale of every item found.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46-54 (the NPS question, asked here of employees).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"employee_id": ["E1", "E2", "E2", "E3"], "branch": ["A", "A", "A", "B"],
    ...                    "wave": ["W1", "W1", "W1", "W1"], "enps": [9, 11, 7, 8],
    ...                    "eng_1": [4, 5, 2, 9]})
    >>> res = load_employee_survey(df, columns={"branch": "unit_id"}, scales={"eng_*": (1, 5)}, as_of="2026-06-30")
    >>> res
    LoadResult(employee survey from '<DataFrame>': 4 read, 1 accepted, 3 rejected: duplicate employee_id + wave (1), eNPS outside 0-10 (1), eng_1 outside 1-5 (1))
    >>> res.data.attrs["scales"]
    {'enps': (0.0, 10.0), 'eng_1': (1.0, 5.0)}
    """
    raw = _read_raw(source, sep=sep, encoding=encoding, decimal=decimal, sheet=sheet)
    raw.frame = _rename(raw, columns, "employee survey")
    fields, found = _employee_fields(list(raw.frame.columns), scales, enps)
    reversed = list(reversed or [])
    not_items = [r for r in reversed if r not in found]
    if not_items:
        raise CxParameterError(f"load_employee_survey: reversed names {not_items}, which are not items with a "
                               f"scale; items: {list(found)}")
    if enps in reversed:
        raise CxParameterError("load_employee_survey: the eNPS item cannot be reversed")
    key = ("employee_id", "wave") if "wave" in raw.frame.columns else ("employee_id",)
    result = _load(raw, "employee survey", fields, columns=None, as_of=as_of, read_opts={}, unique=[key],
                   row_checks=_unknown_unit_check(known_units, what="load_employee_survey"))
    data = result.data
    for item in reversed:
        lo, hi = found[item]
        data[item] = (lo + hi - data[item]).astype(data[item].dtype)
    data.attrs["scales"] = {c: (float(lo), float(hi)) for c, (lo, hi) in found.items()}
    data.attrs["reversed"] = reversed
    return result


def load_units(source, *, columns: Mapping[str, str] | None = None, sep: str | None = None,
               encoding: str | None = None, decimal: str | None = None, sheet: str | int | None = None) -> LoadResult:
    """Load the service units (branches, stores, teams): one row per unit.

    Checks: ``unit_id`` present and unique (later duplicates rejected). ``unit_name``,
    ``region`` and ``unit_type`` are optional text; other columns are kept as read.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours, e.g. ``{"branch_code": "unit_id"}``.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import pandas as pd
    >>> load_units(pd.DataFrame({"unit_id": ["U1", "U2", "U1", None], "unit_name": ["North", "South", "N2", "?"]}))
    LoadResult(units from '<DataFrame>': 4 read, 2 accepted, 2 rejected: duplicate unit_id (1), unit_id is missing (1))
    """
    return _load(source, "units", _UNITS, columns=columns, as_of=None,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet), unique=_uniques(_UNITS))


def load_customer_units(source, *, columns: Mapping[str, str] | None = None, known_units=None,
                        sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                        sheet: str | int | None = None) -> LoadResult:
    """Load which unit serves which customer (one row per customer).

    Checks: ``customer_id`` and ``unit_id`` present; a customer belongs to one unit (the
    one that mainly serves them), so a repeated ``customer_id`` is rejected -- the first
    row counts; with ``known_units``, ``unit_id`` one of the listed units.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours.
    known_units : DataFrame, LoadResult or list, optional
        The unit list (from :func:`load_units`) or its ids.
    sep, encoding, decimal, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1", "C2", "C2", "C3"], "unit_id": ["U1", "U1", "U2", "U9"]})
    >>> res = load_customer_units(df, known_units=["U1", "U2"])
    >>> res.rejected[["row", "reason"]]
       row                             reason
    0    2                 duplicate customer_id
    1    3  unit_id 'U9' is not in the unit list
    """
    return _load(source, "customer units", _CUSTOMER_UNITS, columns=columns, as_of=None,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, sheet=sheet),
                 unique=_uniques(_CUSTOMER_UNITS),
                 row_checks=_unknown_unit_check(known_units, what="load_customer_units"))


__all__ += ["EMPLOYEE_SCALES", "load_employee_survey", "load_units", "load_customer_units"]
