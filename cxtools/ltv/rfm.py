"""RFM summaries of a transaction log, computed in DuckDB.

The repeat-buying models in :mod:`cxtools.ltv.models` (BG/NBD, Pareto/NBD,
Gamma-Gamma) need only four numbers per customer. This module computes them
from a transaction log with the definitions and column names of the
``lifetimes`` package (``summary_data_from_transaction_data``), so users of that
package can move without surprises:

``frequency``
    Number of *repeat* purchase days: the number of distinct calendar days with
    a purchase, minus one. Several purchases on one day count once.
``recency``
    Age of the customer at the last purchase: time from the first purchase day
    to the last purchase day (0 for one-time buyers).
``T``
    Age of the customer at the end of the observation window: time from the
    first purchase day to ``observation_end``.
``monetary_value``
    Mean spend of the *repeat* purchase days (the first day is left out;
    several purchases on one day are summed). 0 for one-time buyers.

All durations are in ``time_unit`` (:func:`cxtools.core.vocabulary.time_unit`): ``"day"``,
``"week"`` of 7 days (fractional weeks, as in Fader & Hardie's CDNOW analyses), ``"month"`` of
30.4375 days, ``"quarter"`` of 91.3125 days or ``"year"`` of 365.25 days. The old letters
``"D"``, ``"W"``, ``"M"``, ``"Y"`` still work for one release, with a FutureWarning.

Example: a customer who bought on 1 Jan, 18 Jan and 2 Aug 1997, observed to 30
Sep 1997, in weeks: frequency 2, recency 213 days / 7 = 30.43, T = 272 days / 7
= 38.86 (customer 1 of the CDNOW sample).

The work runs where the data are: in DuckDB on a pandas DataFrame, a CSV or
Parquet path (also a glob such as ``"logs/*.parquet"``) or a DuckDB relation;
in Spark on a Spark DataFrame or table; in a SQL warehouse on an Ibis table
(:mod:`cxtools.data.engines`). The SQL is written once here. Logs larger than
memory can be summarised: only the one-row-per-customer result (or, with
:func:`compressed_summary`, the distinct (frequency, recency, T) rows) is
brought into pandas.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cxtools.core import vocabulary
from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError
from cxtools.core.vocabulary import DAYS_PER_UNIT
from cxtools.data.engines import Engine, resolve_engine

__all__ = ["rfm_summary", "calibration_holdout_summary", "compressed_summary", "summary_query",
           "SummaryQuery"]

#: The old name of :data:`cxtools.core.vocabulary.DAYS_PER_UNIT`, keyed by the old letters (one release).
_TIME_UNIT_DAYS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12.0, "Y": 365.25}


def __getattr__(name: str) -> Any:
    if name == "TIME_UNIT_DAYS":
        warnings.warn("cxtools.ltv.rfm.TIME_UNIT_DAYS is now cxtools.core.vocabulary.DAYS_PER_UNIT (keyed 'day', "
                      "'week', 'month', 'quarter', 'year'); TIME_UNIT_DAYS will stop working in the next release",
                      FutureWarning, stacklevel=2)
        return dict(_TIME_UNIT_DAYS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: SQL type of amounts while they are summed (fixed point: sums do not depend on row order)
_MONEY = "DECIMAL(18, 6)"


def _unit_days(time_unit: str) -> float:
    """Days in one ``time_unit`` (a name of the one vocabulary, already checked)."""
    return DAYS_PER_UNIT[time_unit]


def _first_rows(eng: Engine, where: str, cols: list[str]) -> tuple[int, str]:
    sel = ", ".join(eng.quote(c) for c in cols)
    n = eng.rows(f"SELECT count(*) FROM {eng.view} WHERE {where}")[0][0]
    if n == 0:
        return 0, ""
    rows = eng.rows(f"SELECT {sel} FROM {eng.view} WHERE {where} LIMIT 5")
    return int(n), "; ".join(str(dict(zip(cols, r))) for r in rows)


def _check_columns(eng: Engine, needed: dict[str, str | None]) -> None:
    have = eng.columns
    missing = [f"{role} column {col!r}" for role, col in needed.items() if col is not None and col not in have]
    if missing:
        raise CxSchemaError(
            f"the transaction table lacks the {', '.join(missing)}; it has columns {have}"
        )


def _clean_view_sql(
    eng: Engine,
    *,
    customer: str,
    timestamp: str,
    amount: str | None,
    exclude: str | None,
) -> str:
    """Validate the log in one scan and return SQL selecting (cust, day, amt) from the source."""
    _check_columns(eng, {"customer": customer, "timestamp": timestamp, "amount": amount, "exclude": exclude})
    c, t = eng.quote(customer), eng.quote(timestamp)
    keep = "TRUE"
    # (condition, columns to show, message) -- checked together in a single pass over the log
    checks: list[tuple[str, list[str], str]] = [
        (
            f"{c} IS NULL OR {t} IS NULL",
            [customer, timestamp],
            f"transactions have an empty {customer!r} or {timestamp!r}; every purchase needs a "
            "customer and a time",
        ),
        (
            f"{t} IS NOT NULL AND TRY_CAST({t} AS TIMESTAMP) IS NULL",
            [customer, timestamp],
            f"values in column {timestamp!r} are not dates or timestamps (expected ISO "
            "'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS')",
        ),
    ]
    if exclude is not None:
        e = eng.quote(exclude)
        checks.append(
            (
                f"TRY_CAST({e} AS BOOLEAN) IS NULL",
                [customer, exclude],
                f"values in the exclude column {exclude!r} are not true/false",
            )
        )
        keep = f"NOT coalesce(TRY_CAST({e} AS BOOLEAN), FALSE)"
    amt = f"CAST(NULL AS {_MONEY})"
    if amount is not None:
        a = eng.quote(amount)
        hint = (
            "pass exclude='is_refund' (or your refund flag) so refunds do not count as purchases"
            if exclude is None
            else f"rows with {exclude!r} false must not be refunds"
        )
        checks += [
            (
                f"{keep} AND TRY_CAST({a} AS DOUBLE) IS NULL",
                [customer, amount],
                f"kept transactions have an empty or non-numeric {amount!r}; expected a number per purchase",
            ),
            (
                f"{keep} AND TRY_CAST({a} AS DOUBLE) < 0",
                [customer, timestamp, amount],
                f"kept transactions have a negative {amount!r}; purchases must be >= 0: {hint}",
            ),
        ]
        # exact fixed-point sums (to 1e-6 of the currency unit): the same result whatever
        # order an engine adds the rows in, so DuckDB and Spark agree to the last bit
        amt = f"CAST(CAST({a} AS DOUBLE) AS {_MONEY})"
    counts = eng.rows("SELECT " + ", ".join(f"count_if({w})" for w, _, _ in checks) + f" FROM {eng.view}")[0]
    for n, (where, cols, message) in zip(counts, checks):
        if n:
            _, rows = _first_rows(eng, where, cols)
            raise CxDataError(f"{n} {message}. First rows: {rows}")
    return (
        f"SELECT {c} AS cust, CAST(CAST({t} AS TIMESTAMP) AS DATE) AS day, {amt} AS amt "
        f"FROM {eng.view} WHERE {keep}"
    )


def _end_date(eng: Engine, clean_sql: str, when: Any, what: str) -> pd.Timestamp:
    if when is None:
        last = eng.rows(f"SELECT max(day) FROM ({clean_sql}) AS clean")[0][0]
        if last is None:
            raise CxEmptyDataError("no purchases are left after excluding rows; nothing to summarise")
        return pd.Timestamp(last)
    return _date(when, what).normalize()


def _date(when: Any, what: str) -> pd.Timestamp:
    """``when`` as a Timestamp; a value that is not a date is refused, naming the parameter."""
    try:
        ts = pd.Timestamp(when)
    except (ValueError, TypeError) as exc:
        raise CxParameterError(f"{what}={when!r} is not a date (expected e.g. '2026-06-30')") from exc
    if ts is pd.NaT:
        raise CxParameterError(f"{what} must be a date, not NaT")
    return ts


def _nonempty(out: pd.DataFrame, q: "SummaryQuery") -> pd.DataFrame:
    """The fetched summary, refused when no purchase falls on or before the observation end."""
    if out.empty:
        raise CxEmptyDataError(
            f"no purchases on or before observation_end={q.observation_end.date()}; nothing to summarise"
        )
    return out


def _summary_sql(eng: Engine, clean: str, end: pd.Timestamp, unit: float, suffix: str = "",
                 repeat_spend: bool = False) -> str:
    # one row per customer and purchase day, then one per customer; the first day's spend
    # is taken out with arg_min/min_by (no window function: a single hash aggregation per level)
    e = f"DATE '{end.date().isoformat()}'"
    u = eng.double(unit)
    extra = (f",\n       coalesce(sum(amt) - {eng.first_by('amt', 'day')}, CAST(0 AS {_MONEY})) AS repeat_spend"
             if repeat_spend else "")
    return f"""
SELECT cust,
       CAST(count(*) - 1 AS DOUBLE) AS frequency{suffix},
       CAST({eng.days_between('min(day)', 'max(day)')} AS DOUBLE) / {u} AS recency{suffix},
       CAST({eng.days_between('min(day)', e)} AS DOUBLE) / {u} AS T{suffix},
       coalesce(CAST(sum(amt) - {eng.first_by('amt', 'day')} AS DOUBLE) / nullif(count(*) - 1, 0),
                CAST(0 AS DOUBLE)) AS monetary_value{suffix}{extra}
FROM (
    SELECT cust, day, sum(amt) AS amt
    FROM ({clean}) AS clean WHERE day <= {e} GROUP BY cust, day
) AS daily GROUP BY cust
"""


def _to_frame(out: pd.DataFrame, customer: str, with_amount: bool, unit_name: str) -> pd.DataFrame:
    out = out.set_index("cust").sort_index()
    out.index.name = customer
    out.attrs["time_unit"] = unit_name
    if not with_amount:
        out = out.drop(columns=[c for c in out.columns if c.startswith("monetary_value")])
    return out


@dataclass(frozen=True)
class SummaryQuery:
    """The per-customer summary as SQL on an engine, not yet run.

    ``sql`` selects ``cust, frequency, recency, T, monetary_value`` (the last 0
    without an amount column) from ``engine.view``; :func:`compressed_summary`
    and :func:`cxtools.ltv.scoring.score_customers` build on it.
    """

    engine: Engine
    sql: str
    customer: str
    time_unit: str
    observation_end: pd.Timestamp
    with_amount: bool

    def __repr__(self) -> str:
        return (f"SummaryQuery(engine={self.engine.name!r}, customer={self.customer!r}, "
                f"time_unit={self.time_unit!r}, observation_end={self.observation_end.date()})")


def summary_query(
    transactions: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str | None = None,
    observation_end: Any = None,
    time_unit: str = "week",
    exclude: str | None = None,
    engine: str | None = None,
    spark: Any = None,
    memory_limit: str | None = None,
    repeat_spend: bool = False,
) -> SummaryQuery:
    """Validate the log on its engine and return the per-customer summary as SQL.

    Parameters are those of :func:`rfm_summary`, plus ``memory_limit`` of
    :func:`cxtools.data.engines.resolve_engine` and ``repeat_spend`` (add a
    fixed-point column of each customer's total repeat-purchase spend).

    Returns
    -------
    SummaryQuery
    """
    time_unit = vocabulary.time_unit(time_unit, func="summary_query")
    unit = _unit_days(time_unit)
    eng = resolve_engine(transactions, engine=engine, spark=spark, memory_limit=memory_limit)
    clean = _clean_view_sql(eng, customer=customer, timestamp=timestamp, amount=amount, exclude=exclude)
    end = _end_date(eng, clean, observation_end, "observation_end")
    sql = _summary_sql(eng, clean, end, unit, repeat_spend=repeat_spend)
    return SummaryQuery(eng, sql, customer, time_unit, end, amount is not None)


def rfm_summary(
    transactions: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str | None = None,
    observation_end: Any = None,
    time_unit: str = "week",
    exclude: str | None = None,
    engine: str | None = None,
    spark: Any = None,
) -> pd.DataFrame:
    """Frequency, recency, age and spend per customer from a transaction log.

    Purchases are grouped into calendar days (several purchases on one day are
    one purchase occasion, their amounts summed), then per customer:

    - ``frequency`` = number of purchase days - 1 (repeat purchases),
    - ``recency`` = time from first to last purchase day,
    - ``T`` = time from first purchase day to ``observation_end``,
    - ``monetary_value`` = mean spend of the repeat purchase days (0 if none).

    These are the definitions and names of ``lifetimes``'
    ``summary_data_from_transaction_data`` (with ``freq="D"`` and
    ``freq_multiplier`` 7 for weeks) and of Fader, Hardie & Lee (2005).

    Parameters
    ----------
    transactions : DataFrame, str, path, DuckDB relation, Spark DataFrame or Ibis table
        One row per purchase. A CSV/Parquet path (or glob) is scanned by DuckDB
        without loading it into memory; a Spark DataFrame or an Ibis table is
        summarised on its own engine and only the result is brought back.
    customer, timestamp : str
        Columns with the customer id and the purchase date or timestamp.
    amount : str, optional
        Column with the spend of each purchase; without it no
        ``monetary_value`` column is returned.
    observation_end : date-like, optional
        Last day of the observation window (inclusive); purchases after it are
        ignored. Default: the last purchase day in the data.
    time_unit : {"week", "day", "month", "quarter", "year"}, default "week"
        Unit of ``recency`` and ``T``: weeks (7 days), days, months (30.4375 days), quarters
        (91.3125 days) or years (365.25 days). Fractions are kept. The old letters ``"W"``,
        ``"D"``, ``"M"``, ``"Y"`` still work, with a FutureWarning.
    exclude : str, optional
        Boolean column; rows where it is true are not purchases and are left
        out (use ``exclude="is_refund"`` for the sample data). Negative amounts
        in kept rows raise an error instead of being dropped silently.
    engine : {"duckdb", "spark", "ibis"}, optional
        Where the work runs; default: told from ``transactions`` (a Spark
        DataFrame or ``"spark:db.table"`` runs on Spark, an Ibis table on its
        backend, anything else on DuckDB). See :mod:`cxtools.data.engines`.
    spark : SparkSession, optional
        Session for Spark paths and tables (default: the active one).

    Returns
    -------
    DataFrame
        Index ``customer`` (sorted); columns ``frequency``, ``recency``, ``T``
        and, if ``amount`` is given, ``monetary_value``.

    Raises
    ------
    CxSchemaError
        A named column is missing.
    CxDataError
        Empty customer or timestamp, unparseable timestamps, non-numeric or
        negative amounts (the message lists the first offending rows).
    CxParameterError
        Unknown ``time_unit`` or a bad ``observation_end``.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way: An alternative to the Pareto/NBD model. Marketing Science
    24(2), 275-284, section 2 (the (x, t_x, T) summary).
    Davidson-Pilon, C. (2015-2020). lifetimes 0.11.3,
    ``lifetimes.utils.summary_data_from_transaction_data``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "a", "b"],
    ...     "timestamp": ["1997-01-01", "1997-01-18", "1997-01-18", "1997-08-02", "1997-03-01"],
    ...     "amount": [29.33, 20.0, 9.73, 14.96, 10.0],
    ... })
    >>> rfm_summary(log, amount="amount", observation_end="1997-09-30").round(2)
                 frequency  recency      T  monetary_value
    customer_id
    a                  2.0    30.43  38.86           22.34
    b                  0.0     0.00  30.43            0.00
    """
    q = summary_query(transactions, customer=customer, timestamp=timestamp, amount=amount,
                      observation_end=observation_end, time_unit=time_unit, exclude=exclude,
                      engine=engine, spark=spark)
    eng = q.engine
    return _nonempty(_to_frame(eng.fetch(eng.query(q.sql)), customer, amount is not None, q.time_unit), q)


def compressed_summary(
    transactions: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str | None = None,
    observation_end: Any = None,
    time_unit: str = "week",
    exclude: str | None = None,
    engine: str | None = None,
    spark: Any = None,
    memory_limit: str | None = None,
) -> pd.DataFrame:
    """The RFM summary compressed to distinct (frequency, recency, T) rows, computed in the engine.

    Customers with the same (frequency, recency, T) have the same likelihood
    under BG/NBD and Pareto/NBD, so this table -- usually thousands of rows
    for millions of customers, since durations are whole days -- is all the
    transaction models need: fit with ``weights=table["customers"]``. Only this
    table leaves the engine.

    Parameters
    ----------
    transactions : DataFrame, str, path, DuckDB relation, Spark DataFrame or Ibis table
        See :func:`cxtools.data.engines.resolve_engine`.
    customer, timestamp, amount, observation_end, time_unit, exclude
        As in :func:`rfm_summary`.
    engine, spark, memory_limit
        As in :func:`cxtools.data.engines.resolve_engine`.

    Returns
    -------
    DataFrame
        Columns ``frequency``, ``recency``, ``T``, ``customers`` (number of
        customers with these values) and, with ``amount``, ``repeat_spend``
        (their total spend on repeat purchase days, so their mean
        ``monetary_value`` is ``repeat_spend / (customers * frequency)``),
        sorted by frequency, recency, T.
        The Gamma-Gamma spend model needs each repeat customer's own mean
        spend, which a sum does not keep: fit it on :func:`rfm_summary` of the
        repeat customers (or a random sample of them).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284: the likelihood, eq. (6),
    depends on a customer only through (x, t_x, T).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "b", "c"],
    ...     "timestamp": ["2024-01-01", "2024-01-08", "2024-01-01", "2024-01-08", "2024-01-03"],
    ... })
    >>> compressed_summary(log, observation_end="2024-01-15")
       frequency  recency         T  customers
    0        0.0      0.0  1.714286          1
    1        1.0      1.0  2.000000          2
    """
    q = summary_query(transactions, customer=customer, timestamp=timestamp, amount=amount,
                      observation_end=observation_end, time_unit=time_unit, exclude=exclude,
                      engine=engine, spark=spark, memory_limit=memory_limit, repeat_spend=True)
    eng = q.engine
    spend = ", CAST(sum(repeat_spend) AS DOUBLE) AS repeat_spend" if amount is not None else ""
    sql = (f"SELECT frequency, recency, T, count(*) AS customers{spend} "
           f"FROM ({q.sql}) AS summary GROUP BY frequency, recency, T")
    out = _nonempty(eng.fetch(eng.query(sql)), q)
    out = out.sort_values(["frequency", "recency", "T"], ignore_index=True)
    out["customers"] = out["customers"].astype("int64")
    out.attrs["time_unit"] = q.time_unit
    return out


def calibration_holdout_summary(
    transactions: Any,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str | None = None,
    time_unit: str = "week",
    exclude: str | None = None,
    engine: str | None = None,
    spark: Any = None,
) -> pd.DataFrame:
    """RFM summary of a calibration period plus purchases in the holdout period.

    The calibration summary uses :func:`rfm_summary`'s definitions with
    ``observation_end=calibration_end``; only customers whose first purchase
    falls in the calibration period are kept (the models predict customers
    already acquired). The holdout period runs from the day after
    ``calibration_end`` to ``observation_end`` inclusive.

    Parameters
    ----------
    transactions : DataFrame, str, path or duckdb.DuckDBPyRelation
        One row per purchase (see :func:`rfm_summary`).
    calibration_end : date-like
        Last day of the calibration period.
    observation_end : date-like, optional
        Last day of the holdout period. Default: the last purchase day.
    customer, timestamp, amount, time_unit, exclude, engine, spark
        As in :func:`rfm_summary`.

    Returns
    -------
    DataFrame
        Index ``customer``; columns ``frequency_cal``, ``recency_cal``,
        ``T_cal``, (``monetary_value_cal``), ``frequency_holdout`` (number of
        purchase days in the holdout), (``monetary_value_holdout``: mean spend
        per holdout purchase day, 0 if none) and ``duration_holdout`` (length of
        the holdout in ``time_unit``) -- the names ``lifetimes`` uses.

    Raises
    ------
    CxParameterError
        ``calibration_end`` is not before ``observation_end``.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, section 4 (39-week
    calibration and 39-week holdout on CDNOW).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b", "b"],
    ...     "timestamp": ["2024-01-01", "2024-01-15", "2024-03-04", "2024-01-08", "2024-02-26"],
    ... })
    >>> cal = calibration_holdout_summary(log, calibration_end="2024-01-31",
    ...                                   observation_end="2024-03-31")
    >>> print(cal.round(2).to_string())
                 frequency_cal  recency_cal  T_cal  frequency_holdout  duration_holdout
    customer_id
    a                      1.0          2.0   4.29                1.0              8.57
    b                      0.0          0.0   3.29                1.0              8.57
    """
    time_unit = vocabulary.time_unit(time_unit, func="calibration_holdout_summary")
    unit = _unit_days(time_unit)
    eng = resolve_engine(transactions, engine=engine, spark=spark)
    clean = _clean_view_sql(eng, customer=customer, timestamp=timestamp, amount=amount, exclude=exclude)
    cal_end = _end_date(eng, clean, calibration_end, "calibration_end")
    end = _end_date(eng, clean, observation_end, "observation_end")
    if cal_end >= end:
        raise CxParameterError(
            f"calibration_end ({cal_end.date()}) must be before observation_end ({end.date()}); "
            "the holdout period would be empty"
        )
    last = _end_date(eng, clean, None, "observation_end")
    if cal_end >= last:
        raise CxParameterError(
            f"calibration_end ({cal_end.date()}) is on or after the last purchase day ({last.date()}): the "
            "holdout period would hold no purchase; choose an earlier calibration_end"
        )
    cal = _summary_sql(eng, clean, cal_end, unit, suffix="_cal")
    c_end, o_end = f"DATE '{cal_end.date().isoformat()}'", f"DATE '{end.date().isoformat()}'"
    sql = f"""
SELECT cal.*,
       CAST(coalesce(hold.n, 0) AS DOUBLE) AS frequency_holdout,
       coalesce(CAST(hold.amt AS DOUBLE) / hold.n, CAST(0 AS DOUBLE)) AS monetary_value_holdout,
       CAST({eng.days_between(c_end, o_end)} AS DOUBLE) / {eng.double(unit)} AS duration_holdout
FROM ({cal}) AS cal LEFT JOIN (
    SELECT cust, count(*) AS n, sum(amt) AS amt FROM (
        SELECT cust, day, sum(amt) AS amt FROM ({clean}) AS clean
        WHERE day > {c_end} AND day <= {o_end}
        GROUP BY cust, day
    ) AS hold_daily GROUP BY cust
) AS hold ON cal.cust = hold.cust
"""
    out = _to_frame(eng.fetch(eng.query(sql)), customer, amount is not None, time_unit)
    if out.empty:
        raise CxEmptyDataError(
            f"no customer made a first purchase on or before calibration_end={cal_end.date()}"
        )
    return out
