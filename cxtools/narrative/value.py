"""The CX-value report in words: findings, the business case, report tables and notes, in English or Russian.

Everything a person reads of notebook 04 (:mod:`cxtools.value` computes, :mod:`cxtools.plots.value`
draws): sentences built from the results, claims made only where a test is significant, every
money figure with its interval; tables with plain headings and units. The English text is the
message id of :mod:`cxtools.core.i18n`; the Russian lives in ``locale/ru/LC_MESSAGES/value.po``.
Numbers, money and intervals are written by :mod:`cxtools.core.wording` in the report's language.

Examples
--------
>>> section_note("moving_purchases")
'Without contracts, the value of moving customers up one group comes from the repeat-buying model of section 7.'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import check_alpha, check_choice, check_share, require_columns, require_frame
from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import N_, gettext, ngettext, pgettext
from cxtools.narrative.sources import source_name  # one naming of the data sources
from cxtools.core.wording import (
    format_interval,
    format_money,
    format_number,
    format_p_value,
    format_percent,
    join_names,
    rejection_reason,
)
from cxtools.ltv.survival import TERM_LABELS, CoxResult
from cxtools.plots.value_labels import (
    check_value_lang as _check_lang,
    driver_name as _driver,
    group_label as _group_label,
    group_noun as _group_noun,
    interval_level as _level,
    interval_name as _conf,
    p_text as _p,
    term_name as _term_name,
)
from cxtools.data.privacy import redact
from cxtools.value import (
    DEFAULT_CURRENCY,
    DRIVER_LABELS,
    EFFECTS_CONFIDENCE,
    JoinResult,
    ProgrammeEffect,
    PurchaseLink,
    ValueChain,
    ValueOfMoving,
)
from cxtools.value.chain import MEANINGS, meaning_key

if TYPE_CHECKING:  # pragma: no cover
    from cxtools.ltv.survival import KaplanMeierResult

__all__ = [
    "ROUTES",
    "GROUP_NAMES",
    "VALUE_TABLE_LABELS",
    "describe_join",
    "join_table",
    "describe_moving",
    "moving_table",
    "describe_programme",
    "programme_table",
    "describe_chain",
    "chain_table",
    "describe_purchases",
    "purchase_table",
    "purchase_effects_table",
    "plain_value_table",
    "hazard_ratio_table",
    "retention_table",
    "sources_table",
    "rejections_table",
    "section_note",
    "churn_findings",
    "business_case",
    "key_findings",
    "purchase_case",
]

#: The sentences and headings of the report, by key; English message ids, translated where shown
#: (:func:`_w`). Fields are filled after translating.
_TEXT: dict[str, str] = {
    "hr_stats": N_("hazard ratio {hr}, {interval}, {p}"),
    "fewer": N_("{pct} fewer"),
    "more": N_("{pct} more"),
    "and": N_(" and "),
    "findings_head": N_("## Key findings"),
    "f_linked": N_("{k} of {n} survey respondents ({pct}) could be followed as customers after their answer."),
    "f_no_respondents": N_("The survey has no respondents."),
    "f_point": N_("Each extra point of {what} goes with {change} customers leaving per month ({stats})."),
    "f_point_no": N_("The data do not show that {what} and staying are linked ({stats})."),
    "f_groups": N_("{Src} leave {times} as fast as {ref} ({interval})."),
    "f_groups_no": N_("{Src} do not leave measurably faster than {ref} (hazard ratio {x}, {interval})."),
    "f_zero": N_("; the interval includes zero"),
    "p_purchase": N_("{Src} buy {times} as often as {ref} ({interval})."),
    "p_purchase_no": N_("{Src} do not buy measurably more or less often than {ref} (rate {x} times theirs, {interval})."),
    "p_dropout": N_("{Src} drop out {times} as fast as {ref} ({interval})."),
    "p_dropout_no": N_("{Src} do not drop out measurably sooner or later than {ref} (rate {x} times theirs, "
            "{interval})."),
    "p_moving": N_("Turning {share} of {src} into {ref} (about {n} of {base} customers) would change discounted "
            "{worth} over {h} months by {value} ({conf} {lo} to {hi}{zero})."),
    "p_zero": N_("; the interval includes zero, so the data cannot rule out no change"),
    "p_revenue": N_("revenue (no margin share was given)"),
    "p_head": N_("We followed the purchases of {n} surveyed customers ({model} model, discount rate {rate} a year)."),
    "p_caveat": N_("The survey shows an association, not a cause: a pilot with a control group is the way to "
            "confirm the size of the effect before a budget is committed."),
    "case_head": N_("**Business case.** "),
    "route_contracts": N_("*How this was measured:* the survey answers were linked to the respondents' contracts, and who "
            "left and when was modelled with a Cox model (the contract route)."),
    "route_transactions": N_("*How this was measured:* the respondents have no contracts, so their survey group entered a "
            "repeat-buying model of their purchases as a covariate of how often they buy and how soon they "
            "drop out (the purchases route)."),
    "times1": N_("{x} times"),
    "allowing": N_(", allowing for {controls}"),
    "b_groups": N_("{Src} left {times} as fast as {ref} ({interval})."),
    "b_groups_no": N_("{Src} did not leave measurably faster than {ref} (hazard ratio {x}, {p})."),
    "b_horizon": N_("{h} months"),
    "b_no_horizon": N_("no horizon"),
    "b_worth": N_("{A_src} is worth {ltv_from} of lifetime value ({horizon}, discounted at {rate} a year), "
            "{a_dst} {ltv_to}."),
    "b_zero": N_("; the interval includes zero, so the data cannot rule out no gain)."),
    "b_end": N_(")."),
    "b_churn_text": N_("churn down by {cut} (which these data do not support) and "),
    "b_lever": N_("each {unit} {how} is worth about {money} of lifetime value per customer"),
    "b_avoided": N_("avoided"),
    "b_gained": N_("gained"),
    "b_levers": N_("The levers are operational: {levers}, through higher satisfaction."),
    "b_lever_sep": N_("; "),
    "b_move_sat_one": N_("{Names} does move satisfaction, but without a measurable link from satisfaction to money their "
            "value in money cannot be shown from these data."),
    "b_move_sat": N_("{Names} do move satisfaction, but without a measurable link from satisfaction to money their "
            "value in money cannot be shown from these data."),
    "b_no_levers": N_("None of the operational measures showed a clear link to satisfaction in this data."),
    "c_head": N_("Other things equal ({controls}), "),
    "c_group": N_("{group} leave {times} as fast"),
    "c_as": N_(" as {ref}"),
    "c_sig": N_("**{phrase}** ({p})"),
    "c_not_sig": N_("{phrase} ({p}, not significantly different from {ref})"),
    "c_claim": N_("{change} customers leaving per month"),
    "c_point": N_("every extra point of {what} goes with {claim} ({stats})."),
    "j_target": N_("a customer and the contract running on their response date"),
    "j_target_customer": N_("a customer"),
    "j_text": N_("{k} of {n} survey respondents ({pct}) were linked to {target}"),
    "j_missing": N_("; not linked: {missing}."),
    "j_all": N_("; every respondent was linked."),
    "j_respondents": N_("Respondents"),
    "j_share": N_("Share (%)"),
    "j_status": N_("Linked, or why not"),
    "m_describe": N_("{A_src} is worth {ltv_from} of lifetime value, {a_dst} {ltv_to}; of the {base} customers, "
            "about {n} are {src} ({conf} intervals from {n_boot} bootstrap resamples, seed {seed})."),
    "m_moved": N_("Customers moved ({src} -> {dst})"),
    "m_moved_plain": N_("Customers moved"),
    "m_per_customer": N_("Gain per customer moved ({cur})"),
    "m_gained": N_("Lifetime value gained ({cur})"),
    "m_gained_profit": N_("Profit gained ({cur})"),
    "m_gained_revenue": N_("Revenue gained ({cur})"),
    "m_interval": N_("{conf} interval ({cur})"),
    "m_share": N_("Share of {src} moved"),
    "e_per_customer": N_("Gain per customer ({cur})"),
    "e_base": N_("Gain across the base ({cur})"),
    "e_where": N_("Where the gain comes from"),
    "v_describe": N_("Today {churn} of customers leave per month and a customer is worth {ltv}; one more point of "
            "satisfaction is worth {money} per customer ({conf} {values}, {p})."),
    "v_link": N_("Link"),
    "v_estimate": N_("Estimate"),
    "v_p": N_("p-value"),
    "v_meaning": N_("What the estimate is"),
    "v_arrow": N_("{a} -> {b}"),
    "l_describe": N_("{model} model with the {group} as a covariate, fitted on {n} linked respondents with purchases "
            "({n_without} without a purchase left out); moving one customer from {src} to {dst} is worth "
            "{value} of discounted {worth} over {h} months ({conf} intervals from {n_draws} parameter "
            "draws, seed {seed})."),
    "l_times": N_("Times the reference group's rate"),
    "l_rate_group": N_("Rate, group"),
    "l_vs": N_("{process}: {level} vs {ref}"),
    "h_ratio": N_("Hazard ratio of churn"),
    "h_term": N_("Term"),
    "r_customers": N_("Customers"),
    "r_left": N_("Left since the survey"),
    "r_average": N_("Average months with us, of the first {window} after the survey"),
    "s_read": N_("Rows read"),
    "s_accepted": N_("Accepted"),
    "s_set_aside": N_("Set aside"),
    "s_source": N_("Source"),
    "s_why": N_("Why the row was set aside"),
    "unknown_reason": N_("a loading rule was broken"),
    "s_rows": N_("Rows"),
    "no_churn_date": N_("Without contracts there is no churn date: what the groups are worth comes from the "
            "repeat-buying model of section 7."),
    "no_margin": N_("Lifetime value is not computed: the contracts have no margin column (monthly_margin), and no "
            "margin share of their revenue (monthly_revenue) was given; with either, this section would "
            "show what a customer of each group is worth."),
    "moving_purchases": N_("Without contracts, the value of moving customers up one group comes from the repeat-buying "
            "model of section 7."),
    "purchases_not_needed": N_("The respondents have contracts, so sections 2 to 5 tie their answers to money; the "
            "purchases-only route is not needed."),
    "churn_skipped": N_("This section is skipped: it needs the respondents' contracts and an overall-satisfaction item. "
            "With them it would show how churn after answering depends on satisfaction."),
    "programme_skipped": N_("This section is skipped: it needs the respondents' contracts. With them it would show what "
            "moving detractors or raising satisfaction is worth."),
    "chain_skipped": N_("This section is skipped: it needs operational measures per customer, an overall-satisfaction "
            "item and contracts with a margin; with them it would show how waiting and repeat contacts "
            "relate to satisfaction and to money."),
}


def _w(lang: str, key: str, *, count: float | None = None, **fields: Any) -> str:
    """The text ``key`` in ``lang``, filled with ``fields``; with ``count``, in the form that agrees with it."""
    if count is not None:
        template = _counted(key, round(count), lang)
    elif key in _CONTEXT:
        template = pgettext(_CONTEXT[key], _TEXT[key], lang)
    else:
        template = gettext(_TEXT[key], lang)
    return template.format(**fields)


#: Headings that read differently in this module's tables than elsewhere (catalogue context).
_CONTEXT = {"j_respondents": "value table", "v_p": "value table"}


def _counted(key: str, count: int, lang: str) -> str:
    """The text ``key`` in the form that agrees with ``count`` (1 customer, 2 customers; in Russian three forms, by the catalogue's plural rule)."""
    if key == "f_moving":
        return ngettext("Turning {share} of {src} into {dst} (about {n} customer) is worth {value} of "
                        "lifetime value ({conf} {lo} to {hi}{zero}).",
                        "Turning {share} of {src} into {dst} (about {n} customers) is worth {value} of "
                        "lifetime value ({conf} {lo} to {hi}{zero}).", count, lang)
    if key == "b_moving":
        return ngettext("Turning {share} of our {src} into {dst} -- about {n} customer out of {base} -- "
                        "is worth **{value}** of lifetime value ({conf} {lo} to {hi}{zero}",
                        "Turning {share} of our {src} into {dst} -- about {n} customers out of {base} -- "
                        "is worth **{value}** of lifetime value ({conf} {lo} to {hi}{zero}", count, lang)
    if key == "e_describe":
        return ngettext("Across {customers} customer, lifetime value per customer goes from {before} to "
                        "{after} (x{rf} from lower churn times x{sf} from higher spend = x{tf}), {gain} "
                        "in total.",
                        "Across {customers} customers, lifetime value per customer goes from {before} to "
                        "{after} (x{rf} from lower churn times x{sf} from higher spend = x{tf}), {gain} "
                        "in total.", count, lang)
    if key == "f_effect":
        return ngettext("A programme lifting satisfaction by {gain} points and profit per customer by "
                        "{uplift} (an assumption, not a measured effect) would change lifetime value by "
                        "{total}, {money} across {customers} customer.",
                        "A programme lifting satisfaction by {gain} points and profit per customer by "
                        "{uplift} (an assumption, not a measured effect) would change lifetime value by "
                        "{total}, {money} across {customers} customers.", count, lang)
    if key == "b_programme":
        return ngettext("A programme that lifts average {what} by {gain} points would cut churn by "
                        "{cut}; if it also lifts profit per customer by {uplift} -- an assumption to "
                        "test in a pilot, not a measured effect -- the two effects multiply to {total} "
                        "lifetime value per customer, **{money}** across {customers} customer.",
                        "A programme that lifts average {what} by {gain} points would cut churn by "
                        "{cut}; if it also lifts profit per customer by {uplift} -- an assumption to "
                        "test in a pilot, not a measured effect -- the two effects multiply to {total} "
                        "lifetime value per customer, **{money}** across {customers} customers.", count, lang)
    if key == "b_programme_no":
        return ngettext("Without a measurable fall in churn from higher {what}, a programme's case rests "
                        "on {churn_text}profit per customer up by {uplift} (an assumption to test in a "
                        "pilot, not a measured effect): {total} lifetime value per customer, {money} "
                        "across {customers} customer.",
                        "Without a measurable fall in churn from higher {what}, a programme's case rests "
                        "on {churn_text}profit per customer up by {uplift} (an assumption to test in a "
                        "pilot, not a measured effect): {total} lifetime value per customer, {money} "
                        "across {customers} customers.", count, lang)
    if key == "b_stay":
        return ngettext("Customers who are happier with us stay longer. Among {n} surveyed customer we "
                        "followed after their answer, each extra point of {what} went with {change} "
                        "customers leaving per month{allowing} ({stats}).",
                        "Customers who are happier with us stay longer. Among {n} surveyed customers we "
                        "followed after their answer, each extra point of {what} went with {change} "
                        "customers leaving per month{allowing} ({stats}).", count, lang)
    if key == "b_faster":
        return ngettext("Surprisingly, among {n} surveyed customer we followed after their answer, those "
                        "more satisfied left faster: {pct} more leaving per month per point of "
                        "{what}{allowing} ({stats}). Check the data before acting on the figures below.",
                        "Surprisingly, among {n} surveyed customers we followed after their answer, "
                        "those more satisfied left faster: {pct} more leaving per month per point of "
                        "{what}{allowing} ({stats}). Check the data before acting on the figures below.", count, lang)
    if key == "b_unshown":
        return ngettext("Among {n} surveyed customer we followed after their answer, we could not show "
                        "that {what} and staying are linked ({stats}): the money figures below rest on "
                        "an effect that may be zero, so treat them as upper bounds to test, not as a "
                        "forecast.",
                        "Among {n} surveyed customers we followed after their answer, we could not show "
                        "that {what} and staying are linked ({stats}): the money figures below rest on "
                        "an effect that may be zero, so treat them as upper bounds to test, not as a "
                        "forecast.", count, lang)
    raise KeyError(key)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _md(text: str) -> str:
    """Markdown-safe text: a dollar sign is money, not the start of a formula."""
    return text.replace("$", r"\$")


def _money(x: float, currency: str, lang: str = "en") -> str:
    """An amount for a memo: '1.2 mln RUB' from a million on, else '55,175 RUB'."""
    return format_money(x, currency=currency, compact=True, lang=lang)


def _p_value(p: float, lang: str) -> str:
    """A p-value in a table: '< 0.001', '0.039' (Russian: decimal comma)."""
    return format_p_value(float(p), lang=lang)


def _interval_of(lo: float, hi: float, conf: float, lang: str, digits: int = 2) -> str:
    """'95% interval 0.76 to 0.85' in the language."""
    return f"{_conf(conf, lang)} {format_interval(lo, hi, digits=digits, lang=lang)}"


def _hr_stats(row: Mapping[str, Any] | pd.Series, conf: float, lang: str) -> str:
    """'hazard ratio 0.80, 95% interval 0.76 to 0.85, p < 0.001' in the language."""
    return _w(lang, "hr_stats", hr=format_number(float(row["hazard_ratio"]), digits=2, lang=lang),
              interval=_interval_of(row["ci_low"], row["ci_high"], conf, lang), p=_p(float(row["p_value"]), lang))


def _change(hr: float, lang: str) -> str:
    """'20% fewer' (Russian: 'on 20 % fewer', in its word order) from a hazard ratio."""
    return (_w(lang, "fewer", pct=format_percent(1 - hr, lang=lang)) if hr < 1
            else _w(lang, "more", pct=format_percent(hr - 1, lang=lang)))


def _score_name(term: str, lang: str) -> str:
    """A score in a sentence ('each extra point of overall satisfaction'), in the case the sentence needs."""
    known = {"overall_satisfaction": pgettext("score, of", "overall satisfaction", lang),
             "nps": pgettext("score, of", "likelihood to recommend", lang)}
    if term in known:
        return known[term]
    return _plain(term) if lang == "en" else pgettext("score, of", "the score", lang)


def _times(x: str, lang: str) -> str:
    """'1.90 times' in the language (the number already written)."""
    return _w(lang, "times1", x=x)


def _points(gain: float, lang: str) -> str:
    """A number of points as typed ('0.5'), in the language's decimal style."""
    text = f"{gain:g}"
    return text if lang == "en" else text.replace(".", ",")


def _share_row(table: pd.DataFrame, share_moved: float, func: str, what: str) -> pd.Series:
    """The row of a sensitivity table for ``share_moved`` (an error naming the shares when absent)."""
    rows = table[np.isclose(table["share_moved"], share_moved)]
    if rows.empty:
        raise CxParameterError(f"{func}: share_moved {share_moved} is not in the {what} table "
                               f"(shares {table['share_moved'].tolist()})")
    return rows.iloc[0]


def _status(status: str, lang: str) -> str:
    """A join status ('linked' or why not, :data:`cxtools.value.UNMATCHED_REASONS`) in the language."""
    known = {
        "linked": pgettext("link status", "linked", lang),
        "duplicate respondent id": pgettext("link status", "duplicate respondent id", lang),
        "no customer id": pgettext("link status", "no customer id", lang),
        "response date missing or not a date": pgettext("link status", "response date missing or not a date", lang),
        "response on or after the as-of date": pgettext("link status", "response on or after the as-of date", lang),
        "customer id not found among customers": pgettext("link status", "customer id not found among customers",
                                                          lang),
        "customer id listed more than once among customers": pgettext(
            "link status", "customer id listed more than once among customers", lang),
        "repeat response from the same customer": pgettext("link status", "repeat response from the same customer",
                                                           lang),
        "no contract on file": pgettext("link status", "no contract on file", lang),
        "contract started after the response": pgettext("link status", "contract started after the response", lang),
        "contract ended on or before the response": pgettext("link status", "contract ended on or before the response",
                                                             lang),
        "several contracts cover the response date": pgettext("link status",
                                                              "several contracts cover the response date", lang),
    }
    return known.get(status, status)


def _component(name: str, lang: str) -> str:
    """A part of a programme's gain (:attr:`cxtools.value.ProgrammeEffect.components`) in the language."""
    known = {
        "lower churn alone": pgettext("programme gain", "lower churn alone", lang),
        "higher spend alone": pgettext("programme gain", "higher spend alone", lang),
        "both together (interaction)": pgettext("programme gain", "both together (interaction)", lang),
        "total": pgettext("programme gain", "total", lang),
    }
    return known.get(name, name)


def _process(name: str, lang: str) -> str:
    """A repeat-buying process ('purchase', 'drop-out') in the language."""
    return {"purchase": pgettext("purchase process", "purchase", lang),
            "drop-out": pgettext("purchase process", "drop-out", lang)}.get(name, name)


def _meaning(source: str, target: str, satisfaction: str, currency: str, lang: str) -> str:
    """What a :class:`~cxtools.value.ValueChain` link's estimate is, in words and units."""
    unit = _driver(source, lang)[1]
    return gettext(MEANINGS[meaning_key(source, target, satisfaction)], lang).format(unit=unit, cur=currency)


def _sensitivity_table(t: pd.DataFrame, *, moved: str, gained: str, from_group: Any, confidence: float,
                       currency: str, lang: str) -> pd.DataFrame:
    """A value-of-moving table for a report (one row per share moved): plain headings, whole amounts."""
    cur = currency
    return pd.DataFrame(
        {
            moved: t["customers_moved"].round(0).astype(int).to_numpy(),
            _w(lang, "m_per_customer", cur=cur): [format_number(x, lang=lang) for x in t["value_per_customer"]],
            gained: [format_number(x, lang=lang) for x in t["value"]],
            _w(lang, "m_interval", conf=_level(confidence, lang), cur=cur): [
                format_interval(lo, hi, digits=0, lang=lang) for lo, hi in zip(t["ci_low"], t["ci_high"])],
        },
        index=pd.Index([format_percent(x, lang=lang) for x in t["share_moved"]],
                       name=_w(lang, "m_share", src=_group_noun(from_group, lang=lang))),
    )


# ----------------------------------------------------------------------------------------
# the results of cxtools.value, in words and report tables
# ----------------------------------------------------------------------------------------
def describe_join(joined: JoinResult, *, lang: str = "en") -> str:
    """The join's coverage in one plain sentence (for a report).

    Examples
    --------
    >>> import pandas as pd
    >>> cov = pd.DataFrame({"status": ["linked", "no customer id"], "respondents": [9, 1],
    ...                     "share": [0.9, 0.1]})
    >>> describe_join(JoinResult(pd.DataFrame(), cov, pd.DataFrame(), pd.Timestamp("2026-06-30")))
    '9 of 10 survey respondents (90.0%) were linked to a customer and the contract running on their response date; not linked: no customer id (1).'
    """
    lang = _check_lang(lang, "describe_join")
    n, k = joined.n_respondents, joined.n_linked
    if not len(joined.data) and "linked" in set(joined.coverage["status"]):
        k = int(joined.coverage.loc[joined.coverage["status"] == "linked", "respondents"].sum())
    share = k / n if n else float("nan")
    target = _w(lang, "j_target" if joined.contracts else "j_target_customer")
    text = _w(lang, "j_text", k=format_number(k, lang=lang), n=format_number(n, lang=lang),
              pct=format_percent(share, digits=1, lang=lang), target=target)
    missing = [f"{_status(row['status'], lang)} ({format_number(row['respondents'], lang=lang)})"
               for _, row in joined.coverage.iterrows() if row["status"] != "linked" and row["respondents"] > 0]
    return text + (_w(lang, "j_missing", missing=", ".join(missing)) if missing else _w(lang, "j_all"))


def join_table(joined: JoinResult, *, lang: str = "en") -> pd.DataFrame:
    """The join's coverage for a report: one row per status that occurred, share in per cent."""
    lang = _check_lang(lang, "join_table")
    shown = joined.coverage[joined.coverage["respondents"] > 0]
    share = (shown["share"] * 100).round(1)
    return pd.DataFrame({_w(lang, "j_respondents"): shown["respondents"].to_numpy() if lang == "en"
                         else [format_number(x, lang=lang) for x in shown["respondents"]],
                         _w(lang, "j_share"): share.to_numpy() if lang == "en"
                         else [format_number(x, digits=1, lang=lang) for x in share]},
                        index=pd.Index([_status(x, lang) for x in shown["status"]], name=_w(lang, "j_status")))


def describe_moving(moving: ValueOfMoving, *, lang: str = "en") -> str:
    """What the groups of a :class:`~cxtools.value.ValueOfMoving` are worth, in one plain sentence."""
    lang = _check_lang(lang, "describe_moving")
    a_src, a_dst = (_group_noun(g, plural=False, lang=lang) for g in (moving.from_group, moving.to_group))
    return _w(lang, "m_describe", A_src=_cap(a_src), a_dst=a_dst,
              src=_group_noun(moving.from_group, lang=lang), dst=_group_noun(moving.to_group, lang=lang),
              ltv_from=format_money(moving.ltv_from, currency=moving.currency, lang=lang),
              ltv_to=format_money(moving.ltv_to, currency=moving.currency, lang=lang),
              base=format_number(moving.customer_base, lang=lang),
              n=format_number(moving.customers_in_from_group, lang=lang),
              conf=_level(moving.confidence, lang, plural=True),
              n_boot=moving.n_boot, seed=moving.seed)


def moving_table(moving: ValueOfMoving, *, lang: str = "en") -> pd.DataFrame:
    """The sensitivity table of a :class:`~cxtools.value.ValueOfMoving` for a report: plain headings, whole amounts."""
    lang = _check_lang(lang, "moving_table")
    return _sensitivity_table(
        moving.table, moved=_w(lang, "m_moved", src=_group_label(moving.from_group, lang),
                               dst=_group_label(moving.to_group, lang)),
        gained=_w(lang, "m_gained", cur=moving.currency), from_group=moving.from_group,
        confidence=moving.confidence, currency=moving.currency, lang=lang)


def describe_programme(effect: ProgrammeEffect, *, lang: str = "en") -> str:
    """A :class:`~cxtools.value.ProgrammeEffect` in one plain sentence."""
    lang = _check_lang(lang, "describe_programme")
    return _w(lang, "e_describe", count=effect.customers, customers=format_number(effect.customers, lang=lang),
              before=format_number(effect.ltv_before, lang=lang),
              after=format_money(effect.ltv_after, currency=effect.currency, lang=lang),
              rf=format_number(effect.retention_factor, digits=3, lang=lang),
              sf=format_number(effect.spend_factor, digits=3, lang=lang),
              tf=format_number(effect.total_factor, digits=3, lang=lang),
              gain=_money(effect.gain, effect.currency, lang))


def programme_table(effect: ProgrammeEffect, *, lang: str = "en") -> pd.DataFrame:
    """A programme's gain by component for a report (per customer and in total)."""
    lang = _check_lang(lang, "programme_table")
    c = effect.components
    cur = effect.currency
    return pd.DataFrame({_w(lang, "e_per_customer", cur=cur): [format_number(x, lang=lang)
                                                               for x in c["gain_per_customer"]],
                         _w(lang, "e_base", cur=cur): [format_number(x, lang=lang) for x in c["gain"]]},
                        index=pd.Index([_component(x, lang) for x in c["component"]], name=_w(lang, "e_where")))


def describe_chain(chain: ValueChain, *, lang: str = "en") -> str:
    """Today's baseline and the satisfaction -> money link of a :class:`~cxtools.value.ValueChain` in one sentence."""
    lang = _check_lang(lang, "describe_chain")
    b = chain.baseline
    money = chain.link(chain.satisfaction, "lifetime value")
    return _w(lang, "v_describe", churn=format_percent(b["monthly_churn"], digits=1, lang=lang),
              ltv=format_money(b["ltv"], currency=chain.currency, lang=lang),
              money=format_money(money["estimate"], currency=chain.currency, lang=lang),
              conf=_conf(chain.confidence, lang),
              values=format_interval(money["ci_low"], money["ci_high"], digits=0, lang=lang),
              p=_p(float(money["p_value"]), lang))


def chain_table(chain: ValueChain, *, lang: str = "en") -> pd.DataFrame:
    """The links of a :class:`~cxtools.value.ValueChain` for a report: plain names, estimate and interval as text."""
    lang = _check_lang(lang, "chain_table")
    ends = {"churn": pgettext("value chain", "Churn", lang), "lifetime value": pgettext("value chain", "Lifetime value",
                                                                                        lang)}

    def name(col: str) -> str:
        if col in DRIVER_LABELS:
            return _driver(col, lang)[0]
        if col == chain.satisfaction:
            return pgettext("value chain", "Satisfaction", lang)
        return ends.get(col, col.replace("_", " "))

    rows = []
    for _, r in chain.links.iterrows():
        money = r["target"] == "lifetime value"
        digits, signed = (0, True) if money else ((2, True) if r["target"] == chain.satisfaction else (2, False))
        rows.append({_w(lang, "v_link"): _w(lang, "v_arrow", a=name(r["source"]), b=name(r["target"])),
                     _w(lang, "v_estimate"): format_number(r["estimate"], digits=digits, signed=signed, lang=lang),
                     _conf(chain.confidence, lang): format_interval(r["ci_low"], r["ci_high"], digits=digits,
                                                                    signed=signed, lang=lang),
                     _w(lang, "v_p"): _p_value(r["p_value"], lang),
                     _w(lang, "v_meaning"): _meaning(r["source"], r["target"], chain.satisfaction, chain.currency,
                                                     lang)})
    return pd.DataFrame(rows).set_index(_w(lang, "v_link"))


#: Plain names of the group columns, for sentences.
GROUP_NAMES = {"nps_group": "NPS group", "satisfaction_band": "satisfaction band"}


def describe_purchases(link: PurchaseLink, *, lang: str = "en") -> str:
    """What the groups of a :class:`~cxtools.value.PurchaseLink` do differently and what moving them is worth."""
    lang = _check_lang(lang, "describe_purchases")
    row = link.table.iloc[0]
    group = GROUP_NAMES.get(link.by, link.by.replace("_", " ")) if lang == "en" else _term_name(link.by, lang)
    worth = (pgettext("profit or revenue, of", "profit", lang) if link.margin_share is not None
             else pgettext("profit or revenue, of", "revenue", lang))
    return _w(lang, "l_describe", model=link.model_name, group=group, n=format_number(link.n_customers, lang=lang),
              n_without=format_number(link.n_without_purchases, lang=lang),
              src=_group_label(link.from_group, lang) if lang == "en" else _group_noun(link.from_group, lang=lang),
              dst=_group_label(link.to_group, lang) if lang == "en" else _group_noun(link.to_group, lang=lang),
              value=_money(row["value_per_customer"], link.currency, lang), worth=worth, h=link.horizon_months,
              conf=_level(link.confidence, lang, plural=True), n_draws=link.n_draws, seed=link.seed)


def purchase_table(link: PurchaseLink, *, lang: str = "en") -> pd.DataFrame:
    """The sensitivity table of a :class:`~cxtools.value.PurchaseLink` for a report: plain headings, whole amounts."""
    lang = _check_lang(lang, "purchase_table")
    gained = "m_gained_profit" if link.margin_share is not None else "m_gained_revenue"
    return _sensitivity_table(link.table, moved=_w(lang, "m_moved_plain"), gained=_w(lang, gained, cur=link.currency),
                              from_group=link.from_group, confidence=link.confidence, currency=link.currency,
                              lang=lang)


def purchase_effects_table(link: PurchaseLink, *, lang: str = "en") -> pd.DataFrame:
    """The group effects of a :class:`~cxtools.value.PurchaseLink`: how many times the group's rates are the reference's."""
    lang = _check_lang(lang, "purchase_effects_table")
    e = link.effects

    def process(name: str) -> str:
        head, _, rest = name.partition(" ")
        return _process(head, lang) + (" " + rest if rest else "")

    return pd.DataFrame(
        {
            _w(lang, "l_times"): [format_number(x, digits=2, lang=lang) for x in e["multiplier"]],
            _conf(EFFECTS_CONFIDENCE, lang): [format_interval(lo, hi, lang=lang)
                                              for lo, hi in zip(e["ci_low"], e["ci_high"])],
            _w(lang, "v_p"): [_p_value(p, lang) for p in e["p_value"]],
        },
        index=pd.Index([_w(lang, "l_vs", process=process(p), level=_group_label(str(t).split("[", 1)[-1].rstrip("]"),
                                                                                 lang),
                              ref=_group_label(link.to_group, lang)) for p, t in zip(e["process"], e["term"])],
                       name=_w(lang, "l_rate_group")),
    )


# ----------------------------------------------------------------------------------------
# 5. for the report: plain tables and the business case
# ----------------------------------------------------------------------------------------
#: Plain-language headings (with units) of :func:`cxtools.value.value_by_group`'s columns; ``{currency}`` is
#: filled in by :func:`plain_value_table`.
VALUE_TABLE_LABELS: dict[str, str] = {
    "customers": "Customers",
    "churned": "Left since the survey",
    "months_at_risk": "Months followed",
    "monthly_churn": "Leaving per month (%)",
    "expected_months": "Expected months as a customer (within horizon)",
    "contract_margin_per_month": "Contract profit per month ({currency})",
    "extra_spend_per_month": "One-off purchases per month ({currency})",
    "value_per_month": "Profit per month incl. one-off purchases ({currency})",
    "ltv": "Lifetime value ({currency})",
}


def _value_table_labels(lang: str) -> dict[str, str]:
    """:data:`VALUE_TABLE_LABELS` in ``lang``."""
    return {
        "customers": pgettext("value table", "Customers", lang),
        "churned": pgettext("value table", "Left since the survey", lang),
        "months_at_risk": pgettext("value table", "Months followed", lang),
        "monthly_churn": pgettext("value table", "Leaving per month (%)", lang),
        "expected_months": pgettext("value table", "Expected months as a customer (within horizon)", lang),
        "contract_margin_per_month": pgettext("value table", "Contract profit per month ({currency})", lang),
        "extra_spend_per_month": pgettext("value table", "One-off purchases per month ({currency})", lang),
        "value_per_month": pgettext("value table", "Profit per month incl. one-off purchases ({currency})", lang),
        "ltv": pgettext("value table", "Lifetime value ({currency})", lang),
    }


def plain_value_table(table: pd.DataFrame, *, columns: Sequence[str] | None = None,
                      currency: str | None = None, lang: str = "en") -> pd.DataFrame:
    """:func:`cxtools.value.value_by_group`'s table with plain headings and units, for a report.

    Shares become per cent (one decimal), money and months are rounded; the group
    labels stay as they are.

    Parameters
    ----------
    table : DataFrame
        From :func:`cxtools.value.value_by_group`.
    columns : sequence of str, optional
        Which of its columns to show (default: all), in that order.
    currency : str, optional
        Currency named in the headings; default the one :func:`cxtools.value.value_by_group` used.
    lang : {"en", "ru"}, default "en"
        Language of the headings and group labels; in Russian the numbers are text in the
        Russian format (decimal comma, spaces between thousands).

    Returns
    -------
    DataFrame

    Raises
    ------
    CxSchemaError
        If a requested column is not in ``table``.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24 (the quantities shown).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a", "a"], "months": [50.0, 50], "churned": [1, 0],
    ...                    "monthly_margin": [100.0] * 2})
    >>> from cxtools.value import value_by_group
    >>> t = value_by_group(df, by="g", duration="months", revenue=None, extra_spend=None)
    >>> plain_value_table(t, columns=["customers", "monthly_churn", "ltv"]).to_dict("records")
    [{'Customers': 2, 'Leaving per month (%)': 1.0, 'Lifetime value (rub)': 3641}]
    """
    func = "plain_value_table"
    require_frame(table, func=func, what="table")
    columns = list(table.columns) if columns is None else list(columns)
    require_columns(table, columns, func=func, what="table")
    lang = _check_lang(lang, func)
    currency = currency if currency is not None else table.attrs.get("currency", DEFAULT_CURRENCY)
    out = table[columns].copy()
    for col in columns:
        if col == "monthly_churn":
            out[col] = (out[col] * 100).round(1)
        elif col in ("customers", "churned"):
            out[col] = out[col].round(0).astype(int)
        elif col in ("months_at_risk", "expected_months"):
            out[col] = out[col].round(1)
        elif col == "ltv":
            out[col] = out[col].round(0).astype(int)
        elif col in VALUE_TABLE_LABELS:  # money per month: whole amounts
            out[col] = out[col].round(0).astype(int)
    if lang == "en":
        out.index.name = TERM_LABELS.get(str(out.index.name), out.index.name)
        return out.rename(columns={k: v.format(currency=currency) for k, v in VALUE_TABLE_LABELS.items()})
    for col in columns:
        digits = 1 if col in ("monthly_churn", "months_at_risk", "expected_months") else 0
        out[col] = [format_number(x, digits=digits, lang=lang) for x in out[col]]
    out.index = pd.Index([_group_label(x, lang) for x in out.index], name=_term_name(str(out.index.name), lang))
    return out.rename(columns={k: v.format(currency=currency) for k, v in _value_table_labels(lang).items()})


def hazard_ratio_table(result: CoxResult, *, lang: str = "en") -> pd.DataFrame:
    """A Cox model's hazard ratios for a report, in the report's language.

    In English this is :meth:`CoxResult.report_table`; in Russian the same table with
    Russian headings and term names (a group term reads "NPS group: detractor vs passive" in
    Russian words) and p-values with a decimal comma.

    Parameters
    ----------
    result : CoxResult
        From :func:`churn_hazard_ratios`.
    lang : {"en", "ru"}, default "en"
        Language of the headings, term names and numbers.

    Returns
    -------
    DataFrame
        One row per model term: hazard ratio, interval, p-value (all as text).

    References
    ----------
    Cox, D. R. (1972). Regression models and life-tables. *Journal of the Royal Statistical
    Society, Series B*, 34(2), 187-220 (the hazard ratios shown).

    Examples
    --------
    >>> table = pd.DataFrame({"coef": [0.64], "std_err": [0.1], "hazard_ratio": [1.9], "ci_low": [1.37],
    ...                       "ci_high": [2.63], "p_value": [1e-5]},
    ...                      index=pd.Index(["nps_group[detractor]"], name="term"))
    >>> cox = CoxResult(table, 100, 40, -150.0, "efron", 0.95, {"nps_group": "passive"})
    >>> hazard_ratio_table(cox).index[0]
    'NPS group: detractor vs passive'
    """
    if not isinstance(result, CoxResult):
        raise CxParameterError(f"hazard_ratio_table: expected a CoxResult from churn_hazard_ratios, got "
                               f"{type(result).__name__}")
    lang = _check_lang(lang, "hazard_ratio_table")
    if lang == "en":
        return result.report_table()
    t = result.table

    def term(name: str) -> str:
        if name.endswith("]") and "[" in name:
            col, level = name[:-1].split("[", 1)
            ref = result.reference.get(col)
            head = f"{_term_name(col, lang)}: {_group_label(level, lang)}"
            if ref is None:
                return head
            return pgettext("hazard ratio term", "{name}: {level} vs {ref}", lang).format(
                name=_term_name(col, lang), level=_group_label(level, lang), ref=_group_label(ref, lang))
        return _term_name(name, lang)

    return pd.DataFrame(
        {
            _w(lang, "h_ratio"): [format_number(x, digits=2, lang=lang) for x in t["hazard_ratio"]],
            _conf(result.confidence, lang): [format_interval(lo, hi, digits=2, lang=lang)
                                             for lo, hi in zip(t["ci_low"], t["ci_high"])],
            _w(lang, "v_p"): [_p_value(p, lang) for p in t["p_value"]],
        },
        index=pd.Index([term(str(x)) for x in t.index], name=_w(lang, "h_term")),
    )


def retention_table(km: "KaplanMeierResult", *, lang: str = "en") -> pd.DataFrame:
    """Customers, leavers and the restricted mean months with us per group, for a report.

    Parameters
    ----------
    km : KaplanMeierResult
        :func:`cxtools.ltv.survival.kaplan_meier` on the months since the survey response.
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    DataFrame
        One row per group: customers, customers who left, the average months with us within
        the window (Kaplan-Meier restricted mean) and its interval.

    References
    ----------
    Royston, P., & Parmar, M. K. B. (2013). Restricted mean survival time. *BMC Medical
    Research Methodology*, 13, 152.

    Examples
    --------
    >>> from cxtools.ltv.survival import kaplan_meier
    >>> df = pd.DataFrame({"months": [3, 5, 5, 8, 10, 12], "churned": [1, 1, 0, 1, 0, 1], "g": list("aabbab")})
    >>> retention_table(kaplan_meier(df, duration="months", event="churned", by="g")).columns[0]
    'Customers'
    """
    from cxtools.ltv.survival import KaplanMeierResult  # the type of the argument, for the check

    if not isinstance(km, KaplanMeierResult):
        raise CxParameterError(f"retention_table: expected a KaplanMeierResult, got {type(km).__name__}")
    lang = _check_lang(lang, "retention_table")
    s = km.summary
    window = float(s["horizon"].max())
    average = s["rmst"].round(1)
    return pd.DataFrame(
        {
            _w(lang, "r_customers"): s["customers"].to_numpy(),
            _w(lang, "r_left"): s["events"].to_numpy(),
            _w(lang, "r_average", window=format_number(window, digits=1, lang=lang)):
                average.to_numpy() if lang == "en" else [format_number(x, digits=1, lang=lang) for x in average],
            _conf(km.confidence, lang): [format_interval(lo, hi, digits=1, lang=lang)
                                         for lo, hi in zip(s["rmst_lower"], s["rmst_upper"])],
        },
        index=pd.Index([_group_label(x, lang) for x in s.index],
                       name=_term_name(str(km.by), lang) if km.by else None),
    )


def sources_table(tables: Mapping[str, Any], *, lang: str = "en") -> pd.DataFrame:
    """Rows read, accepted and set aside per data source, for a report (they add up).

    Parameters
    ----------
    tables : mapping of str to LoadResult
        Source name -> the loader's result (``n_read``, ``data``, ``rejected``).
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    DataFrame
        One row per source.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> loaded = SimpleNamespace(n_read=1200, data=pd.DataFrame(index=range(1199)), rejected=pd.DataFrame(index=[0]))
    >>> sources_table({"survey": loaded}).to_dict("index")
    {'survey': {'Rows read': '1,200', 'Accepted': '1,199', 'Set aside': '1'}}
    """
    lang = _check_lang(lang, "sources_table")
    return pd.DataFrame(
        {
            _w(lang, "s_read"): {_source(k, lang): format_number(r.n_read, lang=lang) for k, r in tables.items()},
            _w(lang, "s_accepted"): {_source(k, lang): format_number(len(r.data), lang=lang) for k, r in tables.items()},
            _w(lang, "s_set_aside"): {_source(k, lang): format_number(len(r.rejected), lang=lang)
                                      for k, r in tables.items()},
        }
    ).rename_axis(_w(lang, "s_source"))


def rejections_table(tables: Mapping[str, Any], *, lang: str = "en") -> pd.DataFrame | None:
    """Rows set aside per source and reason, for a report (None when every row was accepted).

    Only the source and the reason are shown, scrubbed of personal data with
    :func:`cxtools.data.privacy.redact` (a reason may quote a value); in Russian the loaders'
    usual reasons are translated, other reasons are named as a broken loading rule.

    Parameters
    ----------
    tables : mapping of str to LoadResult
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    DataFrame or None
        Indexed by source: the reason and the number of rows.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> loaded = SimpleNamespace(rejected=pd.DataFrame({"reason": ["duplicate transaction_id"]}))
    >>> rejections_table({"transactions": loaded}).iloc[0, 0]
    'duplicate transaction_id'
    """
    lang = _check_lang(lang, "rejections_table")
    parts = [r.rejected[["reason"]].assign(table=k) for k, r in tables.items() if len(r.rejected)]
    if not parts:
        return None
    counts = redact(pd.concat(parts, ignore_index=True).value_counts(["table", "reason"]).rename("rows").reset_index())
    return pd.DataFrame({_w(lang, "s_why"): [_reason(x, lang) for x in counts["reason"]],
                         _w(lang, "s_rows"): counts["rows"].to_numpy()},
                        index=pd.Index([_source(x, lang) for x in counts["table"]], name=_w(lang, "s_source")))


def _source(name: str, lang: str) -> str:
    return source_name(name, lang=lang)


def _reason(reason: str, lang: str) -> str:
    """A loader's reason in the language; in Russian an unknown reason reads as a broken loading rule."""
    return rejection_reason(reason, lang=lang, unknown=_w(lang, "unknown_reason") if lang != "en" else None)


def _significant(row: Mapping[str, Any] | pd.Series, alpha: float) -> bool:
    return bool(float(row["p_value"]) < alpha)


def _plain(column: str) -> str:
    """'tenure_months' -> 'tenure at the survey' (the label without its unit, lower case)."""
    return TERM_LABELS.get(column, column.replace("_", " ")).split(" (")[0].lower()


def churn_findings(*, groups: CoxResult | None, per_point: CoxResult, alpha: float = 0.05, lang: str = "en") -> str:
    """The hazard ratios of two Cox models in one Markdown sentence, claims only where significant.

    Each group of ``groups`` is compared with the reference group ("detractors leave 1.9
    times as fast as passives"), said to differ only when its p-value is below ``alpha``;
    the first predictor of ``per_point`` becomes "every extra point of overall
    satisfaction goes with 20 % fewer customers leaving per month", with its interval.

    Parameters
    ----------
    groups : CoxResult or None
        :func:`churn_hazard_ratios` with one categorical predictor (e.g. ``nps_group``);
        None to report the score alone.
    per_point : CoxResult
        :func:`churn_hazard_ratios` with a score as the first predictor.
    alpha : float, default 0.05
        Significance level for the claims.
    lang : {"en", "ru"}, default "en"
        Language of the sentence (numbers in the language's format).

    Returns
    -------
    str

    References
    ----------
    Cox, D. R. (1972). Regression models and life-tables. *JRSS B*, 34(2), 187-220.

    Examples
    --------
    >>> import pandas as pd
    >>> cols = ["coef", "std_err", "hazard_ratio", "ci_low", "ci_high", "p_value"]
    >>> g = pd.DataFrame([[0.64, 0.1, 1.90, 1.56, 2.31, 1e-6], [-0.1, 0.1, 0.90, 0.74, 1.10, 0.31]], columns=cols,
    ...                  index=pd.Index(["nps_group[detractor]", "nps_group[promoter]"], name="term"))
    >>> s = pd.DataFrame([[-0.22, 0.03, 0.80, 0.76, 0.85, 1e-9]], columns=cols,
    ...                  index=pd.Index(["overall_satisfaction"], name="term"))
    >>> print(churn_findings(groups=CoxResult(g, 900, 300, -1.0, "efron", 0.95, {"nps_group": "passive"},
    ...                                       ("nps_group",), ("tenure_months",)),
    ...                      per_point=CoxResult(s, 900, 300, -1.0, "efron", 0.95, {}, ("overall_satisfaction",),
    ...                                          ("tenure_months",))))
    Other things equal (tenure at the survey), **detractors leave 1.90 times as fast as passives** (p < 0.001) and promoters leave 0.90 times as fast (p = 0.310, not significantly different from passives); every extra point of overall satisfaction goes with **20% fewer customers leaving per month** (hazard ratio 0.80, 95% interval 0.76 to 0.85, p < 0.001).
    """
    func = "churn_findings"
    for name, obj in (("groups", groups), ("per_point", per_point)):
        if not isinstance(obj, CoxResult) and not (name == "groups" and obj is None):
            raise CxParameterError(f"{func}: {name} must be a CoxResult, got {type(obj).__name__}")
    alpha = check_alpha(alpha, func=func)
    lang = _check_lang(lang, func)
    controls = [c for c in dict.fromkeys([*(groups.adjust_for if groups is not None else ()), *per_point.adjust_for])]
    names = _w(lang, "and").join(_term_name(c, lang).split(" (")[0].lower() for c in controls)
    head = _w(lang, "c_head", controls=names) if controls else ""
    parts: list[str] = []
    for term, row in (groups.table.iterrows() if groups is not None else ()):
        if not (str(term).endswith("]") and "[" in str(term)):
            continue
        col, level = str(term)[:-1].split("[", 1)
        ref = _group_noun(groups.reference.get(col), lang=lang)  # type: ignore[union-attr]  # rows only with groups
        times = _times(format_number(float(row["hazard_ratio"]), digits=2, lang=lang), lang)
        phrase = (_w(lang, "c_group", group=_group_noun(level, lang=lang), times=times)
                  + (_w(lang, "c_as", ref=ref) if not parts else ""))
        p = _p(float(row["p_value"]), lang)
        parts.append(_w(lang, "c_sig" if _significant(row, alpha) else "c_not_sig", phrase=phrase, p=p, ref=ref))
    term = per_point.predictors[0] if per_point.predictors else per_point.table.index[0]
    row = per_point.table.loc[term]
    claim = _w(lang, "c_claim", change=_change(float(row["hazard_ratio"]), lang))
    claim = f"**{claim}**" if _significant(row, alpha) else claim
    point = _w(lang, "c_point", what=_score_name(term, lang), claim=claim,
               stats=_hr_stats(row, per_point.confidence, lang))
    text = head + point if not parts else head + _w(lang, "and").join(parts) + "; " + point
    return _md(text if lang == "en" else text[:1].upper() + text[1:])


def business_case(
    *,
    per_point: CoxResult,
    moving: ValueOfMoving,
    share_moved: float,
    effect: ProgrammeEffect,
    satisfaction_gain: float,
    groups: CoxResult | None = None,
    chain: ValueChain | None = None,
    alpha: float = 0.05,
    route: Literal["contracts", "transactions"] | None = None,
    lang: str = "en",
) -> str:
    """One paragraph a CX lead can paste into a memo, every number and claim computed.

    Every statement follows from the results passed in: whether happier customers stay
    longer is said only when the Cox model's hazard ratio per point is below 1 at
    ``alpha`` (otherwise the paragraph says the link could not be shown, and that the
    money figures then rest on an effect that may be zero); the value of moving
    customers carries its bootstrap interval and says so when the interval includes
    zero; the programme's spend uplift is called an assumption; only operational
    levers whose link to satisfaction is significant are named.

    Parameters
    ----------
    per_point : CoxResult
        :func:`churn_hazard_ratios` with the satisfaction score as the (first) predictor.
    moving : ValueOfMoving
        :func:`value_of_moving` whose table includes ``share_moved``.
    share_moved : float
        The share quoted in the memo.
    effect : ProgrammeEffect
        :func:`programme_effect` of a programme raising satisfaction by ``satisfaction_gain``.
    satisfaction_gain : float
        Points of satisfaction the programme aims for.
    groups : CoxResult, optional
        :func:`churn_hazard_ratios` by group (``from_group`` of ``moving`` against
        ``to_group`` as the reference), for the "leave N times as fast" sentence.
    chain : ValueChain, optional
        :func:`operations_chain`, for the operational levers.
    alpha : float, default 0.05
        Significance level for the claims.
    route : {"contracts"} or None
        How survey answers were tied to money; when given, the paragraph ends by saying
        so (the contract route: who left and when, from the contracts of the
        respondents, in a Cox model).
    lang : {"en", "ru"}, default "en"
        Language of the paragraph (numbers and money in the language's format).

    Returns
    -------
    str
        Markdown paragraph.

    Raises
    ------
    CxParameterError
        ``share_moved`` not in ``moving``'s table, or wrong argument types.

    References
    ----------
    Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
    (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2),
    164-174.

    Examples
    --------
    >>> from cxtools.data.samples import make_sample_data
    >>> from cxtools.value import churn_hazard_ratios, link_survey_to_customers, programme_effect, value_of_moving
    >>> d = make_sample_data(2000, seed=7)
    >>> data = link_survey_to_customers(d.survey, d.customers, d.subscriptions,
    ...                                 transactions=d.transactions).data
    >>> cox = churn_hazard_ratios(data, predictors="overall_satisfaction")
    >>> moving = value_of_moving(data, shares=[0.1], customer_base=1000, n_boot=100)
    >>> hr = cox.hazard_ratio("overall_satisfaction")
    >>> effect = programme_effect(customers=1000, monthly_value=110, monthly_churn=0.025,
    ...                           churn_reduction=1 - hr ** 0.5, spend_uplift=0.03)
    >>> text = business_case(per_point=cox, moving=moving, share_moved=0.1, effect=effect,
    ...                      satisfaction_gain=0.5)
    >>> text.startswith("**Business case.** Customers who are happier with us stay longer")
    True
    """
    func = "business_case"
    for name, obj, kind in [("per_point", per_point, CoxResult), ("moving", moving, ValueOfMoving),
                            ("effect", effect, ProgrammeEffect)]:
        if not isinstance(obj, kind):
            raise CxParameterError(f"{func}: {name} must be a {kind.__name__}, got {type(obj).__name__}")
    if groups is not None and not isinstance(groups, CoxResult):
        raise CxParameterError(f"{func}: groups must be a CoxResult, got {type(groups).__name__}")
    if chain is not None and not isinstance(chain, ValueChain):
        raise CxParameterError(f"{func}: chain must be a ValueChain, got {type(chain).__name__}")
    share_moved = check_share(share_moved, func=func, name="share_moved")
    alpha = check_alpha(alpha, func=func)
    if route is not None:
        check_choice("route", route, list(ROUTES), func=func)
    lang = _check_lang(lang, func)
    row = _share_row(moving.table, share_moved, func, "value_of_moving")
    term = per_point.predictors[0] if per_point.predictors else per_point.table.index[0]
    sat = per_point.table.loc[term]
    hr = float(sat["hazard_ratio"])
    what = _score_name(term, lang)
    controls = _w(lang, "and").join(_term_name(c, lang).split(" (")[0].lower() for c in per_point.adjust_for)
    allowing = _w(lang, "allowing", controls=controls) if controls else ""
    cur = moving.currency
    num = dict(n=format_number(per_point.n, lang=lang), what=what, allowing=allowing,
               stats=_hr_stats(sat, per_point.confidence, lang))
    parts = []
    linked = _significant(sat, alpha)
    if linked and hr < 1:
        parts.append(_w(lang, "b_stay", count=per_point.n, change=_change(hr, lang), **num))
    elif linked:
        parts.append(_w(lang, "b_faster", count=per_point.n, pct=format_percent(hr - 1, lang=lang), **num))
    else:
        parts.append(_w(lang, "b_unshown", count=per_point.n, **num))
    if groups is not None:
        parts.extend(_group_sentences(groups, moving, alpha=alpha, lang=lang, case=True))
    inp = effect.inputs
    horizon = (_w(lang, "b_horizon", h=inp["horizon_months"]) if inp.get("horizon_months") else _w(lang, "b_no_horizon"))
    a_src, a_dst = (_group_noun(g, plural=False, lang=lang) for g in (moving.from_group, moving.to_group))
    parts.append(_w(lang, "b_worth", A_src=_cap(a_src), a_dst=a_dst,
                    src=_group_noun(moving.from_group, lang=lang), dst=_group_noun(moving.to_group, lang=lang),
                    ltv_from=format_money(moving.ltv_from, currency=cur, lang=lang),
                    ltv_to=format_money(moving.ltv_to, currency=cur, lang=lang), horizon=horizon,
                    rate=format_percent(inp.get("discount_rate_per_year", float("nan")), lang=lang)))
    zero = row["ci_low"] <= 0 <= row["ci_high"]
    parts.append(_w(lang, "b_moving", count=row["customers_moved"], share=format_percent(share_moved, lang=lang),
                    src=_group_noun(moving.from_group, lang=lang), dst=_group_noun(moving.to_group, lang=lang),
                    n=format_number(row["customers_moved"], lang=lang),
                    base=format_number(moving.customer_base, lang=lang), value=_money(row["value"], cur, lang),
                    conf=_conf(moving.confidence, lang), lo=_money(row["ci_low"], cur, lang),
                    hi=_money(row["ci_high"], cur, lang), zero="")
                 + _w(lang, "b_zero" if zero else "b_end"))
    churn_cut = effect.inputs.get("churn_reduction", 0.0)
    money = dict(what=what, uplift=format_percent(effect.spend_factor - 1, lang=lang),
                 total=format_percent(effect.total_factor - 1, digits=1, lang=lang, signed=True),
                 money=_money(effect.gain, cur, lang), customers=format_number(effect.customers, lang=lang),
                 cut=format_percent(churn_cut, lang=lang))
    if linked and hr < 1:
        parts.append(_w(lang, "b_programme", count=effect.customers, gain=_points(satisfaction_gain, lang), **money))
    else:
        churn_text = _w(lang, "b_churn_text", cut=money["cut"]) if churn_cut > 0 else ""
        parts.append(_w(lang, "b_programme_no", count=effect.customers, churn_text=churn_text, **money))
    if chain is not None:
        parts.append(_lever_sentence(chain, alpha=alpha, lang=lang))
    if route is not None:
        parts.append(_w(lang, f"route_{route}"))
    return _md(_w(lang, "case_head") + " ".join(parts))


def _lever_sentence(chain: ValueChain, *, alpha: float, lang: str) -> str:
    """Which operational levers are worth money through satisfaction, claims only where significant."""
    levers = []
    for col in chain.drivers:
        to_sat = chain.link(col, chain.satisfaction)
        money = chain.link(col, "lifetime value")
        if _significant(to_sat, alpha) and _significant(money, alpha):
            levers.append(_w(lang, "b_lever", unit=_driver(col, lang)[1],
                             how=_w(lang, "b_avoided" if money["estimate"] < 0 else "b_gained"),
                             money=format_money(abs(money["estimate"]), currency=chain.currency, lang=lang)))
    if levers:
        return _w(lang, "b_levers", levers=_w(lang, "b_lever_sep").join(levers))
    moving_sat = [_driver(c, lang)[0].lower() for c in chain.drivers
                  if _significant(chain.link(c, chain.satisfaction), alpha)]
    if moving_sat:
        names = join_names(moving_sat, lang=lang)
        key = "b_move_sat_one" if len(moving_sat) == 1 else "b_move_sat"
        # a sentence that opens with the names starts with a capital
        return _w(lang, key, Names=_cap(names) if gettext(_TEXT[key], lang).startswith("{Names}") else names)
    return _w(lang, "b_no_levers")


#: How survey answers are tied to money, in the words the business case closes with.
ROUTES: dict[str, str] = {route: _TEXT[f"route_{route}"] for route in ("contracts", "transactions")}


def _group_sentences(groups: CoxResult, moving: ValueOfMoving, *, alpha: float, lang: str, case: bool) -> list[str]:
    """The "leave N times as fast" sentence of ``moving.from_group`` against the reference group (or none)."""
    key = next((t for t in groups.table.index if str(t).endswith(f"[{moving.from_group}]")), None)
    if key is None:
        return []
    g = groups.table.loc[key]
    ref = groups.reference.get(str(key).split("[", 1)[0], moving.to_group)
    src = _group_noun(moving.from_group, lang=lang)
    names = dict(Src=_cap(src), src=src, ref=_group_noun(ref, lang=lang))
    digits = 1 if case else 2
    times = _times(format_number(float(g["hazard_ratio"]), digits=digits, lang=lang), lang)
    x = format_number(float(g["hazard_ratio"]), digits=2, lang=lang)
    if case:
        interval = _interval_of(g["ci_low"], g["ci_high"], groups.confidence, lang, digits=1)
        if _significant(g, alpha):
            return [_w(lang, "b_groups", times=times, interval=interval, **names)]  # type: ignore[arg-type]  # names are words, not a count
        return [_w(lang, "b_groups_no", x=x, p=_p(float(g["p_value"]), lang), **names)]  # type: ignore[arg-type]  # names are words, not a count
    interval = f"{_interval_of(g['ci_low'], g['ci_high'], groups.confidence, lang)}, {_p(float(g['p_value']), lang)}"
    key = "f_groups" if _significant(g, alpha) else "f_groups_no"
    return [_w(lang, key, times=times, x=x, interval=interval, **names)]  # type: ignore[arg-type]  # names are words, not a count


def _route_sentence(route: str, lang: str) -> str:
    """How answers were tied to money, as a plain sentence (without the italic lead-in)."""
    text = _w(lang, f"route_{route}").split(":* ", 1)[1]
    return _cap(text)


def key_findings(
    *,
    joined: JoinResult,
    per_point: CoxResult | None = None,
    groups: CoxResult | None = None,
    moving: ValueOfMoving | None = None,
    share_moved: float | None = None,
    effect: ProgrammeEffect | None = None,
    satisfaction_gain: float | None = None,
    route: Literal["contracts", "transactions"] | None = None,
    alpha: float = 0.05,
    purchases: "PurchaseLink | None" = None,
    lang: str = "en",
) -> str:
    """The "Key findings" of a survey-to-value analysis: three to six sentences with their uncertainty.

    Every sentence comes from a result passed in; a result left out (``None``) gives no
    sentence, so a run on data without contracts or money columns makes no claim about
    them. Claims of a link are made only where the test is significant at ``alpha``.

    Parameters
    ----------
    joined : JoinResult
        :func:`link_survey_to_customers`.
    per_point, groups : CoxResult, optional
        :func:`churn_hazard_ratios` on the score and on the groups (reference: the group
        customers are moved into).
    moving : ValueOfMoving, optional
        With ``share_moved`` among its shares.
    share_moved : float, optional
    effect : ProgrammeEffect, optional
        With ``satisfaction_gain``, the programme sentence.
    satisfaction_gain : float, optional
    route : {"contracts", "transactions"} or None
        Adds the sentence saying how answers were tied to money.
    alpha : float, default 0.05
    purchases : PurchaseLink, optional
        :func:`purchase_value_link` (the purchases route), with ``share_moved`` among its shares.
    lang : {"en", "ru"}, default "en"
        Language of the sentences (numbers and money in the language's format).

    Returns
    -------
    str
        Markdown: a "## Key findings" heading and a bulleted list.

    References
    ----------
    Cox, D. R. (1972). Regression models and life-tables. *JRSS B*, 34(2), 187-220.
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> cov = pd.DataFrame({"status": ["linked", "no customer id"], "respondents": [9, 1],
    ...                     "share": [0.9, 0.1]})
    >>> print(key_findings(joined=JoinResult(pd.DataFrame(), cov, pd.DataFrame(), pd.Timestamp("2026-06-30"))))
    ## Key findings
    <BLANKLINE>
    - 9 of 10 survey respondents (90%) could be followed as customers after their answer.
    """
    func = "key_findings"
    if not isinstance(joined, JoinResult):
        raise CxParameterError(f"{func}: joined must be a JoinResult, got {type(joined).__name__}")
    alpha = check_alpha(alpha, func=func)
    if route is not None:
        check_choice("route", route, list(ROUTES), func=func)
    lang = _check_lang(lang, func)
    n = joined.n_respondents
    k = int(joined.coverage.loc[joined.coverage["status"] == "linked", "respondents"].sum())
    items = [_w(lang, "f_linked", k=format_number(k, lang=lang), n=format_number(n, lang=lang),
                pct=format_percent(k / n, lang=lang)) if n else _w(lang, "f_no_respondents")]
    if per_point is not None:
        term = per_point.predictors[0] if per_point.predictors else per_point.table.index[0]
        row = per_point.table.loc[term]
        stats_text = _hr_stats(row, per_point.confidence, lang)
        what = _score_name(term, lang)
        if _significant(row, alpha):
            items.append(_w(lang, "f_point", what=what, change=_change(float(row["hazard_ratio"]), lang),
                            stats=stats_text))
        else:
            items.append(_w(lang, "f_point_no", what=what, stats=stats_text))
    if groups is not None and moving is not None:
        items.extend(_group_sentences(groups, moving, alpha=alpha, lang=lang, case=False))
    if moving is not None and share_moved is not None:
        row = _share_row(moving.table, share_moved, func, "value_of_moving")
        cur = moving.currency
        zero = row["ci_low"] <= 0 <= row["ci_high"]
        items.append(_w(lang, "f_moving", count=row["customers_moved"], share=format_percent(share_moved, lang=lang),
                        src=_group_noun(moving.from_group, lang=lang), dst=_group_noun(moving.to_group, lang=lang),
                        n=format_number(row["customers_moved"], lang=lang), value=_money(row["value"], cur, lang),
                        conf=_conf(moving.confidence, lang), lo=_money(row["ci_low"], cur, lang),
                        hi=_money(row["ci_high"], cur, lang), zero=_w(lang, "f_zero") if zero else ""))
    if effect is not None and satisfaction_gain is not None:
        items.append(_w(lang, "f_effect", count=effect.customers, gain=_points(satisfaction_gain, lang),
                        uplift=format_percent(effect.spend_factor - 1, lang=lang),
                        total=format_percent(effect.total_factor - 1, digits=1, lang=lang, signed=True),
                        money=_money(effect.gain, effect.currency, lang),
                        customers=format_number(effect.customers, lang=lang)))
    if purchases is not None:
        items.extend(_purchase_sentences(purchases, share_moved=share_moved, alpha=alpha, lang=lang))
    if route is not None:
        items.append(_route_sentence(route, lang))
    return _md(_w(lang, "findings_head") + "\n\n" + "\n".join(f"- {s}" for s in items[:6]))


def _purchase_sentences(link: PurchaseLink, *, share_moved: float | None, alpha: float, lang: str = "en") -> list[str]:
    """Plain sentences of a :class:`PurchaseLink`: group effects (claims only where significant) and money."""
    out = []
    src, ref = _group_noun(link.from_group, lang=lang), _group_noun(link.to_group, lang=lang)
    names = dict(Src=_cap(src), src=src, ref=ref)
    for process, key in (("purchase", "p_purchase"), ("drop-out", "p_dropout")):
        try:
            row = link.effect(process)
        except CxParameterError:
            continue
        interval = (f"{_interval_of(row['ci_low'], row['ci_high'], EFFECTS_CONFIDENCE, lang)}, "
                    f"{_p(float(row['p_value']), lang)}")
        m = format_number(float(row["multiplier"]), digits=2, lang=lang)
        out.append(_w(lang, key if _significant(row, alpha) else f"{key}_no", times=_times(m, lang), x=m,
                      interval=interval, **names))  # type: ignore[arg-type]  # names are words, not a count
    if share_moved is not None:
        row = _share_row(link.table, share_moved, "purchase_value_link", "purchase_value_link")
        zero = row["ci_low"] <= 0 <= row["ci_high"]
        cur = link.currency
        out.append(_w(lang, "p_moving", share=format_percent(share_moved, lang=lang), src=src, ref=ref,
                      n=format_number(row["customers_moved"], lang=lang),
                      base=format_number(link.customer_base, lang=lang),
                      worth=(pgettext("profit or revenue, changes", "profit", lang) if link.margin_share is not None
                             else _w(lang, "p_revenue")),
                      h=link.horizon_months, value=_money(row["value"], cur, lang), conf=_conf(link.confidence, lang),
                      lo=_money(row["ci_low"], cur, lang), hi=_money(row["ci_high"], cur, lang),
                      zero=_w(lang, "p_zero") if zero else ""))
    return out


def purchase_case(link: PurchaseLink, *, share_moved: float, alpha: float = 0.05, lang: str = "en") -> str:
    """The business case of the purchases route in one paragraph, every number and claim computed.

    The counterpart of :func:`business_case` for customers without contracts: whether the
    lower survey group buys less often or drops out sooner is said only where the
    covariate's Wald test is significant at ``alpha``; the value of moving customers
    carries its interval and says when it includes zero; the paragraph says the link is an
    association and which route was used.

    Parameters
    ----------
    link : PurchaseLink
        :func:`purchase_value_link`.
    share_moved : float
        The share quoted (in ``link``'s table).
    alpha : float, default 0.05
    lang : {"en", "ru"}, default "en"
        Language of the paragraph.

    Returns
    -------
    str
        Markdown paragraph.

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). Incorporating time-invariant covariates into
    the Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/

    Examples
    --------
    >>> from cxtools.data.samples import make_sample_data
    >>> from cxtools.value import link_survey_to_customers, purchase_value_link
    >>> d = make_sample_data(1500, seed=7, dirty=False)
    >>> joined = link_survey_to_customers(d.survey, d.customers, None, as_of="2026-06-30")
    >>> link = purchase_value_link(d.transactions, joined.data, as_of="2026-06-30", n_draws=50, shares=[0.1])
    >>> text = purchase_case(link, share_moved=0.1)
    >>> text.startswith("**Business case.**") and "(the purchases route)" in text
    True
    """
    if not isinstance(link, PurchaseLink):
        raise CxParameterError(f"purchase_case: link must be a PurchaseLink, got {type(link).__name__}")
    share_moved = check_share(share_moved, func="purchase_case", name="share_moved")
    alpha = check_alpha(alpha, func="purchase_case")
    lang = _check_lang(lang, "purchase_case")
    head = _w(lang, "p_head", n=format_number(link.n_customers, lang=lang), model=link.model_name,
              rate=format_percent(link.discount_rate, lang=lang))
    body = _purchase_sentences(link, share_moved=share_moved, alpha=alpha, lang=lang)
    return _md(_w(lang, "case_head") + " ".join([head, *body, _w(lang, "p_caveat"), _w(lang, "route_transactions")]))


def section_note(key: str, *, lang: str = "en") -> str:
    """A plain sentence the CX-value report shows when a section does not apply to the data.

    ``key`` is one of ``"no_churn_date"``, ``"no_margin"``, ``"moving_purchases"``,
    ``"purchases_not_needed"``, ``"churn_skipped"``, ``"programme_skipped"``, ``"chain_skipped"``.

    Examples
    --------
    >>> section_note("churn_skipped").startswith("This section is skipped")
    True
    """
    lang = _check_lang(lang, "section_note")
    check_choice("key", key, list(_NOTES), func="section_note")
    return _w(lang, key)


_NOTES = ("no_churn_date", "no_margin", "moving_purchases", "purchases_not_needed", "churn_skipped",
          "programme_skipped", "chain_skipped")
