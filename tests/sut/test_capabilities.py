"""Conditional cases: applicability comes from the SUT description alone, naming the capability."""

import pytest

from conformance.catalog import catalog
from conformance.checks.verdicts import ConfigError
from conformance.pytest_plugin import conformance_case
from conformance.sut.applicability import applicability
from conformance.sut.capabilities import CAPABILITIES
from conformance.sut.local import write_toml
from conformance.sut.profile import load


def charger(tmp_path, **capabilities):
    return load(write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP", "listen": "ws://127.0.0.1:9000"},
        "capabilities": {"profiles": ["Core"], **capabilities}}))


def test_a_declared_capability_decides_and_is_named(tmp_path):
    entry = catalog()["TC_003_CS"]
    fixed = charger(tmp_path, fixed_cable=True)
    assert applicability(entry, fixed, {"fixed_cable": True}) is None
    reason = applicability(entry, fixed, {"fixed_cable": False})
    assert reason.startswith("not applicable: cp declares fixed_cable = true ([capabilities])")


def test_of_an_exclusive_pair_exactly_one_applies_by_default(tmp_path):
    entry, sut = catalog()["TC_003_CS"], charger(tmp_path)
    verdicts = [applicability(entry, sut, {"fixed_cable": value}) for value in (True, False)]
    assert sum(v is None for v in verdicts) == 1
    assert "leaves at its default fixed_cable = false" in next(v for v in verdicts if v)


def test_a_profile_the_sut_does_not_declare(tmp_path):
    reason = applicability(catalog()["TC_073_CS"], charger(tmp_path), {})
    assert reason is not None and "does not declare the Security profile" in reason


@pytest.mark.parametrize(("value", "problem"), [("yes", "[capabilities] fixed_cable must be a bool")])
def test_capabilities_are_validated(tmp_path, value, problem):
    with pytest.raises(ConfigError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        charger(tmp_path, fixed_cable=value)
    with pytest.raises(ConfigError, match="unknown key"):
        charger(tmp_path, teleport=True)


def test_a_case_must_name_known_capabilities():
    with pytest.raises(ValueError, match="unknown capability teleport"):
        conformance_case("TC_003_CS", requires={"teleport": True})
    assert all(c.meaning for c in CAPABILITIES.values())
