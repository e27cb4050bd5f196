"""TC_050_4_CS Reservation of a Charge Point - Rejected.

SUT: Charge Point WITHOUT the Reservation profile; the harness is the central system. A
ReserveNow for connectorId 0 must be answered Rejected. Applicable where the SUT description
leaves the profile out.
Plan: OCPP 1.6 test case document, TC_050_4_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_050_4_CS", requires={"profile": "absent"})
async def test_tc_050_4_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: ReserveNow for connectorId 0; Rejected.
    await reservation.reservation_refused(central_system, test_data, connector=0, status="Rejected")
