"""Loaders of the employee layer: employee survey, units, customer -> unit link."""

from __future__ import annotations

import pandas as pd
import pytest

from cxtools.data import io
from cxtools.core.errors import CxParameterError, CxSchemaError


def _accounted(res):
    assert res.n_accepted + res.n_rejected == res.n_read


def test_bundled_employee_layer_loads_clean_and_is_consistent(samples_dir):
    units = io.load_units(samples_dir / "units.csv")
    links = io.load_customer_units(samples_dir / "customer_units.csv", known_units=units)
    emp = io.load_employee_survey(samples_dir / "employee_survey.csv", known_units=units, as_of="2026-06-30")
    for res in (units, links, emp):
        _accounted(res)
        assert res.n_rejected == 0
    raw = pd.read_csv(samples_dir / "employee_survey.csv")
    assert emp.n_read == len(raw)
    assert emp.data["enps"].dtype == "int64"
    assert emp.data["response_date"].dtype == "datetime64[ns]"
    assert emp.data.attrs["scales"] == {"enps": (0.0, 10.0), **{f"engagement_{j}": (1.0, 5.0) for j in range(1, 6)}}


def test_every_bad_row_is_rejected_with_its_reason_and_row_number(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(
        "employee_id,unit_id,wave,response_date,enps,engagement_1,engagement_2\n"
        "E1,U1,W1,2026-01-10,9,4,5\n"        # row 2: fine
        "E1,U1,W1,2026-01-10,8,4,5\n"        # row 3: second answer of E1 in W1
        "E1,U1,W2,2026-04-10,11,4,5\n"       # row 4: eNPS 11
        "E2,U1,W1,2026-01-10,7,0,5\n"        # row 5: engagement 0 on 1-5
        "E3,,W1,2026-01-10,7,3,3\n"          # row 6: no unit
        "E4,U2,W1,2031-01-10,7,3,3\n"        # row 7: date after as_of
        "E5,U9,W1,2026-01-10,7,3.5,3\n"      # row 8: unknown unit and a half point
        "E6,U2,W1,2026-01-10,,3,\n",         # row 9: skipped items are fine
        encoding="utf-8")
    res = io.load_employee_survey(path, as_of="2026-06-30", known_units=["U1", "U2"])
    _accounted(res)
    assert res.n_read == 8 and res.n_accepted == 2
    reasons = dict(zip(res.rejected["row"], res.rejected["reason"]))
    assert reasons[3] == "duplicate employee_id + wave"
    assert reasons[4] == "eNPS outside 0-10"
    assert reasons[5] == "engagement_1 outside 1-5"
    assert reasons[6] == "unit_id is missing"
    assert reasons[7] == "response_date in the future (after 2026-06-30)"
    assert "engagement_1 '3.5' is not a whole number" in reasons[8] and "unit_id 'U9' is not in the unit list" in reasons[8]
    assert res.data["enps"].isna().sum() == 1


def test_any_item_names_through_scales_and_renamed_columns():
    df = pd.DataFrame({"Табельный номер": ["A", "B", "C"], "Филиал": ["F1", "F1", "F2"],
                       "рекомендую": [10, 0, 6], "q_pride": [7, 1, 8], "q_leave": [1, 7, 4]})
    res = io.load_employee_survey(
        df, columns={"Табельный номер": "employee_id", "Филиал": "unit_id"}, enps="рекомендую",
        scales={"рекомендую": (0, 10), "q_*": (1, 7)}, reversed=["q_leave"])
    _accounted(res)
    assert res.rejected["reason"].tolist() == ["q_pride outside 1-7"]
    # reverse-keyed: 1 + 7 - answer
    assert res.data["q_leave"].tolist() == [7, 1]
    assert res.data.attrs["scales"]["q_leave"] == (1.0, 7.0)


def test_enps_is_never_rescaled_and_bad_options_are_refused():
    df = pd.DataFrame({"employee_id": ["A"], "unit_id": ["U"], "enps": [5]})
    with pytest.raises(CxParameterError, match="eNPS .* is asked on 0-10"):
        io.load_employee_survey(df, scales={"enps": (1, 10)})
    with pytest.raises(CxParameterError, match="match no column"):
        io.load_employee_survey(df, scales={"q_*": (1, 5)})
    with pytest.raises(CxParameterError, match="not items with a scale"):
        io.load_employee_survey(df, reversed=["unit_id"])
    with pytest.raises(CxSchemaError, match="missing required column"):
        io.load_employee_survey(pd.DataFrame({"employee_id": ["A"], "enps": [5]}))


def test_without_a_wave_an_employee_answers_once():
    df = pd.DataFrame({"employee_id": ["A", "A"], "unit_id": ["U", "U"], "enps": [5, 6]})
    res = io.load_employee_survey(df)
    assert res.rejected["reason"].tolist() == ["duplicate employee_id"]


def test_units_and_links():
    units = io.load_units(pd.DataFrame({"unit_id": ["U1", "U2", "U2"], "region": ["N", "S", "S"]}))
    assert units.n_accepted == 2 and units.rejected["reason"].tolist() == ["duplicate unit_id"]
    links = io.load_customer_units(
        pd.DataFrame({"client": ["C1", "C2", "C3", None], "unit_id": ["U1", "U3", "U2", "U1"]}),
        columns={"client": "customer_id"}, known_units=units)
    _accounted(links)
    assert links.data["customer_id"].tolist() == ["C1", "C3"]
    assert sorted(links.rejected["reason"]) == ["customer_id is missing", "unit_id 'U3' is not in the unit list"]
    with pytest.raises(CxParameterError, match="unit_id column"):
        io.load_customer_units(pd.DataFrame({"customer_id": ["C"], "unit_id": ["U"]}),
                               known_units=pd.DataFrame({"id": ["U"]}))
