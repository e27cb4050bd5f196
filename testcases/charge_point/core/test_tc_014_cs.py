"""TC_014_CS Soft Reset Without Transaction.

SUT: Charge Point; the harness is the central system. As TC_013_CS with a Soft Reset, after
which the new boot (and the StatusNotifications that follow it) are optional: a charge point
that closes its connection or sends BootNotification within reset_delay_s is rebooting
and must then boot and report its connectors; one that keeps its connection is not.
Plan: OCPP 1.6 test case document, TC_014_CS.
"""

from conformance import Reply, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_014_CS")
async def test_tc_014_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Steps 1 to 4: the connector is made Inoperative and reports Unavailable.
    conf = await central_system.send(1, "ChangeAvailability", connectorId=connector, type="Inoperative")
    central_system.check(2, "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect(3, "StatusNotification", connectorId=connector, status="Unavailable", reply=Reply(4))

    # Steps 5 and 6: Soft Reset, Accepted.
    central_system.will_answer(8, "BootNotification", status="Accepted", interval=test_data.heartbeat_interval_s)
    conf = await central_system.send(5, "Reset", type="Soft")
    central_system.check(6, "Reset.conf", conf, status="Accepted")

    # Steps 7 to 10, only where the charge point reboots: BootNotification, then the connector
    # still Unavailable and connector 0 and the others Available.
    if await reusable.reboots_after_soft_reset(central_system, test_data):
        await central_system.expect(7, "BootNotification", reply=Reply(8), timeout=test_data.reboot_timeout_s)
        await central_system.expect_in_any_order(
            "one per connector and one for connector 0",
            *reusable.status_per_connector(9, 10, charge_point.profile.connectors, {connector: "Unavailable"}))

    # Steps 11 to 14: made Operative again, the connector is Available.
    conf = await central_system.send(11, "ChangeAvailability", connectorId=connector, type="Operative")
    central_system.check(12, "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect(13, "StatusNotification", connectorId=connector, status="Available", reply=Reply(14))
