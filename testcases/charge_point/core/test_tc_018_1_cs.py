"""TC_018_1_CS Unlock Connector - With Charging Session (Not fixed cable).

SUT: Charge Point with a socket (no fixed cable); the harness is the central system. An
UnlockConnector during a transaction must stop it first (reason UnlockCommand, OCPP 1.6
§5.17), the connector going Finishing (either order, §1.2 of the plan), and once the EV
driver takes the cable the connector is Available. Plan: OCPP 1.6 test case document, TC_018_1_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_018_1_CS", requires={"fixed_cable": False})
async def test_tc_018_1_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 and 2: UnlockConnector, Unlocked.
    conf = await central_system.send(1, "UnlockConnector", connectorId=connector)
    central_system.check(2, "UnlockConnector.conf", conf, status="Unlocked")

    # Steps 3 to 6: StopTransaction (reason UnlockCommand) and Finishing, in either order.
    await central_system.expect_in_any_order(
        "StopTransaction and StatusNotification(Finishing) may be reversed",
        expect(3, "StopTransaction", transactionId=transaction_id, reason="UnlockCommand", reply=Reply(4)),
        expect(5, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(6)),
    )

    # Steps 7 and 8: the EV driver unplugs; the connector is Available.
    await charge_point.manual("unplug", connector=connector)
    await central_system.expect(7, "StatusNotification", connectorId=connector, status="Available", reply=Reply(8))
