"""Notebook parameters: read the ``parameters`` cell, convert and check the values given.

The cell is read with :func:`papermill.inspect_notebook` (names, help, default text),
completed from the cell's Python syntax where papermill's reader gives up (``str | None``
annotations); values are converted and validated with pydantic against the declared
annotation. Besides ``str``, ``int``, ``float``, ``bool``, ``list[...]``, ``dict[str, ...]``
and ``X | None``, a notebook declares choices and ranges with the named types of
:mod:`cxtools.report.parameter_types`, imported at the top of its parameters cell::

    from cxtools.report.parameter_types import Language, PositiveInt
    lang: Language = ""  # the report's language
    horizon_months: PositiveInt = 36  # months ahead

(``Literal[...]`` and ``Annotated[int, Field(ge=1)]`` written out are read too, but papermill's
reader of the cell does not understand them.) The type is the only check: there is no table
of rules by parameter name.

Two parameters were renamed; the old spelling still works for one release, with a
FutureWarning: ``spend_uplift_pct`` (per cent) is ``spend_uplift`` (a fraction: 5 is 0.05), and
the ``repeat_model`` values ``bg_nbd`` / ``pareto_nbd`` are ``bgnbd`` / ``paretonbd``.
"""

from __future__ import annotations

import ast
import difflib
import io
import os
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from cxtools.core.checks import did_you_mean
from cxtools.core.errors import CxNotebookError, CxParameterError
from cxtools.report.notebooks import read_notebook

__all__ = [
    "NotebookParameter",
    "read_parameters",
    "convert_parameter",
    "resolve_parameters",
    "read_parameters_file",
    "parameter_values",
    "RENAMED_PARAMETERS",
    "RENAMED_VALUES",
    "TRUE_WORDS",
    "FALSE_WORDS",
]

#: Text accepted for ``bool`` parameters (compared case-insensitively).
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
_NONE_WORDS = frozenset({"none", "null", "~"})
_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Keyword arguments of ``Field(...)`` a parameters cell may use for a range.
_RANGE_KEYWORDS = ("ge", "gt", "le", "lt", "min_length", "max_length")


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


# ---------------------------------------------------------------------------
# Reading the parameters cell
# ---------------------------------------------------------------------------


def _parameters_cell_source(nb) -> str | None:
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    return None if cell is None else cell.source


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
    source = _parameters_cell_source(read_notebook(notebook))
    if source is None:
        return []
    try:
        tree = ast.parse(source)
        comments = {
            tok.start[0]: tok.string.lstrip("#").strip()
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT
        }
    except (SyntaxError, tokenize.TokenError) as exc:
        raise CxNotebookError(f"{Path(notebook).name}: the parameters cell is not valid Python ({exc})") from None
    inspected = _inspect(notebook)
    params = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, annotation, value = node.target.id, ast.unparse(node.annotation).strip("'\""), node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, annotation, value = node.targets[0].id, None, node.value
        else:
            continue
        seen = inspected.get(name, {})
        default_source = ast.get_source_segment(source, value) or ast.unparse(value)
        try:
            default = ast.literal_eval(value)
        except ValueError:
            default = default_source
        help_text = seen.get("help") or comments.get(node.end_lineno or node.lineno, "")
        params.append(NotebookParameter(name, annotation, default, default_source, help_text))
    return params


def _inspect(notebook) -> dict[str, dict[str, Any]]:
    """papermill's reading of the parameters cell (what ``papermill --help-notebook`` shows)."""
    import logging

    import papermill as pm

    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)  # it warns about annotations it cannot parse; we read those ourselves
    try:
        return dict(pm.inspect_notebook(str(notebook)))
    except Exception:  # noqa: BLE001 - papermill's reader is a convenience; the AST reading stands alone
        return {}
    finally:
        logger.setLevel(level)


# ---------------------------------------------------------------------------
# From an annotation to a pydantic type
# ---------------------------------------------------------------------------


class _Kind:
    """What a declared annotation accepts: a pydantic type plus words for messages."""

    options: tuple[Any, ...]  # set only for a choice (Literal)
    hint: Callable[[object], str]  # set only where parameter_types gives one

    def __init__(self, annotation, describe: str):
        self.annotation = annotation
        self.describe = describe


def _text_only(raw):
    if not isinstance(raw, str):
        raise ValueError("not text")
    return raw


def _whole_number(raw):
    if isinstance(raw, bool):
        raise ValueError("not a whole number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and _INT_RE.fullmatch(raw.strip()):
        return int(raw.strip())
    raise ValueError("not a whole number")


def _number(raw):
    if isinstance(raw, bool):
        raise ValueError("not a number")
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and _FLOAT_RE.fullmatch(raw.strip()):
        return float(raw.strip())
    raise ValueError("not a number")


def _yes_no(raw):
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS:
        return True
    if isinstance(raw, str) and raw.strip().lower() in FALSE_WORDS:
        return False
    raise ValueError("not true/false")


def _is_none_word(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in _NONE_WORDS)


def _none_only(raw):
    if _is_none_word(raw):
        return None
    raise ValueError("not none")


def _none_first(raw):
    return None if _is_none_word(raw) else raw


def _split_list(raw):
    import yaml

    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            try:
                return yaml.load(text, Loader=yaml.BaseLoader)  # every scalar stays text
            except yaml.YAMLError:
                raise ValueError("not a list") from None
        return [part.strip() for part in text.split(",")] if text else []
    if isinstance(raw, tuple):
        return list(raw)
    return raw


def _yaml_mapping(raw):
    import yaml

    if isinstance(raw, str):
        try:
            raw = yaml.load(raw, Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            raise ValueError("not a mapping") from None
    if isinstance(raw, dict):
        return {str(k): _yaml_any(v) for k, v in raw.items()}
    raise ValueError("not a mapping")


def _yaml_any(raw):
    """No declared type: read text as YAML (numbers, true/false, lists)."""
    import yaml

    if isinstance(raw, str):
        try:
            return yaml.safe_load(raw) if raw.strip() else raw
        except yaml.YAMLError:
            return raw
    if isinstance(raw, (list, tuple)):
        return [_yaml_any(v) for v in raw]
    if isinstance(raw, dict):
        return {str(k): _yaml_any(v) for k, v in raw.items()}
    return raw


def _choice(options: tuple):
    by_text = {str(option): option for option in options}

    def pick(raw):
        if isinstance(raw, str) and raw.strip() in by_text:
            return by_text[raw.strip()]
        return raw

    return pick


def _scalar(name: str) -> _Kind | None:
    from typing import Annotated, Any as AnyType

    from pydantic import BeforeValidator

    any_kind = _Kind(Annotated[AnyType, BeforeValidator(_yaml_any)], "a value")
    kinds = {
        "str": _Kind(Annotated[str, BeforeValidator(_text_only)], "text"),
        "int": _Kind(Annotated[int, BeforeValidator(_whole_number)], "a whole number"),
        "float": _Kind(Annotated[float, BeforeValidator(_number)], "a number"),
        "bool": _Kind(Annotated[bool, BeforeValidator(_yes_no)], "true/false (true, false, yes, no, 1, 0)"),
        "dict": _Kind(Annotated[dict[str, AnyType], BeforeValidator(_yaml_mapping)], "a YAML mapping such as {a: 1}"),
        "mapping": None,
        "list": None,
        "any": any_kind,
    }
    kinds["mapping"] = kinds["dict"]
    kinds["list"] = kinds["tuple"] = kinds["sequence"] = _list_of(any_kind)
    return kinds.get(name)


def _known(name: str) -> _Kind:
    """The :func:`_scalar` kind of a name that always has one ("any", "list", "int", ...)."""
    kind = _scalar(name)
    assert kind is not None, name
    return kind


def _list_of(inner: _Kind) -> _Kind:
    from typing import Annotated

    from pydantic import BeforeValidator

    return _Kind(Annotated[list[inner.annotation], BeforeValidator(_split_list)],  # type: ignore[name-defined]  # built at run time for pydantic
                 f"a list of {inner.describe} ([a, b] or a,b)")


def _text_mapping(raw):
    """A mapping from YAML or JSON text (``{nps: 30}``, ``{"nps": 30}``), its values left as text."""
    import yaml

    if isinstance(raw, str):
        if not raw.strip():
            return {}
        try:
            raw = yaml.load(raw, Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            raise ValueError("not a mapping") from None
    if isinstance(raw, dict):
        return {str(k): v for k, v in raw.items()}
    raise ValueError("not a mapping")


def _mapping_of(inner: _Kind) -> _Kind:
    from typing import Annotated

    from pydantic import BeforeValidator

    return _Kind(Annotated[dict[str, inner.annotation], BeforeValidator(_text_mapping)],  # type: ignore[name-defined]  # built at run time for pydantic
                 f"a mapping of names to {inner.describe} such as {{nps: 30}} (YAML or JSON)")


def _optional(inner: _Kind) -> _Kind:
    from typing import Annotated, Optional

    from pydantic import BeforeValidator

    return _Kind(Annotated[Optional[inner.annotation], BeforeValidator(_none_first)], f"{inner.describe} or none")


def _from_default(default: Any) -> _Kind:
    for kind in (bool, int, float, str):
        if isinstance(default, kind):
            return _known(kind.__name__)
    if isinstance(default, (list, tuple)):
        return _known("list")
    if isinstance(default, dict):
        return _known("dict")
    return _known("any")


def _range_words(limits: Mapping[str, Any]) -> str:
    words = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than",
             "min_length": "at least this many items:", "max_length": "at most this many items:"}
    return " and ".join(f"{words[k]} {v!r}" for k, v in limits.items())


def _from_node(node: ast.AST, default: Any) -> _Kind:
    from typing import Annotated, Literal

    from pydantic import BeforeValidator, Field

    if isinstance(node, ast.Constant) and node.value is None:
        from pydantic import BeforeValidator

        return _Kind(Annotated[None, BeforeValidator(_none_only)], "none")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _from_node(node.left, default), _from_node(node.right, default)
        if right.describe == "none":
            return _optional(left)
        if left.describe == "none":
            return _optional(right)
        return _known("any")
    if isinstance(node, ast.Subscript):
        base = ast.unparse(node.value).split(".")[-1].lower()
        if base == "optional":
            return _optional(_from_node(node.slice, None))
        if base in {"list", "sequence", "tuple"}:
            inner = node.slice
            if isinstance(inner, ast.Tuple):  # tuple[int, ...] or tuple[int, str]
                inner = inner.elts[0]
            return _list_of(_from_node(inner, None))
        if base in {"dict", "mapping"}:
            if isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2:
                value = _from_node(node.slice.elts[1], None)
                if value.describe != _known("any").describe:
                    return _mapping_of(value)
            return _known("dict")
        if base == "literal":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            try:
                options = tuple(ast.literal_eval(e) for e in elts)
            except ValueError:
                return _known("any")
            kind = _Kind(Annotated[Literal[options], BeforeValidator(_choice(options))],
                         f"one of {list(options)}")
            kind.options = options
            return kind
        if base == "annotated" and isinstance(node.slice, ast.Tuple) and node.slice.elts:
            first = _from_node(node.slice.elts[0], default)
            limits = {}
            for extra in node.slice.elts[1:]:
                if isinstance(extra, ast.Call) and ast.unparse(extra.func).split(".")[-1] == "Field":
                    for kw in extra.keywords:
                        if kw.arg in _RANGE_KEYWORDS:
                            try:
                                limits[kw.arg] = ast.literal_eval(kw.value)
                            except ValueError:
                                pass
            if not limits:
                return first
            return _Kind(Annotated[first.annotation, Field(**limits)], f"{first.describe}, {_range_words(limits)}")
        return _known("any")
    text = ast.unparse(node).split(".")[-1]
    from cxtools.report.parameter_types import PARAMETER_TYPES

    if text in PARAMETER_TYPES:
        return _from_type(PARAMETER_TYPES[text])
    return _scalar(text.lower()) or _from_default(default)


def _from_type(tp) -> _Kind:
    """A :class:`_Kind` from a typing object of :mod:`cxtools.report.parameter_types`."""
    import typing
    from typing import Annotated, Literal

    from pydantic import BeforeValidator
    from pydantic.fields import FieldInfo

    from cxtools.report.parameter_types import Described

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Literal:
        kind = _Kind(Annotated[tp, BeforeValidator(_choice(args))], f"one of {list(args)}")
        kind.options = args
        return kind
    if origin is Annotated:
        inner = _from_type(args[0])
        extras = [a for a in args[1:] if not isinstance(a, Described)]
        described = next((a for a in args[1:] if isinstance(a, Described)), None)
        words = described.text if described is not None else None
        if words is None:
            limits = {k: getattr(m, k) for a in extras if isinstance(a, FieldInfo) for m in a.metadata
                      for k in _RANGE_KEYWORDS if hasattr(m, k)}
            words = f"{inner.describe}, {_range_words(limits)}" if limits else inner.describe
        kind = _Kind(Annotated[(inner.annotation, *extras)], words)
        if described is not None and described.hint is not None:
            kind.hint = described.hint
        if hasattr(inner, "options"):
            kind.options = inner.options
        return kind
    if origin in (dict, typing.Mapping) and len(args) == 2:
        return _mapping_of(_from_type(args[1]))
    if origin in (list, tuple) and args:
        return _list_of(_from_type(args[0]))
    if isinstance(tp, type) and (scalar := _scalar(tp.__name__)) is not None:
        return scalar
    return _known("any")


def _kind_of(parameter: NotebookParameter) -> _Kind:
    if parameter.type is None:
        return _from_default(parameter.default)
    try:
        node = ast.parse(parameter.type, mode="eval").body
    except SyntaxError:
        return _from_default(parameter.default)
    return _from_node(node, parameter.default)


def _adapter(kind: _Kind):
    from pydantic import TypeAdapter

    return TypeAdapter(kind.annotation)


def convert_parameter(value: Any, parameter: NotebookParameter, *, notebook: str = "notebook") -> Any:
    """Convert a parameter value given as text to the type the notebook declares.

    Unlike papermill's own command line, ``false`` becomes ``False`` for a ``bool``
    parameter and ``007`` stays the text ``"007"`` for a ``str`` parameter; whole
    numbers and numbers are parsed strictly; lists are YAML (``[1, 2]``) or
    comma-separated (``1,2``). ``Literal[...]`` declares choices and
    ``Annotated[int, Field(ge=1)]`` a range; both are checked.

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
        Naming the notebook, the parameter, the expected type and the value given
        (and the closest choice, for a choice parameter).

    Examples
    --------
    >>> flag = NotebookParameter("use_weights", "bool", True, "True", "weight answers")
    >>> convert_parameter("false", flag)
    False
    >>> convert_parameter("007", NotebookParameter("code", "str", "x", "'x'", ""))
    '007'
    >>> convert_parameter("1,2", NotebookParameter("waves", "list[int]", [], "[]", ""))
    [1, 2]
    >>> convert_parameter("rus", NotebookParameter("lang", 'Literal["en", "ru"]', "en", '"en"', ""))
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: notebook: parameter 'lang' expects one of ['en', 'ru'] (declared ...), got 'rus'; did you mean 'ru'?
    """
    from pydantic import ValidationError

    kind = _kind_of(parameter)
    try:
        return _adapter(kind).validate_python(value)
    except ValidationError:
        declared = f"{parameter.name}: {parameter.type}" if parameter.type else parameter.name
        message = (f"{notebook}: parameter {parameter.name!r} expects {kind.describe} "
                   f"(declared `{declared} = {parameter.default_source}`), got {value!r}")
        options = getattr(kind, "options", None)
        if options is not None:
            message += did_you_mean(value, options)
        hint = getattr(kind, "hint", None)
        if hint is not None:
            message += hint(value)
        raise CxParameterError(message) from None


def parameter_values(parameter: NotebookParameter) -> str | None:
    """The values a parameter accepts, in words, when its type says more than a plain one.

    Examples
    --------
    >>> parameter_values(NotebookParameter("repeat_model", "RepeatModel", "bgnbd", '"bgnbd"', ""))
    "one of ['bgnbd', 'paretonbd']"
    >>> parameter_values(NotebookParameter("seed", "int", 1, "1", "")) is None
    True
    """
    kind = _kind_of(parameter)
    plain = {k.describe for k in (_known("str"), _known("int"), _known("float"), _known("bool"))}
    return None if kind.describe in plain else kind.describe


# ---------------------------------------------------------------------------
# Resolving the values given for a run
# ---------------------------------------------------------------------------


def resolve_parameters(
    notebooks: Sequence["str | os.PathLike[str]"],
    given: Mapping[str, Any],
) -> dict[Path, dict[str, Any]]:
    """Check and convert parameters for each notebook, before any kernel starts.

    A parameter applies to the notebooks that declare it; a name declared by none of
    them is an error listing each notebook's valid names and the closest one.

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
    given = _old_spellings(given, declared)
    unknown = [name for name in given if not any(name in params for params in declared.values())]
    if unknown:
        valid = "; ".join(
            f"{nb.stem}: {', '.join(params) or '(no parameters)'}" for nb, params in declared.items()
        )
        every = sorted({name for params in declared.values() for name in params})
        hints = [h for name in unknown for h in difflib.get_close_matches(name, every, n=1)]
        raise CxParameterError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}: "
            f"not declared by {', '.join(nb.stem for nb in declared)}. Valid parameters: {valid}"
            + (f"; did you mean {', '.join(map(repr, hints))}?" if hints else "")
        )
    resolved: dict[Path, dict[str, Any]] = {}
    for nb, params in declared.items():
        resolved[nb] = {
            name: convert_parameter(value, params[name], notebook=nb.stem)
            for name, value in given.items()
            if name in params
        }
    return resolved


#: Renamed parameters, for one release: old name -> (new name, how an old value becomes a new one).
RENAMED_PARAMETERS: dict[str, tuple[str, Any]] = {
    "spend_uplift_pct": ("spend_uplift", lambda value: f"{_number(value) / 100!r}"),
}
#: Renamed values of a parameter, for one release: name -> {old value: new value}.
RENAMED_VALUES: dict[str, dict[str, str]] = {
    "repeat_model": {"bg_nbd": "bgnbd", "pareto_nbd": "paretonbd"},
}


def _old_spellings(given: Mapping[str, Any], declared: Mapping[Path, Mapping[str, Any]]) -> dict[str, Any]:
    """``given`` with old parameter names and values in today's spelling (a FutureWarning for each)."""
    import warnings

    names = {name for params in declared.values() for name in params}
    out = dict(given)
    for old, (new, convert) in RENAMED_PARAMETERS.items():
        if old in out and old not in names and new in names:
            if new in out:
                raise CxParameterError(f"give {new} or its old name {old}, not both")
            try:
                out[new] = convert(out.pop(old))
            except ValueError:
                raise CxParameterError(f"parameter {old!r} (now {new!r}) expects a number, got {given[old]!r}") from None
            warnings.warn(f"parameter {old} is now {new}: {old} {given[old]} is {new} {out[new]}; {old} will stop "
                          "working in the next release", FutureWarning, stacklevel=3)
    for name, values in RENAMED_VALUES.items():
        value = out.get(name)
        if isinstance(value, str) and value.strip() in values and name in names:
            new = values[value.strip()]
            warnings.warn(f"{name} {value!r} is now written {new!r}; {value!r} will stop working in the next "
                          "release", FutureWarning, stacklevel=3)
            out[name] = new
    return out


def read_parameters_file(path: "str | os.PathLike[str]") -> dict[str, Any]:
    """Read a YAML parameters file (``name: value`` lines) with every value kept as text.

    Values are converted later against each notebook's declared types, exactly like
    ``-p NAME VALUE``, so ``code: 007`` stays ``"007"`` for a text parameter.
    """
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CxParameterError(
            f"parameters file {str(path)!r} is not UTF-8 text (byte {exc.start} cannot be read); "
            "save it as UTF-8"
        ) from None
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
