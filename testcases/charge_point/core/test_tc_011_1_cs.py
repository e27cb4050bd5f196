"""TC_011_1_CS Remote Start Charging Session - Remote Start First.

SUT: Charge Point; the harness is the central system. The central system starts a
transaction remotely before the cable is in: the charge point accepts, authorizes the idTag
where AuthorizeRemoteTxRequests is true, shows Preparing, and starts once the cable is
plugged in. The plan leaves the connectorId of RemoteStartTransaction open (OCPP 1.6 §5.11:
optional); the harness names the configured connector, so the plug-in goes where the charge
point waits. Plan: OCPP 1.6 test case document, TC_011_1_CS.
"""

from conformance import ACCEPTED, Reply, conformance_case, expect, has_item
from conformance.steps.charge_point import reusable


@conformance_case("TC_011_1_CS")
async def test_tc_011_1_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    central_system.will_answer(6, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)
    central_system.will_answer(10, "StartTransaction", central_system.start_transaction_conf)

    # Steps 1 and 2: the charge point reports AuthorizeRemoteTxRequests.
    conf = await central_system.send(1, "GetConfiguration", key=["AuthorizeRemoteTxRequests"])
    central_system.check(2, "GetConfiguration.conf", conf, configurationKey=has_item(key="AuthorizeRemoteTxRequests"))
    authorize_remote = reusable.configuration_value(conf, "AuthorizeRemoteTxRequests")

    # Steps 3 and 4: RemoteStartTransaction, Accepted.
    conf = await central_system.send(3, "RemoteStartTransaction", connectorId=connector, idTag=tag)
    central_system.check(4, "RemoteStartTransaction.conf", conf, status="Accepted")

    # Steps 5 and 6: Authorize, only where AuthorizeRemoteTxRequests is true.
    if authorize_remote == "true":
        await central_system.expect(5, "Authorize", idTag=tag, reply=Reply(6))

    # Steps 7 and 8: the connector goes Preparing.
    await central_system.expect(7, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(8))

    # Steps 9 to 12: the EV driver plugs in; StartTransaction and Charging in either order (§1.2).
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect_in_any_order(
        "StartTransaction and StatusNotification(Charging) may be reversed",
        expect(9, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(10)),
        expect(11, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(12)),
    )
