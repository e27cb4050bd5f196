"""TC_057_CS Central Smart Charging - TxProfile.

SUT: Charge Point; the harness is the central system. During a transaction (reusable state
Charging) the harness installs a schedule for that transaction: an Absolute TxProfile naming
its transactionId, of the configured stackLevel, duration, unit and numberPhases, one period
of 6 A or 6000 W. The composite schedule of the connector over the configured duration must
then be Accepted, in that unit and duration, start close to now, and show the periods the
suite computes from the profiles it installed. Plan: OCPP 1.6 test case document, TC_057_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable, smart_charging


@conformance_case("TC_057_CS")
async def test_tc_057_cs(central_system, charge_point, test_data):
    duration = test_data.charging_schedule_duration_s
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector = charging["connector"]

    # Steps 1 and 2: a TxProfile for the running transaction, Accepted.
    profile = smart_charging.profile(test_data, "TxProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=duration, transaction_id=charging["transaction_id"])
    await smart_charging.set_profile(central_system, 1, 2, connector, profile)

    # Steps 3 and 4: the composite schedule follows it.
    await smart_charging.composite(central_system, 3, test_data, connector=connector, duration=duration)
