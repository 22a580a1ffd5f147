"""What the survey analysis says to a reader (cxtools.narrative.survey), in English and in Russian.

A Russian report must not mix languages: every sentence, header and table cell is checked for
Latin-script words other than metric names, symbols and the test data's own labels, so removing a
translation fails here."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxtools import survey
from cxtools.narrative import survey as narrative
from cxtools.core.errors import CxParameterError
from cxtools.core.wording import rejection_reason

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


def _table_text(table: pd.DataFrame) -> str:
    return " ".join(map(str, table.columns)) + " " + " ".join(map(str, table.to_numpy().ravel()))


def test_findings_leave_out_ces_when_there_is_no_ces_item():
    sv = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5,
                       "ces": [np.nan] * 40})
    overall = survey.nps(sv)
    with_ces = narrative.findings(overall, csat=survey.csat(sv), ces=survey.ces(sv))  # an item nobody answered
    without = narrative.findings(overall, csat=survey.csat(sv))
    for found in (with_ces, without):
        assert "found it easy" not in found["headline"] and "nan" not in found.to_markdown()
        assert "ces_easy" not in found.metrics
        assert found.metrics["csat_top_box"] == {"value": 0.625, "unit": "fraction"}
        assert "62% are satisfied" in found["headline"]
    only_nps = narrative.findings(overall)
    assert only_nps["headline"].endswith("points from 40 answers.") and list(only_nps.sections) == ["headline"]
    sv["ces"] = [7, 6, 5, 2] * 10
    assert "75% found it easy" in narrative.findings(overall, ces=survey.ces(sv))["headline"]


def test_findings_follow_the_results():
    rng = np.random.default_rng(12)
    n = 600
    sv = pd.DataFrame({"segment": rng.choice(["A", "B"], n), "wave": rng.choice(["W1", "W2", "W3", "W4"], n)})
    # segment B is far less loyal
    sv["nps"] = np.where(sv["segment"] == "A", rng.choice([9, 10, 7], n), rng.choice([0, 3, 8], n))
    by_seg = survey.nps(sv, by="segment")
    tests = survey.nps_pairwise(sv, by="segment")
    trend = survey.nps_trend(sv)
    slope = survey.nps_trend_slope(sv)
    found = narrative.findings(survey.nps(sv), nps_by_segment=by_seg, segment_tests=tests, trend=trend, slope=slope,
                            raking_effect=0.2)
    assert found.metrics["nps_by_segment"] == {k: round(v, 1) for k, v in zip(by_seg["segment"], by_seg["nps"])}
    assert found.metrics["nps_segment_gap_significant"] is True
    assert "A scores" in found["segments"] and "is statistically significant" in found["segments"]
    assert found.metrics["nps_trend_significant"] == slope.significant
    assert ("no clear trend" in found["trend"]) == (not slope.significant)
    assert "does not hinge on the weighting" in found["weighting"]
    assert found.metrics["nps_segment_gap_p_holm"] == {"value": float(tests["p_adjusted"].min()), "unit": "p-value"}
    assert found.metrics["nps_trend_p_value"] == {"value": float(slope.p_value), "unit": "p-value"}
    with pytest.raises(CxParameterError, match="without by="):
        narrative.findings(by_seg)


def test_dataframe_results_get_stakeholder_tables_in_both_languages(answers):
    by_segment = survey.nps(answers, by="segment")
    pairs = survey.nps_pairwise(answers, by="segment")
    trend = survey.nps_trend(answers)
    items = survey.likert_summary(answers, items=["price", "quality"])
    for result, kw in ((by_segment, {}), (pairs, {}), (trend, {}),
                       (items, {"scales": {"price": (1, 5), "quality": (1, 5)}}), (items, {"scales": (1, 5)})):
        ru = narrative.report_table(result, lang="ru", **kw)
        en = narrative.report_table(result, **kw)
        assert not _latin(_table_text(ru)), _latin(_table_text(ru))
        assert list(ru.columns) != list(en.columns) and ru.shape == en.shape
    # the numbers are those of the result, formatted for reading
    assert narrative.report_table(by_segment)["NPS (points)"].tolist() == [f"{x:.1f}" for x in by_segment["nps"]]
    marked = narrative.report_table(pairs)["Significant"].tolist()
    assert marked == ["yes *" if s else "no" for s in pairs["significant"]]
    changes = narrative.report_table(trend, lang="ru")["Значимое изменение"].tolist()
    assert changes == ["да *" if p < 0.05 else "" for p in trend["change_p_value"].fillna(1)]
    with pytest.raises(CxParameterError, match="report_table: expected the result of nps"):
        narrative.report_table(pd.DataFrame({"x": [1]}))


def test_headline_table_in_russian(answers):
    table = narrative.headline_table(survey.nps(answers), csat=survey.csat(answers), csat_answers=((1, 5), (4, 5)),
                                  ces=survey.ces(answers), ces_answers=((1, 7), (5, 6, 7)), lang="ru")
    assert table.iloc[:, 0].tolist() == ["Индекс NPS (пункты, от −100 до 100)", "CSAT: довольны, ответы 4–5 по шкале 1–5",
                                         "CES: было легко, ответы 5–7 по шкале 1–7"]
    assert not _latin(_table_text(table))


def test_nps_categories_and_item_names_in_russian():
    assert narrative.nps_category_labels(pd.Series([0, 7, 9]), lang="ru").cat.categories.tolist() == [
        "критик", "нейтрал", "промоутер"]
    assert narrative.nps_category_labels(pd.Series([0, 7, None]), lang="ru").tolist()[:2] == ["критик", "нейтрал"]
    assert narrative.nps_category_labels(pd.Series([0, 7, 9])).cat.categories.tolist() == list(survey.NPS_CATEGORIES)
    with pytest.warns(FutureWarning, match="nps_category: lang is deprecated"):  # the old call, for one release
        assert survey.nps_category(pd.Series([0, 7, 9]), lang="ru").cat.categories.tolist() == [
            "критик", "нейтрал", "промоутер"]
    assert survey.nps_category(pd.Series([0, 7, 9])).cat.categories.tolist() == list(survey.NPS_CATEGORIES)
    roles = type("Roles", (), {"overall_satisfaction": "sat_all", "recommend": "ltr", "csat": None, "ces": None,
                               "attributes": ("rating_*",), "importance": ("imp_*",), "likert": ("loyalty_1",)})
    names = narrative.role_labels(roles, ["sat_all", "ltr", "rating_price", "imp_price", "loyalty_1"], lang="ru")
    assert names == {"sat_all": "общая удовлетворённость", "ltr": "готовность рекомендовать (NPS)",
                     "rating_price": "оценка: price", "imp_price": "важность: price", "loyalty_1": "утверждение 1"}
    assert narrative.role_labels(roles, ["sat_all", "rating_price"]) == {"sat_all": "sat all",
                                                                       "rating_price": "rating price"}


def test_rejection_reasons_in_russian():
    assert rejection_reason("NPS outside 0-10", lang="ru") == "NPS: вне шкалы 0–10"
    assert rejection_reason("duplicate respondent_id", lang="ru", names_as_code=True) == \
        "<code>respondent_id</code>: повторяющееся значение"
    assert rejection_reason("score is missing") == "score is missing"


@pytest.mark.parametrize("name, module", [
    ("report_table", "cxtools.narrative.survey"), ("headline_table", "cxtools.narrative.survey"),
    ("findings", "cxtools.narrative.survey"), ("role_labels", "cxtools.narrative.survey"),
    ("plot_likert", "cxtools.plots.survey"), ("plot_nps", "cxtools.plots.survey"),
    ("plot_nps_trend", "cxtools.plots.survey"), ("plot_crosstab", "cxtools.plots.survey"),
    ("plot_drivers", "cxtools.plots.survey"),
])
def test_moved_names_still_work_from_cxtools_survey_for_one_release(name, module):
    import importlib

    with pytest.warns(FutureWarning, match=f"cxtools.survey.{name} is now {module}.{name}"):
        old = getattr(survey, name)
    assert old is getattr(importlib.import_module(module), name)
    assert name in dir(survey)
    with pytest.raises(AttributeError):
        _ = survey.no_such_name


def test_findings_metrics_are_the_headline_metrics():
    sv = pd.DataFrame({"nps": [10, 9, 9, 8, 7, 3, 10, 6] * 5, "csat": [5, 4, 4, 3, 1, 5, 2, 4] * 5})
    found = narrative.findings(survey.nps(sv), csat=survey.csat(sv))
    assert found.metrics == survey.headline_metrics(survey.nps(sv), csat=survey.csat(sv))
    from cxtools.report import p_value, share

    assert found.metrics["csat_top_box"] == share(0.625)  # the forms the report runner builds
    assert survey.headline_metrics(slope=survey.nps_trend_slope(pd.DataFrame({
        "nps": [10, 9, 3] * 20, "wave": ["W1", "W2", "W3", "W4"] * 15})))["nps_trend_p_value"]["unit"] == \
        p_value(0.5)["unit"]


@pytest.mark.parametrize("n, answers_ru, answers_en", [
    (1, "по 1 ответу", "from 1 answer."), (2, "по 2 ответам", "from 2 answers."), (5, "по 5 ответам", "from 5 answers."),
    (21, "по 21 ответу", "from 21 answers."), (11, "по 11 ответам", "from 11 answers."),
])
def test_findings_agree_counts_with_their_nouns(n, answers_ru, answers_en):
    sv = pd.DataFrame({"csat": ([5, 1] * n)[:n]})
    assert narrative.findings(csat=survey.csat(sv), lang="ru")["headline"].endswith(answers_ru + ".")
    assert narrative.findings(csat=survey.csat(sv))["headline"].endswith(answers_en)


def test_findings_name_points_in_the_form_the_number_takes():
    rng = np.random.default_rng(5)
    sv = pd.DataFrame({"segment": np.repeat(["A", "B"], 400), "wave": np.tile(["W1", "W2"], 400)})
    sv["nps"] = np.where(sv["segment"] == "A", rng.choice([10, 9, 7], 800), rng.choice([0, 3, 8, 10], 800))
    by_seg, tests = survey.nps(sv, by="segment"), survey.nps_pairwise(sv, by="segment")
    for lang, forms in (("ru", ("пункт", "пункта", "пунктов")), ("en", ("point", "points", "points"))):
        text = narrative.findings(survey.nps(sv), nps_by_segment=by_seg, segment_tests=tests, lang=lang)["segments"]
        gap = round(abs(tests["difference"].iloc[0]))
        form = forms[0] if gap % 10 == 1 and gap % 100 != 11 else forms[1] if 2 <= gap % 10 <= 4 and not \
            12 <= gap % 100 <= 14 else forms[2]
        if lang == "en":
            form = forms[0] if gap == 1 else forms[1]
        assert f"({gap} {form})" in text.replace("\xa0", " "), text
