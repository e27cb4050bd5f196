"""TC_066_CSMS Get Composite Schedule.

SUT: Central System; the harness is a booted charge point. The operator makes the central
system ask for a composite schedule; its GetCompositeSchedule.req must name the configured
connector, duration and unit. The harness answers from the profiles it holds (none: its own
limit, local_charging_limit, for the whole duration). Plan: OCPP 1.6 test case document,
TC_066_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable, smart_charging


@conformance_case("TC_066_CSMS")
async def test_tc_066_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    connector, duration, unit = (test_data.connector_id, test_data.charging_schedule_duration_s,
                                 test_data.charging_rate_unit)

    # Steps 1 and 2: GetCompositeSchedule as configured; the harness answers its composite schedule.
    await smart_charging.operator(central_system, charge_point, "csms_get_composite_schedule", connector=connector,
                                  duration=duration, unit=unit)
    await charge_point.expect(1, "GetCompositeSchedule", reply=Reply(2), connectorId=connector, duration=duration,
                              chargingRateUnit=unit)
