"""TC_053_2_CS Use a reserved Connector with parentIdTag - Remote.

SUT: Charge Point; the harness is the central system. The configured connector is reserved for
the valid idTag with the parentIdTag <parent_id_tag> and shows Reserved. The Charging state then
starts a transaction for a second valid idTag (valid_id_tag_2) by remote start; the harness
answers its Authorize and StartTransaction with the reservation's parent. The charge point asks
for the parent with an Authorize unless it knows it (OCPP 1.6 §5.13), so the Authorize is
optional where AuthorizeRemoteTxRequests is false. The StartTransaction must carry the
reservationId.
Inferred: the split part has no table of its own. Steps 1 to 4 are TC_053_CS's; its local start
(Authorized, plug-in) is replaced by the Charging state, as "Remote" in the title and TC_046_2_CS
have it; the check of step 5 is TC_053_CS's check of the StartTransaction.
Plan: OCPP 1.6 test case document, TC_053_2_CS (steps from TC_053_CS).
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_053_2_CS")
async def test_tc_053_2_cs(central_system, charge_point, test_data):
    other, parent = test_data.valid_id_tag_2, test_data.parent_id_tag

    # Steps 1 to 4: ReserveNow with the valid idTag and the parentIdTag; Accepted; Reserved.
    reserved = await reservation.reserved(central_system, test_data, parent_id_tag=parent, label=None)

    # Step 5: Charging with the second idTag (its parent is the reservation's); the reservationId.
    session = await reusable.charging(central_system, charge_point, test_data, id_tag=other, parent_id_tag=parent,
                                      authorize_optional=True)
    central_system.check(5, "StartTransaction.req", session["start"], idTag=other,
                         reservationId=reserved["reservation_id"])
