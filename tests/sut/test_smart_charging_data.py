"""The SmartCharging test data and capabilities of a SUT description: their defaults, their checks."""

from __future__ import annotations

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.sut.profile import load

CP = """
[sut]
role = "charge-point"
charge_point_id = "CP_1"
listen = "ws://127.0.0.1:9000/ocpp"
[capabilities]
profiles = ["Core"{profiles}]
{capabilities}
[test_data]
{data}
"""


def write(tmp_path, *, profiles="", capabilities="", data=""):
    path = tmp_path / "sut.toml"
    path.write_text(CP.format(profiles=profiles, capabilities=capabilities, data=data))
    return path


def test_the_defaults_are_the_plan_in_amps(tmp_path):
    data = load(write(tmp_path)).test_data
    assert (data.charging_rate_unit, data.number_phases, data.charging_stack_level) == ("A", 3, 0)
    assert (data.charging_schedule_duration_s, data.max_time_deviation_s, data.local_charging_limit) == (300, 5, 32.0)


def test_a_charger_in_watts_with_one_phase_loads(tmp_path):
    data = load(write(tmp_path, data='charging_rate_unit = "W"\nnumber_phases = 1')).test_data
    assert (data.charging_rate_unit, data.number_phases) == ("W", 1)


@pytest.mark.parametrize(("data", "fragment"), [
    ('charging_rate_unit = "kW"', "charging_rate_unit must be"),
    ("number_phases = 4", "number_phases must be 1, 2 or 3"),
    ("number_phases = 0", "number_phases must be 1, 2 or 3"),
])
def test_a_unit_or_phase_count_ocpp_does_not_have_is_refused(tmp_path, data, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load(write(tmp_path, data=data))


def test_profile_limits_belong_to_smart_charging(tmp_path):
    with pytest.raises(ConfigError, match="SmartCharging"):
        load(write(tmp_path, capabilities="max_charging_profiles_installed = 3"))
    profile = load(write(tmp_path, profiles=', "SmartCharging"', capabilities="max_charging_profiles_installed = 3"))
    assert profile.capabilities["max_charging_profiles_installed"] == 3
