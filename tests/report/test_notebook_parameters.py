"""The parameters of the shipped notebooks: one vocabulary, checked before any kernel starts.

papermill reads every parameters cell without a warning (``cxtools run`` used to print "Unable to
parse line" and "Passed unknown parameter: lang"), the same parameter has the same type in every
notebook, and a bad value stops ``cxtools run`` with exit 2 naming the allowed values.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from cxtools.core.errors import CxParameterError
from cxtools.core.vocabulary import REPEAT_MODELS
from cxtools.report import parameter_values, read_parameters, resolve_parameters

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_papermill_reads_every_parameter_without_a_warning(path, caplog):
    import papermill as pm

    with caplog.at_level(logging.DEBUG, logger="papermill"):
        inspected = pm.inspect_notebook(str(path))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not warnings, f"{path.name}: papermill warns: {warnings}"
    declared = read_parameters(path)
    # papermill --help-notebook documents each parameter, with its type and help
    assert list(inspected) == [p.name for p in declared]
    for p in declared:
        assert inspected[p.name]["inferred_type_name"] == p.type, p.name
        assert inspected[p.name]["help"] == p.help and p.help, p.name


def test_one_parameter_one_type_in_every_notebook():
    types: dict[str, set[str]] = {}
    for path in NOTEBOOKS:
        for p in read_parameters(path):
            types.setdefault(p.name, set()).add(p.type)
    mixed = {name: kinds for name, kinds in types.items() if len(kinds) > 1}
    assert not mixed, f"parameters declared with different types: {mixed}"
    assert "spend_uplift_pct" not in types and types["spend_uplift"] == {"Share"}
    assert types["repeat_model"] == {"RepeatModel"} and types["lang"] == {"Language"}


def test_repeat_model_lists_the_same_choices_in_01_and_04():
    shown = {path.stem: parameter_values(next(p for p in read_parameters(path) if p.name == "repeat_model"))
             for path in NOTEBOOKS if path.stem in ("01_ltv", "04_cx_value")}
    assert shown["01_ltv"] == shown["04_cx_value"] == f"one of {list(REPEAT_MODELS)}"


@pytest.mark.parametrize("model", REPEAT_MODELS)
def test_each_repeat_model_is_accepted_by_01_and_04(model):
    paths = [ROOT / "notebooks" / "01_ltv.ipynb", ROOT / "notebooks" / "04_cx_value.ipynb"]
    resolved = resolve_parameters(paths, {"repeat_model": model})
    assert [values["repeat_model"] for values in resolved.values()] == [model, model]


def test_old_spellings_still_work_for_one_release():
    paths = [ROOT / "notebooks" / "01_ltv.ipynb", ROOT / "notebooks" / "04_cx_value.ipynb"]
    with pytest.warns(FutureWarning, match="spend_uplift_pct is now spend_uplift"):
        resolved = resolve_parameters(paths, {"spend_uplift_pct": "5"})
    assert [values["spend_uplift"] for values in resolved.values()] == [0.05, 0.05]
    with pytest.warns(FutureWarning, match="'pareto_nbd' is now written 'paretonbd'"):
        resolved = resolve_parameters(paths, {"repeat_model": "pareto_nbd"})
    assert {values["repeat_model"] for values in resolved.values()} == {"paretonbd"}
    with pytest.raises(CxParameterError, match="not both"):
        resolve_parameters(paths, {"spend_uplift_pct": "5", "spend_uplift": "0.05"})


@pytest.mark.parametrize(("stem", "name", "value", "expected"), [
    ("01_ltv", "discount_rate", "10", "10 means 1000 %"),
    ("01_ltv", "spend_uplift", "5", "a fraction from 0 to 1"),
    ("01_ltv", "as_of", "30/06/2026", "a date such as 2026-06-30"),
    ("02_herzberg", "importance_method", "weights", "one of ['relative_weights', 'correlation']"),
    ("02_herzberg", "alpha", "5", "a significance level"),
    ("03_survey", "confidence", "95", "an interval level above 0.5 and below 1"),
    ("04_cx_value", "repeat_model", "bg/nbd", "one of ['bgnbd', 'paretonbd']"),
    ("04_cx_value", "horizon_months", "0", "a whole number of at least 1"),
    ("05_whole_picture", "relationship", "nps", "one of ['overall_satisfaction', 'recommend']"),
    ("05_whole_picture", "value_cuts", "500,100", "two increasing numbers"),
    ("05_whole_picture", "targets", '{"nps": 30', "a mapping of names to a number"),
    ("05_whole_picture", "targets", '{"nps": "high"}', "a mapping of names to a number"),
    ("00_data_overview", "lang", "de", "one of ['', 'en', 'ru']"),
])
def test_a_bad_value_is_refused_naming_what_is_allowed(stem, name, value, expected):
    with pytest.raises(CxParameterError) as caught:
        resolve_parameters([ROOT / "notebooks" / f"{stem}.ipynb"], {name: value})
    assert expected in str(caught.value) and stem in str(caught.value)


def test_targets_are_a_typed_mapping():
    path = ROOT / "notebooks" / "05_whole_picture.ipynb"
    for text in ('{"nps": 30, "monthly_churn": 0.02}', "{nps: 30, monthly_churn: 0.02}"):
        assert resolve_parameters([path], {"targets": text})[path]["targets"] == {"nps": 30.0, "monthly_churn": 0.02}


def test_cxtools_run_refuses_a_bad_repeat_model_for_01_and_04_with_exit_2(tmp_path):
    out = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "cxtools", "run", "01_ltv", "04_cx_value", "-p", "repeat_model",
                             "pareto", "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert "one of ['bgnbd', 'paretonbd']" in result.stderr and "kernel ready" not in result.stderr
    assert not out.exists()


def test_cxtools_list_shows_the_allowed_values():
    result = subprocess.run([sys.executable, "-m", "cxtools", "list"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    for stem in ("01_ltv", "04_cx_value"):
        block = next(b for b in blocks if b.startswith(stem))
        assert "repeat_model: RepeatModel" in block and "values: one of ['bgnbd', 'paretonbd']" in block
