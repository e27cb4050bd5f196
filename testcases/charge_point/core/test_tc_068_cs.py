"""TC_068_CS Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction.

SUT: Charge Point; the harness is the central system. During a transaction another valid
idTag is presented: the charge point must neither authorize it nor stop the transaction;
the idTag that started the transaction then stops it. Prerequisite: where several
connectors share one reader, the others are occupied; the harness makes every other
connector Inoperative beforehand (ChangeAvailability; made Operative again after the case),
so the second idTag has nowhere to start. Both idTags are presented at the charge point, not
at a connector. Plan: OCPP 1.6 test case document, TC_068_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_068_CS")
async def test_tc_068_cs(central_system, charge_point, test_data):
    # Prerequisite: the connectors not under test are occupied.
    await reusable.other_connectors_occupied(central_system, charge_point, test_data)

    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)
    connector, tag, transaction_id = charging["connector"], charging["id_tag"], charging["transaction_id"]

    # Step 1: another idTag (Valid IdTag 2): no Authorize.req and no StopTransaction.req.
    await charge_point.manual("present_id_tag", id_tag=test_data.valid_id_tag_2)
    await central_system.expect_nothing(1, "no Authorize.req and no StopTransaction.req for another idTag")

    # Steps 3 to 6: the idTag that started the transaction stops it; StopTransaction and Finishing in either order.
    await charge_point.manual("present_id_tag", id_tag=tag)
    await central_system.expect_in_any_order(
        "steps 3 and 5 may be reversed",
        expect(3, "StopTransaction", transactionId=transaction_id, idTag=tag, reply=Reply(4)),
        expect(5, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(6)),
    )
