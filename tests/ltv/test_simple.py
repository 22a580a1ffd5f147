"""Tests for cxtools.ltv.simple: the practitioner's LTV and its discounted forms.

The discounted closed forms are checked against explicit sums of discounted
expected margins (Gupta & Lehmann 2003, eq. 2; Berger & Nasr 1998, case 1).
"""

import numpy as np
import pandas as pd
import pytest

from cxtools.core.errors import CxDataError, CxEmptyDataError, CxParameterError, CxSchemaError
from cxtools.ltv.simple import (
    LTVUplift,
    annual_to_period_rate,
    experience_scenarios,
    ltv_uplift,
    segment_ltv,
)


@pytest.fixture
def telecom():
    # the worked example: internet only vs internet + digital TV
    return pd.DataFrame(
        {"revenue": [250, 350], "margin": [50, 100], "lifetime_months": [36, 60]},
        index=pd.Index(["internet only", "internet + TV"], name="plan"),
    )


def test_telecom_example_to_the_rouble(telecom):
    table = segment_ltv(telecom, margin="margin", lifetime="lifetime_months")
    assert table.loc["internet only", "ltv"] == 1800
    assert table.loc["internet + TV", "ltv"] == 6000
    up = ltv_uplift(table, "internet only", "internet + TV")
    assert up.difference == 4200
    assert round(up.ratio, 2) == 3.33
    assert "+4,200 rub" in repr(up) and "3.33x" in repr(up)
    assert list(table.index) == ["internet only", "internet + TV"]
    assert table.index.name == "plan"
    assert table["expected_lifetime_months"].tolist() == [36, 60]
    assert (table["formula"] == "m * L").all()


def test_uplift_to_frame_and_reverse(telecom):
    table = segment_ltv(telecom, lifetime="lifetime_months")
    down = ltv_uplift(table, "internet + TV", "internet only")
    assert down.difference == -4200
    assert down.ratio == pytest.approx(0.3)
    frame = down.to_frame()
    assert frame.loc[0, "difference"] == -4200 and frame.loc[0, "currency"] == "rub"
    assert isinstance(down, LTVUplift)
    with pytest.raises(AttributeError):
        down.difference = 0  # frozen


def _direct_sum_retention(m, r, d, timing, n=5000):
    t = np.arange(0, n)
    if timing == "end":
        t = t + 1
    return float(np.sum(m * (r / (1 + d)) ** t))


@pytest.mark.parametrize("timing", ["end", "start"])
@pytest.mark.parametrize("r,d", [(0.8, 0.1), (0.95, 0.01), (0.5, 0.0), (0.99, 0.008)])
def test_discounted_retention_forms_match_direct_sum(timing, r, d):
    seg = pd.DataFrame({"margin": [120.0], "retention": [r]})
    out = segment_ltv(seg, retention="retention", discount_rate=d, timing=timing)
    assert out["ltv"].iloc[0] == pytest.approx(_direct_sum_retention(120.0, r, d, timing), rel=1e-9)
    expected_life = r / (1 - r) if timing == "end" else 1 / (1 - r)
    assert out["expected_lifetime_months"].iloc[0] == pytest.approx(expected_life)
    assert ("r / (1+d-r)" in out["formula"].iloc[0]) == (timing == "end")


def test_gupta_lehmann_margin_multiple():
    # Gupta & Lehmann (2003), table 1: r = 0.8, i = 0.12 -> margin multiple r/(1+i-r) = 2.5
    out = segment_ltv(pd.DataFrame({"margin": [1.0], "r": [0.8]}), retention="r", discount_rate=0.12)
    assert out["ltv"].iloc[0] == pytest.approx(2.5)


@pytest.mark.parametrize("timing", ["end", "start"])
@pytest.mark.parametrize("L", [1, 12, 36, 60])
def test_discounted_fixed_lifetime_matches_direct_sum(timing, L):
    m, d = 50.0, 0.0095
    out = segment_ltv(pd.DataFrame({"margin": [m], "life": [L]}), lifetime="life", discount_rate=d, timing=timing)
    t = np.arange(1, L + 1) if timing == "end" else np.arange(0, L)
    assert out["ltv"].iloc[0] == pytest.approx(np.sum(m / (1 + d) ** t), rel=1e-12)
    assert out["ltv"].iloc[0] <= m * L + 1e-9


def test_undiscounted_lifetime_same_for_both_timings(telecom):
    a = segment_ltv(telecom, lifetime="lifetime_months", timing="end")["ltv"]
    b = segment_ltv(telecom, lifetime="lifetime_months", timing="start")["ltv"]
    pd.testing.assert_series_equal(a, b)


def test_period_label_in_columns(telecom):
    tel = telecom.assign(life_years=[3, 5])
    out = segment_ltv(tel.assign(margin=[600, 1200]), lifetime="life_years", time_unit="year")
    assert {"margin_per_year", "expected_lifetime_years", "discount_rate_per_year"} <= set(out.columns)
    assert out["ltv"].tolist() == [1800, 6000]


def test_annual_to_monthly_rate():
    d = annual_to_period_rate(0.10, time_unit="month")
    assert (1 + d) ** 12 == pytest.approx(1.10)
    assert annual_to_period_rate(0.10, time_unit="year") == pytest.approx(0.10)
    with pytest.raises(CxParameterError, match="time_unit must be one of .* got 'fortnight'"):
        annual_to_period_rate(0.1, time_unit="fortnight")
    with pytest.raises(CxParameterError, match="1000 %.*did you mean 0.1"):
        annual_to_period_rate(10)
    with pytest.raises(CxParameterError):
        annual_to_period_rate(-1.5)


def test_errors_name_column_and_rows(telecom):
    with pytest.raises(CxSchemaError, match="'profit'"):
        segment_ltv(telecom, margin="profit", lifetime="lifetime_months")
    with pytest.raises(CxParameterError, match="exactly one"):
        segment_ltv(telecom)
    with pytest.raises(CxParameterError, match="exactly one"):
        segment_ltv(telecom.assign(r=0.9), lifetime="lifetime_months", retention="r")
    bad = telecom.copy()
    bad.loc["internet + TV", "lifetime_months"] = -5
    with pytest.raises(CxDataError, match=r"'lifetime_months'.*internet \+ TV"):
        segment_ltv(bad, lifetime="lifetime_months")
    with pytest.raises(CxDataError, match=r"'r'.*in the range \[0, 1\): values \[1.0\] in rows 'internet \+ TV'"):
        segment_ltv(telecom.assign(r=[0.9, 1.0]), retention="r")
    with pytest.raises(CxDataError, match="'margin' of segments has 1 missing value\\(s\\) in rows 'internet only'"):
        segment_ltv(telecom.assign(margin=[np.nan, 100.0]), lifetime="lifetime_months")
    with pytest.raises(CxDataError, match=r"'margin' of segments must hold numbers; rows 'internet only' hold \['fifty'\]"):
        segment_ltv(telecom.assign(margin=["fifty", "100"]), lifetime="lifetime_months")
    with pytest.raises(CxParameterError, match="discount_rate"):
        segment_ltv(telecom, lifetime="lifetime_months", discount_rate=-0.1)
    with pytest.raises(CxParameterError, match="timing"):
        segment_ltv(telecom, lifetime="lifetime_months", timing="middle")
    with pytest.raises(CxEmptyDataError):
        segment_ltv(telecom.iloc[:0], lifetime="lifetime_months")
    table = segment_ltv(telecom, lifetime="lifetime_months")
    with pytest.raises(CxParameterError, match="'mobile'"):
        ltv_uplift(table, "internet only", "mobile")


def test_experience_scenarios_match_direct_sum_and_multiply():
    m, c, x, y, annual_d = 100.0, 0.25, 5.0, 10.0, 0.12
    t = experience_scenarios(margin=m, annual_churn=c, churn_reduction_points=[0, x],
                             spend_uplift_pct=[0, y], annual_discount_rate=annual_d)
    d = (1 + annual_d) ** (1 / 12) - 1
    r_new = (1 - (c - x / 100)) ** (1 / 12)
    months = np.arange(0, 20000)
    direct = np.sum(m * (1 + y / 100) * r_new**months / (1 + d) ** months)
    row = t[(t.churn_reduction_points == x) & (t.spend_uplift_pct == y)].iloc[0]
    assert row["ltv"] == pytest.approx(direct, rel=1e-9)
    # the two effects multiply
    base = t.iloc[0]["ltv"]
    only_churn = t[(t.churn_reduction_points == x) & (t.spend_uplift_pct == 0)]["ltv"].iloc[0]
    only_spend = t[(t.churn_reduction_points == 0) & (t.spend_uplift_pct == y)]["ltv"].iloc[0]
    assert row["ltv"] == pytest.approx(only_churn * only_spend / base)
    assert row["ltv_uplift"] == pytest.approx(row["ltv"] - base)


def test_experience_scenarios_horizon_matches_direct_sum():
    t = experience_scenarios(margin=50, annual_churn=0.3, churn_reduction_points=[2],
                             spend_uplift_pct=[5], horizon_months=36, timing="end")
    r = (1 - 0.28) ** (1 / 12)
    months = np.arange(1, 37)
    assert t["ltv"].iloc[0] == pytest.approx(np.sum(50 * 1.05 * r**months))


def test_experience_scenarios_rejects_impossible_reduction():
    with pytest.raises(CxParameterError, match="zero or below"):
        experience_scenarios(margin=50, annual_churn=0.1, churn_reduction_points=[10])
    with pytest.raises(CxParameterError, match="annual_churn"):
        experience_scenarios(margin=50, annual_churn=1.2)


def test_notebook_01_ltv_structure():
    """The LTV notebook keeps the agreed structure (other sections are inserted before
    the heading '## The value of a better experience'), has a typed parameters cell,
    a workshop exercise and is committed without outputs."""
    import re
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parents[2] / "notebooks" / "01_ltv.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    params = nb.cells[1]
    assert params.cell_type == "code" and "parameters" in params.metadata.get("tags", [])
    # the cell opens with the import of the parameter types (choices and ranges), then one line each
    assert params.source.startswith("from cxtools.report.parameter_types import (")
    for line in params.source.split(")", 1)[1].strip().splitlines():
        assert re.match(r"^\w+: [\w\[\]| ]+ = .+  # \S", line), line
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    assert sum(h.startswith("## The value of a better experience") for h in headings) == 1
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any("### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source for c in code)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert any("publish_metrics(" in c.source for c in code)


def test_errors_show_the_bad_values_and_what_was_expected():
    bad = pd.DataFrame({"margin": [50, "fifty"], "r": [0.9, 1.2]}, index=["a", "b"])
    with pytest.raises(CxDataError, match=r"'margin' of segments must hold numbers; rows 'b' hold \['fifty'\]"):
        segment_ltv(bad, margin="margin", retention="r")
    bad = pd.DataFrame({"margin": [50, 60], "r": [0.9, 1.2]}, index=["a", "b"])
    with pytest.raises(CxDataError, match=r"'r' of segments has 1 value\(s\) that are not finite numbers in the range "
                                          r"\[0, 1\): values \[1.2\] in rows 'b'"):
        segment_ltv(bad, margin="margin", retention="r")


def test_uplift_describe_reads_the_worked_example(telecom):
    up = ltv_uplift(segment_ltv(telecom, lifetime="lifetime_months"), "internet only", "internet + TV")
    assert up.describe() == ("A customer moved from internet only to internet + TV is worth 4,200 rub more: "
                             "6,000 rub instead of 1,800 rub, 3.3 times as much.")
    eur = ltv_uplift(segment_ltv(telecom, lifetime="lifetime_months"), "internet only", "internet + TV",
                     currency="EUR")
    assert "worth €4,200 more: €6,000 instead of €1,800" in eur.describe()
    down = ltv_uplift(segment_ltv(telecom, lifetime="lifetime_months"), "internet + TV", "internet only")
    assert "4,200 rub less" in down.describe()


def test_old_keyword_names_warn_and_give_the_same_result(telecom):
    import cxtools.ltv.simple as simple
    from cxtools.ltv import discounting

    assert simple.annual_to_period_rate is discounting.annual_to_period_rate
    with pytest.warns(FutureWarning, match="'period' is now called 'time_unit'"):
        assert annual_to_period_rate(0.1, period="week") == annual_to_period_rate(0.1, time_unit="week")
    with pytest.warns(FutureWarning, match="'period' is now called 'time_unit'"):
        old = segment_ltv(telecom, lifetime="lifetime_months", period="year")
    pd.testing.assert_frame_equal(old, segment_ltv(telecom, lifetime="lifetime_months", time_unit="year"))
