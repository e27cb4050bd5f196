"""TC_048_4_CS Reservation of a Connector - Rejected.

SUT: Charge Point WITHOUT the Reservation profile; the harness is the central system. A
ReserveNow for the configured connector must be answered Rejected (OCPP 1.6 §5.13: a charge
point configured not to accept reservations). Applicable where the SUT description leaves the
profile out.
Plan: OCPP 1.6 test case document, TC_048_4_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_048_4_CS", requires={"profile": "absent"})
async def test_tc_048_4_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: ReserveNow for the configured connector; Rejected.
    await reservation.reservation_refused(central_system, test_data, connector=test_data.connector_id,
                                          status="Rejected")
