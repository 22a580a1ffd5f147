"""Working copies of the notebooks in one language, for reading and running in JupyterLab.

Each notebook is kept in one source with the text of both report languages (markdown cells
tagged ``lang-en`` and ``lang-ru``). A working copy holds the cells of one language only, each
heading and paragraph once, with the outputs cleared and the ``lang`` parameter preset, so a
reader opening it in JupyterLab sees one language from the first cell to the last::

    cxtools notebooks --lang ru --out notebooks_ru

Paths among the parameters' defaults (``../data/samples``) are kept when they still lead to the
data from the folder of the copies; otherwise they are preset to the folder they meant.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any, Sequence

from cxtools.core.i18n import check_lang
from cxtools.core.errors import CxParameterError
from cxtools.report.notebooks import default_notebooks_dir, in_language, list_notebooks, read_notebook
from cxtools.report.parameters import read_parameters

__all__ = ["preset_parameters", "working_copy", "write_working_copies"]


def _is_parameters_cell(cell) -> bool:
    return "parameters" in cell.get("metadata", {}).get("tags", [])


def preset_parameters(nb, values: dict[str, Any]):
    """The notebook with new defaults in its ``parameters`` cell (the rest of each line kept).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell('lang: Language = ""  # report language, en or ru')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> preset_parameters(new_notebook(cells=[cell]), {"lang": "ru"}).cells[0].source
    'lang: Language = "ru"  # report language, en or ru'
    """
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if not _is_parameters_cell(cell):
            continue
        lines = cell.source.split("\n")
        for name, value in values.items():
            pattern = re.compile(rf"^({re.escape(name)}\s*(?::[^=]*)?=\s*)(.*?)(\s*#.*)?$")
            for i, line in enumerate(lines):
                match = pattern.match(line)
                if match:
                    literal = f'"{value}"' if isinstance(value, str) and '"' not in value else repr(value)
                    lines[i] = match.group(1) + literal + (match.group(3) or "")
                    break
            else:
                raise CxParameterError(f"the notebook has no parameter {name!r} to preset")
        cell.source = "\n".join(lines)
    return out


def working_copy(nb, *, lang: str, parameters: dict[str, Any] | None = None):
    """A notebook in one language: the other language's cells left out, outputs cleared, ``lang`` preset.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    >>> params = new_code_cell('lang: Language = ""  # report language')
    >>> params.metadata["tags"] = ["parameters"]
    >>> nb = new_notebook(cells=[new_markdown_cell("# Survey", metadata={"tags": ["lang-en"]}), params,
    ...                          new_markdown_cell("# Survey, in Russian", metadata={"tags": ["lang-ru"]}),
    ...                          new_code_cell("1 + 1", outputs=[new_output("execute_result", data={"text/plain": "2"})])])
    >>> ru = working_copy(nb, lang="ru")
    >>> [c.source for c in ru.cells]
    ['# Survey, in Russian', 'lang: Language = "ru"  # report language', '1 + 1']
    >>> ru.cells[-1].outputs
    []
    """
    from nbconvert.preprocessors import ClearOutputPreprocessor

    check_lang(lang, "working_copy")
    out = copy.deepcopy(in_language(nb, lang))
    out, _ = ClearOutputPreprocessor().preprocess(out, {})
    presets = dict(parameters or {})
    if any(_is_parameters_cell(c) and re.search(r"^lang\s*[:=]", c.source, re.M) for c in out.cells):
        presets.setdefault("lang", lang)
    out = preset_parameters(out, presets)
    # the source has the parameters cell second, after the English title: the title goes first again
    if (len(out.cells) > 1 and _is_parameters_cell(out.cells[0]) and out.cells[1].cell_type == "markdown"
            and out.cells[1].source.lstrip().startswith("# ")):
        out.cells[0], out.cells[1] = out.cells[1], out.cells[0]
    out.metadata["language"] = lang  # read by tools that show a notebook's language; Jupyter ignores it
    return out


def _path_presets(source: Path, out_dir: Path) -> dict[str, str]:
    """Relative paths among the defaults that would no longer lead anywhere from ``out_dir``."""
    presets = {}
    for p in read_parameters(source):
        value = p.default
        if not isinstance(value, str) or not value.startswith(("./", "../")):
            continue
        meant = (source.parent / value).resolve()
        if meant.exists() and (out_dir / value).resolve() != meant:
            presets[p.name] = meant.as_posix()
    return presets


def write_working_copies(out_dir: "str | os.PathLike[str]", *, lang: str,
                         notebooks_dir: "str | os.PathLike[str] | None" = None,
                         names: Sequence[str] | None = None) -> list[Path]:
    """Write a working copy (:func:`working_copy`) of each notebook into ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Folder for the copies (created); a copy of the same name is replaced.
    lang : {"en", "ru"}
    notebooks_dir : path, optional
        The source notebooks (default: the project's ``notebooks/``).
    names : sequence of str, optional
        Only these notebooks (stems such as ``03_survey``); default: all.

    Returns
    -------
    list of Path
        The copies written, in reading order.
    """
    import nbformat

    check_lang(lang, "cxtools notebooks")
    out = Path(out_dir)
    source_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    sources = list_notebooks(source_dir)
    if names:
        unknown = sorted(set(names) - {p.stem for p in sources})
        if unknown:
            raise CxParameterError(f"no notebook {', '.join(map(repr, unknown))} in {str(source_dir)!r}; "
                                   f"available: {', '.join(p.stem for p in sources)}")
        sources = [p for p in sources if p.stem in names]
    if out.resolve() == source_dir.resolve():
        raise CxParameterError("the working copies would replace the notebooks themselves: choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources:
        copy_ = working_copy(read_notebook(path), lang=lang, parameters=_path_presets(path, out.resolve()))
        target = out / path.name
        nbformat.write(copy_, str(target))
        written.append(target)
    return written
