"""The package's layout, as issue 11 asks it: no import cycles, no module over ~400 lines, and only the
executor's two modules knowing about processes.  Read off the source with ``ast`` (nothing imported)."""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
#: Lines a module may have: "no module over ~400 lines".
MAX_LINES = 410
#: The modules that may start processes or speak to a cluster (the executor and its pool's processes).
CONCURRENCY_MODULES = {"analysis.executor", "analysis.pool_workers"}
PROCESS_LIBRARIES = {"multiprocessing", "concurrent", "dask", "distributed", "subprocess"}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """What ``name`` imports at run time, at its top or inside a function (not under ``TYPE_CHECKING``):
    modules of the package where ``known`` has them, else the imported name's first part."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:  # (``from . import labels``: the module analysis.labels)
                yield f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module


def test_no_module_imports_one_that_imports_it_back() -> None:
    """Data flows one way (docs/architecture.md): the import graph, lazy imports included, has no cycle
    (there were char_counts ↔ ngrams and outputs ↔ pipeline)."""
    found = modules()
    graph = {
        name: {m for m in imports(name, path, set(found)) if m in found and m != name}
        for name, path in found.items()
    }
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as cycle:
        pytest.fail(f"import cycle: {' → '.join(cycle.args[1])}")
    assert len(order) == len(found) > 100


def test_no_module_is_much_over_400_lines() -> None:
    long = {
        name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_only_the_executor_knows_about_processes() -> None:
    """Concurrency in one place: no domain module imports multiprocessing, concurrent.futures, Dask or
    subprocess."""
    found = modules()
    users = {
        name: sorted(libraries)
        for name, path in found.items()
        if (libraries := {m.split(".")[0] for m in imports(name, path, set(found))} & PROCESS_LIBRARIES)
    }
    assert set(users) <= CONCURRENCY_MODULES, users
    assert "multiprocessing" in users["analysis.pool_workers"]
