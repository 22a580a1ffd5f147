"""Transaction logs that stay where they are: a Spark table or a warehouse table through Ibis.

A data description names such a source by its table, not by a file::

    transactions:
      format: spark               # the active Spark session (or a local one)
      table: sales.transactions   # or query: SELECT ... FROM sales.transactions WHERE ...
      columns: {client: customer_id, paid_at: timestamp, total: amount}

    transactions:
      format: ibis
      connection: postgres://analyst@dwh/sales    # any URL ibis.connect takes; duckdb://file.db
      table: transactions

``DataDescription.load("transactions")`` checks the rows in the engine with the
loader's rules (customer present, timestamp a date and not after ``as_of``, amount
a number, negative only on refunds) and returns a :class:`cxtools.data.io.LoadResult`
whose ``data`` is a :class:`cxtools.data.engines.EngineTable` of the accepted rows:
renamed, typed, and still in the engine. The RFM summary, the calibration/holdout
split and scoring run there; only their small results come back.

Row accounting: ``n_read`` is the engine's row count; every rejected row comes back
(its customer, timestamp, amount and reason; there are no row numbers in a table,
so ``row`` is empty) and the accepted rows are counted in the engine, so accepted +
rejected = read holds. Not checked in the engine: duplicate transaction ids (a
table has no "first" occurrence to keep); ``notes`` says how many ids repeat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxtools.core.errors import CxDataError, CxParameterError

#: source formats that are tables in an engine, not files
ENGINE_FORMATS = ("spark", "ibis")

#: the columns the transaction checks need (after renaming)
_REQUIRED = ("customer_id", "timestamp", "amount")

#: the column a rejection reason is about, where its first word does not say
_REASON_COLUMN = {"negative amount not marked as refund": "amount"}


def open_engine_table(spec, *, data_dir: Path | None = None, spark: Any = None):
    """The source as its engine's table: a Spark DataFrame or an Ibis table.

    Parameters
    ----------
    spec : SourceSpec
        With ``format`` ``"spark"`` (``table`` or ``query``) or ``"ibis"``
        (``connection`` and ``table`` or ``query``).
    data_dir : Path, optional
        A relative ``duckdb://`` file in the connection URL is taken from here.
    spark : SparkSession, optional
        Default: the active session, else a local one
        (:func:`cxtools.data.engines.local_spark_session`).
    """
    if spec.query is not None:
        from cxtools.data.io.sources import check_select

        check_select(spec.query, f"{spec.format} source")
    if spec.format == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise CxParameterError("this transactions source is a Spark table (format: spark), which needs pyspark: "
                                   "pip install 'cxtools[spark]' (and Java 17 or newer)") from None
        from cxtools.data.engines import local_spark_session

        session = spark or SparkSession.getActiveSession() or local_spark_session()
        try:
            return session.table(spec.table) if spec.table else session.sql(spec.query)
        except Exception as exc:  # AnalysisException and friends: name the table
            what = f"table {spec.table!r}" if spec.table else "the query"
            raise CxDataError(f"Spark cannot read {what}: {str(exc).splitlines()[0]}") from None
    if spec.format == "ibis":
        try:
            import ibis
        except ImportError:
            raise CxParameterError("this transactions source is a warehouse table (format: ibis), which needs Ibis: "
                                   "pip install 'cxtools[warehouse]' plus the Ibis backend of your warehouse") from None
        from cxtools.data.engines import ibis_duckdb_compat

        url = _resolve_url(spec.connection, data_dir)
        try:
            con = ibis_duckdb_compat(ibis.connect(url))
            if spec.query:
                return con.sql(spec.query)
            *where, name = spec.table.split(".")  # db.table or catalog.db.table
            return con.table(name, database=(tuple(where) if len(where) > 1 else where[0]) if where else None)
        except Exception as exc:
            what = f"table {spec.table!r}" if spec.table else "the query"
            raise CxDataError(f"cannot read {what} through {_safe_url(spec.connection)}: "
                              f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    raise CxParameterError(f"format {spec.format!r} is not an engine source; engine sources: {list(ENGINE_FORMATS)}")


def _resolve_url(url: str, data_dir: Path | None) -> str:
    """A relative DuckDB/SQLite file in the URL is read from the data folder."""
    for scheme in ("duckdb://", "sqlite://"):
        if url.startswith(scheme):
            rest = url[len(scheme):]
            if rest and not rest.startswith(("/", ":memory:", "md:")) and data_dir is not None:
                return scheme + str((Path(data_dir) / rest).resolve())
    return url


def _safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    import re

    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url)


def engine_label(spec) -> str:
    """``spark table sales.tx`` / ``postgres://... table tx`` (no password)."""
    what = f"table {spec.table}" if spec.table else "query"
    return f"spark {what}" if spec.format == "spark" else f"{_safe_url(spec.connection)} {what}"


def load_engine_transactions(spec, *, columns: dict[str, str], as_of, data_dir: Path | None = None,
                             spark: Any = None, refund_column: str = "is_refund"):
    """Check a transaction table in its engine; a LoadResult with the accepted rows left there.

    Parameters
    ----------
    spec : SourceSpec
        An engine source (``format`` ``spark`` or ``ibis``).
    columns : dict
        Source column -> cxtools name.
    as_of : date-like or None
        Timestamps on later days are rejected ("timestamp in the future").
    data_dir, spark
        See :func:`open_engine_table`.

    Returns
    -------
    cxtools.data.io.LoadResult
        ``data`` is a :class:`cxtools.data.engines.EngineTable`.
    """
    import pandas as pd

    from cxtools.data.io import loaders as io  # LoadResult and the as_of rule of the loaders
    from cxtools.core.errors import CxSchemaError
    from cxtools.data.engines import EngineTable, resolve_engine

    native = open_engine_table(spec, data_dir=data_dir, spark=spark)
    eng = resolve_engine(native)
    q = eng.quote
    label = engine_label(spec)
    have = eng.columns
    absent = [c for c in columns if c not in have]
    if absent:
        raise CxSchemaError(f"{label}: the description maps column(s) {absent}, which the table does not have; "
                            f"it has {have}")
    names = {c: columns.get(c, c) for c in have}
    by_role = {v: k for k, v in names.items()}
    missing = [r for r in _REQUIRED if r not in by_role]
    if missing:
        raise CxSchemaError(f"{label}: the transactions table is missing required column(s) {missing}; it has "
                            f"{have} (map yours under columns:)")
    as_of_ts = io._parse_as_of(as_of)
    cust, ts, amt = (q(by_role[r]) for r in _REQUIRED)
    refund = q(by_role[refund_column]) if refund_column in by_role else None
    amount = f"TRY_CAST({amt} AS DOUBLE)"
    # (reason, condition) -- the loader's checks, each row tested in the engine
    limit = (as_of_ts + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    checks = [
        ("customer_id is missing", f"{cust} IS NULL OR trim(CAST({cust} AS STRING)) = ''"),
        ("timestamp is missing or not a date", f"TRY_CAST({ts} AS TIMESTAMP) IS NULL"),
        (f"timestamp in the future (after {as_of_ts:%Y-%m-%d})",
         f"TRY_CAST({ts} AS TIMESTAMP) >= CAST('{limit}' AS TIMESTAMP)"),
        ("amount is missing or not a number", f"{amount} IS NULL"),
    ]
    flag = "FALSE"
    if refund is not None:
        checks.append(("is_refund is not true/false", f"{refund} IS NOT NULL AND TRY_CAST({refund} AS BOOLEAN) IS NULL"))
        flag = f"coalesce(TRY_CAST({refund} AS BOOLEAN), FALSE)"
    checks.append(("negative amount not marked as refund", f"{amount} < 0 AND NOT {flag}"))
    bad = " OR ".join(f"coalesce({cond}, FALSE)" for _, cond in checks)
    n_read, n_bad = eng.rows(f"SELECT count(*), count_if({bad}) FROM {eng.view}")[0]
    n_read, n_bad = int(n_read), int(n_bad or 0)
    rejected = pd.DataFrame({"row": pd.Series([], dtype="Int64"), "reason": pd.Series([], dtype="str"),
                             "column": pd.Series([], dtype="str"), "value": pd.Series([], dtype="str")})
    if n_bad:
        reasons = ", ".join(f"CASE WHEN coalesce({cond}, FALSE) THEN '{reason}' END AS r{i}"
                            for i, (reason, cond) in enumerate(checks))
        raw = eng.fetch(eng.query(
            f"SELECT CAST({cust} AS STRING) AS customer_id, CAST({ts} AS STRING) AS timestamp, "
            f"CAST({amt} AS STRING) AS amount, {reasons} FROM {eng.view} WHERE {bad}"))
        rcols = [f"r{i}" for i in range(len(checks))]
        why = raw[rcols].apply(lambda r: "; ".join(v for v in r if isinstance(v, str)), axis=1)
        first = raw[rcols].bfill(axis=1)[rcols[0]].astype(str)
        column = first.map({reason: _REASON_COLUMN.get(reason.split(" (")[0], reason.split(" ")[0])
                            for reason, _ in checks})
        value = [raw.at[i, c] if c in raw.columns else None for i, c in zip(raw.index, column)]
        rejected = pd.DataFrame({"row": pd.array([pd.NA] * len(raw), dtype="Int64"), "reason": why.astype(str),
                                 "column": column.astype(str), "value": pd.Series(value, dtype="str").to_numpy()})
        rejected = pd.concat([rejected, raw[["customer_id", "timestamp", "amount"]].add_prefix("raw_")], axis=1)
    # the accepted rows, renamed and typed as the loader types them, left in the engine
    typed = {"customer_id": f"CAST({cust} AS STRING)", "timestamp": f"CAST({ts} AS TIMESTAMP)",
             "amount": amount}
    if refund is not None:
        typed[refund_column] = flag
    select = ", ".join(f"{typed.get(names[c], q(c))} AS {q(names[c])}" for c in have)
    accepted_sql = f"SELECT {select} FROM {eng.view} WHERE NOT ({bad})"
    notes: list[str] = []
    if "transaction_id" in by_role:
        tid = q(by_role["transaction_id"])
        dup = eng.rows(f"SELECT count({tid}) - count(DISTINCT {tid}) FROM {eng.view}")[0][0]
        if dup:
            notes.append(f"{int(dup)} transaction_id values occur more than once; in an engine table they are "
                         "not rejected (a table has no first occurrence to keep)")
    data = EngineTable(eng.query(accepted_sql), n_rows=n_read - n_bad, label=label)
    return io.LoadResult(data=data, rejected=rejected, source=label, kind="transactions", n_read=n_read,
                         notes=tuple(notes))
