"""Findings of the lifetime-value analysis (:mod:`cxtools.ltv`) in plain words, built only from the results.

The sentences are English message ids of the ``ltv`` gettext catalogue (:mod:`cxtools.core.i18n`);
``lang="ru"`` reads them from ``cxtools/locale/ru/LC_MESSAGES/ltv.po``.


- :func:`compare_repeat_models` -- BG/NBD and Pareto/NBD side by side: the share of
  customers each says is still active, and which predicts a holdout period better. The two
  can disagree strongly: BG/NBD treats a customer who bought only once as certainly still
  active (drop-out happens only at a purchase), Pareto/NBD lets anyone drop out at any time.
- :func:`business_summary` -- the "what it means for the business" bullets of notebook 01,
  every number taken from the results passed in (never from a worked example).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxtools.core import vocabulary
from cxtools.core.checks import check_alpha, check_share
from cxtools.core.errors import CxConvergenceError, CxParameterError
from cxtools.core.i18n import check_lang, gettext, pgettext
from cxtools.core.results import Result
from cxtools.core.wording import format_money, format_number, format_percent, p_phrase
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel, holdout_errors
from cxtools.ltv.survival import KaplanMeierResult

__all__ = ["RepeatModelComparison", "compare_repeat_models", "business_summary"]

_ONE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # ".." but not an ellipsis

def _table_headers(lang: str) -> tuple[str, ...]:
    """The headings of :meth:`RepeatModelComparison.report_table` in ``lang``."""
    return (pgettext("table heading", "Expected share still active", lang),
            pgettext("table heading", "Share probably active (P >= 0.5)", lang),
            pgettext("table heading", "Holdout error per customer (purchases)", lang),
            pgettext("table heading", "Holdout total error", lang),
            pgettext("table heading", "Model", lang))


@dataclass(frozen=True, repr=False)
class RepeatModelComparison(Result):
    """BG/NBD against Pareto/NBD on the same customers: share still active and holdout errors.

    Attributes
    ----------
    table : DataFrame
        One row per model that could be fitted (index ``"BG/NBD"``, ``"Pareto/NBD"``):
        ``share_active`` (mean probability of being active: the expected share of customers
        still active), ``share_probably_active`` (share with a probability of at least 0.5),
        ``holdout_mae`` (mean absolute error of the predicted holdout purchases per customer),
        ``holdout_total_error_pct`` and ``holdout_correlation``.
    better : str or None
        The model with the smaller holdout error (None when only one could be fitted).
    difference : float
        Absolute difference of the two ``share_active`` (NaN with one model).
    threshold : float
        Difference from which the two are said to disagree.
    one_time_buyers : float
        Share of customers without a repeat purchase (BG/NBD counts them as active).
    failed : dict
        Model -> why it could not be fitted.
    tie : float
        Relative difference of the holdout errors below which neither model is called better.
    """

    table: pd.DataFrame
    better: str | None
    difference: float
    threshold: float
    one_time_buyers: float
    failed: dict = field(default_factory=dict)
    tie: float = 0.05

    @property
    def disagree(self) -> bool:
        """Whether the two models' shares of active customers differ by ``threshold`` or more."""
        return bool(np.isfinite(self.difference) and self.difference >= self.threshold)

    def to_frame(self) -> pd.DataFrame:
        """The comparison table."""
        return self.table.copy()

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The comparison for a report: shares in per cent, errors per customer (``lang`` "en" or "ru")."""
        t = self.table
        h = _table_headers(check_lang(lang, "report_table"))
        return pd.DataFrame(
            {
                h[0]: [format_percent(x, lang=lang) for x in t["share_active"]],
                h[1]: [format_percent(x, lang=lang) for x in t["share_probably_active"]],
                h[2]: [format_number(x, digits=3, lang=lang) for x in t["holdout_mae"]],
                h[3]: [format_percent(x / 100, digits=1, signed=True, lang=lang) for x in t["holdout_total_error_pct"]],
            },
            index=pd.Index(t.index, name=h[4]),
        )

    def describe(self, *, lang: str = "en") -> str:
        """Whether the models agree on the share still active, and which predicts the holdout better.

        ``lang`` is the language of the sentence ("en" or "ru").

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"share_active": [0.82, 0.32], "share_probably_active": [0.9, 0.3],
        ...                   "holdout_mae": [0.61, 0.48], "holdout_total_error_pct": [25.0, -3.0],
        ...                   "holdout_correlation": [0.5, 0.6]}, index=["BG/NBD", "Pareto/NBD"])
        >>> RepeatModelComparison(t, "Pareto/NBD", 0.50, 0.15, 0.6).describe()  # doctest: +NORMALIZE_WHITESPACE
        'BG/NBD and Pareto/NBD disagree on how many customers are still active: 82% against 32%. BG/NBD counts
        every customer who bought only once (60% of them) as certainly still active. Pareto/NBD predicts the
        holdout period better (mean absolute error 0.480 against 0.610 purchases per customer), so its figure
        is the one to use.'
        """
        words = _comparison_words(check_lang(lang, "describe"))
        pct = lambda x: format_percent(x, lang=lang)  # noqa: E731
        num = lambda x: format_number(x, digits=3, lang=lang)  # noqa: E731
        t = self.table
        failed = "".join(words["failed"].format(name=name, why=why) for name, why in self.failed.items())
        if len(t) < 2:
            if len(t) == 0:
                return words["none"] + failed
            return words["only"].format(name=t.index[0], share=pct(t["share_active"].iloc[0])) + failed
        a, b = t.index[0], t.index[1]
        sa, sb = pct(t.loc[a, "share_active"]), pct(t.loc[b, "share_active"])
        if self.better is None:
            return words["no_better"].format(a=a, b=b, sa=sa, sb=sb)
        worse = b if self.better == a else a
        best_mae, worst_mae = t.loc[self.better, "holdout_mae"], t.loc[worse, "holdout_mae"]
        errors = words["errors"].format(best=num(best_mae), worst=num(worst_mae))
        close = bool(worst_mae > 0 and (worst_mae - best_mae) / worst_mae < self.tie)
        if close:
            verdict = words["close"].format(errors=errors)
        elif not np.isfinite(worst_mae):
            verdict = words["only_usable"].format(better=self.better, worse=worse, best=num(best_mae))
        else:
            verdict = words["better"].format(better=self.better, errors=errors)
        if not self.disagree:
            return words["agree"].format(a=a, b=b, sa=sa, sb=sb, verdict=verdict)
        text = words["disagree"].format(a=a, b=b, sa=sa, sb=sb)
        if "BG/NBD" in t.index and t["share_active"].idxmax() == "BG/NBD" and self.one_time_buyers > 0:
            text += words["one_time"].format(share=pct(self.one_time_buyers))
        return text + f" {verdict[0].upper()}{verdict[1:]}" + words["range" if close else "use"]


def _comparison_words(lang: str) -> dict[str, str]:
    """The sentences of :meth:`RepeatModelComparison.describe` in ``lang``."""
    return {
        "failed": gettext(" {name} could not be fitted ({why}).", lang),
        "none": gettext("Neither repeat-buying model could be fitted.", lang),
        "only": gettext("Only {name} could be fitted: it expects {share} of customers to be still active.", lang),
        "no_better": gettext("{a} expects {sa} of customers to be still active, {b} {sb}; neither gives a usable "
                             "holdout prediction (weakly identified parameters), so the holdout cannot choose "
                             "between them.", lang),
        "errors": gettext("mean absolute error {best} against {worst} purchases per customer", lang),
        "close": gettext("the two predict the holdout period about equally well ({errors})", lang),
        "only_usable": gettext("only {better} gives a usable holdout prediction (mean absolute error {best} "
                               "purchases per customer; {worse}'s parameters are too weakly identified)", lang),
        "better": gettext("{better} predicts the holdout period better ({errors})", lang),
        "agree": gettext("BG/NBD and Pareto/NBD agree on the share of customers still active ({sa} and {sb}); "
                         "{verdict}.", lang),
        "disagree": gettext("{a} and {b} disagree on how many customers are still active: {sa} against {sb}.",
                            lang),
        "one_time": gettext(" BG/NBD counts every customer who bought only once ({share} of them) as certainly "
                            "still active.", lang),
        "range": gettext(", so the holdout does not settle which share is right: report both as the range.", lang),
        "use": gettext(", so its figure is the one to use.", lang),
    }


def compare_repeat_models(summary: pd.DataFrame, calibration_summary: pd.DataFrame, *, time_unit: str = "week",
                          threshold: float = 0.15) -> RepeatModelComparison:
    """Fit BG/NBD and Pareto/NBD, compare their share of active customers and their holdout errors.

    Each model is fitted twice: on ``summary`` (the whole history) for the probability that
    each customer is still active, and on the calibration columns of
    ``calibration_summary`` for the holdout check (:func:`cxtools.ltv.models.holdout_errors`).
    The models disagree when their expected shares of active customers differ by
    ``threshold`` or more; the one with the smaller mean absolute holdout error is named
    as the better predictor.

    Parameters
    ----------
    summary : DataFrame
        :func:`~cxtools.ltv.rfm.rfm_summary` (``frequency``, ``recency``, ``T``).
    calibration_summary : DataFrame
        :func:`~cxtools.ltv.rfm.calibration_holdout_summary` of the same transactions.
    time_unit : {"day", "week", "month", "quarter", "year"}, default "week"
        Unit of both summaries (the old letters "D", "W", "M", "Y" still work, with a FutureWarning).
    threshold : float, default 0.15
        Difference in the share of active customers (0.15 = 15 points) called a disagreement.

    Returns
    -------
    RepeatModelComparison

    Raises
    ------
    CxDataError
        If the holdout period has no purchase (see :func:`~cxtools.ltv.models.holdout_errors`).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way: An alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284 (eq. 11:
    P(alive) = 1 for x = 0 under BG/NBD; section 4: holdout comparison with Pareto/NBD).
    Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers.
    *Management Science*, 33(1), 1-24.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary, rfm_summary
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> rfm = rfm_summary(log, timestamp="date", observation_end="1998-06-30")
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> comparison = compare_repeat_models(rfm, cal)
    >>> list(comparison.table.index), comparison.better in ("BG/NBD", "Pareto/NBD")
    (['BG/NBD', 'Pareto/NBD'], True)
    """
    func = "compare_repeat_models"
    threshold = check_share(threshold, func=func, name="threshold")
    time_unit = vocabulary.time_unit(time_unit, func=func)
    rows, failed = {}, {}
    for cls in (BetaGeoModel, ParetoNBDModel):
        name = cls._label
        try:
            full = cls(time_unit=time_unit).fit(summary)
            cal = cls(time_unit=time_unit).fit(calibration_summary)
        except CxConvergenceError as err:
            failed[name] = str(err).split(";")[0]
            continue
        alive = full.probability_alive(summary)
        holdout = holdout_errors(cal, calibration_summary)
        rows[name] = {"share_active": float(alive.mean()), "share_probably_active": float((alive >= 0.5).mean()),
                      "holdout_mae": holdout.mae, "holdout_total_error_pct": holdout.total_error_pct,
                      "holdout_correlation": holdout.correlation}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")
    # a model whose holdout prediction is not a number (weakly identified parameters) cannot be the better one
    finite = table["holdout_mae"][np.isfinite(table["holdout_mae"].astype(float))] if len(table) else table
    better = str(finite.idxmin()) if len(table) == 2 and len(finite) else None
    difference = float(abs(table["share_active"].iloc[0] - table["share_active"].iloc[1])) if len(table) == 2 \
        else float("nan")
    one_time = float((summary["frequency"] == 0).mean()) if "frequency" in summary.columns else float("nan")
    return RepeatModelComparison(table=table, better=better, difference=difference, threshold=threshold,
                                 one_time_buyers=one_time, failed=failed)


def business_summary(
    *,
    km: Any = None,
    naive: pd.DataFrame | None = None,
    logrank: Any = None,
    new_customer_value: pd.Series | None = None,
    active_base_value: float | None = None,
    experience_gain: float | None = None,
    churn_reduction_points: float | None = None,
    spend_uplift_pct: float | None = None,
    repeat_models: RepeatModelComparison | None = None,
    purchase_clv_total: float | None = None,
    purchase_clv_horizon: str | None = None,
    currency: str = "rub",
    alpha: float = 0.05,
    lang: str = "en",
) -> str:
    """What the lifetime-value analysis means for the business, as Markdown bullets.

    Every sentence is built from the results passed in, and only the parts whose
    results are given are written, so the summary fits the data a business has
    (contracts, one-off purchases, or both). Segment differences are called real only
    when the log-rank test is significant at ``alpha``.

    Parameters
    ----------
    km : KaplanMeierResult, optional
        Lifetime by segment (:func:`~cxtools.ltv.survival.kaplan_meier`, with a horizon).
    naive : DataFrame, optional
        :func:`~cxtools.ltv.survival.naive_lifetime` by the same segments.
    logrank : LogRankResult, optional
        :func:`~cxtools.ltv.survival.logrank_test` over the segments.
    new_customer_value : Series, optional
        Discounted lifetime value of a new customer per segment (DEL).
    active_base_value : float, optional
        Discounted future profit of the active customers (sum of DERL).
    experience_gain : float, optional
        Value over the active base of a better experience, with ``churn_reduction_points``
        (fall in annual churn, points) and ``spend_uplift_pct`` (rise in profit, per cent).
    repeat_models : RepeatModelComparison, optional
        :func:`compare_repeat_models`, for customers buying without a contract.
    purchase_clv_total : float, optional
        Expected profit of one-off purchases over ``purchase_clv_horizon`` (e.g. "52 weeks").
    currency : str, default "rub"
        Currency of the amounts (ISO code or label).
    alpha : float, default 0.05
        Significance level for "segments differ".
    lang : {"en", "ru"}, default "en"
        Language of the sentences and of the number formats.

    Returns
    -------
    str
        Markdown bullet list (one plain sentence when no result is given).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.ltv.survival import kaplan_meier, logrank_test, naive_lifetime
    >>> df = pd.DataFrame({"months": [3, 5, 8, 12, 20, 24, 30, 36] * 3,
    ...                    "ended": [1, 1, 1, 0, 1, 0, 0, 0] * 3, "plan": ["a"] * 8 + ["b"] * 16})
    >>> km = kaplan_meier(df, duration="months", event="ended", by="plan", horizon=24)
    >>> text = business_summary(km=km, naive=naive_lifetime(df, duration="months", event="ended", by="plan"),
    ...                         logrank=logrank_test(df, duration="months", event="ended", by="plan"))
    >>> print(text.splitlines()[0])
    - Lifetime must be measured with the customers who are still here. Averaging only ended contracts says 9 months for plan a; the Kaplan-Meier restricted mean over the first 24 months is 16 months, and half of those customers are still with us after 20 months. The naive view undervalues customers.
    """
    alpha = check_alpha(alpha, func="business_summary")
    lang = check_lang(lang, "business_summary")
    money = lambda x: format_money(x, currency=currency, compact=True, lang=lang)  # noqa: E731
    num = lambda x: format_number(x, lang=lang)  # noqa: E731
    W = _summary_words(lang)
    lines = []
    if km is not None:
        if not isinstance(km, KaplanMeierResult):
            raise CxParameterError(f"business_summary: km must be a KaplanMeierResult, got {type(km).__name__}")
        rmst = km.summary["rmst"]
        unit = W["units"].get(km.time_unit, km.time_unit + "s")
        seg = str(km.by).replace("_", " ") if km.by else ""
        low, high = rmst.idxmin(), rmst.idxmax()
        # one group (no segments, or all customers in one) is "all customers", not "<column> <label>"
        who = (lambda g: f"{seg} {g}") if km.by and len(rmst) > 1 else (lambda g: W["all"])  # noqa: E731
        median_low = km.summary.loc[low, "median"]
        median_text = (W["median"].format(m=num(median_low), unit=unit) if np.isfinite(median_low)
                       else W["median_not_reached"])
        first = W["first"]
        if naive is not None and low in naive.index and np.isfinite(naive.loc[low, "mean_closed"]):
            first += W["naive"].format(naive=num(naive.loc[low, "mean_closed"]), unit=unit, who=who(low),
                                       h=format_number(km.horizon, lang=lang), rmst=num(rmst[low]),
                                       median=median_text)
        else:
            first += W["no_naive"].format(h=format_number(km.horizon, lang=lang), unit=unit, rmst=num(rmst[low]),
                                          who=who(low), median=median_text)
        lines.append(first)
        if km.by and len(rmst) > 1 and logrank is not None:
            p = p_phrase(logrank.p_value)
            key = "differ" if logrank.p_value < alpha else "same"
            lines.append(W[key].format(low=num(rmst[low]), high=num(rmst[high]), unit=unit, who_low=who(low),
                                       who_high=who(high), p=p))
    if new_customer_value is not None and len(new_customer_value):
        v = pd.Series(new_customer_value, dtype=float)
        worth = (money(v.min()) if np.isclose(v.min(), v.max())
                 else W["range"].format(low=format_number(v.min(), lang=lang), high=money(v.max())))
        text = W["new"].format(worth=worth)
        if active_base_value is not None:
            text += W["base"].format(base=money(active_base_value))
        lines.append(text + ".")
    if experience_gain is not None:
        if churn_reduction_points is None or spend_uplift_pct is None:
            raise CxParameterError("business_summary: experience_gain needs churn_reduction_points and "
                                   "spend_uplift_pct")
        horizon = (W["horizon"].format(h=format_number(km.horizon, lang=lang),
                                       unit=W["units"].get(km.time_unit, km.time_unit + "s"))
                   if km is not None else W["discounted"])
        lines.append(W["gain"].format(points=format_number(churn_reduction_points, digits=1, lang=lang).rstrip("0")
                                      .rstrip(",.") if churn_reduction_points % 1 else
                                      format_number(churn_reduction_points, lang=lang),
                                      pct=format_percent(spend_uplift_pct / 100, digits=1, lang=lang)
                                      if spend_uplift_pct % 1 else format_percent(spend_uplift_pct / 100, lang=lang),
                                      gain=money(experience_gain), horizon=horizon))
    if repeat_models is not None:
        if not isinstance(repeat_models, RepeatModelComparison):
            raise CxParameterError("business_summary: repeat_models must be a RepeatModelComparison")
        lines.append(W["repeat"] + repeat_models.describe(lang=lang))
    if purchase_clv_total is not None:
        horizon = W["over"].format(h=purchase_clv_horizon) if purchase_clv_horizon else ""
        lines.append(W["clv"].format(clv=money(purchase_clv_total), horizon=horizon))
    if not lines:
        return W["nothing"]
    # an abbreviated unit (the Russian for "months") at the end of a sentence takes no second full stop
    lines = [_ONE_STOP.sub(".", line) for line in lines]
    return "\n".join(f"- {line}" for line in lines)


def _summary_words(lang: str) -> dict[str, Any]:
    """The sentences of :func:`business_summary` in ``lang``."""
    return {
        "units": {"day": pgettext("time unit after a number", "days", lang),
                  "week": pgettext("time unit after a number", "weeks", lang),
                  "month": pgettext("time unit after a number", "months", lang),
                  "quarter": pgettext("time unit after a number", "quarters", lang),
                  "year": pgettext("time unit after a number", "years", lang)},
        "all": pgettext("who: the group a figure is for", "all customers", lang),
        "median": gettext("half of those customers are still with us after {m} {unit}", lang),
        "median_not_reached": gettext("more than half of those customers are still with us", lang),
        "first": gettext("Lifetime must be measured with the customers who are still here.", lang),
        "naive": gettext(" Averaging only ended contracts says {naive} {unit} for {who}; the Kaplan-Meier restricted "
                         "mean over the first {h} {unit} is {rmst} {unit}, and {median}. The naive view undervalues "
                         "customers.", lang),
        "no_naive": gettext(" The Kaplan-Meier restricted mean over the first {h} {unit} is {rmst} {unit} for {who}, "
                            "and {median}.", lang),
        "differ": gettext("Segments differ in how long customers stay: restricted mean {low} {unit} for {who_low} "
                          "against {high} for {who_high} (log-rank test over all segments: {p}).", lang),
        "same": gettext("The segments do not differ measurably in how long customers stay (restricted mean {low} to "
                        "{high} {unit}; log-rank test over all segments: {p}).", lang),
        "range": gettext("{low} to {high}", lang),
        "new": gettext("A new customer is worth {worth} today (discounted)", lang),
        "base": gettext("; the active base is worth {base} in future profit", lang),
        "horizon": gettext(" (first {h} {unit}, discounted)", lang),
        "discounted": gettext(" (discounted)", lang),
        "gain": gettext("An experience that cuts annual churn by {points} points and lifts profit per customer by "
                        "{pct} is worth about {gain} over the active base{horizon}.", lang),
        "repeat": gettext("Customers buying without a contract: ", lang),
        "over": gettext(" over the next {h}", lang),
        "clv": gettext("One-off purchases are expected to bring {clv} of profit{horizon}.", lang),
        "nothing": gettext("No contract or purchase data were analysed, so there is no finding to report.", lang),
    }
