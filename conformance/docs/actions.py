"""The operator actions: the vocabulary (conformance.sut.driver.ACTIONS), and which ones each
case may ask for, read from its source and the steps it calls (no case is run).

A case asks with `handle.manual("name", ...)`; the steps it calls are followed through the
imports of conformance.steps, so a case that reaches the reusable state Charging is seen to
ask for `plug_in`. Every action on some path counts, also one behind a condition: the list
says what a case may ask for.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from ..ocpp.actions import Role
from ..sut.driver import ACTIONS
from .markdown import cell

PACKAGE = Path(__file__).resolve().parent.parent
Function = tuple[str, str]            # (module, name)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("conformance", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def _absolute(module: str, target: str, level: int) -> str:
    """The absolute name of `from <level dots><target> import ...` written in `module`."""
    if level == 0:
        return target
    package = module.split(".")[:-level]
    return ".".join([*package, *([target] if target else [])])


class _Module:
    def __init__(self, name: str, tree: ast.Module):
        self.name, self.tree = name, tree
        self.functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.modules: dict[str, str] = {}        # alias -> module
        self.imported: dict[str, Function] = {}  # alias -> (module, function)
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                base = _absolute(name, node.module or "", node.level)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    if full in _steps():
                        self.modules[alias.asname or alias.name] = full
                    else:
                        self.imported[alias.asname or alias.name] = (base, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in _steps():
                        self.modules[alias.asname or alias.name] = alias.name


@cache
def _steps() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted((PACKAGE / "steps").rglob("*.py"))}


@cache
def _step_module(name: str) -> _Module:
    return _Module(name, _steps()[name])


def _calls(module: _Module, node: ast.AST, seen: set[Function]) -> list[str]:
    """The actions asked for under `node`, in source order, following calls into the steps."""
    found: list[str] = []
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "manual" and call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
                for keyword in call.keywords:
                    if first.value == "csms_send" and keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        found[-1] = f"csms_send {keyword.value.value}"
            continue
        target: Function | None = None
        if isinstance(func, ast.Name):
            if func.id in module.functions:
                target = (module.name, func.id)
            elif func.id in module.imported:
                target = module.imported[func.id]
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in module.modules:
            target = (module.modules[func.value.id], func.attr)
        if target is not None:
            found += _function(target, seen)
    return found


def _function(target: Function, seen: set[Function]) -> list[str]:
    if target in seen or target[0] not in _steps():
        return []
    seen.add(target)
    module = _step_module(target[0])
    node = module.functions.get(target[1])
    return _calls(module, node, seen) if node is not None else []


def case_actions(path: Path) -> list[str]:
    """What the case file at `path` may ask the operator for, each once, in the order first asked."""
    module = _Module(path.stem, ast.parse(path.read_text(encoding="utf-8")))
    return list(dict.fromkeys(_calls(module, module.tree, set())))


def action_list(actions: list[str]) -> str:
    """`plug_in`, `csms_send` RemoteStopTransaction, ..., or "none"."""
    if not actions:
        return "none"
    return ", ".join(f"`{a.split()[0]}` {a.split()[1]}" if " " in a else f"`{a}`" for a in actions)


def vocabulary_md() -> str:
    """The whole vocabulary: one row per action."""
    rows = ["| action | SUT | parameters | what is done |", "|---|---|---|---|"]
    for name, (role, params, text) in ACTIONS.items():
        sut = "charge point" if role is Role.CHARGE_POINT else "central system"
        rows.append(f"| `{name}` | {sut} | `{params}` | {cell(text)} |")
    return "\n".join(rows)
