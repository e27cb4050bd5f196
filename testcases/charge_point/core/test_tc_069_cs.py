"""TC_069_CS Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in StartTransaction.

SUT: Charge Point; the harness is the central system. The transaction is started with an idTag
the central system gives the parentIdTag <parent_id_tag>; another idTag (valid_id_tag_2) with
the same parent, presented during the transaction, is authorized and stops it (OCPP 1.6 §4.10).
Prerequisite: where several connectors share one reader, the others are occupied; the harness
makes every other connector Inoperative beforehand (made Operative again after the case).
Plan: OCPP 1.6 test case document, TC_069_CS.
"""

from conformance import Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_069_CS")
async def test_tc_069_cs(central_system, charge_point, test_data):
    other, parent = test_data.valid_id_tag_2, test_data.parent_id_tag

    # Prerequisite: the connectors not under test are occupied.
    await reusable.other_connectors_occupied(central_system, charge_point, test_data)

    # Before: reusable state Charging, its idTag with the parentIdTag.
    charging = await reusable.charging(central_system, charge_point, test_data, parent_id_tag=parent)
    connector, transaction_id = charging["connector"], charging["transaction_id"]

    # Steps 1 and 2: another idTag with the same parent: Authorize, Accepted with that parentIdTag.
    central_system.will_answer(2, "Authorize", when={"idTag": other}, idTagInfo={"status": "Accepted", "parentIdTag": parent})
    await charge_point.manual("present_id_tag", id_tag=other)
    await central_system.expect(1, "Authorize", idTag=other, reply=Reply(2))

    # Steps 3 to 6: StopTransaction with that idTag and Finishing, in either order.
    await central_system.expect_in_any_order(
        "steps 3 and 5 may be reversed",
        expect(3, "StopTransaction", transactionId=transaction_id, idTag=other, reply=Reply(4)),
        expect(5, "StatusNotification", connectorId=connector, status="Finishing", reply=Reply(6)),
    )
