"""TC_039_CS Offline Transaction.

SUT: Charge Point that can start transactions offline (capability offline_start) and stop
them locally; the harness is the central system. With the central system out of reach, the
EV driver starts a transaction with the valid idTag, stops it with the same idTag and
unplugs; back online, the charge point delivers the queued StartTransaction (answered
Accepted) and then the StopTransaction of that transaction (reason Local or none), in that
order. Configuration and memory states (IdTagLocalAuthList for the valid idTag where the SUT
declares Local Auth List Management): see reusable.offline_authorization_configuration.
Plan: OCPP 1.6 test case document, TC_039_CS.
"""

from conformance import ACCEPTED, Reply, any_of, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_039_CS", requires={"offline_start": True})
async def test_tc_039_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.offline_authorization_configuration(central_system, charge_point, test_data)

    # Offline: the EV driver starts, stops and unplugs; then the connectivity is restored.
    central_system.will_answer(2, "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": ACCEPTED})
    await central_system.go_offline("offline")
    await charge_point.manual("plug_in", connector=connector)
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await charge_point.manual("unplug", connector=connector)
    await central_system.go_online("online")

    # Steps 1 to 4: the queued StartTransaction, then its StopTransaction (reason Local or omitted).
    start = await central_system.expect(1, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(2))
    stop = await central_system.expect(3, "StopTransaction", transactionId=start.answer["transactionId"], reply=Reply(4))
    if "reason" in stop.payload:
        central_system.check(3, "StopTransaction.req", stop.payload, reason=any_of("Local"))
