"""The package's import graph: no circles, and the judging and protocol layers stay at the bottom.

A circle means one concept is split over modules that each need the other; a layer that imports
upwards cannot be tested, or reused, without the machinery above it. The graph is read from the
source with `ast`, so imports inside functions and under TYPE_CHECKING count as well. (A pytest
plugin the suite's plugin loads by name, conformance.fixtures, is not an import of it.)
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "conformance"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# What the judging code and the protocol core must never need: the machinery that drives a
# case, presents it, or runs it under pytest.
LOWER_LAYERS = ("conformance.checks", "conformance.ocpp")
UPPER_LAYERS = ("conformance.roles", "conformance.steps", "conformance.reporting", "conformance.pytest_plugin",
                "conformance.fixtures")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _known(name: str, known: set[str]) -> str | None:
    """The module of the package an import names (`a.b.c` may be the attribute c of module a.b)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node)
            # `from . import fixtures` imports a module; `from .x import y` may too.
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
            targets.append(base)
        for target in targets:
            module = _known(target, known)
            if module is not None and module != name:
                found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def _in(name: str, layers: tuple[str, ...]) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


def test_the_graph_sees_relative_absolute_and_function_level_imports():
    graph = import_graph()
    assert "conformance.ocpp.rpc" in graph["conformance.ocpp.session"]        # from .rpc import ...
    assert "conformance.robustness.session" in graph["conformance.pytest_plugin"]   # inside a function
    assert "conformance.case_run" in graph["conformance.pytest_plugin"]             # under TYPE_CHECKING
    assert "conformance.checks.rules" in graph["conformance.reporting.allure_meta"]  # from ..checks.rules
    assert "conformance.checks.rules" in graph["conformance.ocpp.validation"]


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_judging_and_protocol_core_import_nothing_above_them():
    graph = import_graph()
    wrong = sorted(f"{name} imports {target}" for name, targets in graph.items() if _in(name, LOWER_LAYERS)
                   for target in targets if _in(target, UPPER_LAYERS))
    assert not wrong, "\n".join(wrong)


def test_cycle_finder_finds_a_circle_and_ignores_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
