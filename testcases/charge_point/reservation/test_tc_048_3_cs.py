"""TC_048_3_CS Reservation of a Connector - Unavailable.

SUT: Charge Point; the harness is the central system. The configured connector is made
Inoperative (SetConnectorUnavailable); a ReserveNow for it must be answered Unavailable.
Plan: OCPP 1.6 test case document, TC_048_3_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_048_3_CS")
async def test_tc_048_3_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Before: SetConnectorUnavailable.
    await reservation.set_connector_unavailable(central_system, connector)

    # Steps 1 and 2: ReserveNow for the connector; Unavailable.
    await reservation.reservation_refused(central_system, test_data, connector=connector, status="Unavailable")
