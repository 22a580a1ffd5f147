"""Finding notebooks and reading their titles (cxtools.report.notebooks)."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cxtools import report
from cxtools.core.errors import CxParameterError
from cxtools.report import find_notebooks, notebook_title


def test_find_notebooks_by_stem_file_name_and_path(fixture_notebooks):
    by_stem = find_notebooks(["typed", "ok.ipynb"], notebooks_dir=fixture_notebooks)
    assert [p.name for p in by_stem] == ["typed.ipynb", "ok.ipynb"]
    by_path = find_notebooks([str(fixture_notebooks / "raises.ipynb")], notebooks_dir="/nonexistent")
    assert by_path[0].name == "raises.ipynb"
    every = find_notebooks([], notebooks_dir=fixture_notebooks)
    assert [p.stem for p in every] == ["chatty", "leaky", "lookup", "ok", "raises", "sleeps", "typed"]


def test_find_notebooks_unknown_lists_available(fixture_notebooks, tmp_path):
    with pytest.raises(CxParameterError, match="no notebook '99_nothing'.*available: chatty, leaky, lookup, ok, raises"):
        find_notebooks(["99_nothing"], notebooks_dir=fixture_notebooks)
    with pytest.raises(CxParameterError, match="no notebooks"):
        find_notebooks([], notebooks_dir=tmp_path)
    with pytest.raises(CxParameterError, match="does not exist"):
        find_notebooks([], notebooks_dir=tmp_path / "missing")


def test_default_notebooks_dir_is_the_projects(repo_root):
    assert report.default_notebooks_dir() == repo_root / "notebooks"


def test_notebook_title():
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell("Intro\n\n## What is a customer worth? ##")])
    assert notebook_title(nb) == "What is a customer worth?"
    assert notebook_title(new_notebook()) == ""
