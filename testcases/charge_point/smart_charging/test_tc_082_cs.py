"""TC_082_CS Central Smart Charging - TxDefaultProfile - with ongoing transaction.

SUT: Charge Point; the harness is the central system. During a transaction (reusable state
Charging) the harness installs a TxDefaultProfile on the transaction's connector (Absolute,
the configured stackLevel, duration, unit and numberPhases, one period of 6 A or 6000 W): a
default profile applies to a running transaction that has no TxProfile too, so the composite
schedule over the configured duration must follow it, as the suite computes it. Plan: OCPP 1.6
test case document, TC_082_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable, smart_charging


@conformance_case("TC_082_CS")
async def test_tc_082_cs(central_system, charge_point, test_data):
    duration = test_data.charging_schedule_duration_s
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector = charging["connector"]

    # Steps 1 and 2: a TxDefaultProfile while the transaction runs, Accepted.
    profile = smart_charging.profile(test_data, "TxDefaultProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=duration)
    await smart_charging.set_profile(central_system, 1, 2, connector, profile)

    # Steps 3 and 4: the transaction's composite schedule follows it.
    await smart_charging.composite(central_system, 3, test_data, connector=connector, duration=duration)
