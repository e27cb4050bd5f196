"""TC_037_3_CS Offline Start Transaction - invalid idTag, StopTransactionOnInvalidId = true.

SUT: Charge Point that starts transactions offline for unknown idTags (capability
offline_unknown_id: AllowOfflineTxForUnknownId), or for an idTag its local list holds
(local_authorize_offline with a local list of at least one entry); the harness is the central
system. Where the SUT declares Local Auth List Management, the memory state IdTagLocalAuthList
puts the invalid idTag in the local list as Accepted (a list out of date). Offline,
the EV driver starts with the invalid idTag; back online, the StartTransaction is answered
Invalid: the charge point reports Charging (the offline start), then stops the transaction
(reason DeAuthorized) as StopTransactionOnInvalidId is true, the connector going Finishing
(StopTransaction and Finishing in either order, §1.2 of the plan). The plan's memory state
"IdTagCached for the invalid idTag (if implemented)" is not set up (see TC_037_2_CS).
Plan: OCPP 1.6 test case document, TC_037_3_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_037_3_CS", requires=[
    {"offline_unknown_id": True},
    {"local_authorize_offline": True, "local_auth_list_max_length": 1, "send_local_list_max_length": 1}])
async def test_tc_037_3_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.invalid_id_tag
    await reusable.offline_authorization_configuration(central_system, charge_point, test_data, stop_on_invalid="true")

    # Offline, the EV driver starts a transaction with the invalid idTag; then the connectivity is restored.
    central_system.will_answer(2, "StartTransaction", lambda request: {
        **central_system.start_transaction_conf(request), "idTagInfo": {"status": "Invalid"}})
    await central_system.go_offline("offline")
    await charge_point.manual("plug_in", connector=connector)
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.go_online("online")

    # Steps 1 to 4: StartTransaction (answered Invalid) and Charging.
    start, _ = await central_system.expect_in_any_order(
        "StartTransaction and StatusNotification(Charging) may be reversed",
        expect(1, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(4)),
    )

    # Steps 5 to 8: StopTransaction (reason DeAuthorized) and Finishing.
    await central_system.expect_in_any_order(
        "StopTransaction and StatusNotification(Finishing) may be reversed",
        expect(5, "StopTransaction", transactionId=start.answer["transactionId"], reason="DeAuthorized", reply=Reply(6)),
        expect(7, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(8)),
    )
