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
"""

from __future__ import annotations

import contextlib

import codecs
import csv
import dataclasses
import datetime
import io as io_module
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import parse_date
from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError

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
]

#: Canonical Kano answer codes, in questionnaire order (1 = like ... 5 = dislike).
KANO_ANSWERS: tuple[str, ...] = ("like", "expect", "neutral", "tolerate", "dislike")



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


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def normalise_kano_answers(values: pd.Series) -> pd.Series:
    """Map Kano answers to the canonical codes: :func:`cxtools.factors.normalise_kano_answers`.

    The Kano wording lives with the Kano table in :mod:`cxtools.factors`; this name is kept
    here because the Kano loader uses it.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_kano_answers(pd.Series(["I like it", 5])).tolist()
    ['like', 'dislike']
    """
    from cxtools.core.kano import normalise_kano_answers as _normalise

    return _normalise(values)


# =============================================================================== reading
_SEPARATORS = (",", ";", "\t", "|")
_SAMPLE_LINES = 50
# A quoted field may hold line breaks; one that is still open after this many lines is an
# unterminated quote, and only the line that opened it is rejected.
_MAX_RECORD_LINES = 1000
# Years pandas' datetime64[ns] can hold completely.
_FIRST_YEAR, _LAST_YEAR = 1678, 2261
# The usual "open-ended" marker of an end date (9999-12-31 and the like).
_OPEN_END_YEAR = 9999
# Letters ordered by frequency in Russian text (Lyashevskaya & Sharov 2009 frequency
# dictionary); the most common ten make up about 60 % of the letters of running text.
_RUSSIAN_COMMON = set("оеаинтсрвлОЕАИНТСРВЛ")


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
    notes: list[str] = field(default_factory=list)

    @property
    def n_read(self) -> int:
        return len(self.frame) + len(self.malformed)


def _source_label(source) -> str:
    if isinstance(source, pd.DataFrame):
        return "<DataFrame>"
    if isinstance(source, DuckDBSource):
        return source.label
    return str(source)


def _empty_malformed() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series([], dtype="int64"), "reason": pd.Series([], dtype="str"),
                         "value": pd.Series([], dtype="str")})


def _os_error(label: str, exc: OSError, what: str = "file") -> CxDataError:
    """Our error for a file the system will not let us read (permissions, a device, ...)."""
    if isinstance(exc, PermissionError):
        return CxDataError(f"{label}: permission denied: cannot read the {what}; check its access rights "
                           "(and those of the folders above it)")
    if isinstance(exc, IsADirectoryError):
        return CxDataError(f"{label}: is a folder, not a file")
    reason = exc.strerror or type(exc).__name__
    return CxDataError(f"{label}: cannot read the {what}: {reason}")


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _os_error(label, exc) from None


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _russian_score(text: str) -> float:
    """Share of the Cyrillic letters of ``text`` that are among the ten most common in Russian."""
    letters = [c for c in text if "\u0400" <= c <= "\u04ff"]
    if not letters:
        return 0.0
    return sum(c in _RUSSIAN_COMMON for c in letters) / len(letters)


def _single_byte_cyrillic(data: bytes) -> str:
    """cp1251, KOI8-R or cp866: the decoding whose letters look most like Russian text.

    Every byte sequence decodes in all three, so the choice rests on letter frequencies:
    text decoded with the wrong table has its letters permuted, and the common letters
    (о, е, а, и, н, ...) turn into rare ones.
    """
    sample = data[: 1 << 20]
    scores = {enc: _russian_score(sample.decode(enc, errors="replace")) for enc in ("cp1251", "koi8-r", "cp866")}
    best = max(scores, key=scores.get)
    return best if scores[best] > scores["cp1251"] + 0.1 else "cp1251"


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when the start looks like UTF-16 text without a byte-order mark.

    In UTF-16 every ASCII character has a zero byte on the same side (odd positions in
    little-endian, even in big-endian) and text almost never has one on the other side.
    The guess stands only if the start then decodes to text without control characters.
    """
    head = data[:4096]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.1 * len(zeros) and other.count(0) <= 0.01 * len(other):
            try:
                text = head.decode(codec)
            except UnicodeDecodeError:
                continue
            controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n")
            if controls <= 0.01 * len(text):
                return codec
    return None


def _decode(data: bytes, label: str, encoding: str | None) -> tuple[list[str], str, dict[int, str]]:
    """Text lines of a file, the encoding used, and lines that are not valid text in it.

    Returns ``(lines, encoding, bad)``: ``bad`` maps 1-based line numbers to the reason.
    Decoding is strict: nothing is replaced silently. A line that does not decode is a
    rejected row (the rest of the file is read), unless it is the header or most lines
    fail, which means the encoding is wrong altogether.
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise CxParameterError(f"encoding {encoding!r} is not a known text encoding (try 'utf-8' or 'cp1251')") from None
    elif data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        codec = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif (guess := _utf16_without_bom(data)) is not None:
        codec = guess
    else:
        codec = None
    if codec is not None and (codec.startswith("utf-16") or codec.startswith("utf-32")):
        # newlines are not single bytes: decode the whole file, report the line of a failure
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
            raise CxDataError(f"{label}: line {line} is not valid {codec} text (byte {exc.start}); "
                              "pass the right encoding=...") from None
        return _split_lines(text.lstrip("\ufeff")), codec, {}
    if codec is None:
        if b"\x00" in data[:4096] and data[:4096].count(0) > 16:
            raise CxDataError(f"{label}: the file holds binary data (NUL bytes), not text; if it is text in "
                              "UTF-16 or UTF-32, pass encoding=...")
        try:
            text = data.decode("utf-8")
            return _split_lines(text), "utf-8", {}
        except UnicodeDecodeError:
            pass
        return _decode_by_line(data, label, None)
    try:
        text = data.decode(codec)
        return _split_lines(text.lstrip("\ufeff")), codec, {}
    except UnicodeDecodeError:
        return _decode_by_line(data, label, codec)


def _split_lines(text: str) -> list[str]:
    """Split on line ends only (\\n, \\r\\n, or \\r alone in old Mac files); never on the
    other characters ``str.splitlines`` treats as breaks (\\x0b, \\x1c, \\u2028, ...)."""
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    lines = text.split("\n")
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def _decode_by_line(data: bytes, label: str, codec: str | None) -> tuple[list[str], str, dict[int, str]]:
    raw_lines = data.split(b"\n")
    if codec is None:
        # not UTF-8 as a whole: UTF-8 with a few foreign lines, or a single-byte Cyrillic file
        utf8_lines = failing = 0
        for ln in raw_lines:
            if ln.isascii():
                continue
            try:
                ln.decode("utf-8")
                utf8_lines += 1
            except UnicodeDecodeError:
                failing += 1
        if utf8_lines == 0:
            head = data[: 1 << 16]
            controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
            if controls > 0.05 * len(head):
                raise CxDataError(f"{label}: the file holds binary data ({controls} control bytes in the first "
                                  f"{len(head)}), not text; is it the right file?")
            codec = _single_byte_cyrillic(data)
            try:
                return _split_lines(data.decode(codec)), codec, {}
            except UnicodeDecodeError:
                pass  # bytes the table leaves undefined: find their lines below
        else:
            codec = "utf-8"
            if failing > utf8_lines:
                raise CxDataError(
                    f"{label}: the file mixes text encodings: {utf8_lines} line(s) are UTF-8 and {failing} are not "
                    "(probably cp1251). Save the file in one encoding, or pass encoding=..."
                )
    mixed = "; the file mixes text encodings" if codec == "utf-8" else ""
    lines, bad = [], {}
    for number, ln in enumerate(raw_lines, start=1):
        try:
            lines.append(ln.decode(codec))
        except UnicodeDecodeError as exc:
            lines.append(ln.decode(codec, errors="backslashreplace"))
            bad[number] = (f"row is not valid {codec} text (byte 0x{ln[exc.start]:02x} at position "
                           f"{exc.start + 1}){mixed}")
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    content = sum(1 for ln in lines if ln.strip())
    if 1 in bad or 2 * len(bad) >= content - 1:
        first = sorted(bad)[:5]
        raise CxDataError(f"{label}: the file is not valid {codec!r} text (lines {', '.join(map(str, first))}"
                          f"{', ...' if len(bad) > 5 else ''}); leave encoding=None to detect it or pass the right one")
    return lines, codec, bad


def _split_plain(line: str, sep: str) -> list[str]:
    return line.split() if sep == "whitespace" else line.split(sep)


def _parse_line(line: str, sep: str, *, strict: bool) -> list[str]:
    if sep == "whitespace":
        return line.split()
    return next(csv.reader([line], delimiter=sep, quotechar='"', doublequote=True, strict=strict), [])


def _sniff_separator(lines: list[str]) -> str:
    """Pick the separator that splits the first lines into the most, equally many, fields."""
    lines = [ln for ln in lines[:_SAMPLE_LINES] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", (False, 0)
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
    if not best_score[0]:
        counts = [len(ln.split()) for ln in lines]
        if counts[0] >= 2 and sum(c == counts[0] for c in counts) / len(counts) >= 0.9:
            return "whitespace"
    return best


def _records(lines: list[str], sep: str, header_at: int, n_columns: int, bad: dict[int, str]):
    """Split lines after the header into records.

    Yields ``(line number, fields or None, reason, raw text)``. One line is one record,
    except a quoted field that closes on a later line with the record then having the
    header's number of fields. A quote that never closes (within
    ``_MAX_RECORD_LINES`` lines) rejects only its own line; the next line is read as the
    next record. Blank lines and lines of bare separators are layout and yield nothing.
    """
    i = header_at + 1
    n = len(lines)
    while i < n:
        line = lines[i]
        number = i + 1
        i += 1
        if number in bad:
            yield number, None, bad[number], line
            continue
        if _is_layout(line, sep, n_columns):
            continue
        if sep == "whitespace" or '"' not in line:
            fields = _split_plain(line, sep)
        else:
            try:
                fields = _parse_line(line, sep, strict=True)
            except csv.Error as exc:
                fields = None
                if "unexpected end of data" in str(exc):
                    joined = _join_quoted(lines, i - 1, sep, n_columns, bad)
                    if joined is not None:
                        fields, used = joined
                        i += used
                        yield number, fields, None, "\n".join(lines[i - used - 1:i])
                        continue
                    yield (number, None, 'unterminated quote: a " opens a field that is never closed, '
                           "so the row cannot be split into fields", line)
                    continue
                try:
                    fields = _parse_line(line, sep, strict=False)
                except csv.Error:
                    yield number, None, "row cannot be split into fields (a line break inside a field)", line
                    continue
        if len(fields) != n_columns:
            plural = "s" if len(fields) != 1 else ""
            yield number, None, f"row has {len(fields)} field{plural}, expected {n_columns}", line
            continue
        yield number, fields, None, line


def _join_quoted(lines: list[str], start: int, sep: str, n_columns: int, bad: dict[int, str]):
    """Fields of a record whose quoted field spans lines ``start``, ``start + 1``, ..., or None."""
    quotes = lines[start].count('"')
    end = start
    while quotes % 2:
        end += 1
        if end >= len(lines) or end - start >= _MAX_RECORD_LINES or (end + 1) in bad:
            return None
        quotes += lines[end].count('"')
    text = "\n".join(lines[start:end + 1])
    try:
        rows = list(csv.reader(io_module.StringIO(text, newline=""), delimiter=sep, quotechar='"', strict=True))
    except csv.Error:
        return None
    if len(rows) != 1 or len(rows[0]) != n_columns:
        return None
    return rows[0], end - start


def _is_layout(line: str, sep: str, n_columns: int) -> bool:
    """A blank line, or one of bare separators and spaces (as Excel writes below a table)."""
    if sep != "whitespace":
        line = line.replace(sep, "")
    return not line.strip()


def _split_unquoted(lines: list[str], sep: str, header_at: int, n_columns: int):
    """What :func:`_records` does, vectorised, for the common file without any quote."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rest = lines[header_at + 1:]
    keep = np.fromiter((not _is_layout(ln, sep, n_columns) for ln in rest), dtype=bool, count=len(rest))
    body = pa.array([ln for ln, k in zip(rest, keep) if k], type=pa.large_string())
    numbers = np.arange(header_at + 2, len(lines) + 1, dtype="int64")[keep]
    parts = pc.split_pattern(body, sep)
    lengths = pc.list_value_length(parts).to_numpy(zero_copy_only=False)
    ok = lengths == n_columns
    broken = [(int(numbers[k]), f"row has {lengths[k]} field{'s' if lengths[k] != 1 else ''}, expected {n_columns}",
               body[int(k)].as_py()) for k in np.flatnonzero(~ok)]
    good = parts.filter(pa.array(ok))
    columns = {}
    for k in range(n_columns):
        col = pc.list_element(good, k) if len(good) else pa.array([], type=pa.large_string())
        columns[str(k)] = pc.if_else(pc.equal(col, ""), pa.scalar(None, type=col.type), col)
    frame = pa.table(columns).to_pandas(types_mapper=_arrow_text_type)
    frame.index = pd.Index(numbers[ok], name="row")
    return frame, broken


def _header_names(fields: list[str], label: str) -> list[str]:
    header = [h.strip() for h in fields]
    header = [h if h else f"unnamed_{k + 1}" for k, h in enumerate(header)]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once in the header; rename them")
    return header


def _read_csv(path: Path, label: str, *, sep, encoding) -> _Raw:
    data = _read_bytes(path, label)
    if not data:
        raise CxEmptyDataError(f"{label}: the file is empty (0 bytes); expected a header row and data rows")
    lines, encoding, bad = _decode(data, label, encoding)
    header_at = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if header_at is None:
        raise CxEmptyDataError(f"{label}: the file has no header and no rows")
    if sep is None:
        sep = _sniff_separator([ln for k, ln in enumerate(lines[header_at:header_at + _SAMPLE_LINES + 1])
                                if (header_at + k + 1) not in bad])
    try:
        header_fields = _parse_line(lines[header_at], sep, strict=False)
    except csv.Error:
        header_fields = _split_plain(lines[header_at], sep)
    header = _header_names(header_fields, label)
    if not bad and sep != "whitespace" and not any('"' in ln for ln in lines):
        frame, broken = _split_unquoted(lines, sep, header_at, len(header))
    else:
        numbers: list[int] = []
        rows: list[list[str]] = []
        broken = []
        for number, fields, reason, text in _records(lines, sep, header_at, len(header), bad):
            if fields is None:
                broken.append((number, reason, text))
            else:
                numbers.append(number)
                rows.append(fields)
        columns = list(zip(*rows)) if rows else [()] * len(header)
        frame = pd.DataFrame(
            {k: pd.array([v if v != "" else None for v in col], dtype="str") for k, col in enumerate(columns)},
            index=pd.Index(np.asarray(numbers, dtype="int64"), name="row"),
        )
    frame.columns = header
    # a trailing separator on every line makes an empty, nameless last column
    unnamed = [h for h in header if h.startswith("unnamed_") and frame[h].isna().all()]
    if unnamed and len(unnamed) < len(header):
        frame = frame.drop(columns=unnamed)
    malformed = _empty_malformed()
    if broken:
        malformed = pd.DataFrame({
            "row": np.asarray([b[0] for b in broken], dtype="int64"),
            "reason": pd.array([b[1] for b in broken], dtype="str"),
            "value": pd.array([b[2].strip() for b in broken], dtype="str"),
        })
    return _Raw(frame, malformed, label, {"format": "csv", "encoding": encoding, "sep": sep})


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

    The database is opened read-only; nothing is written to it. Give either ``table``
    (a name, optionally ``schema.table``) or ``query`` (a ``SELECT`` statement).

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

    @property
    def label(self) -> str:
        return f"{self.database} (table {self.table})" if self.table is not None else f"{self.database} (query)"

    def sql(self) -> str:
        if self.query is not None:
            return self.query
        return "SELECT * FROM " + ".".join('"' + part.replace('"', '""') + '"' for part in self.table.split("."))


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
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise CxDataError(f"{label}: cannot open the DuckDB database: {exc}") from None
    try:
        try:
            con.execute("SET enable_progress_bar = false")
        except duckdb.Error:
            pass
        rel = con.sql(source.sql())
        if rel is None:
            raise CxParameterError(f"{label}: the query returns no table; give a SELECT statement")
        dupes = _repeated(rel.columns)
        if dupes:
            raise CxSchemaError(f"{label}: column name(s) {dupes} appear more than once in the result; rename them")
        frame = _arrow_frame(rel)
    except duckdb.Error as exc:
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


# ============================================================================ converting
@dataclass(frozen=True)
class ColumnSpec:
    """One declared column of a source: its cxtools role, type, range and meaning.

    Attributes
    ----------
    name : str
        The role: the column name cxtools uses (map yours to it with ``columns=``). A name
        ending in ``*`` stands for a family of survey items (``rating_*``).
    type : str
        ``"id"``, ``"text"``, ``"choice"``, ``"int"``, ``"float"``, ``"bool"``, ``"date"``,
        ``"datetime"`` or ``"kano"`` (a Kano answer).
    required : bool
        The column must be present.
    not_null : bool
        Every row needs a value (an empty cell rejects the row).
    min, max : float or None
        Allowed range (inclusive) of numbers.
    label : str or None
        How messages name the column (``"NPS"``).
    unique : bool
        Values must not repeat (later repeats are rejected).
    choices : tuple of str or None
        Allowed values of a ``"choice"`` column (any letter case).
    description : str
        What the column holds, in plain words.
    personal : bool
        The column holds personal data (names, e-mail addresses, phone numbers).
    open_end : bool
        A date column where a year-9999 date (``9999-12-31``, the usual "open-ended"
        marker) means "no end yet" and is read as empty, with a note.
    """

    name: str
    type: str  # "id", "text", "choice", "int", "float", "bool", "date", "datetime", "kano"
    required: bool = False  # the column must be present
    not_null: bool = False  # every row needs a value
    min: float | None = None
    max: float | None = None
    label: str | None = None  # how messages name the column ("NPS")
    unique: bool = False
    choices: tuple[str, ...] | None = None
    description: str = ""
    personal: bool = False
    open_end: bool = False

    @property
    def what(self) -> str:
        return self.label or self.name

    @property
    def role(self) -> str:
        """The cxtools role of the column (its name in cxtools)."""
        return self.name


_Field = ColumnSpec


class _Issues:
    """Collects row problems: positions (0-based), column, raw value, message, check."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.notes: list[str] = []  # what was read in a way the user should know about

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
_SIGN = "[-+\u2212]?"
# "1,500" and "12,000": a decimal comma (1.5, 12.0) or a thousands comma (1500, 12000)
_AMBIGUOUS_RE = _SIGN + r"\d{1,3},\d{3}"
_COMMA_DECIMAL_RE = _SIGN + r"\d{1,3}(?:[" + _SPACES + r"]\d{3})+,\d+|" + _SIGN + r"\d+,\d+"
_DOT_DECIMAL_RE = _SIGN + r"\d*\.\d+"
_COMMA_GROUPS_RE = _SIGN + r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|" + _SIGN + r"\d{1,3}(?:,\d{3})+\.\d+"


@dataclass(frozen=True)
class _Numbers:
    """How numbers are written: decimal mark and the characters that may group thousands."""

    decimal: str
    groups: str


def _group_chars(thousands: str | None) -> str:
    if thousands is None or thousands in (" ", "\u00a0"):
        return _SPACES
    return thousands


def _text_cells(frame: pd.DataFrame, columns, max_rows: int):
    for col in frame.columns if columns is None else columns:
        s = frame[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        s = s.iloc[:max_rows].dropna()
        s = s[s.map(lambda v: isinstance(v, str))] if s.dtype == object else s
        if s.empty:
            continue
        yield col, s.astype("str").str.strip()


def _number_dialect(frame: pd.DataFrame, columns=None, *, decimal: str | None, thousands: str | None,
                    label: str, max_rows: int = 20_000) -> _Numbers | None:
    """Decimal mark and thousands characters: as given, else guessed from number-like cells.

    The guess counts cells that can only be read one way: ``2,5`` and ``1 234,5`` (decimal
    comma) against ``2.5`` and ``1,234,567`` / ``1,234.5`` (decimal point, comma
    thousands). Cells such as ``1,500`` or ``12,000`` fit both readings (1.5 or 1500) and
    are no evidence; when they are all there is, the mark is not guessed: a
    :class:`~cxtools.core.errors.CxDataError` asks for ``decimal=`` or ``thousands=``. Returns
    None in that case when ``label`` is None (``read_table``, which converts nothing).
    """
    if thousands in (",", "."):
        implied = "," if thousands == "." else "."
        if decimal is not None and decimal != implied:
            raise CxParameterError(f"thousands={thousands!r} needs decimal={implied!r}, not {decimal!r}")
        return _Numbers(implied, thousands)
    if decimal is not None:
        return _Numbers(decimal, _group_chars(thousands))
    n_comma = n_dot = n_groups = 0
    ambiguous: dict[str, list[str]] = {}
    for col, s in _text_cells(frame, columns, max_rows):
        amb = s.str.fullmatch(_AMBIGUOUS_RE)
        if amb.any():
            ambiguous[str(col)] = s[amb].unique()[:3].tolist()
        n_comma += int((s.str.fullmatch(_COMMA_DECIMAL_RE) & ~amb).sum())
        n_dot += int(s.str.fullmatch(_DOT_DECIMAL_RE).sum())
        n_groups += int(s.str.fullmatch(_COMMA_GROUPS_RE).sum())
    if n_comma > n_dot + n_groups:
        return _Numbers(",", _group_chars(thousands))
    if n_dot + n_groups > 0 or not ambiguous:
        # unambiguous comma thousands ("1,234,567") in the same columns settle "1,500" too
        groups = _group_chars(thousands) + ("," if n_groups > n_comma and thousands is None else "")
        return _Numbers(".", groups)
    if label is None:
        return None
    examples = "; ".join(f"{col}: {', '.join(repr(v) for v in vals)}" for col, vals in list(ambiguous.items())[:5])
    raise CxDataError(
        f"{label}: cannot tell the decimal mark: numbers such as {examples} read as 1.5 with a decimal comma "
        "but as 1500 with a thousands comma, and no other number settles it. Pass decimal=',' (decimal comma) "
        "or thousands=',' (thousands comma)."
    )


def _guess_decimal(frame: pd.DataFrame, columns=None) -> str | None:
    """The decimal mark :func:`_number_dialect` would pick, or None when it cannot tell."""
    found = _number_dialect(frame, columns, decimal=None, thousands=None, label=None)
    return None if found is None else found.decimal


def _number_patterns(numbers: _Numbers) -> tuple[str, str | None]:
    d = re.escape(numbers.decimal)
    plain = rf"[+-]?(?:\d+(?:{d}\d*)?|{d}\d+)(?:[eE][+-]?\d+)?"
    if not numbers.groups:
        return plain, None
    g = "".join("\\" + c if c in ".-^]\\" else c for c in numbers.groups)
    grouped = rf"[+-]?\d{{1,3}}(?:[{g}]\d{{3}})+(?:{d}\d+)?"
    return plain, grouped


def _parse_numbers(s: pd.Series, numbers: _Numbers) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (float values, bad mask, raw text). Missing cells are NaN and not bad."""
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        values = pd.Series(pd.to_numeric(s, errors="raise"), index=s.index).astype("float64")
        bad = pd.Series(~np.isfinite(values.to_numpy()) & values.notna().to_numpy(), index=s.index)
        return values, bad, s
    text = _as_text(s)
    values = pd.Series(np.nan, index=s.index, dtype="float64")
    native = _native_numbers(s) if s.dtype == object else pd.Series(False, index=s.index)
    if native.any():
        with np.errstate(over="ignore"):
            values[native] = [float(v) if abs(v) < 1e308 else np.inf for v in s[native]]
    todo = text.notna() & ~native
    if todo.any():
        t = text[todo].str.replace("\u2212", "-", regex=False)
        plain, grouped = _number_patterns(numbers)
        ok = t.str.fullmatch(plain)
        if grouped is not None:
            ok = ok | t.str.fullmatch(grouped)
        cleaned = t[ok]
        if numbers.groups:
            g = "".join("\\" + c if c in ".-^]\\" else c for c in numbers.groups)
            if cleaned.str.contains(f"[{g}]").any():
                # grouped cells lose their group marks; plain ones keep their decimal mark
                is_grouped = cleaned.str.fullmatch(grouped) & ~cleaned.str.fullmatch(plain)
                cleaned = cleaned.where(~is_grouped, cleaned.str.replace(f"[{g}]", "", regex=True))
        if numbers.decimal == ",":
            cleaned = cleaned.str.replace(",", ".", regex=False)
        with np.errstate(over="ignore"):
            values[ok[ok].index] = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    finite = np.isfinite(values.to_numpy())
    bad = pd.Series(todo.to_numpy() & ~finite, index=s.index) | (native & ~finite)
    return values, bad, text


def _number_message(col: str, raw: str, numbers: _Numbers) -> str:
    hint = ""
    other = "," if numbers.decimal == "." else "."
    if numbers.decimal == "." and re.fullmatch(r"[-+\u2212]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        hint = " (if ',' separates thousands here, pass thousands=',')"
    elif other in raw and re.search(r"\d", raw):
        hint = f" (this table uses {numbers.decimal!r} as the decimal mark)"
    return f"{col} '{raw}' is not a number{hint}"


_DATE_FORMATS = (
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?", "ISO8601"),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
    (r"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}", "%d.%m.%Y %H:%M"),
    (r"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}:\d{2}", "%d.%m.%Y %H:%M:%S"),
    (r"\d{8}", "%Y%m%d"),
)
_DATE_EXPECTED = "YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD"


def _year_of(value) -> int | None:
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, np.datetime64):
        return int(value.astype("datetime64[Y]").astype("int64")) + 1970
    return None


def _parse_dates(s: pd.Series, date_format: str | None = None):
    """Return (datetime64[ns] values, bad mask, raw text, far mask, year-9999 mask).

    Text dates are ISO (``2026-06-30``), Russian (``30.06.2026``) or ``YYYYMMDD``, or
    exactly ``date_format`` when given; nothing else is guessed. ``far`` marks real dates
    outside the years datetime64[ns] holds (1678-2261), such as the ``9999-12-31``
    "open-ended" marker or a typo like ``0202-05-01``; their value is NaT.
    """
    index = s.index
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        values = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        years = values.dt.year
        far = ((years < _FIRST_YEAR) | (years > _LAST_YEAR)).fillna(False).astype(bool)
        marker = (far & (years == _OPEN_END_YEAR)).fillna(False).astype(bool)
        values = values.where(~far).astype("datetime64[ns]")
        return values, pd.Series(False, index=index), s.astype("str").where(s.notna()), far, marker
    text = _as_text(s)
    values = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    far = pd.Series(False, index=index)
    years = pd.Series(np.nan, index=index, dtype="float64")
    native = s.map(lambda v: isinstance(v, (datetime.date, np.datetime64))).astype(bool) if s.dtype == object else None
    formats = ((None, date_format),) if date_format is not None else _DATE_FORMATS
    parsed_any = pd.Series(False, index=index)
    for pattern, fmt in formats:
        m = text.notna() if pattern is None else text.str.fullmatch(pattern).fillna(False).astype(bool)
        if native is not None:
            m &= ~native
        if not m.any():
            continue
        try:
            got = pd.to_datetime(text[m], format=fmt, errors="coerce")
        except (ValueError, TypeError) as exc:  # an invalid date_format
            raise CxParameterError(f"date_format {date_format!r} is not a valid strptime format: {exc}") from None
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_localize(None)
        y = got.dt.year
        out = ((y < _FIRST_YEAR) | (y > _LAST_YEAR)).fillna(False).astype(bool)
        years[m] = y.astype("float64")
        far[m] = out
        values[m] = got.where(~out).astype("datetime64[ns]")
        parsed_any |= m
    if native is not None and native.any():
        for label, v in s[native].items():
            y = _year_of(v)
            years[label] = y
            if y is not None and not (_FIRST_YEAR <= y <= _LAST_YEAR):
                far[label] = True
                continue
            t = pd.Timestamp(v)
            values[label] = t.tz_localize(None) if t.tz is not None else t
    bad = text.notna() & values.isna() & ~far
    marker = far & (years == _OPEN_END_YEAR)
    return values, bad, text, far, marker.fillna(False).astype(bool)


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


def _convert(f: _Field, s: pd.Series, numbers: _Numbers, issues: _Issues,
             date_format: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Typed column and cell text, both with a position index; type problems and missing
    values go to ``issues``."""
    pos = np.arange(len(s))
    col = f.name
    if f.type in ("int", "float"):
        values, bad, text = _parse_numbers(s, numbers)
        if bad.any():
            raw = text[bad].astype(str).tolist()
            issues.add(pos[bad.to_numpy()], col, raw, [_number_message(col, r, numbers) for r in raw], f"{col} is not a number")
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
    elif f.type == "auto":
        # numbers when every value is one, else text: the same rule for files and tables
        values, bad, text = _parse_numbers(s, numbers)
        text = _as_text(s) if not isinstance(text.dtype, pd.StringDtype) else text
        if bad.any():
            values = text
        elif (values.dropna() % 1 == 0).all() and (values.dropna().abs() < 2**53).all():
            values = values.astype("Int64")
    elif f.type in ("date", "datetime"):
        values, bad, text, far, marker = _parse_dates(s, date_format)
        if bad.any():
            raw = text[bad].astype(str).tolist()
            expected = date_format if date_format is not None else _DATE_EXPECTED
            issues.add(pos[bad.to_numpy()], col, raw,
                       [f"{col} '{r}' is not a date (expected {expected})" for r in raw], f"{col} is not a date")
        if f.open_end and marker.any():
            far = far & ~marker
            shown = text[marker].astype(str).unique()[:3].tolist()
            issues.notes.append(
                f"{col}: {int(marker.sum())} row(s) hold the open-ended marker ({', '.join(shown)}); "
                f"read as empty (no {col} yet)")
        if far.any():
            raw = text[far].astype(str).tolist()
            issues.add(pos[far.to_numpy()], col, raw,
                       [f"{col} '{r}' is outside the years {_FIRST_YEAR}-{_LAST_YEAR} (a typo, or an "
                        "open-ended marker where none is allowed)" for r in raw], f"{col} outside the usable years")
    elif f.type == "bool":
        values, bad, text = _parse_bools(s)
        if bad.any():
            raw = text[bad].astype(str).tolist()
            issues.add(pos[bad.to_numpy()], col, raw, [f"{col} '{r}' is not true/false" for r in raw], f"{col} is not true/false")
    elif f.type == "kano":
        text = _as_text(s)
        uniques = text.dropna().unique()
        from cxtools.core.kano import kano_code as _kano_code  # the Kano answer vocabulary (core/data)

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
        DataFrame input; records of a Parquet folder or a DuckDB table are numbered on
        from 2 in the order read), ``reason`` (several joined by ``"; "``),
        ``column``, ``value`` (as written in the file), then the row's raw fields.
    source : str
        The path as given, ``"<DataFrame>"``, or ``"<database> (table <name>)"``.
    kind : str
        Which table this is (``"transactions"``, ``"survey"``, ...).
    n_read : int
        Data rows read (the header is not counted).
    issues : DataFrame
        One row per problem found (a rejected row may have several): ``row``,
        ``column``, ``value``, ``reason`` and ``check`` (the reason without the value,
        used to count problems in :meth:`summary`).
    notes : tuple of str
        What was read in a way worth knowing that rejected nothing: an open-ended date
        marker read as empty, generated ids, recoded reversed items, ...

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
    notes: tuple[str, ...] = ()

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
        if self.notes:
            text += f"; {len(self.notes)} note{'s' if len(self.notes) > 1 else ''}"
        return text + ")"


# ============================================================================== loading
_RESULT_COLUMNS = ("row", "reason", "column", "value")


def _parse_as_of(as_of) -> pd.Timestamp:
    if as_of is None:
        return pd.Timestamp.today().normalize()
    ts = parse_date(as_of, message=f"as_of {as_of!r} is not a date; expected e.g. '2026-06-30'")
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
    dupes = _repeated(frame.columns)
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


@contextlib.contextmanager
def _quiet_pandera():
    """Silence what importing pandera prints when pyspark is installed.

    pandera tries ``import pyspark.pandas`` in several of its modules whenever pyspark is
    installed (the ``spark`` extra); with pandas 3 that import warns and fails, and pandera
    tries again in the next module it loads. The warning says nothing about the user's data,
    so it must not reach a notebook's output.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
        yield


def _range_checks(typed: dict[str, pd.Series], fields: list[_Field], text: dict[str, pd.Series], issues: _Issues) -> None:
    """Declared ranges, checked by a pandera schema with lazy validation (all failures at once)."""
    ranged = [f for f in fields if f.name in typed and (f.min is not None or f.max is not None)]
    if not ranged:
        return
    with _quiet_pandera():
        _validate_ranges(typed, ranged, text, issues)


def _validate_ranges(typed, ranged, text, issues: _Issues) -> None:
    import pandera.pandas as pa

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
          unique: list[tuple[str, ...]] = (), row_checks: Callable | None = None,
          date_format: str | None = None, prepare: Callable | None = None) -> LoadResult:
    raw = _read_raw(source, **read_opts)
    frame = _rename(raw, columns, kind)
    if prepare is not None:  # e.g. generated ids: (frame, raw) -> frame
        frame = prepare(frame, raw)
    _check_required(frame, fields, raw.source, kind)
    as_of_ts = _parse_as_of(as_of)
    present = [f for f in fields if f.name in frame.columns]
    numeric = [f.name for f in present if f.type in ("int", "float", "auto")]
    numbers = _number_dialect(frame, numeric, decimal=raw.info.get("decimal"), thousands=raw.info.get("thousands"),
                              label=raw.source)
    issues = _Issues()
    issues.notes.extend(raw.notes)
    typed: dict[str, pd.Series] = {}
    text: dict[str, pd.Series] = {}
    for f in present:
        typed[f.name], text[f.name] = _convert(f, frame[f.name], numbers, issues, date_format)
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
    return LoadResult(accepted, rejected, raw.source, kind, raw.n_read, issue_table, tuple(issues.notes))


# ======================================================================== table schemas
_F = ColumnSpec

_CUSTOMERS = [
    _F("customer_id", "id", required=True, not_null=True, unique=True, description="customer identifier, unique"),
    _F("name", "text", description="full name", personal=True),
    _F("email", "text", description="e-mail address", personal=True),
    _F("phone", "text", description="phone number", personal=True),
    _F("region", "text", description="region, for grouping"),
    _F("segment", "text", description="customer segment, for grouping"),
    _F("signup_date", "date", required=True, not_null=True, description="first day as a customer"),
]

_SUBSCRIPTIONS = [
    _F("customer_id", "id", required=True, not_null=True, description="links to customers"),
    _F("start_date", "date", required=True, not_null=True, description="contract start"),
    _F("end_date", "date", required=True, open_end=True,
       description="contract end; empty (or a year-9999 date) = still active (right-censored)"),
    _F("plan", "text", description="plan or product bundle"),
    _F("n_products", "int", min=1, description="products in the plan"),
    _F("monthly_revenue", "float", min=0, description="revenue per month, in the data's currency"),
    _F("monthly_margin", "float", description="profit per month, in the data's currency"),
]

_TRANSACTIONS = [
    _F("transaction_id", "id", not_null=True, unique=True,
       description="transaction identifier, unique; optional: generated from row numbers when absent"),
    _F("customer_id", "id", required=True, not_null=True, description="who bought"),
    _F("timestamp", "datetime", required=True, not_null=True, description="when the purchase (or refund) happened"),
    _F("amount", "float", required=True, not_null=True,
       description="order value in the data's currency; negative only on refunds; zero-value orders are valid"),
    _F("product", "text", description="what was bought"),
    _F("channel", "text", description="where it was bought"),
]
_REFUND_DESCRIPTION = "true on refund rows (negative amounts); optional"

_SURVEY_FIXED = [
    _F("respondent_id", "id", required=True, not_null=True, unique=True, description="respondent identifier, unique"),
    _F("customer_id", "id", description="link to customers; empty when unmatched"),
    _F("respondent_name", "text", description="respondent's name", personal=True),
    _F("email", "text", description="respondent's e-mail address", personal=True),
    _F("wave", "text", description="survey wave (e.g. a quarter)"),
    _F("response_date", "date", description="when the response was given"),
    _F("segment", "text", description="customer segment, for grouping"),
    _F("region", "text", description="region, for grouping"),
    _F("weight", "float", min=0, description="design weight, not negative"),
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
_SCALE_DESCRIPTIONS = {
    "nps": "likelihood to recommend (the NPS item); always 0-10",
    "csat": "satisfaction with the last interaction",
    "ces": "customer effort (high = easy)",
    "overall_satisfaction": "overall satisfaction",
    "rating_*": "performance rating of each attribute",
    "importance_*": "stated importance of each attribute",
    "loyalty_*": "Likert items of a loyalty scale",
}

_KANO = [
    _F("respondent_id", "id", required=True, not_null=True, description="respondent"),
    _F("attribute", "text", required=True, not_null=True, description="the attribute asked about"),
    _F("functional", "kano", required=True, not_null=True, description="answer if the attribute is well provided"),
    _F("dysfunctional", "kano", required=True, not_null=True, description="answer if it is poorly provided"),
]

_OPERATIONS = [
    _F("customer_id", "id", required=True, not_null=True, unique=True, description="links to customers"),
    _F("avg_wait_minutes", "float", min=0, description="mean waiting time on the support line, minutes"),
    _F("n_contacts", "int", min=0, description="contacts with support"),
    _F("n_repeat_contacts", "int", min=0, description="contacts about an issue already raised"),
    _F("n_complaints", "int", min=0, description="formal complaints"),
    _F("first_contact_resolution", "float", min=0, max=1, label="first_contact_resolution",
       description="share of issues solved at first contact (0-1; empty without contacts)"),
]

_INCIDENTS = [
    _F("incident_id", "id", required=True, not_null=True, unique=True, description="incident identifier, unique"),
    _F("customer_id", "id", required=True, not_null=True, description="links to customers"),
    _F("valence", "choice", required=True, not_null=True, choices=("positive", "negative"),
       description="positive or negative"),
    _F("category", "text", required=True, not_null=True, description="coded category of the incident"),
]


@dataclass(frozen=True, repr=False)
class SourceSchema:
    """What cxtools expects of one source (table kind): its columns and their rules.

    Attributes
    ----------
    kind : str
        The source (``"transactions"``, ``"survey"``, ...); also the ``load_<kind>``
        function that reads it.
    description : str
        What one row is.
    columns : tuple of ColumnSpec
        Declared columns in the usual order. Columns a table has beyond these are kept
        (see the loaders). Survey item families are given as patterns (``rating_*``)
        with their default scales in ``min`` / ``max``.

    Examples
    --------
    >>> SCHEMAS["incidents"]
    SourceSchema(incidents: incident_id*, customer_id*, valence*, category*)
    >>> SCHEMAS["incidents"].required
    ('incident_id', 'customer_id', 'valence', 'category')
    >>> SCHEMAS["transactions"].to_frame().loc[3, ["role", "type", "required"]]
    role        amount
    type         float
    required      True
    Name: 3, dtype: object
    """

    kind: str
    description: str
    columns: tuple[ColumnSpec, ...]

    @property
    def required(self) -> tuple[str, ...]:
        """Roles that must be present."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        """Roles that may be absent."""
        return tuple(c.name for c in self.columns if not c.required)

    @property
    def personal(self) -> tuple[str, ...]:
        """Roles holding personal data."""
        return tuple(c.name for c in self.columns if c.personal)

    def __getitem__(self, role: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == role:
                return c
        raise KeyError(f"the {self.kind} schema has no column {role!r}; it has {[c.name for c in self.columns]}")

    def to_frame(self) -> pd.DataFrame:
        """One row per column: role, type, required, not_null, unique, min, max, choices,
        personal, description."""
        return pd.DataFrame([{
            "role": c.name, "type": c.type, "required": c.required, "not_null": c.not_null,
            "unique": c.unique, "min": c.min, "max": c.max,
            "choices": None if c.choices is None else ", ".join(c.choices),
            "personal": c.personal, "description": c.description,
        } for c in self.columns], columns=["role", "type", "required", "not_null", "unique", "min", "max",
                                            "choices", "personal", "description"]).astype({"min": object, "max": object})

    def __repr__(self) -> str:
        names = ", ".join(c.name + ("*" if c.required else "") for c in self.columns)
        return f"SourceSchema({self.kind}: {names})"


def _survey_item_specs() -> tuple[ColumnSpec, ...]:
    return tuple(_F(key, "int", min=lo, max=hi, label=_SCALE_LABELS.get(key), description=_SCALE_DESCRIPTIONS[key])
                 for key, (lo, hi) in SURVEY_SCALES.items())


#: The sources the loaders read, with their declared columns: ``SCHEMAS[kind]`` is a
#: :class:`SourceSchema` (``.columns``, ``.required``, ``.to_frame()``).
SCHEMAS: Mapping[str, SourceSchema] = MappingProxyType({
    "customers": SourceSchema("customers", "one row per customer", tuple(_CUSTOMERS)),
    "subscriptions": SourceSchema("subscriptions", "one row per contract", tuple(_SUBSCRIPTIONS)),
    "transactions": SourceSchema("transactions", "one row per purchase or refund", tuple(
        _TRANSACTIONS + [_F("is_refund", "bool", description=_REFUND_DESCRIPTION)])),
    "survey": SourceSchema("survey", "one row per survey response", tuple(_SURVEY_FIXED) + _survey_item_specs()),
    "kano": SourceSchema("kano", "one row per respondent and attribute of a Kano questionnaire", tuple(_KANO)),
    "operations": SourceSchema("operations", "one row per customer: operational measures", tuple(_OPERATIONS)),
    "incidents": SourceSchema("incidents", "one row per coded critical incident", tuple(_INCIDENTS)),
})


def _uniques(fields: list[_Field]) -> list[tuple[str, ...]]:
    return [(f.name,) for f in fields if f.unique]


# ============================================================================== loaders
def load_customers(source, *, columns: Mapping[str, str] | None = None, as_of=None,
                   sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                   thousands: str | None = None, date_format: str | None = None,
                   sheet: str | int | None = None) -> LoadResult:
    """Load the customer list (one row per customer).

    Checks: ``customer_id`` present and unique (later duplicates rejected),
    ``signup_date`` a valid date and not after ``as_of``. Personal columns (name,
    email, phone) are kept as text: pass tables through :func:`cxtools.data.privacy.redact`
    before showing them.

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    columns : dict, optional
        Your column names mapped to ours, e.g. ``{"Client": "customer_id"}``.
    as_of : date-like, optional
        End of the observation window (default: today); later dates are rejected.
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format, unique=_uniques(_CUSTOMERS))


def _pair_rule(first: str, second: str, *, fails: Callable, shown: str, column: str, message: str):
    """A row check on two columns: rows where ``fails(first, second)`` are rejected under
    ``column``, the two raw cells shown joined by ``shown``."""
    def check(typed, text, issues: _Issues) -> None:
        if first in typed and second in typed:
            bad = fails(typed[first], typed[second]).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                raw = [f"{a}{shown}{b}" for a, b in zip(text[first][bad], text[second][bad])]
                issues.add(np.flatnonzero(bad), column, raw, message, message)
    return check


_end_before_start = _pair_rule("start_date", "end_date", fails=lambda start, end: end < start, shown=" -> ",
                               column="end_date", message="end_date before start_date")


def load_subscriptions(source, *, columns: Mapping[str, str] | None = None, as_of=None,
                       sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                       thousands: str | None = None, date_format: str | None = None,
                       sheet: str | int | None = None) -> LoadResult:
    """Load subscription contracts (one row per contract).

    Checks: ``customer_id`` and ``start_date`` present; dates valid and not after
    ``as_of``; ``end_date`` (empty = still active, i.e. right-censored) not before
    ``start_date``; ``n_products`` a whole number >= 1; ``monthly_revenue`` not negative.

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    as_of : date-like, optional
        End of the observation window (default: today); later dates are rejected.
    columns : dict, optional
        Your column names mapped to ours.
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format,
                 row_checks=_end_before_start)


def load_transactions(source, *, columns: Mapping[str, str] | None = None, as_of=None,
                      sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                      thousands: str | None = None, date_format: str | None = None,
                      sheet: str | int | None = None,
                      refund_column: str | None = "is_refund") -> LoadResult:
    """Load one-off purchases (one row per transaction).

    Checks: ``transaction_id`` present and unique; ``customer_id``, ``timestamp`` and
    ``amount`` present; ``timestamp`` not after ``as_of``; ``amount`` a number
    (``"12 500 rub"`` is rejected, never guessed) and negative only on rows marked as
    refunds. Zero-value orders are valid orders and accepted (counted in ``notes``;
    spend models leave them out). Without a ``transaction_id`` column, ids are made
    from the row numbers (``row-2``, ``row-3``, ...; for a table, its index labels),
    and ``notes`` says so. The refund flag is optional.

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    as_of : date-like, optional
        End of the observation window (default: today); later timestamps are rejected.
    columns : dict, optional
        Your column names mapped to ours.
    refund_column : str or None, default "is_refund"
        The true/false column that marks refunds (after renaming). When the table has no
        such column, every negative amount is rejected.
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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
        fields.append(_Field(refund_column, "bool", description=_REFUND_DESCRIPTION))

    def refunds(typed, text, issues):
        if "amount" not in typed:
            return
        zero = int((typed["amount"] == 0).sum())
        if zero:
            issues.notes.append(f"amount: {zero} zero-value order(s), kept: they are orders (a spend model "
                                "leaves them out)")
        negative = (typed["amount"] < 0).fillna(False)
        if refund_column is not None and refund_column in typed:
            negative &= ~typed[refund_column].fillna(False).astype(bool)
        neg = negative.to_numpy()
        if neg.any():
            issues.add(np.flatnonzero(neg), "amount", text["amount"][neg].tolist(),
                       "negative amount not marked as refund", "negative amount not marked as refund")

    return _load(source, "transactions", fields, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format,
                 unique=_uniques(fields), row_checks=refunds, prepare=_generated_ids)


def _generated_ids(frame: pd.DataFrame, raw: _Raw) -> pd.DataFrame:
    """Without a transaction id, one made from the row number: stable while the rows keep
    their order in the source, and it says where the row is."""
    if "transaction_id" in frame.columns:
        return frame
    ids = pd.array([f"row-{label}" for label in frame.index], dtype="str")
    example = f" ({ids[0]}, ...)" if len(ids) else ""
    raw.notes.append(f"transaction_id: not in the data; generated from row numbers{example}, "
                     "stable while the rows keep their order")
    return frame.assign(transaction_id=ids)[["transaction_id", *frame.columns]]


def _merged_scales(defaults: Mapping[str, tuple[float, float]], scales, frame_columns, *, func: str = "",
                   check: Callable | None = None) -> dict[str, tuple[float, float]]:
    """The default answer scales with the user's ``scales`` over them, each checked (and by
    ``check(key, lowest, highest)`` when given); ``func`` starts the error messages."""
    prefix = f"{func}: " if func else ""
    merged = dict(defaults)
    if scales:
        if not isinstance(scales, Mapping):
            raise CxParameterError(f"{prefix}scales must map a column (or prefix ending in '*') to (lowest, highest)")
        for key, value in scales.items():
            try:
                lo, hi = value
                lo, hi = float(lo), float(hi)
            except (TypeError, ValueError):
                raise CxParameterError(f"{prefix}scales[{key!r}] must be (lowest, highest), got {value!r}") from None
            if lo >= hi:
                raise CxParameterError(f"{prefix}scales[{key!r}]: lowest {lo:g} must be below highest {hi:g}")
            if check is not None:
                check(key, lo, hi)
            merged[key] = (lo, hi)
        unmatched = [k for k in scales if not any(_scale_matches(k, c) for c in frame_columns)]
        if unmatched:
            raise CxParameterError(f"{prefix}scales names {unmatched}, which match no column; "
                                   f"columns: {list(frame_columns)}")
    return merged


def _nps_scale(key: str, lo: float, hi: float) -> None:
    if key.lower() == "nps" and (lo, hi) != (0, 10):
        raise CxParameterError(
            f"scales[{key!r}] = ({lo:g}, {hi:g}): the Net Promoter Score is defined on the 0-10 "
            "likelihood-to-recommend question (promoters 9-10, detractors 0-6; Reichheld 2003), and "
            "cxtools does not rescale answers to fit it. Map a 0-10 item to 'nps', or give this item "
            "another name to keep it as an item on its own scale."
        )


def _survey_fields(frame_columns, scales: Mapping[str, tuple[float, float]] | None) -> list[_Field]:
    merged = _merged_scales(SURVEY_SCALES, scales, frame_columns, check=_nps_scale)
    fields = list(_SURVEY_FIXED)
    fixed = {f.name for f in fields}
    for col in frame_columns:
        if col in fixed:
            continue
        # exact names win over prefixes; user-given scales over the defaults
        # (column names compared without letter case: "NPS" is the NPS item)
        exact = [k for k in merged if k.lower() == col.lower()]
        prefix = [k for k in merged if k.endswith("*") and _scale_matches(k, col)]
        key = (exact[::-1] or sorted(prefix, key=len, reverse=True) or [None])[0]
        if key is None:
            fields.append(_Field(col, "auto"))  # kept: numbers if every value is one, else text
            continue
        lo, hi = merged[key]
        fields.append(_Field(col, "int", min=lo, max=hi, label=_SCALE_LABELS.get(col.lower(), col)))
    return fields


def _scale_matches(key: str, column: str) -> bool:
    column, key = column.lower(), key.lower()
    return column.startswith(key[:-1]) if key.endswith("*") else column == key


def load_survey(source, *, columns: Mapping[str, str] | None = None, as_of=None,
                sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                thousands: str | None = None, date_format: str | None = None,
                sheet: str | int | None = None,
                scales: Mapping[str, tuple[float, float]] | None = None,
                reversed: Sequence[str] = ()) -> LoadResult:
    """Load survey responses (one row per respondent).

    Checks: ``respondent_id`` present and unique; every answer a whole number on its
    scale -- by default NPS 0-10, CSAT 1-5, CES 1-7, overall satisfaction 1-10,
    ``rating_*``, ``importance_*`` and ``loyalty_*`` 1-5 (columns found by prefix,
    names compared without letter case), and any item on the scale ``scales`` gives
    it; ``weight`` not negative; ``response_date`` not after ``as_of``. Skipped items
    (empty cells) are allowed. Out-of-scale answers are rejected rather than clipped:
    a 11 on a 0-10 scale usually means a coding error in the export, and clipping would
    hide it. The NPS item is always 0-10: another scale for it is refused, never
    rescaled.

    Columns with no role and no scale are kept, as numbers when every value is a
    number (whole numbers as integers) and as text otherwise -- the same rule whether
    the source is a file or a DataFrame.

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    columns : dict, optional
        Your column names mapped to ours.
    scales : dict, optional
        Answer scales of items with any names, ``{"column" or "prefix_*": (lowest,
        highest)}``, e.g. ``{"q1": (1, 10), "rating_*": (1, 7)}``; merged over
        :data:`SURVEY_SCALES`.
    reversed : sequence of str
        Reverse-keyed items (columns with a scale): after the checks, accepted answers
        are recoded ``lowest + highest - answer``, so that high means the same thing
        on every item; ``notes`` lists them.
    as_of : date-like, optional
        Latest plausible response date (default: today).
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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

    A 1-7 Likert survey with its own item names and a reverse-keyed item:

    >>> likert = pd.DataFrame({"respondent_id": ["R1", "R2"], "easy": [7, 2], "hard": [1, 6]})
    >>> res = load_survey(likert, scales={"easy": (1, 7), "hard": (1, 7)}, reversed=["hard"])
    >>> res.data[["easy", "hard"]].values.tolist()
    [[7, 7], [2, 2]]
    >>> res.notes
    ('reversed items recoded as 1 + 7 - answer: hard',)
    """
    # the survey's items are known only once the header is read: read first, then check
    raw = _read_raw(source, sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet)
    raw.frame = _rename(raw, columns, "survey")
    fields = _survey_fields(list(raw.frame.columns), scales)
    flipped = _reversed_items(reversed, fields, raw.source)
    res = _load(raw, "survey", fields, columns=None, as_of=as_of, read_opts={}, unique=_uniques(fields),
                date_format=date_format)
    if not flipped:
        return res
    data = res.data.copy()
    groups: dict[tuple[float, float], list[str]] = {}
    for col, (lo, hi) in flipped.items():
        total = lo + hi
        data[col] = (int(total) if float(total).is_integer() else total) - data[col]
        groups.setdefault((lo, hi), []).append(col)
    notes = [f"reversed items recoded as {lo:g} + {hi:g} - answer: {', '.join(cols)}"
             for (lo, hi), cols in groups.items()]
    return dataclasses.replace(res, data=data, notes=res.notes + tuple(notes))


def _reversed_items(names, fields: list[_Field], source: str) -> dict[str, tuple[float, float]]:
    if isinstance(names, str):
        names = [names]
    names = list(names or ())
    scaled = {f.name: (f.min, f.max) for f in fields if f.type == "int" and f.min is not None and f.max is not None
              and f.name not in {g.name for g in _SURVEY_FIXED}}
    unknown = [n for n in names if n not in scaled]
    if unknown:
        raise CxParameterError(
            f"{source}: reversed= names {unknown}, which are not survey items with a scale; items with a scale: "
            f"{sorted(scaled)} (give an item's scale with scales={{...}})"
        )
    nps = [n for n in names if n.lower() == "nps"]
    if nps:
        raise CxParameterError(f"{source}: the NPS item cannot be reverse-keyed; 10 always means most likely to recommend")
    return {n: scaled[n] for n in names}


def load_kano(source, *, columns: Mapping[str, str] | None = None, as_of=None,
              sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
              thousands: str | None = None, date_format: str | None = None,
              sheet: str | int | None = None) -> LoadResult:
    """Load Kano questionnaire answers (long format: one row per respondent x attribute).

    ``functional`` and ``dysfunctional`` answers are mapped to the canonical codes
    ``like``, ``expect``, ``neutral``, ``tolerate``, ``dislike`` with
    :func:`normalise_kano_answers` (English or Russian labels, or codes 1-5). Rows with
    an unrecognised or missing answer, and repeated respondent x attribute pairs, are
    rejected.

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    columns : dict, optional
        Your column names mapped to ours.
    as_of : date-like, optional
        Accepted so that every loader takes the same keywords (a data description
        passes them alike); this table has no dates.
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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
    return _load(source, "kano", _KANO, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format,
                 unique=[("respondent_id", "attribute")])


def load_operations(source, *, columns: Mapping[str, str] | None = None, as_of=None,
                    sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                    thousands: str | None = None, date_format: str | None = None,
                    sheet: str | int | None = None) -> LoadResult:
    """Load operational measures per customer (waiting time, contacts, complaints).

    Checks: ``customer_id`` present and unique; counts whole numbers, not negative;
    repeat contacts not more than all contacts; ``avg_wait_minutes`` not negative;
    ``first_contact_resolution`` a share between 0 and 1 (empty when there were no
    contacts).

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    columns : dict, optional
        Your column names mapped to ours.
    as_of : date-like, optional
        Accepted so that every loader takes the same keywords (a data description
        passes them alike); this table has no dates.
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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
    repeats = _pair_rule("n_repeat_contacts", "n_contacts", fails=lambda repeat, all_: repeat > all_, shown=" > ",
                         column="n_repeat_contacts", message="n_repeat_contacts greater than n_contacts")
    return _load(source, "operations", _OPERATIONS, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format,
                 unique=_uniques(_OPERATIONS), row_checks=repeats)


def load_incidents(source, *, columns: Mapping[str, str] | None = None, as_of=None,
                   sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                   thousands: str | None = None, date_format: str | None = None,
                   sheet: str | int | None = None) -> LoadResult:
    """Load coded critical incidents (Herzberg's critical-incident method).

    Checks: ``incident_id`` present and unique; ``customer_id`` and ``category``
    present; ``valence`` is ``positive`` or ``negative`` (any letter case).

    Parameters
    ----------
    source : str, Path, DataFrame or DuckDBSource
        Delimited text (CSV, TSV, whitespace-separated), a Parquet file or a folder of
        Parquet files, an Excel workbook (see ``sheet``), a table, or a table or query
        in a DuckDB database file (:class:`DuckDBSource`).
    columns : dict, optional
        Your column names mapped to ours.
    as_of : date-like, optional
        Accepted so that every loader takes the same keywords (a data description
        passes them alike); this table has no dates.
    sep, encoding, decimal, thousands, sheet
        File dialect, see :func:`read_table`; detected when omitted.
    date_format : str, optional
        strptime format of every date column (e.g. ``"%Y%m%d"``); default: ISO,
        DD.MM.YYYY or YYYYMMDD, recognised per cell.

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
    return _load(source, "incidents", _INCIDENTS, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format,
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
    _Field("employee_id", "id", required=True, not_null=True,
           description="pseudonymous employee id; one answer per employee and wave"),
    _Field("unit_id", "id", required=True, not_null=True, description="the unit (branch, store, team) the employee works in"),
    _Field("wave", "text", description="survey wave"),
    _Field("response_date", "date", description="date of the answer"),
]

_UNITS = [
    _Field("unit_id", "id", required=True, not_null=True, unique=True, description="unit id"),
    _Field("unit_name", "text", description="name of the unit"),
    _Field("region", "text", description="region the unit serves"),
    _Field("unit_type", "text", description="kind of unit (branch, store, team)"),
]

_CUSTOMER_UNITS = [
    _Field("customer_id", "id", required=True, not_null=True, unique=True,
           description="customer; one unit per customer (the one that mainly serves them)"),
    _Field("unit_id", "id", required=True, not_null=True, description="the unit serving the customer"),
]


def _employee_fields(frame_columns, scales, enps: str) -> tuple[list[_Field], dict[str, tuple[float, float]]]:
    """Schema of an employee survey whose items are known only from its header."""
    merged = _merged_scales(EMPLOYEE_SCALES, scales, frame_columns, func="load_employee_survey")
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
        fields.append(_Field(col, "int", min=lo, max=hi, label="eNPS" if col == enps else col,
                             description=("0-10: how likely to recommend us as an employer" if col == enps
                                          else f"item on {lo:g}-{hi:g}")))
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
                         thousands: str | None = None, date_format: str | None = None,
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
    sep, encoding, decimal, thousands, date_format, sheet
        File dialect, see :func:`read_table`; detected when omitted.

    Returns
    -------
    LoadResult
        ``data.attrs["scales"]`` holds the scale of every item found; ``notes`` says which
        items were reversed.

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
    LoadResult(employee_survey from '<DataFrame>': 4 read, 1 accepted, 3 rejected: duplicate employee_id + wave (1), eNPS outside 0-10 (1), eng_1 outside 1-5 (1))
    >>> res.data.attrs["scales"]
    {'enps': (0.0, 10.0), 'eng_1': (1.0, 5.0)}
    """
    raw = _read_raw(source, sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet)
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
    result = _load(raw, "employee_survey", fields, columns=None, as_of=as_of, read_opts={}, unique=[key],
                   date_format=date_format, row_checks=_unknown_unit_check(known_units, what="load_employee_survey"))
    data = result.data.copy()
    for item in reversed:
        lo, hi = found[item]
        data[item] = (int(lo + hi) - data[item]).astype(data[item].dtype)
    data.attrs["scales"] = {c: (float(lo), float(hi)) for c, (lo, hi) in found.items()}
    data.attrs["reversed"] = reversed
    notes = tuple(f"reversed item recoded as {found[i][0]:g} + {found[i][1]:g} - answer: {i}" for i in reversed)
    return dataclasses.replace(result, data=data, notes=tuple(getattr(result, "notes", ())) + notes)


def load_units(source, *, columns: Mapping[str, str] | None = None, as_of=None, sep: str | None = None,
               encoding: str | None = None, decimal: str | None = None, thousands: str | None = None,
               date_format: str | None = None, sheet: str | int | None = None) -> LoadResult:
    """Load the service units (branches, stores, teams): one row per unit.

    Checks: ``unit_id`` present and unique (later duplicates rejected). ``unit_name``,
    ``region`` and ``unit_type`` are optional text; other columns are kept as read.

    Parameters
    ----------
    source : str, Path or DataFrame
        CSV, Parquet or Excel file, or a table.
    columns : dict, optional
        Your column names mapped to ours, e.g. ``{"branch_code": "unit_id"}``.
    as_of : date-like, optional
        Latest plausible date of any date column a unit list carries (default: today).
    sep, encoding, decimal, thousands, date_format, sheet
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
    return _load(source, "units", _UNITS, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format, unique=_uniques(_UNITS))


def load_customer_units(source, *, columns: Mapping[str, str] | None = None, known_units=None, as_of=None,
                        sep: str | None = None, encoding: str | None = None, decimal: str | None = None,
                        thousands: str | None = None, date_format: str | None = None,
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
    as_of : date-like, optional
        Latest plausible date of any date column the table carries (default: today).
    sep, encoding, decimal, thousands, date_format, sheet
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
    return _load(source, "customer_units", _CUSTOMER_UNITS, columns=columns, as_of=as_of,
                 read_opts=dict(sep=sep, encoding=encoding, decimal=decimal, thousands=thousands, sheet=sheet),
                 date_format=date_format,
                 unique=_uniques(_CUSTOMER_UNITS),
                 row_checks=_unknown_unit_check(known_units, what="load_customer_units"))


SCHEMAS = MappingProxyType({
    **SCHEMAS,
    "employee_survey": SourceSchema("employee_survey", "one row per employee and wave", tuple(_EMPLOYEE_SURVEY_FIXED) + tuple(
        _Field(key, "int", min=lo, max=hi, label="eNPS" if key == "enps" else None,
               description="0-10: how likely to recommend us as an employer" if key == "enps" else f"item on {lo}-{hi}")
        for key, (lo, hi) in EMPLOYEE_SCALES.items())),
    "units": SourceSchema("units", "one row per service unit", tuple(_UNITS)),
    "customer_units": SourceSchema("customer_units", "one row per customer: the unit that serves them",
                                   tuple(_CUSTOMER_UNITS)),
})

__all__ += ["EMPLOYEE_SCALES", "load_employee_survey", "load_units", "load_customer_units"]
