"""TC_032_2_CS Power failure boot charging point-configured to stop transaction(s).

SUT: Charge Point without backup power (capability backup_power false); the harness is the
central system. The power fails during a transaction and comes back: the charge point boots
(BootNotification first on its new connection, Accepted) and reports its connectors; the
plan lets steps 3 to 7 come in any order. Either the charge point ended the transaction
with the power (StopTransaction reason PowerLoss, sent after the boot) and its connector
shows Preparing or Finishing, or it resumed it (connector Charging): then the EV driver
stops it with the idTag that started it (StopTransaction reason Local or none) and the
connector shows Preparing or Finishing unless it did already. An intermediate Unavailable or
Available of that connector is allowed; connector 0 and the others report Available.
Plan: OCPP 1.6 test case document, TC_032_2_CS.
"""

from conformance import Reply, conformance_case
from conformance.steps.charge_point import power_failure, reusable


@conformance_case("TC_032_2_CS", requires={"backup_power": False})
async def test_tc_032_2_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Steps 1 and 2: the power fails and comes back: BootNotification first on the new connection, Accepted.
    central_system.will_answer(2, "BootNotification", new_connection=True, status="Accepted",
                               interval=test_data.heartbeat_interval_s)
    await charge_point.manual("power_cycle")
    await central_system.expect(1, "BootNotification", reply=Reply(2), first_after_power_cycle=True,
                                timeout=test_data.reboot_timeout_s)

    # Steps 3 to 8, in any order: the statuses after the boot and the end of the transaction.
    await power_failure.transaction_ended_after_boot(central_system, charge_point, test_data, charging)
