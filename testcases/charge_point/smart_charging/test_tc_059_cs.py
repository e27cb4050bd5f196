"""TC_059_CS Remote Start Transaction with Charging Profile.

SUT: Charge Point; the harness is the central system. The reusable state Charging is run with
a RemoteStartTransaction that carries a TxProfile (Relative: it starts with the transaction;
the configured stackLevel, duration, unit and numberPhases, one period of 6 A or 6000 W; no
transactionId, which does not exist yet). The composite schedule of the connector over the
configured duration must then follow that profile from the transaction's start, as the suite
computes it. Plan: OCPP 1.6 test case document, TC_059_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable, smart_charging


@conformance_case("TC_059_CS")
async def test_tc_059_cs(central_system, charge_point, test_data):
    duration = test_data.charging_schedule_duration_s
    # Step 1: Charging, started by a RemoteStartTransaction with a TxProfile.
    profile = smart_charging.profile(test_data, "TxProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=duration, kind="Relative")
    charging = await reusable.charging(central_system, charge_point, test_data, charging_profile=profile)

    # Steps 2 and 3: the composite schedule follows the profile.
    await smart_charging.composite(central_system, 2, test_data, connector=charging["connector"], duration=duration)
