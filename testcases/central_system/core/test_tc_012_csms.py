"""TC_012_CSMS Remote Stop Charging Session.

SUT: Central System; from Charging, the operator makes the central system stop the transaction
remotely. The RemoteStopTransaction.req must name the transactionId the central system gave in
StartTransaction.conf (OCPP 1.6 §5.12). The harness accepts and stops it (reason Remote),
Finishing, then Available once unplugged; each must be answered. Plan: OCPP 1.6 test case
document, TC_012_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_012_CSMS")
async def test_tc_012_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    transaction_id = (await reusable.charging(charge_point, test_data))["transactionId"]

    charge_point.will_answer(2, "RemoteStopTransaction", when={"transactionId": transaction_id}, status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="RemoteStopTransaction", payload={"transactionId": transaction_id})
    await charge_point.expect(1, "RemoteStopTransaction", transactionId=transaction_id, reply=Reply(2))

    await charge_point.send(3, "StopTransaction", **charge_point.stop_transaction(transaction_id, "Remote"))
    await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Finishing"))

    # [EV driver unplugs the cable]
    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Available"))
