"""TC_053_1_CS Use a reserved Connector with parentIdTag - Local.

SUT: Charge Point; the harness is the central system. The configured connector is reserved for
the valid idTag with the parentIdTag <parent_id_tag> and shows Reserved. A second valid idTag
(valid_id_tag_2), which the harness authorizes with that same parent, is presented at the charge
point (the Authorized state) and the cable plugged in: the transaction starts on the reserved
connector, its StartTransaction carrying the reservationId; Charging may come before it.
The steps are those of TC_053_CS of the FINAL 2024-04 plan, whose start is local; the split
part has no table of its own, so its title ("Local") is what selects them.
Before: the connectors not under test are made Unavailable (made Operative after the case).
Plan: OCPP 1.6 test case document, TC_053_1_CS (steps from TC_053_CS).
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_053_1_CS")
async def test_tc_053_1_cs(central_system, charge_point, test_data):
    other, parent = test_data.valid_id_tag_2, test_data.parent_id_tag

    # Before: SetConnectorUnavailable for all unused connectors.
    await reusable.other_connectors_occupied(central_system, charge_point, test_data)

    # Steps 1 to 4: ReserveNow with the valid idTag and the parentIdTag; Accepted; Reserved.
    reserved = await reservation.reserved(central_system, test_data, parent_id_tag=parent, label=None)
    connector = reserved["connector"]

    # Step 5: Authorized with the second idTag, answered with the reservation's parent.
    await reusable.authorized(central_system, charge_point, test_data, id_tag=other, parent_id_tag=parent)

    # Steps 6 to 10: plug-in: StartTransaction with the reservationId, Charging, in either order.
    central_system.will_answer(8, "StartTransaction", lambda request: {
        **central_system.start_transaction_conf(request), "idTagInfo": {"status": "Accepted", "parentIdTag": parent}})
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect_in_any_order(
        "steps 7 and 9 may be reversed",
        expect(7, "StartTransaction", connectorId=connector, idTag=other, reservationId=reserved["reservation_id"],
               reply=Reply(8)),
        expect(9, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(10)))
