"""TC_004_2_CSMS Regular Charging Session - Identification First - ConnectionTimeOut.

SUT: Central System; the harness is a charge point whose EV driver identifies (reusable state
Authorized) and then does not plug in: the connector goes Preparing and, once the charge
point's ConnectionTimeOut has run out, Available again. The central system must answer both
StatusNotifications: a connector that leaves Preparing without a transaction is normal
(OCPP 1.6 §3.7 and §9.1.5 ConnectionTimeOut). Plan: OCPP 1.6 test case document, TC_004_2_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_004_2_CSMS")
async def test_tc_004_2_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)

    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    # [After the configured ConnectionTimeOut has expired]
    await charge_point.wait_connection_timeout()
    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, "Available"))
