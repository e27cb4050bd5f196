"""TC_036_CS Connection Loss During Transaction.

SUT: Charge Point; the harness is the central system. During a transaction with sampled meter
values the central system goes out of reach (the harness closes the connection and refuses
reconnects with 503) for three sample intervals and a tolerance; once it is back, the charge
point delivers the meter values it took meanwhile, in chronological order and before new
ones: the first three MeterValues.req after the reconnect carry timestamps from the offline
period (no later than the reconnect, ± tolerance), and the timestamps of those and the next
one are one interval apart (± tolerance, + 1 s for whole-second timestamps).
Plan: OCPP 1.6 test case document, TC_036_CS.
"""

from conformance import conformance_case, pause
from conformance.checks import meter_values
from conformance.steps.charge_point import reusable
from conformance.steps.charge_point.meter_values import collect, utc_now


@conformance_case("TC_036_CS")
async def test_tc_036_cs(central_system, charge_point, test_data):
    interval, tolerance = test_data.meter_value_sample_interval_s, test_data.timing_tolerance_s

    # Configuration state and reusable state Charging.
    await reusable.configuration_state(central_system, "MeterValueSampleInterval", str(interval))
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Offline for at least three sample intervals; then the connectivity is restored.
    await central_system.go_offline("offline")
    await pause(3 * interval + tolerance)
    await central_system.go_online("online")
    back = utc_now()

    # Steps 1 and 2: the queued meter values first, in order, one interval apart.
    received = await collect(central_system, 1, 2, connector=charging["connector"], count=4,
                             interval=interval, data=test_data)
    meter_values.check_queued(1, received[:3], before=back, tolerance=tolerance)
    meter_values.check_spacing(1, received, interval=interval, tolerance=tolerance)
