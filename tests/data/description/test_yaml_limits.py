"""A hostile ``cxtools.yaml`` is refused before it costs time or memory.

Aliases of aliases ("billion laughs") let a few hundred bytes stand for billions of values; the
reader counts the values as it walks the document and stops at ``MAX_VALUES``. A long file is
refused by its size. Ordinary aliases still work.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from cxtools.data.description._yaml import MAX_BYTES, CxDescriptionError, read_yaml_with_lines


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"language: *a{levels - 1}")
    return "\n".join(lines)


@pytest.mark.parametrize("levels", [7, 9])
def test_an_alias_bomb_is_refused_with_a_reason(levels):
    with pytest.raises(CxDescriptionError, match="YAML aliases"):
        read_yaml_with_lines(_bomb(levels), "cxtools.yaml")


def test_an_alias_bomb_is_refused_in_little_memory():
    code = ("import resource, sys\n"
            "sys.path.insert(0, 'tests/data/description')\n"
            "from test_yaml_limits import _bomb\n"
            "from cxtools.data.description._yaml import read_yaml_with_lines, CxDescriptionError\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "try:\n    read_yaml_with_lines(_bomb(12), 'cxtools.yaml')\nexcept CxDescriptionError:\n    pass\n"
            "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n")
    grown_mb = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True).stdout.strip())
    assert grown_mb < 100


def test_a_file_longer_than_any_description_is_refused():
    with pytest.raises(CxDescriptionError, match="a few kilobytes"):
        read_yaml_with_lines("language: en\n" + "# padding\n" * (MAX_BYTES // 10 + 1), "cxtools.yaml")


def test_ordinary_aliases_still_work():
    data, lines = read_yaml_with_lines("base: &b {sep: ';', encoding: cp1251}\n"
                                       "survey: {file: s.csv, options: *b}\n", "cxtools.yaml")
    assert data["survey"]["options"] == {"sep": ";", "encoding": "cp1251"}
    assert lines[("survey", "file")] == 2
