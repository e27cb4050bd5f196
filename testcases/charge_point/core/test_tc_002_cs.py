"""TC_002_CS Cold Boot Charge Point - Pending.

SUT: Charge Point; the harness is the central system. A charge point whose boot is left
Pending must let the central system read and change its configuration, boot again after the
interval, and once accepted report its connectors Available and send Heartbeats.
Plan: OCPP 1.6 test case document, TC_002_CS.

Judged: BootNotification first on the new connection, answered Pending; while it is pending the
harness reads the whole configuration (GetConfiguration without a key) and writes
meter_value_sample_interval_s to MeterValueSampleInterval, which must be Accepted; the next
boot comes no earlier than the Pending interval less the tolerance + 1 s; then Available for
connector 0 and each connector, and Heartbeats at the accepted interval, as in TC_001_CS.
"""

from conformance import conformance_case, timing
from conformance.steps.charge_point import reusable


@conformance_case("TC_002_CS", idle=False)
async def test_tc_002_cs(central_system, charge_point, test_data):
    retry, heartbeat = test_data.boot_retry_interval_s, test_data.heartbeat_interval_s

    # Steps 2 and 8, scripted before the power cycle: the first boot is Pending, the next Accepted.
    central_system.will_answer(2, "BootNotification", new_connection=True, status="Pending", interval=retry)
    central_system.will_answer(8, "BootNotification", new_connection=True, status="Accepted", interval=heartbeat)

    # Step 1: the first message on the new connection after the power cycle is a BootNotification.
    await charge_point.manual("power_cycle")
    boot = await central_system.expect(1, "BootNotification", first_after_power_cycle=True,
                                       timeout=test_data.reboot_timeout_s)

    # Steps 3 to 6: while Pending, the central system reads the whole configuration (no key given)
    # and sets MeterValueSampleInterval to the configured meter value interval.
    await central_system.send(3, "GetConfiguration")
    conf = await central_system.send(5, "ChangeConfiguration", key="MeterValueSampleInterval",
                                     value=str(test_data.meter_value_sample_interval_s))
    central_system.check(6, "ChangeConfiguration.conf", conf, status="Accepted")

    # Step 7: the next boot not before the Pending interval.
    again = await central_system.expect(7, "BootNotification", timeout=retry + test_data.message_timeout_s)
    timing.not_before(7, "BootNotification.req after the Pending boot", since=boot.answered_at,
                      at=again.received_at, seconds=retry,
                      tolerance=test_data.timing_tolerance_s)

    # Steps 9 to 12: every connector and connector 0 Available, then Heartbeats every `heartbeat` s.
    await reusable.available_then_heartbeats(central_system, test_data, charge_point.profile.connectors,
                                             status_step=9, heartbeat_step=11)
