"""What a reader sees of the survey analysis: stakeholder tables, item names and the findings.

Headers, cells and sentences in the report language, through the gettext catalogue
(``cxtools/locale/<lang>/LC_MESSAGES``); the numbers come from :mod:`cxtools.survey`.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

import pandas as pd

from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import N_, check_lang, gettext, ngettext, npgettext, pgettext
from cxtools.core.results import Findings
from cxtools.core.wording import format_interval, format_number, format_percent
from cxtools.survey._common import _heading, _p_cell, _p_words, _result_of, words
from cxtools.survey.drivers import RelativeWeights, _driver_name
from cxtools.narrative.markdown import field
from cxtools.survey.labels import item_labels
from cxtools.survey.metrics import _share, headline_metrics
from cxtools.survey.nps import NPS_CATEGORIES, NPSDifference, NPSTrendSlope, nps_category
from cxtools.survey.reliability import CronbachAlpha

__all__ = ["nps_category_labels", "role_labels", "report_table", "headline_table", "findings"]


#: What this module says to a reader (English message ids; translations in the catalogue).
_WORDS: dict[str, str] = {
    "interval": N_("{level} interval"),
    "no": N_("no"),
    "yes_star": N_("yes *"),
    "significant": N_("Significant"),
    "comparison": N_("Comparison"),
    "vs": N_("{b} vs {a}"),
    "nps_points": N_("NPS (points)"),
    "difference": N_("Difference (points)"),
    "answers": N_("Answers"),
    "effective": N_("Effective answers"),
    "promoters": N_("Promoters"),
    "detractors": N_("Detractors"),
    "p_value": N_("p-value"),
    "p_holm": N_("p-value (Holm)"),
    "wave": N_("Wave"),
    "change": N_("Change from the previous wave"),
    "change_sig": N_("Significant change"),
    "item": N_("Item"),
    "scale": N_("Scale"),
    "average": N_("Average"),
    "average_on": N_("Average ({low}-{high})"),
    "top2": N_("Two highest answers"),
    "bottom2": N_("Two lowest answers"),
    "agree": N_("Agree (two highest answers)"),
    "disagree": N_("Disagree (two lowest answers)"),
    "measure": N_("Measure"),
    "estimate": N_("Estimate"),
    "h_nps": N_("Net Promoter Score (points, -100 to 100)"),
    "h_satisfaction": N_("Overall satisfaction (average, {low}-{high})"),
    "h_csat": N_("CSAT: satisfied, answers {box} of {low}-{high}"),
    "h_ces": N_("CES: found it easy, answers {box} of {low}-{high}"),
}


def _words(lang: str, func: str) -> dict[str, str]:
    """The texts of this module in ``lang``."""
    return words(_WORDS, lang, func)


#: The sentences of :func:`findings` ({...} filled in from the results; translations in the catalogue).
_FINDINGS_WORDS: dict[str, str] = {
    "nps": N_("- **Overall NPS** is {nps} ({level} CI {ci}) {points} from {answers}"),
    "satisfied": N_("are satisfied with their last interaction"),
    "easy": N_("found it easy"),
    "and": N_(" and "),
    "box": N_("- **{kind}:** {share} ({level} CI {ci}) {what}, from {answers}."),
    "satisfaction": N_("- **Overall satisfaction** averages {mean}{on} ({level} CI {ci}) from {answers}."),
    "on": N_(" on {low}-{high}"),
    "segments": N_(
        "- **Segments:** {best} scores {best_nps}, {worst} {worst_nps}; the largest gap ({gap}) "
        "{verdict} (Holm-adjusted {p})."
    ),
    "significant": N_("is statistically significant"),
    "noise": N_("could be sampling noise"),
    "trend": N_("- **Trend:** the NPS moves by {slope} points per wave ({level} CI {ci}); {verdict}"),
    "rise": N_("a real improvement"),
    "decline": N_("a real decline"),
    "no_trend": N_("no clear trend"),
    "first_last": N_(". From {a} to {b} it changed by {diff} ({p})"),
    "some_changes": N_(", while only {k} of the {m} wave-to-wave changes are significant on its own"),
    "no_change": N_(", while none of the {m} wave-to-wave changes is significant on its own"),
    "steady": N_(": a steady movement rather than a single jump."),
    "weighting": N_("- **Weighting:** raking to the customer base's mix moves the NPS by {effect} points, "),
    "small_shift": N_("well inside its interval, so the result does not hinge on the weighting."),
    "large_shift": N_("a noticeable shift: report both."),
    "reliability": N_("- **Scale of {items}:** Cronbach's alpha {alpha} ({level} CI {ci}) "),
    "reliable": N_("- the items can be averaged into one score."),
    "unreliable": N_("- too low to average the items into one score."),
    "drivers": N_(
        "- **Drivers:** the ratings explain {r2} of the variation in {outcome}. The biggest driver is "
        "{top} ({share} of the explained part)"
    ),
    "clearly_ahead": N_(", clearly ahead of {second} ({share}). "),
    "not_clearly_ahead": N_(", not clearly ahead of {second} ({share}); {attributes} about equally important. "),
}

#: How a report names a survey item by its role, where the column name would be a word of another language.
_ROLE_WORDS: dict[str, str] = {
    "overall_satisfaction": N_("overall satisfaction"),
    "recommend": N_("likelihood to recommend (NPS)"),
    "csat": N_("CSAT"),
    "ces": N_("CES"),
    "attributes": N_("rating: {name}"),
    "importance": N_("importance: {name}"),
    "likert": N_("statement {name}"),
}


def _count_of(shown: str) -> int:
    """The whole number a formatted number shows (``"+1,200"`` -> 1200), for the plural form that agrees with it."""
    digits = re.sub(r"\D", "", shown)
    return int(digits) if digits else 0


def nps_category_labels(scores: pd.Series, *, lang: str = "en") -> pd.Series:
    """The NPS group of each 0-10 answer named in ``lang``: :func:`cxtools.survey.nps_category` for a reader.

    Returns
    -------
    Series
        Ordered categorical (detractors, passives, promoters in that order), same index and name
        as ``scores``.

    Examples
    --------
    >>> import pandas as pd
    >>> nps_category_labels(pd.Series([3, 8, 10])).tolist()
    ['detractor', 'passive', 'promoter']
    """
    check_lang(lang, "nps_category_labels")
    categories = nps_category(scores)
    names = {"detractor": pgettext("NPS group", "detractor", lang), "passive": pgettext("NPS group", "passive", lang),
             "promoter": pgettext("NPS group", "promoter", lang)}
    return categories.cat.rename_categories([names[c] for c in NPS_CATEGORIES])


def role_labels(roles: Any, columns: Sequence[str], *, lang: str = "en") -> dict[str, str]:
    """Readable names of survey items in the report language, from their roles in the data description.

    In English every item is named as :func:`~cxtools.survey.item_labels` names it (the column
    in words). In another language an item with a role is named by the role, translated
    ("overall satisfaction", "rating: price" for an attribute rating, "importance: price" for its
    importance), a Likert item whose column name ends in a number by "statement" and that
    number; names from the data (attributes, other columns) stay as they are.

    Parameters
    ----------
    roles : SurveyRoles
        ``load_description(...).survey``.
    columns : sequence of str
        The items to name.
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    dict of {column: text}

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> roles = SimpleNamespace(overall_satisfaction="overall", recommend="nps", csat=None, ces=None,
    ...                         attributes=("rating_*",), importance=("importance_*",), likert=("loyalty_2",))
    >>> names = role_labels(roles, ["overall", "rating_price", "loyalty_2", "other_item"], lang="ru")
    >>> names["rating_price"].endswith(": price"), names["loyalty_2"].endswith(" 2"), names["other_item"]
    (True, True, 'other item')
    >>> role_labels(roles, ["overall", "rating_price"])
    {'overall': 'overall', 'rating_price': 'rating price'}
    """
    check_lang(lang, "role_labels")
    out = item_labels(columns)
    if lang == "en":  # English names an item by its column, in words
        return out
    words = {role: gettext(text, lang) for role, text in _ROLE_WORDS.items()}
    single = {getattr(roles, role, None): role for role in ("overall_satisfaction", "recommend")}
    for role in ("csat", "ces"):
        box = getattr(roles, role, None)
        single[getattr(box, "item", None)] = role
    for col in columns:
        if col in single and col is not None:
            out[col] = words[single[col]]
            continue
        for role in ("attributes", "importance", "likert"):
            patterns = tuple(getattr(roles, role, ()) or ())
            prefixes = [q[:-1] for q in patterns if q.endswith("*") and str(col).startswith(q[:-1])]
            if prefixes or col in patterns:
                name = str(col)[len(max(prefixes, key=len)):] if prefixes else str(col)
                name = name.replace("_", " ").strip() or str(col).replace("_", " ")
                if role == "likert":  # a statement numbered in its column name is named by its number
                    number = re.fullmatch(r"(?:.*\D)?(\d+)", name)
                    out[col] = words[role].format(name=number.group(1)) if number else name
                else:
                    out[col] = words[role].format(name=name)
                break
    return out


def report_table(
    result: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    scales: tuple[int, int] | Mapping[str, tuple[int, int]] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The stakeholder table of a survey result that is a DataFrame, plain headers in ``lang``.

    Numbers are formatted for reading (thousands separators, one style of percentages, the
    report language's decimal mark); the index is a plain 0..n one, to be hidden when shown.

    Parameters
    ----------
    result : DataFrame
        From :func:`nps` with ``by=`` (one row per group), :func:`nps_pairwise`,
        :func:`nps_trend` (without ``by``) or :func:`likert_summary`.
    labels : dict of {item column: text}, optional
        Readable item names (:func:`likert_summary` only).
    scales : (int, int) or dict of {item column: (int, int)}, optional
        :func:`likert_summary` only. One scale for agreement items (headers "Agree" and
        "Disagree"), or each item's own scale (a "Scale" column).
    lang : {"en", "ru"}, default "en"
        Language of headers and words in the cells.

    Returns
    -------
    DataFrame

    Raises
    ------
    CxParameterError
        If ``result`` is none of the results above.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.survey import nps, nps_pairwise
    >>> df = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 3, 10, 6] * 5, "segment": list("AAAABBBB") * 5})
    >>> report_table(nps_pairwise(df, by="segment")).columns.tolist()
    ['Comparison', 'Difference (points)', '95% interval', 'p-value', 'p-value (Holm)', 'Significant']
    >>> report_table(nps(df, by="segment"))["NPS (points)"].tolist()
    ['25.0', '-25.0']
    """
    w = _words(lang, "report_table")
    if not isinstance(result, pd.DataFrame):
        raise CxParameterError(f"report_table: expected a DataFrame result of the survey functions, got "
                               f"{type(result).__name__}")

    def interval(frame: pd.DataFrame, low: str, high: str, **kw) -> list[str]:
        return [format_interval(a, b, lang=lang, **kw) for a, b in zip(frame[low], frame[high])]

    def header(level: float) -> str:
        return w["interval"].format(level=format_percent(level, lang=lang))

    def number(x: float, **kw) -> str:
        return format_number(x, lang=lang, **kw)

    def percent(x: float) -> str:
        return format_percent(x, lang=lang)

    level = result.attrs.get("confidence", 0.95)
    kind = result.attrs.get("cxtools")
    if {"group_a", "group_b", "p_adjusted"} <= set(result.columns):
        return pd.DataFrame({
            w["comparison"]: [w["vs"].format(b=b, a=a) for a, b in zip(result["group_a"], result["group_b"])],
            w["difference"]: [number(d, digits=1, signed=True) for d in result["difference"]],
            header(level): interval(result, "ci_low", "ci_high", digits=1),
            w["p_value"]: [_p_cell(p, lang) for p in result["p_value"]],
            w["p_holm"]: [_p_cell(p, lang) for p in result["p_adjusted"]],
            w["significant"]: [w["yes_star" if s else "no"] for s in result["significant"]],
        })
    if kind == "nps_trend":
        wave = result.attrs["wave"]
        return pd.DataFrame({
            w["wave"]: result[wave].astype(str).to_numpy(),
            w["answers"]: [number(n) for n in result["n"]],
            w["nps_points"]: [number(x, digits=1) for x in result["nps"]],
            header(level): interval(result, "ci_low", "ci_high", digits=1),
            w["change"]: ["-" if pd.isna(c) else number(c, digits=1, signed=True) for c in result["change"]],
            w["p_value"]: ["-" if pd.isna(p) else _p_cell(p, lang) for p in result["change_p_value"]],
            w["change_sig"]: [w["yes_star"] if p < 1 - level else "" for p in result["change_p_value"].fillna(1)],
        })
    if kind == "nps":
        by_cols = result.attrs["by"]
        groups = {_heading(c, lang): result[c].astype(str).to_numpy() for c in by_cols}
        return pd.DataFrame({
            **groups,
            w["answers"]: [number(n) for n in result["n"]],
            w["effective"]: [number(n) for n in result["n_eff"]],
            w["promoters"]: [percent(x) for x in result["promoter_share"]],
            w["detractors"]: [percent(x) for x in result["detractor_share"]],
            w["nps_points"]: [number(x, digits=1) for x in result["nps"]],
            header(level): interval(result, "ci_low", "ci_high", digits=1),
        })
    if {"item", "mean", "top_box_share", "bottom_box_share"} <= set(result.columns):
        items = result["item"]
        table = {w["item"]: [(labels or {}).get(i, i) for i in items]}
        one_scale = scales is not None and not isinstance(scales, Mapping)
        if scales is not None and not one_scale:
            dash = "–" if lang == "ru" else "-"
            table[w["scale"]] = [f"{scales[i][0]}{dash}{scales[i][1]}" for i in items]  # type: ignore[index]  # a mapping here
        table[w["answers"]] = [number(n) for n in result["n"]]
        average = (w["average_on"].format(low=scales[0], high=scales[1]) if one_scale else w["average"])  # type: ignore[index]  # one pair here
        table[average] = [number(x, digits=2) for x in result["mean"]]
        table[header(level)] = interval(result, "mean_ci_low", "mean_ci_high")
        table[w["agree" if one_scale else "top2"]] = [percent(x) for x in result["top_box_share"]]
        table[w["disagree" if one_scale else "bottom2"]] = [percent(x) for x in result["bottom_box_share"]]
        return pd.DataFrame(table)
    raise CxParameterError("report_table: expected the result of nps(..., by=...), nps_pairwise, nps_trend or "
                           f"likert_summary, got a DataFrame with columns {list(result.columns)[:8]}")


def headline_table(
    nps_overall: pd.DataFrame | None = None,
    *,
    satisfaction: pd.DataFrame | None = None,
    satisfaction_scale: tuple[int, int] | None = None,
    csat: pd.DataFrame | None = None,
    csat_answers: tuple[tuple[int, int], Sequence[int]] | None = None,
    ces: pd.DataFrame | None = None,
    ces_answers: tuple[tuple[int, int], Sequence[int]] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The headline measures in one stakeholder table: measure, answers, estimate, interval.

    Parameters
    ----------
    nps_overall : DataFrame, optional
        :func:`nps` without ``by``.
    satisfaction : DataFrame, optional
        :func:`likert_summary` of the overall-satisfaction item alone, on ``satisfaction_scale``.
    csat, ces : DataFrame, optional
        :func:`csat` and :func:`ces` without ``by``; ``csat_answers`` and ``ces_answers`` are
        (scale, answers counted) for the row's name, e.g. ``((1, 5), (4, 5))``.
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    DataFrame
        One row per measure given (none given: no rows).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.survey import csat, nps
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5})
    >>> headline_table(nps(df), csat=csat(df), csat_answers=((1, 5), (4, 5))).iloc[:, 0].tolist()
    ['Net Promoter Score (points, -100 to 100)', 'CSAT: satisfied, answers 4-5 of 1-5']
    """
    w = _words(lang, "headline_table")
    dash = "–" if lang == "ru" else "-"

    def box(answers: tuple[tuple[int, int], Sequence[int]] | None, key: str) -> str:
        (low, high), levels = answers if answers is not None else ((None, None), ())
        levels = list(levels)
        text = dash.join(map(str, levels[::len(levels) - 1 or 1]))
        return w[key].format(box=text, low=low, high=high)

    rows = []
    if nps_overall is not None:
        r = nps_overall.iloc[0]
        rows.append((w["h_nps"], r["n"], format_number(r["nps"], digits=1, lang=lang),
                     format_interval(r["ci_low"], r["ci_high"], digits=1, lang=lang)))
    if satisfaction is not None:
        r = satisfaction.iloc[0]
        low, high = satisfaction_scale if satisfaction_scale else ("?", "?")
        rows.append((w["h_satisfaction"].format(low=low, high=high), r["n"],
                     format_number(r["mean"], digits=2, lang=lang),
                     format_interval(r["mean_ci_low"], r["mean_ci_high"], lang=lang)))
    for frame, answers, key, col in ((csat, csat_answers, "h_csat", "top_box"), (ces, ces_answers, "h_ces", "easy")):
        if frame is not None:
            r = frame.iloc[0]
            rows.append((box(answers, key), r["n"], format_percent(r[f"{col}_share"], lang=lang),
                         format_interval(r[f"{col}_ci_low"], r[f"{col}_ci_high"], digits=0, percent=True, lang=lang)))
    level = next((f.attrs.get("confidence") for f in (nps_overall, satisfaction, csat, ces)
                  if f is not None and "confidence" in f.attrs), 0.95)
    return pd.DataFrame([(what, format_number(n, lang=lang), est, ci) for what, n, est, ci in rows],
                        columns=[w["measure"], w["answers"], w["estimate"],
                                 w["interval"].format(level=format_percent(level, lang=lang))])


def findings(
    nps_overall: pd.DataFrame | None = None,
    *,
    satisfaction: pd.DataFrame | None = None,
    satisfaction_scale: tuple[int, int] | None = None,
    csat: pd.DataFrame | None = None,
    ces: pd.DataFrame | None = None,
    nps_by_segment: pd.DataFrame | None = None,
    segment_tests: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    slope: NPSTrendSlope | None = None,
    first_last: NPSDifference | None = None,
    raking_effect: float | None = None,
    reliability: CronbachAlpha | None = None,
    drivers: RelativeWeights | None = None,
    driver_means: pd.Series | None = None,
    labels: Mapping[str, str] | None = None,
    scale_top: float = 5,
    lang: str = "en",
) -> Findings:
    """What customers say, in plain words, written from the survey results.

    Each section appears only when its results are given, and a metric that could not be
    computed (no CES item, say) is left out rather than written as "nan%".

    Parameters
    ----------
    nps_overall : DataFrame, optional
        :func:`nps` without ``by`` (one row); None when the survey has no 0-10
        likelihood-to-recommend item.
    satisfaction : DataFrame, optional
        :func:`likert_summary` of the overall-satisfaction item alone (one row).
    satisfaction_scale : (int, int), optional
        The answer scale of that item, for "average 7.4 on 1-10".
    csat, ces : DataFrame, optional
        :func:`csat` and :func:`ces` without ``by``.
    nps_by_segment, segment_tests : DataFrame, optional
        :func:`nps` by one segment column and :func:`nps_pairwise` on the same column.
    trend, slope, first_last : optional
        :func:`nps_trend`, :func:`nps_trend_slope`, and :func:`nps_difference` of the
        first against the last wave.
    raking_effect : float, optional
        How many points raking moved the NPS (None: not checked).
    reliability : CronbachAlpha, optional
        Of the loyalty (or any multi-item) scale.
    drivers : RelativeWeights, optional
        The key-driver analysis.
    driver_means : Series, optional
        Average rating per driver column, to name the leading driver with the most room
        to improve.
    labels : dict of {column: text}, optional
        Readable driver names (default: the column name in words).
    scale_top : float, default 5
        Top of the driver rating scale, for "average 3.2 of 5".
    lang : {"en", "ru"}, default "en"
        Language of the sentences (numbers, percentages and intervals in its format).

    Returns
    -------
    Findings
        Sections ``"headline"``, ``"segments"``, ``"trend"``, ``"weighting"``,
        ``"reliability"``, ``"drivers"`` (those given) and the headline ``metrics``:
        shares as fractions (``{"value": 0.62, "unit": "fraction"}``) and p-values as
        numbers (``{"value": 0.004, "unit": "p-value"}``), see :func:`cxtools.survey.headline_metrics`.

    Raises
    ------
    CxParameterError
        If ``nps_overall`` is not one row of :func:`nps`, or neither it nor
        ``satisfaction``, ``csat`` or ``ces`` is given.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372 (what the intervals and tests behind the words mean).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.survey import csat, nps
    >>> df = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5})
    >>> f = findings(nps(df), csat=csat(df))
    >>> f["headline"]
    '- **Overall NPS** is 25 (95% CI -1 to 51) points from 40 answers; 62% are satisfied with their last interaction.'
    >>> f.metrics["csat_top_box"]
    {'value': 0.625, 'unit': 'fraction'}
    >>> "ces_easy" in f.metrics
    False
    >>> findings(csat=csat(df))["headline"]
    '- **CSAT:** 62% (95% CI 47% to 76%) are satisfied with their last interaction, from 40 answers.'
    >>> "62\xa0%" in findings(csat=csat(df), lang="ru")["headline"]  # in the Russian format
    True
    """
    if nps_overall is not None and (not _result_of(nps_overall, "nps", "findings") or len(nps_overall) != 1):
        raise CxParameterError("findings: nps_overall must be the result of nps(...) without by=")
    if nps_overall is None and satisfaction is None and csat is None and ces is None:
        raise CxParameterError("findings: give at least one headline result: nps_overall, satisfaction, csat or ces")
    check_lang(lang, "findings")

    def name(column: Any) -> str:  # a column of the data, escaped for the Markdown of the findings
        return field((labels or {}).get(column, _driver_name(column)))

    words = {key: gettext(text, lang) for key, text in _FINDINGS_WORDS.items()}

    def num(x: float, **kw) -> str:
        return format_number(x, lang=lang, **kw)

    def pct(x: float, **kw) -> str:
        return format_percent(x, lang=lang, **kw)

    def between(low: float, high: float, **kw) -> str:
        return format_interval(low, high, lang=lang, **kw)

    def p_words(p: float) -> str:
        return _p_words(p, lang)

    def from_answers(n: float) -> str:  # "from 1,200 answers" (Russian takes the dative case here)
        return npgettext("from N answers", "{n} answer", "{n} answers", int(n), lang).format(n=num(n))

    def points(shown: str) -> str:  # "20 points", "+36 points": a whole number of NPS points, shown
        return npgettext("N NPS points", "{n} point", "{n} points", _count_of(shown), lang).format(n=shown)

    def of_items(k: int) -> str:  # "a scale of 3 items" (Russian takes the genitive case here)
        return npgettext("of N items", "{n} item", "{n} items", k, lang).format(n=num(k))

    sections: dict[str, str] = {}
    lines = []
    satisfied, easy = _share(csat, "top_box_share"), _share(ces, "easy_share")
    if nps_overall is not None:
        overall = nps_overall.iloc[0]
        shown = num(overall["nps"])
        text = words["nps"].format(nps=shown, level=pct(nps_overall.attrs["confidence"]),
                                   ci=between(overall["ci_low"], overall["ci_high"], digits=0),
                                   points=npgettext("the NPS is 12 points", "point", "points", _count_of(shown), lang),
                                   answers=from_answers(overall["n"]))
        extra = []
        if satisfied is not None:
            extra.append(f"{pct(satisfied)} {words['satisfied']}")
        if easy is not None:
            extra.append(f"{pct(easy)} {words['easy']}")
        lines.append(text + ("; " + words["and"].join(extra) if extra else "") + ".")
    else:
        for frame, value, kind, col in ((csat, satisfied, "CSAT", "top_box"), (ces, easy, "CES", "easy")):
            if value is None:
                continue
            row = frame.iloc[0]  # type: ignore[union-attr]  # a value comes with its table
            lines.append(words["box"].format(
                kind=kind, share=pct(value), level=pct(frame.attrs.get("confidence", 0.95)),  # type: ignore[union-attr]
                ci=between(row[f"{col}_ci_low"], row[f"{col}_ci_high"], digits=0, percent=True),
                what=words["satisfied" if kind == "CSAT" else "easy"], answers=from_answers(row["n"])))
    mean_sat = _share(satisfaction, "mean")
    if mean_sat is not None:
        row = satisfaction.iloc[0]  # type: ignore[union-attr]  # a mean comes with its table
        on = words["on"].format(low=satisfaction_scale[0], high=satisfaction_scale[1]) if satisfaction_scale else ""
        lines.append(words["satisfaction"].format(
            mean=num(mean_sat, digits=2), on=on, level=pct(satisfaction.attrs.get("confidence", 0.95)),  # type: ignore[union-attr]
            ci=between(row["mean_ci_low"], row["mean_ci_high"], digits=2), answers=from_answers(row["n"])))
    if not lines:
        raise CxParameterError("findings: the headline results hold no answers (every item was empty)")
    sections["headline"] = "\n".join(lines)

    if nps_by_segment is not None and segment_tests is not None and len(segment_tests):
        segment = nps_by_segment.attrs["by"][0]
        best = nps_by_segment.loc[nps_by_segment["nps"].idxmax()]
        worst = nps_by_segment.loc[nps_by_segment["nps"].idxmin()]
        gap = segment_tests.loc[segment_tests["p_adjusted"].idxmin()]
        sections["segments"] = words["segments"].format(
            best=field(best[segment]), best_nps=num(best["nps"]), worst=field(worst[segment]), worst_nps=num(worst["nps"]),
            gap=points(num(abs(gap["difference"]))), verdict=words["significant" if gap["significant"] else "noise"],
            p=p_words(gap["p_adjusted"]))

    if slope is not None:
        verdict = (words["rise" if slope.slope > 0 else "decline"] if slope.significant else words["no_trend"])
        text = words["trend"].format(slope=num(slope.slope, digits=1, signed=True), level=pct(slope.confidence),
                                     ci=between(slope.ci_low, slope.ci_high, digits=1), verdict=verdict)
        if first_last is not None:
            text += words["first_last"].format(a=field(first_last.group_a), b=field(first_last.group_b),
                                               diff=points(num(first_last.difference, signed=True)),
                                               p=p_words(first_last.p_value))
        if trend is not None:
            n_sig = int((trend["change_p_value"] < 1 - trend.attrs["confidence"]).sum())
            n_changes = int(trend["change"].notna().sum())
            text += (words["some_changes" if n_sig else "no_change"].format(k=n_sig, m=n_changes)
                     + (words["steady"] if slope.significant else "."))
        else:
            text += "."
        sections["trend"] = text

    if raking_effect is not None and nps_overall is not None:
        small = abs(raking_effect) < (overall["ci_high"] - overall["ci_low"]) / 4
        sections["weighting"] = (words["weighting"].format(effect=num(raking_effect, digits=1, signed=True))
                                 + words["small_shift" if small else "large_shift"])

    if reliability is not None:
        sections["reliability"] = (
            words["reliability"].format(items=of_items(reliability.n_items), alpha=num(reliability.alpha, digits=2),
                                        level=pct(reliability.confidence),
                                        ci=between(reliability.ci_low, reliability.ci_high, digits=2))
            + words["reliable" if reliability.ci_low >= 0.7 else "unreliable"])

    if drivers is not None:
        t = drivers.table
        top = t.iloc[0]
        leaders = drivers.leaders()
        text = words["drivers"].format(r2=pct(drivers.r_squared), outcome=name(drivers.outcome),
                                       top=name(top["driver"]), share=pct(top["share"] / 100))
        if len(t) > 1:
            runner_up = t.iloc[1]
            clear = bool(top["share_ci_low"] > runner_up["share_ci_high"])  # False without intervals
            text += words["clearly_ahead" if clear else "not_clearly_ahead"].format(
                second=name(runner_up["driver"]), share=pct(runner_up["share"] / 100),
                attributes=ngettext("{n} attribute is", "{n} attributes are", len(leaders), lang).format(
                    n=num(len(leaders))))
        else:
            text += ". "
        if driver_means is not None:
            means = pd.Series(driver_means).reindex(leaders)
            weakest = means.idxmin()
            room = ngettext("Of the leading driver, {weakest} has the lowest average rating ({mean} of {top}): the "
                            "most room to improve where it matters.",
                            "Of the leading drivers, {weakest} has the lowest average rating ({mean} of {top}): the "
                            "most room to improve where it matters.", len(leaders), lang)
            text += room.format(weakest=name(weakest), mean=num(means[weakest], digits=2),
                                         top=num(scale_top, digits=0 if float(scale_top).is_integer() else 1))
        sections["drivers"] = text.rstrip()
    metrics = headline_metrics(nps_overall, satisfaction=satisfaction, csat=csat, ces=ces,
                               nps_by_segment=nps_by_segment, segment_tests=segment_tests, slope=slope,
                               reliability=reliability, drivers=drivers)
    return Findings(sections=sections, metrics=metrics)
