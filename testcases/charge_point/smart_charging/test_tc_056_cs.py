"""TC_056_CS Central Smart Charging - TxDefaultProfile.

SUT: Charge Point; the harness is the central system. With no transaction running, the
harness installs a default schedule for new transactions on the configured connector (an
Absolute TxDefaultProfile of the configured stackLevel, duration, unit and numberPhases, one
period of 6 A or 6000 W from the start) and then asks for the connector's composite schedule
over the configured duration. The answer must be Accepted for that connector, in that unit and
duration, start close to now, and its periods must be what the suite computes from the
profiles it installed. Plan: OCPP 1.6 test case document, TC_056_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import smart_charging


@conformance_case("TC_056_CS")
async def test_tc_056_cs(central_system, charge_point, test_data):
    connector, duration = test_data.connector_id, test_data.charging_schedule_duration_s

    # Steps 1 and 2: a TxDefaultProfile for new transactions, Accepted.
    profile = smart_charging.profile(test_data, "TxDefaultProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=duration)
    await smart_charging.set_profile(central_system, 1, 2, connector, profile)

    # Steps 3 and 4: the composite schedule follows it.
    await smart_charging.composite(central_system, 3, test_data, connector=connector, duration=duration)
