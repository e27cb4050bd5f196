"""TC_014_CSMS Soft Reset.

SUT: Central System; the operator makes the central system reset the charge point (Soft). The
Reset.req must have type Soft. The harness accepts, reboots (a new connection) and boots
again: the BootNotification must be Accepted and the StatusNotifications (Available, per
connector and connector 0) answered. Plan: OCPP 1.6 test case document, TC_014_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_014_CSMS")
async def test_tc_014_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "Reset", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="Reset", payload={"type": "Soft"})
    await charge_point.expect(1, "Reset", type="Soft", reply=Reply(2))

    await charge_point.power_off_and_on()
    conf = await charge_point.send(3, "BootNotification", **charge_point.boot_notification())
    charge_point.check(4, "BootNotification.conf", conf, status="Accepted")

    # [Send per connector and connectorId=0]
    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Available"))
