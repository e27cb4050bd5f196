"""TC_032_1_CS Power failure boot charging point - configured to stop transaction(s) before going down.

SUT: Charge Point with backup power (capability backup_power); the harness is the central
system. When the power is cut during a transaction, the charge point stops it (reason
PowerLoss) and reports Finishing before it goes down (either order, §1.2 of the plan); when
the power comes back it boots, first on its new connection, and reports the connector of the
transaction Finishing or Preparing (the cable is still in), connector 0 and the others
Available. Plan: OCPP 1.6 test case document, TC_032_1_CS.
"""

from conformance import Reply, any_of, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_032_1_CS", requires={"backup_power": True})
async def test_tc_032_1_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 to 4: the power is cut: StopTransaction (reason PowerLoss) and Finishing.
    await charge_point.manual("power_off")
    await central_system.expect_in_any_order(
        "StopTransaction and StatusNotification(Finishing) may be reversed",
        expect(1, "StopTransaction", transactionId=transaction_id, reason="PowerLoss", reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(4)),
    )

    # Steps 5 and 6: the power is restored: BootNotification first on the new connection, Accepted.
    central_system.will_answer(6, "BootNotification", new_connection=True, status="Accepted",
                               interval=test_data.heartbeat_interval_s)
    await charge_point.manual("power_on")
    await central_system.expect(5, "BootNotification", reply=Reply(6), first_after_power_cycle=True,
                                timeout=test_data.reboot_timeout_s)

    # Steps 7 and 8: the transaction's connector Finishing or Preparing, connector 0 and the others Available.
    await central_system.expect_in_any_order(
        "one per connector and one for connector 0",
        *reusable.status_per_connector(7, 8, charge_point.profile.connectors,
                                       {connector: any_of("Finishing", "Preparing")}))
