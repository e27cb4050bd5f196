"""TC_004_1_CS Regular Charging Session - Identification First.

SUT: Charge Point; the harness is the central system. The EV driver identifies before
plugging in (reusable state Authorized, which from an idle connector includes Preparing);
plugging in then starts the transaction and the connector goes Charging.
Plan: OCPP 1.6 test case document, TC_004_1_CS.

Judged: the configuration state MeterValueSampleInterval = meter_value_sample_interval_s; the
idTag presented gives Authorize and Preparing in either order (Preparing may only be left out
by a connector that was Preparing already); the cable then gives StartTransaction and Charging
in either order.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_004_1_CS")
async def test_tc_004_1_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Configuration state: MeterValueSampleInterval is the configured meter value interval
    # (set back after the case).
    conf = await central_system.send("before", "ChangeConfiguration", key="MeterValueSampleInterval",
                                     value=str(test_data.meter_value_sample_interval_s))
    central_system.check("before", "ChangeConfiguration.conf", conf, status="Accepted")

    # Step 4, scripted before the plug-in that provokes it.
    central_system.will_answer(4, "StartTransaction", central_system.start_transaction_conf)

    # Step 1: reusable state Authorized.
    await reusable.authorized(central_system, charge_point, test_data)

    # Step 2: the EV driver plugs in; steps 3 and 5 may be reversed.
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect_in_any_order(
        "steps 3 and 5 may be reversed",
        expect(3, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(4)),
        expect(5, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(6)),
    )
