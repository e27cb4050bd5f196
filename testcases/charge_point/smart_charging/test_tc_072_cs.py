"""TC_072_CS Stacking Charging Profiles.

SUT: Charge Point holding at least 2 charging profiles of 3 periods (MaxChargingProfilesInstalled
and ChargingScheduleMaxPeriods, declared in the SUT file); the harness is the central system.
With no transaction, the memory state installs two TxDefaultProfiles on the configured
connector, both valid 401 s: stackLevel 0 with three periods for 400 s and stackLevel 1 with
two periods for 150 s. The composite schedule over 350 s must follow the higher stackLevel
while its schedule lasts and the lower one after it, as the suite computes it. Plan: OCPP 1.6
test case document, TC_072_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import smart_charging


@conformance_case("TC_072_CS", requires={"max_charging_profiles_installed": 2, "charging_schedule_max_periods": 3})
async def test_tc_072_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id
    start = smart_charging.profile_start(test_data)
    # Before: the memory state SetChargingProfile.
    await smart_charging.memory_state(central_system, [
        (connector, smart_charging.profile(test_data, "TxDefaultProfile", 0, [(0, 6), (100, 8), (200, 10)],
                                           duration=400, start=start, valid_for=401)),
        (connector, smart_charging.profile(test_data, "TxDefaultProfile", 1, [(0, 7), (100, 9)],
                                           duration=150, start=start, valid_for=401)),
    ])

    # Steps 1 and 2: the composite schedule over 350 s.
    await smart_charging.composite(central_system, 1, test_data, connector=connector, duration=350)
