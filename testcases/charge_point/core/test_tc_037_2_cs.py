"""TC_037_2_CS Offline Start Transaction - invalid idTag, StopTransactionOnInvalidId = false.

SUT: Charge Point that starts transactions offline for unknown idTags (capability
offline_unknown_id: AllowOfflineTxForUnknownId); the harness is the central system. Offline,
the EV driver starts with the invalid idTag; back online, the StartTransaction is answered
Invalid: the charge point reports Charging (the offline start) and then, keeping the
transaction as StopTransactionOnInvalidId is false, SuspendedEVSE (OCPP 1.6 §9.1). The
plan's memory state "IdTagCached for the invalid idTag (if implemented)" is not set up: a
cache holding the idTag as Invalid would forbid the offline start the case is about.
Plan: OCPP 1.6 test case document, TC_037_2_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_037_2_CS", requires={"offline_unknown_id": True})
async def test_tc_037_2_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.invalid_id_tag
    await reusable.offline_authorization_configuration(central_system, charge_point, test_data, stop_on_invalid="false")

    # Offline, the EV driver starts a transaction with the invalid idTag; then the connectivity is restored.
    central_system.will_answer(2, "StartTransaction", lambda request: {
        **central_system.start_transaction_conf(request), "idTagInfo": {"status": "Invalid"}})
    await central_system.go_offline("offline")
    await charge_point.manual("plug_in", connector=connector)
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.go_online("online")

    # Steps 1 to 4: StartTransaction (answered Invalid) and Charging.
    await central_system.expect_in_any_order(
        "StartTransaction and StatusNotification(Charging) may be reversed",
        expect(1, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(4)),
    )

    # Steps 5 and 6: the transaction goes on, suspended by the charge point.
    await central_system.expect(5, "StatusNotification", connectorId=connector, status="SuspendedEVSE", reply=Reply(6))
