"""What survey results, tables and figures say to a reader, in English and in Russian.

A Russian report must not mix languages: every sentence, header, table cell and figure label
the survey module writes is checked for Latin-script words other than metric names, symbols
and the test data's own labels, so removing a translation fails here.
"""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

from cxtools import survey
from cxtools.core.wording import rejection_reason

matplotlib.use("Agg")

# metric names, statistical symbols and the data's own labels (kept in Latin on purpose)
ALLOWED = {"NPS", "CSAT", "CES", "LMG", "price", "quality", "support", "overall", "nps", "segment", "wave"}


def _latin(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", str(text))
    allowed = {a.casefold() for a in ALLOWED}
    return [w for w in words if len(w) > 1 and w.casefold() not in allowed]


@pytest.fixture(scope="module")
def answers():
    rng = np.random.default_rng(3)
    n = 400
    sv = pd.DataFrame({"segment": rng.choice(["A", "B", "C"], n), "wave": rng.choice(["W1", "W2", "W3"], n)})
    sv["nps"] = np.where(sv["segment"] == "A", rng.choice([9, 10, 7], n), rng.choice([0, 3, 8, 10], n))
    sv["csat"] = rng.integers(1, 6, n)
    sv["ces"] = rng.integers(1, 8, n)
    sv["price"] = rng.integers(1, 6, n)
    sv["quality"] = rng.integers(1, 6, n)
    sv["support"] = rng.integers(1, 6, n)
    sv["overall"] = np.clip(sv["price"] + rng.integers(0, 3, n), 1, 5)
    return sv


def _results(sv):
    return [
        survey.nps_difference(sv, by="segment", groups=("A", "B")),
        survey.nps_trend_slope(sv),
        survey.crosstab(sv.assign(nps=survey.nps_category(sv["nps"], lang="ru")), item="nps", by="segment"),
        survey.cronbach_alpha(sv, items=["price", "quality", "support"]),
        survey.relative_weights(sv, drivers=["price", "quality", "support"], outcome="overall", n_boot=30, seed=1),
    ]


def _table_text(table: pd.DataFrame) -> str:
    return " ".join(map(str, table.columns)) + " " + " ".join(map(str, table.to_numpy().ravel()))


def test_result_sentences_and_tables_read_in_russian(answers):
    for res in _results(answers):
        ru, en = res.describe(lang="ru"), res.describe()
        assert ru != en and not _latin(ru), (type(res).__name__, _latin(ru))
        table = res.report_table(lang="ru")
        assert not _latin(_table_text(table)), (type(res).__name__, _latin(_table_text(table)))
        assert isinstance(table.index, pd.RangeIndex)
    d = _results(answers)[0]
    # the same numbers in both languages, each with its decimal mark
    assert f"{abs(d.difference):.1f}".replace(".", ",") in d.describe(lang="ru")
    assert f"{abs(d.difference):.1f} points" in d.describe()


def test_dataframe_results_get_stakeholder_tables_in_both_languages(answers):
    by_segment = survey.nps(answers, by="segment")
    pairs = survey.nps_pairwise(answers, by="segment")
    trend = survey.nps_trend(answers)
    items = survey.likert_summary(answers, items=["price", "quality"])
    for result, kw in ((by_segment, {}), (pairs, {}), (trend, {}),
                       (items, {"scales": {"price": (1, 5), "quality": (1, 5)}}), (items, {"scales": (1, 5)})):
        ru = survey.report_table(result, lang="ru", **kw)
        en = survey.report_table(result, **kw)
        assert not _latin(_table_text(ru)), _latin(_table_text(ru))
        assert list(ru.columns) != list(en.columns) and ru.shape == en.shape
    # the numbers are those of the result, formatted for reading
    assert survey.report_table(by_segment)["NPS (points)"].tolist() == [f"{x:.1f}" for x in by_segment["nps"]]
    marked = survey.report_table(pairs)["Significant"].tolist()
    assert marked == ["yes *" if s else "no" for s in pairs["significant"]]
    changes = survey.report_table(trend, lang="ru")["Значимое изменение"].tolist()
    assert changes == ["да *" if p < 0.05 else "" for p in trend["change_p_value"].fillna(1)]
    with pytest.raises(survey.CxParameterError, match="report_table: expected the result of nps"):
        survey.report_table(pd.DataFrame({"x": [1]}))


def test_headline_table_in_russian(answers):
    table = survey.headline_table(survey.nps(answers), csat=survey.csat(answers), csat_answers=((1, 5), (4, 5)),
                                  ces=survey.ces(answers), ces_answers=((1, 7), (5, 6, 7)), lang="ru")
    assert table.iloc[:, 0].tolist() == ["Индекс NPS (пункты, от −100 до 100)", "CSAT: довольны, ответы 4–5 по шкале 1–5",
                                         "CES: было легко, ответы 5–7 по шкале 1–7"]
    assert not _latin(_table_text(table))


def test_nps_categories_and_item_names_in_russian():
    assert survey.nps_category(pd.Series([0, 7, 9]), lang="ru").cat.categories.tolist() == [
        "критик", "нейтрал", "промоутер"]
    assert survey.nps_category(pd.Series([0, 7, 9])).cat.categories.tolist() == list(survey.NPS_CATEGORIES)
    roles = type("Roles", (), {"overall_satisfaction": "sat_all", "recommend": "ltr", "csat": None, "ces": None,
                               "attributes": ("rating_*",), "importance": ("imp_*",), "likert": ("loyalty_1",)})
    names = survey.role_labels(roles, ["sat_all", "ltr", "rating_price", "imp_price", "loyalty_1"], lang="ru")
    assert names == {"sat_all": "общая удовлетворённость", "ltr": "готовность рекомендовать (NPS)",
                     "rating_price": "оценка: price", "imp_price": "важность: price", "loyalty_1": "утверждение 1"}
    assert survey.role_labels(roles, ["sat_all", "rating_price"]) == {"sat_all": "sat all",
                                                                       "rating_price": "rating price"}


def test_rejection_reasons_in_russian():
    assert rejection_reason("NPS outside 0-10", lang="ru") == "NPS: вне шкалы 0–10"
    assert rejection_reason("duplicate respondent_id", lang="ru", names_as_code=True) == \
        "<code>respondent_id</code>: повторяющееся значение"
    assert rejection_reason("score is missing") == "score is missing"


def _figure_text(ax) -> str:
    from matplotlib.text import Text

    ax.figure.canvas.draw()  # tick labels are made when the figure is drawn
    return " ".join(t.get_text() for t in ax.figure.findobj(Text))


def test_plots_label_in_russian(answers):
    import matplotlib.pyplot as plt

    by_segment = survey.nps(answers, by="segment")
    res = _results(answers)
    plots = [
        (survey.plot_nps, by_segment, {"pairwise": survey.nps_pairwise(answers, by="segment")}),
        (survey.plot_nps_trend, survey.nps_trend(answers, by="segment"), {}),
        (survey.plot_likert, survey.likert_distribution(answers, items=["price", "quality"]), {}),
        (survey.plot_crosstab, res[2], {}),
        (survey.plot_drivers, res[4], {}),
    ]
    for plot, result, kw in plots:
        fig, ax = plt.subplots()
        assert plot(result, ax=ax, lang="ru", **kw) is ax
        text = _figure_text(ax)
        assert not _latin(text), (plot.__name__, _latin(text))
        assert not re.search(r"\d\.\d", text), (plot.__name__, text)  # decimal comma in Russian
        fig_en, ax_en = plt.subplots()
        plot(result, ax=ax_en, **kw)
        assert _latin(_figure_text(ax_en)), plot.__name__  # English labels in the English edition
        plt.close("all")
    fig, ax = plt.subplots()
    survey.plot_nps(by_segment, ax=ax, lang="ru")
    assert ax.get_ylabel() == "NPS (пункты, от −100 до 100)" and ax.get_title().startswith("NPS по столбцу")
    survey.plot_nps_trend(survey.nps_trend(answers), ax=ax, lang="ru")
    assert ax.get_xlabel() == "Волна опроса"
    plt.close("all")
    with pytest.raises(survey.CxParameterError, match="lang must be one of"):
        survey.plot_nps(by_segment, lang="de")


def test_old_raw_answer_call_still_draws_in_the_report_language(answers):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.warns(FutureWarning, match="plot_nps: passing survey answers is deprecated"):
        survey.plot_nps(answers, by="segment", mark_differences=False, ax=ax, lang="ru")
    np.testing.assert_allclose([p.get_height() for p in ax.patches], survey.nps(answers, by="segment")["nps"])
    assert ax.get_ylabel().startswith("NPS (пункты")
    with pytest.warns(FutureWarning) as caught:
        survey.plot_nps_trend(answers, ci=0.9, ax=ax)
    assert any("the argument 'ci' is now called 'confidence'" in str(w.message) for w in caught)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        survey.plot_likert(answers, items=["price"], colour="red")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a result object draws without any warning
        survey.plot_likert(survey.likert_distribution(answers, items=["price"]), ax=ax)
    plt.close("all")
