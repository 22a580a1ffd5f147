"""Reading, converting and checking notebook parameters (cxtools.report.parameters)."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cxtools.core.errors import CxNotebookError, CxParameterError
from cxtools.report import (
    NotebookParameter,
    convert_parameter,
    read_parameters,
    read_parameters_file,
    resolve_parameters,
)


def test_read_parameters_of_typed_fixture(fixture_notebooks):
    params = {p.name: p for p in read_parameters(fixture_notebooks / "typed.ipynb")}
    assert list(params) == ["flag", "code", "count", "ratio", "waves", "ids", "label"]
    assert params["flag"] == NotebookParameter("flag", "bool", True, "True", "a yes/no switch")
    assert params["code"].default == "A1" and params["code"].type == "str"
    assert params["waves"].type == "list[str]" and params["waves"].default == ["2025Q1", "2025Q2"]
    assert params["label"].type == "str | None" and params["label"].default is None
    assert params["ratio"].help == "a share between 0 and 1"


def test_read_parameters_without_cell_and_with_broken_cell(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "none.ipynb")
    assert read_parameters(tmp_path / "none.ipynb") == []
    cell = new_code_cell("x: int = = 1")
    cell.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[cell]), tmp_path / "broken.ipynb")
    with pytest.raises(CxNotebookError, match="broken.ipynb: the parameters cell is not valid Python"):
        read_parameters(tmp_path / "broken.ipynb")
    with pytest.raises(CxNotebookError, match="does not exist"):
        read_parameters(tmp_path / "missing.ipynb")


def _p(type_, default=None, source="..."):
    return NotebookParameter("x", type_, default, source, "")


@pytest.mark.parametrize(
    ("type_", "text", "expected"),
    [
        ("bool", "false", False),
        ("bool", "False", False),
        ("bool", "no", False),
        ("bool", "0", False),
        ("bool", "TRUE", True),
        ("bool", "yes", True),
        ("bool", "1", True),
        ("str", "007", "007"),
        ("str", "true", "true"),
        ("int", "007", 7),
        ("int", "-12", -12),
        ("float", "0.12", 0.12),
        ("float", "3", 3.0),
        ("float", "1e-3", 0.001),
        ("list[str]", "[007, 2025Q1]", ["007", "2025Q1"]),
        ("list[str]", "a, b", ["a", "b"]),
        ("list[int]", "1,2,3", [1, 2, 3]),
        ("list[int]", "[1, 2]", [1, 2]),
        ("list[float]", "", []),
        ("list", "[1, a, true]", [1, "a", True]),
        ("dict", "{a: 1, b: x}", {"a": 1, "b": "x"}),
        ("str | None", "none", None),
        ("str | None", "text", "text"),
        ("Optional[int]", "5", 5),
        (None, "5", 5),  # no annotation: YAML reading of the text
    ],
)
def test_convert_parameter(type_, text, expected):
    value = convert_parameter(text, _p(type_))
    assert value == expected and type(value) is type(expected)


def test_convert_parameter_uses_default_type_without_annotation():
    assert convert_parameter("007", _p(None, default="A1")) == "007"
    assert convert_parameter("no", _p(None, default=True)) is False


@pytest.mark.parametrize(
    ("type_", "text"),
    [
        ("int", "3.5"),
        ("int", "ten"),
        ("int", ""),
        ("int", "true"),
        ("float", "abc"),
        ("float", "1,5"),
        ("bool", "maybe"),
        ("bool", "2"),
        ("list[int]", "1,x"),
        ("list[int]", "[1, 2"),
        ("dict", "[1, 2]"),
    ],
)
def test_convert_parameter_rejects(type_, text):
    with pytest.raises(CxParameterError) as info:
        convert_parameter(text, NotebookParameter("horizon", type_, 0, "0", ""), notebook="01_ltv")
    message = str(info.value)
    assert "01_ltv" in message and "'horizon'" in message and repr(text) in message and "expects" in message


def test_resolve_parameters_applies_each_to_its_notebooks(fixture_notebooks):
    ok, typed = fixture_notebooks / "ok.ipynb", fixture_notebooks / "typed.ipynb"
    resolved = resolve_parameters([ok, typed], {"scale": "3", "flag": "no", "code": "007"})
    assert resolved[ok] == {"scale": 3.0}
    assert resolved[typed] == {"flag": False, "code": "007"}


def test_typed_values_from_a_yaml_file_are_checked_too():
    # read as text first, so a YAML file behaves like -p
    with pytest.raises(CxParameterError, match="expects a whole number"):
        convert_parameter(["1", "2"], NotebookParameter("n", "int", 0, "0", ""))
    assert convert_parameter(["007", "8"], NotebookParameter("codes", "list[str]", [], "[]", "")) == ["007", "8"]


def test_resolve_parameters_unknown_name(fixture_notebooks):
    ok, typed = fixture_notebooks / "ok.ipynb", fixture_notebooks / "typed.ipynb"
    with pytest.raises(CxParameterError) as info:
        resolve_parameters([ok, typed], {"scael": "3"})
    message = str(info.value)
    assert "'scael'" in message and "ok, typed" in message
    assert "ok: data_dir, scale, fail" in message and "typed: flag, code, count" in message


def test_resolve_parameters_bad_value_names_the_notebook(fixture_notebooks):
    with pytest.raises(CxParameterError, match=r"typed: parameter 'count' expects a whole number .*'3\.5'"):
        resolve_parameters([fixture_notebooks / "typed.ipynb"], {"count": "3.5"})


def test_read_parameters_file_keeps_text(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("code: 007\nflag: no\nwaves: [2025Q1, 2025Q2]\n", encoding="utf-8")
    assert read_parameters_file(path) == {"code": "007", "flag": "no", "waves": ["2025Q1", "2025Q2"]}
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(CxParameterError, match="must hold a mapping"):
        read_parameters_file(path)
    path.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(CxParameterError, match="not valid YAML"):
        read_parameters_file(path)
    with pytest.raises(CxParameterError, match="cannot be read"):
        read_parameters_file(tmp_path / "missing.yaml")


def _declared(tmp_path, source):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    path = tmp_path / "choices.ipynb"
    nbformat.write(new_notebook(cells=[cell]), path)
    return {p.name: p for p in read_parameters(path)}


def test_choices_and_ranges_are_checked(tmp_path):
    params = _declared(tmp_path, "\n".join([
        'language: Literal["en", "ru"] = "en"  # report language',
        "horizon: Annotated[int, Field(ge=1, le=120)] = 36  # months ahead",
        "share: Annotated[float, Field(gt=0, lt=1)] = 0.5  # a share",
        "wave: Literal[1, 2, 3] = 1  # survey wave",
    ]))
    assert convert_parameter("ru", params["language"]) == "ru"
    assert convert_parameter("120", params["horizon"]) == 120
    assert convert_parameter("2", params["wave"]) == 2
    with pytest.raises(CxParameterError, match=r"expects one of \['en', 'ru'\].*got 'rus'; did you mean 'ru'\?"):
        convert_parameter("rus", params["language"], notebook="01_ltv")
    with pytest.raises(CxParameterError, match=r"'horizon' expects a whole number, at least 1 and at most 120 .*'121'"):
        convert_parameter("121", params["horizon"])
    with pytest.raises(CxParameterError, match=r"'horizon' expects a whole number.*'0'"):
        convert_parameter("0", params["horizon"])
    with pytest.raises(CxParameterError, match=r"more than 0 and less than 1 .*'1\.0'"):
        convert_parameter("1.0", params["share"])
    with pytest.raises(CxParameterError, match=r"expects one of \[1, 2, 3\]"):
        convert_parameter("4", params["wave"])


def test_read_parameters_keeps_help_and_unions_papermill_cannot_read(fixture_notebooks):
    # papermill's reader drops `label: str | None`; the cell's syntax keeps it
    import papermill as pm

    typed = fixture_notebooks / "typed.ipynb"
    assert "label" not in pm.inspect_notebook(str(typed))
    params = {p.name: p for p in read_parameters(typed)}
    assert params["label"].type == "str | None"
    assert {name: p.help for name, p in params.items() if name != "label"} == {
        name: info["help"] for name, info in pm.inspect_notebook(str(typed)).items()}


def test_unknown_parameter_suggests_the_closest_name(fixture_notebooks):
    with pytest.raises(CxParameterError, match=r"unknown parameter 'scael'.*did you mean 'scale'\?"):
        resolve_parameters([fixture_notebooks / "ok.ipynb", fixture_notebooks / "typed.ipynb"], {"scael": "3"})
