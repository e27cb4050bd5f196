"""TC_046_2_CS Reservation of a Connector - Remote start transaction.

SUT: Charge Point; the harness is the central system. The configured connector is reserved for
the valid idTag and shows Reserved; the Charging state then starts a transaction for that idTag
by remote start, in which an Authorize is optional. Its StartTransaction must carry the idTag
and the reservationId of the reservation.
Plan: OCPP 1.6 test case document, TC_046_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_046_2_CS")
async def test_tc_046_2_cs(central_system, charge_point, test_data):
    # Steps 1 to 4: ReserveNow for the configured connector and valid idTag; Accepted; Reserved.
    reserved = await reservation.reserved(central_system, test_data, label=None)

    # Step 5: Charging (Authorize optional); the StartTransaction.req fulfils the reservation.
    session = await reusable.charging(central_system, charge_point, test_data, authorize_optional=True)
    central_system.check(5, "StartTransaction.req", session["start"], idTag=reserved["id_tag"],
                         reservationId=reserved["reservation_id"])
