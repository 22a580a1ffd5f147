"""Survey respondents linked to their customer record, and satisfaction in bands.

:func:`link_survey_to_customers` joins each respondent to their customer and (with contracts) to
the contract running on the response date, measuring the time at risk from the response; every
survey row ends either linked or with the reason it could not be. :func:`satisfaction_band`
groups overall-satisfaction scores into four bands of their own scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cxtools.core.checks import check_choice, require_columns, rows_preview
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.core.results import TableResult
from cxtools.value._common import AS_OF, DAYS_PER_MONTH, _bad_dates, _clean_ids, _dates, _numeric

__all__ = ["SATISFACTION_BANDS", "UNMATCHED_REASONS", "JoinResult", "link_survey_to_customers", "satisfaction_band"]

#: Bands of the 1-10 overall-satisfaction scale used by :func:`satisfaction_band`.
SATISFACTION_BANDS: tuple[tuple[str, int, int], ...] = (
    ("1-4 (low)", 1, 4),
    ("5-6 (medium)", 5, 6),
    ("7-8 (high)", 7, 8),
    ("9-10 (very high)", 9, 10),
)

#: Why a respondent could not be linked, in the order the checks are made.
UNMATCHED_REASONS: tuple[str, ...] = (
    "duplicate respondent id",
    "no customer id",
    "response date missing or not a date",
    "response on or after the as-of date",
    "customer id not found among customers",
    "customer id listed more than once among customers",
    "repeat response from the same customer",
    "no contract on file",
    "contract started after the response",
    "contract ended on or before the response",
    "several contracts cover the response date",
)


@dataclass(frozen=True, repr=False)
class JoinResult(TableResult):
    """Survey respondents linked to their customer record, with the join's coverage.

    Attributes
    ----------
    data : DataFrame
        One row per linked respondent (survey index kept): the survey columns, the
        contract covering the response date, and ``tenure_months`` (at the response),
        ``months_at_risk`` (response to contract end or the as-of date), ``churned``
        (contract ended by the as-of date), ``nps_group`` (when there is an ``nps``
        column), ``extra_spend`` and ``extra_spend_per_month`` (one-off purchases while
        at risk, when transactions were given) and the operations columns (when given).
    coverage : DataFrame
        ``status`` ("linked" or the reason), ``respondents`` and ``share`` of all
        respondents; the counts add up to the number of survey rows.
    unmatched : DataFrame
        The respondents not linked: ``row`` (survey index), respondent id, customer id
        and ``reason``. Ids only -- no personal data.
    as_of : Timestamp
        The censoring date.
    contracts : bool
        Whether respondents were linked to contracts (False: to the customer list only).
    """

    _frame = "coverage"
    data: pd.DataFrame
    coverage: pd.DataFrame
    unmatched: pd.DataFrame
    as_of: pd.Timestamp
    contracts: bool = True

    @property
    def n_respondents(self) -> int:
        """Survey rows read."""
        return int(self.coverage["respondents"].sum())

    @property
    def n_linked(self) -> int:
        """Respondents linked to a customer and contract."""
        return int(len(self.data))


    def __repr__(self) -> str:
        n, k = self.n_respondents, self.n_linked
        share = k / n if n else float("nan")
        lines = [f"JoinResult: {k:,} of {n:,} respondents linked ({share:.1%}), as of {self.as_of.date()}"]
        for _, row in self.coverage.iterrows():
            if row["status"] != "linked" and row["respondents"] > 0:
                lines.append(f"  not linked -- {row['status']}: {row['respondents']:,}")
        return "\n".join(lines)


def link_survey_to_customers(
    survey: pd.DataFrame,
    customers: pd.DataFrame,
    subscriptions: pd.DataFrame | None,
    *,
    transactions: pd.DataFrame | None = None,
    operations: pd.DataFrame | None = None,
    as_of: str | pd.Timestamp = AS_OF,
    keep: Literal["first", "last"] = "first",
    customer_id: str = "customer_id",
    respondent_id: str = "respondent_id",
    response_date: str = "response_date",
    nps: str | None = "nps",
) -> JoinResult:
    """Link survey respondents to their customer record and measure the time at risk.

    Each respondent is checked in turn -- duplicate respondent id, no customer id,
    unreadable response date, response on or after the as-of date, id not among the
    customers, id listed twice among the customers, repeat response from the same
    customer (only the ``keep`` one is used, so each customer counts once), no contract,
    contract starting after or ending on/before the response, several contracts covering
    the response date -- and the first failing check is the reason it is not linked.
    Every survey row ends up either in ``data`` or in ``unmatched``.

    Time at risk starts at the survey response (the planted effect in the sample data
    acts from then on, and answers given before a customer left cannot be explained by
    the leaving) and ends at the contract's end date or, for open contracts and those
    ending later, at ``as_of`` (right-censored).

    Parameters
    ----------
    survey : DataFrame
        One row per response, with ``respondent_id``, ``customer_id`` (may be empty) and
        ``response_date`` columns.
    customers : DataFrame
        One row per customer with a ``customer_id`` column.
    subscriptions : DataFrame or None
        Contracts: ``customer_id``, ``start_date``, ``end_date`` (empty = still active).
        All other columns (plan, n_products, monthly_revenue, monthly_margin, ...) are
        carried into ``data``. ``None`` for a business without contracts: respondents
        are then linked to the customer list only (the contract checks are not made, and
        there is no time at risk or one-off spend while at risk in ``data``).
    transactions : DataFrame, optional
        One-off purchases (``customer_id``, ``timestamp``, ``amount``; refunds negative).
        When given, net spend while at risk is added as ``extra_spend`` and
        ``extra_spend_per_month``.
    operations : DataFrame, optional
        One row per customer (``customer_id`` plus e.g. ``avg_wait_minutes``,
        ``n_repeat_contacts``); its columns are added to ``data`` (missing where a
        customer has no row).
    as_of : str or Timestamp, default "2026-06-30"
        End of the observation window.
    keep : {"first", "last"}, default "first"
        Which response to use when a customer answered more than once.
    customer_id, respondent_id, response_date : str
        Column names.
    nps : str or None, default "nps"
        0-10 recommend column; when present, ``nps_group`` (detractor/passive/promoter)
        is added with :func:`cxtools.survey.nps_category`.

    Returns
    -------
    JoinResult
        ``data`` (linked respondents), ``coverage`` and ``unmatched``.

    Raises
    ------
    CxSchemaError
        If a table lacks a required column.
    CxDataError
        If a contract's start date is missing or unreadable, an end date is unreadable or
        before the start, or a transaction has an unreadable timestamp or amount (rows
        named).

    References
    ----------
    Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
    (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2),
    164-174.

    Examples
    --------
    >>> import pandas as pd
    >>> survey = pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4"],
    ...                        "customer_id": ["C1", "C2", None, "C9"],
    ...                        "response_date": ["2025-03-01"] * 4, "nps": [9, 3, 7, 8]})
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"]})
    >>> contracts = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "start_date": ["2024-03-01", "2020-01-01"],
    ...                           "end_date": [None, "2025-09-01"]})
    >>> joined = link_survey_to_customers(survey, customers, contracts)
    >>> joined.data[["customer_id", "tenure_months", "months_at_risk", "churned", "nps_group"]].round(1)
      customer_id  tenure_months  months_at_risk  churned nps_group
    0          C1           12.0            16.0    False  promoter
    1          C2           62.0             6.0     True detractor
    >>> joined.coverage.query("respondents > 0")
                                      status  respondents  share
    0                                 linked            2   0.50
    2                         no customer id            1   0.25
    5  customer id not found among customers            1   0.25
    """
    func = "link_survey_to_customers"
    require_columns(survey, [respondent_id, customer_id, response_date], func=func, what="survey")
    require_columns(customers, [customer_id], func=func, what="customers")
    contractual = subscriptions is not None
    if subscriptions is not None:
        require_columns(subscriptions, [customer_id, "start_date", "end_date"], func=func, what="subscriptions")
    else:
        subscriptions = pd.DataFrame({customer_id: pd.Series([], dtype=object), "start_date": pd.Series([], dtype=object),
                                      "end_date": pd.Series([], dtype=object)})
    check_choice("keep", keep, ["first", "last"], func=func)
    try:
        as_of = pd.Timestamp(as_of)
    except (TypeError, ValueError) as exc:
        raise CxParameterError(f"{func}: as_of must be a date such as '2026-06-30', got {as_of!r}") from exc
    if pd.isna(as_of):
        raise CxParameterError(f"{func}: as_of must be a date, got {as_of!r}")

    # --- contracts: validated up front, a broken contract table is an error, not a reason
    subs = subscriptions.copy()
    subs["_start"] = _dates(subs["start_date"])
    subs["_end"] = _dates(subs["end_date"])
    bad = subs["_start"].isna()
    if bad.any():
        raise CxDataError(
            f"{func}: subscriptions column 'start_date' is missing or not a YYYY-MM-DD date in rows "
            f"{rows_preview(subs.index[bad])} (values {list(subscriptions['start_date'][bad].head(3))})"
        )
    bad = _bad_dates(subscriptions["end_date"], subs["_end"])
    if bad.any():
        raise CxDataError(
            f"{func}: subscriptions column 'end_date' must be a YYYY-MM-DD date or empty (still active); "
            f"rows {rows_preview(subs.index[bad])} hold {list(subscriptions['end_date'][bad].head(3))}"
        )
    bad = subs["_end"].notna() & (subs["_end"] < subs["_start"])
    if bad.any():
        raise CxDataError(f"{func}: subscriptions end before they start in rows {rows_preview(subs.index[bad])}")
    subs["_cid"] = _clean_ids(subs[customer_id])

    # --- respondents, one check at a time; the first failing check is the reason
    s = survey.copy()
    row_label = pd.Series(s.index, index=s.index)
    s = s.reset_index(drop=True)
    reason = pd.Series(pd.NA, index=s.index, dtype=object)

    def flag(mask: pd.Series, why: str) -> None:
        reason[mask & reason.isna()] = why

    cid = _clean_ids(s[customer_id])
    rdate = _dates(s[response_date])
    flag(s[respondent_id].duplicated(keep="first") & s[respondent_id].notna(), UNMATCHED_REASONS[0])
    flag(cid.isna(), UNMATCHED_REASONS[1])
    flag(rdate.isna(), UNMATCHED_REASONS[2])
    flag(rdate >= as_of, UNMATCHED_REASONS[3])
    known = _clean_ids(customers[customer_id])
    flag(~cid.isin(set(known.dropna())), UNMATCHED_REASONS[4])
    flag(cid.isin(set(known[known.duplicated(keep=False)].dropna())), UNMATCHED_REASONS[5])

    ok = reason.isna()
    order = pd.DataFrame({"cid": cid[ok], "date": rdate[ok]}).sort_values(["cid", "date"], kind="stable")
    repeat = order["cid"].duplicated(keep=keep)
    flag(pd.Series(s.index.isin(order.index[repeat]), index=s.index), UNMATCHED_REASONS[6])

    # contract covering the response date (end strictly after the response: time at risk > 0)
    ok = reason.isna() & contractual
    cand = pd.DataFrame({"_pos": s.index[ok], "_cid": cid[ok].to_numpy(), "_rdate": rdate[ok].to_numpy()})
    cand = cand.merge(subs.assign(_subrow=np.arange(len(subs))).reset_index(drop=True), on="_cid", how="left")
    has = cand["_subrow"].notna()
    covers = has & (cand["_start"] <= cand["_rdate"]) & (cand["_end"].isna() | (cand["_end"] > cand["_rdate"]))
    later = has & (cand["_start"] > cand["_rdate"])
    per = pd.DataFrame({"has": has, "covers": covers, "later": later, "_pos": cand["_pos"]}).groupby("_pos").sum()
    status = pd.Series(pd.NA, index=per.index, dtype=object)
    status[per["has"] == 0] = UNMATCHED_REASONS[7]
    status[(per["has"] > 0) & (per["covers"] == 0) & (per["later"] == per["has"])] = UNMATCHED_REASONS[8]
    status[(per["has"] > 0) & (per["covers"] == 0) & (per["later"] < per["has"])] = UNMATCHED_REASONS[9]
    status[per["covers"] > 1] = UNMATCHED_REASONS[10]
    for why in UNMATCHED_REASONS[7:]:
        flag(pd.Series(s.index.isin(status.index[status == why]), index=s.index), why)
    if not contractual:
        return _linked_without_contracts(s, reason, row_label, cid, rdate, survey=survey, operations=operations,
                                         as_of=as_of, customer_id=customer_id, respondent_id=respondent_id,
                                         response_date=response_date, nps=nps, func=func)

    # --- the linked rows
    linked_pos = s.index[reason.isna()]
    chosen = cand[covers & cand["_pos"].isin(linked_pos)].set_index("_pos").loc[linked_pos]
    sub_cols = [c for c in subscriptions.columns if c != customer_id]
    data = s.loc[linked_pos].copy()
    for col in sub_cols:
        target = col if col not in data.columns else f"{col}_contract"
        data[target] = subs[col].iloc[chosen["_subrow"].astype(int).to_numpy()].to_numpy()
    start, end = chosen["_start"].to_numpy(), chosen["_end"]
    rd = rdate[linked_pos]
    exit_ = end.where(end.notna() & (end <= as_of), as_of).to_numpy()
    data[response_date] = rd
    data["tenure_months"] = (rd.to_numpy() - start) / pd.Timedelta(days=1) / DAYS_PER_MONTH
    data["months_at_risk"] = (exit_ - rd.to_numpy()) / pd.Timedelta(days=1) / DAYS_PER_MONTH
    data["churned"] = (end.notna() & (end <= as_of)).to_numpy()
    if transactions is not None:
        spend = _spend_while_at_risk(transactions, cid[linked_pos], rd, pd.Series(exit_, index=linked_pos),
                                     customer_id=customer_id, func=func)
        data["extra_spend"] = spend.to_numpy()
        data["extra_spend_per_month"] = data["extra_spend"] / data["months_at_risk"]
    if operations is not None:
        data = _add_operations(data, operations, cid[linked_pos], customer_id=customer_id, func=func)
    return _finish_join(data, s, reason, row_label, cid, linked_pos, survey=survey, as_of=as_of,
                        respondent_id=respondent_id, nps=nps, customer_id=customer_id)


def _add_operations(data: pd.DataFrame, operations: pd.DataFrame, cid: pd.Series, *, customer_id: str,
                    func: str) -> pd.DataFrame:
    require_columns(operations, [customer_id], func=func, what="operations")
    ops = operations.copy()
    ops["_cid"] = _clean_ids(ops[customer_id])
    dup = ops["_cid"].duplicated(keep=False) & ops["_cid"].notna()
    if dup.any():
        raise CxDataError(f"{func}: operations must have one row per customer; customer ids repeat in rows "
                          f"{rows_preview(operations.index[dup.to_numpy()])}")
    ops = ops.drop(columns=[customer_id]).set_index("_cid")
    looked = ops.reindex(cid.to_numpy())
    for col in ops.columns:
        target = col if col not in data.columns else f"{col}_operations"
        data[target] = looked[col].to_numpy()
    return data


def _linked_without_contracts(s, reason, row_label, cid, rdate, *, survey, operations, as_of, customer_id,
                              respondent_id, response_date, nps, func) -> "JoinResult":
    linked_pos = s.index[reason.isna()]
    data = s.loc[linked_pos].copy()
    data[customer_id] = cid[linked_pos].to_numpy()
    data[response_date] = rdate[linked_pos]
    if operations is not None:
        data = _add_operations(data, operations, cid[linked_pos], customer_id=customer_id, func=func)
    return _finish_join(data, s, reason, row_label, cid, linked_pos, survey=survey, as_of=as_of,
                        respondent_id=respondent_id, nps=nps, customer_id=customer_id, contracts=False)


def _finish_join(data, s, reason, row_label, cid, linked_pos, *, survey, as_of, respondent_id, nps,
                 customer_id="customer_id", contracts=True) -> "JoinResult":
    data.index = row_label.iloc[linked_pos].to_numpy()
    data.index.name = survey.index.name
    if nps is not None and nps in data.columns:  # after the index is restored, so errors name the caller's rows
        from cxtools.survey import NPS_CATEGORIES, nps_category

        groups = nps_category(data[nps])
        data["nps_group"] = groups.astype(pd.CategoricalDtype(list(NPS_CATEGORIES), ordered=True))

    counts = reason.value_counts()
    n = len(s)
    statuses = ["linked", *UNMATCHED_REASONS]
    numbers = [int(reason.isna().sum())] + [int(counts.get(r, 0)) for r in UNMATCHED_REASONS]
    coverage = pd.DataFrame({"status": statuses, "respondents": numbers})
    coverage["share"] = coverage["respondents"] / n if n else np.nan
    miss = reason.notna()
    unmatched = pd.DataFrame(
        {
            "row": row_label[miss.to_numpy()].to_numpy(),
            respondent_id: s.loc[miss, respondent_id].to_numpy(),
            customer_id: cid[miss].to_numpy(),
            "reason": reason[miss].to_numpy(),
        }
    )
    if not contracts:  # the contract checks were not made: their reasons cannot occur
        coverage = coverage[~coverage["status"].isin(UNMATCHED_REASONS[7:])].reset_index(drop=True)
    return JoinResult(data=data, coverage=coverage, unmatched=unmatched, as_of=as_of, contracts=contracts)


def _spend_while_at_risk(transactions: pd.DataFrame, cid: pd.Series, start: pd.Series, stop: pd.Series, *,
                         customer_id: str, func: str) -> pd.Series:
    require_columns(transactions, [customer_id, "timestamp", "amount"], func=func, what="transactions")
    when = _dates(transactions["timestamp"])
    bad = when.isna()
    if bad.any():
        raise CxDataError(f"{func}: transactions column 'timestamp' is missing or not a date in rows "
                          f"{rows_preview(transactions.index[bad.to_numpy()])}")
    amount = _numeric(transactions, "amount", func, what="transactions")
    tx = pd.DataFrame({"_cid": _clean_ids(transactions[customer_id]).to_numpy(), "_when": when.to_numpy(),
                       "_amount": amount.to_numpy()})
    win = pd.DataFrame({"_cid": cid.to_numpy(), "_from": start.to_numpy(), "_to": stop.to_numpy(),
                        "_pos": np.arange(len(cid))})
    both = win.merge(tx, on="_cid", how="inner")
    inside = (both["_when"] >= both["_from"]) & (both["_when"] < both["_to"])
    total = both[inside].groupby("_pos")["_amount"].sum()
    return total.reindex(np.arange(len(cid)), fill_value=0.0)


def _band_edges(scale: tuple[int, int]) -> list[tuple[str, int, int]]:
    """The four bands of :data:`SATISFACTION_BANDS` carried to another scale by relative position."""
    lo, hi = int(scale[0]), int(scale[1])
    if (lo, hi) == (1, 10):
        return list(SATISFACTION_BANDS)
    # upper limits of the 1-10 bands as positions on the scale: 4 -> 3/9, 6 -> 5/9, 8 -> 7/9, 10 -> 1
    cuts = [(name.split(" ", 1)[1], (b_hi - 1) / 9) for name, _, b_hi in SATISFACTION_BANDS]
    bands, start = [], lo
    for word, cut in cuts:
        stop = start - 1
        while stop + 1 <= hi and (stop + 1 - lo) / (hi - lo) <= cut + 1e-9:
            stop += 1
        if stop >= start:
            label = f"{start}-{stop}" if stop > start else f"{start}"
            bands.append((f"{label} {word}", start, stop))
            start = stop + 1
    return bands


def satisfaction_band(scores: pd.Series, *, scale: tuple[int, int] = (1, 10)) -> pd.Series:
    """Group overall-satisfaction scores into four bands of their own scale.

    On the 1-10 scale the bands are ``1-4 (low)``, ``5-6 (medium)``, ``7-8 (high)``,
    ``9-10 (very high)`` (:data:`SATISFACTION_BANDS`). On another scale each answer
    falls in the band its relative position ``(x - lowest) / (highest - lowest)``
    would have on 1-10 (a 1-5 item: 1-2 low, 3 medium, 4 high, 5 very high); bands
    no answer of the scale can reach are left out. The labels sort in scale order
    also as plain text. Missing scores stay missing.

    Parameters
    ----------
    scores : Series of whole numbers on ``scale``
    scale : (int, int), default (1, 10)
        Lowest and highest answer of the item (from the data description).

    Returns
    -------
    Series
        Ordered categorical, same index and name.

    Raises
    ------
    CxDataError
        If a value is not a whole number on the scale (rows named).

    Examples
    --------
    >>> import pandas as pd
    >>> satisfaction_band(pd.Series([2, 5, 8, 10])).tolist()
    ['1-4 (low)', '5-6 (medium)', '7-8 (high)', '9-10 (very high)']
    >>> satisfaction_band(pd.Series([1, 2, 3, 4, 5]), scale=(1, 5)).tolist()
    ['1-2 (low)', '1-2 (low)', '3 (medium)', '4 (high)', '5 (very high)']
    """
    if not isinstance(scores, pd.Series):
        raise CxParameterError(f"satisfaction_band: expected a pandas Series, got {type(scores).__name__}")
    try:
        lo, hi = (int(v) for v in scale)
    except (TypeError, ValueError):
        raise CxParameterError(f"satisfaction_band: scale must be (lowest, highest) whole numbers, got {scale!r}") from None
    if hi - lo < 2:
        raise CxParameterError(f"satisfaction_band: scale {scale!r} needs at least three answers to form bands")
    name = scores.name if scores.name is not None else "score"
    frame = pd.DataFrame({name: scores})
    values = _numeric(frame, name, "satisfaction_band", allow_missing=True)
    bad = values.notna() & ((values < lo) | (values > hi) | (values != np.floor(values)))
    if bad.any():
        raise CxDataError(f"satisfaction_band: {name!r} must hold whole numbers from {lo} to {hi}; rows "
                          f"{rows_preview(scores.index[bad])} hold {list(scores[bad].head(3))}")
    bands = _band_edges((lo, hi))
    labels = [b[0] for b in bands]
    out = pd.Series(pd.NA, index=scores.index, dtype=object)
    for label, b_lo, b_hi in bands:
        out[(values >= b_lo) & (values <= b_hi)] = label
    return out.astype(pd.CategoricalDtype(labels, ordered=True)).rename(scores.name)


# ----------------------------------------------------------------------------------------
# 2. churn hazard ratios (Cox model)
# ----------------------------------------------------------------------------------------
# Cox hazard ratios live next to Kaplan-Meier in cxtools.ltv.survival; re-exported here.


# ----------------------------------------------------------------------------------------
# 3. value by group, value of moving customers, programme effect
