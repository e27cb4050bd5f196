"""TC_066_CS Get Composite Schedule.

SUT: Charge Point holding at least 3 charging profiles of 5 periods (prerequisite:
MaxChargingProfilesInstalled and ChargingScheduleMaxPeriods, declared in the SUT file); the
harness is the central system. During a transaction (reusable state Charging, before the
memory state) the harness installs a ChargePointMaxProfile of 10 A on connector 0 for a day, a
TxDefaultProfile of five periods for 300 s and a TxProfile of five periods for 260 s on the
transaction's connector, both valid for 401 s and starting max_time_deviation_s before now.
The composite schedule over 400 s must combine them: the TxProfile over the TxDefaultProfile
while it is valid, never above the charge point's maximum. The TxProfile names the running
transaction (the plan gives no transactionId; OCPP 1.6 §5.16 lets it be named). Plan: OCPP 1.6
test case document, TC_066_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable, smart_charging


@conformance_case("TC_066_CS", requires={"max_charging_profiles_installed": 3, "charging_schedule_max_periods": 5})
async def test_tc_066_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging, then the memory state SetChargingProfile.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector = charging["connector"]
    start = smart_charging.profile_start(test_data)
    await smart_charging.memory_state(central_system, [
        (0, smart_charging.profile(test_data, "ChargePointMaxProfile", 0, [(0, 10)], duration=86400, start=start)),
        (connector, smart_charging.profile(
            test_data, "TxDefaultProfile", 0, list(zip([0, 60, 120, 180, 260], [6, 10, 8, 15, 8], strict=True)),
            duration=300, start=start, valid_for=401)),
        (connector, smart_charging.profile(
            test_data, "TxProfile", 0, list(zip([0, 50, 140, 200, 240], [8, 11, 16, 6, 12], strict=True)),
            duration=260, start=start, valid_for=401, transaction_id=charging["transaction_id"])),
    ])

    # Steps 1 and 2: the composite schedule over 400 s.
    await smart_charging.composite(central_system, 1, test_data, connector=connector, duration=400)
