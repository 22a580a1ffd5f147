"""Hygiene factors and motivators in words: findings, key findings, action lists and report tables.

Everything a person reads about the results of :mod:`cxtools.factors`:

- :func:`findings` -- the findings of a study, section by section, with the headline metrics;
- :func:`key_findings` -- three to six sentences with their uncertainty;
- :func:`action_plan` -- the positive-zone action list, grouped by priority;
- :func:`zone_actions` -- one plain sentence per attribute below the zone;
- :func:`report_table` -- a result's stakeholder table (plain headers, intervals as text);
- :func:`localise_table` -- such a table's headers and categorical cells in another language;
- :func:`describe` -- one plain English sentence about a result.

The words are English message ids looked up in the gettext catalogues
(:mod:`cxtools.core.i18n`, ``locale/ru/LC_MESSAGES/factors.po``); numbers go through
:mod:`cxtools.core.wording`. Attribute names stay as in the data.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import check_choice
from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import gettext, ngettext, pgettext
from cxtools.core.results import Findings
from cxtools.core import wording
from cxtools.core.wording import format_interval, format_number, format_p_value, format_percent
from cxtools.factors import (
    CriticalIncidentsResult,
    FongTest,
    ImpactAsymmetryResult,
    ImportancePerformanceResult,
    KanoResult,
    PenaltyRewardResult,
    PositiveZoneResult,
)
from cxtools.factors._common import _display as _plain_name
from cxtools.factors._common import _names_by
from cxtools.narrative.markdown import field
from cxtools.plots.factors import short_number

__all__ = ["findings", "key_findings", "action_plan", "zone_actions", "report_table", "localise_table", "describe"]

_LANGS = ["en", "ru"]


def _display(name: Any) -> str:
    """An attribute or category name from the data as it goes into a sentence: readable and escaped
    (tables show :func:`_plain_name` and escape it themselves)."""
    return field(_plain_name(name))


def join_names(names: Iterable[Any], *, lang: str = "en", empty: str | None = None) -> str:
    """:func:`cxtools.core.wording.join_names` of names from the data, each escaped for Markdown."""
    return wording.join_names([field(str(n).replace("_", " ")) for n in names], lang=lang, empty=empty)


def _interval(low: pd.Series, high: pd.Series, digits: int = 2) -> list[str]:
    return [format_interval(a, b, digits=digits) for a, b in zip(low, high)]


def _p_text(p: pd.Series) -> list[str]:
    return [format_p_value(v) for v in p]


def _kano_agreement(prca: PenaltyRewardResult, kano: KanoResult) -> pd.DataFrame:
    """The attributes both the survey and the Kano questionnaire classify: ``attribute``,
    ``factor_survey`` and ``factor_kano``."""
    return prca.table[["attribute", "factor"]].merge(kano.table[["attribute", "factor"]], on="attribute",
                                                      suffixes=("_survey", "_kano"), how="inner")


# ------------------------------------------------------------------------ report tables

#: Category and factor type in one phrase, for tables a stakeholder reads.
_TYPE_TEXT = {
    "basic": "basic (hygiene factor)",
    "performance": "performance factor",
    "excitement": "excitement (motivator)",
    "no clear effect": "no clear effect",
    "contradicts the model": "not classified: a significant effect has the wrong sign",
}


def _report_penalty_reward(result: PenaltyRewardResult) -> pd.DataFrame:
    t = result.table
    level = f"{1 - result.alpha:.0%}"
    return pd.DataFrame(
        {
            "Attribute": [_plain_name(a) for a in t["attribute"]],
            "Rated poorly (n)": t["n_low"],
            "Rated well (n)": t["n_high"],
            "Penalty (points lost)": t["penalty"].round(2),
            f"Penalty {level} CI": _interval(t["penalty_ci_low"], t["penalty_ci_high"]),
            "Reward (points gained)": t["reward"].round(2),
            f"Reward {level} CI": _interval(t["reward_ci_low"], t["reward_ci_high"]),
            "Penalty differs from reward: p (Holm)": _p_text(t["asymmetry_p_adjusted"]),
            "Largest VIF": t[["vif_low", "vif_high"]].max(axis=1).round(1),
            "Type": [_TYPE_TEXT[c] for c in t["category"]],
        }
    )


def _report_impact_asymmetry(result: ImpactAsymmetryResult) -> pd.DataFrame:
    t = result.table
    words = {"dissatisfier": "dissatisfier (hygiene factor)", "satisfier": "satisfier (motivator)",
             "hybrid": "hybrid (performance factor)"}
    return pd.DataFrame(
        {
            "Attribute": [_plain_name(a) for a in t["attribute"]],
            "Penalty (points lost)": t["penalty"].round(2),
            "Reward (points gained)": t["reward"].round(2),
            "Impact asymmetry (-1 to +1)": t["impact_asymmetry"].round(2),
            f"{result.confidence:.0%} bootstrap interval": _interval(t["ci_low"], t["ci_high"]),
            "Reading": [words.get(c, c) for c in t["category"]],
        }
    )


def _report_fong(result: FongTest) -> pd.DataFrame:
    return pd.DataFrame({
        "Leading category": [f"{result.first} ({result.count_first})"],
        "Runner-up": [f"{result.second} ({result.count_second})"],
        "Answers": [result.n],
        "Critical difference": [round(result.critical_difference, 2)],
        "Clearly ahead": ["yes" if result.significant else "no"],
    })


def _report_kano(result: KanoResult) -> pd.DataFrame:
    t = result.table
    names = {"A": "attractive (motivator)", "O": "one-dimensional (performance)", "M": "must-be (hygiene)",
             "I": "indifferent", "R": "reverse", "Q": "questionable"}
    return pd.DataFrame(
        {
            "Attribute": [_plain_name(a) for a in t["attribute"]],
            "Answers": t["n"],
            "Attractive (%)": (100 * t["share_A"]).round(1),
            "One-dimensional (%)": (100 * t["share_O"]).round(1),
            "Must-be (%)": (100 * t["share_M"]).round(1),
            "Indifferent (%)": (100 * t["share_I"]).round(1),
            "Category": [names.get(c, f"mixed ({c})") for c in t["category"]],
            "Clearly ahead of runner-up (Fong)": np.where(t["fong_significant"], "yes", "no"),
            "Better": t["better"].round(2),
            "Worse": t["worse"].round(2),
        }
    )


def _report_importance(result: ImportancePerformanceResult) -> pd.DataFrame:
    t = result.table
    lo, hi = result.scale
    level = f"{result.confidence:.0%}"
    if result.importance_kind == "stated":
        imp = f"Importance (stated, average {lo:g}-{hi:g})"
    elif "correlation" in result.importance_kind:
        imp = "Importance (correlation with overall)"
    else:
        imp = "Importance (share of explained variance)"
    return pd.DataFrame(
        {
            "Attribute": [_plain_name(a) for a in t["attribute"]],
            f"Performance (average {lo:g}-{hi:g})": t["performance"].round(2),
            f"Performance {level} CI": _interval(t["performance_ci_low"], t["performance_ci_high"]),
            imp: t["importance"].round(2),
            f"Importance {level} CI": _interval(t["importance_ci_low"], t["importance_ci_high"]),
            "Quadrant": t["quadrant"],
            "Gap": t["gap"].round(2),
            f"Gap {level} CI": _interval(t["gap_ci_low"], t["gap_ci_high"]),
        }
    )


def _report_zone(result: PositiveZoneResult) -> pd.DataFrame:
    t = result.table
    lo, hi = result.scale
    words = {1: "1 (fix first)", 2: "2 (build next)", 3: "3 (improve steadily)", 4: "4 (watch)"}
    return pd.DataFrame(
        {
            "Attribute": [_plain_name(a) for a in t["attribute"]],
            "Factor type": t["factor"],
            f"Average rating ({lo:g}-{hi:g})": t["performance"].round(2),
            f"{result.confidence:.0%} CI": _interval(t["ci_low"], t["ci_high"]),
            "Rate it low (%)": (100 * t["share_low"]).round(0),
            "In the positive zone": np.where(t["in_zone"], "yes",
                                             np.where(t["clearly_below"], "no", "no (borderline)")),
            "Priority": [words[int(p)] if not pd.isna(p) else "-" for p in t["priority"]],
        }
    )


def _report_incidents(result: CriticalIncidentsResult) -> pd.DataFrame:
    t = result.table
    return pd.DataFrame(
        {
            "Category": [_plain_name(c) for c in t["category"]],
            "Good stories (n)": t["n_positive"],
            "Bad stories (n)": t["n_negative"],
            "Share of good stories (%)": (100 * t["share_of_positive"]).round(1),
            "Share of bad stories (%)": (100 * t["share_of_negative"]).round(1),
            "p (Holm)": _p_text(t["p_adjusted"]),
            "Reading": t["reading"],
        }
    )


_REPORTS = {
    PenaltyRewardResult: _report_penalty_reward,
    ImpactAsymmetryResult: _report_impact_asymmetry,
    FongTest: _report_fong,
    KanoResult: _report_kano,
    ImportancePerformanceResult: _report_importance,
    PositiveZoneResult: _report_zone,
    CriticalIncidentsResult: _report_incidents,
}


def _check_result(result: Any, func: str) -> None:
    if not isinstance(result, tuple(_REPORTS)):
        raise CxParameterError(f"{func}: expected a result of cxtools.factors (penalty_reward, kano_categories, ...), "
                               f"got {type(result).__name__}")


def report_table(result: Any, *, lang: str = "en") -> pd.DataFrame:
    """A factor result as a stakeholder reads it: plain column names, intervals as text,
    p-values as ``"< 0.001"`` rather than ``0.00``, the most urgent row first.

    ``lang="ru"`` gives the headers and the categorical cells in Russian
    (:func:`localise_table`); attribute names and numbers stay as they are.

    Parameters
    ----------
    result : PenaltyRewardResult, ImpactAsymmetryResult, KanoResult, FongTest, ImportancePerformanceResult, PositiveZoneResult or CriticalIncidentsResult
    lang : {"en", "ru"}, default "en"

    Returns
    -------
    DataFrame
        One row per attribute (or category), no bare index to read.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from cxtools.factors import penalty_reward, kano_categories, positive_zone
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 600)
    >>> report_table(penalty_reward(df)).iloc[0]["Type"]
    'basic (hygiene factor)'
    >>> kano = pd.DataFrame({"attribute": ["price"] * 4, "functional": ["expect"] * 4,
    ...                      "dysfunctional": ["dislike"] * 4})
    >>> report_table(kano_categories(kano))[["Attribute", "Must-be (%)", "Category"]]
      Attribute  Must-be (%)           Category
    0     price        100.0  must-be (hygiene)
    >>> zone = positive_zone(pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_trust": [5, 4, 4, 5]}),
    ...                      classification={"price": "hygiene", "trust": "motivator"})
    >>> report_table(zone)[["Attribute", "In the positive zone", "Priority"]]
      Attribute In the positive zone        Priority
    0     price                   no  1 (fix first)
    1     trust                  yes               -
    """
    _check_result(result, "report_table")
    check_choice("lang", lang, _LANGS, func="report_table")
    return localise_table(_REPORTS[type(result)](result), lang=lang)  # type: ignore[operator]  # one report per result type


# ------------------------------------------------------------------- one-line descriptions


def describe(result: Any) -> str:
    """One plain English sentence about a factor result, with its headline numbers.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from cxtools.factors import penalty_reward
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600),
    ...                    "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
    ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
    >>> describe(penalty_reward(df))
    'Of 2 attributes (600 respondents, R² 0.64), hygiene factors: price; motivators: brand; performance factors: none.'
    """
    _check_result(result, "describe")
    if isinstance(result, PenaltyRewardResult):
        g = result.by_category()
        text = (
            f"Of {len(result.table)} attributes ({format_number(result.n)} respondents, "
            f"R² {format_number(result.r_squared, digits=2)}), hygiene factors: {join_names(g['basic'], empty='none')}; "
            f"motivators: {join_names(g['excitement'], empty='none')}; "
            f"performance factors: {join_names(g['performance'], empty='none')}"
        )
        if g["contradicts the model"]:
            text += (f"; not classified because a significant effect has the wrong sign: "
                     f"{join_names(g['contradicts the model'])}")
        return text + "."
    if isinstance(result, ImpactAsymmetryResult):
        g = {c: join_names(a, empty="none")  # type: ignore[misc]  # names joined into words
             for c, a in _names_by(result.table, "category", ("dissatisfier", "satisfier", "hybrid")).items()}
        return (
            f"By the impact-asymmetry index ({format_number(result.n)} respondents, {format_percent(result.confidence)} "
            f"bootstrap intervals), dissatisfiers: {g['dissatisfier']}; satisfiers: {g['satisfier']}; "
            f"hybrids: {g['hybrid']}."
        )
    if isinstance(result, FongTest):
        verdict = "clearly ahead of" if result.significant else "not clearly ahead of"
        return (f"{field(result.first)} ({result.count_first} of {result.n}) is {verdict} {field(result.second)} "
                f"({result.count_second}): the difference must exceed "
                f"{format_number(result.critical_difference, digits=1)}.")
    if isinstance(result, KanoResult):
        g = result.by_factor()
        return (
            f"By the Kano questionnaire ({format_number(int(result.table['n'].max()))} answers per attribute at most), "
            f"must-be (hygiene): {join_names(g['hygiene'], empty='none')}; attractive (motivators): "
            f"{join_names(g['motivator'], empty='none')}; one-dimensional: {join_names(g['performance'], empty='none')}; "
            f"unclear: {join_names(g['unclear'], empty='none')}."
        )
    if isinstance(result, ImportancePerformanceResult):
        t = result.table
        return (
            f"With {result.importance_kind} importance ({format_number(result.n)} respondents), concentrate on "
            f"{join_names(t.loc[t.quadrant == 'Concentrate here', 'attribute'], empty='nothing')}; possible overkill: "
            f"{join_names(t.loc[t.quadrant == 'Possible overkill', 'attribute'], empty='none')}."
        )
    if isinstance(result, PositiveZoneResult):
        t = result.table
        below = t.loc[~t["in_zone"]]
        if not len(below):
            return (f"Every attribute is in its positive zone (average at least "
                    f"{format_number(result.threshold, digits=1)}).")
        return (
            f"{len(below)} of {len(t)} attributes are below the positive zone (average under "
            f"{format_number(result.threshold, digits=1)}): hygiene factors "
            f"{join_names(below.loc[below.factor == 'hygiene', 'attribute'], empty='none')}; motivators "
            f"{join_names(below.loc[below.factor == 'motivator', 'attribute'], empty='none')}; first to act on: "
            f"{_display(below['attribute'].iloc[0])}."
        )
    g = result.by_side()
    return (
        f"Of {format_number(result.n_positive)} good and {format_number(result.n_negative)} bad stories, the bad ones "
        f"are mostly about {join_names(g['negative'], empty='nothing in particular')} (hygiene factors) and the good "
        f"ones about {join_names(g['positive'], empty='nothing in particular')} (motivators); no clear side: "
        f"{join_names(g['neither'], empty='none')}."
    )


# ------------------------------------------------------------------------ positive zone


def zone_actions(result: PositiveZoneResult) -> list[str]:
    """Plain-language action list, most urgent first (empty when all are in the zone).

    One English sentence per attribute below the positive zone: its factor type, average
    rating, share of low ratings and what to do about it.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.factors import positive_zone
    >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_trust": [5, 4, 4, 5]})
    >>> zone_actions(positive_zone(df, classification={"price": "hygiene", "trust": "motivator"}))[0][:46]
    'Fix first -- price (hygiene, average 2.50 of 5'
    """
    t = result.table
    top = result.scale[1]
    return [_zone_action(r.attribute, r.factor, r.performance, r.threshold, top, r.share_low,
                         clearly_below=bool(r.clearly_below))
            for r in t.loc[~t["in_zone"]].itertuples()]


def _zone_action(lab: str, ftype: str, m: float, threshold: float, top: float, share_low: float,
                 *, clearly_below: bool = True) -> str:
    where = f"{_display(lab)} ({ftype}, average {m:.2f} of {top:g}, {share_low:.0%} rate it low)"
    # an average whose interval still reaches the threshold may be in the zone after all
    how = "below" if clearly_below else "just below (within sampling error of)"
    if ftype == "hygiene":
        return (f"Fix first -- {where}: a hygiene factor {how} the positive zone (threshold {threshold:g}). "
                "It drives dissatisfaction and no motivator can make up for it; bring it up to the zone.")
    if ftype == "motivator":
        return (f"Build next -- {where}: a motivator {how} the positive zone (threshold {threshold:g}). "
                "It is where satisfaction is created; raising it wins customers once the hygiene factors are in order.")
    if ftype == "performance":
        return (f"Improve steadily -- {where}: a performance factor {how} the positive zone "
                f"(threshold {threshold:g}); every step up adds satisfaction and every step down costs it.")
    return (f"Watch -- {where}: {how} the positive zone (threshold {threshold:g}) but with no clear effect "
            "on satisfaction in these data.")


def _priority_heads(priority: int, lang: str) -> tuple[str, str]:
    """The heading and the reason of one priority group of the action list."""
    if priority == 1:
        return (gettext("Fix first -- hygiene factors below the positive zone", lang),
                gettext("They drive dissatisfaction, and no motivator makes up for them.", lang))
    if priority == 2:
        return (gettext("Build next -- motivators below the positive zone", lang),
                gettext("This is where satisfaction is created once the hygiene factors are in order.", lang))
    if priority == 3:
        return (gettext("Improve steadily -- performance factors below the positive zone", lang),
                gettext("Every step up adds satisfaction and every step down costs it.", lang))
    return (gettext("Watch -- below the positive zone, with no clear effect on satisfaction in these data", lang),
            gettext("Check again with the next wave.", lang))


def action_plan(result: PositiveZoneResult, *, lang: str = "en") -> str:
    """The action list as short Markdown, grouped by priority, written from the results.

    One heading line per priority group (hygiene factors first, then motivators,
    performance factors, unclear ones) naming each attribute with its average rating
    and share of low ratings, then the attributes already in the zone. ``lang="ru"``
    writes it in Russian (attribute names stay as in the data).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxtools.factors import positive_zone
    >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_good_deal": [3, 3, 2, 3],
    ...                    "rating_trust": [5, 4, 4, 5]})
    >>> res = positive_zone(df, classification={"price": "hygiene", "good_deal": "motivator",
    ...                                         "trust": "motivator"})
    >>> print(action_plan(res))  # doctest: +NORMALIZE_WHITESPACE
    1. **Fix first -- hygiene factors below the positive zone:** price (average 2.50 of 5,
    50% rate it low). They drive dissatisfaction, and no motivator makes up for them.
    2. **Build next -- motivators below the positive zone:** good deal (average 2.75 of 5,
    25% rate it low, within sampling error of the threshold). This is where satisfaction is created once the hygiene factors are in order.
    <BLANKLINE>
    Already in the positive zone (average at least 3.5): trust. Keep them there; hygiene
    factors add little beyond the zone, so do not over-invest in them.
    """
    check_choice("lang", lang, _LANGS, func="action_plan")
    t = result.table
    top = short_number(result.scale[1], lang)
    threshold = short_number(result.threshold, lang)
    item = gettext("{name} (average {mean} of {top}, {share} rate it low", lang)
    borderline = gettext(", within sampling error of the threshold", lang)
    lines = []
    below = t[~t["in_zone"]]
    for number, prio in enumerate(sorted(below["priority"].dropna().unique()), start=1):
        grp = below[below["priority"] == prio]
        items = "; ".join(
            item.format(name=_display(r.attribute), top=top,
                        mean=f"{r.performance:.2f}" if lang == "en" else format_number(r.performance, digits=2,
                                                                                     lang=lang),
                        share=f"{r.share_low:.0%}" if lang == "en" else format_percent(r.share_low, lang=lang))
            + ("" if r.clearly_below else borderline) + ")"
            for r in grp.itertuples()
        )
        head, why = _priority_heads(int(prio), lang)
        lines.append(f"{number}. **{head}:** {items}. {why}")
    inside = [_display(a) for a in t.loc[t["in_zone"], "attribute"]]
    if not lines:
        lines.append(gettext("Every attribute is in its positive zone (average at least {threshold}).",
                             lang).format(threshold=threshold))
    if inside:
        lines.append("\n" + gettext("Already in the positive zone (average at least {threshold}): {names}. Keep them "
                                    "there; hygiene factors add little beyond the zone, so do not over-invest in them.",
                                    lang).format(threshold=threshold, names=", ".join(inside)))
    else:
        lines.append("\n" + gettext("No attribute is in the positive zone yet (average at least {threshold}).",
                                    lang).format(threshold=threshold))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- findings


def _factor_word(factor: str, lang: str) -> str:
    """A factor type inside a finding's sentence (English keeps the code itself)."""
    words = {
        "hygiene": pgettext("factor in a finding", "hygiene", lang),
        "motivator": pgettext("factor in a finding", "motivator", lang),
        "performance": pgettext("factor in a finding", "performance", lang),
        "unclear": pgettext("factor in a finding", "unclear", lang),
    }
    return words.get(factor, factor)


def findings(
    penalty_reward: PenaltyRewardResult,
    *,
    impact_asymmetry: ImpactAsymmetryResult | None = None,
    kano: KanoResult | None = None,
    critical_incidents: CriticalIncidentsResult | None = None,
    positive_zone: PositiveZoneResult | None = None,
    max_vif: float = 5.0,
    lang: str = "en",
) -> Findings:
    """The findings of a hygiene-factor study in plain words, written from its results.

    Sections (present only for the results given): ``"survey"`` (penalty-reward
    classification, R², entanglement and agreement with the impact-asymmetry index),
    ``"kano"`` (Kano categories and agreement with the survey), ``"incidents"`` (what
    the good and bad stories are about) and ``"actions"`` (the positive-zone action
    list). ``metrics`` holds the headline numbers a report publishes.

    Parameters
    ----------
    penalty_reward : PenaltyRewardResult
    impact_asymmetry, kano, critical_incidents, positive_zone : results, optional
    max_vif : float, default 5.0
        Largest variance inflation factor still called "no entanglement problem".
    lang : {"en", "ru"}, default "en"
        Language of the sections (attribute names stay as in the data; ``metrics`` do
        not depend on it).

    Returns
    -------
    Findings

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*. Wiley
    (the two-factor reading of the results).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from cxtools.factors import penalty_reward
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600), "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
    ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
    >>> f = findings(penalty_reward(df))
    >>> f.metrics["hygiene_factors"], f.metrics["motivators"]
    (['price'], ['brand'])
    >>> f["survey"][:80]
    '**Finding (survey ratings, 600 respondents).** Hygiene factors -- poor ratings c'
    """
    prca = penalty_reward
    if not isinstance(prca, PenaltyRewardResult):
        raise CxParameterError(f"findings: expected the result of penalty_reward, got {type(prca).__name__}")
    check_choice("lang", lang, _LANGS, func="findings")
    none = pgettext("no attribute", "none", lang)

    def names(items: Iterable[Any]) -> str:
        return join_names(items, lang=lang, empty=none)

    groups = prca.by_category()
    vif_max = float(prca.table[["vif_low", "vif_high"]].max().max())
    text = ngettext("**Finding (survey ratings, {n} respondent).** ",
                    "**Finding (survey ratings, {n} respondents).** ", prca.n, lang).format(
        n=format_number(prca.n, lang=lang))
    text += gettext("Hygiene factors -- poor ratings cost satisfaction, good ratings add little: **{basic}**. "
                    "Motivators -- good ratings add satisfaction, poor ones cost little: **{excitement}**. "
                    "Working both ways (performance factors): {performance}. No clear effect: {unclear}. ",
                    lang).format(basic=names(groups["basic"]), excitement=names(groups["excitement"]),
                                 performance=names(groups["performance"]), unclear=names(groups["no clear effect"]))
    if groups["contradicts the model"]:
        text += gettext("Not classified, because a significant effect has the wrong sign (check the scale's "
                        "direction): {names}. ", lang).format(names=join_names(groups["contradicts the model"],
                                                                               lang=lang))
    problem = (pgettext("entanglement", "some", lang) if not vif_max < max_vif
               else pgettext("entanglement", "no", lang))
    text += gettext("Together the ratings explain {r2} of the differences in overall satisfaction; the largest VIF is "
                    "{vif} ({problem} entanglement problem).", lang).format(
        r2=format_percent(prca.r_squared, lang=lang), vif=format_number(vif_max, digits=1, lang=lang), problem=problem)
    if impact_asymmetry is not None:
        ia = impact_asymmetry.factor_types()
        survey_types = dict(zip(prca.table["attribute"], prca.table["factor"]))
        agree = sum(ia.get(a) == f for a, f in survey_types.items())
        text += " " + gettext("The impact-asymmetry index agrees for {agree} of {total} attributes.",
                              lang).format(agree=agree, total=len(survey_types))
    sections = {"survey": text}
    metrics: dict[str, Any] = {
        "respondents_in_regression": int(prca.n),
        "r_squared_overall_satisfaction": round(float(prca.r_squared), 3),
        "hygiene_factors": groups["basic"],
        "motivators": groups["excitement"],
        "performance_factors": groups["performance"],
    }
    if groups["contradicts the model"]:
        metrics["not_classified_wrong_sign"] = groups["contradicts the model"]
    if kano is not None:
        both = _kano_agreement(prca, kano)
        differ = both.loc[both["factor_survey"] != both["factor_kano"]]
        n_agree = len(both) - len(differ)
        k = kano.by_factor()
        n_kano = int(kano.table["n"].max())
        text = ngettext("**Finding (Kano questionnaire, {n} respondent per attribute).** ",
                        "**Finding (Kano questionnaire, {n} respondents per attribute).** ", n_kano, lang).format(
            n=format_number(n_kano, lang=lang))
        text += gettext("Must-be (hygiene): **{hygiene}**; attractive (motivators): **{motivator}**; one-dimensional: "
                        "{performance}; unclear: {unclear}. The questionnaire and the survey regression agree on "
                        "{agree} of {total} attributes", lang).format(
            hygiene=names(k["hygiene"]), motivator=names(k["motivator"]), performance=names(k["performance"]),
            unclear=names(k["unclear"]), agree=n_agree, total=len(both))
        if len(differ):
            differ_text = gettext("{name} is {survey} in the survey but {kano} in Kano", lang)
            text += ": " + "; ".join(differ_text.format(name=_display(r.attribute),
                                                        survey=_factor_word(r.factor_survey, lang),
                                                        kano=_factor_word(r.factor_kano, lang))
                                     for r in differ.itertuples()) + "."
        else:
            text += "."
        sections["kano"] = text
        metrics["kano_agrees_with_survey"] = f"{n_agree} of {len(both)}"
    if critical_incidents is not None:
        sides = critical_incidents.by_side()
        sections["incidents"] = gettext(
            "**Finding (critical incidents, {n_positive} good and {n_negative} bad stories).** Bad stories are mostly "
            "about **{negative}** (hygiene factors); good stories mostly about **{positive}** (motivators). No clear "
            "side: {neither}.", lang).format(
            n_positive=format_number(critical_incidents.n_positive, lang=lang),
            n_negative=format_number(critical_incidents.n_negative, lang=lang),
            negative=names(sides["negative"]), positive=names(sides["positive"]), neither=names(sides["neither"]))
        metrics["incidents_mostly_negative"] = sides["negative"]
        metrics["incidents_mostly_positive"] = sides["positive"]
    if positive_zone is not None:
        z = positive_zone.table
        below = z.loc[~z["in_zone"]]
        sections["actions"] = gettext("**Action list**", lang) + "\n\n" + action_plan(positive_zone, lang=lang)
        metrics.update({
            "positive_zone_threshold": positive_zone.threshold,
            "hygiene_below_zone": below.loc[below["factor"] == "hygiene", "attribute"].tolist(),
            "motivators_below_zone": below.loc[below["factor"] == "motivator", "attribute"].tolist(),
            "first_action": below["attribute"].iloc[0] if len(below) else None,
        })
    return Findings(sections=sections, metrics=metrics)


# ------------------------------------------------------------------------- key findings


def _key_factor_word(factor: str, lang: str) -> str:
    """A factor type in the first action of the key findings."""
    words = {
        "hygiene": pgettext("factor in key findings", "hygiene factor", lang),
        "motivator": pgettext("factor in key findings", "motivator", lang),
        "performance": pgettext("factor in key findings", "performance factor", lang),
        "unclear": pgettext("factor in key findings", "no clear effect", lang),
    }
    return words.get(factor, factor)


def key_findings(
    penalty_reward: PenaltyRewardResult,
    *,
    positive_zone: PositiveZoneResult | None = None,
    kano: KanoResult | None = None,
    critical_incidents: CriticalIncidentsResult | None = None,
    lang: str = "en",
) -> str:
    """The "Key findings" of a hygiene-factor study: three to six sentences with their uncertainty.

    Written from the results only: the hygiene factors with the largest penalty and
    its interval, the motivators with the largest reward, the attributes whose effect
    has the sign the model rules out (said plainly, never classified), how much of
    overall satisfaction the ratings explain, the first action of the positive-zone
    list with its average rating and interval, and -- only when a Kano questionnaire
    or critical incidents are given *and* share attributes with the survey -- whether
    they agree.

    Parameters
    ----------
    penalty_reward : PenaltyRewardResult
    positive_zone, kano, critical_incidents : results, optional
    lang : {"en", "ru"}, default "en"
        Language of the sentences (attribute names stay as in the data).

    Returns
    -------
    str
        Markdown: a ``## Key findings`` heading and a bulleted list.

    References
    ----------
    Brandt, D. R. (1987), see :func:`cxtools.factors.penalty_reward`; Herzberg, F., Mausner, B. &
    Snyderman, B. B. (1959). *The Motivation to Work*. Wiley.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from cxtools.factors import penalty_reward
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600), "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
    ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
    >>> print(key_findings(penalty_reward(df)).splitlines()[2])
    - **Hygiene factors: price.** A poor rating of price costs 2.13 points of overall satisfaction (95% interval 1.90 to 2.37); a good one adds little.
    """
    prca = penalty_reward
    if not isinstance(prca, PenaltyRewardResult):
        raise CxParameterError(f"key_findings: expected the result of penalty_reward, got {type(prca).__name__}")
    check_choice("lang", lang, _LANGS, func="key_findings")

    def num(x: float) -> str:
        return format_number(x, digits=2, lang=lang)

    def ci(lo: float, hi: float) -> str:
        return format_interval(lo, hi, digits=2, lang=lang)

    def names(items) -> str:
        return join_names(items, lang=lang)  # each name readable and escaped

    t = prca.table
    level = format_percent(1 - prca.alpha, lang=lang).replace("\u00a0", "").replace(" ", "") if lang == "ru" else \
        format_percent(1 - prca.alpha)
    groups = prca.by_category()
    found = {
        "hygiene": gettext("**Hygiene factors: {names}.** A poor rating of {top} costs {value} points of overall "
                           "satisfaction ({level} interval {ci}); a good one adds little.", lang),
        "motivator": gettext("**Motivators: {names}.** A good rating of {top} adds {value} points ({level} interval "
                             "{ci}); a poor one costs little.", lang),
    }
    missing = {
        "hygiene": gettext("**No hygiene factor stands out**: no attribute costs clearly more when rated poorly than "
                           "it adds when rated well.", lang),
        "motivator": gettext("**No motivator stands out**: no attribute adds clearly more when rated well than it "
                             "costs when rated poorly.", lang),
    }
    lines = []
    for category, effect, kind in (("basic", "penalty", "hygiene"), ("excitement", "reward", "motivator")):
        if not groups[category]:
            lines.append(missing[kind])
            continue
        top = t.loc[t["category"] == category].sort_values(effect, ascending=False).iloc[0]
        lines.append(found[kind].format(names=names(groups[category]), top=_display(top["attribute"]),
                                        value=num(top[effect]), level=level,
                                        ci=ci(top[f"{effect}_ci_low"], top[f"{effect}_ci_high"])))
    for r in t.loc[t["category"] == "contradicts the model"].itertuples():
        if r.penalty < 0:
            what = gettext("respondents who rate {name} poorly are *more* satisfied overall, by {value} points "
                           "({level} interval {ci})", lang).format(
                name=_display(r.attribute), value=num(-r.penalty), level=level,
                ci=ci(-r.penalty_ci_high, -r.penalty_ci_low))
        else:
            what = gettext("respondents who rate {name} well are *less* satisfied overall, by {value} points "
                           "({level} interval {ci})", lang).format(
                name=_display(r.attribute), value=num(-r.reward), level=level,
                ci=ci(-r.reward_ci_high, -r.reward_ci_low))
        lines.append(gettext("**{name} contradicts the model and is not classified:** {what}. Check that the question "
                             "was not asked the other way round and that its answers are coded correctly before "
                             "acting on it.", lang).format(name=_display(r.attribute), what=what))
    lines.append(ngettext("The attribute ratings explain {r2} of the differences in overall satisfaction ({n} "
                          "respondent with every rating).",
                          "The attribute ratings explain {r2} of the differences in overall satisfaction ({n} "
                          "respondents with every rating).", prca.n, lang).format(
        r2=format_percent(prca.r_squared, lang=lang), n=format_number(prca.n, lang=lang)))
    if positive_zone is not None:
        z = positive_zone.table
        below = z.loc[~z["in_zone"]]
        lo_s, hi_s = positive_zone.scale
        scale_text = f"{lo_s:g}-{hi_s:g}"
        if len(below):
            r = below.iloc[0]
            lines.append(gettext(
                "**Fix first: {name}** ({factor}), average rating {mean} on {scale} ({level} interval {ci}) against a "
                "positive zone from {threshold}; {share} of respondents rate it in the low box. {below} of {total} "
                "attributes are below the zone.", lang).format(
                name=_display(r["attribute"]), factor=_key_factor_word(r["factor"], lang),
                mean=num(r["performance"]), scale=scale_text,
                level=format_percent(positive_zone.confidence, lang=lang) if lang == "en" else level,
                ci=ci(r["ci_low"], r["ci_high"]), threshold=num(positive_zone.threshold),
                share=format_percent(r["share_low"], lang=lang), below=len(below), total=len(z)))
        else:
            lines.append(gettext("Every attribute is in its positive zone (average at least {threshold} on {scale}).",
                                 lang).format(threshold=num(positive_zone.threshold), scale=scale_text))
    if kano is not None and len(lines) < 6:
        both = _kano_agreement(prca, kano)
        if len(both):
            agree = int((both["factor_survey"] == both["factor_kano"]).sum())
            lines.append(gettext("The Kano questionnaire puts {agree} of {total} attributes in the same class as the "
                                 "survey ratings do.", lang).format(agree=agree, total=len(both)))
    if critical_incidents is not None and len(lines) < 6:
        sides = critical_incidents.by_side()
        if sides["negative"] or sides["positive"]:
            nothing = pgettext("stories about", "nothing in particular", lang)
            lines.append(gettext("Customers' bad stories are mostly about {negative}, their good stories about "
                                 "{positive} ({n_negative} bad, {n_positive} good stories).", lang).format(
                negative=join_names(sides["negative"], lang=lang, empty=nothing),
                positive=join_names(sides["positive"], lang=lang, empty=nothing),
                n_negative=format_number(critical_incidents.n_negative, lang=lang),
                n_positive=format_number(critical_incidents.n_positive, lang=lang)))
    heading = gettext("## Key findings", lang)
    return heading + "\n\n" + "\n".join(f"- {line}" for line in lines[:6])


# ------------------------------------------------------------------- tables in a language


@functools.lru_cache(maxsize=None)
def _table_words(lang: str) -> dict[str, str]:
    """The headers and categorical cells of this module's report tables, each in ``lang``."""
    return {
        "Attribute": pgettext("factors table", "Attribute", lang),
        "Rated poorly (n)": pgettext("factors table", "Rated poorly (n)", lang),
        "Rated well (n)": pgettext("factors table", "Rated well (n)", lang),
        "Penalty (points lost)": pgettext("factors table", "Penalty (points lost)", lang),
        "Reward (points gained)": pgettext("factors table", "Reward (points gained)", lang),
        "Penalty differs from reward: p (Holm)": pgettext("factors table", "Penalty differs from reward: p (Holm)",
                                                          lang),
        "Largest VIF": pgettext("factors table", "Largest VIF", lang),
        "Type": pgettext("factors table", "Type", lang),
        "Answers": pgettext("factors table", "Answers", lang),
        "Attractive (%)": pgettext("factors table", "Attractive (%)", lang),
        "One-dimensional (%)": pgettext("factors table", "One-dimensional (%)", lang),
        "Must-be (%)": pgettext("factors table", "Must-be (%)", lang),
        "Indifferent (%)": pgettext("factors table", "Indifferent (%)", lang),
        "Category": pgettext("factors table", "Category", lang),
        "Clearly ahead of runner-up (Fong)": pgettext("factors table", "Clearly ahead of runner-up (Fong)", lang),
        "Better": pgettext("factors table", "Better", lang),
        "Worse": pgettext("factors table", "Worse", lang),
        "Good stories (n)": pgettext("factors table", "Good stories (n)", lang),
        "Bad stories (n)": pgettext("factors table", "Bad stories (n)", lang),
        "Share of good stories (%)": pgettext("factors table", "Share of good stories (%)", lang),
        "Share of bad stories (%)": pgettext("factors table", "Share of bad stories (%)", lang),
        "p (Holm)": pgettext("factors table", "p (Holm)", lang),
        "Reading": pgettext("factors table", "Reading", lang),
        "Importance (share of explained variance)": pgettext("factors table",
                                                             "Importance (share of explained variance)", lang),
        "Importance (correlation with overall)": pgettext("factors table", "Importance (correlation with overall)",
                                                          lang),
        "Importance (stated)": pgettext("factors table", "Importance (stated)", lang),
        "Quadrant": pgettext("factors table", "Quadrant", lang),
        "Gap": pgettext("factors table", "Gap", lang),
        "Factor type": pgettext("factors table", "Factor type", lang),
        "Rate it low (%)": pgettext("factors table", "Rate it low (%)", lang),
        "In the positive zone": pgettext("factors table", "In the positive zone", lang),
        "Priority": pgettext("factors table", "Priority", lang),
        "Impact asymmetry (-1 to +1)": pgettext("factors table", "Impact asymmetry (-1 to +1)", lang),
        "Leading category": pgettext("factors table", "Leading category", lang),
        "Runner-up": pgettext("factors table", "Runner-up", lang),
        "Critical difference": pgettext("factors table", "Critical difference", lang),
        "Clearly ahead": pgettext("factors table", "Clearly ahead", lang),
        # cells
        "basic (hygiene factor)": pgettext("factors table", "basic (hygiene factor)", lang),
        "excitement (motivator)": pgettext("factors table", "excitement (motivator)", lang),
        "performance factor": pgettext("factors table", "performance factor", lang),
        "no clear effect": pgettext("factors table", "no clear effect", lang),
        "not classified: a significant effect has the wrong sign": pgettext(
            "factors table", "not classified: a significant effect has the wrong sign", lang),
        "attractive (motivator)": pgettext("factors table", "attractive (motivator)", lang),
        "must-be (hygiene)": pgettext("factors table", "must-be (hygiene)", lang),
        "one-dimensional (performance)": pgettext("factors table", "one-dimensional (performance)", lang),
        "indifferent": pgettext("factors table", "indifferent", lang),
        "reverse": pgettext("factors table", "reverse", lang),
        "questionable": pgettext("factors table", "questionable", lang),
        "unclear": pgettext("factors table", "unclear", lang),
        "hygiene factor (source of dissatisfaction)": pgettext("factors table",
                                                               "hygiene factor (source of dissatisfaction)", lang),
        "motivator (source of satisfaction)": pgettext("factors table", "motivator (source of satisfaction)", lang),
        "no clear side": pgettext("factors table", "no clear side", lang),
        "Concentrate here": pgettext("factors table", "Concentrate here", lang),
        "Keep up the good work": pgettext("factors table", "Keep up the good work", lang),
        "Low priority": pgettext("factors table", "Low priority", lang),
        "Possible overkill": pgettext("factors table", "Possible overkill", lang),
        "hygiene": pgettext("factors table", "hygiene", lang),
        "motivator": pgettext("factors table", "motivator", lang),
        "performance": pgettext("factors table", "performance", lang),
        "yes": pgettext("factors table", "yes", lang),
        "no": pgettext("factors table", "no", lang),
        "no (borderline)": pgettext("factors table", "no (borderline)", lang),
        "dissatisfier (hygiene factor)": pgettext("factors table", "dissatisfier (hygiene factor)", lang),
        "satisfier (motivator)": pgettext("factors table", "satisfier (motivator)", lang),
        "hybrid (performance factor)": pgettext("factors table", "hybrid (performance factor)", lang),
        "1 (fix first)": pgettext("factors table", "1 (fix first)", lang),
        "2 (build next)": pgettext("factors table", "2 (build next)", lang),
        "3 (improve steadily)": pgettext("factors table", "3 (improve steadily)", lang),
        "4 (watch)": pgettext("factors table", "4 (watch)", lang),
    }


@functools.lru_cache(maxsize=None)
def _header_patterns(lang: str) -> tuple[tuple[str, str], ...]:
    """Headers that carry a value (a level, a scale): (pattern with named groups, template in ``lang``)."""
    return (
        (r"^Penalty (?P<level>\d+%) CI$", pgettext("factors table", "Penalty {level} CI", lang)),
        (r"^Reward (?P<level>\d+%) CI$", pgettext("factors table", "Reward {level} CI", lang)),
        (r"^Performance \(average (?P<scale>.+)\)$", pgettext("factors table", "Performance (average {scale})", lang)),
        (r"^Performance (?P<level>\d+%) CI$", pgettext("factors table", "Performance {level} CI", lang)),
        (r"^Importance (?P<level>\d+%) CI$", pgettext("factors table", "Importance {level} CI", lang)),
        (r"^Gap (?P<level>\d+%) CI$", pgettext("factors table", "Gap {level} CI", lang)),
        (r"^Average rating \((?P<scale>.+)\)$", pgettext("factors table", "Average rating ({scale})", lang)),
        (r"^Importance \(stated, average (?P<scale>.+)\)$",
         pgettext("factors table", "Importance (stated, average {scale})", lang)),
        (r"^(?P<level>\d+%) CI$", pgettext("factors table", "{level} CI", lang)),
        (r"^(?P<level>\d+%) bootstrap interval$", pgettext("factors table", "{level} bootstrap interval", lang)),
    )


@functools.lru_cache(maxsize=None)
def _cell_patterns(lang: str) -> tuple[tuple[str, str], ...]:
    """Categorical cells that carry a value inside the words."""
    return ((r"^mixed \((?P<categories>.+)\)$", pgettext("factors table", "mixed ({categories})", lang)),)


def localise_table(table: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """A :func:`report_table` of a factor result with its headers and categorical cells in ``lang``.

    Attribute names (the data's own) are left as they are; in Russian, numbers become
    text the Russian way (decimal comma, thousands separated by a space; whole-number
    columns without decimals, the others with two) and intervals read "from ... to ..." in Russian words.
    ``lang="en"`` returns the table unchanged.

    Parameters
    ----------
    table : DataFrame
        The :func:`report_table` of a result of :mod:`cxtools.factors`.
    lang : {"en", "ru"}

    Returns
    -------
    DataFrame

    References
    ----------
    No statistics: wording only (the Russian terms follow the Kano and Herzberg literature in Russian,
    the catalogue ``locale/ru/LC_MESSAGES/factors.po``).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"Attribute": ["price"], "Penalty 95% CI": ["0.9 to 1.2"], "Type": ["basic (hygiene factor)"],
    ...                   "Rated poorly (n)": [1234], "Largest VIF": [1.4]})
    >>> localise_table(t, lang="en") is t
    True
    >>> localise_table(t, lang="ru").iloc[0, 1:].tolist()[-2:]
    ['1\\xa0234', '1,40']
    """
    check_choice("lang", lang, _LANGS, func="localise_table")
    if lang == "en":
        return table
    out = table.copy()
    known = _table_words(lang)

    def words(name: Any, patterns: Sequence[tuple[str, str]]) -> Any:
        if not isinstance(name, str):
            return name
        if name in known:
            return known[name]
        for pattern, text in patterns:
            m = re.match(pattern, name)
            if m:
                return text.format(**m.groupdict())
        return name

    def cell(v: Any) -> Any:
        v = words(v, _cell_patterns(lang))
        if not isinstance(v, str):
            return v
        v = _interval_words(v, lang)
        return re.sub(r"(?<=\d)\.(?=\d)", ",", v)  # decimal comma

    for col in out.columns:
        if col == "Attribute" or col == "Category" and "Good stories (n)" in out.columns:
            continue  # the data's own names
        if pd.api.types.is_bool_dtype(out[col]):
            continue
        if pd.api.types.is_numeric_dtype(out[col]):
            digits = 0 if pd.api.types.is_integer_dtype(out[col]) else 2
            out[col] = [format_number(v, digits=digits, lang=lang) for v in out[col]]
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [cell(v) for v in out[col]]
    return out.rename(columns=lambda name: words(name, _header_patterns(lang)))


def _interval_words(text: str, lang: str) -> str:
    """``"0.9 to 1.2"`` read the way of ``lang`` (the catalogue's ``{low} to {high}``, context "interval in a table")."""
    whole = pgettext("interval in a table", "{low} to {high}", lang)
    text = re.sub(r"^(\S+) to (\S+)$", lambda m: whole.format(low=m.group(1), high=m.group(2)), text)
    return text.replace(" to ", " " + pgettext("interval in a table", "to", lang) + " ")
