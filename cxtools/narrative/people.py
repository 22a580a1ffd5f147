"""The employee layer in words: eNPS sentences, unit tables, associations and the engagement effect.

The numbers come from :mod:`cxtools.people`; here they become the sentences and stakeholder
tables of notebook 05, in the report language (``lang="en"`` or ``"ru"``).

Examples
--------
>>> import pandas as pd
>>> overall = pd.DataFrame({"enps": [-6.77], "ci_low": [-13.7], "ci_high": [0.2], "n": [502]})
>>> enps_summary(overall, confidence=0.95, units=2)
'**eNPS -7** (95% interval -14 to 0; 502 employees, 2 units).'
"""

from __future__ import annotations

import functools
from typing import Mapping

import pandas as pd

from cxtools.core.i18n import N_, check_lang, gettext, ngettext, pgettext
from cxtools.core.wording import format_interval, format_number, format_p_value, format_percent, p_phrase
from cxtools.narrative.markdown import field
from cxtools.plots.labels import item_name

__all__ = [
    "UNIT_MEASURE_LABELS",
    "measure_name",
    "associations_sentence",
    "associations_table",
    "effect_sentence",
    "effect_table",
    "enps_summary",
    "enps_unit_table",
    "unit_view_columns",
    "level",
]

#: Plain words for the unit-level measures of :func:`cxtools.people.unit_table` (English; the
#: report language's words come from :func:`measure_name`).
UNIT_MEASURE_LABELS: dict[str, str] = {
    "engagement": N_("engagement"), "enps": "eNPS", "avg_wait_minutes": N_("average wait"),
    "n_repeat_contacts": N_("repeat contacts"), "n_contacts": N_("contacts"), "n_complaints": N_("complaints"),
    "first_contact_resolution": N_("first-contact resolution"), "satisfaction": N_("customers' satisfaction"),
    "value": N_("customer value"),
}


@functools.lru_cache(maxsize=None)
def _measures(lang: str) -> dict[str, str]:
    return {"engagement": pgettext("unit measure", "engagement", lang),
            "enps": pgettext("unit measure", "eNPS", lang),
            "avg_wait_minutes": pgettext("unit measure", "average wait", lang),
            "n_repeat_contacts": pgettext("unit measure", "repeat contacts", lang),
            "n_contacts": pgettext("unit measure", "contacts", lang),
            "n_complaints": pgettext("unit measure", "complaints", lang),
            "first_contact_resolution": pgettext("unit measure", "first-contact resolution", lang),
            "satisfaction": pgettext("unit measure", "customers' satisfaction", lang),
            "value": pgettext("unit measure", "customer value", lang)}


def measure_name(name: str, labels: Mapping[str, str] | None = None, *, lang: str = "en") -> str:
    """A unit measure's plain name (``labels`` name measures beyond :data:`UNIT_MEASURE_LABELS`).

    Examples
    --------
    >>> measure_name("avg_wait_minutes"), measure_name("q_7"), measure_name("q_7", {"q_7": "speed"})
    ('average wait', 'q 7', 'speed')
    """
    base = _measures(check_lang(lang, "measure_name"))
    return {**base, **(labels or {})}.get(name, str(name).replace("_", " "))


def level(confidence: float, lang: str) -> str:
    """The confidence level as a reader writes it: ``95%`` in English, ``95 %`` in Russian."""
    return f"{confidence:.0%}" if lang == "en" else format_percent(confidence, lang=lang)


def _count(n: int, lang: str) -> str:
    return f"{int(n):,}" if lang == "en" else format_number(int(n), lang=lang)


def associations_sentence(result, *, lang: str = "en") -> str:
    """The strongest association of a :class:`cxtools.people.UnitAssociations`, in one sentence.

    Examples
    --------
    >>> from cxtools.people import unit_associations
    >>> u = pd.DataFrame({"engagement": [3.1, 3.5, 3.9, 4.2, 2.8], "satisfaction": [6.5, 7.0, 7.4, 8.1, 6.0]})
    >>> associations_sentence(unit_associations(u))[:60]
    "Across 5 units, engagement and customers' satisfaction go to"
    """
    lang = check_lang(lang, "associations_sentence")
    table = result.table
    if table.empty:
        return gettext("No pair of unit measures could be compared.", lang)
    top = table.reindex(table["r"].abs().sort_values(ascending=False).index).iloc[0]
    units = int(top["units"])
    return ngettext(
        "Across {units} unit, {first} and {second} go together most closely (r = {r}, {level} interval "
        "{interval}, {p}); an association between units, not evidence that one causes the other.",
        "Across {units} units, {first} and {second} go together most closely (r = {r}, {level} interval "
        "{interval}, {p}); an association between units, not evidence that one causes the other.",
        units, lang).format(
        units=units, first=field(measure_name(top["first"], lang=lang)), second=field(measure_name(top["second"], lang=lang)),
        r=f"{top['r']:.2f}" if lang == "en" else format_number(top["r"], digits=2, lang=lang),
        level=level(result.confidence, lang), interval=format_interval(top["ci_low"], top["ci_high"], lang=lang),
        p=p_phrase(float(top["p_value"]), lang=lang))


def _interval_heading(confidence: float, lang: str) -> str:
    return pgettext("people", "{level} interval", lang).format(level=level(confidence, lang))


def associations_table(result, *, labels: Mapping[str, str] | None = None, lang: str = "en") -> pd.DataFrame:
    """The pairs of a :class:`cxtools.people.UnitAssociations` in plain words."""
    lang = check_lang(lang, "associations_table")
    t = result.table
    return pd.DataFrame({
        pgettext("table heading", "Measure", lang): [measure_name(x, labels, lang=lang) for x in t["first"]],
        pgettext("table heading", "Related to", lang): [measure_name(x, labels, lang=lang) for x in t["second"]],
        pgettext("unit table heading", "Units", lang): t["units"].astype(int),
        pgettext("table heading", "Correlation", lang): [format_number(r, digits=2, lang=lang) for r in t["r"]],
        _interval_heading(result.confidence, lang):
            [format_interval(a, b, lang=lang) for a, b in zip(t["ci_low"], t["ci_high"])],
        pgettext("table heading", "p-value", lang): [format_p_value(float(p), lang=lang) for p in t["p_value"]],
    })


def effect_sentence(effect, *, lang: str = "en") -> str:
    """What a :class:`cxtools.people.EngagementEffect` says, with its interval and the caveat."""
    lang = check_lang(lang, "effect_sentence")
    verdict = "" if effect.significant else gettext(
        " The interval includes zero: with this many units the data cannot tell the effect from none.", lang)
    direction = (pgettext("effect direction", "higher", lang) if effect.coefficient > 0
                 else pgettext("effect direction", "lower", lang))
    return gettext(
        "Customers of units whose staff are one standard deviation more engaged report {size} points {direction} "
        "{outcome} ({level} interval {interval}, {p}; {units} units, {customers} customers; {icc} of the "
        "differences in satisfaction lie between units).{verdict} This is an association between units, not proof"
        " that engagement causes satisfaction.", lang).format(
        size=f"{abs(effect.coefficient):.2f}" if lang == "en" else format_number(abs(effect.coefficient), digits=2,
                                                                                lang=lang),
        direction=direction, outcome=field(item_name(effect.outcome, lang=lang)),
        level=level(effect.confidence, lang), interval=format_interval(effect.ci_low, effect.ci_high, lang=lang),
        p=p_phrase(effect.p_value, lang=lang), units=effect.units, customers=_count(effect.customers, lang),
        icc=format_percent(effect.icc, lang=lang), verdict=verdict)


def effect_table(effect, *, lang: str = "en") -> pd.DataFrame:
    """A :class:`cxtools.people.EngagementEffect` as a one-row stakeholder table."""
    lang = check_lang(lang, "effect_table")
    return pd.DataFrame([{
        gettext("Effect per SD of unit engagement (points)", lang):
            format_number(effect.coefficient, digits=2, signed=True, lang=lang),
        _interval_heading(effect.confidence, lang): format_interval(effect.ci_low, effect.ci_high, signed=True,
                                                                    lang=lang),
        pgettext("table heading", "p-value", lang): format_p_value(effect.p_value, lang=lang),
        pgettext("unit table heading", "Units", lang): format_number(effect.units, lang=lang),
        pgettext("unit table heading", "Customers", lang): format_number(effect.customers, lang=lang),
        gettext("Share of variance between units", lang): format_percent(effect.icc, lang=lang),
    }])


def _signed_points(x: float, lang: str) -> str:
    return f"{x:+.0f}" if lang == "en" else format_number(x, signed=True, lang=lang)


def enps_summary(enps_overall: pd.DataFrame, *, confidence: float, units: int, wave=None, lang: str = "en") -> str:
    """The eNPS sentence of notebook 05: the overall eNPS with its interval, employees, wave and units."""
    lang = check_lang(lang, "enps_summary")
    row = enps_overall.iloc[0]
    n = int(row["n"])
    employees = ngettext("{n} employee", "{n} employees", n, lang).format(n=_count(n, lang))
    wave_text = gettext(", wave {wave}", lang).format(wave=field(wave)) if wave is not None else ""
    unit_text = ngettext("{units} unit", "{units} units", units, lang).format(units=units)
    return gettext("**eNPS {enps}** ({level} interval {interval}; {employees}{wave}, {units}).", lang).format(
        enps=_signed_points(row["enps"], lang), level=level(confidence, lang),
        interval=format_interval(row["ci_low"], row["ci_high"], digits=0, signed=True, lang=lang),
        employees=employees, wave=wave_text, units=unit_text)


def enps_finding(enps_overall: pd.DataFrame, *, lang: str = "en") -> str:
    """The eNPS line of the key findings."""
    row = enps_overall.iloc[0]
    n = int(row["n"])
    return ngettext("Employee NPS is {enps} (95% interval {interval}, {n} answer).",
                    "Employee NPS is {enps} (95% interval {interval}, {n} answers).", n, lang).format(
        enps=_signed_points(row["enps"], lang),
        interval=format_interval(row["ci_low"], row["ci_high"], digits=0, signed=True, lang=lang),
        n=_count(n, lang))


def enps_unit_table(by_unit: pd.DataFrame, *, confidence: float, lang: str = "en") -> pd.DataFrame:
    """eNPS per unit for the report: unit, employees answering, eNPS and its interval."""
    lang = check_lang(lang, "enps_unit_table")
    return pd.DataFrame({
        pgettext("table heading", "Unit", lang): by_unit["unit"],
        gettext("Employees answering", lang): by_unit["n"].astype(int),
        gettext("eNPS (points)", lang): by_unit["enps"].round(0).astype(int),
        _interval_heading(confidence, lang): [format_interval(a, b, digits=0, signed=True, lang=lang)
                                              for a, b in zip(by_unit["ci_low"], by_unit["ci_high"])],
    })


def unit_view_columns(*, scale, outcome, lang: str = "en") -> dict[str, str]:
    """Plain headers for the columns of :func:`cxtools.people.unit_table`.

    Examples
    --------
    >>> unit_view_columns(scale=(1, 5), outcome="overall_satisfaction")["engagement"]
    'Engagement (1-5)'
    """
    lang = check_lang(lang, "unit_view_columns")
    return {
        "employees": pgettext("unit table heading", "Employees", lang),
        "customers": pgettext("unit table heading", "Customers", lang),
        "avg_wait_minutes": gettext("Average wait (minutes)", lang),
        "n_repeat_contacts": gettext("Repeat contacts per customer", lang),
        "first_contact_resolution": gettext("First-contact resolution (share)", lang),
        "respondents": gettext("Customers answering", lang),
        "engagement": gettext("Engagement ({scale})", lang).format(scale="-".join(map(str, scale))),
        "enps": gettext("eNPS (points)", lang),
        "satisfaction": gettext("Customers' {outcome}", lang).format(outcome=item_name(outcome, lang=lang)),
    }
