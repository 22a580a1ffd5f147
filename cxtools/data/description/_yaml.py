"""Reading ``cxtools.yaml`` with the line of every key, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxtools.core.errors import CxParameterError

__all__ = ["CxDescriptionError", "read_yaml_with_lines", "format_location", "MAX_BYTES", "MAX_VALUES"]

#: The largest description read: a data description of many sources is a few kilobytes.
MAX_BYTES = 1_000_000
#: The most keys, items and values a description may hold once its YAML aliases are expanded
#: (an alias of an alias ... repeats a block exponentially: a few hundred bytes can stand for
#: billions of values, "billion laughs").
MAX_VALUES = 100_000


class CxDescriptionError(CxParameterError):
    """The data description (``cxtools.yaml``) is invalid.

    ``problems`` lists ``(key, line, message)`` for every problem found (``line`` is
    1-based, ``None`` for a key the file does not contain); the message lists them all.
    """

    def __init__(self, source: str, problems: list[tuple[str, int | None, str]]):
        self.source = source
        self.problems = list(problems)
        lines = [f"{source}: the data description has {len(problems)} problem{'' if len(problems) == 1 else 's'}:"]
        for key, line, message in problems:
            where = f"line {line}, " if line else ""
            lines.append(f"  {where}{key or '(top level)'}: {message}")
        super().__init__("\n".join(lines))


def read_yaml_with_lines(text: str, source: str) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML text; return the data and ``{key path: line}`` for every mapping key and item.

    Uses the composed node tree (``yaml.compose``) for the marks, then builds plain
    Python values with the safe constructor, so no tag can run code.
    """
    import yaml

    if len(text) > MAX_BYTES:
        raise CxDescriptionError(source, [("", None, f"the description is {len(text):,} characters long; a data "
                                                     f"description is a few kilobytes (at most {MAX_BYTES:,})")])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CxDescriptionError(source, [("", line, f"not valid YAML: {problem}")]) from None
    if node is None:
        return {}, {}
    lines: dict[tuple, int] = {}
    seen = [0]

    def walk(n, path: tuple) -> None:
        seen[0] += 1
        if seen[0] > MAX_VALUES:
            raise CxDescriptionError(source, [("", n.start_mark.line + 1,
                                               f"the description expands to more than {MAX_VALUES:,} keys and "
                                               "values through YAML aliases (& and *); write the blocks out")])
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                key = key_node.value
                lines[path + (key,)] = key_node.start_mark.line + 1
                walk(value_node, path + (key,))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                lines[path + (i,)] = item.start_mark.line + 1
                walk(item, path + (i,))

    walk(node, ())
    constructor = yaml.SafeLoader("")
    try:
        data = constructor.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CxDescriptionError(source, [("", mark.line + 1 if mark else None, f"not valid YAML: {exc}")]) from None
    finally:
        constructor.dispose()
    return data, lines


def format_location(loc: tuple, lines: dict[tuple, int]) -> tuple[str, int | None]:
    """Dotted key and the line of the nearest key the file has, for a pydantic ``loc``."""
    parts = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
    key = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in parts).replace(".[", "[")
    for n in range(len(parts), 0, -1):
        line = lines.get(parts[:n])
        if line is None and isinstance(parts[n - 1], str):
            # pydantic may stringify dict keys of int-like names; try the int
            try:
                line = lines.get(parts[:n - 1] + (int(parts[n - 1]),))
            except ValueError:
                line = None
        if line is not None:
            return key, line
    return key, None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CxDescriptionError(str(path), [("", None, "the file is not UTF-8 text; save it as UTF-8")]) from None
