"""TC_034_CS Power Failure with Unavailable Status.

SUT: Charge Point; the harness is the central system. The whole charge point made Inoperative
reports Unavailable for connector 0 and every connector, and after a power failure (power
cycle) boots reporting each of them Unavailable again: availability is persistent (OCPP 1.6
§5.2). The harness makes it Operative again after the case. Plan: OCPP 1.6 test case
document, TC_034_CS.
"""

from conformance import Reply, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_034_CS")
async def test_tc_034_cs(central_system, charge_point, test_data):
    connectors = charge_point.profile.connectors
    unavailable = {c: "Unavailable" for c in range(0, connectors + 1)}

    # Steps 1 to 4: ChangeAvailability Inoperative for connectorId 0, Accepted; every connector Unavailable.
    conf = await central_system.send(1, "ChangeAvailability", connectorId=0, type="Inoperative")
    central_system.check(2, "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect_in_any_order("one per connector and one for connector 0",
                                             *reusable.status_per_connector(3, 4, connectors, unavailable))

    # Steps 5 and 6: the power is cut and restored; BootNotification first on the new connection, Accepted.
    central_system.will_answer(6, "BootNotification", new_connection=True, status="Accepted",
                               interval=test_data.heartbeat_interval_s)
    await charge_point.manual("power_cycle")
    await central_system.expect(5, "BootNotification", reply=Reply(6), first_after_power_cycle=True,
                                timeout=test_data.reboot_timeout_s)

    # Steps 7 and 8: still Unavailable, connector 0 and every connector.
    await central_system.expect_in_any_order("one per connector and one for connector 0",
                                             *reusable.status_per_connector(7, 8, connectors, unavailable))
