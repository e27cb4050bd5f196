"""TC_052_CSMS Cancel Reservation - Rejected.

SUT: Central System. Its operator reserves the configured connector for the valid idTag; the
harness accepts and reports Reserved. Then the operator cancels a reservation the charge point
does not hold (the reservationId after the one of step 1): the CancelReservation.req must not
name the reservationId of step 1, and the harness answers Rejected (OCPP 1.6 §5.2), which the
central system must take. The reservation of step 1 stays. Plan: OCPP 1.6 test case document,
TC_052_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.checks.matchers import other_than
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_052_CSMS")
async def test_tc_052_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    reserve = await reservation.reserved(charge_point, central_system, test_data, connector=test_data.connector_id)
    reservation_id = reserve["reservationId"]

    charge_point.will_answer(6, "CancelReservation", status="Rejected")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="CancelReservation", payload={"reservationId": reservation_id + 1})
    await charge_point.expect(5, "CancelReservation", reservationId=other_than(reservation_id), reply=Reply(6))
