"""TC_050_3_CS Reservation of a Charge Point - Unavailable.

SUT: Charge Point with ReserveConnectorZeroSupported; the harness is the central system. The
whole charge point is made Inoperative (SetChargePointUnavailable: connector 0 and every
connector report Unavailable); a ReserveNow for connectorId 0 must be answered Unavailable.
Plan: OCPP 1.6 test case document, TC_050_3_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_050_3_CS", requires={"reserve_connector_zero": True})
async def test_tc_050_3_cs(central_system, charge_point, test_data):
    # Before: SetChargePointUnavailable.
    await reservation.set_charge_point_unavailable(central_system, charge_point.profile.connectors)

    # Steps 1 and 2: ReserveNow for connectorId 0; Unavailable.
    await reservation.reservation_refused(central_system, test_data, connector=0, status="Unavailable")
