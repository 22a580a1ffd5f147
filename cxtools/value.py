"""From experience to money: link survey answers to what customers do and are worth.

Research question 4 of cxtools: *what is a better customer experience worth, in money,
for this business?* The data form layers, the service-profit chain of Heskett et al.
(1994): the **operations** behind the experience (waiting times, repeat contacts,
complaints) shape **satisfaction**; satisfaction shapes **behaviour** (whether customers
stay, how much they buy); behaviour is **money**. This module joins the layers through the
customer id and measures each link.

Workflow
--------
1. :func:`link_survey_to_customers` -- respondents joined to their contract, purchases
   and operations record, with a coverage table saying how many matched and why the
   others did not. Time at risk starts at the survey response and is censored at the
   as-of date.
2. Retention after the survey by NPS group or :func:`satisfaction_band`: Kaplan-Meier
   curves and the log-rank test of :mod:`cxtools.ltv.survival` on ``months_at_risk`` /
   ``churned``.
3. :func:`churn_hazard_ratios` -- Cox proportional-hazards model (statsmodels ``PHReg``)
   adjusted for tenure and products.
4. :func:`value_by_group` -- churn rate, spend per month and lifetime value per group
   (Gupta & Lehmann 2003); :func:`value_of_moving` -- what moving a share of customers
   from one group to another is worth, with a customer-level bootstrap interval.
5. :func:`programme_effect` -- a CX programme's effect as the product of lower churn
   and higher spend per customer, applied to the customer base.
6. :func:`operations_chain` / :func:`plot_value_chain` -- operations -> satisfaction ->
   churn -> lifetime value, estimated and drawn as one chain.

Money is in the business's currency, named by ``currency=`` (an ISO code such as "RUB" or
"EUR", or a label; :data:`DEFAULT_CURRENCY` when none is named) and printed by
:func:`cxtools.core.wording.format_money`; time in months (a month is 365.25 / 12 days); discount
rates are given per year and converted to a monthly compound rate with
:func:`cxtools.ltv.discounting.annual_to_period_rate`. :func:`churn_hazard_ratios` and
:class:`CoxResult` live in :mod:`cxtools.ltv.survival` and are re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import (
    UNSET,
    check_alpha,
    check_choice,
    check_confidence,
    check_rate,
    check_share,
    check_whole_number,
    numeric_column,
    renamed,
    require_columns,
    require_frame,
    require_rows,
    rows_preview,
)
from cxtools.core.results import Result
from cxtools.core.util import as_list as _as_list
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.ltv.discounting import annual_to_period_rate
from cxtools.core.vocabulary import DAYS_PER_UNIT
from cxtools.ltv.survival import TERM_LABELS, CoxResult, _event01 as _event, churn_hazard_ratios
from cxtools.core.wording import (
    format_interval,
    format_money,
    format_number,
    format_p_value,
    format_percent,
    join_names,
    p_phrase,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "AS_OF",
    "DAYS_PER_MONTH",
    "SATISFACTION_BANDS",
    "JoinResult",
    "link_survey_to_customers",
    "satisfaction_band",
    "CoxResult",
    "churn_hazard_ratios",
    "value_by_group",
    "ValueOfMoving",
    "value_of_moving",
    "ProgrammeEffect",
    "programme_effect",
    "DRIVER_LABELS",
    "ValueChain",
    "operations_chain",
    "plot_value_chain",
    "plot_retention",
    "plot_value_by_group",
    "plot_value_of_moving",
    "retention_table",
    "hazard_ratio_table",
    "sources_table",
    "rejections_table",
    "section_note",
    "DEFAULT_CURRENCY",
    "format_p_value",
    "plain_value_table",
    "business_case",
    "churn_findings",
    "key_findings",
    "ROUTES",
    "PurchaseLink",
    "purchase_value_link",
    "purchase_case",
]

#: End of the sample data's observation window: open contracts are censored here.
AS_OF = "2026-06-30"

#: Days in an average month; durations in months are days / DAYS_PER_MONTH.
DAYS_PER_MONTH = DAYS_PER_UNIT["month"]

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


# ----------------------------------------------------------------------------------------
# input checks
# ----------------------------------------------------------------------------------------
def _numeric(data: pd.DataFrame, col: str, func: str, *, low: float | None = None,
             what: str = "data", allow_missing: bool = False) -> pd.Series:
    """``data[col]`` as float (text that reads as numbers accepted); missing values are an error by default."""
    return numeric_column(data, col, func=func, what=what, low=low, allow_missing=allow_missing, coerce_text=True)


def _frame_block(frame: pd.DataFrame, digits: int = 3) -> str:
    """A table for a repr: rounded, wide enough not to wrap."""
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        return frame.round(digits).to_string()


def _money(x: float, currency: str, lang: str = "en") -> str:
    """An amount for a memo: '1.2 mln RUB' from a million on, else '55,175 RUB'."""
    return format_money(x, currency=currency, compact=True, lang=lang)


def _dates(values: pd.Series) -> pd.Series:
    """Parse ISO dates; blanks become NaT, anything unreadable too (caller checks)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
    else:
        text = values.astype("string").str.strip()
        text = text.mask(text == "")
        out = pd.to_datetime(text, errors="coerce", format="ISO8601")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.astype("datetime64[ns]")


def _bad_dates(raw: pd.Series, parsed: pd.Series) -> pd.Series:
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    return parsed.isna() & ~blank.fillna(True).astype(bool)


# ----------------------------------------------------------------------------------------
# report wording: one catalogue per language
# ----------------------------------------------------------------------------------------
#: Currency of the amounts when none is named (the sample data's); every function takes ``currency=``.
DEFAULT_CURRENCY = "rub"

#: The words of the module's sentences, tables and figures, per report language. Sentences
#: are templates filled with numbers already formatted for the language.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "interval": "{conf} interval",
        "interval_of": "{conf} interval {values}",
        "hr_stats": "hazard ratio {hr}, {interval}, {p}",
        "fewer": "{pct} fewer",
        "more": "{pct} more",
        "times": "{x} times",
        "and": " and ",
        # key findings
        "findings_head": "## Key findings",
        "f_linked": "{k} of {n} survey respondents ({pct}) could be followed as customers after their answer.",
        "f_no_respondents": "The survey has no respondents.",
        "f_point": "Each extra point of {what} goes with {change} customers leaving per month ({stats}).",
        "f_point_no": "The data do not show that {what} and staying are linked ({stats}).",
        "f_groups": "{Src} leave {times} as fast as {ref} ({interval}).",
        "f_groups_no": "{Src} do not leave measurably faster than {ref} (hazard ratio {x}, {interval}).",
        "f_moving": ("Turning {share} of {src} into {dst} (about {n} customers) is worth {value} of lifetime value "
                     "({conf} {lo} to {hi}{zero})."),
        "f_zero": "; the interval includes zero",
        "f_effect": ("A programme lifting satisfaction by {gain} points and profit per customer by {uplift} (an "
                     "assumption, not a measured effect) would change lifetime value by {total}, {money} across "
                     "{customers} customers."),
        # the purchases route
        "p_purchase": "{Src} buy {times} as often as {ref} ({interval}).",
        "p_purchase_no": "{Src} do not buy measurably more or less often than {ref} (rate {times} theirs, {interval}).",
        "p_dropout": "{Src} drop out {times} as fast as {ref} ({interval}).",
        "p_dropout_no": "{Src} do not drop out measurably sooner or later than {ref} (rate {times} theirs, {interval}).",
        "p_moving": ("Turning {share} of {src} into {ref} (about {n} of {base} customers) would change discounted "
                     "{worth} over {h} months by {value} ({conf} {lo} to {hi}{zero})."),
        "p_zero": "; the interval includes zero, so the data cannot rule out no change",
        "p_profit": "profit",
        "p_revenue": "revenue (no margin share was given)",
        "p_head": ("We followed the purchases of {n} surveyed customers ({model} model, discount rate {rate} a "
                   "year)."),
        "p_caveat": ("The survey shows an association, not a cause: a pilot with a control group is the way to "
                     "confirm the size of the effect before a budget is committed."),
        "case_head": "**Business case.** ",
        "route_contracts": ("*How this was measured:* the survey answers were linked to the respondents' contracts, "
                            "and who left and when was modelled with a Cox model (the contract route)."),
        "route_transactions": ("*How this was measured:* the respondents have no contracts, so their survey group "
                               "entered a repeat-buying model of their purchases as a covariate of how often they "
                               "buy and how soon they drop out (the purchases route)."),
    },
    "ru": {
        "interval": "{conf} интервал",
        "interval_of": "{pct}-процентный интервал {values}",
        "hr_stats": "отношение рисков {hr}, {interval}, {p}",
        "fewer": "на {pct} меньше",
        "more": "на {pct} больше",
        "times": "в {x} раза",
        "and": " и ",
        "findings_head": "## Главные выводы",
        "f_linked": ("{k} из {n} участников опроса ({pct}) удалось связать с клиентской базой и проследить после "
                     "ответа."),
        "f_no_respondents": "В опросе нет ответов.",
        "f_point": "С каждым дополнительным баллом {what} в месяц уходит {change} клиентов ({stats}).",
        "f_point_no": "Связь {what} с удержанием клиентов эти данные не подтверждают ({stats}).",
        "f_groups": "Группа {src} уходит {times} быстрее, чем группа {ref} ({interval}).",
        "f_groups_no": ("Нельзя утверждать, что группа {src} уходит быстрее группы {ref} (отношение рисков {x}, "
                        "{interval})."),
        "f_moving": ("Если {share} группы {src} перейдут в группу {dst} (около {n} клиентов), пожизненная ценность "
                     "изменится на {value} ({conf} от {lo} до {hi}{zero})."),
        "f_zero": "; интервал включает ноль",
        "f_effect": ("Программа, поднимающая удовлетворённость на {gain} балла, а прибыль на клиента на {uplift} "
                     "(допущение, а не измеренный эффект), изменила бы пожизненную ценность на {total}: {money} по "
                     "{customers} клиентам."),
        "p_purchase": "Группа {src} покупает {times} чаще, чем группа {ref} ({interval}).",
        "p_purchase_no": ("Нельзя утверждать, что группа {src} покупает чаще или реже группы {ref} (отношение {x}, "
                          "{interval})."),
        "p_dropout": "Группа {src} перестаёт покупать {times} быстрее, чем группа {ref} ({interval}).",
        "p_dropout_no": ("Нельзя утверждать, что группа {src} перестаёт покупать раньше или позже группы {ref} "
                         "(отношение {x}, {interval})."),
        "p_moving": ("Если {share} группы {src} перейдут в группу {ref} (около {n} из {base} клиентов), "
                     "дисконтированная {worth} за {h} мес. изменится на {value} ({conf} от {lo} до {hi}{zero})."),
        "p_zero": "; интервал включает ноль, так что отсутствие изменения данные не исключают",
        "p_profit": "прибыль",
        "p_revenue": "выручка (доля прибыли не задана)",
        "p_head": ("Мы проследили покупки {n} опрошенных клиентов (модель {model}, ставка дисконтирования {rate} "
                   "в год)."),
        "p_caveat": ("Опрос показывает связь, а не причину: размер эффекта стоит подтвердить пилотом с контрольной "
                     "группой, прежде чем выделять бюджет."),
        "case_head": "**Экономическое обоснование.** ",
        "route_contracts": ("*Как это измерено:* ответы на опрос связаны с договорами респондентов; уход клиентов "
                            "описан моделью Кокса (путь через договоры)."),
        "route_transactions": ("*Как это измерено:* у респондентов нет договоров, поэтому группа по опросу вошла "
                               "ковариатой в модель повторных покупок: как часто клиенты покупают и как скоро "
                               "перестают (путь через покупки)."),
    },
}

#: NPS groups in Russian, in the words of `survey.nps_category` (plural: a group of customers).
_RU_GROUPS = {"detractor": "критики", "passive": "нейтралы", "promoter": "промоутеры"}
_RU_BANDS = {"(low)": "(низкая)", "(medium)": "(средняя)", "(high)": "(высокая)", "(very high)": "(очень высокая)"}
#: Scores in the genitive ("each extra point of ..."), for Russian sentences.
_RU_SCORES = {"overall_satisfaction": "общей удовлетворённости", "nps": "готовности рекомендовать"}


def _check_lang(lang: str, func: str) -> str:
    check_choice("lang", lang, list(_WORDS), func=func)
    return lang


def _w(lang: str, key: str, **fields: Any) -> str:
    """The catalogue's text ``key`` in ``lang``, filled with ``fields``."""
    return _WORDS[lang][key].format(**fields)


def _p(p: float, lang: str) -> str:
    """'p = 0.039' / 'p < 0.001' in the language's number format."""
    return p_phrase(p, lang=lang)


def _level(conf: float, lang: str, *, plural: bool = False) -> str:
    """An interval's level as an adjective: '95%' / '95-процентный' ('95-процентные')."""
    if lang == "en":
        return f"{conf:.0%}"
    return f"{round(conf * 100)}-процентны{'е' if plural else 'й'}"


def _conf(conf: float, lang: str) -> str:
    """'95% interval' / '95-процентный интервал'."""
    return _w(lang, "interval", conf=_level(conf, lang))


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
    """'20% fewer' / 'на 20 % меньше' from a hazard ratio."""
    return (_w(lang, "fewer", pct=format_percent(1 - hr, lang=lang)) if hr < 1
            else _w(lang, "more", pct=format_percent(hr - 1, lang=lang)))


def _score_name(term: str, lang: str) -> str:
    """A score in a sentence: 'overall satisfaction' / 'общей удовлетворённости'."""
    return _plain(term) if lang == "en" else _RU_SCORES.get(term, "оценки")


def _ru_group(label: Any) -> str:
    """A group in a Russian sentence: '«критики»', '«оценка 9-10 (очень высокая)»'."""
    text = _group_label(label, "ru")
    return f"«{text}»" if str(label) in _RU_GROUPS else f"«оценка {text}»"


def _share_row(table: pd.DataFrame, share_moved: float, func: str, what: str) -> pd.Series:
    """The row of a sensitivity table for ``share_moved`` (an error naming the shares when absent)."""
    rows = table[np.isclose(table["share_moved"], share_moved)]
    if rows.empty:
        raise CxParameterError(f"{func}: share_moved {share_moved} is not in the {what} table "
                               f"(shares {table['share_moved'].tolist()})")
    return rows.iloc[0]


# the business case, the churn sentence, tables and figures
_WORDS["en"].update({
    "times1": "{x} times",
    "allowing": ", allowing for {controls}",
    "b_stay": ("Customers who are happier with us stay longer. Among {n} surveyed customers we followed after their "
               "answer, each extra point of {what} went with {change} customers leaving per month{allowing} "
               "({stats})."),
    "b_faster": ("Surprisingly, among {n} surveyed customers we followed after their answer, those more satisfied "
                 "left faster: {pct} more leaving per month per point of {what}{allowing} ({stats}). Check the data "
                 "before acting on the figures below."),
    "b_unshown": ("Among {n} surveyed customers we followed after their answer, we could not show that {what} and "
                  "staying are linked ({stats}): the money figures below rest on an effect that may be zero, so "
                  "treat them as upper bounds to test, not as a forecast."),
    "b_groups": "{Src} left {times} as fast as {ref} ({interval}).",
    "b_groups_no": "{Src} did not leave measurably faster than {ref} (hazard ratio {x}, {p}).",
    "b_horizon": "{h} months",
    "b_no_horizon": "no horizon",
    "b_worth": "{A_src} is worth {ltv_from} of lifetime value ({horizon}, discounted at {rate} a year), {a_dst} {ltv_to}.",
    "b_moving": ("Turning {share} of our {src} into {dst} -- about {n} customers out of {base} -- is worth "
                 "**{value}** of lifetime value ({conf} {lo} to {hi}{zero}"),
    "b_zero": "; the interval includes zero, so the data cannot rule out no gain).",
    "b_end": ").",
    "b_programme": ("A programme that lifts average {what} by {gain} points would cut churn by {cut}; if it also "
                    "lifts profit per customer by {uplift} -- an assumption to test in a pilot, not a measured "
                    "effect -- the two effects multiply to {total} lifetime value per customer, **{money}** across "
                    "{customers} customers."),
    "b_churn_text": "churn down by {cut} (which these data do not support) and ",
    "b_programme_no": ("Without a measurable fall in churn from higher {what}, a programme's case rests on "
                       "{churn_text}profit per customer up by {uplift} (an assumption to test in a pilot, not a "
                       "measured effect): {total} lifetime value per customer, {money} across {customers} customers."),
    "b_lever": "each {unit} {how} is worth about {money} of lifetime value per customer",
    "b_avoided": "avoided",
    "b_gained": "gained",
    "b_levers": "The levers are operational: {levers}, through higher satisfaction.",
    "b_lever_sep": "; ",
    "b_move_sat_one": ("{Names} does move satisfaction, but without a measurable link from satisfaction to money "
                       "their value in money cannot be shown from these data."),
    "b_move_sat": ("{Names} do move satisfaction, but without a measurable link from satisfaction to money their "
                   "value in money cannot be shown from these data."),
    "b_no_levers": "None of the operational measures showed a clear link to satisfaction in this data.",
    "c_head": "Other things equal ({controls}), ",
    "c_group": "{group} leave {times} as fast",
    "c_as": " as {ref}",
    "c_sig": "**{phrase}** ({p})",
    "c_not_sig": "{phrase} ({p}, not significantly different from {ref})",
    "c_claim": "{change} customers leaving per month",
    "c_point": "every extra point of {what} goes with {claim} ({stats}).",
})
_WORDS["ru"].update({
    "times1": "в {x} раза",
    "allowing": ", с поправкой на {controls}",
    "b_stay": ("Более довольные клиенты остаются с нами дольше. Среди {n} опрошенных клиентов, которых мы "
               "проследили после ответа, с каждым дополнительным баллом {what} в месяц уходило {change} "
               "клиентов{allowing} ({stats})."),
    "b_faster": ("Неожиданно: среди {n} опрошенных клиентов, которых мы проследили после ответа, более довольные "
                 "уходили быстрее — на {pct} больше ушедших в месяц на балл {what}{allowing} ({stats}). Проверьте "
                 "данные, прежде чем опираться на цифры ниже."),
    "b_unshown": ("Среди {n} опрошенных клиентов, которых мы проследили после ответа, связь {what} с удержанием "
                  "показать не удалось ({stats}): денежные оценки ниже опираются на эффект, который может быть "
                  "нулевым, поэтому это верхние границы для проверки, а не прогноз."),
    "b_groups": "Группа {src} уходила {times} быстрее, чем группа {ref} ({interval}).",
    "b_groups_no": "Группа {src} уходила не заметно быстрее группы {ref} (отношение рисков {x}, {p}).",
    "b_horizon": "{h} мес.",
    "b_no_horizon": "без ограничения срока",
    "b_worth": ("Клиент группы {src} приносит {ltv_from} пожизненной ценности ({horizon}, дисконтирование {rate} в "
                "год), клиент группы {dst} — {ltv_to}."),
    "b_moving": ("Перевод {share} группы {src} в группу {dst} — около {n} клиентов из {base} — стоит **{value}** "
                 "пожизненной ценности ({conf} от {lo} до {hi}{zero}"),
    "b_zero": "; интервал включает ноль, так что отсутствие выигрыша данные не исключают).",
    "b_end": ").",
    "b_programme": ("Программа, которая повысит среднюю оценку {what} на {gain} балла, сократила бы отток на {cut}; "
                    "если она к тому же поднимет прибыль на клиента на {uplift} — это допущение для проверки в "
                    "пилоте, а не измеренный эффект, — два эффекта перемножаются: {total} пожизненной ценности на "
                    "клиента, **{money}** по {customers} клиентам."),
    "b_churn_text": "снижение оттока на {cut} (эти данные его не подтверждают) и ",
    "b_programme_no": ("Без измеримого снижения оттока при росте {what} обоснование программы опирается на "
                       "{churn_text}рост прибыли на клиента на {uplift} (допущение для проверки в пилоте, а не "
                       "измеренный эффект): {total} пожизненной ценности на клиента, {money} по {customers} клиентам."),
    "b_lever": "{unit} — около {money} пожизненной ценности на клиента {how}",
    "b_avoided": "при уменьшении",
    "b_gained": "при увеличении",
    "b_levers": "Рычаги — операционные: {levers}; всё это через рост удовлетворённости.",
    "b_lever_sep": "; ",
    "b_move_sat_one": ("На удовлетворённость влияет {names}, но без измеримой связи удовлетворённости с деньгами "
                       "ценность этого в деньгах по этим данным показать нельзя."),
    "b_move_sat": ("На удовлетворённость влияют {names}, но без измеримой связи удовлетворённости с деньгами их "
                   "ценность в деньгах по этим данным показать нельзя."),
    "b_no_levers": "Ни один из операционных показателей не показал в этих данных явной связи с удовлетворённостью.",
    "c_head": "При прочих равных ({controls}) ",
    "c_group": "группа {group} уходит {times} быстрее",
    "c_as": ", чем группа {ref}",
    "c_sig": "**{phrase}** ({p})",
    "c_not_sig": "{phrase} ({p}, значимо не отличается от группы {ref})",
    "c_claim": "{change} клиентов",
    "c_point": "с каждым дополнительным баллом {what} в месяц уходит {claim} ({stats}).",
})

#: Plain names of the linked data's columns in Russian (the English ones are TERM_LABELS).
_RU_TERMS = {
    "overall_satisfaction": "Общая удовлетворённость (за балл)",
    "nps": "Готовность рекомендовать (за балл, 0-10)",
    "tenure_months": "Стаж на момент опроса (за месяц)",
    "n_products": "Число продуктов (за продукт)",
    "nps_group": "Группа NPS",
    "satisfaction_band": "Уровень удовлетворённости",
}
#: Operations columns in Russian: (name, unit).
_RU_DRIVERS = {
    "avg_wait_minutes": ("Время ожидания", "минута ожидания"),
    "n_contacts": ("Обращения в поддержку", "обращение"),
    "n_repeat_contacts": ("Повторные обращения", "повторное обращение"),
    "n_complaints": ("Жалобы", "жалоба"),
    "first_contact_resolution": ("Решение с первого обращения", "0 → 100 % решено с первого обращения"),
}


def _term_name(column: str, lang: str) -> str:
    """A column's plain name with its unit ('Tenure at the survey (per month)')."""
    if lang == "en":
        return TERM_LABELS.get(column, column.replace("_", " "))
    return _RU_TERMS.get(column, column)


def _driver(column: str, lang: str) -> tuple[str, str]:
    """An operations column's (name, unit) in the language."""
    if lang == "en":
        return DRIVER_LABELS.get(column, (column, f"unit of {column}"))
    return _RU_DRIVERS.get(column, (column, f"единица {column}"))

_WORDS["en"].update({
    # JoinResult
    "j_target": "a customer and the contract running on their response date",
    "j_target_customer": "a customer",
    "j_text": "{k} of {n} survey respondents ({pct}) were linked to {target}",
    "j_missing": "; not linked: {missing}.",
    "j_all": "; every respondent was linked.",
    "j_respondents": "Respondents",
    "j_share": "Share (%)",
    "j_status": "Linked, or why not",
    # ValueOfMoving / PurchaseLink tables
    "m_describe": ("{A_src} is worth {ltv_from} of lifetime value, {a_dst} {ltv_to}; of the {base} customers, about "
                   "{n} are {src} ({conf} intervals from {n_boot} bootstrap resamples, seed {seed})."),
    "m_moved": "Customers moved ({src} -> {dst})",
    "m_moved_plain": "Customers moved",
    "m_per_customer": "Gain per customer moved ({cur})",
    "m_gained": "Lifetime value gained ({cur})",
    "m_gained_profit": "Profit gained ({cur})",
    "m_gained_revenue": "Revenue gained ({cur})",
    "m_interval": "{conf} interval ({cur})",
    "m_share": "Share of {src} moved",
    # ProgrammeEffect
    "e_describe": ("Across {customers} customers, lifetime value per customer goes from {before} to {after} "
                   "(x{rf} from lower churn times x{sf} from higher spend = x{tf}), {gain} in total."),
    "e_per_customer": "Gain per customer ({cur})",
    "e_base": "Gain across the base ({cur})",
    "e_where": "Where the gain comes from",
    "lower churn alone": "lower churn alone",
    "higher spend alone": "higher spend alone",
    "both together (interaction)": "both together (interaction)",
    "total": "total",
    # ValueChain
    "v_describe": ("Today {churn} of customers leave per month and a customer is worth {ltv}; one more point of "
                   "satisfaction is worth {money} per customer ({conf} {values}, {p})."),
    "v_link": "Link",
    "v_estimate": "Estimate",
    "v_p": "p-value",
    "v_meaning": "What the estimate is",
    "v_arrow": "{a} -> {b}",
    "v_satisfaction": "Satisfaction",
    "v_churn": "Churn",
    "v_value": "Lifetime value",
    "mean_to_sat": "satisfaction points per {unit}",
    "mean_to_churn": "churn hazard ratio per {unit} (total effect)",
    "mean_sat_churn": "churn hazard ratio per point of satisfaction",
    "mean_sat_value": "{cur} of lifetime value per customer per point of satisfaction",
    "mean_to_value": "{cur} of lifetime value per customer per {unit}, through satisfaction",
    # PurchaseLink
    "l_describe": ("{model} model with the {group} as a covariate, fitted on {n} linked respondents with purchases "
                   "({n_without} without a purchase left out); moving one customer from {src} to {dst} is worth "
                   "{value} of discounted {worth} over {h} months ({conf} intervals from {n_draws} parameter draws, "
                   "seed {seed})."),
    "l_profit": "profit",
    "l_revenue": "revenue",
    "l_times": "Times the reference group's rate",
    "l_rate_group": "Rate, group",
    "l_vs": "{process}: {level} vs {ref}",
    "purchase": "purchase",
    "drop-out": "drop-out",
    # hazard ratios
    "h_ratio": "Hazard ratio of churn",
    "h_term": "Term",
    # retention after the survey
    "r_title": "Customers still with us, by {what}\n(log-rank test {p})",
    "r_xlabel": "Months since the survey response",
    "r_ylabel": "Share of customers still active",
    "r_customers": "Customers",
    "r_left": "Left since the survey",
    "r_average": "Average months with us, of the first {window} after the survey",
    # lifetime value by group
    "g_ylabel": "Lifetime value per customer, {cur}\n({h} months, discounted)",
    "g_title": "Lifetime value by group",
    # value of moving
    "mv_xlabel": "Share of the group {src} moved up (%)",
    "mv_ylabel": "Lifetime value gained ({unit})",
    "mv_mln": "mln {cur}",
    "mv_thousand": "thousand {cur}",
    "mv_title": "Value of moving {src} to {dst}\n(bars: {conf} bootstrap interval)",
    # the chain figure
    "ch_layers": "OPERATIONS|SATISFACTION|BEHAVIOUR|MONEY",
    "ch_sat": "Overall satisfaction\n(points, 1-10)",
    "ch_churn": "Churn\n(share leaving\nper month)",
    "ch_value": "Lifetime value\n({cur} per customer)",
    "ch_lever": "{money} {cur} LTV\nper {unit}",
    "ch_points": "{x} points\nper {unit}",
    "ch_hr": "churn rate x{x}\nper extra point",
    "ch_money": "{money} {cur} LTV\nper extra point",
    "ch_footer": ("Today: {churn} of customers leave per month; lifetime value {ltv} per customer (n = {n}).\nSolid "
                  "arrows: significant at {alpha}; grey dashed: not significant. Under each lever: its value per "
                  "customer through satisfaction."),
    "ch_title": "From operations to money: the estimated chain",
    # the data sources
    "s_read": "Rows read",
    "s_accepted": "Accepted",
    "s_set_aside": "Set aside",
    "s_source": "Source",
    "s_why": "Why the row was set aside",
    "unknown_reason": "a loading rule was broken",
    "s_rows": "Rows",
    # the notebook's notes
    "no_churn_date": ("Without contracts there is no churn date: what the groups are worth comes from the "
                      "repeat-buying model of section 7."),
    "no_margin": ("Lifetime value is not computed: the contracts have no margin column (monthly_margin), and no "
                  "margin share of their revenue (monthly_revenue) was given; with either, this section would show "
                  "what a customer of each group is worth."),
    "moving_purchases": ("Without contracts, the value of moving customers up one group comes from the "
                         "repeat-buying model of section 7."),
    "purchases_not_needed": ("The respondents have contracts, so sections 2 to 5 tie their answers to money; the "
                             "purchases-only route is not needed."),
    "churn_skipped": ("This section is skipped: it needs the respondents' contracts and an overall-satisfaction "
                      "item. With them it would show how churn after answering depends on satisfaction."),
    "programme_skipped": ("This section is skipped: it needs the respondents' contracts. With them it would show "
                          "what moving detractors or raising satisfaction is worth."),
    "chain_skipped": ("This section is skipped: it needs operational measures per customer, an overall-satisfaction "
                      "item and contracts with a margin; with them it would show how waiting and repeat contacts "
                      "relate to satisfaction and to money."),
})
_WORDS["ru"].update({
    "j_target": "клиентом и договором, действовавшим на дату ответа",
    "j_target_customer": "клиентом",
    "j_text": "{k} из {n} участников опроса ({pct}) связаны с {target}",
    "j_missing": "; не связаны: {missing}.",
    "j_all": "; связаны все участники.",
    "j_respondents": "Участники опроса",
    "j_share": "Доля (%)",
    "j_status": "Связан или почему нет",
    "m_describe": ("Клиент группы {src} приносит {ltv_from} пожизненной ценности, клиент группы {dst} — {ltv_to}; из "
                   "{base} клиентов около {n} относятся к группе {src} ({conf} интервалы по {n_boot} бутстреп-выборкам, "
                   "начальное значение генератора {seed})."),
    "m_moved": "Переведено клиентов ({src} → {dst})",
    "m_moved_plain": "Переведено клиентов",
    "m_per_customer": "Выигрыш на переведённого клиента ({cur})",
    "m_gained": "Прирост пожизненной ценности ({cur})",
    "m_gained_profit": "Прирост прибыли ({cur})",
    "m_gained_revenue": "Прирост выручки ({cur})",
    "m_interval": "{conf} интервал ({cur})",
    "m_share": "Доля группы {src}, переведённая выше",
    "e_describe": ("По {customers} клиентам пожизненная ценность клиента меняется с {before} до {after} (×{rf} за "
                   "счёт меньшего оттока, умноженное на ×{sf} за счёт роста трат, = ×{tf}), всего {gain}."),
    "e_per_customer": "Выигрыш на клиента ({cur})",
    "e_base": "Выигрыш по всей базе ({cur})",
    "e_where": "Источник выигрыша",
    "lower churn alone": "только снижение оттока",
    "higher spend alone": "только рост трат",
    "both together (interaction)": "оба вместе (взаимодействие)",
    "total": "итого",
    "v_describe": ("Сейчас в месяц уходит {churn} клиентов, а клиент стоит {ltv}; ещё один балл удовлетворённости "
                   "стоит {money} на клиента ({conf} {values}, {p})."),
    "v_link": "Связь",
    "v_estimate": "Оценка",
    "v_p": "Значение p",
    "v_meaning": "Что означает оценка",
    "v_arrow": "{a} → {b}",
    "v_satisfaction": "Удовлетворённость",
    "v_churn": "Отток",
    "v_value": "Пожизненная ценность",
    "mean_to_sat": "баллы удовлетворённости на единицу ({unit})",
    "mean_to_churn": "отношение рисков оттока на единицу ({unit}), полный эффект",
    "mean_sat_churn": "отношение рисков оттока на балл удовлетворённости",
    "mean_sat_value": "{cur} пожизненной ценности на клиента за балл удовлетворённости",
    "mean_to_value": "{cur} пожизненной ценности на клиента на единицу ({unit}), через удовлетворённость",
    "l_describe": ("Модель {model} с ковариатой «{group}» оценена по {n} связанным участникам опроса с покупками "
                   "({n_without} без покупок не учтены); перевод одного клиента из группы {src} в группу {dst} "
                   "стоит {value} дисконтированной {worth} за {h} мес. ({conf} интервалы по {n_draws} выборкам "
                   "параметров, начальное значение генератора {seed})."),
    "l_profit": "прибыли",
    "l_revenue": "выручки",
    "l_times": "Во сколько раз показатель группы выше опорного",
    "l_rate_group": "Показатель, группа",
    "l_vs": "{process}: {level} против {ref}",
    "purchase": "покупки",
    "drop-out": "уход",
    "h_ratio": "Отношение рисков оттока",
    "h_term": "Показатель",
    "r_title": "Доля оставшихся клиентов: {what}\n(лог-ранговый тест, {p})",
    "r_xlabel": "Месяцев после ответа на опрос",
    "r_ylabel": "Доля клиентов, которые остаются",
    "r_customers": "Клиенты",
    "r_left": "Ушли после опроса",
    "r_average": "Среднее число месяцев с нами из первых {window} после опроса",
    "g_ylabel": "Пожизненная ценность клиента, {cur}\n({h} мес., с дисконтированием)",
    "g_title": "Пожизненная ценность по группам",
    "mv_xlabel": "Доля группы {src}, переведённая выше (%)",
    "mv_ylabel": "Прирост пожизненной ценности ({unit})",
    "mv_mln": "млн {cur}",
    "mv_thousand": "тыс. {cur}",
    "mv_title": "Ценность перевода группы {src} в группу {dst}\n(отрезки: {conf} бутстреп-интервал)",
    "ch_layers": "ОПЕРАЦИИ|УДОВЛЕТВОРЁННОСТЬ|ПОВЕДЕНИЕ|ДЕНЬГИ",
    "ch_sat": "Общая удовлетворённость\n(баллы, 1-10)",
    "ch_churn": "Отток\n(доля уходящих\nв месяц)",
    "ch_value": "Пожизненная ценность\n({cur} на клиента)",
    "ch_lever": "{money} {cur} LTV\n({unit})",
    "ch_points": "{x} балла\n({unit})",
    "ch_hr": "отток ×{x}\nна доп. балл",
    "ch_money": "{money} {cur} LTV\nна доп. балл",
    "ch_footer": ("Сейчас в месяц уходит {churn} клиентов; пожизненная ценность {ltv} на клиента (n = {n}).\n"
                  "Сплошные стрелки: значимо на уровне {alpha}; серые пунктирные: незначимо. Под каждым рычагом — "
                  "его ценность на клиента через удовлетворённость."),
    "ch_title": "От операций к деньгам: оценённая цепочка",
    "s_read": "Прочитано строк",
    "s_accepted": "Принято",
    "s_set_aside": "Отложено",
    "s_source": "Источник",
    "s_why": "Почему строка отложена",
    "unknown_reason": "нарушено правило загрузки",
    "s_rows": "Строк",
    "no_churn_date": ("Без договоров нет даты ухода: ценность групп оценивается моделью повторных покупок в "
                      "разделе 7."),
    "no_margin": ("Пожизненная ценность не рассчитана: в договорах нет столбца маржи, и доля прибыли в выручке не "
                  "задана; с любым из них раздел показал бы, сколько стоит клиент каждой группы."),
    "moving_purchases": ("Без договоров ценность перевода клиентов на ступень выше оценивается моделью повторных "
                         "покупок в разделе 7."),
    "purchases_not_needed": ("У участников опроса есть договоры, поэтому разделы 2–5 связывают их ответы с "
                             "деньгами; путь только через покупки не нужен."),
    "churn_skipped": ("Раздел пропущен: нужны договоры участников опроса и пункт общей удовлетворённости. С ними "
                      "он показал бы, как отток после ответа зависит от удовлетворённости."),
    "programme_skipped": ("Раздел пропущен: нужны договоры участников опроса. С ними он показал бы, сколько стоит "
                          "перевод критиков выше или рост удовлетворённости."),
    "chain_skipped": ("Раздел пропущен: нужны операционные показатели по клиентам, пункт общей удовлетворённости и "
                      "договоры с маржой; с ними он показал бы, как ожидание и повторные обращения связаны с "
                      "удовлетворённостью и деньгами."),
})

#: Why a respondent was not linked, in Russian (:data:`UNMATCHED_REASONS`).
_RU_REASONS = {
    "linked": "связан",
    "duplicate respondent id": "повторный идентификатор участника",
    "no customer id": "нет идентификатора клиента",
    "response date missing or not a date": "дата ответа пуста или не дата",
    "response on or after the as-of date": "ответ в дату отчёта или позже",
    "customer id not found among customers": "идентификатор не найден среди клиентов",
    "customer id listed more than once among customers": "идентификатор повторяется среди клиентов",
    "repeat response from the same customer": "повторный ответ того же клиента",
    "no contract on file": "нет договора",
    "contract started after the response": "договор начался после ответа",
    "contract ended on or before the response": "договор закончился до ответа или в день ответа",
    "several contracts cover the response date": "на дату ответа действует несколько договоров",
}
#: Data sources in Russian.
def section_note(key: str, *, lang: str = "en") -> str:
    """A plain sentence the CX-value report shows when a section does not apply to the data.

    ``key`` is one of ``"no_churn_date"``, ``"no_margin"``, ``"moving_purchases"``,
    ``"purchases_not_needed"``, ``"churn_skipped"``, ``"programme_skipped"``, ``"chain_skipped"``.

    Examples
    --------
    >>> section_note("moving_purchases", lang="ru")
    'Без договоров ценность перевода клиентов на ступень выше оценивается моделью повторных покупок в разделе 7.'
    """
    lang = _check_lang(lang, "section_note")
    check_choice("key", key, list(_NOTES), func="section_note")
    return _w(lang, key)


_NOTES = ("no_churn_date", "no_margin", "moving_purchases", "purchases_not_needed", "churn_skipped",
          "programme_skipped", "chain_skipped")


def _group_label(label: Any, lang: str) -> str:
    """A group's label as shown in tables and figures: 'detractor' / 'критики', '9-10 (very high)' / '9-10 (очень высокая)'."""
    text = str(label)
    if lang == "en":
        return text
    if text in _RU_GROUPS:
        return _RU_GROUPS[text]
    for en, ru in _RU_BANDS.items():
        text = text.replace(en, ru)
    return text


def _status(status: str, lang: str) -> str:
    """A join status ('linked' or why not) in the language."""
    return status if lang == "en" else _RU_REASONS.get(status, status)


def _meaning(source: str, target: str, satisfaction: str, currency: str, lang: str) -> str:
    """What a :class:`ValueChain` link's estimate is, in words and units."""
    if source == satisfaction:
        return _w(lang, "mean_sat_churn" if target == "churn" else "mean_sat_value", cur=currency)
    unit = _driver(source, lang)[1]
    key = {"churn": "mean_to_churn", "lifetime value": "mean_to_value"}.get(target, "mean_to_sat")
    return _w(lang, key, unit=unit, cur=currency)


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
# 1. join the layers
# ----------------------------------------------------------------------------------------
class _TableResult(Result):
    """A result whose numbers are one table (the attribute named by ``_frame``): ``to_frame()`` copies it."""

    _frame = "table"

    def to_frame(self) -> pd.DataFrame:
        """The result's table (see Attributes), as a copy."""
        return getattr(self, self._frame).copy()


@dataclass(frozen=True, repr=False)
class JoinResult(_TableResult):
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


    def describe(self, *, lang: str = "en") -> str:
        """The join's coverage in one plain sentence (for a report).

        Examples
        --------
        >>> import pandas as pd
        >>> cov = pd.DataFrame({"status": ["linked", "no customer id"], "respondents": [9, 1],
        ...                     "share": [0.9, 0.1]})
        >>> JoinResult(pd.DataFrame(), cov, pd.DataFrame(), pd.Timestamp("2026-06-30")).describe()
        '9 of 10 survey respondents (90.0%) were linked to a customer and the contract running on their response date; not linked: no customer id (1).'
        """
        lang = _check_lang(lang, "JoinResult.describe")
        n, k = self.n_respondents, self.n_linked
        if not len(self.data) and "linked" in set(self.coverage["status"]):
            k = int(self.coverage.loc[self.coverage["status"] == "linked", "respondents"].sum())
        share = k / n if n else float("nan")
        target = _w(lang, "j_target" if self.contracts else "j_target_customer")
        text = _w(lang, "j_text", k=format_number(k, lang=lang), n=format_number(n, lang=lang),
                  pct=format_percent(share, digits=1, lang=lang), target=target)
        missing = [f"{_status(row['status'], lang)} ({format_number(row['respondents'], lang=lang)})"
                   for _, row in self.coverage.iterrows() if row["status"] != "linked" and row["respondents"] > 0]
        return text + (_w(lang, "j_missing", missing=", ".join(missing)) if missing else _w(lang, "j_all"))

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Coverage for a report: one row per status that occurred, share in per cent."""
        lang = _check_lang(lang, "JoinResult.report_table")
        shown = self.coverage[self.coverage["respondents"] > 0]
        share = (shown["share"] * 100).round(1)
        return pd.DataFrame({_w(lang, "j_respondents"): shown["respondents"].to_numpy() if lang == "en"
                             else [format_number(x, lang=lang) for x in shown["respondents"]],
                             _w(lang, "j_share"): share.to_numpy() if lang == "en"
                             else [format_number(x, digits=1, lang=lang) for x in share]},
                            index=pd.Index([_status(x, lang) for x in shown["status"]], name=_w(lang, "j_status")))

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
    if contractual:
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


def _md(text: str) -> str:
    """Markdown-safe text: a dollar sign is money, not the start of a formula."""
    return text.replace("$", r"\$")


def _group_noun(label: Any, *, plural: bool = True, lang: str = "en") -> str:
    """'detractor' -> 'detractors'; a band such as '1-4 (low)' -> 'customers rating 1-4 (low)'.

    In Russian the group's name in quotes ('«критики»'), the same for one customer or many.
    """
    if lang != "en":
        return _ru_group(label)
    text = str(label)
    if text.replace(" ", "").isalpha():
        return text + "s" if plural else f"a {text}"
    return f"customers rating {text}" if plural else f"a customer rating {text}"


def _clean_ids(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text == "").astype(object).where(text.notna(), None)


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
# ----------------------------------------------------------------------------------------
def _paid_months(retention: np.ndarray | float, monthly_discount: float, horizon: int | None,
                 *, discounted: bool = True) -> np.ndarray:
    """sum_{t=1}^{H} (r / (1+d))^t: expected discounted months paid, margin at month end."""
    r = np.asarray(retention, dtype=float)
    q = r / (1.0 + monthly_discount) if discounted else r
    with np.errstate(divide="ignore", invalid="ignore"):
        if horizon is None:
            out = np.where(q < 1, q / (1.0 - q), np.inf)
        else:
            out = np.where(np.isclose(q, 1.0), float(horizon), q * (1.0 - q**horizon) / (1.0 - q))
    return out


@dataclass(frozen=True)
class _Inputs:
    codes: np.ndarray
    labels: list
    duration: np.ndarray
    event: np.ndarray
    contract_value: np.ndarray
    revenue: np.ndarray | None
    extra: np.ndarray | None
    weight: np.ndarray


def _value_inputs(data: pd.DataFrame, *, group: str | None, duration: str, event: str, margin: str,
                  revenue: str | None, extra_spend: str | None, margin_share: float | None, func: str,
                  weight: str | None = None) -> _Inputs:
    cols = [duration, event] + ([weight] if weight is not None else [])
    if margin_share is None:
        cols.append(margin)
        if extra_spend is not None:
            if revenue is None:
                raise CxParameterError(f"{func}: to value one-off spend without margin_share, give revenue= "
                                       "(the contract's margin/revenue ratio is applied to it)")
            cols.append(revenue)
    else:
        if revenue is None:
            raise CxParameterError(f"{func}: margin_share needs revenue= (column of monthly revenue)")
        cols.append(revenue)
    if extra_spend is not None:
        cols.append(extra_spend)
    if group is not None:
        cols.append(group)
    require_columns(data, cols, func=func)
    require_rows(data, func=func)
    t = _numeric(data, duration, func).to_numpy()
    if (t <= 0).any():
        raise CxDataError(f"{func}: {duration!r} must be a positive time; rows {rows_preview(data.index[t <= 0])}")
    e = _event(data, event, func).to_numpy()
    rev = _numeric(data, revenue, func, low=0).to_numpy() if revenue is not None and revenue in cols else None
    if margin_share is None:
        contract = _numeric(data, margin, func).to_numpy()
    else:
        contract = margin_share * rev
    extra = _numeric(data, extra_spend, func).to_numpy() if extra_spend is not None else None
    if group is None:
        codes, labels = np.zeros(len(data), dtype=int), ["all"]
    else:
        raw = data[group]
        if raw.isna().any():
            raise CxDataError(f"{func}: group column {group!r} is missing in rows {rows_preview(data.index[raw.isna()])}; "
                              "remove those rows or give them a group first")
        if isinstance(raw.dtype, pd.CategoricalDtype):
            labels = [c for c in raw.cat.categories if (raw == c).any()]
        else:
            labels = sorted(raw.unique().tolist(), key=str)
        codes = pd.Categorical(raw, categories=labels).codes.astype(int)
    w = _numeric(data, weight, func, low=0).to_numpy() if weight is not None else np.ones(len(data))
    if weight is not None and w.sum() == 0:
        raise CxDataError(f"{func}: weights in {weight!r} are all zero")
    return _Inputs(codes, labels, t, e, contract, rev, extra, w)


def _value_options(margin_share: float | None, discount_rate: float, horizon_months: int | None, *,
                   func: str) -> tuple[float | None, float, int | None]:
    """The money options checked: margin share (or None), the MONTHLY discount rate, the horizon (or None)."""
    if margin_share is not None:
        margin_share = check_share(margin_share, func=func, name="margin_share")
    d = annual_to_period_rate(check_rate(discount_rate, func=func, name="discount_rate", upper=1), time_unit="month")
    if horizon_months is not None:
        horizon_months = check_whole_number(horizon_months, func=func, name="horizon_months")
    return margin_share, d, horizon_months


def _group_sums(inp: _Inputs, weights: np.ndarray | None = None) -> np.ndarray:
    """Per-group sums (n, events, months, contract value, revenue, extra, design weight).

    ``weights`` (resample counts) may be a (B, n) matrix of bootstrap counts; the result is
    then (B, G, 7).
    """
    G = len(inp.labels)
    onehot = np.zeros((len(inp.codes), G))
    onehot[np.arange(len(inp.codes)), inp.codes] = 1.0
    zero = np.zeros(len(inp.codes))
    cols = np.stack([np.ones(len(inp.codes)), inp.event, inp.duration, inp.contract_value,
                     inp.revenue if inp.revenue is not None else zero,
                     inp.extra if inp.extra is not None else zero, inp.weight], axis=1)  # (n, 7)
    per = onehot[:, :, None] * cols[:, None, :]  # (n, G, 7)
    if weights is None:
        return per.sum(axis=0)
    return np.tensordot(weights, per, axes=(1, 0))


def _ltv_from_sums(sums: np.ndarray, *, margin_share: float | None, use_extra: bool, monthly_discount: float,
                   horizon: int | None) -> dict[str, np.ndarray]:
    n, d, T, M, R, X = (sums[..., k] for k in range(6))  # column 6 (design weight) is used by the callers
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = d / T
        retention = np.exp(-hazard)
        contract_per_month = M / n
        if use_extra:
            share = margin_share if margin_share is not None else M / R
            extra_per_month = X / T
        else:
            share, extra_per_month = 0.0, np.zeros_like(T)
        value_per_month = contract_per_month + share * extra_per_month
        ltv = value_per_month * _paid_months(retention, monthly_discount, horizon)
    return {"n": n, "events": d, "months": T, "retention": retention, "contract": contract_per_month,
            "extra": extra_per_month, "value": value_per_month, "ltv": ltv}


def value_by_group(
    data: pd.DataFrame,
    *,
    by: str | None = None,
    duration: str = "months_at_risk",
    event: str = "churned",
    margin: str = "monthly_margin",
    revenue: str | None = "monthly_revenue",
    extra_spend: str | None = "extra_spend",
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    currency: str = DEFAULT_CURRENCY,
    group: Any = UNSET,
) -> pd.DataFrame:
    """Churn, spend per month and lifetime value per group (NPS group, satisfaction band).

    Per group, the monthly churn hazard is estimated as churn events divided by months
    at risk (the maximum-likelihood estimate under a constant hazard, which uses the
    censored customers' time correctly), monthly retention is ``r = exp(-hazard)``, and
    lifetime value follows Gupta & Lehmann (2003, eq. 2) with the margin arriving at the
    end of each month the customer is still there, cut at ``horizon_months``::

        LTV = m * sum_{t=1}^{H} (r / (1 + d))^t

    where ``d`` is the monthly discount rate converted from the annual one
    (:func:`cxtools.ltv.simple.annual_to_period_rate`) and ``m`` the value per month:
    the contract's margin per customer plus the margin on one-off purchases (net spend
    while at risk divided by months at risk, valued at the group's contract
    margin/revenue ratio, or at ``margin_share`` when that is given -- then the contract
    margin is ``margin_share`` x revenue too).

    Parameters
    ----------
    data : DataFrame
        One row per customer, e.g. :attr:`JoinResult.data`.
    by : str or None, default None
        Column with the groups; None for one group called ``"all"``. Missing groups are
        an error (drop or label those rows first). ``group`` is its old name
        (FutureWarning).
    duration, event : str
        Months at risk and churned flag.
    margin : str, default "monthly_margin"
        Contract margin per month (money); ignored when ``margin_share`` is given.
    revenue : str or None, default "monthly_revenue"
        Contract revenue per month (money).
    extra_spend : str or None, default "extra_spend"
        Net one-off spend while at risk (money); None to leave one-off purchases out.
    margin_share : float, optional
        Share of revenue kept as margin (0-1), used instead of the margin column.
    discount_rate : float, default 0.10
        Discount rate **per year**; converted to a monthly compound rate.
    horizon_months : int or None, default 60
        Months of future value counted; None for no limit.
    currency : str, default DEFAULT_CURRENCY
        Currency of the money columns (ISO code or label); kept in ``table.attrs`` for
        :func:`plain_value_table`.

    Returns
    -------
    DataFrame
        One row per group (index = group labels): ``customers``, ``churned``,
        ``months_at_risk``, ``monthly_churn`` (share leaving per month),
        ``expected_months`` (undiscounted months within the horizon),
        ``contract_margin_per_month``, ``extra_spend_per_month``, ``value_per_month``
        and ``ltv`` (money per customer).

    Raises
    ------
    CxSchemaError, CxDataError, CxParameterError
        Missing columns, bad values (rows named) or bad options.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46-54.

    Examples
    --------
    Two groups with 100 months at risk each, one churn event against two; without
    discounting and horizon, LTV = m r / (1 - r) with r = exp(-events / months):

    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a", "a", "b", "b"], "months": [50.0, 50, 50, 50],
    ...                    "churned": [1, 0, 1, 1], "monthly_margin": [100.0] * 4})
    >>> t = value_by_group(df, by="g", duration="months", revenue=None, extra_spend=None,
    ...                    discount_rate=0.0, horizon_months=None)
    >>> t[["customers", "churned", "monthly_churn", "ltv"]].round(4)
       customers  churned  monthly_churn        ltv
    g
    a          2      1.0         0.0100  9950.0833
    b          2      2.0         0.0198  4950.1667
    """
    
    func = "value_by_group"
    group = by = renamed("group", group, "by", by, func=func, default=None)
    margin_share, d, horizon_months = _value_options(margin_share, discount_rate, horizon_months, func=func)
    inp = _value_inputs(data, group=group, duration=duration, event=event, margin=margin, revenue=revenue,
                        extra_spend=extra_spend, margin_share=margin_share, func=func)
    out = _ltv_from_sums(_group_sums(inp), margin_share=margin_share, use_extra=extra_spend is not None,
                         monthly_discount=d, horizon=horizon_months)
    table = pd.DataFrame(
        {
            "customers": out["n"].astype(int),
            "churned": out["events"],
            "months_at_risk": out["months"],
            "monthly_churn": 1 - out["retention"],
            "expected_months": _paid_months(out["retention"], 0.0, horizon_months, discounted=False),
            "contract_margin_per_month": out["contract"],
            "extra_spend_per_month": out["extra"],
            "value_per_month": out["value"],
            "ltv": out["ltv"],
        },
        index=pd.Index(inp.labels, name=group if group is not None else "group"),
    )
    table.attrs["currency"] = currency
    table.attrs["horizon_months"] = horizon_months
    return table


@dataclass(frozen=True, repr=False)
class ValueOfMoving(_TableResult):
    """What moving a share of customers from one group to another is worth.

    Attributes
    ----------
    table : DataFrame
        One row per share moved: ``share_moved``, ``customers_moved``,
        ``value_per_customer`` (LTV gain per customer moved), ``value`` (in total),
        ``ci_low``, ``ci_high`` (bootstrap percentile interval of ``value``).
    from_group, to_group : object
        The groups.
    ltv_from, ltv_to : float
        Lifetime value per customer in each group.
    customers_in_from_group : float
        Customers in the base estimated to be in ``from_group``.
    customer_base : int
        Customers the result is applied to.
    n_boot : int
        Bootstrap resamples.
    confidence : float
        Level of the intervals.
    seed : int
        Seed of the bootstrap.
    currency : str
        Currency of the amounts (ISO code or label).
    """

    table: pd.DataFrame
    from_group: Any
    to_group: Any
    ltv_from: float
    ltv_to: float
    customers_in_from_group: float
    customer_base: int
    n_boot: int
    confidence: float
    seed: int
    currency: str = DEFAULT_CURRENCY

    def describe(self, *, lang: str = "en") -> str:
        """What the groups are worth, in one plain sentence."""
        lang = _check_lang(lang, "ValueOfMoving.describe")
        a_src, a_dst = (_group_noun(g, plural=False, lang=lang) for g in (self.from_group, self.to_group))
        return _w(lang, "m_describe", A_src=a_src[:1].upper() + a_src[1:], a_dst=a_dst,
                  src=_group_noun(self.from_group, lang=lang), dst=_group_noun(self.to_group, lang=lang),
                  ltv_from=format_money(self.ltv_from, currency=self.currency, lang=lang),
                  ltv_to=format_money(self.ltv_to, currency=self.currency, lang=lang),
                  base=format_number(self.customer_base, lang=lang),
                  n=format_number(self.customers_in_from_group, lang=lang),
                  conf=_level(self.confidence, lang, plural=True),
                  n_boot=self.n_boot, seed=self.seed)

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The sensitivity table for a report: plain headings, whole amounts."""
        lang = _check_lang(lang, "ValueOfMoving.report_table")
        return _sensitivity_table(
            self.table, moved=_w(lang, "m_moved", src=_group_label(self.from_group, lang),
                                 dst=_group_label(self.to_group, lang)),
            gained=_w(lang, "m_gained", cur=self.currency), from_group=self.from_group, confidence=self.confidence,
            currency=self.currency, lang=lang)

    def __repr__(self) -> str:
        head = (f"ValueOfMoving: {self.from_group} -> {self.to_group}, LTV {format_number(self.ltv_from)} -> "
                f"{format_money(self.ltv_to, currency=self.currency)} per customer; base {self.customer_base:,} customers, "
                f"{self.customers_in_from_group:,.0f} of them {_group_noun(self.from_group)} "
                f"({self.confidence:.0%} bootstrap CI, {self.n_boot} resamples, seed {self.seed})")
        return head + "\n" + _frame_block(self.table.set_index("share_moved"), 0)


def value_of_moving(
    data: pd.DataFrame,
    *,
    by: str = "nps_group",
    from_group: Any = "detractor",
    to_group: Any = "passive",
    shares: Sequence[float] = (0.05, 0.10, 0.20, 0.30, 0.50),
    customer_base: int | None = None,
    weight: str | None = None,
    duration: str = "months_at_risk",
    event: str = "churned",
    margin: str = "monthly_margin",
    revenue: str | None = "monthly_revenue",
    extra_spend: str | None = "extra_spend",
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    n_boot: int = 500,
    confidence: float = 0.90,
    seed: int = 2026,
    currency: str = DEFAULT_CURRENCY,
    group: Any = UNSET,
) -> ValueOfMoving:
    """Value of turning a share of one group's customers into the next group, with an interval.

    "Turning 10 % of detractors into passives is worth X of lifetime value": with the
    groups' lifetime values from :func:`value_by_group`, moving a share ``s`` of the
    ``N_from`` customers in ``from_group`` is worth ``s * N_from * (LTV_to - LTV_from)``,
    assuming a moved customer then churns and spends like the group they joined. ``N_from``
    is the group's share among the respondents times ``customer_base`` (or the number of
    respondents in the group when no base is given); with ``weight`` the share is
    weighted by the survey's design weights, so an over-sampled segment does not inflate
    it. Churn, spend and LTV per group are unweighted (each customer's own behaviour).

    The interval is a nonparametric bootstrap (Efron & Tibshirani 1993, ch. 13, percentile
    method): customers are resampled with replacement, and the group shares, churn rates,
    spend and LTVs are all re-estimated in every resample, so the interval carries the
    uncertainty of all of them. Seeded: the same ``seed`` gives the same interval.

    Parameters
    ----------
    data : DataFrame
        One row per customer (e.g. :attr:`JoinResult.data`).
    by : str, default "nps_group"
        Column with the groups (``group`` is its old name, FutureWarning).
    from_group, to_group : labels
        Group customers are moved out of and into.
    shares : sequence of float, default (0.05, 0.10, 0.20, 0.30, 0.50)
        Shares of ``from_group`` moved (0-1), one row each in the sensitivity table.
    customer_base : int, optional
        Number of customers to apply the result to (e.g. all active customers).
    weight : str, optional
        Column of survey design weights (>= 0) for the group's share of the base.
    duration, event, margin, revenue, extra_spend, margin_share, discount_rate, horizon_months
        As in :func:`value_by_group`.
    n_boot : int, default 500
        Bootstrap resamples (>= 50).
    confidence : float, default 0.90
        Level of the percentile interval.
    seed : int, default 2026
        Seed of the random generator.
    currency : str, default DEFAULT_CURRENCY
        Currency of the amounts (ISO code or label), for the result's text.

    Returns
    -------
    ValueOfMoving

    Raises
    ------
    CxParameterError
        A group not in the data, shares outside 0-1, too few resamples.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall, ch. 13 (percentile intervals).
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46-54.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"g": ["detractor"] * 200 + ["passive"] * 200,
    ...                    "months": rng.exponential([50] * 200 + [100] * 200).clip(0.1, 24),
    ...                    "monthly_margin": 100.0})
    >>> df["churned"] = df["months"] < 24
    >>> moved = value_of_moving(df, by="g", shares=[0.1, 0.2], customer_base=10_000,
    ...                         duration="months", revenue=None, extra_spend=None, n_boot=200)
    >>> moved.table[["share_moved", "customers_moved"]]
       share_moved  customers_moved
    0          0.1            500.0
    1          0.2           1000.0
    >>> bool(moved.table["ci_low"].iloc[0] < moved.table["value"].iloc[0] < moved.table["ci_high"].iloc[0])
    True
    """
    
    func = "value_of_moving"
    group = by = renamed("group", group, "by", by, func=func, default="nps_group")
    margin_share, d, horizon_months = _value_options(margin_share, discount_rate, horizon_months, func=func)
    n_boot = check_whole_number(n_boot, func=func, name="n_boot", minimum=50)
    confidence = check_confidence(confidence, func=func)
    try:
        share_values = np.atleast_1d(np.asarray(shares, dtype=float))
    except (TypeError, ValueError) as exc:
        raise CxParameterError(f"{func}: shares must be numbers between 0 and 1, got {shares!r}") from exc
    shares = [check_share(s, func=func, name="each share in shares") for s in share_values]
    if not shares:
        raise CxParameterError(f"{func}: shares needs at least one value")
    if customer_base is not None:
        customer_base = check_whole_number(customer_base, func=func, name="customer_base")
    inp = _value_inputs(data, group=group, duration=duration, event=event, margin=margin, revenue=revenue,
                        extra_spend=extra_spend, margin_share=margin_share, func=func, weight=weight)
    for label in (from_group, to_group):
        if label not in inp.labels:
            raise CxParameterError(f"{func}: group {label!r} has no customers in {group!r}; groups are {inp.labels}")
    if from_group == to_group:
        raise CxParameterError(f"{func}: from_group and to_group are both {from_group!r}")
    a, b = inp.labels.index(from_group), inp.labels.index(to_group)
    n = len(inp.codes)
    base = customer_base if customer_base is not None else n
    kw = dict(margin_share=margin_share, use_extra=extra_spend is not None, monthly_discount=d, horizon=horizon_months)

    def per_customer_and_count(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = _ltv_from_sums(sums, **kw)
        gain = out["ltv"][..., b] - out["ltv"][..., a]
        in_from = base * sums[..., a, 6] / sums[..., 6].sum(axis=-1)
        return gain, in_from

    gain, in_from = per_customer_and_count(_group_sums(inp))
    point = _ltv_from_sums(_group_sums(inp), **kw)
    rng = np.random.default_rng(seed)
    totals = []
    for start in range(0, n_boot, 200):  # blocks keep the count matrix small for large data
        size = min(200, n_boot - start)
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=size).astype(float)
        g, k = per_customer_and_count(_group_sums(inp, counts))
        totals.append(g * k)
    boot = np.concatenate(totals)
    boot = boot[np.isfinite(boot)]  # a resample without one of the two groups has no value
    if len(boot) < 0.95 * n_boot:
        raise CxDataError(f"{func}: {group!r} groups {from_group!r}/{to_group!r} are too small: "
                          f"{n_boot - len(boot)} of {n_boot} resamples lacked one of them")
    lo, hi = np.quantile(boot, [0.5 - confidence / 2, 0.5 + confidence / 2])
    rows = []
    for s in shares:
        rows.append({"share_moved": s, "customers_moved": s * float(in_from), "value_per_customer": float(gain),
                     "value": s * float(gain * in_from), "ci_low": s * lo, "ci_high": s * hi})
    return ValueOfMoving(table=pd.DataFrame(rows), from_group=from_group, to_group=to_group,
                         ltv_from=float(point["ltv"][a]), ltv_to=float(point["ltv"][b]),
                         customers_in_from_group=float(in_from), customer_base=int(base), n_boot=n_boot,
                         confidence=confidence, seed=int(seed), currency=currency)


@dataclass(frozen=True, repr=False)
class ProgrammeEffect(_TableResult):
    """The money a CX programme brings: lower churn x higher spend, over the customer base.

    Attributes
    ----------
    customers : int
        Customers the programme reaches.
    ltv_before, ltv_after : float
        Lifetime value per customer without and with the programme.
    retention_factor : float
        ``A(r_after) / A(r_before)``: how much longer (discounted) customers stay.
    spend_factor : float
        ``1 + spend_uplift``.
    total_factor : float
        ``retention_factor * spend_factor`` = ``ltv_after / ltv_before``.
    gain : float
        ``customers * (ltv_after - ltv_before)``.
    components : DataFrame
        The gain split into lower churn alone, higher spend alone and both together
        (the interaction), which add up to ``gain``.
    inputs : dict
        The assumptions used.
    currency : str
        Currency of the amounts (ISO code or label).
    """

    _frame = "components"
    customers: int
    ltv_before: float
    ltv_after: float
    retention_factor: float
    spend_factor: float
    total_factor: float
    gain: float
    components: pd.DataFrame = field(repr=False)
    inputs: dict = field(default_factory=dict)
    currency: str = DEFAULT_CURRENCY


    def describe(self, *, lang: str = "en") -> str:
        """The programme's effect in one plain sentence."""
        lang = _check_lang(lang, "ProgrammeEffect.describe")
        return _w(lang, "e_describe", customers=format_number(self.customers, lang=lang),
                  before=format_number(self.ltv_before, lang=lang),
                  after=format_money(self.ltv_after, currency=self.currency, lang=lang),
                  rf=format_number(self.retention_factor, digits=3, lang=lang),
                  sf=format_number(self.spend_factor, digits=3, lang=lang),
                  tf=format_number(self.total_factor, digits=3, lang=lang), gain=_money(self.gain, self.currency, lang))

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The gain by component for a report (per customer and in total)."""
        lang = _check_lang(lang, "ProgrammeEffect.report_table")
        c = self.components
        cur = self.currency
        return pd.DataFrame({_w(lang, "e_per_customer", cur=cur): [format_number(x, lang=lang)
                                                                   for x in c["gain_per_customer"]],
                             _w(lang, "e_base", cur=cur): [format_number(x, lang=lang) for x in c["gain"]]},
                            index=pd.Index([_WORDS[lang].get(x, x) for x in c["component"]], name=_w(lang, "e_where")))

    def __repr__(self) -> str:
        sign = "+" if self.gain > 0 else ""
        return (f"ProgrammeEffect: {self.customers:,} customers x LTV {format_number(self.ltv_before)} -> "
                f"{format_money(self.ltv_after, currency=self.currency)} = "
                f"{sign}{format_money(self.gain, currency=self.currency)}; LTV x{self.retention_factor:.3f} from lower "
                f"churn, x{self.spend_factor:.3f} from higher spend, together x{self.total_factor:.3f}")


def programme_effect(
    *,
    customers: int,
    monthly_value: float,
    monthly_churn: float,
    churn_reduction: float = 0.0,
    spend_uplift: float = 0.0,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    currency: str = DEFAULT_CURRENCY,
) -> ProgrammeEffect:
    """Economic effect of a CX programme: lower churn and higher sales, multiplied.

    A customer's lifetime value is value per month times the discounted expected months
    paid, ``LTV = m * A(r)`` with ``A(r) = sum_{t=1}^{H} (r / (1+d))^t`` (Gupta & Lehmann
    2003). A programme that cuts monthly churn by a relative ``churn_reduction``
    (``c' = c * (1 - churn_reduction)``, ``r' = 1 - c'``) and lifts value per month by
    ``spend_uplift`` (``m' = m * (1 + spend_uplift)``) multiplies lifetime value by the
    product of the two effects, ``(1 + spend_uplift) * A(r') / A(r)``; the gain over the
    base is ``customers * m * (A(r') (1 + u) - A(r))``. Its parts: lower churn alone
    ``m (A(r') - A(r))``, higher spend alone ``m u A(r)``, and the interaction
    ``m u (A(r') - A(r))`` -- the reason the two together are worth more than their sum.

    Parameters
    ----------
    customers : int
        Customers the programme reaches.
    monthly_value : float
        Value (margin) per customer per month today, in ``currency``.
    monthly_churn : float
        Share of customers leaving per month today (0-1).
    churn_reduction : float, default 0
        Relative cut in monthly churn (0.2 = a fifth fewer leavers). From a Cox hazard
        ratio ``HR`` (which acts on the hazard, so retention ``r`` becomes ``r ** HR``) it is
        ``1 - (1 - r ** HR) / c``, close to ``1 - HR`` when monthly churn ``c`` is small.
    spend_uplift : float, default 0
        Relative increase in value per month (0.05 = 5 % more).
    discount_rate : float, default 0.10
        Per year; converted to a monthly compound rate.
    horizon_months : int or None, default 60
        Months counted; None for no limit.
    currency : str, default DEFAULT_CURRENCY
        Currency of the amounts (ISO code or label), for the result's text.

    Returns
    -------
    ProgrammeEffect

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.
    Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
    (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2),
    164-174.

    Examples
    --------
    >>> eff = programme_effect(customers=10_000, monthly_value=100, monthly_churn=0.02,
    ...                        churn_reduction=0.25, spend_uplift=0.05, discount_rate=0.0,
    ...                        horizon_months=None)
    >>> round(eff.ltv_before), round(eff.ltv_after), round(eff.total_factor, 4)
    (4900, 6895, 1.4071)
    >>> eff.to_frame()["gain"].round(0).tolist()
    [16666667.0, 2450000.0, 833333.0, 19950000.0]

    By hand: ``A(0.98) = 0.98 / 0.02 = 49`` months, ``A(0.985) = 0.985 / 0.015 = 65.67``;
    ``1.05 * 65.67 / 49 = 1.4071``.
    """
    
    func = "programme_effect"
    customers = check_whole_number(customers, func=func, name="customers")
    if isinstance(monthly_value, bool) or not isinstance(monthly_value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(monthly_value):
        raise CxParameterError(f"{func}: monthly_value must be an amount in {currency}, got {monthly_value!r}")
    c0 = check_share(monthly_churn, func=func, name="monthly_churn", allow_one=False)
    rho = check_share(churn_reduction, func=func, name="churn_reduction")
    u = check_rate(spend_uplift, func=func, name="spend_uplift")
    d = annual_to_period_rate(check_rate(discount_rate, func=func, name="discount_rate", upper=1), time_unit="month")
    if horizon_months is not None:
        horizon_months = check_whole_number(horizon_months, func=func, name="horizon_months")
    if horizon_months is None and c0 == 0 and d == 0:
        raise CxParameterError(f"{func}: with no churn, no discounting and no horizon the value is infinite; "
                               "set horizon_months or a discount rate")
    m = float(monthly_value)
    r0, r1 = 1.0 - c0, 1.0 - c0 * (1.0 - rho)
    a0, a1 = float(_paid_months(r0, d, horizon_months)), float(_paid_months(r1, d, horizon_months))
    before, after = m * a0, m * (1 + u) * a1
    parts = {
        "lower churn alone": m * (a1 - a0),
        "higher spend alone": m * u * a0,
        "both together (interaction)": m * u * (a1 - a0),
    }
    parts["total"] = sum(parts.values())
    components = pd.DataFrame({"component": list(parts), "gain_per_customer": list(parts.values())})
    components["gain"] = components["gain_per_customer"] * customers
    inputs = {"customers": customers, "monthly_value": m, "monthly_churn": c0, "churn_reduction": rho,
              "spend_uplift": u, "discount_rate_per_year": float(discount_rate), "discount_rate_per_month": d,
              "horizon_months": horizon_months}
    return ProgrammeEffect(customers=customers, ltv_before=before, ltv_after=after, retention_factor=a1 / a0,
                           spend_factor=1 + u, total_factor=after / before, gain=customers * (after - before),
                           components=components, inputs=inputs, currency=currency)


# ----------------------------------------------------------------------------------------
# 4. the chain: operations -> satisfaction -> churn -> money
# ----------------------------------------------------------------------------------------
#: Plain-language names (with units) of the operations columns of the sample data.
DRIVER_LABELS: dict[str, tuple[str, str]] = {
    "avg_wait_minutes": ("Waiting time", "minute of waiting"),
    "n_contacts": ("Support contacts", "contact"),
    "n_repeat_contacts": ("Repeat contacts", "repeat contact"),
    "n_complaints": ("Complaints", "complaint"),
    "first_contact_resolution": ("First-contact resolution", "0 -> 100% resolved at first contact"),
}


@dataclass(frozen=True, repr=False)
class ValueChain(_TableResult):
    """Estimated links of the chain operations -> satisfaction -> churn -> lifetime value.

    Attributes
    ----------
    links : DataFrame
        One row per link: ``source``, ``target``, ``estimate``, ``ci_low``, ``ci_high``,
        ``p_value`` and ``meaning`` (what the estimate is, in words and units). Links:
        each driver -> satisfaction (regression coefficient, satisfaction points per unit,
        heteroscedasticity-robust HC3 interval), each driver -> churn (hazard ratio per
        unit, Cox model, total effect), satisfaction -> churn (hazard ratio per point),
        satisfaction -> lifetime value (money per customer per point) and each driver ->
        lifetime value through satisfaction (money per customer per unit).
    satisfaction_r2 : float
        Share of the variance in satisfaction explained by the drivers.
    cox_satisfaction, cox_drivers : CoxResult
        The two churn models.
    baseline : dict
        Monthly churn, value per month and lifetime value per customer today.
    drivers : tuple of str
        Operations columns used.
    satisfaction : str
        Satisfaction column.
    confidence : float
        Level of the intervals.
    currency : str
        Currency of the amounts (ISO code or label).
    """

    _frame = "links"
    links: pd.DataFrame
    satisfaction_r2: float
    cox_satisfaction: CoxResult
    cox_drivers: CoxResult
    baseline: dict
    drivers: tuple
    satisfaction: str
    confidence: float
    currency: str = DEFAULT_CURRENCY


    def describe(self, *, lang: str = "en") -> str:
        """Today's baseline and the satisfaction -> money link in one plain sentence."""
        lang = _check_lang(lang, "ValueChain.describe")
        b = self.baseline
        money = self.link(self.satisfaction, "lifetime value")
        return _w(lang, "v_describe", churn=format_percent(b["monthly_churn"], digits=1, lang=lang),
                  ltv=format_money(b["ltv"], currency=self.currency, lang=lang),
                  money=format_money(money["estimate"], currency=self.currency, lang=lang),
                  conf=_conf(self.confidence, lang),
                  values=format_interval(money["ci_low"], money["ci_high"], digits=0, lang=lang),
                  p=_p(float(money["p_value"]), lang))

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The links for a report: plain names, estimate and interval as text, p as '< 0.001'."""
        lang = _check_lang(lang, "ValueChain.report_table")

        def name(col: str) -> str:
            if col in DRIVER_LABELS or lang != "en" and col in _RU_DRIVERS:
                return _driver(col, lang)[0]
            if col == self.satisfaction:
                return _w(lang, "v_satisfaction")
            return {"churn": _w(lang, "v_churn"), "lifetime value": _w(lang, "v_value")}.get(col, col.replace("_", " "))

        rows = []
        for _, r in self.links.iterrows():
            money = r["target"] == "lifetime value"
            digits, signed = (0, True) if money else ((2, True) if r["target"] == self.satisfaction else (2, False))
            rows.append({_w(lang, "v_link"): _w(lang, "v_arrow", a=name(r["source"]), b=name(r["target"])),
                         _w(lang, "v_estimate"): format_number(r["estimate"], digits=digits, signed=signed, lang=lang),
                         _conf(self.confidence, lang): format_interval(r["ci_low"], r["ci_high"], digits=digits,
                                                                       signed=signed, lang=lang),
                         _w(lang, "v_p"): _p_value(r["p_value"], lang),
                         _w(lang, "v_meaning"): _meaning(r["source"], r["target"], self.satisfaction, self.currency,
                                                         lang)})
        return pd.DataFrame(rows).set_index(_w(lang, "v_link"))

    def link(self, source: str, target: str) -> pd.Series:
        """One link (row of :attr:`links`)."""
        rows = self.links[(self.links["source"] == source) & (self.links["target"] == target)]
        if rows.empty:
            raise CxParameterError(f"ValueChain: no link {source!r} -> {target!r}")
        return rows.iloc[0]

    def __repr__(self) -> str:
        b = self.baseline
        head = (f"ValueChain: {len(self.drivers)} operations drivers -> {self.satisfaction} -> churn -> LTV "
                f"(n = {self.cox_satisfaction.n:,}; today {b['monthly_churn']:.2%} churn a month, "
                f"LTV {format_money(b['ltv'], currency=self.currency)}; drivers explain "
                f"{self.satisfaction_r2:.0%} of satisfaction)")
        shown = self.links.set_index(["source", "target"])[["estimate", "ci_low", "ci_high", "p_value"]]
        return head + "\n" + _frame_block(shown, 3)


def operations_chain(
    data: pd.DataFrame,
    *,
    drivers: Sequence[str] = ("avg_wait_minutes", "n_repeat_contacts", "n_complaints"),
    satisfaction: str = "overall_satisfaction",
    duration: str = "months_at_risk",
    event: str = "churned",
    adjust_for: str | Sequence[str] | None = ("tenure_months", "n_products"),
    margin: str = "monthly_margin",
    revenue: str | None = "monthly_revenue",
    extra_spend: str | None = "extra_spend",
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int | None = 60,
    confidence: float = 0.95,
    seed: int = 2026,
    currency: str = DEFAULT_CURRENCY,
) -> ValueChain:
    """Measure the service-profit chain: operations -> satisfaction -> churn -> money.

    Heskett et al. (1994) describe how operations shape satisfaction, satisfaction shapes
    loyalty and loyalty shapes profit. Each link is estimated separately, so a reader
    sees where the chain is strong and where it breaks:

    1. **operations -> satisfaction**: linear regression of satisfaction on all drivers
       together (points of satisfaction per unit of each driver, HC3 robust intervals;
       MacKinnon & White 1985);
    2. **operations -> churn**: Cox model of churn on all drivers, adjusted for
       ``adjust_for`` (hazard ratio per unit; the total effect, through satisfaction or
       not);
    3. **satisfaction -> churn**: Cox model of churn on satisfaction, adjusted for
       ``adjust_for`` (hazard ratio per point; Cox 1972);
    4. **satisfaction -> lifetime value**: with today's monthly churn hazard ``h`` and
       value per month ``m`` (:func:`value_by_group` over everyone), one more point
       of satisfaction multiplies the hazard by ``HR`` and is worth
       ``LTV(h * HR) - LTV(h)`` per customer (interval from the HR's interval);
    5. **driver -> lifetime value via satisfaction**: a unit of the driver moves
       satisfaction by ``b`` points, so the hazard by ``HR ** b``; worth
       ``LTV(h * HR**b) - LTV(h)``, interval by simulation from the two estimates'
       normal approximations (seeded).

    Parameters
    ----------
    data : DataFrame
        Linked respondents with operations columns (``link_survey_to_customers(...,
        operations=...)``).
    drivers : sequence of str
        Operations columns. Missing values are an error (e.g. first-contact resolution
        is empty for customers without contacts: fill it deliberately first).
    satisfaction : str, default "overall_satisfaction"
        Satisfaction score column.
    duration, event, adjust_for
        As in :func:`churn_hazard_ratios`.
    margin, revenue, extra_spend, margin_share, discount_rate, horizon_months
        As in :func:`value_by_group`.
    confidence : float, default 0.95
        Level of all intervals.
    seed : int, default 2026
        Seed of the simulation for the driver -> value intervals.
    currency : str, default DEFAULT_CURRENCY
        Currency of the amounts (ISO code or label), for the links' meaning and the chart.

    Returns
    -------
    ValueChain

    References
    ----------
    Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
    (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2),
    164-174.
    Cox, D. R. (1972). Regression models and life-tables. *JRSS B*, 34(2), 187-220.
    MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent covariance
    matrix estimators with improved finite sample properties. *Journal of
    Econometrics*, 29(3), 305-325.
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9-24.

    Examples
    --------
    >>> from cxtools.samples import make_sample_data
    >>> d = make_sample_data(2000, seed=7)
    >>> joined = link_survey_to_customers(d.survey, d.customers, d.subscriptions,
    ...                                   transactions=d.transactions, operations=d.operations)
    >>> chain = operations_chain(joined.data)
    >>> chain.link("overall_satisfaction", "churn")["estimate"] < 1  # happier customers stay
    np.True_
    >>> chain.link("n_repeat_contacts", "overall_satisfaction")["estimate"] < 0
    np.True_
    """
    import statsmodels.api as sm
    
    func = "operations_chain"
    drivers = _as_list(drivers)
    if not drivers:
        raise CxParameterError(f"{func}: give at least one driver column")
    confidence = check_confidence(confidence, func=func)
    controls = _as_list(adjust_for)
    require_columns(data, [*drivers, satisfaction, duration, event, *controls], func=func)
    X = pd.DataFrame({c: _numeric(data, c, func) for c in drivers}, index=data.index)
    y = _numeric(data, satisfaction, func)
    const = [c for c in drivers if X[c].nunique() < 2]
    if const:
        raise CxDataError(f"{func}: driver(s) {const} take a single value in every row; remove them")
    ols = sm.OLS(y.to_numpy(), sm.add_constant(X.to_numpy(), has_constant="add")).fit(cov_type="HC3")
    z = stats.norm.ppf(0.5 + confidence / 2)
    b, se = np.asarray(ols.params)[1:], np.asarray(ols.bse)[1:]

    cox_sat = churn_hazard_ratios(data, predictors=satisfaction, duration=duration, event=event,
                                  adjust_for=controls, confidence=confidence)
    cox_drv = churn_hazard_ratios(data, predictors=drivers, duration=duration, event=event,
                                  adjust_for=controls, confidence=confidence,
                                  labels={c: f"{lab} (per {unit})" for c, (lab, unit) in DRIVER_LABELS.items()})
    base = value_by_group(data, by=None, duration=duration, event=event, margin=margin, revenue=revenue,
                          extra_spend=extra_spend, margin_share=margin_share, discount_rate=discount_rate,
                          horizon_months=horizon_months).iloc[0]
    d = annual_to_period_rate(float(discount_rate), time_unit="month")
    h0 = -math.log1p(-float(base["monthly_churn"]))
    m = float(base["value_per_month"])

    def ltv_gain(log_hr: np.ndarray | float) -> np.ndarray:
        r1 = np.exp(-h0 * np.exp(log_hr))
        return m * (_paid_months(r1, d, horizon_months) - _paid_months(math.exp(-h0), d, horizon_months))

    rows = []
    for k, col in enumerate(drivers):
        rows.append({"source": col, "target": satisfaction, "estimate": b[k], "ci_low": b[k] - z * se[k],
                     "ci_high": b[k] + z * se[k], "p_value": 2 * stats.norm.sf(abs(b[k] / se[k]))})
    for col in drivers:
        r = cox_drv.table.loc[col]
        rows.append({"source": col, "target": "churn", "estimate": r["hazard_ratio"], "ci_low": r["ci_low"],
                     "ci_high": r["ci_high"], "p_value": r["p_value"]})
    rs = cox_sat.table.loc[satisfaction]
    rows.append({"source": satisfaction, "target": "churn", "estimate": rs["hazard_ratio"], "ci_low": rs["ci_low"],
                 "ci_high": rs["ci_high"], "p_value": rs["p_value"]})
    beta, beta_se = float(rs["coef"]), float(rs["std_err"])
    per_point = ltv_gain(beta)
    lo_hi = sorted([float(ltv_gain(beta - z * beta_se)), float(ltv_gain(beta + z * beta_se))])
    rows.append({"source": satisfaction, "target": "lifetime value", "estimate": float(per_point),
                 "ci_low": lo_hi[0], "ci_high": lo_hi[1], "p_value": rs["p_value"]})
    rng = np.random.default_rng(seed)
    beta_draws = rng.normal(beta, beta_se, 4000)
    for k, col in enumerate(drivers):
        draws = ltv_gain(rng.normal(b[k], se[k], 4000) * beta_draws)
        lo, hi = np.quantile(draws, [0.5 - confidence / 2, 0.5 + confidence / 2])
        p = 2 * min((draws <= 0).mean(), (draws >= 0).mean())
        rows.append({"source": col, "target": "lifetime value", "estimate": float(ltv_gain(b[k] * beta)),
                     "ci_low": lo, "ci_high": hi, "p_value": max(p, 1 / 4000)})
    links = pd.DataFrame(rows)
    links["meaning"] = [_meaning(a, b_, satisfaction, currency, "en") for a, b_ in zip(links["source"], links["target"])]
    baseline = {"monthly_churn": float(base["monthly_churn"]), "value_per_month": m, "ltv": float(base["ltv"]),
                "customers": int(base["customers"])}
    return ValueChain(links=links, satisfaction_r2=float(ols.rsquared), cox_satisfaction=cox_sat,
                      cox_drivers=cox_drv, baseline=baseline, drivers=tuple(drivers), satisfaction=satisfaction,
                      confidence=confidence, currency=currency)


def plot_value_chain(chain: ValueChain, *, ax=None, alpha: float = 0.05, lang: str = "en") -> "Axes":
    """Draw the chain operations -> satisfaction -> churn -> lifetime value with its estimates.

    Boxes for each operations driver, satisfaction, churn and lifetime value; arrows
    carry the estimated link in plain words. Links that are not significant at
    ``alpha`` are drawn grey and dashed.

    Parameters
    ----------
    chain : ValueChain
        From :func:`operations_chain`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    alpha : float, default 0.05
        Significance level for solid arrows.
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Heskett, J. L., et al. (1994). Putting the service-profit chain to work. *Harvard
    Business Review*, 72(2), 164-174 (the chain as a figure).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.samples import make_sample_data
    >>> d = make_sample_data(1000, seed=3)
    >>> j = link_survey_to_customers(d.survey, d.customers, d.subscriptions, operations=d.operations,
    ...                              transactions=d.transactions)
    >>> ax = plot_value_chain(operations_chain(j.data))
    >>> ax.get_title()
    'From operations to money: the estimated chain'
    """
    from cxtools.core.util import axes_or_current

    if not isinstance(chain, ValueChain):
        raise CxParameterError(f"plot_value_chain: expected a ValueChain from operations_chain, got "
                               f"{type(chain).__name__}")
    alpha = check_alpha(alpha, func="plot_value_chain")
    lang = _check_lang(lang, "plot_value_chain")
    cur = chain.currency
    ax = axes_or_current(ax)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    box = dict(boxstyle="round,pad=0.4", facecolor="#eef3f8", edgecolor="#4a6a8a")
    n = len(chain.drivers)
    ys = np.linspace(0.80, 0.28, n) if n > 1 else np.array([0.5])
    x_drv, x_sat, x_churn, x_val = 0.08, 0.42, 0.68, 0.92
    sat = chain.satisfaction

    def node(x, y, text, size=10):
        return ax.text(x, y, text, ha="center", va="center", fontsize=size, bbox=box)

    def arrow(source, target, text, p, text_xy):
        # edge to edge: coordinates are fractions of the two boxes
        ok = bool(p < alpha)
        ax.annotate("", xy=(0.0, 0.5), xycoords=target, xytext=(1.0, 0.5), textcoords=source,
                    arrowprops=dict(arrowstyle="-|>", color="#1f4e79" if ok else "#9a9a9a", lw=1.8 if ok else 1.0,
                                    linestyle="-" if ok else "--", shrinkA=4, shrinkB=4))
        ax.text(*text_xy, text, ha="center", va="center", fontsize=8, color="black" if ok else "#707070",
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.9))

    # the four layers of the service-profit chain, named above their column of boxes
    for x, layer in zip([x_drv, x_sat, x_churn, x_val], _w(lang, "ch_layers").split("|")):
        ax.text(x, 0.98, layer, ha="center", va="top", fontsize=10, fontweight="bold", color="#4a6a8a")
    sat_box = node(x_sat, 0.5, _w(lang, "ch_sat"))
    churn_box = node(x_churn, 0.5, _w(lang, "ch_churn"))
    value_box = node(x_val, 0.5, _w(lang, "ch_value", cur=cur))
    for y, col in zip(ys, chain.drivers):
        name = _driver(col, lang)
        row = chain.link(col, sat)
        money = chain.link(col, "lifetime value")
        ok = bool(money["p_value"] < alpha)
        # what the lever is worth, end to end, under its box
        drv = node(x_drv, y, name[0], 9)
        ax.text(x_drv, y - 0.075, _w(lang, "ch_lever", money=format_number(money["estimate"], signed=True, lang=lang),
                                     cur=cur, unit=name[1]), ha="center", va="top",
                fontsize=7.5, color="#1f4e79" if ok else "#808080", style="normal" if ok else "italic")
        arrow(drv, sat_box, _w(lang, "ch_points", x=format_number(row["estimate"], digits=2, signed=True, lang=lang),
                               unit=name[1]), row["p_value"], (0.25, 0.5 + 0.6 * (y - 0.5)))
    hr = chain.link(sat, "churn")
    arrow(sat_box, churn_box, _w(lang, "ch_hr", x=format_number(hr["estimate"], digits=2, lang=lang)), hr["p_value"],
          (0.555, 0.63))
    money = chain.link(sat, "lifetime value")
    arrow(churn_box, value_box, _w(lang, "ch_money", money=format_number(money["estimate"], signed=True, lang=lang),
                                   cur=cur), money["p_value"], (0.80, 0.63))
    b = chain.baseline
    ax.text(0.5, 0.0, _w(lang, "ch_footer", churn=format_percent(b["monthly_churn"], digits=1, lang=lang),
                         ltv=format_money(b["ltv"], currency=cur, lang=lang), n=format_number(b["customers"], lang=lang),
                         alpha=format_percent(alpha, lang=lang)),
            ha="center", va="bottom", fontsize=8, color="#505050")
    ax.set_title(_w(lang, "ch_title"))
    return ax


# ----------------------------------------------------------------------------------------
# 5. for the report: plain tables and the business case
# ----------------------------------------------------------------------------------------
#: Plain-language headings (with units) of :func:`value_by_group`'s columns; ``{currency}`` is
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


#: :data:`VALUE_TABLE_LABELS` in Russian.
_RU_VALUE_TABLE_LABELS: dict[str, str] = {
    "customers": "Клиенты",
    "churned": "Ушли после опроса",
    "months_at_risk": "Месяцев наблюдения",
    "monthly_churn": "Уходят в месяц (%)",
    "expected_months": "Ожидаемый срок с нами, мес. (в пределах горизонта)",
    "contract_margin_per_month": "Прибыль по договору в месяц ({currency})",
    "extra_spend_per_month": "Разовые покупки в месяц ({currency})",
    "value_per_month": "Прибыль в месяц с разовыми покупками ({currency})",
    "ltv": "Пожизненная ценность ({currency})",
}


def plain_value_table(table: pd.DataFrame, *, columns: Sequence[str] | None = None,
                      currency: str | None = None, lang: str = "en") -> pd.DataFrame:
    """:func:`value_by_group`'s table with plain headings and units, for a report.

    Shares become per cent (one decimal), money and months are rounded; the group
    labels stay as they are.

    Parameters
    ----------
    table : DataFrame
        From :func:`value_by_group`.
    columns : sequence of str, optional
        Which of its columns to show (default: all), in that order.
    currency : str, optional
        Currency named in the headings; default the one :func:`value_by_group` used.
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
    return out.rename(columns={k: v.format(currency=currency) for k, v in _RU_VALUE_TABLE_LABELS.items()})


def hazard_ratio_table(result: CoxResult, *, lang: str = "en") -> pd.DataFrame:
    """A Cox model's hazard ratios for a report, in the report's language.

    In English this is :meth:`CoxResult.report_table`; in Russian the same table with
    Russian headings and term names (a group term reads "Группа NPS: критики против
    нейтралы") and p-values with a decimal comma.

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
    >>> hazard_ratio_table(cox, lang="ru").index[0]
    'Группа NPS: критики против нейтралы'
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
            return head + (f" против {_group_label(ref, lang)}" if ref is not None else "")
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


#: What the groups of a retention plot are, per grouping column ("Customers still with us, by ...").
_RETENTION_BY = {"en": {"nps_group": "NPS group", "satisfaction_band": "overall satisfaction"},
                 "ru": {"nps_group": "группы NPS", "satisfaction_band": "уровни удовлетворённости"}}


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
    from cxtools.ltv.survival import KaplanMeierResult

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


def plot_retention(km: "KaplanMeierResult", *, ax=None, logrank: Any = None, lang: str = "en") -> "Axes":
    """Share of customers still with us after their survey answer, per group (Kaplan-Meier).

    The curves of :func:`cxtools.plots.ltv.plot_survival` with the report's labels: months
    since the survey response, the groups named in the report's language and, when
    ``logrank`` is given, its p-value in the title.

    Parameters
    ----------
    km : KaplanMeierResult
        :func:`cxtools.ltv.survival.kaplan_meier` on the months since the response.
    ax : matplotlib Axes, optional
    logrank : LogrankResult, optional
        :func:`cxtools.ltv.survival.logrank_test` of the same groups.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels and legend.

    Returns
    -------
    matplotlib Axes
        The curves, one per group.

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete observations.
    *Journal of the American Statistical Association*, 53(282), 457-481 (the curves drawn).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxtools.ltv.survival import kaplan_meier
    >>> df = pd.DataFrame({"months": [3, 5, 5, 8, 10, 12], "churned": [1, 1, 0, 1, 0, 1],
    ...                    "nps_group": ["detractor", "passive"] * 3})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_retention(kaplan_meier(df, duration="months", event="churned", by="nps_group"), ax=ax, lang="ru")
    >>> ax.get_xlabel(), ax.get_legend().get_texts()[0].get_text()
    ('Месяцев после ответа на опрос', 'критики')
    """
    from cxtools.core.util import axes_or_current
    from cxtools.plots.ltv import plot_survival
    from cxtools.ltv.survival import KaplanMeierResult

    if not isinstance(km, KaplanMeierResult):
        raise CxParameterError(f"plot_retention: expected a KaplanMeierResult, got {type(km).__name__}")
    lang = _check_lang(lang, "plot_retention")
    ax = plot_survival(km, ax=axes_or_current(ax))
    by = str(km.by) if km.by else ""
    what = _RETENTION_BY[lang].get(by, by.replace("_", " "))
    ax.set_xlabel(_w(lang, "r_xlabel"))
    ax.set_ylabel(_w(lang, "r_ylabel"))
    ax.set_ylim(max(0.0, np.floor(km.table["lower"].min() * 10) / 10), 1.02)
    title = _w(lang, "r_title", what=what, p=_p(float(logrank.p_value), lang) if logrank is not None else "")
    ax.set_title(title if logrank is not None else title.split("\n")[0])
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, [_group_label(x, lang) for x in labels], fontsize=8, loc="lower left",
              title=_term_name(by, lang) if by else None)
    return ax


def plot_value_by_group(table: pd.DataFrame, *, ax=None, horizon_months: int | None = None,
                        lang: str = "en") -> "Axes":
    """Bars of lifetime value per customer by group, each labelled with its amount.

    Parameters
    ----------
    table : DataFrame
        From :func:`value_by_group` (its currency is taken from the table).
    ax : matplotlib Axes, optional
    horizon_months : int, optional
        The horizon the values were computed over, named in the axis label (default: the
        one :func:`value_by_group` used).
    lang : {"en", "ru"}, default "en"
        Language of the labels; the amounts in the language's money format.

    Returns
    -------
    matplotlib Axes
        One bar per group.

    References
    ----------
    Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*,
    17(1), 9-24 (the lifetime value drawn).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"nps_group": ["detractor", "detractor", "passive", "passive"],
    ...                    "months": [50.0] * 4, "churned": [1, 1, 1, 0], "monthly_margin": [100.0] * 4})
    >>> t = value_by_group(df, by="nps_group", duration="months", revenue=None, extra_spend=None, currency="EUR")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> plot_value_by_group(t, ax=ax, lang="ru").get_title()
    'Пожизненная ценность по группам'
    """
    from cxtools.core.util import axes_or_current

    require_frame(table, func="plot_value_by_group", what="table")
    require_columns(table, ["ltv"], func="plot_value_by_group", what="table")
    lang = _check_lang(lang, "plot_value_by_group")
    cur = table.attrs.get("currency", DEFAULT_CURRENCY)
    horizon = horizon_months if horizon_months is not None else table.attrs.get("horizon_months")
    ax = axes_or_current(ax)
    ax.bar([_group_label(i, lang) for i in table.index], table["ltv"], color="#4a78a8")
    ax.set_ylabel(_w(lang, "g_ylabel", cur=cur, h=horizon))
    ax.set_xlabel(_term_name(str(table.index.name), lang) if table.index.name else "")
    for i, value in enumerate(table["ltv"]):
        ax.text(i, value, format_money(value, currency=cur, lang=lang), ha="center", va="bottom", fontsize=9)
    ax.set_title(_w(lang, "g_title"))
    return ax


def plot_value_of_moving(moving: ValueOfMoving, *, ax=None, lang: str = "en") -> "Axes":
    """Lifetime value gained against the share of the lower group moved up, with bootstrap intervals.

    Parameters
    ----------
    moving : ValueOfMoving
        From :func:`value_of_moving`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title and axis labels.

    Returns
    -------
    matplotlib Axes
        One point per share moved, with its interval as a bar.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall, ch. 13 (percentile intervals).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"share_moved": [0.1, 0.2], "customers_moved": [10.0, 20.0],
    ...                       "value_per_customer": [900.0, 900.0], "value": [9000.0, 18000.0],
    ...                       "ci_low": [4000.0, 8000.0], "ci_high": [14000.0, 28000.0]})
    >>> moved = ValueOfMoving(table, "detractor", "passive", 1000.0, 1900.0, 100.0, 1000, 200, 0.9, 1, "EUR")
    >>> plot_value_of_moving(moved).get_ylabel()
    'Lifetime value gained (thousand EUR)'
    """
    from cxtools.core.util import axes_or_current

    if not isinstance(moving, ValueOfMoving):
        raise CxParameterError(f"plot_value_of_moving: expected a ValueOfMoving, got {type(moving).__name__}")
    lang = _check_lang(lang, "plot_value_of_moving")
    t, cur = moving.table, moving.currency
    scale, unit = ((1e6, _w(lang, "mv_mln", cur=cur)) if t["ci_high"].abs().max() >= 1e6
                   else (1e3, _w(lang, "mv_thousand", cur=cur)))
    ax = axes_or_current(ax)
    ax.errorbar(t["share_moved"] * 100, t["value"] / scale,
                yerr=[(t["value"] - t["ci_low"]) / scale, (t["ci_high"] - t["value"]) / scale],
                fmt="o-", capsize=4, color="#4a78a8")
    src = _group_label(moving.from_group, lang)
    ax.set_xlabel(_w(lang, "mv_xlabel", src=src))
    ax.set_ylabel(_w(lang, "mv_ylabel", unit=unit))
    ax.set_title(_w(lang, "mv_title", src=src, dst=_group_label(moving.to_group, lang),
                    conf=_level(moving.confidence, lang)))
    return ax


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
    >>> sources_table({"survey": loaded}, lang="ru").to_dict("index")
    {'опрос': {'Прочитано строк': '1\\xa0200', 'Принято': '1\\xa0199', 'Отложено': '1'}}
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
    :func:`cxtools.privacy.redact` (a reason may quote a value); in Russian the loaders'
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
    >>> rejections_table({"transactions": loaded}, lang="ru").iloc[0, 0]
    'transaction_id: повторяющееся значение'
    """
    from cxtools.privacy import redact

    lang = _check_lang(lang, "rejections_table")
    parts = [r.rejected[["reason"]].assign(table=k) for k, r in tables.items() if len(r.rejected)]
    if not parts:
        return None
    counts = redact(pd.concat(parts, ignore_index=True).value_counts(["table", "reason"]).rename("rows").reset_index())
    return pd.DataFrame({_w(lang, "s_why"): [_reason(x, lang) for x in counts["reason"]],
                         _w(lang, "s_rows"): counts["rows"].to_numpy()},
                        index=pd.Index([_source(x, lang) for x in counts["table"]], name=_w(lang, "s_source")))


def _source(name: str, lang: str) -> str:
    from cxtools.overview import source_name

    return source_name(name, lang=lang)


def _reason(reason: str, lang: str) -> str:
    """A loader's reason in the language; in Russian an unknown reason reads as a broken loading rule."""
    from cxtools.core.wording import rejection_reason

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
    parts = []
    for term, row in (groups.table.iterrows() if groups is not None else ()):
        if not (str(term).endswith("]") and "[" in str(term)):
            continue
        col, level = str(term)[:-1].split("[", 1)
        ref = _group_noun(groups.reference.get(col), lang=lang)
        times = _w(lang, "times1", x=format_number(float(row["hazard_ratio"]), digits=2, lang=lang))
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
    >>> from cxtools.samples import make_sample_data
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
        parts.append(_w(lang, "b_stay", change=_change(hr, lang), **num))
    elif linked:
        parts.append(_w(lang, "b_faster", pct=format_percent(hr - 1, lang=lang), **num))
    else:
        parts.append(_w(lang, "b_unshown", **num))
    if groups is not None:
        parts.extend(_group_sentences(groups, moving, alpha=alpha, lang=lang, case=True))
    inp = effect.inputs
    horizon = (_w(lang, "b_horizon", h=inp["horizon_months"]) if inp.get("horizon_months") else _w(lang, "b_no_horizon"))
    a_src, a_dst = (_group_noun(g, plural=False, lang=lang) for g in (moving.from_group, moving.to_group))
    parts.append(_w(lang, "b_worth", A_src=a_src[:1].upper() + a_src[1:], a_dst=a_dst,
                    src=_group_noun(moving.from_group, lang=lang), dst=_group_noun(moving.to_group, lang=lang),
                    ltv_from=format_money(moving.ltv_from, currency=cur, lang=lang),
                    ltv_to=format_money(moving.ltv_to, currency=cur, lang=lang), horizon=horizon,
                    rate=format_percent(inp.get("discount_rate_per_year", float("nan")), lang=lang)))
    zero = row["ci_low"] <= 0 <= row["ci_high"]
    parts.append(_w(lang, "b_moving", share=format_percent(share_moved, lang=lang),
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
        parts.append(_w(lang, "b_programme", gain=_points(satisfaction_gain, lang), **money))
    else:
        churn_text = _w(lang, "b_churn_text", cut=money["cut"]) if churn_cut > 0 else ""
        parts.append(_w(lang, "b_programme_no", churn_text=churn_text, **money))
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
        return _w(lang, "b_move_sat_one" if len(moving_sat) == 1 else "b_move_sat", names=names,
                  Names=names[:1].upper() + names[1:])
    return _w(lang, "b_no_levers")


#: How survey answers are tied to money, in the words the business case closes with.
ROUTES: dict[str, str] = {route: _WORDS["en"][f"route_{route}"] for route in ("contracts", "transactions")}


def _group_sentences(groups: CoxResult, moving: ValueOfMoving, *, alpha: float, lang: str, case: bool) -> list[str]:
    """The "leave N times as fast" sentence of ``moving.from_group`` against the reference group (or none)."""
    key = next((t for t in groups.table.index if str(t).endswith(f"[{moving.from_group}]")), None)
    if key is None:
        return []
    g = groups.table.loc[key]
    ref = groups.reference.get(str(key).split("[", 1)[0], moving.to_group)
    src = _group_noun(moving.from_group, lang=lang)
    names = dict(Src=src[:1].upper() + src[1:], src=src, ref=_group_noun(ref, lang=lang))
    digits = 1 if case else 2
    times = _w(lang, "times1", x=format_number(float(g["hazard_ratio"]), digits=digits, lang=lang))
    x = format_number(float(g["hazard_ratio"]), digits=2, lang=lang)
    if case:
        interval = _interval_of(g["ci_low"], g["ci_high"], groups.confidence, lang, digits=1)
        if _significant(g, alpha):
            return [_w(lang, "b_groups", times=times, interval=interval, **names)]
        return [_w(lang, "b_groups_no", x=x, p=_p(float(g["p_value"]), lang), **names)]
    interval = f"{_interval_of(g['ci_low'], g['ci_high'], groups.confidence, lang)}, {_p(float(g['p_value']), lang)}"
    key = "f_groups" if _significant(g, alpha) else "f_groups_no"
    return [_w(lang, key, times=times, x=x, interval=interval, **names)]


def _route_sentence(route: str, lang: str) -> str:
    """How answers were tied to money, as a plain sentence (without the italic lead-in)."""
    text = _w(lang, f"route_{route}").split(":* ", 1)[1]
    return text[:1].upper() + text[1:]


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
    >>> print(key_findings(joined=JoinResult(pd.DataFrame(), cov, pd.DataFrame(), pd.Timestamp("2026-06-30")),
    ...                    lang="ru").replace("\xa0", " "))
    ## Главные выводы
    <BLANKLINE>
    - 9 из 10 участников опроса (90 %) удалось связать с клиентской базой и проследить после ответа.
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
        items.append(_w(lang, "f_moving", share=format_percent(share_moved, lang=lang),
                        src=_group_noun(moving.from_group, lang=lang), dst=_group_noun(moving.to_group, lang=lang),
                        n=format_number(row["customers_moved"], lang=lang), value=_money(row["value"], cur, lang),
                        conf=_conf(moving.confidence, lang), lo=_money(row["ci_low"], cur, lang),
                        hi=_money(row["ci_high"], cur, lang), zero=_w(lang, "f_zero") if zero else ""))
    if effect is not None and satisfaction_gain is not None:
        items.append(_w(lang, "f_effect", gain=_points(satisfaction_gain, lang),
                        uplift=format_percent(effect.spend_factor - 1, lang=lang),
                        total=format_percent(effect.total_factor - 1, digits=1, lang=lang, signed=True),
                        money=_money(effect.gain, effect.currency, lang),
                        customers=format_number(effect.customers, lang=lang)))
    if purchases is not None:
        items.extend(_purchase_sentences(purchases, share_moved=share_moved, alpha=alpha, lang=lang))
    if route is not None:
        items.append(_route_sentence(route, lang))
    return _md(_w(lang, "findings_head") + "\n\n" + "\n".join(f"- {s}" for s in items[:6]))


def _points(gain: float, lang: str) -> str:
    """A number of points as typed ('0.5'), in the language's decimal style."""
    return f"{gain:g}" if lang == "en" else f"{gain:g}".replace(".", ",")


#: Level of the intervals of a :class:`PurchaseLink`'s group effects (matching their 5 % tests).
EFFECTS_CONFIDENCE = 0.95

#: Plain names of the group columns, for sentences.
GROUP_NAMES = {"nps_group": "NPS group", "satisfaction_band": "satisfaction band"}


# ----------------------------------------------------------------------------------------
# 7. the purchases-only route: survey answers as covariates of a repeat-buying model
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class PurchaseLink(_TableResult):
    """Survey groups as a covariate of a repeat-buying model, and what moving customers is worth.

    Attributes
    ----------
    effects : DataFrame
        One row per covariate coefficient of the model: ``process`` (purchase or
        drop-out), ``term``, ``multiplier`` (exp(coefficient): how the group's rate
        compares with the reference group's), its 95 % interval (``ci_low``,
        ``ci_high``, :data:`EFFECTS_CONFIDENCE`) and ``p_value`` (Wald test).
    table : DataFrame
        One row per share moved: ``share_moved``, ``customers_moved``,
        ``value_per_customer``, ``value``, ``ci_low``, ``ci_high``.
    by, from_group, to_group : object
        The covariate and the groups moved out of and into (the reference level).
    model_name : str
        ``"Pareto/NBD"`` or ``"BG/NBD"``.
    n_customers : int
        Linked respondents with purchases (the rows the model was fitted on).
    n_without_purchases : int
        Linked respondents without a purchase before the as-of date (left out).
    customers_in_from_group : float
        Customers of the base estimated to be in ``from_group``.
    customer_base : int
    spend_per_purchase : float
        Mean spend per purchase day of the respondents.
    margin_share : float or None
        Share of spend kept as profit; None when values are revenue.
    horizon_months : int
    discount_rate : float
        Per year.
    confidence : float
    n_draws, seed : int
    currency : str
    """

    effects: pd.DataFrame
    table: pd.DataFrame
    by: str
    from_group: Any
    to_group: Any
    model_name: str
    n_customers: int
    n_without_purchases: int
    customers_in_from_group: float
    customer_base: int
    spend_per_purchase: float
    margin_share: float | None
    horizon_months: int
    discount_rate: float
    confidence: float
    n_draws: int
    seed: int
    currency: str = DEFAULT_CURRENCY

    def effect(self, process: str) -> pd.Series:
        """The coefficient row of ``from_group`` in ``process`` ("purchase" or "drop-out")."""
        rows = self.effects[(self.effects["process"] == process)
                            & (self.effects["term"] == f"{self.by}[{self.from_group}]")]
        if rows.empty:
            raise CxParameterError(f"PurchaseLink.effect: no {process} coefficient for {self.from_group!r}")
        return rows.iloc[0]

    def describe(self, *, lang: str = "en") -> str:
        """What the groups do differently and what moving them is worth, in plain sentences."""
        lang = _check_lang(lang, "PurchaseLink.describe")
        row = self.table.iloc[0]
        group = GROUP_NAMES.get(self.by, self.by.replace("_", " ")) if lang == "en" else _term_name(self.by, lang)
        return _w(lang, "l_describe", model=self.model_name, group=group, n=format_number(self.n_customers, lang=lang),
                  n_without=format_number(self.n_without_purchases, lang=lang),
                  src=_group_label(self.from_group, lang) if lang == "en" else _group_noun(self.from_group, lang=lang),
                  dst=_group_label(self.to_group, lang) if lang == "en" else _group_noun(self.to_group, lang=lang),
                  value=_money(row["value_per_customer"], self.currency, lang),
                  worth=_w(lang, "l_profit" if self.margin_share is not None else "l_revenue"), h=self.horizon_months,
                  conf=_level(self.confidence, lang, plural=True),
                  n_draws=self.n_draws, seed=self.seed)

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The sensitivity table for a report: plain headings, whole amounts."""
        lang = _check_lang(lang, "PurchaseLink.report_table")
        gained = "m_gained_profit" if self.margin_share is not None else "m_gained_revenue"
        return _sensitivity_table(self.table, moved=_w(lang, "m_moved_plain"), gained=_w(lang, gained, cur=self.currency),
                                  from_group=self.from_group, confidence=self.confidence, currency=self.currency,
                                  lang=lang)

    def effects_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The group effects for a report: how many times the group's rates are the reference's."""
        lang = _check_lang(lang, "PurchaseLink.effects_table")
        e = self.effects

        def process(name: str) -> str:
            head, _, rest = name.partition(" ")
            return _w(lang, head) + (" " + rest if rest else "")

        return pd.DataFrame(
            {
                _w(lang, "l_times"): [format_number(x, digits=2, lang=lang) for x in e["multiplier"]],
                _conf(EFFECTS_CONFIDENCE, lang): [format_interval(lo, hi, lang=lang)
                                                  for lo, hi in zip(e["ci_low"], e["ci_high"])],
                _w(lang, "v_p"): [_p_value(p, lang) for p in e["p_value"]],
            },
            index=pd.Index([_w(lang, "l_vs", process=process(p), level=_group_label(str(t).split("[", 1)[-1].rstrip("]"), lang),
                                  ref=_group_label(self.to_group, lang)) for p, t in zip(e["process"], e["term"])],
                           name=_w(lang, "l_rate_group")),
        )

    def __repr__(self) -> str:
        return (f"PurchaseLink({self.model_name}, {self.by}: {self.from_group} -> {self.to_group}, "
                f"{self.n_customers:,} customers; base {self.customer_base:,})\n"
                + _frame_block(self.table.set_index("share_moved"), 0))


def purchase_value_link(
    transactions: pd.DataFrame,
    linked: pd.DataFrame,
    *,
    by: str = "nps_group",
    from_group: Any = "detractor",
    to_group: Any = "passive",
    shares: Sequence[float] = (0.05, 0.10, 0.20, 0.30, 0.50),
    as_of: str | pd.Timestamp,
    model: Literal["pareto_nbd", "bg_nbd"] = "pareto_nbd",
    customer_base: int | None = None,
    weight: str | None = None,
    margin_share: float | None = None,
    discount_rate: float = 0.10,
    horizon_months: int = 60,
    confidence: float = 0.90,
    n_draws: int = 200,
    seed: int = 2026,
    currency: str = DEFAULT_CURRENCY,
    customer_id: str = "customer_id",
) -> PurchaseLink:
    """What moving customers between survey groups is worth when they only buy (no contracts).

    The purchases-only counterpart of :func:`value_of_moving`. The linked respondents'
    purchases up to ``as_of`` are summarised per customer (frequency, recency, age in
    weeks; :func:`cxtools.ltv.rfm.rfm_summary`) and a repeat-buying model is fitted with
    the survey group as a time-invariant covariate of both the purchase and the drop-out
    process (Fader & Hardie 2007), ``to_group`` as the reference level. Moving a customer
    from ``from_group`` to ``to_group`` is worth the change of their expected discounted
    spend over ``horizon_months`` given their own purchase history
    (:func:`cxtools.ltv.covariates.covariate_value_shift`), times ``margin_share`` (or in
    revenue when no share is given). The mean over the respondents in ``from_group`` is
    applied to the group's customers in the base: the group's (weighted) share of the
    respondents times ``customer_base``; the interval comes from draws of the model's
    parameters from their asymptotic normal distribution, so it carries the uncertainty
    of the group effects.

    Parameters
    ----------
    transactions : DataFrame
        ``customer_id``, ``timestamp``, ``amount``; rows with amount <= 0 (refunds,
        zero-value orders) are left out.
    linked : DataFrame
        Linked respondents, one row per customer (:attr:`JoinResult.data`), with ``by``.
    by, from_group, to_group
        The group column and the groups moved out of and into.
    shares : sequence of float
        Shares of ``from_group`` moved, one row each.
    as_of : date-like
        End of the observation window.
    model : {"pareto_nbd", "bg_nbd"}, default "pareto_nbd"
    customer_base : int, optional
        Customers to apply the result to (default: customers with a purchase in
        ``transactions``).
    weight : str, optional
        Survey design weights for the group's share.
    margin_share : float, optional
        Share of spend kept as profit; None for revenue.
    discount_rate : float, default 0.10
        Per year.
    horizon_months : int, default 60
    confidence : float, default 0.90
    n_draws : int, default 200
        Parameter draws for the interval (>= 50).
    seed : int, default 2026
    currency : str, default DEFAULT_CURRENCY
    customer_id : str, default "customer_id"

    Returns
    -------
    PurchaseLink

    Raises
    ------
    CxDataError
        Fewer than 30 linked respondents with purchases, or a group without them.

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2007). Incorporating time-invariant covariates into
    the Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/
    Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers.
    *Management Science*, 33(1), 1-24.

    Examples
    --------
    >>> from cxtools.samples import make_sample_data
    >>> d = make_sample_data(1500, seed=7, dirty=False)
    >>> joined = link_survey_to_customers(d.survey, d.customers, None, as_of="2026-06-30")
    >>> link = purchase_value_link(d.transactions, joined.data, as_of="2026-06-30", n_draws=50,
    ...                            shares=[0.1], margin_share=0.3)
    >>> row = link.table.iloc[0]
    >>> bool(row["ci_low"] <= row["value"] <= row["ci_high"])
    True
    """
    from cxtools.ltv.covariates import BetaGeoCovariateModel, ParetoNBDCovariateModel, covariate_value_shift
    from cxtools.ltv.rfm import rfm_summary

    func = "purchase_value_link"
    check_choice("model", model, ["pareto_nbd", "bg_nbd"], func=func)
    if margin_share is not None:
        margin_share = check_share(margin_share, func=func, name="margin_share")
    check_rate(discount_rate, func=func, name="discount_rate", upper=1)
    horizon_months = check_whole_number(horizon_months, func=func, name="horizon_months")
    n_draws = check_whole_number(n_draws, func=func, name="n_draws", minimum=50)
    confidence = check_confidence(confidence, func=func)
    shares = [check_share(float(s), func=func, name="each share in shares") for s in np.atleast_1d(shares)]
    require_columns(transactions, [customer_id, "timestamp", "amount"], func=func, what="transactions")
    require_columns(linked, [customer_id, by] + ([weight] if weight else []), func=func, what="linked respondents")
    as_of = pd.Timestamp(as_of)
    tx = pd.DataFrame({"customer_id": _clean_ids(transactions[customer_id]).to_numpy(),
                       "timestamp": _dates(transactions["timestamp"]).to_numpy(),
                       "amount": _numeric(transactions, "amount", func, what="transactions").to_numpy()})
    tx = tx[(tx["amount"] > 0) & tx["timestamp"].notna() & (tx["timestamp"] <= as_of) & tx["customer_id"].notna()]
    if customer_base is None:
        customer_base = int(tx["customer_id"].nunique())
    resp = linked.assign(_cid=_clean_ids(linked[customer_id]).to_numpy())
    resp = resp[resp[by].notna()]
    mine = tx[tx["customer_id"].isin(set(resp["_cid"]))]
    if mine.empty:
        raise CxDataError(f"{func}: none of the {len(resp):,} linked respondents has a purchase up to {as_of.date()}")
    rfm = rfm_summary(mine, amount="amount", observation_end=as_of, time_unit="week")
    days = mine.assign(day=mine["timestamp"].dt.normalize()).groupby(["customer_id", "day"])["amount"].sum()
    spend = float(days.mean())
    rows = resp.set_index("_cid")[[by] + ([weight] if weight else [])]
    fit_data = rfm.join(rows, how="inner")
    fit_data[by] = fit_data[by].astype(str)
    n_without = int(len(resp) - len(fit_data))
    if len(fit_data) < 30:
        raise CxDataError(f"{func}: only {len(fit_data)} linked respondents have purchases; at least 30 are needed")
    for label in (from_group, to_group):
        if not (fit_data[by] == str(label)).any():
            raise CxDataError(f"{func}: no linked respondent with purchases is in group {label!r} of {by!r}")
    cls = ParetoNBDCovariateModel if model == "pareto_nbd" else BetaGeoCovariateModel
    fitted = cls(time_unit="week").fit(fit_data, covariates=[by], reference={by: str(to_group)})
    margin = margin_share if margin_share is not None else 1.0
    shift = covariate_value_shift(fitted, fit_data, covariate=by, from_level=str(from_group), to_level=str(to_group),
                                  spend=spend, horizon=float(horizon_months), time_unit="month", margin=margin,
                                  discount_rate=discount_rate, discount_period="year", confidence=confidence,
                                  n_draws=n_draws, seed=seed)
    w = fit_data[weight].astype(float) if weight else pd.Series(1.0, index=fit_data.index)
    in_from = customer_base * float(w[fit_data[by] == str(from_group)].sum() / w.sum())
    per, lo, hi = shift.per_customer, shift.lower / shift.n_customers, shift.upper / shift.n_customers
    table = pd.DataFrame([{"share_moved": s, "customers_moved": s * in_from, "value_per_customer": per,
                           "value": s * in_from * per, "ci_low": s * in_from * lo, "ci_high": s * in_from * hi}
                          for s in shares])
    # the group effects' intervals at the level of their tests (two-sided 5 %), not the money interval's
    summ = fitted.summary(confidence=EFFECTS_CONFIDENCE)
    pct = f"{EFFECTS_CONFIDENCE:.0%}"
    coef = summ[summ["p_value"].notna()]
    process = [("purchase" if str(k).startswith("purchase") else "drop-out" + (" " + str(k).split(":")[0].split()[-1]
                if str(k).startswith("dropout ") and model == "bg_nbd" else "")) for k in coef.index]
    effects = pd.DataFrame({
        "process": process,
        "term": [str(k).split(": ", 1)[1] for k in coef.index],
        "multiplier": coef["multiplier"].to_numpy(),
        "ci_low": np.exp(coef[f"lower_{pct}"].to_numpy()),
        "ci_high": np.exp(coef[f"upper_{pct}"].to_numpy()),
        "p_value": coef["p_value"].to_numpy(),
    })
    return PurchaseLink(effects=effects, table=table, by=by, from_group=from_group, to_group=to_group,
                        model_name="Pareto/NBD" if model == "pareto_nbd" else "BG/NBD", n_customers=len(fit_data),
                        n_without_purchases=n_without, customers_in_from_group=in_from,
                        customer_base=int(customer_base), spend_per_purchase=spend, margin_share=margin_share,
                        horizon_months=horizon_months, discount_rate=float(discount_rate), confidence=confidence,
                        n_draws=n_draws, seed=int(seed), currency=currency)


def _purchase_sentences(link: PurchaseLink, *, share_moved: float | None, alpha: float, lang: str = "en") -> list[str]:
    """Plain sentences of a :class:`PurchaseLink`: group effects (claims only where significant) and money."""
    out = []
    src, ref = _group_noun(link.from_group, lang=lang), _group_noun(link.to_group, lang=lang)
    names = dict(Src=src[:1].upper() + src[1:], src=src, ref=ref)
    for process, key in (("purchase", "p_purchase"), ("drop-out", "p_dropout")):
        try:
            row = link.effect(process)
        except CxParameterError:
            continue
        interval = (f"{_interval_of(row['ci_low'], row['ci_high'], EFFECTS_CONFIDENCE, lang)}, "
                    f"{_p(float(row['p_value']), lang)}")
        m = format_number(float(row["multiplier"]), digits=2, lang=lang)
        out.append(_w(lang, key if _significant(row, alpha) else f"{key}_no", times=_w(lang, "times1", x=m), x=m,
                      interval=interval, **names))
    if share_moved is not None:
        row = _share_row(link.table, share_moved, "purchase_value_link", "purchase_value_link")
        zero = row["ci_low"] <= 0 <= row["ci_high"]
        cur = link.currency
        out.append(_w(lang, "p_moving", share=format_percent(share_moved, lang=lang), src=src, ref=ref,
                      n=format_number(row["customers_moved"], lang=lang),
                      base=format_number(link.customer_base, lang=lang),
                      worth=_w(lang, "p_profit" if link.margin_share is not None else "p_revenue"),
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
    >>> from cxtools.samples import make_sample_data
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
