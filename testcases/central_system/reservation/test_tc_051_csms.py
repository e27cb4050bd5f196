"""TC_051_CSMS Cancel Reservation.

SUT: Central System. Its operator reserves the configured connector for the valid idTag: the
ReserveNow.req must not be for connector 0. The harness accepts and reports Reserved; then the
operator cancels that reservation: the CancelReservation.req must name the reservationId of
step 1 (OCPP 1.6 §5.2). The harness accepts and reports the connector Available again.
Plan: OCPP 1.6 test case document, TC_051_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.checks.matchers import other_than
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_051_CSMS")
async def test_tc_051_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)

    reserve = await reservation.reserved(charge_point, central_system, test_data, connector=connector,
                                         connectorId=other_than(0))
    reservation_id = reserve["reservationId"]

    charge_point.will_answer(6, "CancelReservation", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="CancelReservation", payload={"reservationId": reservation_id})
    await charge_point.expect(5, "CancelReservation", reservationId=reservation_id, reply=Reply(6))
    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Available"))
