"""What stakeholders read of the CX-value analysis (cxtools.narrative.value): tables, the memo, findings."""

from __future__ import annotations

import numpy as np
import pytest

from cxtools import value as v
from cxtools.core.errors import CxParameterError, CxSchemaError
from cxtools.core.wording import format_p_value
from cxtools.narrative import value as N
from cxtools.data.samples import make_sample_data


@pytest.fixture(scope="module")
def sample():
    return make_sample_data(4000, seed=2026)


@pytest.fixture(scope="module")
def joined(sample):
    return v.link_survey_to_customers(sample.survey, sample.customers, sample.subscriptions,
                                      transactions=sample.transactions, operations=sample.operations)


# ----------------------------------------------------------------------------------------
# report helpers: what stakeholders read
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("p, text", [(0.0, "< 0.001"), (2.6e-9, "< 0.001"), (0.000999, "< 0.001"),
                                     (0.001, "0.001"), (0.0123, "0.012"), (0.5, "0.500"), (1.0, "1.000")])
def test_format_p_value(p, text):
    assert format_p_value(p) == text


def test_format_p_value_digits_and_errors():
    assert format_p_value(0.00004, digits=4) == "< 0.0001"
    for bad in (-0.1, 1.5, "0.01", None, True):
        with pytest.raises(CxParameterError, match="between 0 and 1"):
            format_p_value(bad)


def test_report_tables_never_show_p_as_zero(joined):
    cox = v.churn_hazard_ratios(joined.data, predictors="nps_group", reference={"nps_group": "passive"})
    table = cox.report_table()
    assert list(table.index) == ["NPS group: detractor vs passive", "NPS group: promoter vs passive",
                                 "Tenure at the survey (per month)", "Products held (per product)"]
    # same numbers as the raw table, formatted
    raw = cox.table.loc["nps_group[detractor]"]
    row = table.loc["NPS group: detractor vs passive"]
    assert row["Hazard ratio of churn"] == f"{raw['hazard_ratio']:.2f}"
    assert row["95% interval"] == f"{raw['ci_low']:.2f} to {raw['ci_high']:.2f}"
    assert raw["p_value"] < 0.001 and row["p-value"] == "< 0.001"
    chain = v.operations_chain(joined.data)
    links = N.chain_table(chain)
    assert len(links) == len(chain.links)
    assert not any(p in ("0.000", "0.00") for p in links["p-value"])
    assert links.loc["Repeat contacts -> Satisfaction", "p-value"] == "< 0.001"


def test_join_sentence_and_table_add_up(joined):
    text = N.describe_join(joined)
    assert text.startswith(f"{joined.n_linked:,} of {joined.n_respondents:,} survey respondents")
    table = N.join_table(joined)
    assert table["Respondents"].sum() == joined.n_respondents
    assert "JoinResult" not in text


def test_plain_value_table_keeps_the_numbers(joined):
    t = v.value_by_group(joined.data, by="nps_group")
    plain = N.plain_value_table(t, columns=["customers", "monthly_churn", "ltv"])
    assert list(plain.columns) == ["Customers", "Leaving per month (%)", "Lifetime value (rub)"]
    assert plain.index.name == "NPS group"
    np.testing.assert_allclose(plain["Leaving per month (%)"], (t["monthly_churn"] * 100).round(1))
    np.testing.assert_array_equal(plain["Lifetime value (rub)"], t["ltv"].round(0).astype(int))
    with pytest.raises(CxSchemaError, match="no_such"):
        N.plain_value_table(t, columns=["no_such"])


def _memo(d, *, chain=False):
    joined = v.link_survey_to_customers(d.survey, d.customers, d.subscriptions, transactions=d.transactions,
                                        operations=d.operations)
    data = joined.data
    per_point = v.churn_hazard_ratios(data, predictors="overall_satisfaction")
    groups = v.churn_hazard_ratios(data, predictors="nps_group", reference={"nps_group": "passive"})
    moving = v.value_of_moving(data, shares=[0.1, 0.2], customer_base=5000, weight="weight", n_boot=100)
    base = v.value_by_group(data, by=None).iloc[0]
    effect = v.programme_effect(customers=5000, monthly_value=float(base["value_per_month"]),
                                monthly_churn=float(base["monthly_churn"]),
                                churn_reduction=max(0.0, 1 - per_point.hazard_ratio("overall_satisfaction") ** 0.5),
                                spend_uplift=0.03)
    ops = v.operations_chain(data) if chain else None
    text = N.business_case(per_point=per_point, groups=groups, moving=moving, share_moved=0.2, effect=effect,
                           satisfaction_gain=0.5, chain=ops)
    return text, per_point, moving, effect


def test_business_case_is_computed_from_the_results(sample):
    text, per_point, moving, effect = _memo(sample, chain=True)
    row = moving.table.loc[1]
    hr = per_point.hazard_ratio("overall_satisfaction")
    assert text.startswith("**Business case.** Customers who are happier with us stay longer")
    assert f"{1 - hr:.0%} fewer customers leaving per month" in text
    assert f"A detractor is worth {moving.ltv_from:,.0f} rub" in text
    assert f"Turning 20% of our detractors into passives -- about {row['customers_moved']:,.0f} customers" in text
    assert f"{row['value']:,.0f} rub" in text and f"{row['ci_low']:,.0f} rub" in text
    assert f"{effect.total_factor - 1:+.1%} lifetime value per customer" in text
    assert "an assumption to test" in text
    assert "minute of waiting avoided" in text and "repeat contact avoided" in text
    assert "complaint" not in text  # not significant in the sample: not named as a lever
    assert "p < 0.001" in text and "0.000" not in text
    with pytest.raises(CxParameterError, match="share_moved 0.3 is not in"):
        N.business_case(per_point=per_point, moving=moving, share_moved=0.3, effect=effect, satisfaction_gain=0.5)
    with pytest.raises(CxParameterError, match="per_point must be a CoxResult"):
        N.business_case(per_point=moving, moving=moving, share_moved=0.2, effect=effect, satisfaction_gain=0.5)


def test_business_case_does_not_claim_a_link_that_is_not_there():
    # link switched off; seed 2 gives p = 0.54 for satisfaction (see test above for the null rate)
    d = make_sample_data(2000, seed=2, satisfaction_churn_link=0.0)
    text, per_point, _, _ = _memo(d, chain=True)
    assert per_point.table.loc["overall_satisfaction", "p_value"] > 0.05
    assert "happier with us stay longer" not in text
    assert "we could not show that overall satisfaction and staying are linked" in text
    assert "may be zero" in text
    assert "the interval includes zero" in text  # the value of moving is not distinguishable from 0
    assert "would cut churn" not in text and "Without a measurable fall in churn from higher overall satisfaction" in text
    assert "an assumption to test in a pilot" in text
    # operations still move satisfaction (planted), but no rouble value is claimed for them
    assert "Waiting time and repeat contacts do move satisfaction" in text and "rub of lifetime value per" not in text


def test_every_amount_carries_the_currency(joined):
    data = joined.data.dropna(subset=["nps"])
    moving = v.value_of_moving(data, by="nps_group", shares=[0.1], n_boot=50, currency="EUR")
    assert moving.currency == "EUR" and "€" in N.describe_moving(moving) and "rub" not in N.describe_moving(moving)
    assert "Lifetime value gained (EUR)" in N.moving_table(moving).columns
    table = v.value_by_group(data, by="nps_group", currency="EUR")
    assert "Lifetime value (EUR)" in N.plain_value_table(table).columns
    effect = v.programme_effect(customers=100, monthly_value=50, monthly_churn=0.02, spend_uplift=0.05,
                                currency="USD")
    assert "$" in N.describe_programme(effect) and "Gain per customer (USD)" in N.programme_table(effect).columns
    assert "rub" not in repr(effect)


def test_churn_findings_reads_the_fitted_models(joined):
    data = joined.data.dropna(subset=["nps", "overall_satisfaction"])
    groups = v.churn_hazard_ratios(data, predictors="nps_group", reference={"nps_group": "passive"})
    points = v.churn_hazard_ratios(data, predictors="overall_satisfaction")
    text = N.churn_findings(groups=groups, per_point=points)
    det = groups.table.loc["nps_group[detractor]"]
    assert f"detractors leave {det['hazard_ratio']:.2f} times as fast as passives" in text
    hr = points.hazard_ratio("overall_satisfaction")
    assert f"{1 - hr:.0%} fewer customers leaving per month" in text
    assert f"hazard ratio {hr:.2f}" in text
    for term, row in groups.table.iterrows():  # a claim in bold only where significant
        if "[" not in term:
            continue
        level = term.split("[")[1][:-1]
        assert (f"**{level}s leave" in text) == (row["p_value"] < 0.05)


@pytest.mark.parametrize("customers, en, ru", [(1, "Across 1 customer,", "По 1 клиенту"),
                                                (21, "Across 21 customers,", "По 21 клиенту"),
                                                (22, "Across 22 customers,", "По 22 клиентам"),
                                                (25, "Across 25 customers,", "По 25 клиентам")])
def test_counts_agree_with_their_noun(customers, en, ru):
    effect = v.programme_effect(customers=customers, monthly_value=50, monthly_churn=0.02, spend_uplift=0.05)
    assert N.describe_programme(effect).startswith(en)
    assert N.describe_programme(effect, lang="ru").startswith(ru)
