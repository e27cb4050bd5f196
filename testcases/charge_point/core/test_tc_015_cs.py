"""TC_015_CS Hard Reset With Transaction.

SUT: Charge Point; the harness is the central system. A Hard Reset during a transaction: the
charge point stops it (reason HardReset), before its reboot or, queued, after it; stopped
before, the connector reports Finishing before the reboot too. After the boot the connector
that had the transaction reports Finishing or Preparing (the cable is still in) and the rest
Available. Plan: OCPP 1.6 test case document, TC_015_CS.
"""

from conformance import Reply, any_of, conformance_case, expect
from conformance.checks.failures import NoMessageWithinDeadline
from conformance.steps.charge_point import reusable


@conformance_case("TC_015_CS")
async def test_tc_015_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 and 2: Hard Reset, Accepted.
    central_system.will_answer(8, "BootNotification", status="Accepted", interval=test_data.heartbeat_interval_s)
    conf = await central_system.send(1, "Reset", type="Hard")
    central_system.check(2, "Reset.conf", conf, status="Accepted")

    # Steps 3 to 8 up to the boot: StopTransaction (reason HardReset) and Finishing may come
    # before it; StopTransaction before the boot needs Finishing with it.
    stop, finishing, _ = await central_system.expect_in_any_order(
        "StopTransaction either before or after the reboot",
        expect(3, "StopTransaction", transactionId=transaction_id, reason="HardReset", reply=Reply(4), optional=True),
        expect(5, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(6), optional=True),
        expect(7, "BootNotification", reply=Reply(8)),
        timeout=test_data.reboot_timeout_s)
    if stop is not None and finishing is None:
        raise NoMessageWithinDeadline("the StopTransaction.req sent before the reboot came without "
                                      "StatusNotification(Finishing) before the BootNotification.req", step=5)

    # Steps 9 and 10 (and step 3 if it waited for the reboot): the connector of the transaction
    # Finishing or Preparing, connector 0 and the others Available.
    after_boot = reusable.status_per_connector(9, 10, charge_point.profile.connectors,
                                               {connector: any_of("Finishing", "Preparing")})
    if stop is None:
        after_boot.append(expect(3, "StopTransaction", transactionId=transaction_id, reason="HardReset", reply=Reply(4)))
    await central_system.expect_in_any_order("one per connector and one for connector 0", *after_boot)
