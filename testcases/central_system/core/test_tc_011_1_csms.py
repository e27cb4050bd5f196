"""TC_011_1_CSMS Remote Start Charging Session - Remote Start First.

SUT: Central System; the operator makes the central system start a transaction remotely before
any cable is plugged in. The RemoteStartTransaction.req must name the valid idTag and the
connector asked for (a connectorId SHALL be > 0, OCPP 1.6 §6.33). The harness accepts,
authorizes the idTag, goes Preparing, and starts the transaction once the cable is in: both
answers must be Accepted. Plan: OCPP 1.6 test case document, TC_011_1_CSMS.
"""

from conformance import ACCEPTED, Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_011_1_CSMS")
async def test_tc_011_1_csms(charge_point, central_system, test_data):
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

    # [EV driver plugs in the cable]
    conf = await charge_point.send(7, "StartTransaction", **charge_point.start_transaction(tag, connector))
    charge_point.check(8, "StartTransaction.conf", conf, idTagInfo=ACCEPTED)

    await charge_point.send(9, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
