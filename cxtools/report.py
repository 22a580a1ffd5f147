"""Headless notebook runs and stakeholder reports.

Notebooks publish their headline numbers with :func:`publish_metrics`; the runner
collects them from the executed notebook into ``metrics.json``.
"""

from __future__ import annotations

import ast
import io
import json
import math
import os
import re
import shutil
import tempfile
import time
import tokenize
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from cxtools.errors import CxNotebookError, CxParameterError

__all__ = [
    "METRICS_MIMETYPE",
    "publish_metrics",
    "NotebookParameter",
    "NotebookResult",
    "RunSummary",
    "read_parameters",
    "convert_parameter",
    "resolve_parameters",
    "read_parameters_file",
    "find_notebooks",
    "list_notebooks",
    "default_notebooks_dir",
    "notebook_title",
    "collect_metrics",
    "describe_failure",
    "render_html",
    "render_index",
    "run_notebook",
    "run_notebooks",
    "write_summary",
]

#: Output MIME type that carries a notebook's headline numbers to the runner.
METRICS_MIMETYPE = "application/vnd.cxtools.metrics+json"


def _jsonable(value: Any, key: str) -> Any:
    import numbers

    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value):
            return None
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, key) for v in value]
    raise CxParameterError(
        f"publish_metrics: metric {key!r} has a value of type {type(value).__name__}; "
        "expected a number, text, bool, None, or a list/dict of those"
    )


def _plain_value(value: Any) -> str:
    """A published value as a stakeholder reads it: ``4,000``, ``31.4``, ``yes``, ``a: 1; b: 2``.

    >>> _plain_value({"customers": 4000, "share": 0.12345, "ok": True, "nps": None})
    'customers: 4,000; share: 0.123; ok: yes; nps: not available'
    """
    if value is None:
        return "not available"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{value:.3g}"
    if isinstance(value, list):
        return ", ".join(_plain_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_plain_value(v)}" for k, v in value.items())
    return str(value)


def _plain_text(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def publish_metrics(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """Publish a notebook's headline numbers for the report's ``metrics.json``.

    Call it in a notebook cell; the runner gathers every published dict (later keys
    win). NaN and infinities become ``null``. Outside a notebook it simply returns
    the cleaned dict.

    Parameters
    ----------
    metrics : mapping of str to number, text, bool or nested lists/dicts of those

    Returns
    -------
    dict
        The JSON-ready metrics.

    Examples
    --------
    >>> publish_metrics({"nps": 31.4, "n": 812, "share_churned": float("nan")})
    {'nps': 31.4, 'n': 812, 'share_churned': None}
    """
    clean = {str(k): _jsonable(v, str(k)) for k, v in metrics.items()}
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return clean
    if get_ipython() is not None:
        lines = ["| headline | value |", "| --- | --- |"]
        lines += [f"| {_plain_text(k.replace('_', ' '))} | {_plain_text(_plain_value(v))} |"
                  for k, v in clean.items()]
        display(
            {METRICS_MIMETYPE: clean, "text/markdown": "\n".join(lines), "text/plain": json.dumps(clean)},
            raw=True,
        )
    return clean


# ---------------------------------------------------------------------------
# Notebook parameters
# ---------------------------------------------------------------------------

#: Text accepted for ``bool`` parameters (compared case-insensitively).
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class NotebookParameter:
    """One assignment of a notebook's ``parameters`` cell: ``name: type = default  # help``."""

    name: str
    type: str | None
    default: Any
    default_source: str
    help: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "default": self.default_source, "help": self.help}


def read_parameters(notebook: "str | os.PathLike[str]") -> list[NotebookParameter]:
    """Read the parameters a notebook declares in its cell tagged ``parameters``.

    Each top-level assignment ``name: type = default  # help`` becomes a
    :class:`NotebookParameter`; the help is the comment at the end of the assignment.

    Parameters
    ----------
    notebook : path
        An ``.ipynb`` file.

    Returns
    -------
    list of NotebookParameter
        In the order of the cell; empty if there is no ``parameters`` cell.

    Raises
    ------
    CxNotebookError
        If the notebook cannot be read or its parameters cell is not valid Python.

    Examples
    --------
    >>> import nbformat, pathlib, tempfile
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell('horizon: int = 36  # months ahead')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> nb.cells = [cell]
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.ipynb"
    >>> nbformat.write(nb, path)
    >>> read_parameters(path)
    [NotebookParameter(name='horizon', type='int', default=36, default_source='36', help='months ahead')]
    """
    nb = _read_notebook(notebook)
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return []
    source = cell.source
    try:
        tree = ast.parse(source)
        comments = {
            tok.start[0]: tok.string.lstrip("#").strip()
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT
        }
    except (SyntaxError, tokenize.TokenError) as exc:
        raise CxNotebookError(f"{Path(notebook).name}: the parameters cell is not valid Python ({exc})") from None
    params = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, annotation, value = node.target.id, ast.unparse(node.annotation).strip("'\""), node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, annotation, value = node.targets[0].id, None, node.value
        else:
            continue
        default_source = ast.get_source_segment(source, value) or ast.unparse(value)
        try:
            default = ast.literal_eval(value)
        except ValueError:
            default = default_source
        params.append(NotebookParameter(name, annotation, default, default_source, comments.get(node.end_lineno, "")))
    return params


def _type_spec(annotation: str | None, default: Any) -> tuple:
    """Turn an annotation such as ``list[int]`` or ``str | None`` into a small spec tuple."""
    if annotation is None:
        return _spec_from_default(default)
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return _spec_from_default(default)
    return _spec_from_node(node, default)


def _spec_from_node(node: ast.AST, default: Any) -> tuple:
    if isinstance(node, ast.Constant) and node.value is None:
        return ("none",)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _spec_from_node(node.left, default), _spec_from_node(node.right, default)
        if right == ("none",):
            return ("optional", left)
        if left == ("none",):
            return ("optional", right)
        return ("any",)
    if isinstance(node, ast.Subscript):
        base = ast.unparse(node.value).split(".")[-1].lower()
        if base == "optional":
            return ("optional", _spec_from_node(node.slice, None))
        if base in {"list", "sequence", "tuple"}:
            inner = node.slice
            if isinstance(inner, ast.Tuple):  # tuple[int, ...] or tuple[int, str]
                inner = inner.elts[0]
            return ("list", _spec_from_node(inner, None))
        if base in {"dict", "mapping"}:
            return ("dict",)
        return ("any",)
    name = ast.unparse(node).split(".")[-1].lower()
    if name in {"str", "int", "float", "bool"}:
        return (name,)
    if name in {"list", "tuple", "sequence"}:
        return ("list", ("any",))
    if name in {"dict", "mapping"}:
        return ("dict",)
    return _spec_from_default(default)


def _spec_from_default(default: Any) -> tuple:
    for kind in (bool, int, float, str):
        if isinstance(default, kind):
            return (kind.__name__,)
    if isinstance(default, (list, tuple)):
        return ("list", ("any",))
    if isinstance(default, dict):
        return ("dict",)
    return ("any",)


def _describe(spec: tuple) -> str:
    kind = spec[0]
    return {
        "str": "text",
        "int": "a whole number",
        "float": "a number",
        "bool": "true/false (true, false, yes, no, 1, 0)",
        "dict": "a YAML mapping such as {a: 1}",
        "any": "a value",
        "none": "none",
    }.get(kind) or (
        f"{_describe(spec[1])} or none" if kind == "optional"
        else f"a list of {_describe(spec[1])} ([a, b] or a,b)"
    )


class _BadValue(Exception):
    pass


def _convert(raw: Any, spec: tuple) -> Any:
    """Convert a command-line text (or a YAML value read as text) to the declared type."""
    import yaml

    kind = spec[0]
    if kind == "optional":
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in {"none", "null", "~"}):
            return None
        return _convert(raw, spec[1])
    if kind == "none":
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in {"none", "null", "~"}):
            return None
        raise _BadValue
    if kind == "str":
        if isinstance(raw, str):
            return raw
        raise _BadValue
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS:
            return True
        if isinstance(raw, str) and raw.strip().lower() in FALSE_WORDS:
            return False
        raise _BadValue
    if kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and _INT_RE.fullmatch(raw.strip()):
            return int(raw.strip())
        raise _BadValue
    if kind == "float":
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        if isinstance(raw, str) and _FLOAT_RE.fullmatch(raw.strip()):
            return float(raw.strip())
        raise _BadValue
    if kind == "list":
        if isinstance(raw, str):
            text = raw.strip()
            if text.startswith("["):
                try:
                    raw = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar stays text
                except yaml.YAMLError:
                    raise _BadValue from None
            else:
                raw = [part.strip() for part in text.split(",")] if text else []
        if isinstance(raw, (list, tuple)):
            return [_convert(item, spec[1]) for item in raw]
        raise _BadValue
    if kind == "dict":
        if isinstance(raw, str):
            try:
                raw = yaml.load(raw, Loader=yaml.BaseLoader)
            except yaml.YAMLError:
                raise _BadValue from None
        if isinstance(raw, dict):
            return {str(k): _convert(v, ("any",)) for k, v in raw.items()}
        raise _BadValue
    # "any": interpret text as YAML (numbers, true/false, lists)
    if isinstance(raw, str):
        try:
            return yaml.safe_load(raw) if raw.strip() else raw
        except yaml.YAMLError:
            return raw
    if isinstance(raw, list):
        return [_convert(v, ("any",)) for v in raw]
    if isinstance(raw, dict):
        return {str(k): _convert(v, ("any",)) for k, v in raw.items()}
    return raw


def convert_parameter(value: Any, parameter: NotebookParameter, *, notebook: str = "notebook") -> Any:
    """Convert a parameter value given as text to the type the notebook declares.

    Unlike papermill's own command line, ``false`` becomes ``False`` for a ``bool``
    parameter and ``007`` stays the text ``"007"`` for a ``str`` parameter; whole
    numbers and numbers are parsed strictly; lists are YAML (``[1, 2]``) or
    comma-separated (``1,2``).

    Parameters
    ----------
    value : str, or a list/dict of str
        What the user typed (``-p NAME VALUE``) or read from a YAML file as text.
    parameter : NotebookParameter
        The declaration from :func:`read_parameters`.
    notebook : str
        Name used in the error message.

    Returns
    -------
    The converted value.

    Raises
    ------
    CxParameterError
        Naming the notebook, the parameter, the expected type and the value given.

    Examples
    --------
    >>> flag = NotebookParameter("use_weights", "bool", True, "True", "weight answers")
    >>> convert_parameter("false", flag)
    False
    >>> convert_parameter("007", NotebookParameter("code", "str", "x", "'x'", ""))
    '007'
    >>> convert_parameter("1,2", NotebookParameter("waves", "list[int]", [], "[]", ""))
    [1, 2]
    """
    spec = _type_spec(parameter.type, parameter.default)
    try:
        return _convert(value, spec)
    except _BadValue:
        declared = f"{parameter.name}: {parameter.type}" if parameter.type else parameter.name
        raise CxParameterError(
            f"{notebook}: parameter {parameter.name!r} expects {_describe(spec)} "
            f"(declared `{declared} = {parameter.default_source}`), got {value!r}"
        ) from None


def _read_notebook(path: "str | os.PathLike[str]"):
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise CxNotebookError(f"notebook {str(path)!r} does not exist") from None
    except Exception as exc:  # nbformat raises several kinds for unreadable JSON
        raise CxNotebookError(f"notebook {str(path)!r} cannot be read: {exc}") from None


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


# ---------------------------------------------------------------------------
# Finding notebooks and resolving parameters
# ---------------------------------------------------------------------------


def default_notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to the ``cxtools`` package), else ``./notebooks``."""
    beside_package = Path(__file__).resolve().parent.parent / "notebooks"
    return beside_package if beside_package.is_dir() else Path.cwd() / "notebooks"


def list_notebooks(notebooks_dir: "str | os.PathLike[str] | None" = None) -> list[Path]:
    """Every ``*.ipynb`` in the notebooks folder, in reading (file-name) order."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    if not folder.is_dir():
        raise CxParameterError(f"notebooks folder {str(folder)!r} does not exist")
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def find_notebooks(names: Sequence[str], *, notebooks_dir: "str | os.PathLike[str] | None" = None) -> list[Path]:
    """Resolve names (``01_ltv``, ``01_ltv.ipynb`` or a path) to notebook files.

    No names means every notebook in the folder. An unknown name is a
    :class:`~cxtools.errors.CxParameterError` listing the notebooks there are.
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
        match = next((c for c in candidates if c.is_file()), None)
        if match is None:
            available = ", ".join(p.stem for p in list_notebooks(folder)) if folder.is_dir() else "none"
            raise CxParameterError(f"no notebook {name!r} in {str(folder)!r}; available: {available}")
        paths.append(match.resolve())
    return paths


def resolve_parameters(
    notebooks: Sequence["str | os.PathLike[str]"],
    given: Mapping[str, Any],
) -> dict[Path, dict[str, Any]]:
    """Check and convert parameters for each notebook, before any kernel starts.

    A parameter applies to the notebooks that declare it; a name declared by none of
    them is an error listing each notebook's valid names.

    Parameters
    ----------
    notebooks : sequence of paths
    given : mapping of name to value
        Values as text (command line) or text-valued YAML (parameter files).

    Returns
    -------
    dict
        ``{notebook path: {name: converted value}}``.

    Raises
    ------
    CxParameterError
        Unknown name, or a value that does not fit the declared type.
    """
    declared = {Path(nb): {p.name: p for p in read_parameters(nb)} for nb in notebooks}
    unknown = [name for name in given if not any(name in params for params in declared.values())]
    if unknown:
        valid = "; ".join(
            f"{nb.stem}: {', '.join(params) or '(no parameters)'}" for nb, params in declared.items()
        )
        raise CxParameterError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}: "
            f"not declared by {', '.join(nb.stem for nb in declared)}. Valid parameters: {valid}"
        )
    resolved: dict[Path, dict[str, Any]] = {}
    for nb, params in declared.items():
        resolved[nb] = {
            name: convert_parameter(value, params[name], notebook=nb.stem)
            for name, value in given.items()
            if name in params
        }
    return resolved


def read_parameters_file(path: "str | os.PathLike[str]") -> dict[str, Any]:
    """Read a YAML parameters file (``name: value`` lines) with every value kept as text.

    Values are converted later against each notebook's declared types, exactly like
    ``-p NAME VALUE``, so ``code: 007`` stays ``"007"`` for a text parameter.
    """
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CxParameterError(f"parameters file {str(path)!r} cannot be read: {exc.strerror}") from None
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        raise CxParameterError(f"parameters file {str(path)!r} is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CxParameterError(
            f"parameters file {str(path)!r} must hold a mapping of parameter names to values, "
            f"got a {type(data).__name__}"
        )
    return {str(k): v for k, v in data.items()}


# ---------------------------------------------------------------------------
# Running notebooks
# ---------------------------------------------------------------------------

#: Matplotlib backend the runner's kernels use, so figures end up in the report.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"



def _private_kernel_options() -> dict[str, Any]:
    """Engine options that encrypt the traffic between the runner and its kernel.

    The kernel talks to the runner over local TCP sockets; without keys it warns
    "Kernel is running over TCP without encryption" on every run. jupyter_client
    can hand the kernel CurveZMQ keys when the kernel declares support for them
    (``transport_encryption="auto"``). Where pyzmq lacks CurveZMQ or jupyter_client
    is too old to provision keys, nothing changes and the kernel's own warning stays,
    because it is then true.
    """
    try:
        import zmq
        from jupyter_client.manager import KernelManager
        from traitlets.config import Config
    except ImportError:  # pragma: no cover - both come with papermill
        return {}
    if not zmq.has("curve") or "transport_encryption" not in KernelManager.class_trait_names():
        return {}
    return {"config": Config({"KernelManager": {"transport_encryption": "auto"}})}


STATUS_OK = "ok"
STATUS_FAILED = "failed"
STATUS_TIMEOUT = "timed out"
STATUS_PRIVACY = "privacy check failed"


@dataclass(frozen=True)
class NotebookResult:
    """What happened to one notebook in a run."""

    notebook: str
    title: str
    status: str
    duration: float
    error: str | None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    report: str | None = None
    last_good: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "notebook": self.notebook,
            "title": self.title,
            "status": self.status,
            "duration_seconds": round(self.duration, 2),
            "error": self.error,
            "parameters": _jsonable(dict(self.parameters), "parameters"),
            "report": self.report,
            "last_good": self.last_good,
        }


@dataclass(frozen=True)
class RunSummary:
    """The outcome of :func:`run_notebooks`: one :class:`NotebookResult` per notebook.

    Examples
    --------
    >>> summary = RunSummary((
    ...     NotebookResult("00_data_overview", "Data overview", "ok", 7.5, None),
    ...     NotebookResult("03_survey", "Survey metrics", "failed", 2.1, "cell 4 of 30: KeyError: 'nps'"),
    ... ), "reports")
    >>> summary.exit_code
    1
    >>> print(summary.table())
    notebook          status  duration  error
    ----------------  ------  --------  -----
    00_data_overview  ok      7.5 s
    03_survey         failed  2.1 s     cell 4 of 30: KeyError: 'nps'
    """

    results: tuple[NotebookResult, ...]
    out_dir: str

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 when every notebook succeeded, else 1."""
        return 0 if self.ok else 1

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([r.to_dict() for r in self.results],
                            columns=["notebook", "title", "status", "duration_seconds", "error",
                                     "parameters", "report", "last_good"])

    def table(self) -> str:
        """A plain-text table: notebook, status, duration, error."""
        rows = [("notebook", "status", "duration", "error")]
        for r in self.results:
            error = (r.error or "").replace("\n", " ")
            rows.append((r.notebook, r.status, f"{r.duration:.1f} s", error[:160]))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = []
        for i, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row[:3])) + "  " + row[3])
            if i == 0:
                lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 5)
        return "\n".join(line.rstrip() for line in lines)

    def __repr__(self) -> str:
        n_ok = sum(r.ok for r in self.results)
        return f"RunSummary({n_ok} of {len(self.results)} notebooks ok)\n{self.table()}"


def collect_metrics(nb) -> dict[str, Any]:
    """Merge every dict a notebook published with :func:`publish_metrics` (later keys win).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> cell = new_code_cell("publish_metrics(...)", outputs=[
    ...     new_output("display_data", {METRICS_MIMETYPE: {"nps": 31.4, "n": 800}}),
    ...     new_output("display_data", {METRICS_MIMETYPE: {"n": 812}})])
    >>> collect_metrics(new_notebook(cells=[cell]))
    {'nps': 31.4, 'n': 812}
    """
    merged: dict[str, Any] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if METRICS_MIMETYPE in data:
                value = data[METRICS_MIMETYPE]
                if isinstance(value, str):  # some writers store JSON mime data as text
                    value = json.loads(value)
                merged.update(value)
    return merged


def _cell_label(nb, index: int) -> str:
    """Name a cell as the author sees it in the notebook they wrote: papermill's
    injected-parameters cell and error markers are not counted."""
    cell = nb.cells[index]
    tags = cell.get("metadata", {}).get("tags", [])
    if "injected-parameters" in tags:
        return "the parameters injected by the runner"
    skip = {"papermill-error-cell-tag", "injected-parameters"}
    cells = [c for c in nb.cells if not skip & set(c.get("metadata", {}).get("tags", []))]
    position = next((i for i, c in enumerate(cells) if c is cell), index) + 1
    first_line = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    # the label goes into index.html and summary.json: mask contact details before
    # shortening, as a cut-off e-mail address is no longer recognisable
    from cxtools.privacy import scrub_text

    first_line = scrub_text(first_line)
    if len(first_line) > 60:
        first_line = first_line[:57] + "..."
    return f"cell {position} of {len(cells)} ({first_line!r})" if first_line else f"cell {position} of {len(cells)}"


def describe_failure(nb) -> str | None:
    """Which cell failed and how: ``"cell 4 of 9 ('x = 1 / 0'): ZeroDivisionError: division by zero"``.

    Cells are counted as in the notebook the author wrote (papermill's injected
    parameters cell is not counted); ``None`` if no cell failed.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> failed = new_code_cell("share = churned / customers", outputs=[new_output(
    ...     "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])])
    >>> describe_failure(new_notebook(cells=[new_code_cell("customers = 0"), failed]))
    "cell 2 of 2 ('share = churned / customers'): ZeroDivisionError: division by zero"
    """
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                if output.get("ename") == "SystemExit" and output.get("evalue") in ("", "0"):
                    continue
                return f"{_cell_label(nb, index)}: {output.get('ename')}: {output.get('evalue')}"
        if cell.get("metadata", {}).get("papermill", {}).get("exception") is True:
            return f"{_cell_label(nb, index)}: the cell failed without an error message"
    return None


def _last_started_cell(nb) -> int | None:
    started = [i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    return started[-1] if started else None


#: The stakeholder report: nbconvert's "lab" page without the scripts it does not need.
_REPORT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% if resources.get('cxtools_needs_requirejs') %}{{ super() }}{% endif %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mathjax %}{% if resources.get('cxtools_needs_mathjax') %}{{ super() }}{% endif %}{% endblock html_head_js_mathjax %}
"""
_MATH_RE = re.compile(r"\$\$|\$[^$\n]+\$|\\\(|\\\[|\\begin\{")
_SCRIPTED_OUTPUTS = ("application/javascript", "application/vnd.jupyter.widget-view+json")


def render_html(nb, *, title: str | None = None) -> str:
    """Render an executed notebook as a stakeholder report: code and prompts hidden.

    Markdown, tables and plots are kept; error outputs and warnings printed to
    stderr are left out (they are for the analyst, not the reader). The page loads
    no script from the web unless it needs one: MathJax only when the text has
    formulas, require.js only for JavaScript or widget outputs. (nbconvert's page
    would fetch both from a CDN every time it is opened.)

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[new_markdown_cell("# Churn"), new_code_cell(
    ...     "print(churn)", outputs=[new_output("stream", name="stdout", text="12% left")])])
    >>> page = render_html(nb)
    >>> "12% left" in page, "print(churn)" in page, "<script src=" in page
    (True, False, False)
    """
    import copy

    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                and o.get("output_type") != "error"
            ]
    nb.cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    needs_mathjax = any(c.cell_type == "markdown" and _MATH_RE.search(c.source) for c in nb.cells) or any(
        "text/latex" in o.get("data", {}) for o in outputs)
    needs_requirejs = any(kind in o.get("data", {}) for o in outputs for kind in _SCRIPTED_OUTPUTS)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"cxtools_report.html.j2": _REPORT_TEMPLATE})],
        template_file="cxtools_report.html.j2",
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    resources = {
        "metadata": {"name": title or notebook_title(nb) or "report"},
        "cxtools_needs_mathjax": needs_mathjax,
        "cxtools_needs_requirejs": needs_requirejs,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _child_pids() -> set[int]:
    """Process ids of every descendant of this process (kernels the run started)."""
    try:
        import psutil

        return {p.pid for p in psutil.Process().children(recursive=True)}
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        pass
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s*(\d+)", status, re.MULTILINE)
            if ppid:
                parents[int(entry.name)] = int(ppid.group(1))
    found, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _stop_processes(pids: set[int], *, grace: float = 3.0) -> None:
    """Terminate, then kill, the given processes (the kernels of an interrupted run)."""
    import signal

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            alive = set()
            for pid in pids:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
                try:
                    os.kill(pid, 0)
                    alive.add(pid)
                except ProcessLookupError:
                    pass
            pids = alive
            if not pids:
                return
            time.sleep(0.05)


def _previous_good(report_dir: Path) -> str | None:
    try:
        info = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))
        return info.get("run", {}).get("finished")
    except (OSError, ValueError, AttributeError):
        return None


def _resolve_data_dir(params: Mapping[str, Any], declared: Sequence[NotebookParameter], notebook: Path) -> Path | None:
    value = params.get("data_dir")
    if value is None:
        default = next((p.default for p in declared if p.name == "data_dir"), None)
        value = default if isinstance(default, str) else None
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        path = notebook.parent / path
    return path if path.is_dir() else None


def run_notebook(
    notebook: "str | os.PathLike[str]",
    *,
    parameters: Mapping[str, Any] | None = None,
    out_dir: "str | os.PathLike[str]" = "reports",
    timeout: float | None = None,
    log_output: bool = False,
    progress_bar: bool = True,
    personal_values: Mapping[str, Iterable[str]] | None = None,
) -> NotebookResult:
    """Execute one notebook with papermill and publish its report only if all went well.

    The notebook runs in its own folder (so ``"../data/samples"`` works) into a
    temporary folder inside ``out_dir``. On success ``<out_dir>/<stem>/`` receives
    ``<stem>.ipynb``, ``<stem>.html`` (code hidden) and ``metrics.json``. On failure
    the last good report stays untouched and the executed notebook is kept as
    ``<stem>.failed.ipynb``. Before publishing, the HTML and metrics are scanned for
    personal data (:func:`cxtools.privacy.scan_for_personal_data`); a hit fails the
    notebook with status ``"privacy check failed"`` and nothing is published.

    Parameters are expected already converted (see :func:`resolve_parameters`).
    A ``KeyboardInterrupt`` stops the kernel and is re-raised.
    """
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    from cxtools import privacy

    notebook = Path(notebook).resolve()
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    stem = notebook.stem
    target = out / stem
    params = dict(parameters or {})
    declared = read_parameters(notebook)
    title = notebook_title(_read_notebook(notebook)) or stem
    if personal_values is None:
        data_dir = _resolve_data_dir(params, declared, notebook)
        personal_values = privacy.load_personal_values(data_dir) if data_dir is not None else {}

    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f".running-{stem}-", dir=out))
    executed = tmp / f"{stem}.ipynb"
    before = _child_pids()
    status, error = STATUS_OK, None
    crashed = False
    # The kernel inherits our environment. A headless setting such as MPLBACKEND=Agg
    # (CI sets it) would stop the kernel capturing figures, and reports need them.
    saved_backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    try:
        pm.execute_notebook(
            str(notebook), str(executed), parameters=params, kernel_name="python3",
            cwd=str(notebook.parent), progress_bar=progress_bar, log_output=log_output,
            execution_timeout=timeout, **_private_kernel_options(),
        )
    except PapermillExecutionError:
        status = STATUS_FAILED
    except (CellTimeoutError, TimeoutError):
        status = STATUS_TIMEOUT
    except KeyboardInterrupt:
        _stop_processes(_child_pids() - before)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as exc:  # kernel died, kernel missing, unreadable output...
        status, error = STATUS_FAILED, f"{type(exc).__name__}: {exc}"
        if type(exc).__name__ == "DeadKernelError":
            crashed = True
            error = "the kernel died (the Python process crashed, was killed or ran out of memory)"
    finally:
        if saved_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved_backend
        leftovers = _child_pids() - before
        if leftovers:
            _stop_processes(leftovers)
    duration = time.monotonic() - clock

    nb = None
    if executed.exists():
        try:
            nb = _read_notebook(executed)
        except CxNotebookError as exc:
            status, error = STATUS_FAILED, str(exc)
    elif status == STATUS_OK:
        status, error = STATUS_FAILED, "papermill wrote no executed notebook"
    if nb is not None:
        # keep this machine's paths out of the published notebook
        pm_meta = nb.metadata.get("papermill", {})
        pm_meta["input_path"] = notebook.name
        pm_meta["output_path"] = f"{stem}.ipynb"
        if status == STATUS_FAILED and error is None:
            error = describe_failure(nb) or "the notebook failed"
        elif crashed and _last_started_cell(nb) is not None:
            error = f"{error} in {_cell_label(nb, _last_started_cell(nb))}"
        elif status == STATUS_TIMEOUT:
            index = _last_started_cell(nb)
            where = _cell_label(nb, index) if index is not None else "a cell"
            limit = f" after {timeout:g} s" if timeout else ""
            error = f"timed out{limit} in {where}"
    error = _withhold_personal(error, personal_values)
    # parameters are recorded in metrics.json, summary.json and index.html: a value
    # that is personal data itself (a customer's name to look up) is not repeated there
    recorded_params = {
        name: _withhold_personal(value, personal_values) if isinstance(value, str) else value
        for name, value in params.items()
    }

    html = metrics_text = None
    if status == STATUS_OK and nb is not None:
        try:
            html = render_html(nb, title=title)
        except Exception as exc:
            status, error = STATUS_FAILED, f"HTML report could not be rendered: {type(exc).__name__}: {exc}"
    if status == STATUS_OK:
        finished = datetime.now(timezone.utc)
        info = {
            "metrics": collect_metrics(nb),
            "run": {
                "notebook": stem,
                "title": title,
                "status": STATUS_OK,
                "started": started.isoformat(timespec="seconds"),
                "finished": finished.isoformat(timespec="seconds"),
                "duration_seconds": round(duration, 2),
                "parameters": _jsonable(recorded_params, "parameters"),
                "cxtools_version": _version(),
            },
        }
        metrics_text = json.dumps(info, ensure_ascii=False, indent=2)
        # the HTML and metrics.json are published, and so is the executed notebook,
        # whose outputs include what the HTML leaves out (warnings, errors)
        in_cells = _personal_data_cells(nb, personal_values)
        in_metrics = privacy.scan_for_personal_data(metrics_text, values=personal_values)
        found = sorted(
            set(privacy.scan_for_personal_data(html, values=personal_values))
            | set(in_metrics)
            | {kind for _, kinds in in_cells for kind in kinds}
        )
        if found:
            status = STATUS_PRIVACY
            where = [f"{label}: {', '.join(kinds)}" for label, kinds in in_cells]
            if in_metrics:
                where.append(f"metrics.json: {', '.join(in_metrics)}")
            error = (
                "the report would show personal data (" + ", ".join(found) + ")"
                + (f" in {'; '.join(where)}" if where else "")
                + "; nothing was published. Pass displayed tables through cxtools.privacy.redact"
            )

    last_good = _previous_good(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
        if status == STATUS_OK:
            nbformat_write(nb, executed)
            (tmp / f"{stem}.html").write_text(html, encoding="utf-8")
            (tmp / "metrics.json").write_text(metrics_text + "\n", encoding="utf-8")
            for name in (f"{stem}.ipynb", f"{stem}.html", "metrics.json"):
                os.replace(tmp / name, target / name)
            (target / f"{stem}.failed.ipynb").unlink(missing_ok=True)
            last_good = None
        elif status != STATUS_PRIVACY and nb is not None:
            # for debugging only; never replaces the last good report. It sits beside
            # the published files, so it is kept only when it shows no personal data
            # (a traceback can print a customer's row).
            leaking = _personal_data_cells(nb, personal_values)
            if leaking:
                (target / f"{stem}.failed.ipynb").unlink(missing_ok=True)
                kinds = sorted({kind for _, found in leaking for kind in found})
                error = _withhold_personal(
                    f"{error}; the executed notebook was not kept because its outputs show "
                    f"personal data ({', '.join(kinds)}) in {leaking[0][0]}", personal_values)
            else:
                nbformat_write(nb, target / f"{stem}.failed.ipynb")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return NotebookResult(
        notebook=stem,
        title=title,
        status=status,
        duration=duration,
        error=error,
        parameters=recorded_params,
        report=f"{stem}/{stem}.html" if status == STATUS_OK or last_good else None,
        last_good=last_good,
    )


def _personal_data_cells(nb, personal_values) -> list[tuple[str, list[str]]]:
    """Which cells show personal data, and what kind (never the data itself).

    Looks at markdown text and at every output of code cells (printed text,
    warnings, errors, tables), not at code.
    """
    from cxtools import privacy

    where = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            texts = [cell.source]
        else:
            texts = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream":
                    texts.append(output.get("text", ""))
                elif output.get("output_type") == "error":
                    texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
                for mime, value in output.get("data", {}).items():
                    if mime.startswith("text/") or mime.endswith("json"):
                        texts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        kinds = privacy.scan_for_personal_data("\n".join(texts), values=personal_values)
        if kinds:
            where.append((_cell_label(nb, index), kinds))
    return where


def _withhold_personal(text: str | None, personal_values: Mapping[str, Iterable[str]] | None) -> str | None:
    """Scrub e-mails/phones from a message; withhold it entirely if it names a known person."""
    from cxtools import privacy

    if not text:
        return text
    text = privacy.scrub_text(text)
    found = privacy.scan_for_personal_data(text, values=personal_values)
    if found:
        return f"[withheld: contains personal data ({', '.join(found)})]"
    return text


def nbformat_write(nb, path: Path) -> None:
    import nbformat

    nbformat.write(nb, str(path))


def _version() -> str:
    from cxtools import __version__

    return __version__


def run_notebooks(
    notebooks: Sequence["str | os.PathLike[str]"],
    *,
    parameters: Mapping[str, Any] | None = None,
    out_dir: "str | os.PathLike[str]" = "reports",
    timeout: float | None = None,
    log_output: bool = False,
    progress_bar: bool = True,
    echo: Callable[[str], None] | None = None,
) -> RunSummary:
    """Run notebooks one after another and write the reports, index and summary.

    Parameters are checked and converted for every notebook first (a bad value
    raises before any kernel starts). A notebook that fails or times out does not
    stop the others. Writes ``<out_dir>/index.html`` and ``<out_dir>/summary.json``.

    Parameters
    ----------
    notebooks : sequence of paths
        Notebook files (see :func:`find_notebooks`).
    parameters : mapping, optional
        ``{name: value}``, values as text or already typed; each applies to the
        notebooks that declare it.
    out_dir : path, default "reports"
    timeout : float, optional
        Seconds a single cell may run; ``None`` for no limit.
    log_output : bool
        Log each cell and its output as it runs.
    progress_bar : bool
        Show papermill's progress bar.
    echo : callable, optional
        Receives one progress line per notebook (e.g. ``print``).

    Returns
    -------
    RunSummary

    Raises
    ------
    CxParameterError
        Unknown parameter or a value of the wrong type (nothing has run).
    KeyboardInterrupt
        After the running kernel has been stopped.
    """
    paths = [Path(nb).resolve() for nb in notebooks]
    resolved = resolve_parameters(paths, parameters or {})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for i, path in enumerate(paths, start=1):
        if echo:
            echo(f"[{i}/{len(paths)}] {path.stem}: running")
        try:
            result = run_notebook(
                path, parameters=resolved[path], out_dir=out, timeout=timeout,
                log_output=log_output, progress_bar=progress_bar,
            )
        except KeyboardInterrupt:
            for leftover in out.glob(f".running-{path.stem}-*"):
                shutil.rmtree(leftover, ignore_errors=True)
            raise
        if echo:
            tail = f" -- {result.error}" if result.error else ""
            echo(f"[{i}/{len(paths)}] {path.stem}: {result.status} in {result.duration:.1f} s{tail}")
        results.append(result)
    summary = RunSummary(tuple(results), str(out))
    write_summary(summary, out)
    return summary


def write_summary(summary: RunSummary, out_dir: "str | os.PathLike[str]") -> None:
    """Write ``summary.json`` and ``index.html`` for a run into ``out_dir``."""
    out = Path(out_dir)
    data = {
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "ok": summary.ok,
        "notebooks": [r.to_dict() for r in summary.results],
    }
    (out / "summary.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "index.html").write_text(render_index(summary.results, out_dir=out), encoding="utf-8")


_INDEX_STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto;
       max-width: 60em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.45em 0.7em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; }
.ok { color: #1a7f37; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
.error { font-family: monospace; font-size: 0.9em; white-space: pre-wrap; }
.muted { color: #666; font-size: 0.9em; }
"""


def render_index(results: Sequence[NotebookResult], *, out_dir: "str | os.PathLike[str] | None" = None) -> str:
    """The ``index.html`` of a run: each notebook's title, status, duration, link and error.

    A failed notebook links to its last good report (if any) and, when ``out_dir``
    holds it, to the executed notebook up to the error (``<stem>.failed.ipynb``).

    Notebooks with a report in ``out_dir`` that were not part of this run are listed
    too, as "from an earlier run".
    """
    from html import escape

    rows = []
    seen = set()
    for r in results:
        seen.add(r.notebook)
        css = "ok" if r.ok else "bad"
        status = escape(r.status)
        if not r.ok:
            status += (f"<br><span class='muted'>showing last good report from {escape(r.last_good)}</span>"
                       if r.last_good else "<br><span class='muted'>no earlier good report</span>")
        label = "report" if r.ok else "last good report"
        link = f"<a href='{escape(r.report)}'>{label}</a>" if r.report else ""
        failed_copy = f"{r.notebook}/{r.notebook}.failed.ipynb"
        if not r.ok and out_dir is not None and (Path(out_dir) / failed_copy).is_file():
            # for the analyst: the executed notebook up to the error
            link += ("<br>" if link else "") + f"<a href='{escape(failed_copy)}'>notebook with the error</a>"
        error = f"<div class='error'>{escape(r.error)}</div>" if r.error else ""
        rows.append(
            f"<tr><td><strong>{escape(r.title)}</strong><br><span class='muted'>{escape(r.notebook)}</span></td>"
            f"<td class='{css}'>{status}</td><td>{r.duration:.1f} s</td><td>{link}</td><td>{error}</td></tr>"
        )
    if out_dir is not None:
        for folder in sorted(p for p in Path(out_dir).iterdir() if p.is_dir() and not p.name.startswith(".")):
            if folder.name in seen or not (folder / f"{folder.name}.html").exists():
                continue
            finished = _previous_good(folder) or "an earlier run"
            try:
                title = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["run"]["title"]
            except (OSError, ValueError, KeyError, TypeError):
                title = folder.name
            rows.append(
                f"<tr><td><strong>{escape(title)}</strong><br><span class='muted'>{escape(folder.name)}</span></td>"
                f"<td class='ok'>ok<br><span class='muted'>from an earlier run ({escape(finished)})</span></td>"
                f"<td></td><td><a href='{escape(folder.name)}/{escape(folder.name)}.html'>report</a></td><td></td></tr>"
            )
    n_ok = sum(r.ok for r in results)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>cxtools reports</title>"
        f"<style>{_INDEX_STYLE}</style></head><body>\n"
        "<h1>Customer-experience reports</h1>\n"
        f"<p>{n_ok} of {len(results)} notebooks ran successfully in this run ({generated}).</p>\n"
        "<table><thead><tr><th>Notebook</th><th>Status</th><th>Duration</th><th>Report</th>"
        "<th>Error</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n</body></html>\n"
    )
