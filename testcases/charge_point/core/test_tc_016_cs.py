"""TC_016_CS Soft Reset With Transaction.

SUT: Charge Point; the harness is the central system. A Soft Reset during a transaction: the
charge point stops it (reason SoftReset) and the connector reports Finishing (either order,
§1.2 of the plan); the new boot is optional (see TC_014_CS for how the harness tells), and
after one the connector that had the transaction reports Finishing or Preparing (the cable is
still in) and the rest Available. Plan: OCPP 1.6 test case document, TC_016_CS.
"""

from conformance import Reply, any_of, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_016_CS")
async def test_tc_016_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 and 2: Soft Reset, Accepted.
    central_system.will_answer(8, "BootNotification", status="Accepted", interval=test_data.heartbeat_interval_s)
    conf = await central_system.send(1, "Reset", type="Soft")
    central_system.check(2, "Reset.conf", conf, status="Accepted")

    # Steps 3 to 6: StopTransaction (reason SoftReset) and Finishing, in either order.
    await central_system.expect_in_any_order(
        "StopTransaction and StatusNotification(Finishing) may be reversed",
        expect(3, "StopTransaction", transactionId=transaction_id, reason="SoftReset", reply=Reply(4)),
        expect(5, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(6)),
    )

    # Steps 7 to 10, only where the charge point reboots: BootNotification, then the connector of
    # the transaction Finishing or Preparing, connector 0 and the others Available.
    if await reusable.reboots_after_soft_reset(central_system, test_data):
        await central_system.expect(7, "BootNotification", reply=Reply(8), timeout=test_data.reboot_timeout_s)
        await central_system.expect_in_any_order(
            "one per connector and one for connector 0",
            *reusable.status_per_connector(9, 10, charge_point.profile.connectors,
                                           {connector: any_of("Finishing", "Preparing")}))
