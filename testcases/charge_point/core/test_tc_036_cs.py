"""TC_036_CS Connection Loss During Transaction.

SUT: Charge Point; the harness is the central system. During a transaction with sampled meter
values the central system goes out of reach (the harness closes the connection, right after a
sampled value, and refuses reconnects with 503) for three sample intervals and a tolerance;
once it is back, the charge point delivers every value it took meanwhile, in chronological
order and before new ones. How many it took follows from how long it was offline (from the
last value before the cut to its reconnect) and the interval: that many MeterValues readings
must come first, with timestamps no later than the reconnect (± tolerance); the first one
interval after the last value before the cut (none lost); and each of them and the next one
an interval apart (± tolerance, + 1 s for whole-second timestamps).
Plan: OCPP 1.6 test case document, TC_036_CS.
"""

import time

from conformance import conformance_case, pause
from conformance.checks import meter_values
from conformance.steps.charge_point import reusable
from conformance.steps.charge_point.meter_values import collect, utc_now


@conformance_case("TC_036_CS")
async def test_tc_036_cs(central_system, charge_point, test_data):
    interval, tolerance = test_data.meter_value_sample_interval_s, test_data.timing_tolerance_s

    # Configuration state and reusable state Charging; a sampled value, the last before the cut.
    await reusable.configuration_state(central_system, "MeterValueSampleInterval", str(interval))
    charging = await reusable.charging(central_system, charge_point, test_data)
    (last,) = await collect(central_system, "before", "before", connector=charging["connector"], count=1,
                            interval=interval, data=test_data)
    last_seen = time.monotonic()

    # Offline for at least three sample intervals; then the connectivity is restored.
    await central_system.go_offline("offline")
    await pause(3 * interval + tolerance)
    await central_system.go_online("online")
    back, offline_for = utc_now(), time.monotonic() - last_seen
    queued = meter_values.taken_while_offline(offline_for, interval=interval, tolerance=tolerance)

    # Steps 1 and 2: every queued meter value first, in order, one interval apart, then a new one.
    received = await collect(central_system, 1, 2, connector=charging["connector"], count=queued + 1,
                             interval=interval, data=test_data)
    meter_values.check_queued(1, received, before=back, tolerance=tolerance, count=queued)
    meter_values.check_follows(1, last, received, interval=interval, tolerance=tolerance)
    meter_values.check_spacing(1, [last, *received], interval=interval, tolerance=tolerance)
