"""Working copies of the notebooks in one language (``cxtools notebooks --lang ru --out DIR``)."""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cxtools.report.copies import working_copy, write_working_copies
from cxtools.report.notebooks import LANG_TAGS

ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = re.compile("[\u0400-\u04ff]")


def _headings(nb) -> list[str]:
    return [line.strip() for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
            if line.startswith("#")]


def _parameters_source(nb) -> str:
    return next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_copies_hold_one_language_each_heading_once(tmp_path, lang):
    written = write_working_copies(tmp_path / lang, lang=lang)
    assert [p.name for p in written] == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    other = LANG_TAGS["ru" if lang == "en" else "en"]
    for path in written:
        nb = nbformat.read(path, as_version=4)
        assert not [c for c in nb.cells if other in c.metadata.get("tags", [])], path.name
        heads = _headings(nb)
        assert heads and not [h for h, n in collections.Counter(heads).items() if n > 1], path.name
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), path.name
        assert bool(CYRILLIC.search(nb.cells[0].source)) == (lang == "ru"), path.name
        assert re.search(rf'^lang: Language = "{lang}"', _parameters_source(nb), re.M), path.name
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name
        # the data folder still leads to the data from where the copies are
        data_dir = re.search(r'^data_dir: str = "([^"]+)"', _parameters_source(nb), re.M).group(1)
        assert (path.parent / data_dir).resolve().is_dir(), path.name


def test_the_source_notebooks_are_left_as_they_are(tmp_path):
    source = ROOT / "notebooks" / "03_survey.ipynb"
    before = source.read_bytes()
    working_copy(nbformat.read(source, as_version=4), lang="ru")
    write_working_copies(tmp_path, lang="ru", names=["03_survey"])
    assert source.read_bytes() == before
    with pytest.raises(Exception, match="replace the notebooks themselves"):
        write_working_copies(ROOT / "notebooks", lang="ru")


def test_cxtools_notebooks_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cxtools", "notebooks", "--lang", "ru", "--out", str(tmp_path),
                             "03_survey"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["03_survey.ipynb"]
    bad = subprocess.run([sys.executable, "-m", "cxtools", "notebooks", "--lang", "de", "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["00_data_overview", "05_whole_picture"])
def test_russian_copies_run_headless(tmp_path, stem):
    """The Russian copies run as written (lang preset, data found); what they show is in Russian, once."""
    from nbclient import NotebookClient

    from cxtools.report.execute import _private_kernel_options

    [path] = write_working_copies(tmp_path, lang="ru", names=[stem])
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   **_private_kernel_options()).execute()
    heads = _headings(nb)
    assert not [h for h, n in collections.Counter(heads).items() if n > 1]
    shown = [o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", [])]
    shown = [text for text in shown if text.strip()]
    assert any(CYRILLIC.search(text) for text in shown), "no markdown output in Russian"
