"""Where large tables are read and summarised: DuckDB (default), Spark, or a SQL warehouse through Ibis.

The summary of :mod:`cxtools.ltv.rfm`, the calibration/holdout split and the
scoring join of :mod:`cxtools.ltv.scoring` are written once, as SQL built by
the functions of :mod:`cxtools.ltv.rfm`; an engine supplies the few pieces that
differ between SQL dialects (quoting, a day difference, "value at the first
day") and knows how to register a source, run a query, fetch a small result and
write a large one.

================  ==========================================================
engine            sources
================  ==========================================================
``"duckdb"``      pandas DataFrame, CSV/Parquet path or glob, DuckDB relation
``"spark"``       Spark DataFrame, Parquet/CSV path (read by Spark), or a
                  table name (``"spark:db.table"``)
``"ibis"``        Ibis table on any SQL backend (PostgreSQL, BigQuery,
                  Snowflake, DuckDB, ...); the SQL is translated by sqlglot
================  ==========================================================

:func:`resolve_engine` picks the engine from the source, so callers pass the
source as it is. Spark and Ibis are optional (``pip install cxtools[spark]``);
they are imported only when such a source is given.

Only small tables leave the engine: the validation counts, the compressed
summary (distinct (frequency, recency, T) rows with customer counts) and, on
request, the one-row-per-customer summary.
"""

from __future__ import annotations

import os
import re
import uuid
from typing import Any

import pandas as pd

from cxtools.core.errors import CxEmptyDataError, CxParameterError
from cxtools.data.io.sources import connect_duckdb

__all__ = ["Engine", "DuckDBEngine", "SparkEngine", "IbisEngine", "EngineTable", "resolve_engine",
           "local_spark_session", "ibis_duckdb_compat"]


def _is_spark_frame(obj: Any) -> bool:
    mod = type(obj).__module__
    return mod.startswith("pyspark.sql") and type(obj).__name__ == "DataFrame"


def _is_ibis_table(obj: Any) -> bool:
    return type(obj).__module__.startswith("ibis.") and type(obj).__name__ == "Table"


class EngineTable:
    """A table that stays in its engine (Spark or an Ibis backend), with the little pandas it needs.

    What a data description's ``format: spark`` or ``format: ibis`` source loads
    to: the accepted rows, renamed and typed, as a Spark DataFrame or an Ibis
    table (:attr:`native`). :func:`cxtools.ltv.rfm.rfm_summary`,
    :func:`~cxtools.ltv.rfm.calibration_holdout_summary`,
    :func:`~cxtools.ltv.rfm.compressed_summary` and
    :func:`cxtools.ltv.scoring.score_customers` run on its engine; ``len()``,
    ``columns``, ``"col" in table`` and ``table["col"].min()`` / ``.max()`` are
    answered by the engine; :meth:`to_pandas` brings every row back (only for
    tables that fit in memory).

    Parameters
    ----------
    native : pyspark.sql.DataFrame or ibis Table
    n_rows : int, optional
        The number of rows, when already counted.
    label : str
        Where the rows come from, for messages.
    """

    def __init__(self, native: Any, *, n_rows: int | None = None, label: str = "") -> None:
        self.native = native
        self._n = n_rows
        self.label = label

    @property
    def engine(self) -> str:
        """``"spark"`` or ``"ibis"``."""
        return "spark" if _is_spark_frame(self.native) else "ibis"

    @property
    def columns(self) -> list[str]:
        return list(self.native.columns)

    def __contains__(self, column: object) -> bool:
        return column in self.columns

    def __len__(self) -> int:
        if self._n is None:
            native = self.native
            self._n = int(native.count() if self.engine == "spark" else native.count().execute())
        return self._n

    def __getitem__(self, column: str) -> "_EngineColumn":
        if column not in self.columns:
            raise KeyError(column)
        return _EngineColumn(self, column)

    def where(self, condition: str) -> "EngineTable":
        """The rows where the SQL ``condition`` holds (column names as loaded), still in the engine.

        Write ``condition`` in SQL both Spark and DuckDB read, e.g.
        ``"amount <> 0 AND NOT is_refund"``.
        """
        if self.engine == "spark":
            return EngineTable(self.native.where(condition), label=self.label)
        view = f"cx_where_{uuid.uuid4().hex[:8]}"
        return EngineTable(self.native.alias(view).sql(f"SELECT * FROM {view} WHERE {condition}", dialect="duckdb"),
                           label=self.label)

    def count_where(self, condition: str) -> int:
        """How many rows satisfy the SQL ``condition`` (counted in the engine)."""
        return len(self.where(condition))

    def to_pandas(self) -> pd.DataFrame:
        """Every row as pandas (the table must fit in memory)."""
        return self.native.toPandas() if self.engine == "spark" else self.native.to_pandas()

    def __repr__(self) -> str:
        return (f"EngineTable({self.engine}{': ' + self.label if self.label else ''}; "
                f"columns {self.columns})")


class _EngineColumn:
    """One column of an :class:`EngineTable`: its smallest and largest value, computed in the engine."""

    def __init__(self, table: EngineTable, column: str) -> None:
        self.table, self.column = table, column

    def _agg(self, how: str) -> Any:
        native = self.table.native
        if self.table.engine == "spark":
            from pyspark.sql import functions as F

            value = native.agg(getattr(F, how)(self.column)).collect()[0][0]
        else:
            value = getattr(native[self.column], how)().execute()
        if value is None:
            return pd.NaT if "timestamp" in self.column or "date" in self.column else float("nan")
        return pd.Timestamp(value) if hasattr(value, "year") else value

    def min(self) -> Any:
        return self._agg("min")

    def max(self) -> Any:
        return self._agg("max")

    def __repr__(self) -> str:
        return f"<column {self.column!r} of {self.table!r}>"


class Engine:
    """One SQL engine holding one registered transaction source (view ``self.view``).

    Subclasses give the dialect pieces (:meth:`quote`, :meth:`days_between`,
    :meth:`first_by`) and the plumbing (:meth:`query`, :meth:`fetch`,
    :meth:`rows`, :meth:`add_table`, :meth:`write`).
    """

    name = "engine"

    def __init__(self) -> None:
        self.view = f"cx_tx_{uuid.uuid4().hex[:12]}"

    # --- dialect
    def quote(self, ident: str) -> str:
        return '"' + str(ident).replace('"', '""') + '"'

    def days_between(self, start: str, end: str) -> str:
        """Whole days from ``start`` to ``end`` (DATE expressions), as an integer."""
        return f"date_diff('day', {start}, {end})"

    def first_by(self, value: str, key: str) -> str:
        """``value`` of the row with the smallest ``key`` in the group."""
        return f"arg_min({value}, {key})"

    def double(self, value: float) -> str:
        """A double literal (a bare ``7.0`` is a DECIMAL in Spark SQL)."""
        return f"CAST({float(value)!r} AS DOUBLE)"

    # --- plumbing
    @property
    def columns(self) -> list[str]:
        raise NotImplementedError

    def query(self, sql: str) -> Any:
        """Run ``sql`` (which may name ``self.view`` and added tables); an engine-native result."""
        raise NotImplementedError

    def rows(self, sql: str) -> list[tuple]:
        """All rows of a (small) query as tuples."""
        raise NotImplementedError

    def fetch(self, result: Any) -> pd.DataFrame:
        """A (small or per-customer) engine result as pandas."""
        raise NotImplementedError

    def add_table(self, frame: pd.DataFrame, name: str) -> None:
        """Make a small pandas table queryable as ``name`` next to the source."""
        raise NotImplementedError

    def write(self, result: Any, target: str) -> str:
        """Write a result to a Parquet path (or an engine table); return where it went."""
        raise NotImplementedError

    def quantile(self, expr: str, q: float) -> str:
        """Linearly interpolated quantile of ``expr`` in the group (numpy's default method)."""
        return f"quantile_cont({expr}, {self.double(q)})"

    def score_join(self, per_customer_sql: str, keys: pd.DataFrame, draws: pd.DataFrame | None,
                   final_sql: str) -> Any:
        """Join per-customer rows with small score tables and run ``final_sql`` over the join ``j``.

        ``keys`` joins on (frequency, recency, T) and carries ``key_id``; ``draws``
        (optional) joins on ``key_id``, one row per parameter draw.
        """
        self.add_table(keys, "cx_keys")
        join = ("SELECT * FROM (" + per_customer_sql + ") AS pc JOIN cx_keys "
                "USING (frequency, recency, T)")
        if draws is not None:
            self.add_table(draws, "cx_draws")
            join += " LEFT JOIN cx_draws USING (key_id)"
        return self._run_joined(join, final_sql)

    def _run_joined(self, join_sql: str, final_sql: str) -> Any:
        return self.query(final_sql.replace("{j}", f"({join_sql}) AS j"))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(view={self.view!r})"


# ----------------------------------------------------------------------------- DuckDB
class DuckDBEngine(Engine):
    """The embedded default: a pandas frame, a path or glob, or a DuckDB relation.

    Parameters
    ----------
    source : DataFrame, str, path or duckdb.DuckDBPyRelation
    memory_limit : str, optional
        DuckDB's ``memory_limit`` (e.g. ``"1GB"``); larger work spills to a
        temporary directory instead of growing memory.
    """

    name = "duckdb"

    def __init__(self, source: Any, *, memory_limit: str | None = None) -> None:
        import duckdb

        super().__init__()
        self.con = connect_duckdb()
        if memory_limit is not None:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
            self.con.execute("SET preserve_insertion_order = false")
        self._own = not isinstance(source, duckdb.DuckDBPyRelation)
        if not self._own:
            # a relation lives on its own connection: queries on the source run there
            self.rel = source
        elif isinstance(source, pd.DataFrame):
            if source.empty:
                raise CxEmptyDataError("the transaction table has no rows; at least one purchase is needed")
            self.rel = self.con.from_df(source)
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            lower = path.lower()
            if lower.endswith((".parquet", ".pq")) or os.path.isdir(path):
                if os.path.isdir(path):
                    path = os.path.join(path, "**", "*.parquet")
                self.rel = self.con.read_parquet(path)
            elif lower.endswith((".csv", ".csv.gz", ".txt", ".tsv")):
                self.rel = self.con.read_csv(path)
            else:
                raise CxParameterError(
                    f"cannot tell the format of {path!r}: expected a path ending in .csv, .csv.gz, "
                    ".tsv, .txt or .parquet, or a folder of Parquet files"
                )
        else:
            raise CxParameterError(
                "transactions must be a pandas DataFrame, a CSV/Parquet path, a DuckDB relation, a "
                f"Spark DataFrame or an Ibis table, not {type(source).__name__}"
            )
        self._tables: dict[str, pd.DataFrame] = {}
        if self._own:
            self.rel.create_view(self.view)

    @property
    def columns(self) -> list[str]:
        return list(self.rel.columns)

    def query(self, sql: str):
        # small helper tables are joined on our own connection (see write/fetch)
        return self.rel.query(self.view, sql)

    def rows(self, sql: str) -> list[tuple]:
        return self.query(sql).fetchall()

    def fetch(self, result) -> pd.DataFrame:
        return result.df()

    def add_table(self, frame: pd.DataFrame, name: str) -> None:
        self._tables[name] = frame

    def _run_joined(self, join_sql: str, final_sql: str):
        # the source may live on another connection (a user's relation): its per-customer rows
        # are streamed as Arrow record batches into ours, where the small tables are
        con = self.con
        for name, frame in self._tables.items():
            con.register(name, frame)
        if self._own:
            return con.sql(final_sql.replace("{j}", f"({join_sql}) AS j"))
        pc_sql = join_sql[len("SELECT * FROM ("):join_sql.index(") AS pc JOIN")]
        res = self.query(pc_sql)
        reader = res.to_arrow_reader(100_000) if hasattr(res, "to_arrow_reader") else res.fetch_record_batch(100_000)
        con.register("cx_pc", reader)
        join_sql = "SELECT * FROM cx_pc AS pc" + join_sql[join_sql.index(" JOIN cx_keys"):]
        return con.sql(final_sql.replace("{j}", f"({join_sql}) AS j"))

    def write(self, result, target: str) -> str:
        path = os.fspath(target)
        result.write_parquet(path)
        return path

    def memory_limit_bytes(self) -> int:
        """DuckDB's current ``memory_limit`` in bytes."""
        text = self.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        number, unit = text.split()
        scale = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40,
                 "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}[unit]
        return int(float(number) * scale)

    def by_key_partitions(self, sql: str, *, key: str, parts: int) -> list[str]:
        """``sql`` once per hash partition of the source's ``key`` column.

        For a query that groups by ``key`` (the per-customer summary), the union of
        the partitions' results is the result of ``sql``: each customer's rows are
        all in one partition. Each pass aggregates a ``1/parts`` share of the
        customers, so its hash tables fit in memory instead of spilling to disk.
        """
        if parts <= 1:
            return [sql]
        k = self.quote(key)
        return [re.sub(rf"\b{self.view}\b",
                       f"(SELECT * FROM {self.view} WHERE hash({k}) % {parts} = {i}) AS {self.view}_{i}", sql)
                for i in range(parts)]


# ----------------------------------------------------------------------------- Spark
class SparkEngine(Engine):
    """Spark SQL: a Spark DataFrame, a path read by Spark, or a catalog table.

    Parameters
    ----------
    source : pyspark.sql.DataFrame, str or path
        A path ending in ``.csv`` is read with a header row; anything else
        that is a path is read as Parquet; ``"spark:db.table"`` names a
        catalog table.
    spark : SparkSession, optional
        Default: the active session (or a new local one).
    """

    name = "spark"

    def __init__(self, source: Any, *, spark: Any = None) -> None:
        super().__init__()
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise CxParameterError(
                "Spark sources need pyspark: pip install 'cxtools[spark]'"
            ) from exc
        if _is_spark_frame(source):
            df = source
            self.spark = source.sparkSession
        else:
            self.spark = spark or SparkSession.getActiveSession() or local_spark_session()
            text = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
            if text is None:
                raise CxParameterError(
                    f"the Spark engine needs a Spark DataFrame, a path or 'spark:table', not "
                    f"{type(source).__name__}"
                )
            if text.startswith("spark:"):
                df = self.spark.table(text[len("spark:"):])
            elif text.lower().endswith((".csv", ".csv.gz")):
                df = self.spark.read.csv(text, header=True, inferSchema=True)
            else:
                df = self.spark.read.parquet(text)
        if len(df.columns) and df.isEmpty():
            raise CxEmptyDataError("the transaction table has no rows; at least one purchase is needed")
        self.df = df
        df.createOrReplaceTempView(self.view)

    def quote(self, ident: str) -> str:
        return "`" + str(ident).replace("`", "``") + "`"

    def days_between(self, start: str, end: str) -> str:
        return f"datediff({end}, {start})"

    def first_by(self, value: str, key: str) -> str:
        return f"min_by({value}, {key})"

    @property
    def columns(self) -> list[str]:
        return list(self.df.columns)

    def query(self, sql: str):
        return self.spark.sql(sql)

    def rows(self, sql: str) -> list[tuple]:
        return [tuple(r) for r in self.spark.sql(sql).collect()]

    def fetch(self, result) -> pd.DataFrame:
        return result.toPandas()

    def add_table(self, frame: pd.DataFrame, name: str) -> None:
        self.spark.createDataFrame(frame).createOrReplaceTempView(name)

    def quantile(self, expr: str, q: float) -> str:
        return f"percentile({expr}, {self.double(q)})"

    def write(self, result, target: str) -> str:
        text = os.fspath(target)
        if text.startswith("spark:"):
            result.write.mode("overwrite").saveAsTable(text[len("spark:"):])
        else:
            result.write.mode("overwrite").parquet(text)
        return text


def local_spark_session(*, master: str = "local[2]", app_name: str = "cxtools"):
    """A local Spark session set up for exact, reproducible summaries.

    The session time zone is UTC, so a timestamp falls on the same calendar day as
    in DuckDB and pandas; shuffles use a few partitions (the default 200 only
    adds overhead on one machine).

    Returns
    -------
    pyspark.sql.SparkSession
    """
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master).appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


# ----------------------------------------------------------------------------- Ibis
class _DuckDBConnectionCompat:
    """A DuckDB connection with the two result methods Ibis 12.0 still calls.

    DuckDB 2.0 removed ``DuckDBPyConnection.fetch_arrow_table`` and
    ``fetch_record_batch`` (deprecated since 1.5) in favour of ``to_arrow_table``
    and ``to_arrow_reader``; ibis-framework 12.0.0, the latest release, still calls
    the old names after ``con.execute(...)`` (ibis-project/ibis#12001 moves them in
    its next release). Everything else is the connection itself.
    """

    def __init__(self, con: Any) -> None:
        self._con = con

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def execute(self, *args: Any, **kwargs: Any) -> "_DuckDBConnectionCompat":
        self._con.execute(*args, **kwargs)
        return self

    def cursor(self) -> "_DuckDBConnectionCompat":
        return _DuckDBConnectionCompat(self._con.cursor())

    def fetch_arrow_table(self) -> Any:
        import warnings

        with warnings.catch_warnings():  # DuckDB's note on the copy: the old method made it too
            warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
            return self._con.to_arrow_table()

    def fetch_record_batch(self, rows_per_batch: int = 1_000_000) -> Any:
        return self._con.to_arrow_reader(rows_per_batch)


def ibis_duckdb_compat(backend: Any) -> Any:
    """Let Ibis's DuckDB backend run on DuckDB 2.x (see :class:`_DuckDBConnectionCompat`).

    A no-op for other backends and for DuckDB versions that still have the old
    methods. Returns the backend.
    """
    con = getattr(backend, "con", None)
    if (getattr(backend, "name", None) == "duckdb" and con is not None
            and not isinstance(con, _DuckDBConnectionCompat) and not hasattr(con, "fetch_arrow_table")):
        backend.con = _DuckDBConnectionCompat(con)
    return backend


class IbisEngine(Engine):
    """Any SQL backend of Ibis: the SQL is written in DuckDB's dialect and translated by sqlglot.

    Queries go through ``Table.sql``, so nothing is created in the warehouse
    except the small score tables (uploaded by Ibis as memtables).
    """

    name = "ibis"

    def __init__(self, source: Any) -> None:
        super().__init__()
        import ibis

        self.ibis = ibis
        self.table = source
        self.backend = ibis_duckdb_compat(source.get_backend())

    @property
    def columns(self) -> list[str]:
        return list(self.table.columns)

    def query(self, sql: str):
        # written in DuckDB's dialect; Ibis translates it for the backend with sqlglot
        return self.table.alias(self.view).sql(sql, dialect="duckdb")

    def rows(self, sql: str) -> list[tuple]:
        return list(self.query(sql).to_pandas().itertuples(index=False, name=None))

    def fetch(self, result) -> pd.DataFrame:
        return result.to_pandas()

    def add_table(self, frame: pd.DataFrame, name: str) -> None:  # pragma: no cover - see score_join
        raise NotImplementedError("IbisEngine joins small tables in score_join")

    def score_join(self, per_customer_sql, keys, draws, final_sql):
        # joins through Ibis expressions (memtables are uploaded by Ibis), then the final
        # SQL over the joined table
        j = self.query(per_customer_sql).join(self.ibis.memtable(keys), ["frequency", "recency", "T"])
        if draws is not None:
            j = j.left_join(self.ibis.memtable(draws), "key_id").drop("key_id_right")
        return j.alias("cx_j").sql(final_sql.replace("{j}", "cx_j"), dialect="duckdb")

    def write(self, result, target: str) -> str:
        text = os.fspath(target)
        result.to_parquet(text)
        return text


def resolve_engine(source: Any, *, engine: str | None = None, spark: Any = None,
                   memory_limit: str | None = None) -> Engine:
    """The engine for a source: given by ``engine=`` or told from the source's type.

    Parameters
    ----------
    source : DataFrame, str, path, DuckDB relation, Spark DataFrame or Ibis table
        A string starting with ``"spark:"`` names a Spark catalog table.
    engine : {"duckdb", "spark", "ibis"}, optional
        Force an engine (e.g. ``"spark"`` to read a Parquet lake with Spark).
    spark : SparkSession, optional
        Session for Spark paths and tables.
    memory_limit : str, optional
        DuckDB memory limit, e.g. ``"1GB"``.

    Returns
    -------
    Engine

    Examples
    --------
    >>> import pandas as pd
    >>> resolve_engine(pd.DataFrame({"customer_id": [1], "timestamp": ["2024-01-01"]})).name
    'duckdb'
    """
    if engine is not None and engine not in ("duckdb", "spark", "ibis"):
        raise CxParameterError(f"engine={engine!r}; use 'duckdb', 'spark' or 'ibis'")
    if isinstance(source, Engine):
        return source
    if isinstance(source, EngineTable):
        source = source.native
    if engine == "spark" or _is_spark_frame(source) or (
        isinstance(source, str) and source.startswith("spark:")
    ):
        return SparkEngine(source, spark=spark)
    if engine == "ibis" or _is_ibis_table(source):
        return IbisEngine(source)
    return DuckDBEngine(source, memory_limit=memory_limit)
