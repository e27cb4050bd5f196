"""TC_050_2_CS Reservation of a Charge Point - Occupied.

SUT: Charge Point with ReserveConnectorZeroSupported; the harness is the central system. A cable
is plugged into every connector (SetConnectorOccupied for all connectors, each Preparing); a
ReserveNow for connectorId 0 must be answered Occupied.
Plan: OCPP 1.6 test case document, TC_050_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_050_2_CS", requires={"reserve_connector_zero": True})
async def test_tc_050_2_cs(central_system, charge_point, test_data):
    # Before: SetConnectorOccupied for all connectors.
    for connector in range(1, charge_point.profile.connectors + 1):
        await reservation.set_connector_occupied(central_system, charge_point, connector)

    # Steps 1 and 2: ReserveNow for connectorId 0; Occupied.
    await reservation.reservation_refused(central_system, test_data, connector=0, status="Occupied")
