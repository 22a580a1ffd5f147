"""Per-customer scores computed where the data live.

A log too large for one machine still has few distinct (frequency, recency, T)
rows. :func:`score_customers` therefore

1. builds the per-customer summary in the engine (DuckDB, Spark or an Ibis
   backend, :mod:`cxtools.data.engines`),
2. brings back only its distinct (frequency, recency, T) rows and scores each
   once here: P(alive), expected purchases in the horizon, discounted expected
   purchases for CLV and, for CLV intervals, the same under each parameter
   draw,
3. joins the scores back in the engine, where each customer's own mean spend
   enters through the Gamma-Gamma posterior mean (linear in it), and writes one
   row per customer to Parquet or a Spark table.

The arithmetic in the engine is the same, operation for operation, as in
:func:`cxtools.ltv.models.customer_lifetime_value`, so the scores equal that
function's on the same customers (intervals to interpolation rounding, ~1e-15).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxtools.core.errors import CxEmptyDataError, CxParameterError
from cxtools.core import vocabulary
from cxtools.core.vocabulary import DAYS_PER_UNIT, DEFAULT_CONFIDENCE
from cxtools.ltv.rfm import summary_query

__all__ = ["score_customers", "write_summary", "ScoreRun", "SCORE_COLUMNS"]

#: bytes of DuckDB memory one (customer, day) group of the summary takes, measured on 20M
#: transactions (a 700 MB limit holds about 5M groups without spilling)
_BYTES_PER_GROUP = 140

#: Columns of a score table after the customer id, in order (the spend and CLV ones
#: only with a spend model, the interval ones only with an interval).
SCORE_COLUMNS = ("frequency", "recency", "T", "monetary_value", "probability_alive", "expected_purchases",
                 "expected_spend", "clv", "clv_lower", "clv_upper")


@dataclass(frozen=True)
class ScoreRun:
    """Where the scores went and what they cover.

    Attributes
    ----------
    output : str
        Parquet path or ``"spark:table"`` written.
    engine : str
        Engine that ran the summary and the join.
    n_customers : int
        Customers scored (rows written).
    n_distinct : int
        Distinct (frequency, recency, T) rows scored locally.
    columns : tuple of str
        Columns of the written table.
    """

    output: str
    engine: str
    n_customers: int
    n_distinct: int
    columns: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the figures."""
        return pd.DataFrame([{**self.__dict__, "columns": ", ".join(self.columns)}])

    def describe(self) -> str:
        """One plain sentence."""
        return (f"Scored {self.n_customers:,} customers ({self.n_distinct:,} distinct purchase histories) "
                f"on {self.engine}; written to {self.output}.")

    def __repr__(self) -> str:
        return (f"ScoreRun(output={self.output!r}, engine={self.engine!r}, n_customers={self.n_customers}, "
                f"n_distinct={self.n_distinct})")


def _lit(eng, value: float) -> str:
    return eng.double(value)


def write_summary(query, target: str, *, partitions: int | None = None) -> str:
    """Write the one-row-per-customer summary of a :class:`~cxtools.ltv.rfm.SummaryQuery` to Parquet.

    On DuckDB with a memory limit the summary runs in passes over hash partitions of
    the customers (:meth:`~cxtools.data.engines.DuckDBEngine.by_key_partitions`), as
    many as the limit needs so that no pass spills to disk; the target is then a
    folder of ``part-<i>.parquet`` files. Other engines write in one go (Spark: a
    folder; Ibis: a file).

    Parameters
    ----------
    query : SummaryQuery
        From :func:`cxtools.ltv.rfm.summary_query`.
    target : str or path
        Parquet file (one pass) or folder (several).
    partitions : int, optional
        Number of passes; default: from the row count and DuckDB's memory limit.

    Returns
    -------
    str
        Where the summary went.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from cxtools.ltv.rfm import summary_query
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2, 3], "timestamp": ["2024-01-01", "2024-01-09", "2024-01-02",
    ...                                                                "2024-01-03"]})
    >>> out = write_summary(summary_query(log), tempfile.mkdtemp() + "/summary", partitions=2)
    >>> pd.read_parquet(out).sort_values("cust")["frequency"].tolist()
    [1.0, 0.0, 0.0]
    """
    import os

    from cxtools.data.engines import DuckDBEngine

    eng = query.engine
    target = os.fspath(target)
    if not isinstance(eng, DuckDBEngine) or not eng._own:
        return eng.write(eng.query(query.sql), target)
    if partitions is None:
        n_rows = eng.rows(f"SELECT count(*) FROM {eng.view}")[0][0]
        partitions = max(1, math.ceil(n_rows * _BYTES_PER_GROUP / eng.memory_limit_bytes()))
    if partitions == 1:
        return eng.write(eng.query(query.sql), target)
    os.makedirs(target, exist_ok=True)
    for i, sql in enumerate(eng.by_key_partitions(query.sql, key=query.customer, parts=partitions)):
        eng.write(eng.query(sql), os.path.join(target, f"part-{i}.parquet"))
    return target


def score_customers(
    transactions: Any,
    transaction_model: Any,
    spend_model: Any = None,
    *,
    horizon: float,
    time_unit: str | None = None,
    margin: float = 1.0,
    discount_rate: float = 0.0,
    discount_period: str = "year",
    confidence: float | None = DEFAULT_CONFIDENCE,
    n_draws: int = 200,
    n_steps: int = 24,
    seed: int = 2026,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str | None = None,
    observation_end: Any = None,
    exclude: str | None = None,
    out: str | None = None,
    engine: str | None = None,
    spark: Any = None,
    memory_limit: str | None = None,
) -> pd.DataFrame | ScoreRun:
    """Score every customer of a transaction log in its engine, one row per customer.

    Parameters
    ----------
    transactions : DataFrame, str, path, DuckDB relation, Spark DataFrame or Ibis table
        The log (see :func:`cxtools.data.engines.resolve_engine`).
    transaction_model : BetaGeoModel or ParetoNBDModel
        Fitted; the summary is built in its ``time_unit``.
    spend_model : GammaGammaModel, optional
        Fitted; adds ``expected_spend``, ``clv`` and its interval (needs ``amount``).
    horizon : float
        Future window for expected purchases and CLV, in ``time_unit``.
    time_unit : {"week", "day", "month", "quarter", "year"}, optional
        Unit of ``horizon``; default the model's (the old letters ``"W"`` ... still work, with a
        FutureWarning).
    margin, discount_rate, discount_period, confidence, n_draws, n_steps, seed
        As in :func:`cxtools.ltv.models.customer_lifetime_value` (same draws for
        the same seed).
    customer, timestamp, amount, observation_end, exclude
        As in :func:`cxtools.ltv.rfm.rfm_summary`.
    out : str, optional
        Parquet path (a file for DuckDB, a folder for Spark) or ``"spark:db.table"``.
        Without it the scores come back as a DataFrame (for logs that fit in memory).
    engine, spark, memory_limit
        As in :func:`cxtools.data.engines.resolve_engine`.

    Returns
    -------
    DataFrame or ScoreRun
        Without ``out``: index ``customer`` (sorted), columns of
        :data:`SCORE_COLUMNS` that apply. With ``out``: a :class:`ScoreRun`.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, eqs. (10)-(11); Fader, P. S.
    & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value, eq. (5)
    (posterior mean spend, linear in the customer's mean spend).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.models import BetaGeoModel
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> bg = BetaGeoModel(time_unit="week").fit(cdnow)
    >>> scores = score_customers(log, bg, timestamp="date", horizon=39, observation_end="1997-09-30")
    >>> list(scores.columns)
    ['frequency', 'recency', 'T', 'probability_alive', 'expected_purchases']
    >>> len(scores)
    2357
    """
    from cxtools.ltv.models import (
        DISCOUNT_PERIOD_DAYS,
        GammaGammaModel,
        _discounted_purchases,
        _RepeatBuyingModel,
    )

    if not isinstance(transaction_model, _RepeatBuyingModel):
        raise CxParameterError("transaction_model must be a fitted BetaGeoModel or ParetoNBDModel")
    transaction_model._check_fitted()
    if spend_model is not None:
        if not isinstance(spend_model, GammaGammaModel):
            raise CxParameterError("spend_model must be a fitted GammaGammaModel")
        spend_model._check_fitted()
        if amount is None:
            raise CxParameterError("a spend model needs the amount column: pass amount='...'")
    unit = transaction_model.time_unit
    time_unit = unit if time_unit is None else vocabulary.time_unit(time_unit, func="score_customers")
    if not (isinstance(horizon, (int, float)) and np.isfinite(horizon) and horizon > 0):
        raise CxParameterError(f"horizon must be a positive number of {time_unit!r} units, got {horizon!r}")
    from cxtools.core.checks import check_confidence, check_rate, check_share

    check_share(margin, func="score_customers", name="margin")
    discount_period = vocabulary.time_unit(discount_period, func="score_customers", name="discount_period")
    check_rate(discount_rate, func="score_customers", name="discount_rate", upper=1)
    if confidence is not None:
        confidence = check_confidence(confidence, func="score_customers")
    if spend_model is None:
        confidence = None

    q = summary_query(transactions, customer=customer, timestamp=timestamp, amount=amount,
                      observation_end=observation_end, time_unit=unit, exclude=exclude,
                      engine=engine, spark=spark, memory_limit=memory_limit)
    eng = q.engine
    keys = eng.fetch(eng.query(f"SELECT frequency, recency, T, count(*) AS n FROM ({q.sql}) AS s "
                               "GROUP BY frequency, recency, T"))
    if keys.empty:
        raise CxEmptyDataError(f"no purchases on or before {q.observation_end.date()}; nothing to score")
    keys = keys.sort_values(["frequency", "recency", "T"], ignore_index=True)
    n_customers = int(keys.pop("n").sum())
    x, tx, T = (keys[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    model_days = DAYS_PER_UNIT[unit]
    h = horizon * DAYS_PER_UNIT[time_unit] / model_days
    params = transaction_model.params_.to_numpy()
    keys.insert(0, "key_id", np.arange(len(keys), dtype=np.int64))
    keys["probability_alive"] = transaction_model._p_alive(params, x, tx, T)
    keys["expected_purchases"] = transaction_model._expected(params, h, x, tx, T)

    # (expression over the join j, output name)
    cols = [(f"j.{c}", c) for c in ("frequency", "recency", "T", "monetary_value", "probability_alive",
                                    "expected_purchases")]
    draws = None
    if spend_model is not None:
        p, qq, g = spend_model.params_.to_numpy()
        if qq <= 1:
            raise CxParameterError(
                f"Gamma-Gamma q = {qq:.3g} <= 1: the mean spend is infinite under the fitted model; "
                "spend is too heavy-tailed for this model (trim extreme orders or model spend directly)"
            )
        delta = math.log1p(discount_rate) * model_days / DISCOUNT_PERIOD_DAYS[discount_period]
        det, _ = _discounted_purchases(transaction_model, params, x, tx, T, h, delta, int(n_steps))
        keys["det"] = det
        keys["gg_denom"] = p * x + qq - 1.0
        # the same operations as GammaGammaModel._spend and customer_lifetime_value
        spend = f"(({_lit(eng, g)} + j.frequency * j.monetary_value) * {_lit(eng, p)}) / j.gg_denom"
        cols += [(spend, "expected_spend"), (f"({_lit(eng, margin)} * ({spend})) * j.det", "clv")]
        if confidence is not None:
            rng = np.random.default_rng(seed)
            tdraws = transaction_model._draw_params(n_draws, rng)
            sdraws = spend_model._draw_params(n_draws, rng)
            D = np.vstack([_discounted_purchases(transaction_model, tdraws[k], x, tx, T, h, delta,
                                                 int(n_steps))[0] for k in range(n_draws)])
            lo, hi = (1 - confidence) / 2, (1 + confidence) / 2
            # customers without repeat purchases have mean spend 0: their interval depends on
            # (x, t_x, T) alone and is computed here; the others' in the engine, from the draws
            none = x == 0
            sims0 = np.vstack([margin * GammaGammaModel._spend(sdraws[k], x[none], np.zeros(none.sum()))
                               * D[k, none] for k in range(n_draws)])
            keys["clv_lower0"] = np.nan
            keys["clv_upper0"] = np.nan
            keys.loc[none, "clv_lower0"] = np.quantile(sims0, lo, axis=0)
            keys.loc[none, "clv_upper0"] = np.quantile(sims0, hi, axis=0)
            rep = np.flatnonzero(~none)
            ps, gs = sdraws[:, 0], sdraws[:, 2]
            draws = pd.DataFrame({
                "key_id": np.repeat(rep.astype(np.int64), n_draws),
                "d_det": D[:, rep].T.ravel(),
                "d_p": np.tile(ps, rep.size),
                "d_g": np.tile(gs, rep.size),
                "d_denom": (ps[None, :] * x[rep, None] + sdraws[None, :, 1] - 1.0).ravel(),
            })
            sim = (f"({_lit(eng, margin)} * (((j.d_g + j.frequency * j.monetary_value) * j.d_p) / j.d_denom))"
                   " * j.d_det")
            # one group per customer: the per-customer columns are constant within it
            agg = [f"j.cust AS {eng.quote(customer)}"] + [f"min({e}) AS {n}" for e, n in cols]
            agg += [f"CASE WHEN min(j.frequency) = 0 THEN min(j.clv_lower0) ELSE {eng.quantile(sim, lo)} END "
                    "AS clv_lower",
                    f"CASE WHEN min(j.frequency) = 0 THEN min(j.clv_upper0) ELSE {eng.quantile(sim, hi)} END "
                    "AS clv_upper"]
            final = "SELECT " + ", ".join(agg) + " FROM {j} GROUP BY j.cust"
    if draws is None:
        final = "SELECT " + ", ".join([f"j.cust AS {eng.quote(customer)}"] + [f"{e} AS {n}" for e, n in cols]) \
            + " FROM {j}"
    result = eng.score_join(q.sql, keys, draws, final)
    columns = tuple([customer] + [c for c in SCORE_COLUMNS if c in result.columns])
    if out is None:
        frame = eng.fetch(result).set_index(customer).sort_index()
        frame = frame[list(columns[1:])]
        if not q.with_amount:
            frame = frame.drop(columns="monetary_value")
        frame.attrs.update({"time_unit": unit, "horizon": horizon, "horizon_unit": time_unit})
        return frame
    written = eng.write(result, out)
    return ScoreRun(written, eng.name, n_customers, len(keys), columns)


def run_score_command(args: Any) -> int:
    """``cxtools score``: score a log from a path (or ``spark:table``) with saved models.

    ``args`` are the parsed options of the ``score`` sub-command (see
    :func:`cxtools.cli.build_parser`). Prints one sentence and returns 0.
    """
    from cxtools.ltv.models import GammaGammaModel, _RepeatBuyingModel, load_model

    model = load_model(args.model)
    if not isinstance(model, _RepeatBuyingModel):
        raise CxParameterError(f"{args.model}: --model must be a saved BG/NBD or Pareto/NBD model, "
                               f"not a {type(model).__name__}")
    spend = None
    if args.spend_model:
        spend = load_model(args.spend_model)
        if not isinstance(spend, GammaGammaModel):
            raise CxParameterError(f"{args.spend_model}: --spend-model must be a saved Gamma-Gamma model")
    run = score_customers(
        args.source, model, spend, horizon=args.horizon, time_unit=args.time_unit, margin=args.margin,
        discount_rate=args.discount_rate, discount_period=args.discount_period,
        confidence=None if args.no_interval else args.confidence, n_draws=args.n_draws,
        customer=args.customer, timestamp=args.timestamp, amount=args.amount,
        observation_end=args.observation_end, exclude=args.exclude, out=args.out, engine=args.engine,
        memory_limit=args.memory_limit,
    )
    print(run.describe())
    return 0
