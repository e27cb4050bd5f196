"""TC_007_CSMS Regular Start Charging Session - Cached Id.

SUT: Central System; the harness is a charge point that finds the valid idTag in its
authorization cache, so it starts the transaction without an Authorize.req first. The central
system must accept the idTag in StartTransaction.conf: it may not insist on a preceding
Authorize (OCPP 1.6 §3.5.1, §4.8). Plan: OCPP 1.6 test case document, TC_007_CSMS.
"""

from conformance import ACCEPTED, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_007_CSMS")
async def test_tc_007_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    # [EV driver plugs in the cable]
    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    # [EV driver presents identification]: the idTag is in the charge point's cache
    conf = await charge_point.send(3, "StartTransaction", **charge_point.start_transaction(tag, connector))
    charge_point.check(4, "StartTransaction.conf", conf, idTagInfo=ACCEPTED)

    await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
