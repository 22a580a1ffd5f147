"""The layered pie in words: which layers have data, the skip sentences and key findings of notebook 05.

The numbers come from :mod:`cxtools.layers`, :mod:`cxtools.people` and :mod:`cxtools.portfolio`;
here they become what a reader reads, in the report language.

Examples
--------
>>> words("en")["all_layers"]
'Every layer has data.'
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from cxtools.core.i18n import check_lang, gettext, ngettext, pgettext
from cxtools.core.wording import format_number, join_names
from cxtools.layers import LAYER_SOURCES, absent_layers
from cxtools.narrative.overview import requirement_name
from cxtools.narrative.people import associations_sentence, effect_sentence, enps_finding
from cxtools.narrative.portfolio import matrix_sentence, scorecard_sentence
from cxtools.plots.labels import layer_name

__all__ = ["words", "inventory_sentence", "inventory_table", "whole_picture_findings"]


@functools.lru_cache(maxsize=None)
def words(lang: str = "en") -> dict[str, str]:
    """The fixed sentences and labels of notebook 05 in the report language, by key.

    Keys: ``findings`` (the heading), ``no_findings``, ``all_layers``, ``unit``, ``enps_points``,
    the skip sentences ``no_enps_item``, ``no_engagement``, ``too_few_units``, ``no_outcome``,
    ``few_engaged``, ``no_relationship``, ``no_indicator``, the scorecard's ``links`` and
    ``no_links``, and ``value_axis`` (a template with ``{currency}``).
    """
    lang = check_lang(lang, "layers.words")
    return {
        "findings": gettext("## Key findings", lang),
        "no_findings": gettext("- No finding could be computed from the data provided.", lang),
        "all_layers": gettext("Every layer has data.", lang),
        "unit": pgettext("table heading", "Unit", lang),
        "enps_points": gettext("eNPS (points)", lang),
        "no_enps_item": gettext(
            "This section is skipped: the employee survey has no eNPS item (name it as employees.enps in the data "
            "description). With it the section would show the eNPS of each unit.", lang),
        "no_engagement": gettext(
            "This section is skipped: the employee survey has no engagement items (name them as "
            "employees.engagement in the data description). With them it would show each unit's engagement beside "
            "its operations and customers.", lang),
        "too_few_units": gettext(
            "With fewer than four units, or a single measure per unit, no association between units can be "
            "estimated.", lang),
        "no_outcome": gettext(
            "This section is skipped: it needs engagement items in the employee survey and an overall satisfaction "
            "or 0-10 recommendation item in the customer survey. With them it would show how much more satisfied "
            "the customers of more engaged units are.", lang),
        "few_engaged": gettext(
            "This section is skipped: fewer than five units have engagement scores, too few for a model with a "
            "random effect per unit.", lang),
        "no_relationship": gettext(
            "This section is skipped: the survey has neither an overall-satisfaction nor a 0-10 recommendation "
            "item to measure the relationship. With one it would show customers by value and relationship, with "
            "the strategy per cell.", lang),
        "no_indicator": gettext(
            "This section is skipped: no indicator could be computed from the data provided.", lang),
        "links": gettext(
            "**Links between the layers** (measured in this report; associations between units, not causes):",
            lang),
        "no_links": gettext(
            "No link between the layers could be measured here (it needs the employee layer linked to customers).",
            lang),
        "value_axis": gettext("value, {currency}", lang),
    }


def inventory_sentence(inventory: pd.DataFrame, *, lang: str = "en") -> str:
    """One sentence: every layer has data, or which layers have none.

    Examples
    --------
    >>> inv = pd.DataFrame({"Layer": ["people", "behaviour"], "Provided": ["no", "yes"]})
    >>> inventory_sentence(inv)[:32]
    'No data for the people layer: th'
    """
    lang = check_lang(lang, "inventory_sentence")
    absent = absent_layers(inventory)
    if not absent:
        return words(lang)["all_layers"]
    names = (", ".join(absent) if lang == "en"
             else join_names([layer_name(x, lang=lang) for x in absent], lang=lang))
    return ngettext(
        "No data for the {names} layer: the sections that need them say so below, and the scorecard shows the "
        "layers that are there.",
        "No data for the {names} layers: the sections that need them say so below, and the scorecard shows the "
        "layers that are there.", len(absent), lang).format(names=names)


@functools.lru_cache(maxsize=None)
def _sources(lang: str) -> dict[str, tuple[str, str]]:
    """Each layer source's name and what it measures."""
    return {
        "survey": (pgettext("layer source", "survey", lang),
                   gettext("what customers say: NPS, satisfaction, CSAT", lang)),
        "subscriptions": (pgettext("layer source", "subscriptions", lang),
                          gettext("whether customers stay (contracts)", lang)),
        "transactions": (pgettext("layer source", "transactions", lang),
                         gettext("how much and how often customers buy", lang)),
        "operations": (pgettext("layer source", "operations", lang),
                       gettext("waiting times, repeat contacts, first-contact resolution", lang)),
        "employees": (pgettext("layer source", "employees", lang),
                      gettext("employee survey: engagement and eNPS", lang)),
        "units": (pgettext("layer source", "units", lang),
                  gettext("the service units (branches, stores, teams)", lang)),
        "customer_units": (pgettext("layer source", "customer units", lang),
                           gettext("which unit serves which customer", lang)),
    }


def inventory_table(inventory: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """:func:`cxtools.layers.layer_inventory` for the report: plain headers and words in the report language.

    Examples
    --------
    >>> inv = pd.DataFrame([{"Layer": "behaviour", "Data": "transactions", "What it measures": "x", "Provided": "yes",
    ...                      "Rows used": "1 of 1", "Note": ""}])
    >>> inventory_table(inv).columns[-1]
    'Why it is missing'
    >>> inventory_table(inv, lang="ru").iloc[0, 0] == layer_name("behaviour", lang="ru") != "behaviour"
    True
    """
    lang = check_lang(lang, "inventory_table")
    why = gettext("Why it is missing", lang)
    if lang == "en":
        return inventory.rename(columns={"Note": why})
    key = {source.replace("_", " "): source for sources in LAYER_SOURCES.values() for source, _ in sources}
    names = _sources(lang)

    def rows_used(text):
        found = re.fullmatch(r"([\d,]+) of ([\d,]+)", str(text))
        if not found:
            return text
        a, b = (format_number(int(x.replace(",", "")), lang=lang) for x in found.groups())
        return gettext("{a} of {b}", lang).format(a=a, b=b)

    def note(source, text):
        if not text:
            return ""
        if text.startswith("could not be read"):
            return gettext("could not be read", lang)
        return gettext("not in the data: {what}", lang).format(what=requirement_name(source, lang=lang))

    sources = [key.get(d, d) for d in inventory["Data"]]
    return pd.DataFrame({
        pgettext("scorecard heading", "Layer", lang): [layer_name(x, lang=lang) for x in inventory["Layer"]],
        gettext("Data", lang): [names.get(s, (s, ""))[0] for s in sources],
        gettext("What it measures", lang): [names.get(s, ("", t))[1]
                                            for s, t in zip(sources, inventory["What it measures"])],
        gettext("Provided", lang): [pgettext("answer", "yes", lang) if x == "yes" else pgettext("answer", "no", lang)
                                    for x in inventory["Provided"]],
        gettext("Rows used", lang): [rows_used(x) for x in inventory["Rows used"]],
        why: [note(s, t) for s, t in zip(sources, inventory["Note"])],
    })


def whole_picture_findings(*, enps_overall: pd.DataFrame | None = None, effect=None, associations=None,
                           matrix=None, card=None, lang: str = "en") -> str:
    """The "Key findings" list of notebook 05, from its results only (three to six sentences).

    Every sentence is built from a result that was computed on this data: the eNPS with
    its interval, the multilevel engagement effect (its interval says whether the data
    can tell it from none), the strongest unit-level association, the portfolio's value
    in the cells to invest in, and the scorecard's status. Missing results add nothing.

    Returns
    -------
    str
        Markdown: a "## Key findings" heading and a bulleted list (empty when nothing was computed).

    Examples
    --------
    >>> whole_picture_findings()
    ''
    """
    lang = check_lang(lang, "whole_picture_findings")
    items = []
    if enps_overall is not None and len(enps_overall):
        items.append(enps_finding(enps_overall, lang=lang))
    if effect is not None:
        items.append(effect_sentence(effect, lang=lang))
    elif associations is not None and len(associations.table):
        items.append(associations_sentence(associations, lang=lang))
    if matrix is not None:
        items.append(matrix_sentence(matrix, lang=lang))
    if card is not None and len(card.table):
        items.append(scorecard_sentence(card, lang=lang))
    if not items:
        return ""
    return words(lang)["findings"] + "\n\n" + "\n".join(f"- {s}" for s in items[:6])
