"""The Local Auth List Management statements of a SUT description: contradictions are one line and
exit 2 naming the keys; the cases of the profile apply from the statements alone."""

import subprocess
import sys

import pytest

from conformance.catalog import catalog
from conformance.checks.verdicts import ConfigError
from conformance.sut.applicability import applicability
from conformance.sut.local import write_toml
from conformance.sut.profile import load

LAL = ["Core", "LocalAuthListManagement"]


def description(tmp_path, profiles, **capabilities):
    return write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP", "listen": "ws://127.0.0.1:9000"},
        "capabilities": {"profiles": profiles, **capabilities}})


@pytest.mark.parametrize(("profiles", "declared", "problem"), [
    (LAL, {"local_auth_list_max_length": 2, "send_local_list_max_length": 5},
     "send_local_list_max_length = 5 is more than local_auth_list_max_length = 2"),
    (["Core"], {"send_local_list_max_length": 1}, "send_local_list_max_length = 1 is a feature of the "
                                                  "LocalAuthListManagement profile"),
    (["Core"], {"local_list_failure": True}, "local_list_failure = true is a feature of the LocalAuthListManagement"),
    (["Core"], {"local_list_can_be_disabled": True}, "local_list_can_be_disabled = true is a feature of the"),
])
def test_contradicting_statements_are_one_line(tmp_path, profiles, declared, problem):
    with pytest.raises(ConfigError) as raised:
        load(description(tmp_path, profiles, **declared))
    assert problem in str(raised.value) and "\n" not in str(raised.value)


def test_a_contradiction_is_exit_2_from_the_command_line(tmp_path):
    path = description(tmp_path, LAL, local_auth_list_max_length=1, send_local_list_max_length=2)
    result = subprocess.run([sys.executable, "-m", "conformance.cli", "list", "--sut", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "send_local_list_max_length" in lines[0] and "local_auth_list_max_length" in lines[0]


def test_a_list_within_the_maximum_loads(tmp_path):
    sut = load(description(tmp_path, LAL, local_auth_list_max_length=2, send_local_list_max_length=2))
    assert sut.capability("send_local_list_max_length") == 2


def test_the_cases_for_a_charger_without_the_profile(tmp_path):
    without = load(description(tmp_path, ["Core"]))
    requires = [{"profile": "absent"}, {"local_list_can_be_disabled": True}]
    assert applicability(catalog()["TC_042_1_CS"], without, requires) is None
    assert applicability(catalog()["TC_043_1_CS"], without, {"profile": "absent"}) is None
    reason = applicability(catalog()["TC_043_CS"], without, {"local_auth_list_max_length": 2})
    assert "does not declare the LocalAuthListManagement profile" in reason


def test_a_charger_whose_list_cannot_be_switched_off(tmp_path):
    fixed = load(description(tmp_path, LAL, local_list_can_be_disabled=False))
    reason = applicability(catalog()["TC_042_1_CS"], fixed, [{"profile": "absent"}, {"local_list_can_be_disabled": True}])
    assert "declares the LocalAuthListManagement profile" in reason and "local_list_can_be_disabled = false" in reason
