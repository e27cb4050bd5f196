"""TC_038_CS Offline Stop Transaction.

SUT: Charge Point; the harness is the central system. During a transaction the central system
goes out of reach (the harness closes the connection and refuses reconnects with 503); the EV
driver stops the transaction with the idTag that started it; once the central system is
back, the charge point delivers the StopTransaction (reason Local or none) and reports the
connector Finishing, in either order. Plan: OCPP 1.6 test case document, TC_038_CS.
"""

from conformance import Reply, any_of, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_038_CS")
async def test_tc_038_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Offline, the EV driver stops the transaction; then the connectivity is restored.
    await central_system.go_offline("offline")
    await charge_point.manual("present_id_tag", id_tag=charging["id_tag"])
    await central_system.go_online("online")

    # Steps 1 to 4: StopTransaction (reason Local or omitted) and Finishing, in either order.
    stop, _ = await central_system.expect_in_any_order(
        "steps 1 and 3 may be reversed",
        expect(1, "StopTransaction", transactionId=transaction_id, reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(4)),
    )
    if "reason" in stop.payload:
        central_system.check(1, "StopTransaction.req", stop.payload, reason=any_of("Local"))
