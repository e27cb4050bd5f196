"""TC_013_CS Hard Reset Without transaction.

SUT: Charge Point; the harness is the central system. A connector made Inoperative stays
Unavailable through a Hard Reset (availability is persistent, OCPP 1.6 §5.2): after the
reboot it reports Unavailable while the others report Available, and it becomes Available
when made Operative again. Plan: OCPP 1.6 test case document, TC_013_CS.
"""

from conformance import Reply, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_013_CS")
async def test_tc_013_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Steps 1 to 4: the connector is made Inoperative and reports Unavailable.
    conf = await central_system.send(1, "ChangeAvailability", connectorId=connector, type="Inoperative")
    central_system.check(2, "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect(3, "StatusNotification", connectorId=connector, status="Unavailable", reply=Reply(4))

    # Steps 5 to 8: Hard Reset, Accepted; the charge point boots again and is Accepted.
    central_system.will_answer(8, "BootNotification", status="Accepted", interval=test_data.heartbeat_interval_s)
    conf = await central_system.send(5, "Reset", type="Hard")
    central_system.check(6, "Reset.conf", conf, status="Accepted")
    await central_system.expect(7, "BootNotification", reply=Reply(8), timeout=test_data.reboot_timeout_s)

    # Steps 9 and 10: the connector is still Unavailable; connector 0 and the others are Available.
    await central_system.expect_in_any_order(
        "one per connector and one for connector 0",
        *reusable.status_per_connector(9, 10, charge_point.profile.connectors, {connector: "Unavailable"}))

    # Steps 11 to 14: made Operative again, the connector is Available.
    conf = await central_system.send(11, "ChangeAvailability", connectorId=connector, type="Operative")
    central_system.check(12, "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect(13, "StatusNotification", connectorId=connector, status="Available", reply=Reply(14))
