"""TC_070_CS Sampled Meter Values.

SUT: Charge Point; the harness is the central system. With MeterValueSampleInterval set and
clock-aligned data off, a transaction's MeterValues come every interval: in the three
intervals after the start, three MeterValues.req whose timestamps are one interval apart,
each sampledValue of context Sample.Periodic and one per measurand of MeterValuesSampledData
(read before the transaction) in each reading (the entries of one timestamp: a charge point may
split the measurands over several). Readings of another kind (Transaction.Begin at the start,
Trigger, Interruption, Other) are not the sampled ones: answered and passed over (a reference
mode of each has a self-test). Each reading comes within an interval (+ tolerance) of the one
before; their timestamps are an interval ± tolerance apart (+ 1 s where a timestamp has no
fraction of a second); with MeterValuesSampledData empty the one measurand is
Energy.Active.Import.Register. Plan: OCPP 1.6 test case document, TC_070_CS.
"""

from conformance import conformance_case
from conformance.checks import meter_values
from conformance.steps.charge_point import reusable
from conformance.steps.charge_point.meter_values import collect


@conformance_case("TC_070_CS")
async def test_tc_070_cs(central_system, charge_point, test_data):
    interval, tolerance = test_data.meter_value_sample_interval_s, test_data.timing_tolerance_s

    # Configuration states; reusable states GetConfiguration (MeterValuesSampledData) and Charging.
    await reusable.configuration_state(central_system, "MeterValueSampleInterval", str(interval))
    await reusable.configuration_state(central_system, "ClockAlignedDataInterval", "0")
    conf = await central_system.send("GetConfiguration", "GetConfiguration", key=["MeterValuesSampledData"])
    measurands = meter_values.configured_measurands(reusable.configuration_value(conf, "MeterValuesSampledData"))
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Steps 1 and 2, for three times the interval after the start: a MeterValues.req every interval.
    received = await collect(central_system, 1, 2, connector=charging["connector"], count=3,
                             interval=interval, data=test_data)

    # Step 3: their timestamps one interval apart, context Sample.Periodic, every configured measurand.
    meter_values.check_content(3, received, context="Sample.Periodic", measurands=measurands)
    meter_values.check_spacing(3, received, interval=interval, tolerance=tolerance)
