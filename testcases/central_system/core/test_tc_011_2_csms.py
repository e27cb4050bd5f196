"""TC_011_2_CSMS Remote Start Charging Session - Time Out.

SUT: Central System; the operator makes the central system start a transaction remotely, the
harness accepts, authorizes the idTag (which must be Accepted) and goes Preparing, but no cable
comes: once its ConnectionTimeOut has run out the connector is Available again. The
RemoteStartTransaction.req must name the valid idTag and the connector (> 0, OCPP 1.6 §6.33);
the central system must answer the StatusNotification that ends the session without a
transaction. Plan: OCPP 1.6 test case document, TC_011_2_CSMS.
"""

from conformance import ACCEPTED, Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_011_2_CSMS")
async def test_tc_011_2_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "RemoteStartTransaction", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="RemoteStartTransaction", payload={"connectorId": connector, "idTag": tag})
    await charge_point.expect(1, "RemoteStartTransaction", idTag=tag, connectorId=connector, reply=Reply(2))

    conf = await charge_point.send(3, "Authorize", idTag=tag)
    reusable.id_tag_known(charge_point, 4, conf, "valid_id_tag", "valid (Accepted)")
    charge_point.check(4, "Authorize.conf", conf, idTagInfo=ACCEPTED)
    await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    # [After the configured connection timeout has been reached]
    await charge_point.wait_connection_timeout()
    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Available"))
