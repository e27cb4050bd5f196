"""TC_005_1_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true.

SUT: Charge Point with a socket (no fixed cable); the harness is the central system. Configured
to stop on an EV-side disconnect, the charge point stops the transaction (reason
EVDisconnected) when the cable is pulled out at the EV, the connector going Finishing.
A read-only StopTransactionOnEVSideDisconnect that holds true meets the configuration state
(the prerequisite excludes only read-only false). Plan: OCPP 1.6 test case document, TC_005_1_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_005_1_CS", requires={"fixed_cable": False})
async def test_tc_005_1_cs(central_system, charge_point, test_data):
    # Configuration states, then reusable state Charging.
    await reusable.ev_side_disconnect_configuration(central_system, stop="true", unlock="true")
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 to 4: the cable is pulled out at the EV side: StopTransaction and Finishing, in either order.
    await charge_point.manual("unplug_ev_side", connector=connector)
    await central_system.expect_in_any_order(
        "steps 1 and 3 may be reversed",
        expect(1, "StopTransaction", transactionId=transaction_id, reason="EVDisconnected", reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(4)),
    )
