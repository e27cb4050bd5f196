"""Reservations (OCPP 1.6 §5.13, §3.11): ReserveNow, CancelReservation, expiry, and which idTag a
reserved connector admits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from conformance.reference.peer import CallErrorReply

from .faults import Fault
from .replies import after_reply
from .settings import log
from .state import Reservation, parse_datetime

_RESERVATION_TIMER_STEP = 60.0  # the expiry timer re-reads the wall clock at least this often


class ReservationMixin:
    """ReserveNow and CancelReservation, the expiry timers of what self.bookings holds, and which idTag
    a reserved connector admits."""

    def _may_admit(self, c: int, id_tag: str) -> bool:
        reservation = self.bookings.on(c)
        return reservation is None or reservation.may_admit(id_tag)

    def _admits(self, c: int, id_tag: str, parent_id_tag: str | None) -> bool:
        reservation = self.bookings.on(c)
        return reservation is None or reservation.admits(id_tag, parent_id_tag)

    def _preference(self, c: int, id_tag: str) -> tuple[bool, int]:
        """Sort key for an idTag given without a connector: plugged-in connectors first; within
        each group the one reserved for it, then unreserved ones, then those it may open only
        through its parent idTag."""
        reservation = self.bookings.on(c)
        rank = 1 if reservation is None else 0 if reservation.admits(id_tag, None) else 2
        return not self.connectors[c].plugged, rank

    def _log_reserved(self, c: int, id_tag: str) -> None:
        log.info("%s: connector %d is reserved for another idTag; %s refused", self.settings.charge_point_id, c, id_tag)

    def _drop_reservation(self, reservation: Reservation, why: str) -> None:
        if self.bookings.remove(reservation):
            log.info("%s: reservation %d on connector %d ended: %s", self.settings.charge_point_id,
                     reservation.reservation_id, reservation.connector, why)

    async def _reservation_timer(self, reservation: Reservation) -> None:
        """Sleeps in bounded steps against the wall clock, since expiryDate is a wall-clock time."""
        while (left := (reservation.expiry - datetime.now(UTC)).total_seconds()) > 0:
            await asyncio.sleep(min(left, _RESERVATION_TIMER_STEP))
        self._enqueue(lambda: self._expire_reservation(reservation))

    async def _expire_reservation(self, reservation: Reservation) -> None:
        if not self.bookings.holds(reservation):
            return
        self._drop_reservation(reservation, "expired")
        await self._show_reservation(reservation.connector)

    async def _show_reservation(self, c: int) -> None:
        """An idle connector shows Reserved exactly while a reservation holds it."""
        if self.tx.on(c) is None and self.connectors.status(c) in ("Available", "Reserved"):
            await self._set_status(c, self._idle_status(c))

    def _handle_reserve_now(self, payload: dict) -> dict:
        """OCPP 1.6 §5.13; the reservation is recorded at once, its Reserved status follows the answer."""
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        c, reservation_id = payload["connectorId"], payload["reservationId"]
        # Connector 0 (ReserveConnectorZeroSupported, read-only "false") and unknown connectors.
        if not 1 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        stamp = payload["expiryDate"]
        if self.faults.active(Fault.REJECTS_UNUSUAL_TIMESTAMPS) and ("." in stamp or stamp.endswith("+00:00")):
            raise CallErrorReply("PropertyConstraintViolation", "expiryDate must be YYYY-MM-DDThh:mm:ssZ")
        expiry = parse_datetime(payload["expiryDate"])
        if expiry is None:
            raise CallErrorReply("TypeConstraintViolation", f"expiryDate is not a dateTime: {payload['expiryDate']!r}")
        if expiry <= datetime.now(UTC):
            return {"status": "Rejected"}
        if self.connectors.is_faulted(c):
            return {"status": "Faulted"}
        if self.connectors.is_inoperative(c) or self.connectors.status(c) == "Unavailable":
            return {"status": "Unavailable"}
        current = self.bookings.on(c)
        replaces = current is not None and current.reservation_id == reservation_id
        if current is not None and not replaces:
            return {"status": "Occupied"}  # reserved for the same or another idTag
        idle = self.connectors.status(c) in ("Available", "Reserved")
        if self.tx.on(c) is not None or not (idle or replaces):
            return {"status": "Occupied"}
        previous = self.bookings.get(reservation_id)
        if previous is not None:
            self._drop_reservation(previous, "replaced")
        reservation = Reservation(reservation_id, c, payload["idTag"], payload.get("parentIdTag"), expiry)
        self.bookings.add(reservation)
        reservation.timer = self._spawn(self._reservation_timer(reservation))
        log.info("%s: connector %d reserved for %s until %s (reservation %d)", self.settings.charge_point_id,
                 c, reservation.id_tag, payload["expiryDate"], reservation_id)
        moved_from = previous.connector if previous is not None and previous.connector != c else None

        def show() -> None:
            if moved_from is not None:
                self._enqueue(lambda: self._show_reservation(moved_from))
            self._enqueue(lambda: self._show_reservation(c))

        after_reply(show)
        return {"status": "Accepted"}

    def _handle_cancel_reservation(self, payload: dict) -> dict:
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        reservation = self.bookings.get(payload["reservationId"])
        if reservation is None:
            return {"status": "Rejected"}
        self._drop_reservation(reservation, "cancelled")
        after_reply(lambda: self._enqueue(lambda: self._show_reservation(reservation.connector)))
        return {"status": "Accepted"}
