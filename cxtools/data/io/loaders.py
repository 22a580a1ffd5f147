"""The loaders: one table each, typed and checked, every row accounted for.

Each ``load_*`` function reads one source (see :data:`~cxtools.data.io.schemas.SCHEMAS`),
converts the raw text to proper types and checks every row against its schema. Rows that fail
a check come back in :attr:`LoadResult.rejected` with the reason in plain words, and
``n_accepted + n_rejected == n_read`` always holds.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import parse_date
from cxtools.core.errors import CxDataError, CxParameterError, CxSchemaError
from cxtools.core.kano import kano_code
from cxtools.data.io.schemas import (
    _CUSTOMER_UNITS,
    _CUSTOMERS,
    _EMPLOYEE_SURVEY_FIXED,
    _INCIDENTS,
    _KANO,
    _OPERATIONS,
    _REFUND_DESCRIPTION,
    _SCALE_LABELS,
    _SUBSCRIPTIONS,
    _SURVEY_FIXED,
    _TRANSACTIONS,
    _UNITS,
    EMPLOYEE_SCALES,
    SURVEY_SCALES,
    _Field,
    _uniques,
)
from cxtools.data.io.sources import _read_raw, _repeated
from cxtools.data.io.text import (
    _DATE_EXPECTED,
    _FIRST_YEAR,
    _LAST_YEAR,
    _as_text,
    _is_missing,
    _number_dialect,
    _number_message,
    _Numbers,
    _parse_bools,
    _parse_dates,
    _parse_numbers,
    _Raw,
)

__all__ = [
    "LoadResult",
    "load_customers",
    "load_subscriptions",
    "load_transactions",
    "load_survey",
    "load_kano",
    "load_operations",
    "load_incidents",
    "load_employee_survey",
    "load_units",
    "load_customer_units",
]


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


def _fmt(x: float) -> str:
    return f"{x:g}"


def _range_message(f: _Field) -> str:
    if f.min is not None and f.max is not None:
        return f"{f.what} outside {_fmt(f.min)}-{_fmt(f.max)}"
    if f.min == 0:
        return f"{f.what} is negative"
    if f.min is not None:
        return f"{f.what} below {_fmt(f.min)}"
    assert f.max is not None  # a range check has a minimum, a maximum or both
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
        lookup = {u: kano_code(u) for u in uniques}
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
          unique: Sequence[tuple[str, ...]] = (), row_checks: Callable | None = None,
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
    assert numbers is not None  # with a label, no dialect is an error, not None
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
        key = next(iter(exact[::-1] or sorted(prefix, key=len, reverse=True)), None)
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
    ``like``, ``expect``, ``neutral``, ``tolerate``, ``dislike`` as
    :func:`cxtools.core.kano.normalise_kano_answers` maps them (English or Russian labels,
    or codes 1-5). Rows with an unrecognised or missing answer, and repeated respondent x
    attribute pairs, are rejected.

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
    ...                    "functional": ["I like it", "1", "maybe"], "dysfunctional": [5, "I expect it", 5]})
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
        key = next(iter(exact or sorted(prefix, key=len, reverse=True)), None)
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
