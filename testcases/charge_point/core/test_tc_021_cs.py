"""TC_021_CS Change/set Configuration.

SUT: Charge Point; the harness is the central system. The central system sets
MeterValueSampleInterval to the configured meter value interval; the charge point accepts
and then reports the new value. Configuration state: the key must not hold that value
before; where it does, the harness first writes another one: the configured value + 1, or,
where the key's range refuses that, the configured value - 1.
Plan: OCPP 1.6 test case document, TC_021_CS.
"""

from conformance import conformance_case, has_item
from conformance.steps.charge_point import reusable


@conformance_case("TC_021_CS")
async def test_tc_021_cs(central_system, charge_point, test_data):
    wanted = str(test_data.meter_value_sample_interval_s)

    # Configuration state: MeterValueSampleInterval is NOT the configured meter value interval.
    await reusable.not_value_state(central_system, "MeterValueSampleInterval", test_data.meter_value_sample_interval_s)

    # Steps 1 and 2: ChangeConfiguration to the configured interval, Accepted.
    conf = await central_system.send(1, "ChangeConfiguration", key="MeterValueSampleInterval", value=wanted)
    central_system.check(2, "ChangeConfiguration.conf", conf, status="Accepted")

    # Steps 3 and 4: the charge point reports the new value.
    conf = await central_system.send(3, "GetConfiguration", key=["MeterValueSampleInterval"])
    central_system.check(4, "GetConfiguration.conf", conf,
                         configurationKey=has_item(key="MeterValueSampleInterval", value=wanted))
