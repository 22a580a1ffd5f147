"""The data overview in words: the tables and sentences of notebook 00, and the skip sentences of sections.

The numbers come from :mod:`cxtools.overview` (what was loaded) and the data description's plan
(what each report will run); here they become plain tables and sentences in the report
language (``lang="en"`` or ``"ru"``). The rows-read and rejected-rows tables are in
:mod:`cxtools.narrative.sources`.

Examples
--------
>>> section_name("CX scorecard"), section_name("CX scorecard", lang="ru") != "CX scorecard"
('CX scorecard', True)
"""

from __future__ import annotations

import functools

from cxtools.core.i18n import check_lang, gettext, ngettext, pgettext
from cxtools.core.wording import format_date, format_number, format_percent, join_names, rejection_reason
from cxtools.data.description import REQUIREMENTS, plan, section_status
from cxtools.overview import date_ranges, missing_requirements
from cxtools.narrative.sources import escaped, source_name
from cxtools.plots.labels import item_name

__all__ = [
    "item_name",
    "source_name",
    "escaped",
    "requirement_name",
    "section_name",
    "notebook_name",
    "section_sentence",
    "notes_table",
    "plan_table",
    "date_spans",
    "survey_items",
    "findings",
    "loads_sentence",
    "no_rejected_sentence",
    "no_notes_sentence",
    "as_of_sentence",
    "customers_without_groups_sentence",
]


@functools.lru_cache(maxsize=None)
def _headings(lang: str) -> dict[str, str]:
    return {
        "source": pgettext("sources heading", "Source", lang),
        "reason": pgettext("sources heading", "Reason", lang),
        "column": pgettext("sources heading", "Column", lang),
        "rows": pgettext("overview heading", "Rows", lang),
        "note": pgettext("overview heading", "Note", lang),
        "notebook": pgettext("overview heading", "Report", lang),
        "section": pgettext("overview heading", "Section", lang),
        "status": pgettext("overview heading", "Runs", lang),
        "why": pgettext("overview heading", "Why / what it does without", lang),
        "yes": pgettext("section runs", "yes", lang),
        "no": pgettext("section runs", "skipped", lang),
        "first": pgettext("overview heading", "First date", lang),
        "last": pgettext("overview heading", "Last date", lang),
        "item": pgettext("overview heading", "Item", lang),
        "role": pgettext("overview heading", "Role", lang),
        "scale": pgettext("overview heading", "Scale", lang),
        "answered": pgettext("overview heading", "Answers", lang),
        "missing": pgettext("overview heading", "Skipped", lang),
    }


@functools.lru_cache(maxsize=None)
def _requirements(lang: str) -> dict[str, str]:
    """Requirement key -> words; English from the description's registry, other languages from the catalogue."""
    if lang == "en":
        return dict(REQUIREMENTS)
    return {
        "any": pgettext("data requirement", "any", lang),
        "customers": pgettext("data requirement", "customers", lang),
        "subscriptions": pgettext("data requirement", "subscriptions", lang),
        "transactions": pgettext("data requirement", "transactions", lang),
        "survey": pgettext("data requirement", "survey", lang),
        "kano": pgettext("data requirement", "kano", lang),
        "incidents": pgettext("data requirement", "incidents", lang),
        "operations": pgettext("data requirement", "operations", lang),
        "employees": pgettext("data requirement", "employees", lang),
        "survey.recommend": pgettext("data requirement", "survey.recommend", lang),
        "survey.overall_satisfaction": pgettext("data requirement", "survey.overall_satisfaction", lang),
        "survey.attributes": pgettext("data requirement", "survey.attributes", lang),
        "survey.importance": pgettext("data requirement", "survey.importance", lang),
        "survey.csat": pgettext("data requirement", "survey.csat", lang),
        "survey.ces": pgettext("data requirement", "survey.ces", lang),
        "survey.likert": pgettext("data requirement", "survey.likert", lang),
        "survey.segment": pgettext("data requirement", "survey.segment", lang),
        "survey.wave": pgettext("data requirement", "survey.wave", lang),
        "survey.weight": pgettext("data requirement", "survey.weight", lang),
        "survey.customer_link": pgettext("data requirement", "survey.customer_link", lang),
        "units": pgettext("data requirement", "units", lang),
        "customer_units": pgettext("data requirement", "customer_units", lang),
        "customer_value": pgettext("data requirement", "customer_value", lang),
    }


def requirement_name(requirement: str, *, lang: str = "en") -> str:
    """What a section's requirement (``survey.recommend``, ``customer_value``, a source) asks for, in words.

    Examples
    --------
    >>> requirement_name("customer_value")
    'contracts (subscriptions) or a transaction log (transactions)'
    """
    return _requirements(check_lang(lang, "requirement_name")).get(requirement, requirement)


@functools.lru_cache(maxsize=None)
def _sections(lang: str) -> dict[str, str]:
    names = [
        pgettext("report section", "rows read, accepted and rejected per source", lang),
        pgettext("report section", "customer base", lang),
        pgettext("report section", "contract tenure", lang),
        pgettext("report section", "one-off purchases", lang),
        pgettext("report section", "survey responses", lang),
        pgettext("report section", "contract survival (Kaplan-Meier)", lang),
        pgettext("report section", "cohort retention", lang),
        pgettext("report section", "contract retention model (sBG) and lifetime value", lang),
        pgettext("report section", "repeat-buying models (BG/NBD, Pareto/NBD)", lang),
        pgettext("report section", "holdout check of the repeat-buying model", lang),
        pgettext("report section", "lifetime value from purchases (Gamma-Gamma)", lang),
        pgettext("report section", "what a better experience is worth", lang),
        pgettext("report section", "penalty-reward analysis (hygiene factors and motivators)", lang),
        pgettext("report section", "importance-performance", lang),
        pgettext("report section", "Kano classification", lang),
        pgettext("report section", "Kano compared with the survey", lang),
        pgettext("report section", "critical incidents", lang),
        pgettext("report section", "answers per item", lang),
        pgettext("report section", "overall satisfaction with its interval", lang),
        pgettext("report section", "NPS with its interval", lang),
        pgettext("report section", "CSAT", lang),
        pgettext("report section", "CES", lang),
        pgettext("report section", "NPS by segment", lang),
        pgettext("report section", "trend over waves", lang),
        pgettext("report section", "weighting and raking", lang),
        pgettext("report section", "Likert items and scale reliability", lang),
        pgettext("report section", "driver analysis", lang),
        pgettext("report section", "linking survey answers to customers", lang),
        pgettext("report section", "satisfaction and churn", lang),
        pgettext("report section", "NPS groups and customer value", lang),
        pgettext("report section", "operations and satisfaction", lang),
        pgettext("report section", "purchases and satisfaction", lang),
        pgettext("report section", "value of a CX programme", lang),
        pgettext("report section", "the layered pie", lang),
        pgettext("report section", "eNPS per unit", lang),
        pgettext("report section", "people, operations and customers per unit", lang),
        pgettext("report section", "engagement and customers' satisfaction (multilevel model)", lang),
        pgettext("report section", "client portfolio matrix", lang),
        pgettext("report section", "CX scorecard", lang),
    ]
    return dict(zip(_SECTION_IDS, names))


#: The sections of the description's registry, in the order of :func:`_sections`.
_SECTION_IDS = ("rows read, accepted and rejected per source", "customer base", "contract tenure", "one-off purchases",
            "survey responses", "contract survival (Kaplan-Meier)", "cohort retention",
            "contract retention model (sBG) and lifetime value", "repeat-buying models (BG/NBD, Pareto/NBD)",
            "holdout check of the repeat-buying model", "lifetime value from purchases (Gamma-Gamma)",
            "what a better experience is worth", "penalty-reward analysis (hygiene factors and motivators)",
            "importance-performance", "Kano classification", "Kano compared with the survey", "critical incidents",
            "answers per item", "overall satisfaction with its interval", "NPS with its interval", "CSAT", "CES",
            "NPS by segment", "trend over waves", "weighting and raking", "Likert items and scale reliability",
            "driver analysis", "linking survey answers to customers", "satisfaction and churn",
            "NPS groups and customer value", "operations and satisfaction", "purchases and satisfaction",
            "value of a CX programme", "the layered pie", "eNPS per unit",
            "people, operations and customers per unit",
            "engagement and customers' satisfaction (multilevel model)", "client portfolio matrix", "CX scorecard")


def section_name(section: str, *, lang: str = "en") -> str:
    """A report section's name (as the description's registry names it) in the report language."""
    return _sections(check_lang(lang, "section_name")).get(section, section)


@functools.lru_cache(maxsize=None)
def _notebooks(lang: str) -> dict[str, str]:
    return {"01_ltv": pgettext("report name", "01 customer value", lang),
            "02_herzberg": pgettext("report name", "02 hygiene factors and motivators", lang),
            "03_survey": pgettext("report name", "03 survey metrics", lang),
            "04_cx_value": pgettext("report name", "04 value of customer experience", lang),
            "00_data_overview": pgettext("report name", "00 data overview", lang),
            "05_whole_picture": pgettext("report name", "05 the whole picture", lang)}


def notebook_name(notebook: str, *, lang: str = "en") -> str:
    """A report's number and plain name (``01_ltv`` -> ``01 customer value``)."""
    return _notebooks(check_lang(lang, "notebook_name")).get(notebook, notebook)


def _reason(description, notebook: str, section: str, runs: bool, lang: str) -> str:
    """Why a section is skipped, or what it runs without, in a language other than English."""
    missing = missing_requirements(description, notebook, section, runs=runs)
    names = [requirement_name(r, lang=lang) for r in missing]
    if runs:
        return gettext("runs without: {names}", lang).format(names=", ".join(names)) if names else ""
    return gettext("needs: {names}", lang).format(names="; ".join(names))


def section_sentence(description, notebook: str, section: str, *, lang: str = "en") -> str:
    """The plain sentence a skipped section shows, in the report language (empty when it runs)."""
    lang = check_lang(lang, "section_sentence")
    status = section_status(description, notebook, section)
    if status.runs or lang == "en":
        return status.sentence
    return gettext("The section {section} is skipped: {reason}.", lang).format(
        section=section_name(section, lang=lang), reason=_reason(description, notebook, section, False, lang))


def notes_table(loads, *, lang: str = "en"):
    """What the loaders read in a way worth knowing (generated ids, open-ended dates, zero orders...)."""
    import pandas as pd

    lang = check_lang(lang, "notes_table")
    w = _headings(lang)
    rows = [(source_name(name, lang=lang), rejection_reason(note, lang=lang)) for name, res in loads.results.items()
            for note in getattr(res, "notes", ())]
    return pd.DataFrame(rows, columns=[w["source"], w["note"]])


def plan_table(description, *, lang: str = "en", notebooks=None):
    """What each report will run on this data and what it skips, with the reason.

    Built from :func:`cxtools.data.description.plan`; the English reasons are the plan's own words.
    """
    import pandas as pd

    lang = check_lang(lang, "plan_table")
    w = _headings(lang)
    planned = plan(description)
    if notebooks is not None:
        planned = planned[planned["notebook"].isin(list(notebooks))]
    return pd.DataFrame({
        w["notebook"]: [notebook_name(n, lang=lang) for n in planned["notebook"]],
        w["section"]: planned["section"].to_numpy() if lang == "en"
        else [section_name(n, lang=lang) for n in planned["section"]],
        w["status"]: [w["yes"] if r else w["no"] for r in planned["runs"]],
        w["why"]: planned["reason"].fillna("").to_numpy() if lang == "en"
        else [_reason(description, n, sec, bool(r), lang)
              for n, sec, r in zip(planned["notebook"], planned["section"], planned["runs"])],
    })


def date_spans(loads, *, lang: str = "en"):
    """First and last date of every date column of the accepted rows, per source.

    The dates are :func:`cxtools.overview.date_ranges`, written as a reader expects them.
    """
    import pandas as pd

    lang = check_lang(lang, "date_spans")
    w = _headings(lang)
    spans = date_ranges(loads)
    return pd.DataFrame({w["source"]: [source_name(s, lang=lang) for s in spans["source"]],
                         w["column"]: spans["column"].to_numpy(),
                         w["first"]: [format_date(d, lang=lang) for d in spans["first"]],
                         w["last"]: [format_date(d, lang=lang) for d in spans["last"]],
                         w["rows"]: [format_number(int(n), lang=lang) for n in spans["rows"]]},
                        columns=[w["source"], w["column"], w["first"], w["last"], w["rows"]])


@functools.lru_cache(maxsize=None)
def _roles(lang: str) -> dict[str, str]:
    return {"overall_satisfaction": pgettext("survey role", "overall satisfaction", lang),
            "recommend": pgettext("survey role", "likelihood to recommend (NPS)", lang),
            "csat": pgettext("survey role", "CSAT", lang), "ces": pgettext("survey role", "CES", lang),
            "attributes": pgettext("survey role", "attribute rating", lang),
            "importance": pgettext("survey role", "stated importance", lang),
            "likert": pgettext("survey role", "Likert item", lang),
            "other": pgettext("survey role", "other item", lang)}


def survey_items(description, data, *, lang: str = "en"):
    """The survey's answer items with their role and scale (from the description) and answer counts."""
    import pandas as pd

    lang = check_lang(lang, "survey_items")
    w = _headings(lang)
    roles = description.survey
    role_of = {}
    for role in ("overall_satisfaction", "recommend"):
        if getattr(roles, role):
            role_of[getattr(roles, role)] = role
    for role in ("csat", "ces"):
        box = getattr(roles, role)
        if box is not None:
            role_of[box.item] = role
    for col in roles.attribute_columns(data.columns):
        role_of.setdefault(col, "attributes")
    for col in roles.importance_columns(data.columns):
        role_of.setdefault(col, "importance")
    for col in roles.likert:
        role_of.setdefault(col, "likert")
    rows = []
    for col in data.columns:
        scale = roles.scale_of(col)
        if col not in role_of and scale is None:
            continue
        if col not in data:
            continue
        role = _roles(lang)[role_of.get(col, "other")]
        if col in roles.reversed:
            role = pgettext("survey role", "{role} (reversed)", lang).format(role=role)
        rows.append({w["item"]: str(col), w["role"]: role,
                     w["scale"]: f"{scale[0]:g}-{scale[1]:g}" if scale else "",
                     w["answered"]: format_number(int(data[col].notna().sum()), lang=lang),
                     w["missing"]: format_number(int(data[col].isna().sum()), lang=lang)})
    return pd.DataFrame(rows, columns=[w["item"], w["role"], w["scale"], w["answered"], w["missing"]])


def loads_sentence(loads, *, lang: str = "en") -> str:
    """One sentence on what :func:`cxtools.overview.load_sources` read.

    Examples
    --------
    >>> from cxtools.overview import SourceLoads
    >>> loads_sentence(SourceLoads())
    '0 sources read: 0 rows, 0 set aside.'
    """
    lang = check_lang(lang, "loads_sentence")
    n = len(loads.results)
    text = ngettext("{n} source read: {read} rows, {rejected} set aside",
                    "{n} sources read: {read} rows, {rejected} set aside", n, lang).format(
        n=n, read=format_number(loads.n_read, lang=lang), rejected=format_number(loads.n_rejected, lang=lang))
    if loads.errors:
        text += gettext("; {n} could not be read", lang).format(n=len(loads.errors))
    return text + "."


def findings(loads, description, *, lang: str = "en") -> str:
    """The "Key findings" Markdown of the overview: sources, rows set aside, top reason, dates, plan.

    Every number comes from ``loads`` and the plan; values as typed are never quoted.
    """
    import pandas as pd

    lang = check_lang(lang, "findings")
    lines = [gettext("## Key findings", lang), ""]
    names = [source_name(n, lang=lang) for n in loads.results]
    read, rejected = loads.n_read, loads.n_rejected
    share = rejected / read if read else 0.0
    digits = 1 if share == 0 or share >= 0.01 else 2
    first = ngettext("- The data hold {n} source ({names}): ", "- The data hold {n} sources ({names}): ",
                     len(names), lang).format(n=len(names), names=join_names(names, lang=lang))
    first += ngettext("{read} row read, ", "{read} rows read, ", read, lang).format(
        read=format_number(read, lang=lang))
    if rejected:
        first += gettext("{accepted} accepted and {rejected} ({share}) set aside with their reasons; every row is "
                         "accounted for.", lang).format(
            accepted=format_number(read - rejected, lang=lang), rejected=format_number(rejected, lang=lang),
            share=format_percent(share, digits=digits, lang=lang))
    else:
        first += gettext("every one of them accepted: no row was set aside.", lang)
    lines.append(first)
    if loads.errors:
        bad = join_names([source_name(n, lang=lang) for n in loads.errors], lang=lang)
        lines.append(gettext("- {names}: the file could not be read; the table below says why.", lang).format(
            names=bad))
    worst = max(loads.results.items(), key=lambda kv: (kv[1].n_rejected / kv[1].n_read) if kv[1].n_read else 0,
                default=None)
    if worst is not None and worst[1].n_rejected:
        name, res = worst
        top = int(res.summary().iloc[0]["rows"])
        lines.append(ngettext(
            "- The largest share set aside is in the {source} ({rejected} of {read} rows, {share}); the most "
            "common problem there affects {top} row.",
            "- The largest share set aside is in the {source} ({rejected} of {read} rows, {share}); the most "
            "common problem there affects {top} rows.", top, lang).format(
            source=source_name(name, lang=lang), rejected=format_number(res.n_rejected, lang=lang),
            read=format_number(res.n_read, lang=lang),
            share=format_percent(res.n_rejected / res.n_read, digits=1, lang=lang),
            top=format_number(top, lang=lang)))
    dates = []
    for res in loads.results.values():
        for col in res.data.columns:
            if pd.api.types.is_datetime64_any_dtype(res.data[col]):
                dates.append(res.data[col].dropna())
    if dates and sum(len(d) for d in dates):
        values = pd.concat(dates)
        span = {"first": format_date(values.min(), lang=lang), "last": format_date(values.max(), lang=lang)}
        if loads.as_of is not None:
            text = gettext("- The dates run from {first} to {last}; the reports use {as_of} as the as-of date.",
                           lang).format(as_of=format_date(loads.as_of, lang=lang), **span)
        else:
            text = gettext("- The dates run from {first} to {last}.", lang).format(**span)
        lines.append(text.rstrip(".") + ".")
    planned = plan(description)
    planned = planned[planned["notebook"] != "00_data_overview"]
    n_run = int(planned["runs"].sum())
    if n_run == len(planned):
        lines.append(gettext("- The later reports can run all {n} of their sections on these data.", lang).format(
            n=format_number(n_run, lang=lang)))
    else:
        lines.append(gettext(
            "- The later reports can run {n_run} of their {n} sections on these data; the rest are skipped for "
            "missing inputs, listed below.", lang).format(n_run=format_number(n_run, lang=lang),
                                                          n=format_number(len(planned), lang=lang)))
    return "\n".join(lines)


def no_rejected_sentence(*, lang: str = "en") -> str:
    """What the overview says when no row of any source was set aside."""
    return gettext("Every row of every source passed the checks.", lang)


def no_notes_sentence(*, lang: str = "en") -> str:
    """What the overview says when the loaders noted nothing."""
    return gettext("The loaders had nothing further to note.", lang)


def as_of_sentence(as_of, *, given: bool, lang: str = "en") -> str:
    """Which as-of date the reports use, and where it came from (``given`` as a parameter, else the data).

    Examples
    --------
    >>> as_of_sentence(None, given=False)[:40]
    'The data hold no transactions or contrac'
    """
    if as_of is None:
        return gettext("The data hold no transactions or contracts with dates, so no as-of date is taken from "
                       "them.", lang)
    if given:
        text = gettext("The reports count everything up to {date} (the as-of date given); later dates are set "
                       "aside.", lang)
    else:
        text = gettext("The reports count everything up to {date} (the last date in the data); later dates are "
                       "set aside.", lang)
    return text.format(date=format_date(as_of, lang=lang))


def customers_without_groups_sentence(n: int, *, lang: str = "en") -> str:
    """What the overview says of a customer list without segment or region."""
    return ngettext("{n} customer; the list has no segment or region.",
                    "{n} customers; the list has no segment or region.", n, lang).format(
        n=format_number(n, lang=lang))
