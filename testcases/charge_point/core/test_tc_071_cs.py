"""TC_071_CS Clock-aligned Meter Values.

SUT: Charge Point; the harness is the central system. With ClockAlignedDataInterval set to
the configured clock-aligned interval and sampling off, a transaction's MeterValues come at
every multiple of the interval since midnight (OCPP 1.6 §9.1): three MeterValues.req whose
timestamps are clock-aligned (± timing_tolerance_s) and one interval apart, each sampledValue
of context Sample.Clock and one per measurand of MeterValuesAlignedData (read before the
transaction). The plan does not say which meter reports: the transaction's connector is
judged, or, from a charge point that sends clock-aligned values only for connector 0 (the
main meter), connector 0; other connectors' values and readings of another kind
(Transaction.Begin, Trigger, ...) are passed over. Alignment counts from midnight UTC.
Plan: OCPP 1.6 test case document, TC_071_CS.
"""

from conformance import conformance_case
from conformance.checks import meter_values
from conformance.steps.charge_point import reusable
from conformance.steps.charge_point.meter_values import collect


@conformance_case("TC_071_CS")
async def test_tc_071_cs(central_system, charge_point, test_data):
    interval, tolerance = test_data.clock_aligned_data_interval_s, test_data.timing_tolerance_s

    # Configuration states; reusable states GetConfiguration (MeterValuesAlignedData) and Charging.
    await reusable.configuration_state(central_system, "MeterValueSampleInterval", "0")
    await reusable.configuration_state(central_system, "ClockAlignedDataInterval", str(interval))
    conf = await central_system.send("GetConfiguration", "GetConfiguration", key=["MeterValuesAlignedData"])
    measurands = meter_values.configured_measurands(reusable.configuration_value(conf, "MeterValuesAlignedData"))
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Steps 1 and 2, for three times the interval after the start: a MeterValues.req every interval.
    received = await collect(central_system, 1, 2, connector=charging["connector"], count=3,
                             interval=interval, data=test_data, main_meter=True)

    # Step 3: clock-aligned timestamps one interval apart, context Sample.Clock, every configured measurand.
    meter_values.check_content(3, received, context="Sample.Clock", measurands=measurands)
    meter_values.check_clock_aligned(3, received, interval=interval, tolerance=tolerance)
    meter_values.check_spacing(3, received, interval=interval, tolerance=tolerance)
