"""Conditional cases: applicability comes from the SUT description alone, naming the capability."""

import pytest

from conformance.catalog import catalog
from conformance.checks.verdicts import ConfigError
from conformance.pytest_plugin import conformance_case
from conformance.sut.applicability import applicability, statement
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


def test_a_case_for_suts_without_its_profile(tmp_path):
    entry = catalog()["TC_042_1_CS"]
    without = charger(tmp_path)
    assert applicability(entry, without, {"profile": "absent"}) is None
    with_it = charger(tmp_path, profiles=["Core", "LocalAuthListManagement"])
    reason = applicability(entry, with_it, {"profile": "absent"})
    assert "declares the LocalAuthListManagement profile" in reason and "for SUTs without it" in reason


def test_one_alternative_suffices_and_the_statement_names_it(tmp_path):
    entry = catalog()["TC_048_1_CS"]
    requires = [{"profile": "absent"}, {"reserve_connector_zero": True}]
    sut = charger(tmp_path, profiles=["Core", "Reservation"], reserve_connector_zero=True)
    holds, said = statement(entry, sut, requires)
    assert holds and said == ("applicable: cp declares the Reservation profile; "
                              "cp declares reserve_connector_zero = true ([capabilities])")
    holds, said = statement(entry, charger(tmp_path, profiles=["Core", "Reservation"]), requires)
    assert not holds and "for SUTs without it" in said and "leaves at its default reserve_connector_zero" in said


def test_numbers_are_minimums_and_lists_must_contain(tmp_path):
    entry = catalog()["TC_043_CS"]
    sut = charger(tmp_path, profiles=["Core", "LocalAuthListManagement", "RemoteTrigger"],
                  local_auth_list_max_length=1, trigger_messages=["Heartbeat"])
    assert applicability(entry, sut, {"local_auth_list_max_length": 1}) is None
    assert "needs at least 2" in applicability(entry, sut, {"local_auth_list_max_length": 2})
    trigger = catalog()["TC_054_CS"]
    assert applicability(trigger, sut, {"trigger_messages": ["Heartbeat"]}) is None
    reason = applicability(trigger, sut, {"trigger_messages": ["Heartbeat", "MeterValues"]})
    assert "trigger_messages = [Heartbeat]" in reason and "needs MeterValues in it" in reason


@pytest.mark.parametrize(("declared", "problem"), [
    ({"reserve_connector_zero": True}, "reserve_connector_zero = true is a feature of the Reservation profile"),
    ({"local_auth_list_max_length": -1}, "local_auth_list_max_length must not be negative"),
    ({"trigger_messages": [1]}, "trigger_messages must be a list of names"),
    ({"local_auth_list_max_length": "ten"}, "local_auth_list_max_length must be a number"),
])
def test_contradicting_statements_are_one_line(tmp_path, declared, problem):
    with pytest.raises(ConfigError) as raised:
        charger(tmp_path, **declared)
    assert problem in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(("requires", "problem"), [
    ({"profile": "maybe"}, "requires profile must be one of declared, absent"),
    ({"trigger_messages": "Heartbeat"}, "trigger_messages is a list"),
    ({"local_auth_list_max_length": True}, "local_auth_list_max_length is a number"),
    ([], "requires lists no alternative"),
])
def test_a_case_must_state_requirements_that_can_hold(requires, problem):
    with pytest.raises(ValueError, match=problem):
        conformance_case("TC_042_1_CS", requires=requires)
