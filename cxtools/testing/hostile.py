"""Seeded generator of hostile inputs for the loaders, and the check every case must pass.

Real exports are messy in ways tidy samples are not: empty files, a header without rows,
missing or repeated columns, truncated Parquet, a zip that is not a workbook, text in
cp1251, KOI8-R or UTF-16 without a byte-order mark, a UTF-8 file with one line from
somewhere else, stray quotes, control characters, byte-order marks inside a line,
separators that change half-way, numbers too large for a float, dates in the year 9999
or 0202, and cells that are HTML, script or spreadsheet formulas. :func:`hostile_cases`
writes such inputs (deterministically, from a seed) and :func:`check_case` loads one with
its loader. Every case must end in one of two ways:

- a cxtools error (:class:`~cxtools.core.errors.CxError`) whose message names the file (and
  the column, when the case is about a column); or
- a :class:`~cxtools.data.io.LoadResult` with ``accepted + rejected == read`` where "read" is
  the number of data rows the generator wrote, counted while writing them, not by
  parsing the file.

Anything else -- another exception, or a different row count -- is a failure.
:func:`run_cases` tallies the outcomes. From the command line::

    python -m cxtools.testing.hostile --seed 0 --per-kind 40

Examples
--------
>>> import tempfile
>>> cases = hostile_cases(tempfile.mkdtemp(), seed=1, per_kind=2, kinds=["incidents"])
>>> report = run_cases(cases)
>>> report.unhandled, report.rows_lost
(0, 0)
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

__all__ = ["HOSTILE_VALUES", "HostileCase", "CaseOutcome", "HostileReport", "hostile_cases", "check_case",
           "run_cases"]

#: Cell values that have broken (or could break) a loader or a report.
HOSTILE_VALUES: tuple[str, ...] = (
    "", " ", "   \t", "NULL", "None", "nan", "NaN", "inf", "-inf", "1e400", "-1e400", "9" * 400,
    "1" + "0" * 30, "0x1F", "1,500", "12,000", "1 234,5", "1\u00a0234,5", "1.234.567", "−5", "+-3", "١٢٣",
    "9999-12-31", "31.12.9999", "0202-05-01", "2024-02-30", "2024-13-01", "20240230", "99999999", "00000000",
    "1677-09-21", "2262-04-12", "1970-01-01T00:00:00Z", "2024-01-01 25:61:00",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0",
    "{{7*7}}", "${jndi:ldap://x}", "__import__('os').system('true')", "'; DROP TABLE t; --",
    "\x00", "a\x00b", "\x07bell", "tab\there", "\x0bvt", "\x0cff", "\x1cfs", "\x1f", "\x7f", "\x85nel",
    "\u2028ls", "\u2029ps", "\ufeffbom", "\u200bzw", "\u202eRTL", "e\u0301", "Ｆｕｌｌ", "😀", "中文",
    "\u0424\u0418\u041e \u0418\u0432\u0430\u043d\u043e\u0432", "\u0451\u0401", "\u042a", "x" * 5000, "true", "\u0434\u0430", "\u043d\u0435\u0442", "I like it", "\u041c\u043d\u0435 \u043d\u0440\u0430\u0432\u0438\u0442\u0441\u044f", "positive",
)
_QUOTES = ('unterminated', 'inner')
_SEPARATORS = (",", ";", "\t", "|")
_ENCODINGS = ("utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16", "utf-16-le", "mixed")


@dataclass(frozen=True)
class HostileCase:
    """One hostile input: where it is, which loader reads it, and what to expect.

    Attributes
    ----------
    name : str
        What the case is (``"transactions/text/7"``).
    kind : str
        The loader (``load_<kind>``).
    source : path or DataFrame
        What the loader is given.
    expected_read : int or None
        Data rows written, counted while writing (None when the case has no rows to count,
        e.g. a corrupt file, where only a clean error is acceptable).
    options : dict
        Keyword arguments for the loader.
    column : str or None
        The column the case is about; a clean error must name it.
    """

    name: str
    kind: str
    source: Any
    expected_read: int | None
    options: dict = field(default_factory=dict)
    column: str | None = None
    #: How messages name a source that is made only when the case is loaded (``source`` a callable)
    shown_as: str | None = None

    @property
    def label(self) -> str:
        """How cxtools names the source in messages."""
        import pandas as pd

        if self.shown_as is not None:
            return self.shown_as

        from cxtools.data.io import DuckDBSource

        if isinstance(self.source, pd.DataFrame):
            return "<DataFrame>"
        return self.source.label if isinstance(self.source, DuckDBSource) else str(self.source)


@dataclass(frozen=True)
class CaseOutcome:
    """How one case ended: ``"loaded"``, ``"error"`` (clean), ``"unhandled"`` or ``"lost"``."""

    name: str
    outcome: str
    detail: str = ""
    rows_lost: int = 0


@dataclass(frozen=True)
class HostileReport:
    """Tally of :func:`run_cases`."""

    outcomes: tuple[CaseOutcome, ...]

    @property
    def tried(self) -> int:
        return len(self.outcomes)

    def _count(self, outcome: str) -> int:
        return sum(o.outcome == outcome for o in self.outcomes)

    @property
    def loaded(self) -> int:
        return self._count("loaded")

    @property
    def clean_errors(self) -> int:
        return self._count("error")

    @property
    def unhandled(self) -> int:
        """Cases that ended in an exception other than a cxtools error naming the file."""
        return self._count("unhandled")

    @property
    def rows_lost(self) -> int:
        """Rows missing from (or extra in) accepted + rejected, over all cases."""
        return sum(abs(o.rows_lost) for o in self.outcomes)

    @property
    def failures(self) -> tuple[CaseOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome in ("unhandled", "lost"))

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([o.__dict__ for o in self.outcomes], columns=["name", "outcome", "detail", "rows_lost"])

    def describe(self) -> str:
        return (f"{self.tried} hostile inputs: {self.loaded} loaded with every row accounted for, "
                f"{self.clean_errors} refused with a cxtools error naming the file, {self.unhandled} unhandled "
                f"exceptions, {self.rows_lost} rows lost")

    def __repr__(self) -> str:
        return f"HostileReport({self.describe()})"


# ------------------------------------------------------------------------------ values
def _plain_value(spec, i: int, rng: random.Random) -> str:
    """A valid cell for a schema column (text form)."""
    t = spec.type
    if t == "id":
        return f"{spec.name[:1].upper()}{i:05d}"
    if t == "date":
        return f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if t == "datetime":
        return f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:15:00"
    if t == "int":
        lo = int(spec.min if spec.min is not None else 0)
        hi = int(spec.max if spec.max is not None else lo + 9)
        return str(rng.randint(lo, hi))
    if t == "float":
        top = spec.max if spec.max is not None else 900.0
        return f"{rng.uniform(spec.min or 0.0, top):.2f}"
    if t == "bool":
        return rng.choice(["true", "false"])
    if t == "choice":
        return rng.choice(spec.choices)
    if t == "kano":
        return rng.choice(["I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it"])
    return rng.choice(["\u041c\u043e\u0441\u043a\u0432\u0430", "Kazan", "internet+tv", "store", "\u0427\u0430\u0441\u0442\u043d\u044b\u0439 \u043a\u043b\u0438\u0435\u043d\u0442", "x"])


def _columns(kind: str) -> list:
    from cxtools.data.io import SCHEMAS, ColumnSpec

    specs = []
    for spec in SCHEMAS[kind].columns:
        if spec.name.endswith("*"):
            spec = ColumnSpec(spec.name[:-1] + "price", spec.type, min=spec.min, max=spec.max)
        specs.append(spec)
    return specs


def _rows(kind: str, n: int, rng: random.Random, p_hostile: float) -> tuple[list, list[list[str]], list[set]]:
    """Header specs, rows of text cells, and per row the positions written raw (quotes)."""
    specs = _columns(kind)
    rows, raw = [], []
    for i in range(n):
        cells = [_plain_value(s, i, rng) for s in specs]
        if kind == "subscriptions":
            cells[[s.name for s in specs].index("end_date")] = rng.choice(["", "2026-01-01", "9999-12-31"])
        unquoted: set[int] = set()
        if rng.random() < p_hostile:
            k = rng.randrange(len(cells))
            roll = rng.random()
            if roll < 0.15:
                cells[k] = '"' + cells[k]  # a quote that never closes
                unquoted.add(k)
            elif roll < 0.25:
                cells[k] = cells[k][:1] + '"' + (cells[k][1:] or "x")  # a quote inside a field
                unquoted.add(k)
            else:
                cells[k] = rng.choice(HOSTILE_VALUES)
        rows.append(cells)
        raw.append(unquoted)
    return specs, rows, raw


# ------------------------------------------------------------------------------ writing
def _record(cells: list[str], sep: str, raw: set[int]) -> str:
    out = []
    for k, c in enumerate(cells):
        if k not in raw and (sep in c or '"' in c or "\n" in c or "\r" in c):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return sep.join(out)


def _is_layout(record: str, sep: str) -> bool:
    return not record.replace(sep, "").strip()


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le":  # no byte-order mark
        return text.encode("utf-16-le", errors="replace")
    return text.encode(encoding, errors="replace")


def _write_text(path: Path, header: list[str], rows: list[list[str]], raw: list[set], *, sep: str, encoding: str,
                newline: str, rng: random.Random, layout_lines: int, other_sep: str | None = None) -> int:
    """Write a delimited text file; return the data rows written (layout lines excluded).

    With ``other_sep``, some rows use another separator (as when two exports are pasted
    together); they are rows all the same.
    """
    seps = [other_sep if other_sep is not None and rng.random() < 0.3 else sep for _ in rows]
    records = [_record(r, s, q) for r, s, q in zip(rows, seps, raw)]
    # the file's separator decides what a layout line is, whatever a row was written with
    expected = sum(not _is_layout(rec, sep) for rec in records)
    for _ in range(layout_lines):
        records.insert(rng.randrange(len(records) + 1), rng.choice(["", sep * (len(header) - 1), "  "]))
    lines = [sep.join(header)] + records
    if encoding == "mixed":  # UTF-8 with one line written by a cp1251 program
        k = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
        chunks = [(ln + newline).encode("cp1251" if i == k and i > 0 else "utf-8", errors="replace")
                  for i, ln in enumerate(lines)]
        path.write_bytes(b"".join(chunks))
    else:
        path.write_bytes(_encode(newline.join(lines) + newline, encoding))
    return expected


def _xml_safe(value: str) -> str:
    # openpyxl cannot store the control characters XML 1.0 forbids
    return "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32) if isinstance(value, str) else value


# ------------------------------------------------------------------------------ cases
def _structural_cases(folder: Path, kind: str, rng: random.Random) -> list[HostileCase]:
    import pandas as pd

    from cxtools.data.io import SCHEMAS

    specs = _columns(kind)
    header = [s.name for s in specs]
    good = [_plain_value(s, 1, rng) for s in specs]
    cases = []

    def text(name: str, data: bytes, column=None) -> None:
        path = folder / f"{kind}-{name}.csv"
        path.write_bytes(data)
        cases.append(HostileCase(f"{kind}/{name}", kind, path, None, column=column))

    text("empty", b"")
    text("header-only", (",".join(header) + "\n").encode())
    text("blank-lines-only", b"\n\n  \n")
    required = SCHEMAS[kind].required
    missing = rng.choice(required)
    text("missing-column", (",".join(h for h in header if h != missing) + "\n"
                            + ",".join(g for h, g in zip(header, good) if h != missing) + "\n").encode(), missing)
    dup = rng.choice(header)
    text("duplicate-column", (",".join(header + [dup]) + "\n" + ",".join(good + [good[0]]) + "\n").encode(), dup)
    text("random-bytes", bytes(rng.randrange(256) for _ in range(3000)))
    text("nul-bytes", b"\x00" * 500)
    path = folder / f"{kind}-utf-32.csv"  # readable (it has a byte-order mark): one row
    path.write_bytes(("\n".join([",".join(header), ",".join(good)]) + "\n").encode("utf-32"))
    cases.append(HostileCase(f"{kind}/utf-32", kind, path, 1))
    frame = pd.DataFrame([good], columns=header)
    pq_path = folder / f"{kind}-truncated.parquet"
    frame.to_parquet(pq_path)
    pq_path.write_bytes(pq_path.read_bytes()[: max(8, len(pq_path.read_bytes()) // 2)])
    cases.append(HostileCase(f"{kind}/truncated-parquet", kind, pq_path, None))
    fake = folder / f"{kind}-not-parquet.parquet"
    fake.write_bytes(b"PAR1" + b"junk" * 50)
    cases.append(HostileCase(f"{kind}/not-parquet", kind, fake, None))
    xlsx = folder / f"{kind}-corrupt.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(400)))
    cases.append(HostileCase(f"{kind}/corrupt-xlsx", kind, xlsx, None))
    zipped = folder / f"{kind}-zip-not-workbook.xlsx"
    import zipfile

    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    cases.append(HostileCase(f"{kind}/zip-not-workbook", kind, zipped, None))
    old = folder / f"{kind}-old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    cases.append(HostileCase(f"{kind}/old-xls", kind, old, None))
    cases.append(HostileCase(f"{kind}/missing-path", kind, folder / f"{kind}-does-not-exist.csv", None))
    pq_dup = folder / f"{kind}-duplicate.parquet"
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_arrays([pa.array([g]) for g in good + [good[0]]], names=header + [header[0]]), pq_dup)
    cases.append(HostileCase(f"{kind}/duplicate-parquet-column", kind, pq_dup, None, column=header[0]))
    from cxtools.data.io import DuckDBSource

    empty_dir = folder / f"{kind}-empty-folder"
    empty_dir.mkdir(exist_ok=True)
    cases.append(HostileCase(f"{kind}/empty-folder", kind, empty_dir, None))
    junk_db = folder / f"{kind}-junk.duckdb"
    junk_db.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    cases.append(HostileCase(f"{kind}/corrupt-duckdb", kind, DuckDBSource(junk_db, table="t"), None))
    db = folder / f"{kind}-tables.duckdb"
    _to_duckdb(db, pd.DataFrame([good], columns=header))
    cases.append(HostileCase(f"{kind}/duckdb-missing-table", kind, DuckDBSource(db, table="nope"), None))
    # a query that is not one SELECT is refused as soon as the source is made: made when loaded
    cases.append(HostileCase(f"{kind}/duckdb-bad-query", kind,
                             lambda db=db: DuckDBSource(db, query="SELECT * FROM t WHERE"), None, shown_as=str(db)))
    cases.append(HostileCase(f"{kind}/duckdb-write-query", kind,
                             lambda db=db: DuckDBSource(db, query="DROP TABLE t"), None, shown_as=str(db)))
    return cases


def _to_duckdb(path: Path, frame) -> None:
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.register("frame", frame)
        con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM frame")


def _frame(header, rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=header)


def _python_objects(rng: random.Random):
    import datetime as dt
    import decimal

    import numpy as np

    return rng.choice([None, float("nan"), float("inf"), -float("inf"), 10**30, -(10**30), 2**63, np.int64(7),
                       np.float32(1.5), dt.date(9999, 12, 31), dt.date(202, 5, 1), dt.datetime(2024, 1, 1, 10),
                       dt.time(10), b"\xff\xfe", [1, 2], {"a": 1}, True, decimal.Decimal("1.5"), complex(1, 2),
                       np.datetime64("9999-12-31"), "<script>x</script>"])


def hostile_cases(folder, *, seed: int = 0, per_kind: int = 30, kinds: Sequence[str] | None = None,
                  rows: int = 12, p_hostile: float = 0.35, structural: bool = True) -> list[HostileCase]:
    """Write hostile inputs for every loader into ``folder``; same seed, same files.

    Parameters
    ----------
    folder : str or Path
        Where to write (created if needed).
    seed : int
        Seed of the generator.
    per_kind : int
        Text, Parquet, Excel and DataFrame inputs with hostile cells per loader.
    kinds : sequence of str, optional
        Loaders to cover (default: all of :data:`cxtools.data.io.SCHEMAS`).
    rows : int
        Data rows per input (at most; a few inputs have fewer).
    p_hostile : float
        Chance that a row has one hostile cell.
    structural : bool
        Also write the structural cases (empty, header only, missing or repeated column,
        corrupt Parquet and workbooks, random bytes, a missing path).

    Returns
    -------
    list of HostileCase
    """
    from cxtools.data.io import SCHEMAS

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cases: list[HostileCase] = []
    for kind in kinds or list(SCHEMAS):
        if structural:
            cases.extend(_structural_cases(folder, kind, rng))
        for j in range(per_kind):
            specs, cells, raw = _rows(kind, rng.randint(1, rows), rng, p_hostile)
            header = [s.name for s in specs]
            form = rng.choices(["text", "parquet", "folder", "duckdb", "excel", "frame", "objects"],
                               weights=[10, 2, 1, 1, 1, 2, 2])[0]
            name = f"{kind}/{form}/{j}"
            if form == "text":
                sep = rng.choice(_SEPARATORS)
                encoding = rng.choice(_ENCODINGS)  # characters cp1251 or KOI8-R cannot hold become "?"
                path = folder / f"{kind}-{j}.csv"
                roll = rng.random()
                if roll < 0.1:  # an extra column with a hostile name
                    header = header + [rng.choice(HOSTILE_VALUES)[:40]]
                    cells = [c + [rng.choice(HOSTILE_VALUES)] for c in cells]
                elif roll < 0.2:  # a column name in other letters' case
                    k = rng.randrange(len(header))
                    header = header[:k] + [header[k].upper()] + header[k + 1:]
                expected = _write_text(path, header, cells, raw, sep=sep, encoding=encoding,
                                       newline=rng.choice(["\n", "\r\n"]), rng=rng, layout_lines=rng.randint(0, 2),
                                       other_sep=rng.choice(_SEPARATORS) if rng.random() < 0.15 else None)
                options = {"encoding": encoding} if rng.random() < 0.2 and encoding not in ("mixed", "utf-16-le") else {}
                if rng.random() < 0.2:
                    options["decimal"] = rng.choice([".", ","])
                cases.append(HostileCase(name, kind, path, expected, options))
            elif form in ("parquet", "excel"):
                safe = [[_xml_safe(c) for c in r] for r in cells] if form == "excel" else cells
                frame = _frame(header, safe)
                if form == "excel":
                    # a row of blank cells is spacing in a workbook, not a record
                    expected = int((frame.apply(lambda s: s.str.strip() != "")).any(axis=1).sum())
                    path = folder / f"{kind}-{j}.xlsx"
                    frame.to_excel(path, index=False)
                else:
                    expected = len(frame)
                    path = folder / f"{kind}-{j}.parquet"
                    frame.to_parquet(path)
                cases.append(HostileCase(name, kind, path, expected, {"decimal": "."} if rng.random() < 0.5 else {}))
            elif form == "folder":  # the rows split over two Parquet files of a folder
                path = folder / f"{kind}-{j}-parts"
                path.mkdir(exist_ok=True)
                frame = _frame(header, cells)
                half = len(frame) // 2
                frame.iloc[:half].to_parquet(path / "part-0.parquet")
                frame.iloc[half:].to_parquet(path / "part-1.parquet")
                cases.append(HostileCase(name, kind, path, len(frame), {"decimal": "."}))
            elif form == "duckdb":
                from cxtools.data.io import DuckDBSource

                path = folder / f"{kind}-{j}.duckdb"
                _to_duckdb(path, _frame(header, cells))
                source = DuckDBSource(path, table="t") if rng.random() < 0.5 else \
                    DuckDBSource(path, query="SELECT * FROM t")
                cases.append(HostileCase(name, kind, source, len(cells), {"decimal": "."}))
            elif form == "frame":
                cases.append(HostileCase(name, kind, _frame(header, cells), len(cells), {"decimal": "."}))
            else:
                objs = [[_python_objects(rng) if rng.random() < p_hostile / 2 else c for c in r] for r in cells]
                cases.append(HostileCase(name, kind, _frame(header, objs), len(objs), {"decimal": "."}))
    return cases


# ------------------------------------------------------------------------------ checking
def check_case(case: HostileCase) -> CaseOutcome:
    """Load one case with its loader and judge the outcome (see the module docstring)."""
    import cxtools.data.io as cxio
    from cxtools.core.errors import CxError

    loader = getattr(cxio, f"load_{case.kind}")
    options = dict(case.options)
    if case.kind in ("customers", "subscriptions", "transactions", "survey"):
        options.setdefault("as_of", "2026-06-30")
    try:
        res = loader(case.source() if callable(case.source) else case.source, **options)
    except CxError as exc:
        text = str(exc)
        if case.label not in text:
            return CaseOutcome(case.name, "unhandled", f"{type(exc).__name__} does not name the file: {text[:200]}")
        if case.column is not None and case.column not in text:
            return CaseOutcome(case.name, "unhandled", f"{type(exc).__name__} does not name {case.column!r}: {text[:200]}")
        return CaseOutcome(case.name, "error", f"{type(exc).__name__}: {text[:200]}")
    except Exception as exc:  # noqa: BLE001 -- this is what the check is for
        return CaseOutcome(case.name, "unhandled", f"{type(exc).__name__}: {str(exc)[:200]}")
    if case.expected_read is None:
        return CaseOutcome(case.name, "unhandled", f"expected a clean error, got {res!r}")
    lost = case.expected_read - (res.n_accepted + res.n_rejected)
    if lost or res.n_read != case.expected_read:
        return CaseOutcome(case.name, "lost", f"wrote {case.expected_read} rows, {res!r}", lost or 1)
    return CaseOutcome(case.name, "loaded", repr(res)[:200])


def run_cases(cases: Sequence[HostileCase]) -> HostileReport:
    """Check every case; the report counts inputs tried, unhandled exceptions and rows lost."""
    import warnings

    from cxtools.core.errors import CxWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CxWarning)
        return HostileReport(tuple(check_case(c) for c in cases))


def main(argv: Sequence[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description="Run the loaders on seeded hostile inputs and report the figures.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        report = run_cases(hostile_cases(tmp, seed=args.seed, per_kind=args.per_kind))
        print(report.describe())
        for failure in report.failures:
            print(f"  {failure.name}: {failure.outcome}: {failure.detail}")
    return 1 if report.failures else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
