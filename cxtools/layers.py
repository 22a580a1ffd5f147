"""The layered pie: which data each CX layer has, customer value, and the scorecard's history.

The practice reads its data as four layers -- customers' **satisfaction** (survey) on top,
their **behaviour** below (contracts and purchases: whether they stay, how much they
spend), the **operations** that make them satisfied or not (waits, repeat contacts,
first-contact resolution) and, at the bottom, the **people** who run those operations
(employee survey). This module gathers what notebook 05 needs from each layer:

- :func:`layer_inventory` -- which sources each layer has in a data description, and what
  a missing one would add;
- :func:`customer_value` -- value per customer for the portfolio matrix: monthly margin x
  expected remaining lifetime from the contracts' churn rate (discounted), or, without
  contracts, CLV from the transaction log (BG/NBD with Gamma-Gamma spend);
- :func:`scorecard_history` -- the tidy history of each layer's headline indicators per
  wave or quarter, for :func:`cxtools.portfolio.scorecard`;
- :func:`scorecard_targets` -- targets from a parameter or the data description;
- :func:`absent_layers` -- the layers with no data at all.

The sentences and report tables of notebook 05 are in :mod:`cxtools.narrative.layers`.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

import numpy as np
import pandas as pd

from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.people import recommend_points
from cxtools.survey import nps

__all__ = [
    "LAYER_SOURCES",
    "layer_inventory",
    "absent_layers",
    "customer_value",
    "scorecard_history",
    "scorecard_targets",
]

#: Layer -> (source, what it measures), top of the pie first.
LAYER_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "satisfaction": (("survey", "what customers say: NPS, satisfaction, CSAT"),),
    "behaviour": (("subscriptions", "whether customers stay (contracts)"),
                  ("transactions", "how much and how often customers buy")),
    "operations": (("operations", "waiting times, repeat contacts, first-contact resolution"),),
    "people": (("employees", "employee survey: engagement and eNPS"),
               ("units", "the service units (branches, stores, teams)"),
               ("customer_units", "which unit serves which customer")),
}


def layer_inventory(description, *, as_of=None) -> pd.DataFrame:
    """One row per layer and source: provided or not, rows used, what it is for.

    Parameters
    ----------
    description : cxtools.data.description.DataDescription
    as_of : date-like, optional
        Passed to the loaders (later dates are rejected rows).

    Returns
    -------
    DataFrame
        ``Layer``, ``Data``, ``Provided`` ("yes"/"no"), ``Rows used`` (accepted of read,
        or "--"), ``Note`` (why it is missing).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxtools.data.description import load_description
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "transactions.csv").write_text("transaction_id,customer_id,timestamp,amount\\nT1,C1,2024-01-02,10\\n")
    >>> inv = layer_inventory(load_description(folder), as_of="2024-12-31")
    >>> inv[inv["Provided"] == "yes"][["Layer", "Data", "Rows used"]].values.tolist()
    [['behaviour', 'transactions', '1 of 1']]
    """
    rows = []
    for layer, sources in LAYER_SOURCES.items():
        for source, what in sources:
            provided = description.has(source)
            used, note = "--", ""
            if provided:
                try:
                    res = description.load(source, as_of=as_of)
                    used = f"{res.n_accepted:,} of {res.n_read:,}"
                except Exception as exc:  # a broken file is reported, not fatal for the overview
                    provided, note = False, f"could not be read: {str(exc).splitlines()[0][:120]}"
            else:
                note = description.why_missing(source)
            rows.append({"Layer": layer, "Data": source.replace("_", " "), "What it measures": what,
                         "Provided": "yes" if provided else "no", "Rows used": used, "Note": note})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ value
def customer_value(*, subscriptions: pd.DataFrame | None = None, transactions: pd.DataFrame | None = None,
                   as_of, margin_share: float = 0.0, discount_rate: float = 0.10,
                   horizon_weeks: int = 52, seed: int = 2026) -> pd.DataFrame:
    """Value per customer: from contracts when there are any, else CLV from purchases.

    **Contracts.** Each customer's latest contract gives the monthly margin (the
    ``monthly_margin`` column, else ``monthly_revenue x margin_share``). The monthly churn
    rate is the constant-hazard rate of all contracts (leavers over months at risk,
    :func:`cxtools.ltv.constant_churn_rate`); under a constant hazard the expected
    remaining lifetime does not depend on tenure, so a customer's value is the discounted
    margin multiple ``m r / (1 + d - r)`` of :func:`cxtools.ltv.segment_ltv` (Gupta &
    Lehmann 2003): what the relationship is worth at its current margin. Customers who
    have left keep that value, flagged ``churned``, so the portfolio shows how much of
    the value at stake in each cell has already gone.

    **Purchases only.** BG/NBD for the number of future purchases and Gamma-Gamma for
    their value (:func:`cxtools.ltv.customer_lifetime_value`) over ``horizon_weeks``,
    times ``margin_share`` (revenue when 0). Refunds (negative amounts) are left out.

    Parameters
    ----------
    subscriptions, transactions : DataFrame, optional
        Loaded tables (:func:`cxtools.data.io.load_subscriptions`, :func:`~cxtools.data.io.load_transactions`).
    as_of : date-like
        End of the observation window.
    margin_share : float, default 0.0
        Profit as a share of revenue; 0 = use ``monthly_margin`` (contracts) or revenue (purchases).
    discount_rate : float, default 0.10
        Per year.
    horizon_weeks : int, default 52
        Horizon of the purchase-based CLV.
    seed : int

    Returns
    -------
    DataFrame
        ``customer_id``, ``value`` and, from contracts, ``churned`` (0/1) and
        ``monthly_margin``; ``attrs["method"]`` says which way it was computed and
        ``attrs["monthly_churn"]`` the churn rate used.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24. Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and
    CLV: using iso-value curves for customer base analysis. *Journal of Marketing
    Research*, 42(4), 415-430.

    Examples
    --------
    >>> subs = pd.DataFrame({"customer_id": ["A", "B", "C"], "start_date": pd.to_datetime(["2024-01-01"] * 3),
    ...                      "end_date": pd.to_datetime([None, "2025-01-01", None]),
    ...                      "monthly_margin": [100.0, 50.0, 40.0]})
    >>> v = customer_value(subscriptions=subs, as_of="2026-01-01", discount_rate=0.0)
    >>> bool(v.attrs["monthly_churn"] == -np.expm1(-1 / (2 * 731 / 30.4375 + 366 / 30.4375)))  # 1 leaver / months at risk
    True
    >>> v.round(1)[["customer_id", "value", "churned"]].values.tolist()  # margin x r / (1 - r), r = 1 - churn
    [['A', 5955.9, 0], ['B', 2977.9, 1], ['C', 2382.4, 0]]
    """
    from cxtools.ltv.discounting import annual_to_period_rate

    if not 0 <= margin_share <= 1:
        raise CxParameterError(f"customer_value: margin_share must be between 0 and 1, got {margin_share}")
    if subscriptions is not None and len(subscriptions):
        from cxtools.ltv.simple import segment_ltv
        from cxtools.ltv.survival import constant_churn_rate, subscription_durations

        subs = subscriptions.dropna(subset=["customer_id", "start_date"])
        dur = subscription_durations(subs, as_of=as_of, time_unit="month")
        churn = float(constant_churn_rate(dur, duration="duration_months", event="event")["churn_rate"].iloc[0])
        if not churn > 0:
            raise CxDataError("customer_value: no contract has ended, so the churn rate is 0 and the expected "
                              "lifetime unbounded; value from contracts needs some leavers")
        latest = dur.sort_values("start_date", kind="stable").drop_duplicates("customer_id", keep="last")
        if "monthly_margin" in latest and latest["monthly_margin"].notna().any() and margin_share == 0:
            margin = pd.to_numeric(latest["monthly_margin"], errors="coerce")
        elif "monthly_revenue" in latest and margin_share > 0:
            margin = pd.to_numeric(latest["monthly_revenue"], errors="coerce") * margin_share
        else:
            raise CxDataError("customer_value: the contracts have no monthly_margin; give margin_share (profit "
                              "as a share of monthly_revenue)")
        frame = pd.DataFrame({"margin": margin.to_numpy(float), "retention": 1.0 - churn},
                             index=latest["customer_id"].to_numpy())
        frame = frame.dropna(subset=["margin"])
        multiple = segment_ltv(frame.assign(margin=1.0), margin="margin", retention="retention",
                               discount_rate=annual_to_period_rate(discount_rate, time_unit="month"))["ltv"]
        churned = latest.set_index("customer_id")["event"].reindex(frame.index).astype(int)
        out = pd.DataFrame({"customer_id": frame.index, "value": (frame["margin"] * multiple).to_numpy(),
                            "churned": churned.to_numpy(), "monthly_margin": frame["margin"].to_numpy()})
        out.attrs = {"method": "contracts", "monthly_churn": churn}
        return out.reset_index(drop=True)
    if transactions is not None and len(transactions):
        from cxtools.ltv.models import BetaGeoModel, GammaGammaModel, customer_lifetime_value
        from cxtools.ltv.rfm import rfm_summary

        tx = transactions[pd.to_numeric(transactions["amount"], errors="coerce") > 0]
        summary = rfm_summary(tx[["customer_id", "timestamp", "amount"]], amount="amount",
                              observation_end=pd.Timestamp(as_of), time_unit="week")
        bg = BetaGeoModel().fit(summary)
        gg = GammaGammaModel().fit(summary[summary["frequency"] > 0])  # spend is learnt from repeat purchases
        clv = customer_lifetime_value(bg, gg, summary, horizon=horizon_weeks, time_unit="week",
                                      margin=margin_share or 1.0, discount_rate=discount_rate,
                                      discount_period="year", confidence=None, seed=seed)
        out = pd.DataFrame({"customer_id": clv.index.to_numpy(), "value": clv["clv"].to_numpy(float)})
        out.attrs = {"method": "transactions", "monthly_churn": float("nan")}
        return out
    raise CxDataError("customer_value: needs contracts (subscriptions) or a transaction log (transactions)")


# ------------------------------------------------------------------------------ scorecard
_QUARTER_MONTHS = 365.25 / 12


def _full_quarters(first: pd.Timestamp, as_of: pd.Timestamp, last_n: int) -> pd.PeriodIndex:
    quarters = pd.period_range(first.to_period("Q"), as_of.to_period("Q"), freq="Q")
    quarters = quarters[quarters.end_time.normalize() <= as_of]
    return quarters[-last_n:]


def _quarterly_churn(subs: pd.DataFrame, quarters: pd.PeriodIndex) -> list[tuple[str, float]]:
    """Monthly churn per quarter: 1 - exp(-leavers / months at risk in the quarter)."""
    start = pd.to_datetime(subs["start_date"]).to_numpy("datetime64[ns]")
    end = pd.to_datetime(subs["end_date"]).to_numpy("datetime64[ns]")
    out = []
    for q in quarters:
        q0 = np.datetime64(q.start_time.normalize(), "ns")
        q1 = np.datetime64((q.end_time.normalize() + pd.Timedelta(days=1)), "ns")
        stop = np.where(np.isnat(end), q1, np.minimum(end, q1))
        begin = np.maximum(start, q0)
        days = (stop - begin) / np.timedelta64(1, "D")
        exposure = float(np.clip(days, 0, None).sum()) / (365.25 / 12)
        leavers = int(((end >= q0) & (end < q1)).sum())
        if exposure > 0:
            out.append((str(q), -float(np.expm1(-leavers / exposure))))
    return out


def scorecard_history(*, survey: pd.DataFrame | None = None, survey_roles=None,
                      subscriptions: pd.DataFrame | None = None, transactions: pd.DataFrame | None = None,
                      operations: pd.DataFrame | None = None, employees: pd.DataFrame | None = None,
                      employee_roles=None, engagement_items=(), as_of, quarters: int = 8) -> pd.DataFrame:
    """The four layers' headline indicators per wave or quarter, tidy.

    - satisfaction: NPS per survey wave (:func:`cxtools.survey.nps`), mean overall
      satisfaction per wave;
    - behaviour: monthly churn per calendar quarter (leavers over months at risk in the
      quarter, constant hazard), one-off spend per buying customer per quarter (refunds
      netted); only quarters that ended by ``as_of``, the last ``quarters`` of them;
    - operations: mean wait, repeat contacts per customer, first-contact resolution (one
      period: the operations table has no dates);
    - people: eNPS and mean engagement per employee-survey wave.

    Returns
    -------
    DataFrame
        ``layer``, ``key``, ``indicator``, ``period``, ``value``, ``unit`` ("share",
        "points", "minutes", "money", "count", "score"), ``direction``.
    """
    as_of = pd.Timestamp(as_of)
    rows: list[dict[str, Any]] = []

    def add(layer, key, indicator, period, value, unit, direction="higher"):
        if value is not None and np.isfinite(value):
            rows.append({"layer": layer, "key": key, "indicator": indicator, "period": str(period),
                         "value": float(value), "unit": unit, "direction": direction})

    if survey is not None and survey_roles is not None and survey_roles.wave and survey_roles.wave in survey:
        wave = survey_roles.wave
        rec = survey_roles.recommend
        if rec and rec in survey:
            table = nps(survey.dropna(subset=[rec, wave]), score=rec, by=wave)
            for w, value in zip(table[wave], table["nps"]):
                add("satisfaction", "nps", "NPS", w, value, "points")
        sat = survey_roles.overall_satisfaction
        if sat and sat in survey:
            lo, hi = survey_roles.scale_of(sat) or (None, None)
            label = f"Overall satisfaction ({lo}-{hi})" if lo is not None else "Overall satisfaction"
            for w, value in pd.to_numeric(survey[sat], errors="coerce").groupby(survey[wave]).mean().items():
                add("satisfaction", "satisfaction", label, w, value, "score")
    if subscriptions is not None and len(subscriptions):
        qs = _full_quarters(pd.Timestamp(subscriptions["start_date"].min()), as_of, quarters)
        for q, value in _quarterly_churn(subscriptions, qs):
            add("behaviour", "monthly_churn", "Monthly churn", q, value, "share", "lower")
    if transactions is not None and len(transactions):
        ts = pd.to_datetime(transactions["timestamp"])
        qs = _full_quarters(ts.min(), as_of, quarters)
        q = ts.dt.to_period("Q")
        amount = pd.to_numeric(transactions["amount"], errors="coerce")
        for period in qs:
            mask = (q == period).to_numpy()
            buyers = transactions.loc[mask & (amount > 0).to_numpy(), "customer_id"].nunique()
            if buyers:
                add("behaviour", "spend_per_buyer", "One-off spend per buyer", period,
                    float(amount[mask].sum()) / buyers, "money")
    if operations is not None and len(operations):
        period = f"12 months to {as_of:%Y-%m}"
        for col, key, label, unit, direction in (
                ("avg_wait_minutes", "wait", "Average wait (minutes)", "minutes", "lower"),
                ("n_repeat_contacts", "repeat_contacts", "Repeat contacts per customer", "count", "lower"),
                ("first_contact_resolution", "fcr", "First-contact resolution", "share", "higher")):
            if col in operations:
                add("operations", key, label, period, pd.to_numeric(operations[col], errors="coerce").mean(),
                    unit, direction)
    if employees is not None and employee_roles is not None and len(employees):
        wave = employee_roles.wave if employee_roles.wave in employees else None
        groups = employees.groupby(wave) if wave else [(f"to {as_of:%Y-%m}", employees)]
        for w, g in groups:
            if employee_roles.enps and employee_roles.enps in g:
                points = recommend_points(pd.to_numeric(g[employee_roles.enps], errors="coerce").dropna())
                if len(points):
                    add("people", "enps", "eNPS", w, float(points.mean()), "points")
            items = [c for c in engagement_items if c in g]
            if items:
                add("people", "engagement", "Engagement (mean of items)", w,
                    float(g[items].apply(pd.to_numeric, errors="coerce").mean(axis=1).mean()), "score")
    return pd.DataFrame(rows, columns=["layer", "key", "indicator", "period", "value", "unit", "direction"])


def scorecard_targets(history: pd.DataFrame, *, targets: str | Mapping[str, Any] = "",
                      described: Mapping[str, Any] | None = None) -> tuple[dict, dict, dict]:
    """Targets, directions and units by indicator name for :func:`cxtools.portfolio.scorecard`.

    ``targets`` (a JSON object or a mapping, keyed by the indicator's key -- ``nps``,
    ``satisfaction``, ``monthly_churn``, ``spend_per_buyer``, ``wait``, ``repeat_contacts``,
    ``fcr``, ``enps``, ``engagement`` -- or its name) wins over the data description's
    targets (``described``: key -> :class:`cxtools.data.description.Target` or number).

    Returns
    -------
    (targets, directions, units) : dicts keyed by indicator name

    Examples
    --------
    >>> h = pd.DataFrame({"key": ["nps", "monthly_churn"], "indicator": ["NPS", "Monthly churn"],
    ...                   "unit": ["points", "share"], "direction": ["higher", "lower"]})
    >>> scorecard_targets(h, targets='{"nps": 30}', described={"monthly_churn": 0.02})[0]
    {'Monthly churn': 0.02, 'NPS': 30.0}
    """
    if isinstance(targets, str):
        text = targets.strip()
        try:
            given = json.loads(text) if text else {}
        except json.JSONDecodeError as exc:
            raise CxParameterError(f"targets must be a JSON object such as '{{\"nps\": 30}}'; {exc}") from None
    else:
        given = dict(targets or {})
    if not isinstance(given, Mapping):
        raise CxParameterError(f"targets must be a JSON object such as '{{\"nps\": 30}}', got {targets!r}")
    names = dict(zip(history["key"], history["indicator"])) if len(history) else {}
    known = set(names) | set(names.values())
    unknown = [k for k in given if k not in known]
    if unknown and names:
        raise CxParameterError(f"targets names {unknown}, which are not indicators of this scorecard; "
                               f"indicators: {sorted(names)}")
    out_t, out_d = {}, {}
    for source in (described or {}), given:
        for key, value in source.items():
            name = names.get(key, key)
            if name not in names.values():
                continue
            direction = getattr(value, "direction", None)
            value = getattr(value, "value", value)
            try:
                out_t[name] = float(value)
            except (TypeError, ValueError):
                raise CxParameterError(f"target of {key!r} must be a number, got {value!r}") from None
            if direction:
                out_d[name] = direction
    directions = dict(zip(history["indicator"], history["direction"])) if len(history) else {}
    directions.update(out_d)
    units = {i: ("share" if u == "share" else "number") for i, u in zip(history["indicator"], history["unit"])} \
        if len(history) else {}
    return out_t, directions, units


def absent_layers(inventory: pd.DataFrame) -> list[str]:
    """The layers of :func:`layer_inventory` with no data at all, top of the pie first."""
    return [layer for layer, g in inventory.groupby("Layer", sort=False) if (g["Provided"] == "no").all()]
