"""The old homes of the data description, privacy and the sample data still work for one release."""

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize(("old", "new", "name"), [
    ("cxtools.description", "cxtools.data.description", "EXAMPLE"),
    ("cxtools.description", "cxtools.data.description", "load_description"),
    ("cxtools.description.draft", "cxtools.data.description.draft", "write_draft"),
    ("cxtools.privacy", "cxtools.data.privacy", "redact"),
    ("cxtools.privacy", "cxtools.data.privacy", "find_personal_columns"),
    ("cxtools.privacy", "cxtools.data.privacy", "PERSONAL_COLUMNS"),
    ("cxtools.samples", "cxtools.data.samples", "make_sample_data"),
    ("cxtools.samples", "cxtools.data.samples", "write_transactions_parquet"),
    ("cxtools.samples_units", "cxtools.data.samples.units", "make_unit_data"),
])
def test_old_path_gives_the_same_object_with_a_future_warning(old, new, name):
    alias = importlib.import_module(old)
    with pytest.warns(FutureWarning, match=new.replace(".", r"\.")):
        got = getattr(alias, name)
    assert got is getattr(importlib.import_module(new), name)
    assert name in dir(alias)


def test_readme_example_command_still_prints_the_example():
    code = "import cxtools.description as d; print(d.EXAMPLE)"
    out = subprocess.run([sys.executable, "-W", "ignore::FutureWarning", "-c", code], capture_output=True,
                         text=True, encoding="utf-8", timeout=60, check=True)
    assert out.stdout.startswith("# cxtools.yaml -- the data description of one data folder.")
    assert "personal:" in out.stdout

