"""TC_051_CS Cancel Reservation.

SUT: Charge Point; the harness is the central system. From the Reserved state (valid idTag,
configured connector) the harness cancels the reservation by its reservationId: Accepted, and the
connector reports Available. The Charging state with another valid idTag (valid_id_tag_2) then
starts a transaction whose StartTransaction carries no reservationId.
Plan: OCPP 1.6 test case document, TC_051_CS.
"""

from conformance import Reply, conformance_case
from conformance.checks.matchers import left_out_or
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_051_CS")
async def test_tc_051_cs(central_system, charge_point, test_data):
    # Before: reusable state Reserved with the valid idTag.
    reserved = await reservation.reserved(central_system, test_data)

    # Steps 1 and 2: CancelReservation with its reservationId; Accepted.
    conf = await central_system.send(1, "CancelReservation", reservationId=reserved["reservation_id"])
    central_system.check(2, "CancelReservation.conf", conf, status="Accepted")

    # Steps 3 and 4: the connector of the reservation is Available again.
    await central_system.expect(3, "StatusNotification", connectorId=reserved["connector"], status="Available",
                                reply=Reply(4))

    # Step 5: Charging with the second valid idTag; no reservationId.
    session = await reusable.charging(central_system, charge_point, test_data, id_tag=test_data.valid_id_tag_2)
    central_system.check(5, "StartTransaction.req", session["start"], reservationId=left_out_or(None))
