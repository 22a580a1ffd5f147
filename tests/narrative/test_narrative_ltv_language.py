"""The lifetime-value findings in the report's language: a Russian summary has no English words."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cxtools.core.errors import CxParameterError
from cxtools.narrative.ltv import RepeatModelComparison, business_summary
from cxtools.ltv.survival import kaplan_meier, logrank_test, naive_lifetime

ROOT = Path(__file__).resolve().parents[2]
#: Latin-script tokens a Russian report may hold: model names, the p of a p-value, currency codes.
ALLOWED = {"BG", "NBD", "Pareto", "p", "DEL", "DERL", "RUB", "EUR", "USD"}


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text)) - ALLOWED


@pytest.fixture(scope="module")
def results():
    df = pd.DataFrame({"months": [3, 5, 8, 12, 20, 24, 30, 36] * 3,
                       "ended": [1, 1, 1, 0, 1, 0, 0, 0] * 3, "тариф": ["А"] * 8 + ["Б"] * 16})  # names are the user's
    km = kaplan_meier(df, duration="months", event="ended", by="тариф", horizon=24)
    t = pd.DataFrame({"share_active": [0.82, 0.32], "share_probably_active": [0.9, 0.3],
                      "holdout_mae": [0.61, 0.48], "holdout_total_error_pct": [25.0, -3.0],
                      "holdout_correlation": [0.5, 0.6]}, index=["BG/NBD", "Pareto/NBD"])
    return dict(km=km, naive=naive_lifetime(df, duration="months", event="ended", by="тариф"),
                logrank=logrank_test(df, duration="months", event="ended", by="тариф"),
                new_customer_value=pd.Series({"А": 1200.0, "Б": 2500.0}), active_base_value=3.2e6,
                experience_gain=4.1e5, churn_reduction_points=2.0, spend_uplift_pct=5.0,
                repeat_models=RepeatModelComparison(t, "Pareto/NBD", 0.50, 0.15, 0.6),
                purchase_clv_total=8.8e4, purchase_clv_horizon="52 нед.")


def test_russian_summary_has_every_finding_and_no_english_word(results):
    en = business_summary(**{**results, "purchase_clv_horizon": "52 weeks"}, currency="RUB")
    ru = business_summary(**results, currency="RUB", lang="ru")
    assert len(ru.splitlines()) == len(en.splitlines()) == 6
    assert _latin_words(ru) == set()
    # the numbers are the same, written the Russian way
    assert "82 %" in ru.replace("\xa0", " ") and "82%" in en


def test_russian_comparison_table_and_sentence(results):
    comparison = results["repeat_models"]
    assert _latin_words(comparison.describe(lang="ru")) == set()
    table = comparison.report_table(lang="ru")
    assert _latin_words(" ".join(table.columns) + " " + table.index.name) == set()
    assert comparison.describe() == comparison.describe(lang="en")


def test_an_unknown_language_is_refused(results):
    with pytest.raises(CxParameterError, match="lang"):
        business_summary(**results, lang="de")


def test_one_group_is_all_customers_and_sentences_end_once():
    df = pd.DataFrame({"months": [3, 5, 8, 12, 20, 24, 30, 36] * 3, "ended": [1, 1, 1, 0, 1, 0, 0, 0] * 3,
                       "segment": ["all"] * 24})
    km = kaplan_meier(df, duration="months", event="ended", by="segment", horizon=24)
    naive = naive_lifetime(df, duration="months", event="ended", by="segment")
    en = business_summary(km=km, naive=naive)
    ru = business_summary(km=km, naive=naive, lang="ru")
    assert "for all customers" in en and "segment all" not in en
    assert "всех клиентов" in ru and ".." not in ru and "segment" not in ru


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_model_without_a_usable_holdout_prediction_is_never_called_better(lang):
    from cxtools.narrative.ltv import compare_repeat_models  # noqa: F401  (the rule lives there)

    t = pd.DataFrame({"share_active": [0.76, 0.44], "share_probably_active": [0.8, 0.4],
                      "holdout_mae": [float("nan"), 0.762], "holdout_total_error_pct": [float("nan"), 3.0],
                      "holdout_correlation": [float("nan"), 0.5]}, index=["BG/NBD", "Pareto/NBD"])
    text = RepeatModelComparison(t, "Pareto/NBD", 0.32, 0.15, 0.5).describe(lang=lang)
    assert "n/a" not in text and "н/д" not in text and "0" in text
    both = t.assign(holdout_mae=[float("nan")] * 2)
    text = RepeatModelComparison(both, None, 0.32, 0.15, 0.5).describe(lang=lang)
    assert "n/a" not in text and "н/д" not in text and ("neither" in text or "ни одна" in text)
