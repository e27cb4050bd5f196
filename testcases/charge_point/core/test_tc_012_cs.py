"""TC_012_CS Remote Stop Charging Session.

SUT: Charge Point; the harness is the central system. From the reusable state Charging, the
central system asks the charge point to stop the transaction: it must accept, stop it with
reason Remote and show the connector Finishing (the cable is still in). The StopTransaction
must name the transaction that was asked to stop (OCPP 1.6 §5.12). Plan: OCPP 1.6 test case
document, TC_012_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_012_CS")
async def test_tc_012_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 and 2: RemoteStopTransaction for that transaction, Accepted.
    conf = await central_system.send(1, "RemoteStopTransaction", transactionId=transaction_id)
    central_system.check(2, "RemoteStopTransaction.conf", conf, status="Accepted")

    # Steps 3 to 6: StopTransaction (reason Remote) and Finishing, in either order.
    await central_system.expect_in_any_order(
        "steps 3 and 5 may be reversed",
        expect(3, "StopTransaction", transactionId=transaction_id, reason="Remote", reply=Reply(4)),
        expect(5, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(6)),
    )
