"""TC_032_1_CSMS Power failure boot charging point - configured to stop transaction(s).

SUT: Central System; while charging, the charge point loses power. When it is back it boots
(the BootNotification must be Accepted), reports the connector of the transaction Finishing and
the others Available, and then delivers the StopTransaction with reason PowerLoss, dated when
the power failed (OCPP 1.6 §4.10). Each must be answered. Plan: OCPP 1.6 test case document,
TC_032_1_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_032_1_CSMS")
async def test_tc_032_1_csms(charge_point, central_system, test_data):
    charging_on = test_data.connector_id
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    transaction_id = (await reusable.charging(charge_point, test_data))["transactionId"]

    # [Disconnect and reconnect the power of the charge point]: the transaction ends now
    stopped = charge_point.stop_transaction(transaction_id, "PowerLoss")
    await charge_point.power_off_and_on()
    conf = await charge_point.send(1, "BootNotification", **charge_point.boot_notification())
    charge_point.check(2, "BootNotification.conf", conf, status="Accepted")

    # [Send per connector and connectorId=0]
    for connector in range(0, charge_point.connectors + 1):
        status = "Finishing" if connector == charging_on else "Available"
        await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, status))

    await charge_point.send(5, "StopTransaction", **stopped)
