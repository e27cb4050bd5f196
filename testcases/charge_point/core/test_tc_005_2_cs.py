"""TC_005_2_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = false.

SUT: Charge Point whose UnlockConnectorOnEVSideDisconnect can be set false (capability
writable_unlock_on_ev_disconnect); the harness is the central system. The charge point stops
the transaction (reason EVDisconnected) when the cable is pulled out at the EV, the connector
going Finishing (or Available); the cable stays locked, and the central system then unlocks
it: Unlocked, or NotSupported (a fixed cable). Plan: OCPP 1.6 test case document, TC_005_2_CS.
"""

from conformance import Reply, any_of, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_005_2_CS", requires={"writable_unlock_on_ev_disconnect": True})
async def test_tc_005_2_cs(central_system, charge_point, test_data):
    # Configuration states, then reusable state Charging.
    await reusable.ev_side_disconnect_configuration(central_system, stop="true", unlock="false")
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 to 4: the cable is pulled out at the EV side: StopTransaction and Finishing or Available, in either order.
    await charge_point.manual("unplug_ev_side", connector=connector)
    await central_system.expect_in_any_order(
        "steps 1 and 3 may be reversed",
        expect(1, "StopTransaction", transactionId=transaction_id, reason="EVDisconnected", reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status=any_of("Finishing", "Available"), reply=Reply(4)),
    )

    # Steps 5 and 6: UnlockConnector, Unlocked or NotSupported.
    conf = await central_system.send(5, "UnlockConnector", connectorId=connector)
    central_system.check(6, "UnlockConnector.conf", conf, status=any_of("Unlocked", "NotSupported"))
