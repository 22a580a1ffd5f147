"""The factors module in the report's language: figures, report tables, findings and the action list.

A Russian stakeholder report must not mix languages, so every word a figure, table or
sentence of this module shows in Russian is checked for Latin-script words (names from the
data excepted); the English output is pinned where it was before ``lang=`` existed.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxtools import factors  # noqa: E402
from cxtools.core.errors import CxParameterError  # noqa: E402

ATTRIBUTES = ["price", "quality", "support", "good_deal", "brand"]
CATEGORIES = ["waiting", "staff", "prices"]
#: Latin words a Russian text may contain besides the data's own names: symbols and abbreviations.
ALLOWED = {"p", "n", "kano"}


def _latin_words(texts, names=()) -> list[str]:
    allowed = ALLOWED | {w.casefold() for name in names for w in re.split(r"[\s_]+", str(name))}
    words = {w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'-]*", str(t))}
    return sorted(w for w in words if w.casefold() not in allowed and len(w) > 1)


@pytest.fixture(scope="module")
def results():
    rng = np.random.default_rng(7)
    n = 900
    survey = pd.DataFrame({f"rating_{a}": rng.integers(1, 6, n) for a in ATTRIBUTES})
    survey["overall_satisfaction"] = (6 - 1.5 * (survey.rating_price <= 2) - 1.2 * (survey.rating_quality <= 2)
                                      + 1.0 * (survey.rating_good_deal >= 4) + 0.9 * (survey.rating_brand >= 4)
                                      + 0.4 * (survey.rating_support - 3) + rng.normal(0, 1, n))
    for a in ATTRIBUTES:
        survey[f"importance_{a}"] = rng.integers(2, 6, n)
    kano_rows = ([("price", "expect", "dislike")] * 40 + [("price", "neutral", "dislike")] * 10
                 + [("brand", "like", "neutral")] * 40 + [("brand", "neutral", "neutral")] * 10
                 + [("support", "like", "dislike")] * 30 + [("support", "neutral", "neutral")] * 20)
    kano = factors.kano_categories(pd.DataFrame(kano_rows, columns=["attribute", "functional", "dysfunctional"]))
    incidents = factors.critical_incidents(pd.DataFrame({
        "valence": ["negative"] * 60 + ["positive"] * 60,
        "category": ["waiting"] * 35 + ["staff"] * 15 + ["prices"] * 10 + ["waiting"] * 5 + ["staff"] * 45
        + ["prices"] * 10,
    }))
    prca = factors.penalty_reward(survey)
    return {
        "prca": prca,
        "iai": factors.impact_asymmetry(survey, n_boot=100, seed=1),
        "kano": kano,
        "ipa": factors.importance_performance(survey, importance="stated"),
        "ipa_derived": factors.importance_performance(survey, overall="overall_satisfaction", n_boot=50, seed=1),
        "zone": factors.positive_zone(survey, classification=prca, threshold=3.5),
        "incidents": incidents,
        "fong": factors.fong_test(30, 12, 60, first="M", second="O"),
    }


PLOTS = [
    (factors.plot_penalty_reward, "prca"),
    (factors.plot_kano, "kano"),
    (factors.plot_importance_performance, "ipa"),
    (factors.plot_importance_performance, "ipa_derived"),
    (factors.plot_positive_zone, "zone"),
    (factors.plot_critical_incidents, "incidents"),
]


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
    plots = {"prca": factors.plot_penalty_reward, "kano": factors.plot_kano,
             "ipa": factors.plot_importance_performance, "zone": factors.plot_positive_zone,
             "incidents": factors.plot_critical_incidents}
    for key, (x_en, x_ru, title_en, title_ru) in expected.items():
        for lang, x, title in (("en", x_en, title_en), ("ru", x_ru, title_ru)):
            fig, ax = plt.subplots()
            plots[key](results[key], ax=ax, lang=lang)
            assert (ax.get_xlabel(), ax.get_title()) == (x, title), (key, lang)
            plt.close(fig)


def test_russian_figures_name_quadrants_legends_and_the_zone_in_russian(results):
    texts = _figure_texts(factors.plot_kano, results["kano"], lang="ru")
    assert {"привлекательный (мотиватор)", "одномерный (результат)", "обязательный (гигиенический)",
            "безразличный"} <= set(texts)
    texts = _figure_texts(factors.plot_importance_performance, results["ipa"], lang="ru")
    assert {"Сосредоточиться здесь", "Так держать", "Низкий приоритет", "Возможно, избыточно"} <= set(texts)
    texts = _figure_texts(factors.plot_penalty_reward, results["prca"], lang="ru")
    assert {"базовый: гигиенический фактор", "восхищающий: мотиватор"} <= set(texts)
    assert "зона гигиенических факторов:\nотнимает больше, чем добавляет" in texts
    texts = _figure_texts(factors.plot_positive_zone, results["zone"], lang="ru")
    assert " положительная зона (от 3,5)" in texts and "price (гигиенический)" in texts
    texts = _figure_texts(factors.plot_critical_incidents, results["incidents"], lang="ru")
    assert {"плохие истории (всего 60)", "хорошие истории (всего 60)"} <= set(texts)


def test_russian_figures_write_decimal_commas(results):
    fig, ax = plt.subplots()
    factors.plot_kano(results["kano"], ax=ax, lang="ru")
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "0,2" in ticks and not any("." in t for t in ticks)
    plt.close(fig)
    fig, ax = plt.subplots()
    factors.plot_kano(results["kano"], ax=ax)
    fig.canvas.draw()
    assert "0.2" in [t.get_text() for t in ax.get_xticklabels()]
    plt.close(fig)


def test_figure_catalogue_has_every_word_in_both_languages():
    en, ru = factors._PLOT_WORDS["en"], factors._PLOT_WORDS["ru"]
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


@pytest.mark.parametrize("plot", [p for p, _ in PLOTS[:2]] + [factors.plot_positive_zone])
def test_figure_language_is_checked(results, plot):
    key = {factors.plot_penalty_reward: "prca", factors.plot_kano: "kano", factors.plot_positive_zone: "zone"}[plot]
    with pytest.raises(CxParameterError, match="lang must be one of"):
        plot(results[key], lang="de")
    plt.close("all")


# ------------------------------------------------------------------ report tables


@pytest.mark.parametrize("key", ["prca", "iai", "kano", "ipa", "zone", "incidents", "fong"])
def test_report_table_takes_lang_and_matches_localise_table(results, key):
    res = results[key]
    english = res.report_table()
    pd.testing.assert_frame_equal(res.report_table(lang="en"), english)
    russian = res.report_table(lang="ru")
    pd.testing.assert_frame_equal(russian, factors.localise_table(english, lang="ru"))
    assert russian.shape == english.shape
    cells = [v for col in russian.columns if col not in ("Атрибут", "Категория") for v in russian[col]]
    assert _latin_words(list(russian.columns) + cells, ATTRIBUTES + CATEGORIES) == [], russian
    with pytest.raises(CxParameterError):
        res.report_table(lang="de")


def test_russian_report_table_writes_numbers_and_intervals_the_russian_way(results):
    prca = results["prca"]
    t = prca.table.set_index("attribute").loc["price"]
    row = prca.report_table(lang="ru").set_index("Атрибут").loc["price"]
    assert row["Штраф (потеря баллов)"] == f"{t.penalty:.2f}".replace(".", ",")
    assert row["Штраф: интервал 95%"] == f"от {t.penalty_ci_low:.2f} до {t.penalty_ci_high:.2f}".replace(".", ",")
    assert row["Низкая оценка (чел.)"] == str(int(t.n_low))
    assert row["Тип"] == "базовый (гигиенический фактор)"
    big = pd.DataFrame({"Attribute": ["price"], "Rated poorly (n)": [12345], "p (Holm)": ["< 0.001"]})
    out = factors.localise_table(big, lang="ru")
    assert out.iloc[0].tolist() == ["price", "12\u00a0345", "< 0,001"]


def test_localise_table_translates_mixed_kano_categories():
    t = pd.DataFrame({"Attribute": ["price"], "Category": ["mixed (A/O)"]})
    assert factors.localise_table(t, lang="ru").iloc[0].tolist() == ["price", "смешанный (A/O)"]


def test_table_results_share_one_to_frame(results):
    for key in ["prca", "iai", "kano", "ipa", "zone", "incidents"]:
        res = results[key]
        frame = res.to_frame()
        pd.testing.assert_frame_equal(frame, res.table)
        frame.iloc[0, 0] = "changed"
        assert res.table.iloc[0, 0] != "changed"  # a copy, not the result's own table


# ------------------------------------------------------------------ findings and action list


def test_findings_in_russian_have_no_english_words_and_the_same_metrics(results):
    kw = dict(impact_asymmetry=results["iai"], kano=results["kano"], critical_incidents=results["incidents"],
              positive_zone=results["zone"])
    en = factors.findings(results["prca"], **kw)
    ru = factors.findings(results["prca"], lang="ru", **kw)
    assert set(ru.sections) == set(en.sections) == {"survey", "kano", "incidents", "actions"}
    assert ru.metrics == en.metrics
    for name, text in ru.sections.items():
        assert _latin_words([text], ATTRIBUTES + CATEGORIES) == [], (name, text)
        assert re.search("[а-яё]", text), name
    assert ru["survey"].startswith("**Вывод (оценки опроса, респондентов: 900).**")
    assert "Индекс асимметрии влияния согласуется с этим для" in ru["survey"]
    assert ru["actions"].startswith("**Список действий**\n\n1. **Исправить в первую очередь")
    with pytest.raises(CxParameterError):
        factors.findings(results["prca"], lang="de")


def test_action_plan_in_russian(results):
    zone = results["zone"]
    plan = zone.action_plan(lang="ru")
    assert _latin_words([plan], ATTRIBUTES) == [], plan
    first = zone.table.iloc[0]
    assert (f"{first['attribute'].replace('_', ' ')} (средняя "
            f"{first['performance']:.2f}".replace(".", ",") + " из 5") in plan
    assert zone.action_plan(lang="en") == zone.action_plan()
    assert "Fix first -- hygiene factors below the positive zone" in zone.action_plan()
    with pytest.raises(CxParameterError):
        zone.action_plan(lang="de")


def test_key_findings_intervals_in_russian_read_from_to(results):
    text = factors.key_findings(results["prca"], lang="ru")
    assert re.search(r"95%-й интервал от \d+,\d\d до \d+,\d\d", text), text
    english = factors.key_findings(results["prca"])
    assert re.search(r"95% interval \d+\.\d\d to \d+\.\d\d\)", english), english
