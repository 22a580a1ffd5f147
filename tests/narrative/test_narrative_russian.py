"""The Russian wording of the overview, layers, portfolio and people narrative, figures and labels.

A stakeholder report in Russian never mixes languages: every sentence, header and label these
modules build with ``lang="ru"`` is Russian, apart from names from the data, units and the
abbreviations a reader knows (NPS, eNPS, CSAT, CES, BG/NBD). Each test fails when a
translation is removed or left in English.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxtools import people, portfolio
from cxtools.narrative import layers as layer_words
from cxtools.narrative import overview as overview_words
from cxtools.narrative import people as people_words
from cxtools.narrative import portfolio as portfolio_words
from cxtools.narrative import sources as source_words
from cxtools.plots import labels
from cxtools.plots import people as people_plots
from cxtools.plots import portfolio as portfolio_plots

#: Latin words a Russian sentence may carry: abbreviations and the symbol of a correlation.
ABBREVIATIONS = {"NPS", "eNPS", "CSAT", "CES", "BG", "NBD", "sBG", "UTC", "PDF", "R²", "p", "r"}


def latin(text: str, *, names=()) -> set[str]:
    text = re.sub(r"\{[^}]*\}", " ", str(text))  # placeholders are filled in later
    words = {w.strip("'-") for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}
    allowed = ABBREVIATIONS | {w for n in names for w in re.findall(r"[A-Za-z]+", n)}
    return {w for w in words if w not in allowed and len(w) > 1}


def russian(text: str, *, names=()) -> bool:
    return bool(re.search("[а-яё]", str(text), re.I)) and not latin(text, names=names)


@pytest.mark.parametrize("table", [
    layer_words.words, source_words._headings, source_words._source_names, overview_words._headings,
    overview_words._requirements, overview_words._sections, overview_words._notebooks, overview_words._roles,
    people_words._measures, labels._items, labels._indicators], ids=lambda f: f.__module__ + "." + f.__name__)
def test_every_entry_has_a_russian_wording(table):
    assert set(table("en")) <= set(table("ru")) or table is labels._items
    for key, value in table("ru").items():
        assert russian(value), (key, value)


def test_section_sentences_and_source_names_of_notebook_05_are_russian():
    for section in ("the layered pie", "eNPS per unit", "people, operations and customers per unit",
                    "engagement and customers' satisfaction (multilevel model)", "client portfolio matrix",
                    "CX scorecard"):
        assert russian(overview_words.section_name(section, lang="ru"))
    for name in ("units", "customer_units"):
        assert russian(source_words.source_name(name, lang="ru"))
    for requirement in ("units", "customer_units", "customer_value"):
        assert russian(overview_words.requirement_name(requirement, lang="ru"))


def _matrix():
    rng = np.random.default_rng(1)
    data = pd.DataFrame({"customer_id": [f"C{i}" for i in range(90)], "value": rng.gamma(2, 500, 90),
                         "satisfaction": rng.integers(1, 11, 90), "churned": rng.integers(0, 2, 90)})
    return portfolio.portfolio_matrix(data, value="value", relationship="satisfaction", churn="churned")


def test_portfolio_matrix_in_russian():
    matrix = _matrix()
    table = portfolio_words.matrix_table(matrix, lang="ru")
    assert all(russian(c, names=["satisfaction"]) for c in table.columns)
    for column in ("Ценность клиента", "Отношения", "Стратегия"):
        assert all(russian(v) for v in table[column])
    assert russian(portfolio_words.matrix_sentence(matrix, lang="ru"))
    assert portfolio_words.matrix_table(matrix).columns[0] == "Customer value"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    portfolio_plots.plot_portfolio(matrix, ax=ax, lang="ru", currency_label="ценность, ₽")
    labels = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts] \
        + [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert all(russian(t, names=["satisfaction"]) for t in labels), labels
    plt.close(fig)


def test_scorecard_in_russian():
    history = pd.DataFrame({
        "layer": ["satisfaction", "satisfaction", "behaviour", "behaviour", "operations", "people"],
        "indicator": ["NPS", "NPS", "Monthly churn", "Monthly churn", "Average wait (minutes)", "eNPS"],
        "period": ["2026Q1", "2026Q2", "2026Q1", "2026Q2", "12 months to 2026-06", "to 2026-06"],
        "value": [20.0, 31.0, 0.02, 0.03, 5.5, -6.0]})
    card = portfolio.scorecard(history, targets={"NPS": 30, "Monthly churn": 0.02},
                               directions={"Monthly churn": "lower"}, units={"Monthly churn": "share"})
    table = portfolio_words.scorecard_table(card, lang="ru")
    assert all(russian(c) for c in table.columns)
    for column in ("Слой", "Показатель", "Статус"):
        assert all(russian(v) for v in table[column]), table[column].tolist()
    assert all(not latin(v) for v in table["Период"])
    assert russian(portfolio_words.scorecard_sentence(card, lang="ru"))
    assert labels.indicator_name("Overall satisfaction (1-10)", lang="ru") == "общая удовлетворённость (1-10)"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    portfolio_plots.plot_scorecard(card, ax=ax, lang="ru")
    assert all(russian(t) for t in [ax.get_title()] + [t.get_text() for t in ax.texts])
    plt.close(fig)


def test_unit_associations_and_engagement_effect_in_russian():
    units = pd.DataFrame({"engagement": [3.1, 3.5, 3.9, 4.2, 2.8, 3.3],
                          "satisfaction": [6.5, 7.0, 7.4, 8.1, 6.0, 6.6], "enps": [5, 10, 20, 30, -10, 0]})
    assoc = people.unit_associations(units)
    assert russian(people_words.associations_sentence(assoc, lang="ru"))
    table = people_words.associations_table(assoc, lang="ru")
    assert all(russian(c) for c in table.columns)
    assert all(russian(v) for v in table["Показатель"]) and "," in table["Корреляция"].iloc[0]
    effect = people.EngagementEffect(0.98, 0.57, 1.38, 1e-6, 30, 1090, 0.3, 0.7, 0.29, 0.95,
                                        "overall_satisfaction", "engagement")
    text = people_words.effect_sentence(effect, lang="ru")
    assert russian(text, names=["overall satisfaction"]) and "p < 0,001" in text and "1\xa0090" in text
    assert all(russian(c) for c in people_words.effect_table(effect, lang="ru").columns)
    assert people_words.effect_sentence(effect).startswith("Customers of units")


def test_layers_words_in_russian():
    inventory = pd.DataFrame([
        {"Layer": "behaviour", "Data": "transactions", "What it measures": "x", "Provided": "yes",
         "Rows used": "7,041 of 7,045", "Note": ""},
        {"Layer": "people", "Data": "customer units", "What it measures": "y", "Provided": "no", "Rows used": "--",
         "Note": "no customer_units source in the data description"}])
    table = layer_words.inventory_table(inventory, lang="ru")
    assert all(russian(c) for c in table.columns)
    assert table.iloc[0].tolist()[:5] == ["поведение", "покупки", "сколько и как часто покупают клиенты", "да",
                                          "7\xa0041 из 7\xa0045"]
    assert all(russian(v) for v in table.iloc[1].tolist() if v != "--")
    assert russian(layer_words.inventory_sentence(inventory, lang="ru"))
    by_unit = pd.DataFrame({"unit": ["Север", "Юг"], "n": [12, 20], "enps": [10.0, -5.0],
                            "ci_low": [-20.0, -30.0], "ci_high": [40.0, 20.0]})
    overall = pd.DataFrame({"enps": [-6.77], "ci_low": [-13.7], "ci_high": [0.2], "n": [502]})
    assert russian(people_words.enps_summary(overall, confidence=0.95, units=2, wave="2026-1", lang="ru"))
    assert all(russian(c) for c in people_words.enps_unit_table(by_unit, confidence=0.95, lang="ru").columns)
    findings = layer_words.whole_picture_findings(enps_overall=overall, matrix=_matrix(), lang="ru")
    assert findings.startswith("## Главные выводы") and russian(findings)
    assert all(russian(v) for k, v in people_words.unit_view_columns(scale=(1, 5), outcome="satisfaction",
                                                                  lang="ru").items() if k != "satisfaction")
    assert russian(portfolio_words.callback_sentence(278, written=False, lang="ru"))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    people_plots.plot_enps_units(by_unit, ax=ax, lang="ru")
    assert russian(ax.get_title()) and russian(ax.get_xlabel())
    plt.close(fig)
