"""The fault and mode registries of the reference SUTs: complete, used, listed, refused, documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conformance.reference import central_system, charge_point, faults
from conformance.reference.switches import FAULT, MODE, Registry, Switch, UnknownSwitch

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "conformance" / "reference"

# Each SUT: its registry, the package whose code asks it, and the namespaces of its constants.
SUTS = {
    "charge-point": (charge_point.SWITCHES, REFERENCE / "charge_point", {"Fault": charge_point.Fault,
                                                                         "Mode": charge_point.Mode}),
    "central-system": (central_system.SWITCHES, REFERENCE / "central_system",
                       {"Fault": central_system.Fault, "Mode": central_system.Mode}),
}


def _trees(package: Path) -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(package.rglob("*.py")) if path.name != "faults.py"]


def _constants(namespaces: dict[str, type]) -> dict[tuple[str, str], Switch]:
    return {(space, attr): value for space, cls in namespaces.items()
            for attr, value in vars(cls).items() if isinstance(value, Switch)}


@pytest.mark.parametrize("sut", SUTS)
def test_every_registered_switch_has_its_constant(sut):
    registry, _, namespaces = SUTS[sut]
    constants = _constants(namespaces)
    assert sorted(s.name for s in constants.values()) == sorted(s.name for s in registry)
    for (space, attr), switch in constants.items():
        assert attr == switch.name.upper() and switch in registry
        assert space == ("Mode" if switch.kind == MODE else "Fault")
        assert switch.meaning and "\n" not in switch.meaning


@pytest.mark.parametrize("sut", SUTS)
def test_the_code_asks_only_about_registered_switches_and_about_every_one(sut):
    registry, package, namespaces = SUTS[sut]
    constants = _constants(namespaces)
    used: set[tuple[str, str]] = set()
    for path, tree in _trees(package):
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in namespaces:
                assert (node.value.id, node.attr) in constants, f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}"
                used.add((node.value.id, node.attr))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "active":
                (arg,) = node.args
                assert isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) \
                    and (arg.value.id, arg.attr) in constants, f"{path.name}:{node.lineno}: active() of {ast.unparse(arg)}"
    unused = sorted(constants[key].name for key in constants.keys() - used)
    assert not unused, f"registered but never asked about: {', '.join(unused)}"


def test_no_fault_or_mode_is_tested_as_a_string_any_more():
    for path, tree in _trees(REFERENCE):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare) or not isinstance(node.left, ast.Constant):
                continue
            for op, right in zip(node.ops, node.comparators, strict=True):
                name = right.attr if isinstance(right, ast.Attribute) else getattr(right, "id", "")
                assert not (isinstance(op, (ast.In, ast.NotIn)) and name in ("faults", "modes")), \
                    f"{path.name}:{node.lineno}: {ast.unparse(node)}"


def test_asking_about_a_switch_of_another_sut_or_kind_is_a_bug():
    faults_on = charge_point.SWITCHES.select(FAULT, {"no_authorize"})
    assert faults_on.active(charge_point.Fault.NO_AUTHORIZE)
    assert not faults_on.active(charge_point.Fault.NO_PREPARING)
    with pytest.raises(LookupError):
        faults_on.active(central_system.Fault.BOOT_REJECTED)
    with pytest.raises(LookupError):
        faults_on.active(charge_point.Mode.SYNC_ACTIONS)


def test_an_unknown_name_is_refused_in_one_line_naming_the_known_ones():
    with pytest.raises(UnknownSwitch) as refused:
        charge_point.SWITCHES.select(FAULT, {"no_authorize", "no_such_fault"})
    text = str(refused.value)
    assert text.startswith("unknown fault 'no_such_fault' (known: ") and "no_authorize" in text and "\n" not in text
    assert central_system.SWITCHES.refusal(MODE, ["sync_actions"]).startswith("unknown mode 'sync_actions' (known: ")
    assert Registry("x").refusal(MODE, ["sync_actions"]) == "unknown mode 'sync_actions' (the reference x has none)"
    assert "unknown modes 'a', 'b'" in charge_point.SWITCHES.refusal(MODE, ["b", "a"])
    with pytest.raises(ValueError):
        charge_point.ReferenceChargePoint(charge_point.ChargePointSettings(url="ws://127.0.0.1:1",
                                                                           modes=frozenset({"no_such_mode"})))
    with pytest.raises(ValueError, match="twice"):
        registry = Registry("x")
        registry.fault("a", "one")
        registry.fault("a", "two")


@pytest.mark.parametrize(("main", "registry"), [(charge_point.main, charge_point.SWITCHES),
                                                (central_system.main, central_system.SWITCHES)])
def test_list_faults_prints_the_registry_aligned(main, registry, capsys):
    assert main(["--list-faults"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    for switch in registry:
        line = next(line for line in lines if line.split()[:1] == [switch.name])
        assert line.endswith(switch.meaning)
    entries = [line for line in lines if line.startswith("  ")]
    assert len(entries) == len(list(registry))
    assert len({len(line) - len(line[2:].split(" ", 1)[1].lstrip()) for line in entries}) == 1  # one column
    assert lines[0] == f"faults of the reference {registry.sut}:"
    assert any(line.startswith(f"modes of the reference {registry.sut}:") for line in lines)


@pytest.mark.parametrize(("main", "argv", "fragment"), [
    (charge_point.main, ["--connect", "ws://127.0.0.1:9000/CP_1", "--fault", "nope"], "unknown fault 'nope' (known: "),
    (charge_point.main, ["--connect", "ws://127.0.0.1:9000/CP_1", "--mode", "nope"], "unknown mode 'nope' (known: "),
    (central_system.main, ["--fault", "nope"], "unknown fault 'nope' (known: "),
])
def test_the_command_lines_refuse_an_unknown_name(main, argv, fragment, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1


def test_markdown_has_a_row_per_switch():
    """docs/reference-suts.md is generated from it; tests/test_docs.py finds a stale copy."""
    text = faults.markdown()
    for registry, _, _ in SUTS.values():
        for switch in registry:
            assert f"| `{switch.name}` | " in text
