"""Finding notebooks and reading them: the first step of a run."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

from cxtools.core.checks import did_you_mean
from cxtools.core.errors import CxNotebookError, CxParameterError
from cxtools.core import paths as _paths

__all__ = ["default_notebooks_dir", "list_notebooks", "find_notebooks", "notebook_title", "LANG_TAGS", "in_language"]

#: Cell tags of the text in one report language; a notebook is read in one of them.
LANG_TAGS: dict[str, str] = {"en": "lang-en", "ru": "lang-ru"}


def read_notebook(path: "str | os.PathLike[str]"):
    """Read an ``.ipynb`` file (nbformat v4), raising :class:`CxNotebookError` when it cannot."""
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise CxNotebookError(f"notebook {Path(path).name!r} does not exist") from None
    except UnicodeDecodeError:
        raise CxNotebookError(f"notebook {Path(path).name!r} cannot be read: it is not UTF-8 text") from None
    except Exception as exc:  # nbformat raises several kinds for unreadable JSON
        raise CxNotebookError(f"notebook {Path(path).name!r} cannot be read: {exc}") from None


def in_language(nb, lang: str):
    """The notebook without the cells of the other language (cells tagged ``lang-en`` / ``lang-ru``).

    Cells with neither tag are kept. The notebook given is not changed.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# Survey", metadata={"tags": ["lang-en"]}),
    ...                          new_markdown_cell("# Survey, in Russian", metadata={"tags": ["lang-ru"]}),
    ...                          new_markdown_cell("Both.")])
    >>> [c.source for c in in_language(nb, "en").cells]
    ['# Survey', 'Both.']
    """
    import copy

    other = set(LANG_TAGS.values()) - {LANG_TAGS.get(lang, "")}
    out = copy.copy(nb)
    out.cells = [c for c in nb.cells if not other & set(c.get("metadata", {}).get("tags", []))]
    return out


def notebook_title(nb) -> str:
    """The text of the first markdown heading of a notebook (``""`` if none).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> notebook_title(new_notebook(cells=[new_markdown_cell("# 03 · Survey metrics: what do customers say?")]))
    '03 · Survey metrics: what do customers say?'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"\s*#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    return ""


def default_notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder: the checkout's, else the copy installed with the package, else ``./notebooks``.

    See :func:`cxtools.core.paths.notebooks_dir`.
    """
    return _paths.notebooks_dir()


def _is_notebook_file(path: Path) -> bool:
    # "...ipynb" has no stem to name a report folder after; hidden files are not notebooks
    return path.is_file() and not path.name.startswith(".") and path.suffix == ".ipynb" and path.stem.strip(".") != ""


def list_notebooks(notebooks_dir: "str | os.PathLike[str] | None" = None) -> list[Path]:
    """Every ``*.ipynb`` in the notebooks folder, in reading (file-name) order."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    if not folder.is_dir():
        if notebooks_dir is None:
            looked = ", ".join(repr(str(p)) for p in [*_paths.search_places("notebooks"), folder])
            raise CxParameterError(f"no notebooks folder found: looked in {looked}; this cxtools was installed "
                                   "without its notebooks -- give the folder with --notebooks-dir")
        raise CxParameterError(f"notebooks folder {str(folder)!r} does not exist")
    return sorted(p for p in folder.glob("*.ipynb") if _is_notebook_file(p))


def find_notebooks(names: Sequence[str], *, notebooks_dir: "str | os.PathLike[str] | None" = None) -> list[Path]:
    """Resolve names (``01_ltv``, ``01_ltv.ipynb`` or a path) to notebook files.

    No names means every notebook in the folder. An unknown name is a
    :class:`~cxtools.core.errors.CxParameterError` listing the notebooks there are, with
    the closest name suggested.
    """
    if not names:
        found = list_notebooks(notebooks_dir)
        if not found:
            folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
            raise CxParameterError(f"no notebooks (*.ipynb) in {str(folder)!r}")
        return found
    folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    paths = []
    for name in names:
        as_path = Path(name)
        candidates = [as_path] if as_path.suffix == ".ipynb" else []
        file_name = as_path.name if as_path.suffix == ".ipynb" else f"{as_path.name}.ipynb"
        candidates.append(folder / file_name)
        match = next((c for c in candidates if _is_notebook_file(c)), None)
        if match is None:
            stems = [p.stem for p in list_notebooks(folder)] if folder.is_dir() else []
            raise CxParameterError(
                f"no notebook {name!r} in {str(folder)!r}; available: {', '.join(stems) or 'none'}"
                + did_you_mean(as_path.stem, stems)
            )
        paths.append(match.resolve())
    return paths
