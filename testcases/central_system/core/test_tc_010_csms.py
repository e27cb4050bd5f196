"""TC_010_CSMS Remote Start Charging Session - Cable Plugged in First.

SUT: Central System; the harness is a charge point with a cable plugged in. The operator makes
the central system start a transaction remotely for that connector with the valid idTag: the
RemoteStartTransaction.req must name that idTag and that connector (a connectorId SHALL be
> 0, OCPP 1.6 §6.33). The harness accepts, authorizes the idTag (AuthorizeRemoteTxRequests is
true), starts the transaction: both answers must be Accepted. Plan: OCPP 1.6 test case
document, TC_010_CSMS.
"""

from conformance import ACCEPTED, Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_010_CSMS")
async def test_tc_010_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    # [EV driver plugs in the cable]
    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    charge_point.will_answer(4, "RemoteStartTransaction", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="RemoteStartTransaction", payload={"connectorId": connector, "idTag": tag})
    await charge_point.expect(3, "RemoteStartTransaction", idTag=tag, connectorId=connector, reply=Reply(4))

    conf = await charge_point.send(5, "Authorize", idTag=tag)
    reusable.id_tag_known(charge_point, 6, conf, "valid_id_tag", "valid (Accepted)")
    charge_point.check(6, "Authorize.conf", conf, idTagInfo=ACCEPTED)

    conf = await charge_point.send(7, "StartTransaction", **charge_point.start_transaction(tag, connector))
    charge_point.check(8, "StartTransaction.conf", conf, idTagInfo=ACCEPTED)

    await charge_point.send(9, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
