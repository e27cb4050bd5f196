"""TC_005_3_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect = false - UnlockConnectorOnEVSideDisconnect = false.

SUT: Charge Point whose StopTransactionOnEVSideDisconnect and UnlockConnectorOnEVSideDisconnect
are read-write (capabilities writable_stop_on_ev_disconnect, writable_unlock_on_ev_disconnect);
the harness is the central system. Configured not to stop, the charge point keeps the
transaction when the cable is pulled out at the EV and reports it suspended (SuspendedEV or
SuspendedEVSE; the plan's "info is EV side disconnected" describes why: OCPP 1.6 §6.47 leaves
info free text, so it is not compared). A remote stop then ends it (reason Remote), the
connector going Finishing (Available with a fixed cable). Plan: OCPP 1.6 test case document, TC_005_3_CS.
"""

from conformance import Reply, any_of, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_005_3_CS", requires={"writable_stop_on_ev_disconnect": True,
                                           "writable_unlock_on_ev_disconnect": True})
async def test_tc_005_3_cs(central_system, charge_point, test_data):
    # Configuration states, then reusable state Charging.
    await reusable.ev_side_disconnect_configuration(central_system, stop="false", unlock="false")
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]
    after_stop = "Available" if charge_point.profile.capability("fixed_cable") else "Finishing"

    # Steps 1 and 2: the cable is pulled out at the EV side: the transaction is suspended, not stopped.
    await charge_point.manual("unplug_ev_side", connector=connector)
    await central_system.expect(1, "StatusNotification", connectorId=connector,
                                status=any_of("SuspendedEV", "SuspendedEVSE"), reply=Reply(2))

    # Steps 3 to 8: RemoteStopTransaction; Finishing and StopTransaction (reason Remote) in either order.
    await central_system.send(3, "RemoteStopTransaction", transactionId=transaction_id)
    await central_system.expect_in_any_order(
        "steps 5 and 7 may be reversed",
        expect(5, "StatusNotification", connectorId=connector, status=after_stop, reply=Reply(6)),
        expect(7, "StopTransaction", transactionId=transaction_id, reason="Remote", reply=Reply(8)),
    )
