"""TC_041_CS Fault Behavior.

SUT: Charge Point; the harness is the central system. A connector put into a fault reports
Faulted; an EV driver who then plugs in and presents the valid idTag at it gets no
transaction: no StartTransaction.req for the configured transaction duration (other messages,
such as an Authorize the charge point refuses locally, are not judged).
Plan: OCPP 1.6 test case document, TC_041_CS.
"""

from conformance import Reply, conformance_case


@conformance_case("TC_041_CS")
async def test_tc_041_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Steps 1 and 2: the connector is set into a fault state; Faulted.
    await charge_point.manual("set_faulted", connector=connector, error_code="OtherError")
    await central_system.expect(1, "StatusNotification", connectorId=connector, status="Faulted", reply=Reply(2))

    # Step 3: the EV driver tries to start a transaction; none starts within the transaction duration.
    await charge_point.manual("plug_in", connector=connector)
    await charge_point.manual("present_id_tag", id_tag=test_data.valid_id_tag, connector=connector)
    await central_system.expect_nothing(3, "the charge point does not start a transaction", only=("StartTransaction",),
                                        seconds=test_data.transaction_duration_s)
