"""The layers of cxtools and the check that imports point down them.

cxtools is built in layers; a module may import from its own layer and the layers below,
never from a layer above, and no group of modules may import each other in a circle. Imports
inside functions count as much as those at the top of a module: a lazy import is a way to
keep ``import cxtools`` fast for heavy third-party libraries, not a way round a circle.

====  ============  =====================================================================
rank  layer         what lives there
====  ============  =====================================================================
0     core          errors, result classes, argument checks, the vocabulary, translations
1     data          loaders, the data description, engines, privacy, sample data
2     analysis      ltv, survey, factors, value, people, portfolio, layers, overview
3     plots         figures (one style module)
4     narrative     findings, report tables: everything a person reads
5     applications  the report runner, the workshop, the command line, test helpers
6     package       ``cxtools`` itself and the one-release aliases of moved modules
====  ============  =====================================================================

:func:`import_problems` lists every upward import and every circle; the test suite asserts
the list is empty, and plants an upward import to see it fail.

Run it as ``python tools/layers.py`` (exit 1 and one line per problem when any is found).

Examples
--------
>>> layer_of("cxtools.core.errors")
'core'
>>> layer_of("cxtools.plots.survey")
'plots'
"""

from __future__ import annotations

import ast
from pathlib import Path

__all__ = ["LAYERS", "layer_of", "import_graph", "import_problems"]

#: Layers, lowest first: (name, module prefixes).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("cxtools.core",)),
    ("data", ("cxtools.data",)),
    ("analysis", ("cxtools.ltv", "cxtools.survey", "cxtools.factors", "cxtools.value", "cxtools.people",
                  "cxtools.portfolio", "cxtools.layers", "cxtools.overview")),
    ("plots", ("cxtools.plots",)),
    ("narrative", ("cxtools.narrative",)),
    ("applications", ("cxtools.report", "cxtools.workshop", "cxtools.cli", "cxtools.testing")),
    ("package", ("cxtools",)),
)

_RANK = {name: rank for rank, (name, _) in enumerate(LAYERS)}


def layer_of(module: str) -> str:
    """The layer a module belongs to: the longest matching prefix wins (``cxtools`` itself is last)."""
    best, length = "package", 0
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = name, len(prefix)
    return best


def _modules(root: Path) -> dict[str, Path]:
    mods = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def import_graph(root: str | Path) -> dict[str, dict[str, list[tuple[int, bool]]]]:
    """Imports between the modules under ``root`` (the ``cxtools`` folder).

    Returns ``{importer: {imported: [(line, inside_function), ...]}}``; an import of a name from a
    package counts as an import of the submodule when the name is one.
    """
    root = Path(root)
    mods = _modules(root)
    graph: dict[str, dict[str, list[tuple[int, bool]]]] = {m: {} for m in mods}

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    for module, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]

        def visit(node: ast.AST, in_function: bool, module: str = module, package: str = package) -> None:
            for child in ast.iter_child_nodes(node):
                targets: list[str] = []
                if isinstance(child, ast.Import):
                    targets = [a.name for a in child.names]
                elif isinstance(child, ast.ImportFrom):
                    if child.level:
                        base = package.split(".")
                        base = base[: len(base) - (child.level - 1)]
                        source = ".".join(base + ([child.module] if child.module else []))
                    else:
                        source = child.module or ""
                    targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in mods else source
                               for a in child.names]
                for target in targets:
                    if not (target == "cxtools" or target.startswith("cxtools.")):
                        continue
                    found = owner(target)
                    if found and found != module:
                        graph[module].setdefault(found, []).append((child.lineno, in_function))
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)),
                      module, package)

        visit(tree, False)
    return graph


def _circles(graph: dict[str, dict[str, list]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(v: str) -> None:  # Tarjan's strongly connected components, iteratively deep enough here
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            connect(v)
    return found


def import_problems(root: str | Path) -> list[str]:
    """Every upward import and every circle of imports under ``root``, one line each (empty: all is well).

    Examples
    --------
    >>> import_problems(Path(__file__).resolve().parent.parent / "cxtools")  # doctest: +SKIP
    []
    """
    graph = import_graph(root)
    problems = []
    for module, targets in sorted(graph.items()):
        for target, where in sorted(targets.items()):
            if _RANK[layer_of(target)] > _RANK[layer_of(module)]:
                lines = ", ".join(f"line {line}{' (inside a function)' if inner else ''}" for line, inner in where)
                problems.append(f"upward import: {module} ({layer_of(module)}) imports {target} "
                                f"({layer_of(target)}) at {lines}")
    for circle in _circles(graph):
        problems.append("circle of imports: " + " <-> ".join(circle))
    return problems


if __name__ == "__main__":  # pragma: no cover - a command for contributors
    import sys

    found = import_problems(Path(__file__).resolve().parent.parent / "cxtools")
    print("\n".join(found) or "no upward import, no circle")
    sys.exit(1 if found else 0)
