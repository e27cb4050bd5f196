"""TC_018_1_CSMS Unlock Connector - With Charging Session (Not fixed cable).

SUT: Central System; from Charging, the operator makes the central system unlock the connector
of the transaction. The UnlockConnector.req must name that connector; the harness unlocks, which
ends the transaction (OCPP 1.6 §5.18): Finishing, StopTransaction with reason UnlockCommand, and
Available once the cable is out. Each must be answered. Plan: OCPP 1.6 test case document,
TC_018_1_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_018_1_CSMS")
async def test_tc_018_1_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    transaction_id = (await reusable.charging(charge_point, test_data))["transactionId"]

    charge_point.will_answer(2, "UnlockConnector", when={"connectorId": connector}, status="Unlocked")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="UnlockConnector", payload={"connectorId": connector})
    await charge_point.expect(1, "UnlockConnector", connectorId=connector, reply=Reply(2))

    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, "Finishing"))
    await charge_point.send(5, "StopTransaction", **charge_point.stop_transaction(transaction_id, "UnlockCommand"))

    # [EV driver unplugs the cable]
    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Available"))
