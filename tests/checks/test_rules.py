"""The rule registry: every rule the package judges by is registered, named through it, and used.

Statically, the source of the package and of the case files is read for every place a rule is
named (a failure's `rule=`, a failure class's `rule`, a finding, a warning, a refusal a case
demands): each must be a constant of the registry. At run time, a failure or a finding with a
rule the registry does not hold cannot be made.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conformance.checks import rules
from conformance.checks.failures import ConformanceFailure, TransportViolation
from conformance.checks.rules import RULES, Checked, Strength, lookup, rule_named
from conformance.checks.verdicts import UnregisteredRule
from conformance.ocpp.validation import Problem

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for d in ("conformance", "testcases") for p in sorted((ROOT / d).rglob("*.py"))
           if p != ROOT / "conformance/checks/rules.py"]
CONSTANTS = {name: value for name, value in vars(rules).items() if name.isupper() and isinstance(value, str)
             and value in RULES}
# Calls that name a rule, and which positional argument does.
RULE_ARGUMENT = {"Problem": 0, "_fail": 0, "must_refuse": 3, "rule_named": 0}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def named_rules(tree: ast.AST) -> list[ast.expr]:
    """Every expression that stands for a rule name."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [k.value for k in node.keywords if k.arg == "rule"]
            index = RULE_ARGUMENT.get(_name(node.func))
            if index is not None and len(node.args) > index:
                found.append(node.args[index])
            if _name(node.func) == "warn" and len(node.args) >= 2:   # warn(step, rule, message), warn(rule, message)
                found.append(node.args[len(node.args) - 2])
        elif isinstance(node, ast.ClassDef):
            found += [s.value for s in node.body if isinstance(s, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == "rule" for t in s.targets)]
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "rule":
            found += node.comparators
    return found


def registry_references(tree: ast.AST) -> set[str]:
    """The names a module takes from the registry as `rules.NAME` (where `rules` is the registry)."""
    imported = any(isinstance(node, ast.ImportFrom) and node.module in (None, "checks", "conformance.checks")
                   and any(alias.name == "rules" and alias.asname is None for alias in node.names)
                   for node in ast.walk(tree))
    return {node.attr for node in ast.walk(tree) if imported and isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "rules"}


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in SOURCES]


def test_rules_are_named_through_the_registry_never_by_a_fresh_string():
    literals = []
    for path, tree in _trees():
        for node in named_rules(tree):
            text = _literal(node)
            if text is not None:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                literals.append(f"{where}: {text!r}" + ("" if text in RULES else " (not registered)"))
    assert not literals, "rules named by a string, not by a constant of conformance.checks.rules:\n" + \
        "\n".join(literals)


def test_every_reference_to_the_registry_is_a_registered_rule_or_its_api():
    api = {name for name in vars(rules) if not name.startswith("_")}
    unknown = sorted(f"{path.relative_to(ROOT)}: rules.{name}" for path, tree in _trees()
                     for name in registry_references(tree) if name not in api)
    assert not unknown, "\n".join(unknown)


def test_every_registered_rule_is_judged_somewhere():
    used = set().union(*(registry_references(tree) for _, tree in _trees()))
    idle = sorted(value for name, value in CONSTANTS.items() if name not in used)
    assert not idle, f"registered but never judged: {', '.join(idle)}"
    assert set(CONSTANTS.values()) == set(RULES)


def test_the_scan_sees_each_way_a_rule_is_named():
    tree = ast.parse('raise X("m", rule="a")\nProblem("b", "m")\nh.warn(2, "c", "m")\nh.warn("d", "m")\n'
                     'class F:\n    rule = "e"\nif p.rule == "f": pass\nmust_refuse(cp, 1, "w", "g")\n')
    assert sorted(_literal(n) for n in named_rules(tree)) == list("abcdefg")


def test_each_rule_has_a_name_strength_meaning_and_source():
    for name, rule in RULES.items():
        assert rule.name == name and name.isidentifier() and name == name.lower()
        assert isinstance(rule.strength, Strength) and isinstance(rule.checked, Checked)
        assert rule.meaning and rule.meaning[0].islower() and not rule.meaning.endswith("."), name
        assert rule.source and not rule.source.endswith("."), name
        assert any(word in rule.source for word in ("OCPP", "test case document", "policy table", "RFC")), name


def test_the_plan_and_the_specifications_are_cited_as_they_call_themselves():
    sources = " ".join(r.source for r in RULES.values())
    assert "OCPP-J 1.6 §4.1.1" in sources and "OCPP 1.6 Security Whitepaper (edition 3)" in sources
    assert RULES[rules.ONE_OUTSTANDING_CALL].strength is Strength.SHOULD
    assert RULES[rules.TIMING].strength is Strength.MUST


def test_an_unregistered_rule_is_the_suites_own_mistake():
    assert rule_named(rules.TIMING).name == "timing"
    assert lookup("timing") is RULES["timing"] and lookup("SutUnreachable") is None
    with pytest.raises(UnregisteredRule, match="'timng' is not a rule"):
        rule_named("timng")


def test_a_failure_or_finding_with_an_unregistered_rule_cannot_be_made():
    with pytest.raises(UnregisteredRule):
        ConformanceFailure("late", rule="timng")
    with pytest.raises(UnregisteredRule):
        TransportViolation("no TLS", rule="tls_versoin")
    with pytest.raises(UnregisteredRule):
        Problem("payload_matches_schem", "bad")
    assert Problem(rules.PAYLOAD_MATCHES_SCHEMA, "bad").rule == "payload_matches_schema"


def test_a_rule_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        rules._rule("timing", Strength.MUST, Checked.STEP, "again", "nowhere")
    assert RULES["timing"].meaning != "again"
