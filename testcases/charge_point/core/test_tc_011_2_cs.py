"""TC_011_2_CS Remote Start Charging Session - Time Out.

SUT: Charge Point; the harness is the central system. The central system starts a
transaction remotely and no cable follows: once ConnectionTimeOut has run out, the connector
that went Preparing must be Available again. The connectorId of RemoteStartTransaction is the
configured connector (the plan leaves it open; OCPP 1.6 §5.11: optional). ConnectionTimeOut
counts from the start of Preparing (OCPP 1.6 §9.1.6), or from the accepted Authorize next to
it; being the charge point's own timer, it is judged with the tolerance + 1 s either way
(checks/timing.py). Plan: OCPP 1.6 test case document, TC_011_2_CS.
"""

from conformance import ACCEPTED, Reply, conformance_case, has_item, timing
from conformance.steps.charge_point import reusable


@conformance_case("TC_011_2_CS")
async def test_tc_011_2_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    timeout, tolerance = int(test_data.connection_timeout_s), test_data.timing_tolerance_s

    # Configuration state: ConnectionTimeOut is the configured connection timeout (set back after the case).
    conf = await central_system.send("before", "ChangeConfiguration", key="ConnectionTimeOut", value=str(timeout))
    central_system.check("before", "ChangeConfiguration.conf", conf, status="Accepted")
    central_system.will_answer(6, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)

    # Steps 1 and 2: the charge point reports AuthorizeRemoteTxRequests.
    conf = await central_system.send(1, "GetConfiguration", key=["AuthorizeRemoteTxRequests"])
    central_system.check(2, "GetConfiguration.conf", conf, configurationKey=has_item(key="AuthorizeRemoteTxRequests"))
    authorize_remote = reusable.configuration_value(conf, "AuthorizeRemoteTxRequests")

    # Steps 3 and 4: RemoteStartTransaction, Accepted.
    conf = await central_system.send(3, "RemoteStartTransaction", connectorId=connector, idTag=tag)
    central_system.check(4, "RemoteStartTransaction.conf", conf, status="Accepted")

    # Steps 5 and 6: Authorize, only where AuthorizeRemoteTxRequests is true.
    started = []
    if authorize_remote == "true":
        authorize = await central_system.expect(5, "Authorize", idTag=tag, reply=Reply(6))
        started.append(authorize.answered_at)

    # Steps 7 and 8: the connector goes Preparing.
    preparing = await central_system.expect(7, "StatusNotification", connectorId=connector, status="Preparing",
                                            reply=Reply(8))
    started.append(preparing.received_at)

    # Steps 9 and 10: no cable; after ConnectionTimeOut the connector is Available again.
    available = await central_system.expect(9, "StatusNotification", connectorId=connector, status="Available",
                                            reply=Reply(10), timeout=timeout + tolerance + test_data.message_timeout_s)
    timing.after_connection_timeout(9, "StatusNotification(Available) after Preparing", started=started,
                                    at=available.received_at, seconds=timeout, tolerance=tolerance)
