"""TC_048_2_CS Reservation of a Connector - Occupied.

SUT: Charge Point; the harness is the central system. A cable is plugged into the configured
connector (SetConnectorOccupied, Preparing); a ReserveNow for it must be answered Occupied.
Plan: OCPP 1.6 test case document, TC_048_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_048_2_CS")
async def test_tc_048_2_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Before: SetConnectorOccupied.
    await reservation.set_connector_occupied(central_system, charge_point, connector)

    # Steps 1 and 2: ReserveNow for the connector; Occupied.
    await reservation.reservation_refused(central_system, test_data, connector=connector, status="Occupied")
