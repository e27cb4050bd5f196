"""TC_003_CS Regular Charging Session - Plugin First.

SUT: Charge Point; the harness is the central system. The EV driver plugs in before
identifying: the connector goes Preparing, the idTag is authorized, and the transaction
starts with the connector Charging. Plan: OCPP 1.6 test case document, TC_003_CS.
"""

from conformance import ACCEPTED, Reply, conformance_case, expect


@conformance_case("TC_003_CS")
async def test_tc_003_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Steps 4 and 6, scripted before the actions that provoke them.
    central_system.will_answer(4, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)
    central_system.will_answer(6, "StartTransaction", central_system.start_transaction_conf)

    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(1, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(2))

    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.expect(3, "Authorize", idTag=tag, reply=Reply(4))

    await central_system.expect_in_any_order(
        "steps 5 and 7 may be reversed",
        expect(5, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(6)),
        expect(7, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(8)),
    )
