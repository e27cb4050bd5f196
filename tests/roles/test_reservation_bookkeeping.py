"""What the harness, as central system, remembers of the reservations it asked for: what the
baseline cancels after a case."""

from conformance.roles.state import ChargePointState


def test_a_reserve_now_is_remembered_before_its_answer_and_forgotten_when_refused():
    cp = ChargePointState(connectors=2)
    payload = {"connectorId": 1, "reservationId": 7, "idTag": "T", "expiryDate": "2030-01-01T00:00:00Z"}
    cp.sending("ReserveNow", payload)
    assert cp.reservations == {7: 1}   # unanswered, it may still have been made
    cp.sent("ReserveNow", payload, {"status": "Occupied"})
    assert cp.reservations == {}


def test_an_accepted_reservation_ends_with_its_cancellation_or_its_transaction():
    cp = ChargePointState(connectors=2)
    for reservation_id, connector in ((7, 1), (8, 0)):
        payload = {"connectorId": connector, "reservationId": reservation_id}
        cp.sending("ReserveNow", payload)
        cp.sent("ReserveNow", payload, {"status": "Accepted"})
    assert cp.reservations == {7: 1, 8: 0}
    cp.sent("CancelReservation", {"reservationId": 7}, {"status": "Rejected"})   # expired meanwhile: gone too
    cp.observe("StartTransaction", {"connectorId": 2, "idTag": "T", "reservationId": 8}, 0.0)
    assert cp.reservations == {}
    cp.sending("Heartbeat", {})
    assert cp.reservations == {}
