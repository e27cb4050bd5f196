"""TC_001_CS Cold Boot Charge Point.

SUT: Charge Point; the harness is the central system. After a power cycle the charge point
must wait out the interval of a Rejected boot before it boots again, then, once accepted,
report every connector (and connector 0) Available and send Heartbeats at the interval it
was given. Plan: OCPP 1.6 test case document, TC_001_CS.

Judged: on the new connection BootNotification comes first (frames the old connection still
carried before the power went are passed over); after the Rejected answer nothing at all may
come until the next boot, and that boot not earlier than the interval less the tolerance + 1 s
(a timer of the charge point's own, docs/harness.md "Timing windows"); once Accepted, one
Available per connector and for connector 0, in any order; the first Heartbeat within interval
+ tolerance of those statuses (any message restarts the heartbeat timer), the second one
interval ± tolerance after it.
"""

from conformance import conformance_case, timing
from conformance.steps.charge_point import reusable


@conformance_case("TC_001_CS", idle=False)
async def test_tc_001_cs(central_system, charge_point, test_data):
    retry, heartbeat = test_data.boot_retry_interval_s, test_data.heartbeat_interval_s

    # Steps 2 and 4, scripted before the power cycle: the first boot is Rejected, the next Accepted.
    central_system.will_answer(2, "BootNotification", new_connection=True, status="Rejected", interval=retry)
    central_system.will_answer(4, "BootNotification", new_connection=True, status="Accepted", interval=heartbeat)

    # Step 1: the first message on the new connection after the power cycle is a BootNotification.
    await charge_point.manual("power_cycle")
    boot = await central_system.expect(1, "BootNotification", first_after_power_cycle=True,
                                       timeout=test_data.reboot_timeout_s)

    # Step 3: no message at all while rejected; the new boot only after the interval.
    again = await central_system.expect(3, "BootNotification", nothing_else_after=boot,
                                        timeout=retry + test_data.message_timeout_s)
    timing.not_before(3, "BootNotification.req after the Rejected boot", since=boot.answered_at,
                      at=again.received_at, seconds=retry,
                      tolerance=test_data.timing_tolerance_s)

    # Steps 5 to 8: every connector and connector 0 Available, then Heartbeats every `heartbeat` s.
    await reusable.available_then_heartbeats(central_system, test_data, charge_point.profile.connectors,
                                             status_step=5, heartbeat_step=7)
