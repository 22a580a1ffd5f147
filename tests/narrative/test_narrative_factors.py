"""Hygiene factors and motivators in words (cxtools.narrative.factors): report tables, findings,
key findings and the action list, in both languages.

A Russian stakeholder report must not mix languages, so every word a table or sentence shows
in Russian is checked for Latin-script words (names from the data excepted); the English
output is pinned where it was before ``lang=`` existed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from cxtools import factors
from cxtools.core.errors import CxParameterError
from cxtools.narrative import factors as narrative

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "factors"))  # factor_cases.py, shared test data
from factor_cases import (  # noqa: E402
    CATEGORIES,
    HYGIENE,
    LANG_ATTRIBUTES,
    MOTIVATORS,
    language_results,
    latin_words,
    simulate_survey,
)
from factor_cases import answers_for as _answers_for  # noqa: E402

ATTRIBUTES = LANG_ATTRIBUTES
_latin_words = latin_words


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return simulate_survey(2000, seed=11)


@pytest.fixture(scope="module")
def results():
    return language_results()


# ------------------------------------------------------------------ report tables


@pytest.mark.parametrize("key", ["prca", "iai", "kano", "ipa", "zone", "incidents", "fong"])
def test_report_table_takes_lang_and_matches_localise_table(results, key):
    res = results[key]
    english = narrative.report_table(res)
    pd.testing.assert_frame_equal(narrative.report_table(res, lang="en"), english)
    russian = narrative.report_table(res, lang="ru")
    pd.testing.assert_frame_equal(russian, narrative.localise_table(english, lang="ru"))
    assert russian.shape == english.shape
    cells = [v for col in russian.columns if col not in ("Атрибут", "Категория") for v in russian[col]]
    assert _latin_words(list(russian.columns) + cells, ATTRIBUTES + CATEGORIES) == [], russian
    with pytest.raises(CxParameterError):
        narrative.report_table(res, lang="de")


def test_russian_report_table_writes_numbers_and_intervals_the_russian_way(results):
    prca = results["prca"]
    t = prca.table.set_index("attribute").loc["price"]
    row = narrative.report_table(prca, lang="ru").set_index("Атрибут").loc["price"]
    assert row["Штраф (потеря баллов)"] == f"{t.penalty:.2f}".replace(".", ",")
    assert row["Штраф: интервал 95%"] == f"от {t.penalty_ci_low:.2f} до {t.penalty_ci_high:.2f}".replace(".", ",")
    assert row["Низкая оценка (чел.)"] == str(int(t.n_low))
    assert row["Тип"] == "базовый (гигиенический фактор)"
    big = pd.DataFrame({"Attribute": ["price"], "Rated poorly (n)": [12345], "p (Holm)": ["< 0.001"]})
    out = narrative.localise_table(big, lang="ru")
    assert out.iloc[0].tolist() == ["price", "12\u00a0345", "< 0,001"]


def test_localise_table_translates_mixed_kano_categories():
    t = pd.DataFrame({"Attribute": ["price"], "Category": ["mixed (A/O)"]})
    assert narrative.localise_table(t, lang="ru").iloc[0].tolist() == ["price", "смешанный (A/O)"]


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
    en = narrative.findings(results["prca"], **kw)
    ru = narrative.findings(results["prca"], lang="ru", **kw)
    assert set(ru.sections) == set(en.sections) == {"survey", "kano", "incidents", "actions"}
    assert ru.metrics == en.metrics
    for name, text in ru.sections.items():
        assert _latin_words([text], ATTRIBUTES + CATEGORIES) == [], (name, text)
        assert re.search("[а-яё]", text), name
    assert ru["survey"].startswith("**Вывод (оценки опроса, 900 респондентов).**")
    assert "Индекс асимметрии влияния согласуется с этим для" in ru["survey"]
    assert ru["actions"].startswith("**Список действий**\n\n1. **Исправить в первую очередь")
    with pytest.raises(CxParameterError):
        narrative.findings(results["prca"], lang="de")


def test_action_plan_in_russian(results):
    zone = results["zone"]
    plan = narrative.action_plan(zone, lang="ru")
    assert _latin_words([plan], ATTRIBUTES) == [], plan
    first = zone.table.iloc[0]
    assert (f"{first['attribute'].replace('_', ' ')} (средняя "
            f"{first['performance']:.2f}".replace(".", ",") + " из 5") in plan
    assert narrative.action_plan(zone, lang="en") == narrative.action_plan(zone)
    assert "Fix first -- hygiene factors below the positive zone" in narrative.action_plan(zone)
    with pytest.raises(CxParameterError):
        narrative.action_plan(zone, lang="de")


def test_key_findings_intervals_in_russian_read_from_to(results):
    text = narrative.key_findings(results["prca"], lang="ru")
    assert re.search(r"95%-й интервал от \d+,\d\d до \d+,\d\d", text), text
    english = narrative.key_findings(results["prca"])
    assert re.search(r"95% interval \d+\.\d\d to \d+\.\d\d\)", english), english


# ------------------------------------------------------------------ from the results

def test_report_tables_are_plain_language(survey):
    """What a stakeholder sees: readable names, intervals as text, no p-value printed as 0."""
    prca = factors.penalty_reward(survey)
    rep = narrative.report_table(prca)
    t = prca.table
    assert len(rep) == len(t) and "good deal" in rep["Attribute"].tolist()
    assert not any("_" in c for c in rep.columns)
    # tiny p-values read "< 0.001", larger ones with three decimals, never "0.000"
    p_col = "Penalty differs from reward: p (Holm)"
    for p, text in zip(t["asymmetry_p_adjusted"], rep[p_col]):
        assert text == ("< 0.001" if p < 0.001 else f"{p:.3f}")
    assert "0.000" not in rep[p_col].tolist()
    row = rep.set_index("Attribute").loc["price"]
    price = t.set_index("attribute").loc["price"]
    assert row["Penalty 95% CI"] == f"{price.penalty_ci_low:.2f} to {price.penalty_ci_high:.2f}"
    assert row["Type"] == "basic (hygiene factor)"
    assert rep.set_index("Attribute").loc["brand", "Type"] == "excitement (motivator)"
    zone = factors.positive_zone(survey, classification=prca)
    zrep = narrative.report_table(zone)
    assert zrep["Priority"].iloc[0] == "1 (fix first)" and "95% CI" in zrep.columns
    ipa = factors.importance_performance(survey, confidence=0.9)
    assert "Gap 90% CI" in narrative.report_table(ipa).columns


def test_action_plan_groups_by_priority_and_says_when_borderline():
    df = pd.DataFrame(
        {
            "rating_price": [2, 3, 3, 3] * 50,  # hygiene, 2.75: clearly below 3.5
            "rating_good_deal": [3, 4, 3, 4] * 50,  # motivator, 3.5: in the zone
            "rating_trust": [4] * 94 + [3] * 106,  # motivator, 3.47: interval reaches 3.5
        }
    )
    res = factors.positive_zone(df, classification={"price": "hygiene", "good_deal": "motivator",
                                                    "trust": "motivator"})
    plan = narrative.action_plan(res)
    lines = plan.splitlines()
    assert lines[0].startswith("1. **Fix first -- hygiene factors") and "price (average 2.75 of 5" in lines[0]
    assert lines[1].startswith("2. **Build next -- motivators") and "trust (average 3.47 of 5" in lines[1]
    assert "within sampling error" in lines[1] and "within sampling error" not in lines[0]
    assert "Already in the positive zone (average at least 3.5): good deal." in plan
    # nothing below the zone: no numbered items
    ok = factors.positive_zone(df[["rating_good_deal"]], classification={"good_deal": "motivator"})
    assert "Every attribute is in its positive zone" in narrative.action_plan(ok) and "1." not in narrative.action_plan(ok)
    # the per-attribute sentences say so too
    assert "just below" in dict(zip(res.table.loc[~res.table["in_zone"], "attribute"], narrative.zone_actions(res)))["trust"]


def test_findings_are_written_from_the_results(survey):
    prca = factors.penalty_reward(survey)
    zone = factors.positive_zone(survey, classification=prca)
    kano_df = pd.DataFrame(
        _answers_for({"M": 30, "O": 5}, "price") + _answers_for({"A": 30, "I": 5}, "brand"),
        columns=["attribute", "functional", "dysfunctional"],
    )
    kano = factors.kano_categories(kano_df)
    found = narrative.findings(prca, kano=kano, positive_zone=zone)
    groups = prca.by_category()
    assert found.metrics["hygiene_factors"] == groups["basic"] == HYGIENE
    assert found.metrics["motivators"] == MOTIVATORS
    assert found.metrics["respondents_in_regression"] == 2000
    assert "**price, quality and availability**" in found["survey"]
    assert f"{prca.r_squared:.0%} of the differences" in found["survey"]
    # price: hygiene in both; brand: motivator in both
    assert found.metrics["kano_agrees_with_survey"] == "2 of 2" and "agree on 2 of 2 attributes." in found["kano"]
    below = zone.table.loc[~zone.table["in_zone"]]
    assert found.metrics["first_action"] == (below["attribute"].iloc[0] if len(below) else None)
    assert found["actions"].endswith(narrative.action_plan(zone))
    # sections appear only for the results given: no placeholder findings
    assert list(narrative.findings(prca).sections) == ["survey"]
    assert "kano_agrees_with_survey" not in narrative.findings(prca).metrics


def test_every_factor_result_describes_itself_in_one_plain_sentence(survey):
    from cxtools.core.results import Result

    prca = factors.penalty_reward(survey)
    kano_df = pd.DataFrame(_answers_for({"M": 30, "O": 5}, "price"), columns=["attribute", "functional", "dysfunctional"])
    results = [
        prca,
        factors.impact_asymmetry(survey, n_boot=50),
        factors.kano_categories(kano_df),
        factors.fong_test(30, 5, 35),
        factors.importance_performance(survey),
        factors.positive_zone(survey, classification=prca),
        factors.critical_incidents(pd.DataFrame({"valence": ["positive", "negative"] * 20,
                                                 "category": ["a"] * 25 + ["b"] * 15})),
    ]
    for res in results:
        assert isinstance(res, Result)
        text = narrative.describe(res)
        assert text.endswith(".") and "nan" not in text and "\n" not in text, text
        table = narrative.report_table(res)
        assert isinstance(table.index, pd.RangeIndex)
        assert not [c for c in table.columns if "_" in str(c)], table.columns  # plain headers
        assert "<table" in res._repr_html_()
    assert "hygiene factors: price, quality and availability" in narrative.describe(prca)


def test_the_old_names_still_work_for_one_release(results):
    prca, zone = results["prca"], results["zone"]
    with pytest.warns(FutureWarning, match=r"report_table\(\) is now cxtools.narrative.factors.report_table"):
        old = prca.report_table(lang="ru")
    pd.testing.assert_frame_equal(old, narrative.report_table(prca, lang="ru"))
    with pytest.warns(FutureWarning, match="describe"):
        assert prca.describe() == narrative.describe(prca)
    with pytest.warns(FutureWarning, match="action_plan"):
        assert zone.action_plan(lang="ru") == narrative.action_plan(zone, lang="ru")
    with pytest.warns(FutureWarning, match="zone_actions"):
        assert zone.actions() == narrative.zone_actions(zone)
    for name in ("findings", "key_findings", "localise_table"):
        with pytest.warns(FutureWarning, match=f"cxtools.narrative.factors.{name}"):
            assert getattr(factors, name) is getattr(narrative, name)
    with pytest.raises(AttributeError):
        factors.no_such_name  # noqa: B018


def test_results_hold_numbers_and_the_words_are_written_here(results):
    zone = results["zone"]
    assert "action" not in zone.table.columns  # the sentences are narrative.zone_actions
    assert "<table" in results["prca"]._repr_html_()
