"""Reading delimited text as cxtools does: encodings, separators, quoted fields, numbers and dates.

Text files are read as raw text, so a bad value can be shown exactly as it was typed. This
module detects the dialect (encoding, separator, decimal mark), splits lines into records
(a quote that is never closed rejects only its own line) and parses cells: numbers in either
locale's notation, ISO, Russian and ``YYYYMMDD`` dates, true/false words. The loaders
(:mod:`cxtools.data.io.loaders`) build on it; :mod:`cxtools.data.io.sources` reads the other
formats into the same raw form (:class:`_Raw`).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import functools
import io as io_module
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


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
# Words and letters the reader recognises (flag words, the most common Russian letters): data,
# kept in text_words.json beside this module and read once at first use.
_WORDS_FILE = Path(__file__).resolve().parent / "text_words.json"


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    with open(_WORDS_FILE, encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=1)
def _russian_common() -> frozenset[str]:
    """The ten most common letters of Russian running text (Lyashevskaya & Sharov 2009 frequency
    dictionary), both cases; together they make up about 60 % of its letters."""
    letters = _words()["russian_common_letters"]
    return frozenset(letters + letters.upper())


@functools.lru_cache(maxsize=1)
def _flag_words() -> tuple[frozenset[str], frozenset[str]]:
    """Cell values read as true and as false (lower case)."""
    return frozenset(_words()["true"]), frozenset(_words()["false"])


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
    common = _russian_common()
    return sum(c in common for c in letters) / len(letters)


def _single_byte_cyrillic(data: bytes) -> str:
    """cp1251, KOI8-R or cp866: the decoding whose letters look most like Russian text.

    Every byte sequence decodes in all three, so the choice rests on letter frequencies:
    text decoded with the wrong table has its letters permuted, and the common letters
    turn into rare ones.
    """
    sample = data[: 1 << 20]
    scores = {enc: _russian_score(sample.decode(enc, errors="replace")) for enc in ("cp1251", "koi8-r", "cp866")}
    best = max(scores, key=scores.__getitem__)
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
                    label: str | None, max_rows: int = 20_000) -> _Numbers | None:
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


def _parse_bools(s: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean"), pd.Series(False, index=s.index), s
    text = _as_text(s)
    low = text.str.lower()
    values = pd.Series(pd.NA, index=s.index, dtype="boolean")
    true, false = _flag_words()
    values[low.isin(true).fillna(False).astype(bool)] = True
    values[low.isin(false).fillna(False).astype(bool)] = False
    bad = text.notna() & values.isna()
    return values, bad, text
