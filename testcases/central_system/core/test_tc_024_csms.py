"""TC_024_CSMS Start Charging Session Lock Failure.

SUT: Central System; after Authorized the connector goes Preparing, and when the EV driver plugs
in, the charge point cannot lock the cable: StatusNotification Faulted with errorCode
ConnectorLockFailure. The central system must answer both StatusNotifications.
Plan: OCPP 1.6 test case document, TC_024_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_024_CSMS")
async def test_tc_024_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)

    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    # [EV driver plugs in the cable]: the lock fails
    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(
        connector, "Faulted", error_code="ConnectorLockFailure"))
