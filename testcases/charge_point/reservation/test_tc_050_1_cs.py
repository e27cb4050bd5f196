"""TC_050_1_CS Reservation of a Charge Point - Faulted.

SUT: Charge Point with ReserveConnectorZeroSupported; the harness is the central system. The
whole charge point is put into a fault (SetChargePointFaulted: connector 0 and every connector
report Faulted); a ReserveNow for connectorId 0 must be answered Faulted.
Plan: OCPP 1.6 test case document, TC_050_1_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_050_1_CS", requires={"reserve_connector_zero": True})
async def test_tc_050_1_cs(central_system, charge_point, test_data):
    # Before: SetChargePointFaulted.
    await reservation.set_charge_point_faulted(central_system, charge_point)

    # Steps 1 and 2: ReserveNow for connectorId 0; Faulted.
    await reservation.reservation_refused(central_system, test_data, connector=0, status="Faulted")
