"""Figures of hygiene factors and motivators (cxtools.plots.factors): what they draw, in both languages.

The plots are checked for the numbers they show, not only for their labels; a Russian figure
must not mix languages, so its words are checked for Latin-script words (names from the data
excepted), and the English words are pinned where they were before ``lang=`` existed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxtools import factors  # noqa: E402
from cxtools.core.errors import CxParameterError  # noqa: E402
from cxtools.plots import factors as plots  # noqa: E402
from cxtools.plots import style  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "factors"))  # factor_cases.py, shared test data
from factor_cases import CATEGORIES, LANG_ATTRIBUTES, language_results, latin_words, simulate_survey  # noqa: E402
from factor_cases import answers_for as _answers_for  # noqa: E402

ATTRIBUTES = LANG_ATTRIBUTES
_latin_words = latin_words


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return simulate_survey(2000, seed=11)


@pytest.fixture(scope="module")
def results():
    return language_results()


PLOTS = [
    (plots.plot_penalty_reward, "prca"),
    (plots.plot_kano, "kano"),
    (plots.plot_importance_performance, "ipa"),
    (plots.plot_importance_performance, "ipa_derived"),
    (plots.plot_positive_zone, "zone"),
    (plots.plot_critical_incidents, "incidents"),
]

def test_plots_return_axes_with_plain_labels(survey):
    kano_df = pd.DataFrame(
        _answers_for({"M": 30, "O": 5}, "price") + _answers_for({"A": 30, "I": 5}, "brand"),
        columns=["attribute", "functional", "dysfunctional"],
    )
    prca = factors.penalty_reward(survey)
    results = [
        (plots.plot_penalty_reward, prca),
        (plots.plot_kano, factors.kano_categories(kano_df)),
        (plots.plot_importance_performance, factors.importance_performance(survey)),
        (plots.plot_positive_zone, factors.positive_zone(survey, classification=prca)),
        (plots.plot_critical_incidents, factors.critical_incidents(
            pd.DataFrame({"valence": ["positive", "negative"] * 20, "category": ["a"] * 25 + ["b"] * 15}))),
    ]
    for plot, res in results:
        fig, ax = plt.subplots()
        out = plot(res, ax=ax)
        assert out is ax
        assert ax.get_xlabel() and ax.get_title()
        plt.close(fig)
    plt.close("all")


def test_plot_labels_read_as_words(survey):
    prca = factors.penalty_reward(survey)
    fig, ax = plt.subplots()
    plots.plot_penalty_reward(prca, ax=ax)
    labels = {t.get_text() for t in ax.texts}
    assert "good deal" in labels and "good_deal" not in labels
    fig, ax = plt.subplots()
    plots.plot_positive_zone(factors.positive_zone(survey, classification=prca), ax=ax)
    assert "good deal (motivator)" in [t.get_text() for t in ax.get_yticklabels()]
    plt.close("all")


def _points(ax):
    """(x, y) of every errorbar marker drawn on ``ax``, with the whisker extents."""
    from matplotlib.container import ErrorbarContainer

    out = []
    for c in ax.containers:
        if isinstance(c, ErrorbarContainer):
            xs, ys = c.lines[0].get_data()
            xbars, ybars = c.lines[2][0].get_segments(), c.lines[2][1].get_segments()
            for x, y, xb, yb in zip(xs, ys, xbars, ybars):
                out.append((float(x), float(y), float(xb[:, 0].min()), float(xb[:, 0].max()),
                            float(yb[:, 1].min()), float(yb[:, 1].max())))
    return sorted(out)


def test_factor_plots_draw_the_numbers_of_the_results(survey):
    """Issue 17: the plots are checked for what they show, not only for their labels."""
    prca = factors.penalty_reward(survey)
    fig, ax = plt.subplots()
    plots.plot_penalty_reward(prca, ax=ax)
    t = prca.table
    expected = sorted(zip(t["penalty"], t["reward"], t["penalty_ci_low"], t["penalty_ci_high"],
                          t["reward_ci_low"], t["reward_ci_high"]))
    np.testing.assert_allclose(_points(ax), expected)
    # the labels sit next to their points
    labelled = {a.get_text(): a.xy for a in ax.texts if hasattr(a, "xy")}
    for r in t.itertuples():
        assert labelled[r.attribute.replace("_", " ")] == pytest.approx((r.penalty, r.reward))

    kano_df = pd.DataFrame(
        _answers_for({"M": 30, "O": 5}, "price") + _answers_for({"A": 20, "I": 10, "O": 5}, "brand"),
        columns=["attribute", "functional", "dysfunctional"],
    )
    kano = factors.kano_categories(kano_df)
    fig, ax = plt.subplots()
    plots.plot_kano(kano, ax=ax)
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets, np.column_stack([-kano.table["worse"], kano.table["better"]]))
    np.testing.assert_allclose(offsets, [[35 / 35, 5 / 35], [5 / 35, 25 / 35]])  # by hand: price, brand

    ipa = factors.importance_performance(survey)
    fig, ax = plt.subplots()
    plots.plot_importance_performance(ipa, ax=ax)
    t = ipa.table
    np.testing.assert_allclose(_points(ax), sorted(zip(
        t["performance"], t["importance"], t["performance_ci_low"], t["performance_ci_high"],
        t["importance_ci_low"], t["importance_ci_high"])))
    crosshairs = {(tuple(line.get_xdata()), tuple(line.get_ydata())) for line in ax.lines}
    assert ((ipa.performance_crosshair, ipa.performance_crosshair), (0, 1)) in crosshairs
    assert ((0, 1), (ipa.importance_crosshair, ipa.importance_crosshair)) in crosshairs

    zone = factors.positive_zone(survey, classification=prca)
    fig, ax = plt.subplots()
    plots.plot_positive_zone(zone, ax=ax)
    bars = ax.patches[: len(zone.table)]
    shown = zone.table.iloc[::-1]  # most urgent at the top
    np.testing.assert_allclose([b.get_x() + b.get_width() for b in bars], shown["performance"])
    assert all(b.get_x() == zone.scale[0] for b in bars)
    assert [x.get_text().split(" (")[0] for x in ax.get_yticklabels()] == [a.replace("_", " ") for a in shown["attribute"]]
    assert any(tuple(line.get_xdata()) == (zone.threshold, zone.threshold) for line in ax.lines)

    incidents = factors.critical_incidents(pd.DataFrame({
        "valence": ["negative"] * 60 + ["positive"] * 50,
        "category": ["price"] * 40 + ["trust"] * 20 + ["price"] * 10 + ["trust"] * 40}))
    fig, ax = plt.subplots()
    plots.plot_critical_incidents(incidents, ax=ax)
    ordered = incidents.table.sort_values("difference")
    negative, positive = ax.containers[0], ax.containers[1]
    np.testing.assert_allclose([b.get_width() for b in negative], 100 * ordered["share_of_negative"])
    np.testing.assert_allclose([b.get_width() for b in positive], 100 * ordered["share_of_positive"])
    np.testing.assert_allclose([b.get_width() for b in negative], [100 * 40 / 60, 100 * 20 / 60])  # by hand
    plt.close("all")


# ------------------------------------------------------------------ in the report's language

def _figure_texts(plot, result, **kwargs) -> list[str]:
    fig, ax = plt.subplots(figsize=(7, 6))
    try:
        assert plot(result, ax=ax, **kwargs) is ax
        fig.canvas.draw()  # tick labels are made at drawing time
        return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    finally:
        plt.close(fig)


@pytest.mark.parametrize("plot, key", PLOTS, ids=[f"{p.__name__}-{k}" for p, k in PLOTS])
def test_russian_figures_have_no_english_words(results, plot, key):
    texts = _figure_texts(plot, results[key], lang="ru")
    assert _latin_words(texts, ATTRIBUTES + CATEGORIES) == [], texts
    # the figure does say something, in Cyrillic: title and x label
    assert any(re.search("[а-яё]", t) for t in texts)


@pytest.mark.parametrize("plot, key", PLOTS, ids=[f"{p.__name__}-{k}" for p, k in PLOTS])
def test_english_figures_keep_their_words(results, plot, key):
    texts = _figure_texts(plot, results[key])
    assert texts == _figure_texts(plot, results[key], lang="en")
    assert not any(re.search("[а-яё]", t) for t in texts)


def test_figure_words_in_russian_pin_the_main_labels(results):
    """Each figure's title and axis labels, word for word in both languages."""
    expected = {
        "prca": ("Penalty: drop in overall satisfaction when rated low (points)",
                 "Штраф: падение общей удовлетворённости при низкой оценке (баллы)",
                 "What costs and what adds satisfaction (penalty-reward contrast)",
                 "Что отнимает и что добавляет удовлетворённость (штрафы и награды)"),
        "kano": ("|Worse|: dissatisfaction when missing (share of customers)",
                 "|Индекс неудовлетворённости|: недовольство при отсутствии (доля клиентов)",
                 "Kano: satisfaction vs dissatisfaction potential", "Кано: потенциал удовлетворённости и недовольства"),
        "ipa": ("Performance: average rating (1-5)", "Исполнение: средняя оценка (1-5)",
                "Importance-performance grid", "Матрица важности и исполнения"),
        "zone": ("Average rating (1-5)", "Средняя оценка (1-5)",
                 "Is every factor in its positive zone?", "Все ли факторы в положительной зоне?"),
        "incidents": ("Share of incidents (%)", "Доля историй (%)",
                      "What the good and the bad stories are about (* = significant difference)",
                      "О чём хорошие и плохие истории (* = значимая разница)"),
    }
    drawers = {"prca": plots.plot_penalty_reward, "kano": plots.plot_kano,
               "ipa": plots.plot_importance_performance, "zone": plots.plot_positive_zone,
               "incidents": plots.plot_critical_incidents}
    for key, (x_en, x_ru, title_en, title_ru) in expected.items():
        for lang, x, title in (("en", x_en, title_en), ("ru", x_ru, title_ru)):
            fig, ax = plt.subplots()
            drawers[key](results[key], ax=ax, lang=lang)
            assert (ax.get_xlabel(), ax.get_title()) == (x, title), (key, lang)
            plt.close(fig)


def test_russian_figures_name_quadrants_legends_and_the_zone_in_russian(results):
    texts = _figure_texts(plots.plot_kano, results["kano"], lang="ru")
    assert {"привлекательный (мотиватор)", "одномерный (результат)", "обязательный (гигиенический)",
            "безразличный"} <= set(texts)
    texts = _figure_texts(plots.plot_importance_performance, results["ipa"], lang="ru")
    assert {"Сосредоточиться здесь", "Так держать", "Низкий приоритет", "Возможно, избыточно"} <= set(texts)
    texts = _figure_texts(plots.plot_penalty_reward, results["prca"], lang="ru")
    assert {"базовый: гигиенический фактор", "восхищающий: мотиватор"} <= set(texts)
    assert "зона гигиенических факторов:\nотнимает больше, чем добавляет" in texts
    texts = _figure_texts(plots.plot_positive_zone, results["zone"], lang="ru")
    assert " положительная зона (от 3,5)" in texts and "price (гигиенический)" in texts
    texts = _figure_texts(plots.plot_critical_incidents, results["incidents"], lang="ru")
    assert {"плохие истории (всего 60)", "хорошие истории (всего 60)"} <= set(texts)


def test_russian_figures_write_decimal_commas(results):
    fig, ax = plt.subplots()
    plots.plot_kano(results["kano"], ax=ax, lang="ru")
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "0,2" in ticks and not any("." in t for t in ticks)
    plt.close(fig)
    fig, ax = plt.subplots()
    plots.plot_kano(results["kano"], ax=ax)
    fig.canvas.draw()
    assert "0.2" in [t.get_text() for t in ax.get_xticklabels()]
    plt.close(fig)


def test_figure_catalogue_has_every_word_in_both_languages():
    en, ru = plots._figure_words("en"), plots._figure_words("ru")
    assert set(en) == set(ru)

    def leaves(value):
        if isinstance(value, dict):
            return [v for x in value.values() for v in leaves(x)]
        if isinstance(value, tuple):
            return [v for x in value for v in leaves(x)]
        return [value]

    for key in en:
        assert len(leaves(en[key])) == len(leaves(ru[key])), key
        for text in leaves(ru[key]):
            assert re.search("[А-Яа-яЁё]", text), (key, text)
            assert _latin_words([re.sub(r"\{\w+\}", "", text)]) == [], (key, text)


@pytest.mark.parametrize("plot", [p for p, _ in PLOTS[:2]] + [plots.plot_positive_zone])
def test_figure_language_is_checked(results, plot):
    key = {plots.plot_penalty_reward: "prca", plots.plot_kano: "kano", plots.plot_positive_zone: "zone"}[plot]
    with pytest.raises(CxParameterError, match="lang must be one of"):
        plot(results[key], lang="de")
    plt.close("all")


def test_the_plots_take_their_colours_from_the_style(survey):
    prca = factors.penalty_reward(survey)
    fig, ax = plt.subplots()
    plots.plot_positive_zone(factors.positive_zone(survey, classification=prca), ax=ax)
    shown = prca.table.set_index("attribute")["factor"]
    colours = {matplotlib.colors.to_hex(style.FACTOR_COLOURS[f]) for f in shown}
    assert {matplotlib.colors.to_hex(b.get_facecolor()[:3]) for b in ax.patches[: len(shown)]} == colours
    plt.close("all")


def test_the_old_names_still_work_for_one_release(survey):
    with pytest.warns(FutureWarning, match="cxtools.plots.factors.plot_kano"):
        assert factors.plot_kano is plots.plot_kano
