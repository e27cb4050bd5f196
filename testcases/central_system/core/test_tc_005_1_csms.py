"""TC_005_1_CSMS EV Side Disconnected - StopTransactionOnEVSideDisconnect = true -
UnlockConnectorOnEVSideDisconnect = true.

SUT: Central System; the harness is a charge point (both keys true, as it reports them) whose
EV side cable is pulled while charging: SuspendedEV, StopTransaction with reason EVDisconnected,
Finishing, and Available once the cable is unplugged. The central system must answer each.
Plan: OCPP 1.6 test case document, TC_005_1_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_005_1_CSMS")
async def test_tc_005_1_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    started = await reusable.charging(charge_point, test_data)

    # [EV driver disconnects the cable on the EV side]
    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "SuspendedEV"))
    await charge_point.send(3, "StopTransaction", **charge_point.stop_transaction(started["transactionId"],
                                                                                   "EVDisconnected"))
    await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Finishing"))

    # [EV driver unplugs the cable from the charge point]
    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Available"))
