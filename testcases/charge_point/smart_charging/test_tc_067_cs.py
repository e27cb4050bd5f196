"""TC_067_CS Clear Charging Profile.

SUT: Charge Point holding at least 3 charging profiles of 3 periods (MaxChargingProfilesInstalled
and ChargingScheduleMaxPeriods, declared in the SUT file); the harness is the central system.
With no transaction, the memory state installs two TxDefaultProfiles on the configured
connector (stackLevel 1 for 400 s; stackLevel 0 for 400 s, valid 401 s) and a
ChargePointMaxProfile on connector 0 (for a day, valid 401 s). The harness then clears them in
three ways, each Accepted and each followed by a composite schedule over 350 s that must show
what is left: the first profile by its id, the second by its purpose and stackLevel, then
every profile (no field at all), after which the charge point's own limit
(local_charging_limit) applies. Plan: OCPP 1.6 test case document, TC_067_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import smart_charging


@conformance_case("TC_067_CS", requires={"max_charging_profiles_installed": 3, "charging_schedule_max_periods": 3})
async def test_tc_067_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id
    start = smart_charging.profile_start(test_data)
    first = smart_charging.profile(test_data, "TxDefaultProfile", 1, [(0, 6), (60, 8), (200, 10)], duration=400,
                                   start=start)
    second = smart_charging.profile(test_data, "TxDefaultProfile", 0, [(0, 7), (100, 9)], duration=400, start=start,
                                    valid_for=401)
    maximum = smart_charging.profile(test_data, "ChargePointMaxProfile", 0, [(0, 11), (200, 12)], duration=86400,
                                     start=start, valid_for=401)
    # Before: the memory state SetChargingProfile.
    await smart_charging.memory_state(central_system, [(connector, first), (connector, second), (0, maximum)])

    # Steps 1 and 2: clear the first profile by its id.
    conf = await central_system.send(1, "ClearChargingProfile", id=first["chargingProfileId"])
    central_system.check(2, "ClearChargingProfile.conf", conf, status="Accepted")
    # Steps 3 and 4: the second profile under the maximum.
    await smart_charging.composite(central_system, 3, test_data, connector=connector, duration=350)

    # Steps 5 and 6: clear by the second profile's purpose and stackLevel.
    conf = await central_system.send(5, "ClearChargingProfile", chargingProfilePurpose="TxDefaultProfile",
                                     stackLevel=second["stackLevel"])
    central_system.check(6, "ClearChargingProfile.conf", conf, status="Accepted")
    # Steps 7 and 8: only the maximum is left.
    await smart_charging.composite(central_system, 7, test_data, connector=connector, duration=350)

    # Steps 9 and 10: clear every profile.
    conf = await central_system.send(9, "ClearChargingProfile")
    central_system.check(10, "ClearChargingProfile.conf", conf, status="Accepted")
    # Steps 11 and 12: the charge point's own limit.
    await smart_charging.composite(central_system, 11, test_data, connector=connector, duration=350)
