"""TC_002_CS Cold Boot Charge Point - Pending.

SUT: Charge Point; the harness is the central system. A charge point whose boot is left
Pending must let the central system read and change its configuration, boot again after the
interval, and once accepted report its connectors Available and send Heartbeats.
Plan: OCPP 1.6 test case document, TC_002_CS.
"""

from conformance import conformance_case, reusable, timing, utc_now


@conformance_case("TC_002_CS")
async def test_tc_002_cs(central_system, charge_point, test_data):
    retry, heartbeat = test_data.boot_retry_interval_s, test_data.heartbeat_interval_s

    # Step 1: after the power cycle, BootNotification before anything else.
    await charge_point.manual("power_cycle")
    boot = await central_system.expect(1, "BootNotification", nothing_else=True, timeout=test_data.reboot_timeout_s)
    await central_system.reply(2, boot, status="Pending", currentTime=utc_now(), interval=retry)

    # Steps 3 to 6: while Pending, the central system reads and changes the configuration.
    await central_system.send(3, "GetConfiguration")
    conf = await central_system.send(5, "ChangeConfiguration", key=test_data.configuration_key,
                                     value=test_data.configuration_value)
    central_system.check(6, "ChangeConfiguration.conf", conf, status="Accepted")

    again = await central_system.expect(7, "BootNotification", timeout=retry + test_data.message_timeout_s)
    timing.not_before(7, "BootNotification.req after the Pending boot", since=boot.answered_at,
                      at=again.received_at, seconds=retry)
    await central_system.reply(8, again, status="Accepted", currentTime=utc_now(), interval=heartbeat)

    # Steps 9 to 12: every connector and connector 0 Available, then Heartbeats every `heartbeat` s.
    await reusable.available_then_heartbeats(central_system, test_data, charge_point.profile.connectors,
                                             status_step=9, heartbeat_step=11)
