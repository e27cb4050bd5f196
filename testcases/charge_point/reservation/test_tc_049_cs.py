"""TC_049_CS Reservation of a Charge Point - Transaction.

SUT: Charge Point with ReserveConnectorZeroSupported; the harness is the central system. The
whole charge point is reserved (connectorId 0) for the valid idTag: Accepted, and a connector
reports Reserved (with the other connectors Unavailable, the configured one is the connector the
charge point keeps free). The Charging state then starts a transaction for that idTag on it
(Authorize optional), whose StartTransaction carries the idTag and the reservationId.
Before: the connectors not under test are made Unavailable (made Operative after the case).
Plan: OCPP 1.6 test case document, TC_049_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_049_CS", requires={"reserve_connector_zero": True})
async def test_tc_049_cs(central_system, charge_point, test_data):
    # Before: SetConnectorUnavailable for all unused connectors.
    await reusable.other_connectors_occupied(central_system, charge_point, test_data)

    # Steps 1 to 4: ReserveNow for connectorId 0; Accepted; Reserved.
    reserved = await reservation.reserved(central_system, test_data, connector=0, label=None)

    # Step 5: Charging on the reserved connector (Authorize optional); it fulfils the reservation.
    session = await reusable.charging(central_system, charge_point, test_data, authorize_optional=True)
    central_system.check(5, "StartTransaction.req", session["start"], idTag=reserved["id_tag"],
                         reservationId=reserved["reservation_id"])
