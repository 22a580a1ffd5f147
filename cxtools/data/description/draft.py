"""``cxtools init``: look at the files of a data folder and draft ``cxtools.yaml``.

Everything here is a guess from the first rows of each file: the encoding, the
separator (including whitespace), the decimal and thousands marks, the date format
(ISO, ``YYYYMMDD``, ``DD.MM.YYYY`` ...), which source a file is, which column plays
which role (from English and Russian column names) and the answer scale of each
survey item (from its range of values). The draft says in comments what it guessed
from what, and what it could not decide; review it before use.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.data._vocabulary import vocabulary

__all__ = ["FileGuess", "inspect_file", "draft_description", "write_draft", "peek", "ROLE_NAMES"]  # noqa: F822 (ROLE_NAMES: module __getattr__)

_TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".dat", ".tab", ".psv")
_OTHER_SUFFIXES = (".parquet", ".pq", ".xlsx", ".xlsm", ".duckdb", ".ddb", ".db")


def _norm(name: str) -> str:
    """Lower case, the Cyrillic yo as ie, punctuation and spaces as single underscores.

    Examples
    --------
    >>> _norm("Purchase Date (UTC)")
    'purchase_date_utc'
    """
    text = str(name).strip().lower().replace("\u0451", "\u0435")  # yo -> ie
    return re.sub(r"[^0-9a-z\u0430-\u044f%]+", "_", text).strip("_")  # Latin, Cyrillic a-ya, digits, %


_PERSONAL_ROLES = ("name", "email", "phone")


@functools.lru_cache(maxsize=None)
def _names() -> dict[str, dict[str, tuple[str, ...]]]:
    """The column and file names that usually hold each role and source (English and Russian).

    They are data, read once from ``cxtools/data/vocabulary/column_roles.json``: ``roles``
    (role -> column names), ``survey_items`` (the survey's named items), ``sources`` (source ->
    file stems, tried in order) and ``importance`` (prefixes of stated-importance items), all
    written as :func:`_norm` writes a name.
    """
    words = vocabulary("column_roles")
    names = {key: {k: tuple(v) for k, v in words[key].items()} for key in ("roles", "survey_items", "sources")}
    names["importance"] = {"prefixes": tuple(words["importance_prefixes"])}
    return names


def __getattr__(name: str):
    if name == "ROLE_NAMES":  # role -> column names (normalised with ``_norm``), English and Russian
        return dict(_names()["roles"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_DATE_CANDIDATES = (
    ("%Y-%m-%d", "YYYY-MM-DD"), ("%Y-%m-%d %H:%M:%S", "YYYY-MM-DD HH:MM:SS"), ("%Y-%m-%d %H:%M", "YYYY-MM-DD HH:MM"),
    ("%Y-%m-%dT%H:%M:%S", "ISO 8601 with T"),
    ("%Y%m%d", "YYYYMMDD"), ("%d.%m.%Y", "DD.MM.YYYY"), ("%d.%m.%Y %H:%M:%S", "DD.MM.YYYY HH:MM:SS"),
    ("%d.%m.%Y %H:%M", "DD.MM.YYYY HH:MM"), ("%d/%m/%Y", "DD/MM/YYYY"), ("%m/%d/%Y", "MM/DD/YYYY"),
    ("%Y/%m/%d", "YYYY/MM/DD"), ("%d-%m-%Y", "DD-MM-YYYY"),
)
#: Date formats cxtools.data.io reads without being told.
_NATIVE_DATES = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y",
                 "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")
_SCALES = ((0, 10), (1, 5), (1, 7), (1, 10), (0, 5), (1, 4), (1, 3), (0, 100))


# ================================================================================ reading
def _sniff_text(path: Path, encoding: str) -> str:
    """``,`` ``;`` tab ``|`` when one splits the first lines into equally many fields, else ``whitespace``."""
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        lines = [ln for ln in (fh.readline() for _ in range(60)) if ln.strip()]
    if not lines:
        return ","
    best, best_score = None, (False, 1)
    for sep in (",", ";", "\t", "|"):
        counts = [len(r) for r in csv.reader(lines, delimiter=sep, quotechar='"')]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts) >= 0.9
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = sep, score
    if best is not None and best_score[0]:
        return best
    ws = [len(ln.split()) for ln in lines]
    if ws[0] >= 2 and sum(c == ws[0] for c in ws) / len(ws) >= 0.9:
        return "whitespace"
    return best or ","


def read_head(path: Path, *, fmt: str, sep=None, encoding=None, sheet=None, table=None, query=None,
              nrows: int = 500):
    """The first ``nrows`` rows of a file as text cells (Parquet/Excel/DuckDB values as read)."""
    import pandas as pd

    from cxtools.data.description._description import detect_encoding, read_duckdb, read_whitespace

    if fmt == "parquet":
        import duckdb

        target = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
        con = duckdb.connect()
        try:
            frame = con.execute(f"SELECT * FROM read_parquet('{target.replace(chr(39), chr(39) * 2)}') "
                                f"LIMIT {int(nrows)}").df()
        finally:
            con.close()
        return frame
    if fmt == "excel":
        return pd.read_excel(path, sheet_name=0 if sheet is None else sheet, nrows=nrows, dtype=object,
                             engine="openpyxl")
    if fmt == "duckdb":
        return read_duckdb(path, table=table, query=query, limit=nrows)
    encoding = encoding or detect_encoding(path, sample=1 << 20)
    sep = sep or _sniff_text(path, encoding)
    if sep == "whitespace":
        return read_whitespace(path, encoding=encoding, nrows=nrows)
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding,
                       nrows=nrows, quotechar='"', skipinitialspace=False)


def peek(description, source: str, *, nrows: int = 500):
    """The first rows of a described source (text cells, source column names)."""
    spec = description.spec(source)
    path = description.path(source)
    if not description.has(source):
        raise CxDataError(f"{source}: {description.why_missing(source)}")
    if description.in_engine(source):
        # a Spark or warehouse table: its first rows, fetched from the engine
        from cxtools.data.description._engine_sources import open_engine_table

        native = open_engine_table(spec, data_dir=description.data_dir)
        return native.limit(nrows).toPandas() if hasattr(native, "toPandas") else native.limit(nrows).to_pandas()
    try:
        return read_head(path, fmt=description.format(source), sep=spec.sep, encoding=spec.encoding,
                         sheet=spec.sheet, table=spec.table, query=spec.query, nrows=nrows)
    except (UnicodeDecodeError, LookupError) as exc:
        raise CxDataError(f"{path.name}: cannot read it as {spec.encoding or 'detected'} text ({exc}); "
                          "set encoding in the description") from None
    except ValueError as exc:
        raise CxDataError(f"{path.name}: cannot read it ({exc})") from None


# ============================================================================ guessing
def _duckdb_tables(path: Path) -> list[str]:
    """The tables of a DuckDB database file, opened read-only."""
    from cxtools.data.io.sources import open_duckdb_database

    con = open_duckdb_database(path)
    try:
        return [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    finally:
        con.close()


@dataclass
class FileGuess:
    """What :func:`inspect_file` could tell about one file."""

    path: Path
    format: str
    source: str | None = None
    sep: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    date_format: str | None = None
    sheet: object = None
    table: str | None = None
    columns: dict = field(default_factory=dict)  # source column -> role
    personal: list = field(default_factory=list)
    scales: dict = field(default_factory=dict)  # item -> (lo, hi)
    survey_roles: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)  # what was guessed from what
    open_questions: list = field(default_factory=list)  # what could not be decided
    header: list = field(default_factory=list)
    roles: dict = field(default_factory=dict)  # every column with a role, renamed or not


def _guess_role(column: str) -> str | None:
    key = _norm(column)
    for role, names in _names()["roles"].items():
        if key in names:
            return role
    return None


def _text_values(s):
    import pandas as pd

    if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
        return None  # typed columns (Parquet, DuckDB, Excel numbers and dates) need no dialect
    values = s.dropna()
    values = values[values.map(lambda v: isinstance(v, str))].astype(str).str.strip()
    return values[values != ""]


def _date_format(values) -> tuple[str | None, str | None]:
    """(strftime, label) that parses at least 95 % of the values, or (None, None)."""
    import pandas as pd

    if values is None or len(values) == 0:
        return None, None
    sample = values.iloc[:300]
    for fmt, label in _DATE_CANDIDATES:
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        if parsed.notna().mean() >= 0.95 and parsed.dropna().dt.year.between(1900, 2100).all():
            return fmt, label
    return None, None


def _number_style(values) -> tuple[str | None, str | None]:
    """(decimal, thousands) seen in number-like cells, or None where nothing tells."""
    dec = thou = None
    if values is None or len(values) == 0:
        return None, None
    sample = values.iloc[:2000]
    if sample.str.fullmatch(r"-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?").mean() > 0.05:
        return ",", " "
    if sample.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+,\d+").mean() > 0.05:
        return ",", "."
    if sample.str.fullmatch(r"-?\d{1,3}(?:,\d{3})+\.\d+").mean() > 0.05:
        return ".", ","
    if sample.str.fullmatch(r"-?\d+,\d+").mean() > 0.3:
        dec = ","
    elif sample.str.fullmatch(r"-?\d*\.\d+").mean() > 0.3:
        dec = "."
    return dec, thou


def _scale_of(values) -> tuple[int, int] | None:
    """The likely answer scale of a column of small whole numbers (None if it does not look like one).

    Values seen only once in 100 answers or more are ignored, so a stray coding error
    (an 11 on a 0-10 item) does not widen the guess; the loader then rejects that row.
    """
    import pandas as pd

    numbers = pd.to_numeric(values, errors="coerce")
    present = values.notna() & (values.astype(str).str.strip() != "")
    if present.sum() == 0 or numbers[present].isna().mean() > 0.01:
        return None
    numbers = numbers.dropna()
    if numbers.empty or (numbers != numbers.round()).mean() > 0.01:
        return None
    counts = numbers.value_counts()
    kept = counts[counts >= 2].index if len(numbers) >= 100 else counts.index
    if len(kept) == 0:
        return None
    lo, hi = int(min(kept)), int(max(kept))
    if hi > 10 or lo < 0 or numbers.nunique() < 2:
        return None
    if lo == 0:
        return (0, 10) if hi > 5 else (0, 5) if hi > 3 else None
    for scale in ((1, 5), (1, 7), (1, 10)):
        if hi <= scale[1]:
            return scale
    return None


def _source_from_name(path: Path) -> str | None:
    key = _norm(path.stem)
    for source, names in _names()["sources"].items():
        if key in names or any(key.startswith(n + "_") or key.endswith("_" + n) for n in names):
            return source
    return None


def _source_from_roles(roles: set, n_scale: int) -> str | None:
    if {"functional", "dysfunctional"} <= roles:
        return "kano"
    if "valence" in roles:
        return "incidents"
    if {"start_date"} <= roles and ("end_date" in roles or "monthly_revenue" in roles):
        return "subscriptions"
    if {"amount", "timestamp"} <= roles:
        return "transactions"
    if {"avg_wait_minutes", "n_contacts"} & roles:
        return "operations"
    if n_scale >= 2 or "respondent_id" in roles:
        return "survey"
    if "customer_id" in roles and (roles & {"name", "email", "phone", "signup_date"}):
        return "customers"
    return None


def inspect_file(path, *, nrows: int = 2000, sheet=None, table: str | None = None) -> FileGuess:
    """Guess how to read one file and what it holds, from its first ``nrows`` rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = path.write_bytes(b"Client;Purchase date;Sum\\nK1;20240205;1 500,50\\nK2;20240206;300\\n")
    >>> g = inspect_file(path)
    >>> g.source, g.sep, g.encoding, g.decimal, g.thousands, g.date_format
    ('transactions', ';', 'utf-8', ',', ' ', '%Y%m%d')
    >>> g.columns
    {'Client': 'customer_id', 'Purchase date': 'timestamp', 'Sum': 'amount'}
    """
    from cxtools.data.description._description import detect_encoding, guess_format

    path = Path(path)
    fmt = guess_format(path)
    guess = FileGuess(path=path, format=fmt, sheet=sheet, table=table)
    if fmt == "duckdb" and table is None:
        tables = _duckdb_tables(path)
        if not tables:
            raise CxDataError(f"{path.name}: the DuckDB database has no tables")
        guess.table = table = tables[0]
        if len(tables) > 1:
            guess.open_questions.append(f"the database has several tables ({', '.join(tables)}); "
                                        f"{tables[0]!r} was taken")
    if fmt in ("csv", "text"):
        guess.encoding = detect_encoding(path, sample=1 << 20)
        guess.sep = _sniff_text(path, guess.encoding)
        if guess.sep == "whitespace":
            guess.format = "text"
        guess.notes.append(f"encoding {guess.encoding} and separator "
                           f"{ {',': 'comma', ';': 'semicolon', chr(9): 'tab', '|': 'pipe'}.get(guess.sep, guess.sep)}"
                           " detected from the first lines")
    frame = read_head(path, fmt=guess.format, sep=guess.sep, encoding=guess.encoding, sheet=sheet, table=table,
                      nrows=nrows)
    guess.header = [str(c) for c in frame.columns]
    roles: dict[str, str] = {}
    used = set()
    for col in frame.columns:
        role = _guess_role(col)
        if role is not None and role not in used:
            roles[str(col)] = role
            used.add(role)
    # dates: columns named like dates, or holding only date-like text
    date_fmts = {}
    for col in frame.columns:
        values = _text_values(frame[col])
        if values is None or values.empty:
            continue
        named_date = roles.get(str(col)) in ("timestamp", "start_date", "end_date", "signup_date", "response_date")
        if not named_date and not values.iloc[:50].str.contains(r"[-./]").any() and not \
                values.iloc[:50].str.fullmatch(r"(19|20)\d{6}").all():
            continue
        fmt_, label = _date_format(values)
        if fmt_ is not None:
            date_fmts[str(col)] = (fmt_, label)
            if str(col) not in roles and "timestamp" not in used and _source_from_name(path) in (None, "transactions"):
                roles[str(col)] = "timestamp"
                used.add("timestamp")
                guess.notes.append(f"{col!r} holds dates, taken as the purchase timestamp")
    if date_fmts:
        distinct = sorted({f for f, _ in date_fmts.values()})
        unusual = [f for f in distinct if f not in _NATIVE_DATES]
        if not unusual:
            labels = sorted({label for _, label in date_fmts.values()})  # type: ignore[type-var]  # date formats found have labels
            guess.notes.append(f"dates look like {' and '.join(labels)}, which cxtools reads without a date_format")  # type: ignore[arg-type]  # date formats found have labels
        elif len(distinct) == 1:
            guess.date_format = distinct[0]
        else:
            guess.date_format = unusual[0] if len(unusual) == 1 else None
            guess.open_questions.append("date columns use different formats ("
                                        + ", ".join(f"{c}: {lab}" for c, (_, lab) in date_fmts.items())
                                        + "); one date_format applies to all date columns of a source")
    # numbers: decimal and thousands marks
    decimals, thousands = set(), set()
    for col in frame.columns:
        if str(col) in date_fmts:
            continue
        dec, thou = _number_style(_text_values(frame[col]))
        if dec:
            decimals.add(dec)
        if thou:
            thousands.add(thou)
    if len(decimals) == 1:
        guess.decimal = decimals.pop()
    elif len(decimals) > 1:
        guess.open_questions.append("numbers use both '.' and ',' as decimal mark; set decimal")
    if len(thousands) == 1:
        guess.thousands = thousands.pop()
    # scales of survey-like columns
    scales_all = {}
    for col in frame.columns:
        if str(col) in date_fmts or roles.get(str(col)) in _ID_ROLES:
            continue
        scale = _scale_of(frame[col])
        if scale is not None:
            scales_all[str(col)] = scale
    n_scale = sum(1 for c in scales_all if c not in roles)
    guess.source = _source_from_name(path) or _source_from_roles(set(roles.values()), n_scale)
    if guess.source is None:
        guess.open_questions.append(f"could not tell which source {path.name} is (columns: {', '.join(guess.header)})")
    # keep only the roles the source knows; personal columns are flagged whatever the source
    allowed = set(_allowed_roles(guess.source))
    for col, role in list(roles.items()):
        if role in _PERSONAL_ROLES:
            guess.personal.append(col)
        if guess.source == "survey" and role == "name":
            roles[col] = "respondent_name"
        elif role not in allowed:
            del roles[col]
    if guess.source == "survey":
        guess.scales = {c: sc for c, sc in scales_all.items() if c not in roles}
        _survey_roles(guess, roles)
    guess.columns = {c: r for c, r in roles.items() if c != r}
    guess.roles = roles
    if guess.source == "transactions":
        if "transaction_id" not in roles.values():
            guess.open_questions.append("no transaction id column found (each row is then one transaction)")
        if "is_refund" not in roles.values():
            guess.notes.append("no refund column: negative amounts will be rejected")
    missing = [r for r in _REQUIRED.get(guess.source, ()) if r not in roles.values()]  # type: ignore[arg-type]  # a guess that gets here names its source
    for role in missing:
        guess.open_questions.append(f"which column is {role}? none of {', '.join(guess.header)} looks like it")
    return guess


_ID_ROLES = ("customer_id", "transaction_id", "respondent_id", "incident_id")
_SURVEY_ROLES = ("respondent_id", "customer_id", "wave", "response_date", "segment", "region", "weight", "email",
                 "respondent_name")


def _allowed_roles(source: str | None) -> tuple[str, ...]:
    """The roles a source's columns may be renamed to (none for an unknown source or employees)."""
    from cxtools.data.description._schema import ROLES

    return _SURVEY_ROLES if source == "survey" else ROLES.get(source, ())  # type: ignore[arg-type]  # a guess that gets here names its source

_REQUIRED = {
    "transactions": ("customer_id", "timestamp", "amount"),
    "subscriptions": ("customer_id", "start_date", "end_date"),
    "customers": ("customer_id",),
    "survey": ("respondent_id",),
    "kano": ("respondent_id", "attribute", "functional", "dysfunctional"),
    "incidents": ("incident_id", "customer_id", "valence", "category"),
    "operations": ("customer_id",),
}


def _survey_roles(guess: FileGuess, roles: dict) -> None:
    roles_found = {}
    for role, names in _names()["survey_items"].items():
        for col in guess.scales:
            if _norm(col) in names:
                roles_found[role] = col
                break
    rec = roles_found.get("recommend")
    if rec is not None and guess.scales[rec] != (0, 10):
        guess.open_questions.append(f"{rec!r} looks like likelihood to recommend but its answers run "
                                    f"{guess.scales[rec][0]}-{guess.scales[rec][1]}; NPS needs 0-10, so it is "
                                    "left out" + ("; if the question offered 0 and nobody in the rows read chose it, "
                                                  f"set its scale to [0, 10] and recommend: {rec}"
                                                  if guess.scales[rec] == (1, 10) else ""))
        del roles_found["recommend"]
        # no scale written for it either: the loaders keep the 0-10 range of a recommend item
        # and would refuse any other; the question above asks the analyst to decide
        del guess.scales[rec]
    if "recommend" not in roles_found:
        zero_ten = [c for c, s in guess.scales.items() if s == (0, 10)]
        if len(zero_ten) == 1:
            roles_found["recommend"] = zero_ten[0]
            guess.notes.append(f"{zero_ten[0]!r} is the only 0-10 item: taken as likelihood to recommend")
        else:
            guess.open_questions.append("no likelihood-to-recommend item on 0-10 found: NPS will be skipped "
                                        "(name it under survey.recommend if there is one)")
    if "overall_satisfaction" not in roles_found:
        guess.open_questions.append("which item is overall satisfaction? (survey.overall_satisfaction)")
    items = [c for c in guess.scales if c not in roles_found.values()]
    importance = [c for c in items if _norm(c).startswith(_names()["importance"]["prefixes"])]
    items = [c for c in items if c not in importance]
    # items numbered under one stem (loyalty_1, loyalty_2, loyalty_3) usually form one Likert scale
    stems: dict[str, list[str]] = {}
    for c in items:
        m = re.fullmatch(r"(.+?)[_\s.-]?\d{1,2}", c)
        if m:
            stems.setdefault(m.group(1), []).append(c)
    likert = [c for group in stems.values() if len(group) >= 3 for c in group]
    if likert:
        items = [c for c in items if c not in likert]
        guess.notes.append(f"numbered items {', '.join(likert)} taken as one Likert scale")
    guess.survey_roles = dict(roles_found)
    guess.survey_roles["likert"] = likert
    guess.survey_roles["attributes"] = items
    guess.survey_roles["importance"] = importance
    if importance:
        guess.notes.append(f"{len(importance)} items named like importance taken as stated importance")
    for role in ("segment", "wave", "weight", "customer_id", "response_date"):
        col = next((c for c, r in roles.items() if r == role), None)
        if col is not None:
            guess.survey_roles["customer_link" if role == "customer_id" else role] = role
    if items:
        guess.notes.append(f"{len(items)} items on answer scales taken as attribute ratings: {', '.join(items)}")
        guess.open_questions.append("check which items are attribute ratings, which are reversed (survey.reversed) "
                                    "and which belong to a Likert scale (survey.likert)")


# ============================================================================= writing
def _yaml_scalar(value) -> str:
    import json

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value == "\t":
        return '"\\t"'
    text = str(value)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", text) and text.lower() not in (
            "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _list(values) -> str:
    return "[" + ", ".join(_yaml_scalar(v) for v in values) + "]"


def draft_description(data_dir, *, files=None) -> str:
    """The text of a draft ``cxtools.yaml`` for the files in ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
    files : list of paths, optional
        The files to look at (default: the data files in the folder).

    Returns
    -------
    str
        Commented YAML that :func:`~cxtools.data.description.load_description` accepts.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise CxDataError(f"data folder {str(data_dir)!r} not found")
    if files is None:
        files = sorted(p for p in data_dir.iterdir()
                       if (p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES + _OTHER_SUFFIXES
                           and p.name != "cxtools.yaml")
                       or (p.is_dir() and any(p.glob("*.parquet"))))
    guesses: list[FileGuess] = []
    unreadable: list[str] = []
    for path in files:
        path = Path(path)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True)
            sheets = wb.sheetnames
            wb.close()
            for sheet in sheets:
                try:
                    g = inspect_file(path, sheet=sheet)
                except Exception as exc:  # noqa: BLE001 - one bad sheet must not stop the draft
                    unreadable.append(f"{path.name} [{sheet}]: {exc}")
                    continue
                if g.source is None:
                    g.source = _source_from_name(Path(sheet))
                guesses.append(g)
            continue
        if path.suffix.lower() in (".duckdb", ".ddb", ".db"):
            for table in _duckdb_tables(path):
                try:
                    g = inspect_file(path, table=table)
                except Exception as exc:  # noqa: BLE001
                    unreadable.append(f"{path.name} [{table}]: {exc}")
                    continue
                g.source = _source_from_name(Path(table)) or g.source
                guesses.append(g)
            continue
        try:
            guesses.append(inspect_file(path))
        except Exception as exc:  # noqa: BLE001
            unreadable.append(f"{path.name}: {exc}")

    taken: dict[str, FileGuess] = {}
    duplicates: list[str] = []
    for g in guesses:
        if g.source is None:
            continue
        if g.source in taken:
            duplicates.append(f"{_where(g, data_dir)} also looks like {g.source} (the first file was taken)")
            continue
        taken[g.source] = g

    out = [
        "# cxtools data description -- a DRAFT written by `cxtools init`. Review every guess,",
        "# then run `cxtools check --data <this folder>` to see what each notebook will do.",
        "# Names on the left of `columns:` are your columns; on the right, the cxtools role.",
        "# File names are relative to this folder.",
        "",
        "version: 1",
        "language: en            # stakeholder reports in en or ru",
        "currency:",
        "  code: RUB             # ISO 4217 code; NOT DETECTED, check it",
        "  symbol: \"\u20bd\"           # how amounts are printed, e.g. \"\u20bd\", \"rub\", \"$\"",
        "  position: after       # symbol before or after the number",
        "time_unit: month        # the business's time unit: day, week, month, quarter, year",
        "# as_of: 2026-06-30     # end of the observation window (default: the last date in the data)",
        "# targets:              # optional targets per indicator, e.g.",
        "#   nps: {value: 30, direction: higher}",
        "#   ces_easy_share: 0.8",
        "",
    ]
    for source in ("transactions", "subscriptions", "customers", "survey", "kano", "incidents", "operations",
                   "employees", "units", "customer_units"):
        g = taken.get(source)  # type: ignore[assignment]  # None handled just below
        if g is None:
            out.append(f"# {source}: not found in this folder")
            continue
        out.extend(_source_block(g, data_dir))
        out.append("")
    leftovers = [g for g in guesses if g.source is None]
    if leftovers or unreadable or duplicates:
        out.append("# Could not decide:")
        for g in leftovers:
            out.append(f"#   {_where(g, data_dir)}: which source is it? columns: {', '.join(g.header)}")
        for text in duplicates:
            out.append(f"#   {text}")
        for text in unreadable:
            out.append(f"#   could not read {text}")
    if not taken:
        out.append("# No data file was recognised: describe your sources by hand (see the README).")
    return "\n".join(out).rstrip() + "\n"


def _where(g: FileGuess, data_dir: Path) -> str:
    try:
        name = str(g.path.relative_to(data_dir))
    except ValueError:
        name = str(g.path)
    if g.sheet is not None:
        name += f" [sheet {g.sheet}]"
    if g.table is not None:
        name += f" [table {g.table}]"
    return name


def _source_block(g: FileGuess, data_dir: Path) -> list[str]:
    try:
        file = str(g.path.relative_to(data_dir))
    except ValueError:
        file = str(g.path)
    lines = [f"{g.source}:", f"  file: {_yaml_scalar(file)}"]
    lines.append(f"  format: {g.format}")
    if g.sheet is not None:
        lines.append(f"  sheet: {_yaml_scalar(g.sheet)}")
    if g.table is not None:
        lines.append(f"  table: {_yaml_scalar(g.table)}")
    if g.format in ("csv", "text"):
        lines.append(f"  sep: {_yaml_scalar(g.sep)}" + ("          # fields separated by spaces or tabs"
                                                         if g.sep == "whitespace" else ""))
        lines.append(f"  encoding: {_yaml_scalar(g.encoding)}")
    lines.append(f"  decimal: {_yaml_scalar(g.decimal)}" + ("" if g.decimal else "          # null: detect"))
    if g.thousands:
        lines.append(f"  thousands: {_yaml_scalar(g.thousands)}")
    lines.append(f"  date_format: {_yaml_scalar(g.date_format)}"
                 + ("" if g.date_format else "      # null: ISO (YYYY-MM-DD) or DD.MM.YYYY, detected"))
    if g.columns:
        lines.append("  columns:")
        for src, role in g.columns.items():
            lines.append(f"    {_yaml_scalar(src)}: {role}")
    else:
        lines.append("  columns: {}          # the columns already have cxtools' names")
    unmapped = [c for c in g.header if c not in g.roles and c not in g.scales]
    if unmapped:
        lines.append(f"  # kept as they are: {', '.join(unmapped)}")
    if g.personal:
        lines.append(f"  personal: {_list(g.personal)}   # personal data: never shown in reports")
    else:
        lines.append("  personal: []          # list columns with names, e-mails, phones ...")
    if g.source == "survey":
        lines.extend(_survey_block(g))
    for note in g.notes:
        lines.append(f"  # guessed: {note}")
    for q in g.open_questions:
        lines.append(f"  # TO DECIDE: {q}")
    return lines


def _survey_block(g: FileGuess) -> list[str]:
    r = g.survey_roles
    lines = ["  scales:                # answer scale of each item (guessed from the answers' range)"]
    for item, (lo, hi) in g.scales.items():
        lines.append(f"    {_yaml_scalar(item)}: [{lo}, {hi}]")
    if not g.scales:
        lines[-1] = "  scales: {}            # no items on answer scales found"
    lines.append("  reversed: []          # items where a high answer means a worse experience")
    lines.append(f"  overall_satisfaction: {_yaml_scalar(r.get('overall_satisfaction'))}")
    lines.append(f"  recommend: {_yaml_scalar(r.get('recommend'))}"
                 + "          # likelihood to recommend; NPS needs a 0-10 item")
    for kind in ("csat", "ces"):
        item = r.get(kind)
        if item is None:
            lines.append(f"  {kind}: null")
        else:
            lines.append(f"  {kind}: {{item: {_yaml_scalar(item)}}}   # top and bottom boxes: top_box: [..], "
                         "bottom_box: [..]")
    lines.append(f"  attributes: {_list(r.get('attributes', []))}")
    lines.append(f"  importance: {_list(r.get('importance', []))}        # stated-importance items, if asked")
    lines.append(f"  likert: {_list(r.get('likert', []))}            # items of one Likert scale (for its reliability)")
    for role in ("segment", "wave", "weight", "customer_link", "response_date"):
        lines.append(f"  {role}: {_yaml_scalar(r.get(role))}")
    return lines


def write_draft(data_dir, *, config=None, force: bool = False) -> Path:
    """Write the draft description to ``data_dir/cxtools.yaml`` (or ``config``).

    Raises
    ------
    CxParameterError
        The file exists and ``force`` is false.
    """
    data_dir = Path(data_dir)
    target = Path(config) if config is not None else data_dir / "cxtools.yaml"
    if target.exists() and not force:
        raise CxParameterError(f"{target} already exists; pass --force to overwrite it")
    text = draft_description(data_dir)
    target.write_text(text, encoding="utf-8")
    return target
