"""``cxtools check`` and the section plan; parameter checks; as-of date and windows from the data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cxtools.data.description import load_description
from cxtools.data.description.draft import write_draft
from cxtools.data.description import (SECTIONS, Section, check, check_choice, check_names, check_range,
                                      check_share, check_window, data_span, default_windows, notebook_status, plan)
from cxtools.core.errors import CxEmptyDataError, CxParameterError

REPO_ROOT = Path(__file__).resolve().parents[3]


def cxtools(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cxtools", *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd=REPO_ROOT)


def runs(planned, notebook):
    rows = planned[planned.notebook == notebook]
    return dict(zip(rows["section"], rows["runs"]))


def test_registry_covers_notebooks_00_to_05():
    assert list(SECTIONS) == ["00_data_overview", "01_ltv", "02_herzberg", "03_survey", "04_cx_value",
                              "05_whole_picture"]
    notebooks = {p.stem for p in (REPO_ROOT / "notebooks").glob("0*.ipynb")}
    assert set(SECTIONS) <= notebooks


def test_sample_folder_runs_everything(samples_dir):
    planned = plan(load_description(samples_dir))
    assert planned["runs"].all(), planned[~planned["runs"]]


def test_transactions_alone_run_01_repeat_buying_only(whitespace_log):
    write_draft(whitespace_log)
    planned = plan(load_description(whitespace_log))
    ltv = runs(planned, "01_ltv")
    assert ltv["repeat-buying models (BG/NBD, Pareto/NBD)"] and ltv["holdout check of the repeat-buying model"]
    assert not ltv["contract retention model (sBG) and lifetime value"]
    status = notebook_status(planned).set_index("notebook")
    assert status.loc["01_ltv", "runs"] and not status.loc["02_herzberg", "runs"]
    assert status.loc["04_cx_value", "reason"].startswith("skipped: needs")
    reason = planned.set_index("section").loc["contract survival (Kaplan-Meier)", "reason"]
    assert "subscriptions" in reason and "it would show" in reason


def test_contracts_alone_run_01_survival_only(tmp_path, sample_tables):
    subs = sample_tables.subscriptions
    subs.assign(start_date=subs["start_date"].dt.strftime("%Y-%m-%d"),
                end_date=subs["end_date"].dt.strftime("%Y-%m-%d")).to_csv(tmp_path / "contracts.csv", index=False)
    write_draft(tmp_path)
    desc = load_description(tmp_path)
    ltv = runs(plan(desc), "01_ltv")
    assert ltv["contract retention model (sBG) and lifetime value"] and not ltv["repeat-buying models (BG/NBD, Pareto/NBD)"]


def test_survey_alone_runs_02_without_kano_and_03_without_waves(survey_1_10):
    write_draft(survey_1_10)
    planned = plan(load_description(survey_1_10))
    herz = runs(planned, "02_herzberg")
    assert herz["penalty-reward analysis (hygiene factors and motivators)"] and herz["importance-performance"]
    assert not herz["Kano classification"] and not herz["critical incidents"]
    ipa = planned.set_index("section").loc["importance-performance", "reason"]
    assert ipa.startswith("runs without stated importance")
    survey = runs(planned, "03_survey")
    assert survey["driver analysis"] and not survey["NPS with its interval"] and not survey["trend over waves"]
    assert survey["answers per item"] and survey["overall satisfaction with its interval"]
    assert not any(runs(planned, "04_cx_value").values())


def test_survey_linked_to_customers_enables_04(samples_dir, tmp_path):
    for name in ("survey.csv", "customers.csv", "subscriptions.csv"):
        (tmp_path / name).write_bytes((samples_dir / name).read_bytes())
    cx = runs(plan(load_description(tmp_path)), "04_cx_value")
    assert cx["linking survey answers to customers"] and cx["satisfaction and churn"]
    assert not cx["operations and satisfaction"] and not cx["purchases and satisfaction"]


def test_check_reports_missing_columns_and_bad_dates(tx_only):
    (tx_only / "cxtools.yaml").write_text(
        "transactions:\n  file: orders.csv\n  date_format: YYYYMMDD\n"
        "  columns: {Order ID: transaction_id, Client: customer_id, Order date: timestamp, Value: amount}\n",
        encoding="utf-8")
    result = check(tx_only)
    assert not result.ok
    text = result.report()
    assert "column 'Client' is not in orders.csv; did you mean 'Customer'?" in text
    assert "do not match date_format '%Y%m%d'" in text
    assert not runs(result.plan, "01_ltv")["repeat-buying models (BG/NBD, Pareto/NBD)"]


def test_check_command_on_shapes(russian_export, survey_1_10):
    for folder in (russian_export, survey_1_10):
        assert cxtools("init", "--data", str(folder)).returncode == 0
    ru = cxtools("check", "--data", str(russian_export))
    assert ru.returncode == 0, ru.stdout + ru.stderr
    assert "run   repeat-buying models (BG/NBD, Pareto/NBD)" in ru.stdout
    assert "skip  contract survival (Kaplan-Meier) -- needs contracts with start and end dates" in ru.stdout
    assert "02_herzberg: skipped" in ru.stdout
    sv = cxtools("check", "--data", str(survey_1_10))
    assert sv.returncode == 0, sv.stdout + sv.stderr
    assert "skip  NPS with its interval -- needs a 0-10 likelihood-to-recommend item" in sv.stdout


def test_check_command_refuses_an_invalid_description(tmp_path):
    (tmp_path / "cxtools.yaml").write_text("survey:\n  file: s.csv\n  recomend: q1\n", encoding="utf-8")
    result = cxtools("check", "--data", str(tmp_path))
    assert result.returncode == 2
    assert "line 3, survey.recomend: unknown key 'recomend'; did you mean 'recommend'?" in result.stderr


def test_custom_registry_and_unknown_requirement(samples_dir, tmp_path):
    desc = load_description(samples_dir)
    custom = {"05_scorecard": [Section("eNPS per unit", needs=["employees"])]}
    assert plan(desc, sections=custom)["runs"].tolist() == [True]  # the sample has an employee survey
    planned = plan(load_description(tmp_path), sections=custom)
    assert planned["runs"].tolist() == [False] and "employees" in planned["reason"].iloc[0]
    with pytest.raises(CxParameterError, match="unknown requirement"):
        plan(desc, sections={"x": [Section("y", needs=["weather"])]})


# --- parameter checks --------------------------------------------------------------------
def test_discount_rate_of_10_is_refused_with_a_hint():
    with pytest.raises(CxParameterError, match=r"10 means 1000 %. For 10 % write 0.1"):
        check_share("discount_rate", 10, func="01_ltv", per="per year")
    assert check_share("discount_rate", 0.1, func="01_ltv") == 0.1
    with pytest.raises(CxParameterError, match="between 0 and 1"):
        check_share("purchase_margin", -0.2)


def test_choices_ranges_and_names():
    with pytest.raises(CxParameterError, match="did you mean 'paretonbd'"):
        check_choice("repeat_model", "pareto", ["bgnbd", "paretonbd"])
    with pytest.raises(CxParameterError, match="above 0"):
        check_range("horizon_months", 0, low=0, low_open=True)
    with pytest.raises(CxParameterError, match="must be a number"):
        check_range("n_boot", "many", low=1)
    with pytest.raises(CxParameterError, match="did you mean 'calibration_end'"):
        check_names(["calibraton_end"], ["as_of", "calibration_end"])


# --- as_of and windows from the data ------------------------------------------------------
def test_span_of_an_old_log_and_windows_inside_it(whitespace_log):
    write_draft(whitespace_log)
    desc = load_description(whitespace_log)
    span = data_span(desc)
    dates = pd.to_datetime(pd.read_csv(whitespace_log / "purchases.txt", sep=r"\s+", dtype=str)["date"],
                           format="%Y%m%d")
    assert (span.first, span.last) == (dates.min(), dates.max())
    windows = default_windows(span)
    assert windows["as_of"] == span.last and span.first < windows["calibration_end"] < span.last
    check_window(windows["calibration_start"], windows["calibration_end"], span=span)
    with pytest.raises(CxParameterError, match="starts after the last date in the data"):
        check_window("2025-12-31", "2026-06-30", span=span, name="holdout")
    with pytest.raises(CxParameterError, match="ends after the last date"):
        check_window(windows["calibration_end"], "2026-06-30", span=span, name="holdout")
    with pytest.raises(CxParameterError, match="ends before it starts"):
        check_window("1998-01-01", "1997-06-01", span=span)


def test_span_covers_contract_ends(samples_dir):
    span = data_span(load_description(samples_dir), as_of="2026-06-30")
    subs = pd.read_csv(samples_dir / "subscriptions.csv", parse_dates=["start_date", "end_date"])
    assert span.first == min(subs["start_date"].min(), pd.Timestamp("2024-07-01"))
    assert span.last <= pd.Timestamp("2026-06-30 23:59:59")


def test_span_needs_dated_sources(survey_1_10):
    write_draft(survey_1_10)
    with pytest.raises(CxEmptyDataError, match="no dates"):
        data_span(load_description(survey_1_10))


def test_section_status_sentence_and_unknown_names(survey_1_10):
    write_draft(survey_1_10)
    desc = load_description(survey_1_10)
    from cxtools.data.description import section_status

    assert section_status(desc, "02_herzberg", "importance-performance").runs
    status = section_status(desc, "03_survey", "NPS with its interval")
    assert not status.runs
    assert status.sentence == ("This section is skipped: it needs a 0-10 likelihood-to-recommend item "
                               "(survey.recommend), and the data description names none. With them it would show "
                               "the Net Promoter Score and its uncertainty.")
    with pytest.raises(CxParameterError, match="did you mean 'Kano classification'"):
        section_status(desc, "02_herzberg", "Kano classes")


def test_parameters_by_name():
    from cxtools.data.description import check_parameters

    good = {"discount_rate": 0.1, "repeat_model": "paretonbd", "horizon_months": 60, "as_of": "2026-06-30",
            "alpha": 0.05, "n_boot": 1000, "seed": 7, "attributes": []}
    assert check_parameters(good) == good
    for bad, match in (({"discount_rate": 10}, "1000 %"), ({"repeat_model": "bg/nbd"}, "did you mean 'bgnbd'"),
                       ({"horizon_months": 2.5}, "whole number"), ({"as_of": "30/13/2026"}, "must be a date"),
                       ({"alpha": 5}, "significance level"), ({"spend_uplift": 3}, "300 %")):
        with pytest.raises(CxParameterError, match=match):
            check_parameters(bad, func="nb")


def test_check_flags_a_misspelt_personal_column(tx_only):
    (tx_only / "cxtools.yaml").write_text("transactions:\n  file: orders.csv\n  personal: [Custmer]\n"
                                          "  columns: {Order ID: transaction_id, Customer: customer_id, "
                                          "Order date: timestamp, Value: amount}\n", encoding="utf-8")
    text = check(tx_only).report()
    assert "personal-data column 'Custmer' is not in orders.csv; did you mean 'Customer'?" in text


def test_default_as_of_is_the_last_date_in_the_data(whitespace_log, survey_1_10):
    from cxtools.data.description import default_as_of

    write_draft(whitespace_log)
    desc = load_description(whitespace_log)
    assert default_as_of(desc) == data_span(desc).last and default_as_of(desc).year == 1998
    assert default_as_of(desc, "1998-01-31") == pd.Timestamp("1998-01-31")
    with pytest.raises(CxParameterError, match="must be a date"):
        default_as_of(desc, "soon")
    write_draft(survey_1_10)
    assert default_as_of(load_description(survey_1_10)) is None


def test_without_a_description_missing_optional_columns_turn_roles_off(tmp_path, samples_dir):
    survey = pd.read_csv(samples_dir / "survey.csv", dtype=str)
    survey.drop(columns=["weight", "wave", "customer_id"]).to_csv(tmp_path / "survey.csv", index=False)
    result = check(tmp_path)
    assert result.ok, result.report()
    text = result.report()
    assert "survey.weight is off: survey.csv has no 'weight' column" in text
    got = runs(result.plan, "03_survey")
    assert got["NPS with its interval"] and got["NPS by segment"]
    assert not got["trend over waves"] and not got["weighting and raking"]
    assert not any(runs(result.plan, "04_cx_value").values())
