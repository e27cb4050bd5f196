"""TC_024_CS Start Charging Session - Lock Failure.

SUT: Charge Point with a socket (no fixed cable); the harness is the central system. After a
remote start (steps 1 to 8, the plan's before steps) the EV driver pushes the cable in only
halfway: the connector cannot lock it and must report Faulted with ConnectorLockFailure, and
no transaction may start (no message at all for quiet_period_s). The connectorId of
RemoteStartTransaction is the configured connector (OCPP 1.6 §5.11: optional).
Plan: OCPP 1.6 test case document, TC_024_CS.
"""

from conformance import ACCEPTED, Reply, conformance_case, has_item
from conformance.steps.charge_point import reusable


@conformance_case("TC_024_CS", requires={"fixed_cable": False})
async def test_tc_024_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    central_system.will_answer(6, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)

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

    # Steps 9 and 10: the cable in halfway: Faulted with ConnectorLockFailure, and no transaction.
    await charge_point.manual("plug_in_halfway", connector=connector)
    await central_system.expect(9, "StatusNotification", connectorId=connector, status="Faulted",
                                errorCode="ConnectorLockFailure", reply=Reply(10))
    await central_system.expect_nothing("after 10", "the charge point does not start a transaction")
