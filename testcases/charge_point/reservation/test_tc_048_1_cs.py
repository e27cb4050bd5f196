"""TC_048_1_CS Reservation of a Connector - Faulted.

SUT: Charge Point; the harness is the central system. The configured connector is put into a
fault (SetConnectorFaulted); a ReserveNow for it must be answered Faulted.
Plan: OCPP 1.6 test case document, TC_048_1_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_048_1_CS")
async def test_tc_048_1_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Before: SetConnectorFaulted.
    await reservation.set_connector_faulted(central_system, charge_point, connector)

    # Steps 1 and 2: ReserveNow for the connector; Faulted.
    await reservation.reservation_refused(central_system, test_data, connector=connector, status="Faulted")
