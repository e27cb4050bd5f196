"""TC_052_CS Cancel Reservation - Rejected.

SUT: Charge Point; the harness is the central system. From the Reserved state the harness asks to
cancel a reservationId other than the one it reserved with: the charge point must answer Rejected
(and keep its reservation, which the baseline cancels after the case).
Plan: OCPP 1.6 test case document, TC_052_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reservation


@conformance_case("TC_052_CS")
async def test_tc_052_cs(central_system, charge_point, test_data):
    # Before: reusable state Reserved.
    await reservation.reserved(central_system, test_data)

    # Steps 1 and 2: CancelReservation with a reservationId that does not match; Rejected.
    unknown = reservation.new_reservation_id()
    conf = await central_system.send(1, "CancelReservation", reservationId=unknown)
    central_system.check(2, "CancelReservation.conf", conf, status="Rejected")
